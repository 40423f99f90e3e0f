"""What the checks share: reading an answer into plain values, or the zero-score result that says why not."""

from __future__ import annotations

from typing import Any

from logiserve._plain import NotPlain, describe, plain_str

from ._result import CheckResult

__all__ = ["nothing", "plain_id_list", "take", "wrong_kind"]


def nothing(points: float, what: str) -> CheckResult:
    return CheckResult(0.0, points, (f"No answer yet: {what}.",))


def wrong_kind(points: float, problem: NotPlain) -> CheckResult:
    return CheckResult(0.0, points, (f"Your answer could not be marked: {problem}.",))


def plain_id_list(value: Any, field: str, kind: str) -> list[str]:
    """A list or tuple of ids as plain ``str``, read through the built-in types (lying objects gain nothing)."""
    if isinstance(value, list):
        entries = list(list.__iter__(value))
    elif isinstance(value, tuple):
        entries = list(tuple.__iter__(value))
    else:
        raise NotPlain(f"expected {field} to be a list of {kind} ids, found {describe(value)}")
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
