"""The sorter kind: items placed into categories.

Its content rules (beyond its schema, ``schemas/sorter.schema.json``) and its marking
rule, used by both the widget's practice feedback (:class:`logiserve.widgets.CategorySorter`)
and the graded check (:func:`logiserve.autograder.check_sorter`): an item is right when it is
placed in its key's category, and a wrong placement shows the content's feedback for that
category where the item has one (naming a misconception); and the credit the check gives beyond
what guessing earns (:func:`placement_credit`).  It also says in which order the
widget shows the items (:func:`item_order`), what of a saved answer a sorter restores
(:func:`usable_answer`) and how its items are named (:func:`answer_labels`), so the widget and the
grader, which reads ``answers.json`` without building a widget, agree.

**The order shown.**  A graded sorter shows its items in the learner's own order
(:func:`logiserve.shuffle.learner_order`), never in the authored one, which tends to run column by
column; a practice sorter keeps the authored order, chosen to teach by, since its Check button
marks every item anyway.  The categories keep their authored order in both modes.  The order is
only how the items are shown: an answer is saved and marked by item id, never by place.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

from logiserve.chance import best_blind_guess, wrong_weight

from ._shared import check_syllabus_ids

__all__ = [
    "KIND",
    "SCHEMA",
    "PlacementCredit",
    "Placements",
    "answer_labels",
    "check_content",
    "item_marks",
    "item_order",
    "mark_placements",
    "misplaced_feedback",
    "placement_credit",
    "usable_answer",
]

KIND = "sorter"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "sorter.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""


class Placements(NamedTuple):
    """A sorting answer marked item by item, each list in the key's order (``unknown``: the answer's)."""

    right: list[str]
    """Items placed in their right category."""
    wrong: list[str]
    """Items placed in another category."""
    unplaced: list[str]
    """Items of the key not placed."""
    unknown: list[str]
    """Items placed that the key does not have."""


def mark_placements(given: Mapping[str, str], key: Mapping[str, str]) -> Placements:
    """Mark placements ``{item_id: category_id}`` against the key ``{item_id: category_id}``.

    >>> mark_placements({"a": "x", "b": "x", "z": "y"}, {"a": "x", "b": "y", "c": "y"})
    Placements(right=['a'], wrong=['b'], unplaced=['c'], unknown=['z'])
    """
    right = [item for item in key if given.get(item) == key[item]]
    wrong = [item for item in key if item in given and given[item] != key[item]]
    unplaced = [item for item in key if item not in given]
    unknown = [item for item in given if item not in key]
    return Placements(right, wrong, unplaced, unknown)


def item_marks(given: Mapping[str, str], key: Mapping[str, str]) -> dict[str, float]:
    """Each item's own mark by :func:`mark_placements`, for item analysis: 1 placed right, 0 otherwise.

    The check's score corrects the whole answer for guessing (:func:`placement_credit`); an item's
    own mark is whether it was placed right (wrong and not placed both 0), in the key's order.

    >>> item_marks({"a": "x", "b": "x"}, {"a": "x", "b": "y", "c": "y"})
    {'a': 1.0, 'b': 0.0, 'c': 0.0}
    """
    right = set(mark_placements(given, key).right)
    return {item: float(item in right) for item in key}


class PlacementCredit(NamedTuple):
    """A sorting answer's share of the credit, beyond what one column for every item earns."""

    share: float
    """``max(0, right - weight * wrong) / n``, 0 to 1."""
    weight: Fraction
    """How much of a right placement a wrong one takes back."""
    fits: int
    """How many items one column for every item places right (the key's fullest column)."""


def placement_credit(marks: Placements, key: Mapping[str, str]) -> PlacementCredit:
    """The credit of a sorting answer marked by :func:`mark_placements`: right ones less a weight for wrong ones.

    A right placement earns ``1 / n``; a wrong one takes back ``weight / n``, where ``weight`` is
    ``m / (n - m)`` for the key's fullest column of ``m`` items, so that putting every item in one
    column nets nothing; an item not placed earns nothing and costs nothing.  For any guess that
    does not read the items (one column for all, columns at random, even columns as full as the
    key's), the expected net is at most 0: a guess earns about nothing, only what luck pushes
    above 0.

    >>> key = {"a": "x", "b": "x", "c": "y", "d": "z"}
    >>> placement_credit(mark_placements(dict.fromkeys(key, "x"), key), key)  # one column for all
    PlacementCredit(share=0.0, weight=Fraction(1, 1), fits=2)
    >>> placement_credit(mark_placements({"a": "x", "b": "x", "c": "y"}, key), key).share  # 3 right, 1 left out
    0.75
    >>> placement_credit(mark_placements({"a": "x", "b": "x", "c": "y", "d": "x"}, key), key).share  # 3 right, 1 wrong
    0.5
    """
    choices = [{category} for category in key.values()]
    weight = wrong_weight(choices)
    share = max(0.0, float(len(marks.right) - weight * len(marks.wrong)) / len(key))
    return PlacementCredit(share, weight, best_blind_guess(choices))


def misplaced_feedback(feedback: Mapping[str, Any], placed: str) -> Mapping[str, Any] | None:
    """An item's content feedback (``message``, ``misconception``) for its placement in ``placed``, if any.

    ``feedback`` is the item's ``feedback`` field: wrong category id -> entry.
    """
    return feedback.get(placed)


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say about a sorter's content: unique ids, answers and feedback naming its categories."""
    problems: list[str] = check_syllabus_ids(prefix, content)
    category_ids = [c["id"] for c in content["categories"]]
    item_ids = [i["id"] for i in content["items"]]
    for what, ids in (("categories", category_ids), ("items", item_ids)):
        repeated = sorted({x for x in ids if ids.count(x) > 1})
        if repeated:
            problems.append(f"{prefix}.{what}: ids must be unique; repeated: {', '.join(repeated)}")
    known = ", ".join(category_ids)
    for index, item in enumerate(content["items"]):
        if "answer" in item and item["answer"] not in category_ids:
            problems.append(
                f"{prefix}.items[{index}].answer: {item['answer']!r} is not a category of this exercise "
                f"(categories: {known})"
            )
        for category in item.get("feedback", {}):
            if category not in category_ids:
                problems.append(
                    f"{prefix}.items[{index}].feedback.{category}: not a category of this exercise "
                    f"(categories: {known})"
                )
            elif category == item.get("answer"):
                problems.append(
                    f"{prefix}.items[{index}].feedback.{category}: feedback is for wrong placements; "
                    "this is the item's right answer (use 'explain' instead)"
                )
    return problems


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, str], str]:
    """What of a saved answer a sorter of ``content`` restores, and what it drops.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when nothing.

    Returns
    -------
    tuple
        The answer ``{item_id: category_id}``, keeping the saved placements of the content's
        items in its categories, in the saved order (``{}`` when nothing is usable); and what
        was dropped, as words for the learner (``""`` when nothing was).

    Examples
    --------
    >>> content = {"categories": [{"id": "internal"}, {"id": "external"}],
    ...            "items": [{"id": "despatch"}, {"id": "fresco"}]}
    >>> usable_answer(content, {"despatch": "internal", "ghost": "external", "fresco": 3})
    ({'despatch': 'internal'}, '2 placement(s) named unknown items or categories')
    >>> usable_answer(content, ["despatch"])
    ({}, 'expected item placements, found list')
    >>> usable_answer(content, None)
    ({}, '')
    """
    if saved is None:
        return {}, ""
    if not isinstance(saved, dict):
        return {}, f"expected item placements, found {type(saved).__name__}"
    item_ids = {item["id"] for item in content["items"]}
    category_ids = {c["id"] for c in content["categories"]}
    kept = {k: v for k, v in saved.items() if isinstance(v, str) and k in item_ids and v in category_ids}
    skipped = len(saved) - len(kept)
    return kept, (f"{skipped} placement(s) named unknown items or categories" if skipped else "")


def item_order(
    content: Mapping[str, Any], *, exercise_id: str, learner: str | None = None, course: str | None = None
) -> list[str]:
    """The item ids in the order the widget shows them: a graded sorter's in the learner's own order.

    A graded sorter shows its items in :func:`logiserve.shuffle.learner_order`'s order, seeded by
    the course, the assignment, the learner (found at call time, as
    :func:`logiserve.variants.find_learner` finds them) and the exercise, and never in the authored
    order: authors tend to list the items column by column, and a list that runs internal,
    internal, external, ... tells a learner where to cut it.  The same learner sees the same order
    after a restart, in ``nbgrader validate`` and at autograde; two learners almost always see
    different ones.  A practice sorter keeps the authored order, which its author may have chosen
    to teach by (the plain cases first); its Check button marks each item anyway.  The categories
    keep their authored order in both modes: every item is placed in one of them, so their order is
    no cue about any item.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    exercise_id:
        The exercise, ``"NN_topic.name"``; its assignment is part of the seed.
    learner, course:
        Whose order, in which course; by default the learner of this kernel and the course's id.

    >>> content = {"mode": "graded", "items": [{"id": "despatch"}, {"id": "fresco"}, {"id": "hse"}]}
    >>> item_order(content, exercise_id="01_customers.demo", learner="amira", course="demo-course")
    ['despatch', 'hse', 'fresco']
    >>> item_order({**content, "mode": "practice"}, exercise_id="01_customers.demo")
    ['despatch', 'fresco', 'hse']
    """
    ids = [item["id"] for item in content["items"]]
    if content.get("mode") != "graded":
        return ids
    from logiserve.shuffle import learner_order  # here: logiserve.shuffle imports variants, which imports content

    return learner_order(ids, exercise_id=exercise_id, avoid=[ids], learner=learner, course=course)


def answer_labels(
    content: Mapping[str, Any], *, exercise_id: str, learner: str | None = None, course: str | None = None
) -> dict[str, str]:
    """The items' labels by item id, in the order the widget shows them (:func:`item_order`), as its ``labels``.

    Only the order of the labels depends on the learner; a label is always found by its item's id.

    >>> content = {"items": [{"id": "despatch", "label": "Despatch team"}, {"id": "fresco", "label": "Fresco DC"}]}
    >>> answer_labels(content, exercise_id="01_customers.demo")
    {'despatch': 'Despatch team', 'fresco': 'Fresco DC'}
    """
    label = {item["id"]: item["label"] for item in content["items"]}
    return {item: label[item] for item in item_order(content, exercise_id=exercise_id, learner=learner, course=course)}
