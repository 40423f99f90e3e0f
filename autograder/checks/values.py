"""The generic value checks: names, text, a number, a grouped table; and the shape of an answer, told early.

Every check first turns the learner's answer into plain built-in values (see
``logiserve._plain``), so objects that lie in ``__eq__``, ``__float__`` or ``__str__``
gain nothing, and odd input (None, the wrong type) earns zero with a message that says
what was expected.
"""

from __future__ import annotations

from typing import Any

from logiserve._plain import NotPlain, listing, plain_number, plain_str, plain_str_list

from ._common import take
from ._result import CheckResult

__all__ = ["check_names", "check_number", "check_series", "check_text", "describe_answer"]


def check_names(answer: Any, expected: Any, *, points: float, what: str = "names") -> CheckResult:
    """Mark a list of names: each right name earns a share, each wrong one takes a share back.

    ``score = points * max(0, right - wrong) / len(expected)``, so listing every
    name in the dataset earns nothing.  Order and repeats do not matter.  A list,
    tuple, set, pandas Series/Index, or a DataFrame with a ``name`` column is accepted.
    """
    wanted = set(plain_str_list(expected))
    if not wanted:
        raise ValueError("expected must hold at least one name")
    given_list, refused = take(answer, plain_str_list, points, f"store the {what}")
    if refused:
        return refused
    given = set(given_list)
    right, extra = given & wanted, sorted(given - wanted)
    messages = [f"{len(right)} of the {len(wanted)} {what} found."]
    if extra:
        messages.append(f"{len(extra)} {'does' if len(extra) == 1 else 'do'} not belong: {listing(extra)}.")
    if len(given_list) != len(given):
        messages.append("Some names are listed more than once.")
    if not given:
        messages.append("Your answer is empty.")
    return CheckResult(points * max(0, len(right) - len(extra)) / len(wanted), points, tuple(messages))


def check_text(answer: Any, expected: str, *, points: float, what: str = "the answer") -> CheckResult:
    """All points when the text equals ``expected``, ignoring case and surrounding spaces; none otherwise.

    >>> check_text(" Delivery_Window", "delivery_window", points=1).points
    1.0
    """
    wanted = plain_str(expected).strip().casefold()
    given, refused = take(answer, plain_str, points, f"give {what}")
    if refused:
        return refused
    if given.strip().casefold() == wanted:
        return CheckResult(points, points, (f"Right: {what} is {given.strip()!r}.",))
    return CheckResult(
        0.0, points, (f"{what[0].upper()}{what[1:]} is not {given.strip()[:60]!r}. Look again at your results.",)
    )


def check_number(
    answer: Any,
    expected: float,
    *,
    points: float,
    tolerance: float = 0.0,
    what: str = "the answer",
    unit: str = "",
    hint: str = "Check each step of your method.",
) -> CheckResult:
    """All points when ``|answer - expected| <= tolerance``, none otherwise.

    A share given as a percentage (87.4 for 0.874) is recognised and the message says so.
    """
    expected = plain_number(expected)
    given, refused = take(answer, plain_number, points, f"calculate {what}")
    if refused:
        return refused
    if abs(given - expected) <= tolerance:
        return CheckResult(points, points, (f"Right: {what} is {given:g}{unit}.",))
    message = f"{what[0].upper()}{what[1:]} is not {given:g}{unit}. {hint}"
    if expected and abs(given - 100 * expected) <= 100 * tolerance + 1e-9:
        message = f"{what[0].upper()}{what[1:]}: {given:g} looks like a percentage; give it as a share between 0 and 1."
    return CheckResult(0.0, points, (message,))


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
    given, refused = take(answer, _plain_series, points, f"build {what}")
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
            text += f" Not asked for: {listing(extra)}."
        messages.append(text + " Check which rows you kept before grouping.")
    common = [g for g in want if g in given]
    values_right = bool(common) and groups_right and all(abs(given[g] - want[g]) <= tolerance for g in common)
    if values_right:
        score += share
        messages.append("Right numbers for every group.")
    else:
        wrong = [g for g in common if abs(given[g] - want[g]) > tolerance]
        messages.append(
            f"Numbers not right for: {listing(wrong)}."
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
        out[_group_name(key)] = plain_number(number)
    return out


def _group_name(key: Any) -> str:
    """A group label as plain text: text as it is, whole numbers (e.g. week 3) as their digits."""
    if isinstance(key, str):
        return plain_str(key)
    number = plain_number(key)
    if number != int(number):
        raise NotPlain(f"expected group labels as text or whole numbers, found {number:g}")
    return str(int(number))


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
