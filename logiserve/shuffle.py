"""Per-learner order: what a graded widget shows, in an order of the learner's own.

When every learner sees a role-play's options, a sorter's items or a sequencer's steps in the
same order, "the first one" is a strategy a group chat can share, and an author's habit (the
best answer written first) becomes a mark.  So a graded widget shows its options, items or
steps in an order seeded, like a learner's numbers (:mod:`logiserve.variants`), by a SHA-256
hash of the course id, the assignment, the learner's id and the exercise: the same learner
sees the same order in every kernel, after a restart, in ``nbgrader validate`` and at autograde,
and two learners almost always see different ones.  A learner with no id (a tutor's own
notebook, CI) gets one fixed order, still not the author's.

The order is how things are shown, never what is marked: answers are saved by id.

>>> ids = ["pallet", "carton", "crate", "drum", "sack"]
>>> learner_order(ids, exercise_id="04_complaints.demo", learner="amira", course="demo-course")
['crate', 'carton', 'drum', 'pallet', 'sack']
>>> learner_order(ids, exercise_id="04_complaints.demo", learner="amira", course="demo-course") == _
True
>>> learner_order(ids, exercise_id="04_complaints.demo", learner="ben", course="demo-course")
['carton', 'sack', 'crate', 'pallet', 'drum']
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from .variants import Learner, course_id, find_learner

__all__ = ["learner_order"]

_NOBODY = "\x00no learner"  # the seed of a notebook with no learner id: fixed, and no learner's


def _assignment(exercise_id: str) -> str:
    return exercise_id.split(".", 1)[0]


def learner_order(
    ids: Iterable[str],
    *,
    exercise_id: str,
    salt: str = "",
    avoid: Sequence[Sequence[str]] = (),
    learner: str | Learner | None = None,
    course: str | None = None,
) -> list[str]:
    """``ids`` in the order of this learner: fixed for the learner and the exercise, different for others.

    Parameters
    ----------
    ids : iterable of str
        What to order (distinct ids: options, items, steps).
    exercise_id : str
        The exercise, ``"NN_topic.name"``; its assignment is part of the seed.
    salt : str, optional
        A further part of the seed, for several orders in one exercise (one per role-play step).
    avoid : sequence of sequences, optional
        Orders not to show (the right order of a sequence, the author's order): when the
        learner's order is one of them, it is turned by one place (with two or more ids, a turn
        is never the same order).
    learner : str or Learner, optional
        Whose order; by default the learner of this kernel (:func:`logiserve.variants.find_learner`),
        worked out at call time.
    course : str, optional
        The course id; by default :func:`logiserve.variants.course_id`.

    Returns
    -------
    list of str
        The ids, reordered.

    Raises
    ------
    ValueError
        ``ids`` holds the same id twice.
    """
    items = list(ids)
    if len(set(items)) != len(items):
        raise ValueError(f"{exercise_id}: the ids to order must be distinct, got {items}")
    assignment = _assignment(exercise_id)
    who = learner if isinstance(learner, Learner) else (Learner(learner, "given") if learner else None)
    if who is None:
        who = find_learner(assignment)
    seed = "\x1f".join(
        ("logiserve-order", course or course_id(), assignment, who.id or _NOBODY, exercise_id, salt)
    ).encode("utf-8")
    out = sorted(items, key=lambda i: hashlib.sha256(seed + b"\x1f" + i.encode("utf-8")).digest())
    if len(out) > 1 and any(list(order) == out for order in avoid):
        out = out[1:] + out[:1]
        if any(list(order) == out for order in avoid):
            out = out[1:] + out[:1]
    return out
