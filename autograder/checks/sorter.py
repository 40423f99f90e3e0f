"""The sorter's check: a sorting answer marked item by item, by the kind's rule in :mod:`logiserve.content.sorter`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logiserve._plain import listing, plain_mapping_of_str, plain_str
from logiserve.content.sorter import mark_placements

from ._common import take
from ._result import CheckResult

__all__ = ["check_classification", "check_sorter"]


def check_sorter(
    answer: Any,
    key: Mapping[str, str],
    *,
    points: float,
    labels: Mapping[str, str] | None = None,
    category_labels: Mapping[str, str] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a sorting answer item by item: ``points * right / items``.

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
    reveal:
        Name the right category of misplaced items (practice); by default the
        message only names the items to look at again (graded).

    Examples
    --------
    >>> result = check_sorter({"a": "x", "b": "x"}, {"a": "x", "b": "y"}, points=2)
    >>> result.points
    1.0
    """
    key = plain_mapping_of_str(key)
    if not key:
        raise ValueError("key must map at least one item to its category")
    item_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    cat_label = {k: plain_str(v) for k, v in (category_labels or {}).items()}
    given, refused = take(answer, plain_mapping_of_str, points, "place each item in a category")
    if refused:
        return refused
    right, wrong, unplaced, unknown = mark_placements(given, key)

    def name(item: str) -> str:
        return item_label.get(item, item)

    messages = [f"{len(right)} of {len(key)} items placed correctly."]
    if wrong:
        if reveal:
            messages += [f"{name(i)} belongs in {cat_label.get(key[i], key[i])}." for i in wrong]
        else:
            messages.append(f"Look again at: {listing([name(i) for i in wrong])}.")
    if unplaced:
        messages.append(f"Not placed: {listing([name(i) for i in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} placement(s) named items that are not in this exercise; ignored.")
    return CheckResult(points * len(right) / len(key), points, tuple(messages))


check_classification = check_sorter
"""The sorter's check under its earlier name (released notebooks' hidden tests call it)."""
