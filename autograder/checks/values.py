"""The generic value checks: names, text, a number, a grouped table; and the shape of an answer, told early.

Every check first turns the learner's answer into plain built-in values (see
``logiserve._plain``), so objects that lie in ``__eq__``, ``__float__`` or ``__str__``
gain nothing, and odd input (None, the wrong type) earns zero with a message that says
what was expected.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from fractions import Fraction
from typing import Any

from logiserve._plain import NotPlain, listing, plain_number, plain_str, plain_str_list
from logiserve.chance import weight_for

from ._common import take, takes_back
from ._result import CheckResult

__all__ = ["check_names", "check_number", "check_series", "check_text", "describe_answer"]


def check_names(answer: Any, expected: Any, *, points: float, what: str = "names") -> CheckResult:
    """Mark a list of names: each right name earns a share, each wrong one takes a share back.

    ``score = points * max(0, right - wrong) / len(expected)``, so listing every
    name in the dataset earns nothing.  Order and repeats do not matter.  A list,
    tuple, set, pandas Series/Index, or a DataFrame with a ``name`` column is accepted.

    **Expected score under guessing** (``tests/validity``; ``docs/validity.md``): every name there
    is earns 0 while the names that do not belong are at least as many as those that do; one name
    picked at random earns ``k / N`` of ``1 / k`` of the points (``k`` right of ``N`` names), that is
    ``1 / N``, and a random half of the names about as little.
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

    **Expected score under guessing**: one of ``k`` possible values picked at random earns ``1 / k`` of
    the points, which no check can correct; a question of this kind needs ``k`` of 7 or more to keep a
    guess under 15 % (``tests/validity`` plays every such item).

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

    **Expected score under guessing**: a constant (0, 1) earns the points only where it is the right
    answer, so as often as the data make it so; ``tests/validity`` plays 0 and 1 over learners' numbers.
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
    """Method marks for a grouped result (a pandas Series of numbers by group): a group counts only with its number.

    With ``n`` groups asked for:

    * the numbers' share: each group with its right number (within ``tolerance``) earns
      ``1 / n``; each group asked for with a wrong number takes back ``weight / n``, where
      ``weight = m / (n - m)`` and ``m`` is the most groups any one number is right for, so that
      one number for every group nets nothing; each group not asked for takes back ``1 / n``
      (rows that should have been left out before grouping); a group left out earns nothing;
    * with ``descending=True`` / ``False`` the result must also be sorted by value, largest /
      smallest first: the numbers' share carries two thirds of the points and the sort one third,
      earned in proportion to the numbers' share (sorting wrong numbers earns nothing);
      ``descending=None`` means order does not matter and the numbers carry every point.

    So the score is ``points * share * (2/3 + 1/3 if sorted as asked)``, or ``points * share``.
    A dict or a one-column DataFrame is accepted too.

    **Expected score under guessing** (``tests/validity`` plays the course's items; its table is
    ``docs/validity.md``): the right groups with no numbers worked out (zeros, ones, one number
    for all, made-up numbers sorted as asked) earn 0, and no more than a group whose right number
    happens to be that constant (at most ``1 / n`` of the share before the weight takes it back).

    Examples
    --------
    >>> want = {"retailer": 63, "contract_client": 24, "wholesaler": 19}
    >>> check_series(want, want, points=3).points
    3.0
    >>> check_series({"retailer": 63, "contract_client": 25, "wholesaler": 19}, want, points=3).points  # 2 - 1/2
    1.5
    >>> check_series({"retailer": 3, "contract_client": 2, "wholesaler": 1}, want, points=3).points  # made up
    0.0
    """
    try:
        want = _plain_series(expected)
    except NotPlain as problem:
        raise ValueError(f"expected: {problem}") from None
    if not want:
        raise ValueError("expected must give the number of at least one group")
    given, refused = take(answer, _plain_series, points, f"build {what}")
    if refused:
        return refused
    n = len(want)
    right = [g for g in want if g in given and abs(given[g] - want[g]) <= tolerance]
    wrong = [g for g in want if g in given and g not in right]
    missing, extra = [g for g in want if g not in given], sorted(set(given) - set(want))
    weight = weight_for(n, _most_alike(list(want.values()), tolerance))
    share = max(0.0, float(len(right) - weight * len(wrong) - len(extra)) / n)
    messages = [_groups_message(n, missing, extra), *_numbers_messages(given, want, right, wrong, weight, tolerance)]
    if descending is None:
        return CheckResult(points * share, points, tuple(messages))
    values = list(given.values())
    first = "largest" if descending else "smallest"
    in_order = bool(values) and values == sorted(values, reverse=descending)
    if not in_order:
        messages.append(f"Sort the result {first} first.")
    elif share == 1:
        messages.append(f"Sorted {first} first, as asked.")
    else:
        messages.append(
            f"Sorted {first} first, as asked; the sort earns its third only as far as its numbers are right."
        )
    return CheckResult(points * share * (2 / 3 + (1 / 3 if in_order else 0)), points, tuple(messages))


def _most_alike(values: list[float], tolerance: float) -> int:
    """The most of ``values`` that one number is right for (within ``tolerance`` of it): the best constant guess."""
    ordered = sorted(values)
    return max(bisect_right(ordered, v + tolerance) - bisect_left(ordered, v - tolerance) for v in ordered)


def _groups_message(n: int, missing: list[str], extra: list[str]) -> str:
    if not missing and not extra:
        return f"Right groups ({n})."
    text = "Groups not right:"
    if missing:
        text += f" {len(missing)} missing."
    if extra:
        text += f" Not asked for: {listing(extra)}."
    return text + " Check which rows you kept before grouping."


def _numbers_messages(
    given: dict[str, float],
    want: dict[str, float],
    right: list[str],
    wrong: list[str],
    weight: Fraction,
    tolerance: float,
) -> list[str]:
    if len(right) == len(want):
        return ["Right numbers for every group."]
    if not wrong:
        return [f"Right numbers for {len(right)} of the {len(want)} groups."]
    messages = [f"Numbers not right for: {listing(wrong)}."]
    if all(want[g] and abs(given[g] - 100 * want[g]) <= 100 * tolerance + 1e-9 for g in wrong):
        messages.append("Those numbers look like percentages; give each share between 0 and 1.")
    messages.append(
        f"A group counts only with its right number, and each wrong number takes back {takes_back(weight)}, "
        "so that one number for every group earns nothing"
        + (": these numbers earn nothing." if len(right) <= weight * len(wrong) else ".")
    )
    return messages


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
