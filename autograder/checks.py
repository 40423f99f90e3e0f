"""Checks used by hidden test cells: each returns a :class:`CheckResult`.

A test cell ends with ``check_...(...).award()``, which prints what the learner
should read and returns the partial credit for nbgrader.  Every check first turns
the learner's answer into plain built-in values (see ``_plain``), so objects that
lie in ``__eq__``, ``__float__`` or ``__str__`` gain nothing, and odd input (None,
the wrong type) earns zero with a message that says what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._plain import NotPlain, plain_mapping_of_str, plain_number, plain_str, plain_str_list
from ._result import CheckResult

__all__ = ["CheckResult", "check_classification", "check_names", "check_number", "check_series", "describe_answer"]


def _nothing(points: float, what: str) -> CheckResult:
    return CheckResult(0.0, points, (f"No answer yet: {what}.",))


def _wrong_kind(points: float, problem: NotPlain) -> CheckResult:
    return CheckResult(0.0, points, (f"Your answer could not be marked: {problem}.",))


def _take(answer: Any, convert: Any, points: float, missing: str) -> tuple[Any, CheckResult | None]:
    """The answer as plain values, or the zero-score result that says why it cannot be marked."""
    if answer is None:
        return None, _nothing(points, missing)
    try:
        return convert(answer), None
    except NotPlain as problem:
        return None, _wrong_kind(points, problem)


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def check_classification(
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
    >>> result = check_classification({"a": "x", "b": "x"}, {"a": "x", "b": "y"}, points=2)
    >>> result.points
    1.0
    """
    key = plain_mapping_of_str(key)
    if not key:
        raise ValueError("key must map at least one item to its category")
    item_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    cat_label = {k: plain_str(v) for k, v in (category_labels or {}).items()}
    given, refused = _take(answer, plain_mapping_of_str, points, "place each item in a category")
    if refused:
        return refused
    right = [item for item in key if given.get(item) == key[item]]
    wrong = [item for item in key if item in given and given[item] != key[item]]
    unplaced = [item for item in key if item not in given]
    unknown = [item for item in given if item not in key]
    name = lambda item: item_label.get(item, item)  # noqa: E731
    messages = [f"{len(right)} of {len(key)} items placed correctly."]
    if wrong:
        if reveal:
            messages += [f"{name(i)} belongs in {cat_label.get(key[i], key[i])}." for i in wrong]
        else:
            messages.append(f"Look again at: {_listing([name(i) for i in wrong])}.")
    if unplaced:
        messages.append(f"Not placed: {_listing([name(i) for i in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} placement(s) named items that are not in this exercise; ignored.")
    return CheckResult(points * len(right) / len(key), points, tuple(messages))


def check_names(answer: Any, expected: Any, *, points: float, what: str = "names") -> CheckResult:
    """Mark a list of names: each right name earns a share, each wrong one takes a share back.

    ``score = points * max(0, right - wrong) / len(expected)``, so listing every
    name in the dataset earns nothing.  Order and repeats do not matter.  A list,
    tuple, set, pandas Series/Index, or a DataFrame with a ``name`` column is accepted.
    """
    wanted = set(plain_str_list(expected))
    if not wanted:
        raise ValueError("expected must hold at least one name")
    given_list, refused = _take(answer, plain_str_list, points, f"store the {what}")
    if refused:
        return refused
    given = set(given_list)
    right, extra = given & wanted, sorted(given - wanted)
    messages = [f"{len(right)} of the {len(wanted)} {what} found."]
    if extra:
        messages.append(f"{len(extra)} do not belong: {_listing(extra)}.")
    if len(given_list) != len(given):
        messages.append("Some names are listed more than once.")
    if not given:
        messages.append("Your answer is empty.")
    return CheckResult(points * max(0, len(right) - len(extra)) / len(wanted), points, tuple(messages))


def check_number(
    answer: Any, expected: float, *, points: float, tolerance: float = 0.0, what: str = "the answer", unit: str = ""
) -> CheckResult:
    """All points when ``|answer - expected| <= tolerance``, none otherwise."""
    expected = plain_number(expected)
    given, refused = _take(answer, plain_number, points, f"calculate {what}")
    if refused:
        return refused
    if abs(given - expected) <= tolerance:
        return CheckResult(points, points, (f"Right: {what} is {given:g}{unit}.",))
    return CheckResult(0.0, points, (f"{what.capitalize()} is not {given:g}{unit}; check your filter and sum.",))


def check_series(
    answer: Any,
    expected: Any,
    *,
    points: float,
    what: str = "the table",
    descending: bool | None = True,
    tolerance: float = 1e-6,
) -> CheckResult:
    """Method marks for a grouped result (a pandas Series of numbers by group).

    Three equal shares: the right groups; the right number for every group; sorted
    by value as asked (``descending=True``/``False``; ``None`` means order does not
    matter and the last share goes to the numbers).  A dict or a one-column
    DataFrame is accepted too.
    """
    try:
        want = _plain_series(expected)
    except NotPlain as problem:
        raise ValueError(f"expected: {problem}") from None
    given, refused = _take(answer, _plain_series, points, f"build {what}")
    if refused:
        return refused
    share = points / 3
    score, messages = 0.0, []
    groups_right = set(given) == set(want)
    if groups_right:
        score += share
        messages.append(f"Right groups ({len(want)}).")
    else:
        missing, extra = sorted(set(want) - set(given)), sorted(set(given) - set(want))
        text = "Groups not right:"
        if missing:
            text += f" {len(missing)} missing."
        if extra:
            text += f" Not asked for: {_listing(extra)}."
        messages.append(text + " Check which rows you kept before grouping.")
    common = [g for g in want if g in given]
    values_right = bool(common) and groups_right and all(abs(given[g] - want[g]) <= tolerance for g in common)
    if values_right:
        score += share
        messages.append("Right numbers for every group.")
    else:
        wrong = [g for g in common if abs(given[g] - want[g]) > tolerance]
        messages.append(
            f"Numbers not right for: {_listing(wrong)}."
            if wrong
            else "Numbers cannot be credited until the groups are right."
        )
    if descending is None:
        if values_right:
            score += share
    else:
        values = list(given.values())
        in_order = values == sorted(values, reverse=descending)
        if in_order and groups_right:
            score += share
            messages.append(f"Sorted {'largest' if descending else 'smallest'} first, as asked.")
        else:
            messages.append(f"Sort the result {'largest' if descending else 'smallest'} first.")
    return CheckResult(score, points, tuple(messages))


def _plain_series(value: Any) -> dict[str, float]:
    if type(value).__module__.startswith("pandas"):
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            numeric = value.select_dtypes("number")
            if numeric.shape[1] != 1:
                raise NotPlain("expected one column of numbers by group (a Series), found a table")
            value = numeric.iloc[:, 0]
        if not isinstance(value, pd.Series):
            raise NotPlain(f"expected a pandas Series of numbers by group, found {type(value).__name__}")
        pairs = list(zip(value.index.tolist(), value.tolist(), strict=True))
    elif isinstance(value, dict):
        pairs = list(dict.items(value))
    else:
        raise NotPlain(f"expected a pandas Series of numbers by group, found {type(value).__name__}")
    out: dict[str, float] = {}
    for key, number in pairs:
        out[plain_str(key)] = plain_number(number)
    return out


_KINDS = {
    "DataFrame": ("a pandas DataFrame (a table of rows)", lambda v: _is_pandas(v, "DataFrame")),
    "Series": ("a pandas Series (one column of values)", lambda v: _is_pandas(v, "Series")),
    "number": ("a number", lambda v: _is_number(v)),
}


def _is_pandas(value: Any, kind: str) -> bool:
    import pandas as pd

    return isinstance(value, getattr(pd, kind))


def _is_number(value: Any) -> bool:
    try:
        plain_number(value)
    except NotPlain:
        return False
    return True


def describe_answer(value: Any, *, expect: str, name: str) -> None:
    """Tell the learner whether an answer has the shape asked for. Prints; never marks, never raises.

    For the visible part of a test cell: the marking itself is hidden, but a learner
    should know before submitting that ``name`` exists and is, say, a DataFrame.
    """
    if expect not in _KINDS:
        raise ValueError(f"expect must be one of {', '.join(_KINDS)}")
    wanted, matches = _KINDS[expect]
    if not matches(value):
        print(f"Not yet: {name} should be {wanted}, but it is {type(value).__name__}.")
        return
    if expect == "DataFrame":
        shape = f" with {len(value)} rows and {value.shape[1]} columns"
    elif expect == "Series":
        shape = f" with {len(value)} values"
    else:
        shape = ""
    print(f"{name} is {wanted}{shape}. It is marked when you submit.")
