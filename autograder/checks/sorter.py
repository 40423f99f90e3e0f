"""The sorter's check: a sorting answer marked item by item, by the kind's rule in :mod:`logiserve.content.sorter`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logiserve._plain import listing, plain_mapping_of_str, plain_str
from logiserve.content.sorter import mark_placements, misplaced_feedback, placement_credit

from ._common import take, takes_back
from ._result import CheckResult

__all__ = ["check_classification", "check_sorter"]


def check_sorter(
    answer: Any,
    key: Mapping[str, str],
    *,
    points: float,
    labels: Mapping[str, str] | None = None,
    category_labels: Mapping[str, str] | None = None,
    feedback: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a sorting answer item by item, beyond what guessing earns.

    Each item placed in its right column earns ``points / n``; each item in a wrong column takes
    back ``weight * points / n``, where ``weight = m / (n - m)`` for the key's fullest column of
    ``m`` items (:func:`logiserve.content.sorter.placement_credit`); an item not placed earns
    nothing and costs nothing.  So the score is ``points * max(0, right - weight * wrong) / n``,
    which on a complete answer is ``points * max(0, (right - m) / (n - m))``, the usual correction
    for guessing: the right answer earns every point, and 7 of 11 right with 4 wrong (keys of 3, 4
    and 4 items) earns 3/7 of them.

    **Expected score under guessing** (``tests/validity`` plays the course's items; its table is
    ``docs/validity.md``): every item in one column earns 0, whichever column; columns at random
    earn about 6 % of the points for 11 items in 3 columns (the luck of more than 4 right), and
    about as little when the guess fills each column as full as the key's.

    Parameters
    ----------
    answer:
        The learner's placements, ``{item_id: category_id}`` (e.g. ``sorter.answer``).
    key:
        The right category of every item, ``{item_id: category_id}``.
    points:
        What the exercise is worth.
    labels, category_labels:
        Display names for items and categories, for the messages.
    feedback:
        What to tell a learner who misplaces an item, as a practice item's content gives it:
        ``{item_id: {wrong_category_id: {"message": ..., "misconception": "MC3"}}}``.  A graded
        exercise keeps it in its hidden test (it gives the key away), so the learner reads it only
        in the feedback after marking; a misconception is named with its title from the syllabus.
    reveal:
        Name the right category of misplaced items (practice); by default the
        message only names the items to look at again (graded).

    Examples
    --------
    >>> key = {"a": "x", "b": "y", "c": "y", "d": "z"}
    >>> check_sorter({"a": "x", "b": "y", "c": "y"}, key, points=4).points  # 3 right, 1 left out
    3.0
    >>> check_sorter({"a": "x", "b": "y", "c": "y", "d": "y"}, key, points=4).points  # 3 right, 1 wrong: 3 - 1
    2.0
    >>> check_sorter(dict.fromkeys(key, "y"), key, points=4).points  # one column for all
    0.0
    >>> said = {"d": {"x": {"message": "D is a supplier.", "misconception": "MC3"}}}
    >>> check_sorter({**key, "d": "x"}, key, points=4, feedback=said).messages[-1]
    'd: D is a supplier. Common mistake MC3: calling a supplier an internal customer.'
    """
    key = plain_mapping_of_str(key)
    if not key:
        raise ValueError("key must map at least one item to its category")
    item_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    cat_label = {k: plain_str(v) for k, v in (category_labels or {}).items()}
    given, refused = take(answer, plain_mapping_of_str, points, "place each item in a category")
    if refused:
        return refused
    marks = mark_placements(given, key)
    right, wrong, unplaced, unknown = marks
    credit = placement_credit(marks, key)

    def name(item: str) -> str:
        return item_label.get(item, item)

    messages = [f"{len(right)} of {len(key)} items placed correctly."]
    if wrong:
        if reveal:
            messages += [f"{name(i)} belongs in {cat_label.get(key[i], key[i])}." for i in wrong]
        else:
            messages.append(f"Look again at: {listing([name(i) for i in wrong])}.")
        messages.append(
            f"Each item in a wrong column takes back {takes_back(credit.weight)}, so that one column for every "
            f"item earns nothing (one column holds {credit.fits} of the {len(key)} items)"
            + (": these placements earn nothing." if credit.share == 0 else ".")
        )
        messages += _feedback_messages(wrong, given, feedback or {}, name)
    if unplaced:
        messages.append(f"Not placed: {listing([name(i) for i in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} placement(s) named items that are not in this exercise; ignored.")
    return CheckResult(points * credit.share, points, tuple(messages))


def _feedback_messages(wrong: list[str], given: Mapping[str, str], feedback: Mapping[str, Any], name: Any) -> list[str]:
    """The feedback for each misplaced item that has some for where it was placed, naming its misconception."""
    from logiserve import syllabus

    known = syllabus.load()
    messages = []
    for item in wrong:
        entry = misplaced_feedback(feedback.get(item, {}), given[item])
        if not entry:
            continue
        text = f"{name(item)}: {plain_str(entry['message'])}"
        misconception = plain_str(entry.get("misconception", ""))
        if misconception:
            title = known[misconception].title if misconception in known else ""
            text += f" Common mistake {misconception}" + (f": {title}." if title else ".")
        messages.append(text)
    return messages


check_classification = check_sorter
"""The sorter's check under its earlier name (released notebooks' hidden tests call it)."""
