"""The order a scenario player shows a step's options in: the learner's own (:func:`option_order`).

Part of the scenario kind's rules (:mod:`logiserve.content.scenario`, which exports it), kept apart
for its import of :mod:`logiserve.shuffle`, which reaches :mod:`logiserve.content` through
:mod:`logiserve.variants`: it is imported when an order is asked for, not when the content is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["option_order"]


def option_order(
    content: Mapping[str, Any],
    step_id: str,
    *,
    exercise_id: str,
    learner: str | None = None,
    course: str | None = None,
) -> list[str]:
    """The option ids of one step in the order the player shows them: the learner's own.

    Seeded by the course, the assignment, the learner (found at call time, as
    :func:`logiserve.variants.find_learner` finds them), the exercise and the step
    (:func:`logiserve.shuffle.learner_order` with ``salt=step_id``), in practice and graded mode
    alike: authors tend to write the strongest response first, and a habit of picking the first
    one must earn nothing, nor be learned in practice.  No order is avoided: with two options,
    avoiding the authored order would always show the second one first.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    step_id:
        The step whose options to order (a step that is not an ending).
    exercise_id:
        The exercise, ``"NN_topic.name"``; its assignment is part of the seed.
    learner, course:
        Whose order, in which course; by default the learner of this kernel and the course's id.

    Examples
    --------
    >>> content = {"steps": [{"id": "call", "options": [{"id": "sorry"}, {"id": "wait"}, {"id": "blame"}]}]}
    >>> option_order(content, "call", exercise_id="04_complaints.demo", learner="amira", course="demo-course")
    ['blame', 'wait', 'sorry']
    >>> option_order(content, "call", exercise_id="04_complaints.demo", learner="ben", course="demo-course")
    ['sorry', 'wait', 'blame']
    """
    step = next((s for s in content["steps"] if s["id"] == step_id), None)
    if step is None:
        raise ValueError(f"{exercise_id}: {step_id!r} is not a step of this scenario")
    from logiserve import shuffle  # here, not at the top: see the module's docstring

    ids = [option["id"] for option in step.get("options", [])]
    return shuffle.learner_order(ids, exercise_id=exercise_id, salt=step_id, learner=learner, course=course)
