"""What the checks share: reading an answer into plain values, or the zero-score result that says why not."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from logiserve._plain import NotPlain, describe, plain_str

from ._result import CheckResult

__all__ = ["nothing", "plain_id_list", "plain_items", "take", "takes_back", "wrong_kind"]


def nothing(points: float, what: str) -> CheckResult:
    return CheckResult(0.0, points, (f"No answer yet: {what}.",))


def wrong_kind(points: float, problem: NotPlain) -> CheckResult:
    return CheckResult(0.0, points, (f"Your answer could not be marked: {problem}.",))


def plain_items(value: Any, expected: str) -> list[Any]:
    """The entries of a list or tuple, read through the built-in types (a subclass's own iteration is not used).

    Anything else raises :class:`NotPlain` saying ``expected {expected}, found ...``.
    """
    if isinstance(value, list):
        return list(list.__iter__(value))
    if isinstance(value, tuple):
        return list(tuple.__iter__(value))
    raise NotPlain(f"expected {expected}, found {describe(value)}")


def plain_id_list(value: Any, field: str, kind: str) -> list[str]:
    """A list or tuple of ids as plain ``str``, read through the built-in types (lying objects gain nothing)."""
    entries = plain_items(value, f"{field} to be a list of {kind} ids")
    out = []
    for entry in entries:
        if not isinstance(entry, str):
            raise NotPlain(f"expected the {kind} ids in {field} to be text, found {describe(entry)}")
        out.append(plain_str(entry))
    return out


def take(answer: Any, convert: Any, points: float, missing: str) -> tuple[Any, CheckResult | None]:
    """The answer as plain values, or the zero-score result that says why it cannot be marked."""
    if answer is None:
        return None, nothing(points, missing)
    try:
        return convert(answer), None
    except NotPlain as problem:
        return None, wrong_kind(points, problem)


def takes_back(weight: Fraction) -> str:
    """How much of a right choice a wrong one takes back, in words for a message.

    >>> takes_back(Fraction(4, 7)), takes_back(Fraction(1)), takes_back(Fraction(10, 3))
    ('4/7 of a right one', 'a right one', '3.33 right ones')
    """
    if weight == 1:
        return "a right one"
    return f"{weight} of a right one" if weight < 1 else f"{float(weight):.3g} right ones"
