"""A saved answer read as its widget restores it, without building the widget.

An exercise widget (``logiserve.widgets``) restores its answer from ``answers.json`` through
:func:`saved_exercise`, and the grader, which reads a submission's ``answers.json`` itself and
never imports the widgets, reads it through the same function: so the answer a hidden test cell
marks is the answer the restored widget shows.  Each kind's module says what of a saved answer
it keeps (``usable_answer``) and how its items are named (``answer_labels``; the sequencer's
stages too, ``stage_labels``).  A saved answer names items, steps and touchpoints by id, so what it
earns never depends on the order a learner was shown them in; only the labels' order follows the
widget's (the learner's own order, for a graded sorter and a sequencer).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from . import sequencer, sorter
from ._exercises import _KIND_MODULES  # the one register of the kinds
from ._shared import ContentError

__all__ = ["SavedExercise", "saved_exercise"]


@dataclass(frozen=True, repr=False)
class SavedExercise:
    """One exercise's saved answer, as its widget restores it (build it with :func:`saved_exercise`).

    Attributes
    ----------
    exercise_id:
        The exercise's id, its key in ``answers.json``.
    kind:
        Its kind (``sorter``, ``sequencer``, ``journey`` or ``scenario``).
    answer_json:
        The answer as JSON text; :attr:`answer` reads it.
    labels:
        The labels of the answer's items by id (items, steps or touchpoints), in the order the
        widget's ``labels`` gives them for the learner found where this is read (a graded
        sorter's and a sequencer's order is each learner's own); messages look labels up by id,
        so their order changes no mark.  Empty for a scenario.  Read-only.
    stage_labels:
        A sequencer's stage labels by stage id; empty for the other kinds (and a sequencer
        without stages).  Read-only.
    dropped:
        What of the saved answer could not be used, as words for the learner (``""`` when
        nothing was dropped); the widget tells the learner this when it restores the answer.
    """

    exercise_id: str
    kind: str
    answer_json: str
    labels: Mapping[str, str]
    stage_labels: Mapping[str, str]
    dropped: str

    @property
    def answer(self) -> Any:
        """The answer as the widget's ``answer`` gives it: a plain dict, a fresh copy each time it is read."""
        return json.loads(self.answer_json)

    def __repr__(self) -> str:
        text = f"<SavedExercise {self.exercise_id} ({self.kind}): {self.answer!r}; {len(self.labels)} labels"
        if self.stage_labels:
            text += f", {len(self.stage_labels)} stage labels"
        return text + (f"; dropped: {self.dropped}>" if self.dropped else "; nothing dropped>")


def saved_exercise(exercise_id: str, content: Mapping[str, Any], saved: Any) -> SavedExercise:
    """What a widget of ``content`` restores from ``saved``, with its labels, read without the widget.

    Parameters
    ----------
    exercise_id:
        The exercise's id (``"NN_topic.name"``), its key in ``answers.json``.
    content:
        The exercise's checked content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when it holds
        nothing.

    Raises
    ------
    ContentError
        When ``content`` is not an exercise of a known kind.

    Examples
    --------
    >>> content = {
    ...     "kind": "sorter", "mode": "graded", "title": "Who do we serve?", "prompt": "Sort them.",
    ...     "categories": [{"id": "internal", "label": "Internal customer"},
    ...                    {"id": "external", "label": "External customer"}],
    ...     "items": [{"id": "despatch", "label": "Despatch team"}, {"id": "fresco", "label": "Fresco DC"}],
    ... }
    >>> graded = saved_exercise("01_customers.demo", content, {"despatch": "internal"})
    >>> graded
    <SavedExercise 01_customers.demo (sorter): {'despatch': 'internal'}; 2 labels; nothing dropped>
    >>> graded.answer, graded.labels["despatch"]
    ({'despatch': 'internal'}, 'Despatch team')

    The labels come in the order the widget shows the items (a graded sorter's: the learner's own,
    here that of a notebook with no learner), and what is saved names the items by id:

    >>> list(graded.labels)
    ['fresco', 'despatch']

    What cannot be used is dropped, as the widget drops it:

    >>> graded = saved_exercise("01_customers.demo", content, {"despatch": "internal", "ghost": "external"})
    >>> graded.answer
    {'despatch': 'internal'}
    >>> graded.dropped
    '1 placement(s) named unknown items or categories'
    >>> saved_exercise("01_customers.demo", content, None).answer
    {}
    """
    if not isinstance(content, Mapping) or content.get("kind") not in _KIND_MODULES:
        found = f"kind {content.get('kind')!r}" if isinstance(content, Mapping) else type(content).__name__
        raise ContentError(
            f"{exercise_id}: expected the content of an exercise of a known kind ({', '.join(_KIND_MODULES)}), "
            f"found {found}"
        )
    kind: str = content["kind"]
    module = _KIND_MODULES[kind]
    answer, dropped = module.usable_answer(content, saved)
    if kind == sequencer.KIND:
        labels, stage_labels = (
            sequencer.answer_labels(content, exercise_id=exercise_id),
            sequencer.stage_labels(content),
        )
    elif kind == sorter.KIND:
        labels, stage_labels = sorter.answer_labels(content, exercise_id=exercise_id), {}
    else:
        labels, stage_labels = module.answer_labels(content), {}
    return SavedExercise(
        exercise_id=exercise_id,
        kind=kind,
        answer_json=json.dumps(answer, ensure_ascii=False),
        labels=MappingProxyType(labels),
        stage_labels=MappingProxyType(stage_labels),
        dropped=dropped,
    )
