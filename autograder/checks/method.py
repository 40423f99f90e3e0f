"""Method marks for a calculation done in steps: each step marked on its own, with error carried forward.

Examiners mark the method as well as the final answer.  A calculation such as EOQ is
split into steps (annual demand, holding cost per unit, EOQ, orders per year, total
cost), each in its own graded cell with its own points.  A step earns its points when
its answer is right, *or* when it follows correctly from the learner's own earlier
answers even though those were wrong ("error carried forward"): one slip early on costs
the marks of that step only.  A wrong answer that matches a classic slip (demand not
annualised, the square root forgotten, the holding rate used as a cost) gets a message
that names the slip.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from logiserve._plain import NotPlain, plain_number

from ._result import CheckResult

__all__ = ["carried_forward", "check_method_step", "is_own_answer"]


def _close(given: float, target: float, rel_tolerance: float, abs_tolerance: float) -> bool:
    return abs(given - target) <= max(abs_tolerance, rel_tolerance * abs(target))


def _shown(number: float) -> str:
    """A number as a learner would write it: thousands separated; 2 decimals (3 below 10, 4 below 1)."""
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    places = 4 if abs(number) < 1 else 3 if abs(number) < 10 else 2
    return f"{number:,.{places}f}".rstrip("0").rstrip(".")


def carried_forward(formula: Callable[..., Any], **learner_values: Any) -> float | None:
    """What a step gives when done right from the learner's own earlier answers, or None.

    ``formula`` is the domain function of the step (e.g. :func:`logiserve.inventory.eoq`)
    and ``learner_values`` the arguments, taken from the learner's variables (pass
    ``globals().get("annual_demand")`` so a missing variable is ``None``, not an error).
    When any value is missing, is not a plain number, or the formula refuses it (a
    ``ValueError``), there is nothing to carry forward and the result is ``None``.

    Examples
    --------
    >>> from logiserve.inventory import orders_per_year
    >>> carried_forward(orders_per_year, annual_demand=12_000, order_quantity=800)
    15.0
    >>> carried_forward(orders_per_year, annual_demand=None, order_quantity=800) is None
    True
    >>> carried_forward(orders_per_year, annual_demand=12_000, order_quantity=-5) is None
    True
    """
    plain: dict[str, float] = {}
    for name, value in learner_values.items():
        try:
            plain[name] = plain_number(value)
        except NotPlain:
            return None
    try:
        result = plain_number(formula(**plain))
    except (ValueError, ZeroDivisionError, OverflowError, NotPlain):
        return None
    return result


def is_own_answer(
    answer: Any, *accepted: float | None, rel_tolerance: float = 0.01, abs_tolerance: float = 0.0
) -> bool:
    """Whether an earlier answer is the learner's own: within tolerance of one of the ``accepted`` values.

    Pass the step's right value and, when it has one, the value it gives carried forward from
    the learner's own earlier answers.  A later step carries an error forward only from an
    answer of the learner's own: with per-learner numbers (:mod:`logiserve.variants`), a
    classmate's answers copied as they are follow from each other, but not from the copier's
    numbers, and must not earn marks by error carried forward.

    Examples
    --------
    >>> is_own_answer(707.0, 707.1068)
    True
    >>> is_own_answer(790.6, 707.1068, 790.57)  # carried forward from the learner's own wrong demand
    True
    >>> is_own_answer(905.3, 707.1068, None), is_own_answer(None, 707.1068)
    (False, False)
    """
    try:
        given = plain_number(answer)
    except NotPlain:
        return False
    for value in accepted:
        try:
            target = plain_number(value)
        except NotPlain:  # None (nothing carried forward), NaN or infinity
            continue
        if math.isfinite(target) and _close(given, target, rel_tolerance, abs_tolerance):
            return True
    return False


def check_method_step(
    answer: Any,
    expected: Any,
    *,
    points: float,
    what: str,
    unit: str = "",
    carried: float | None = None,
    slips: Mapping[str, Any] | None = None,
    rel_tolerance: float = 0.01,
    abs_tolerance: float = 0.0,
    hint: str = "Check each step of your method.",
) -> CheckResult:
    """Mark one step of a calculation, with error carried forward and named slips.

    The answer is right when it is within ``rel_tolerance`` (1 % by default, so sensible
    rounding is fine) or ``abs_tolerance`` of ``expected``.  It also earns every point
    when it is within the same tolerance of ``carried``: the value this step gives from
    the learner's own earlier answers (see :func:`carried_forward`), when those differ
    from the right ones.  Otherwise it earns nothing; when it matches one of ``slips``
    (``{message: the value that slip gives}``) the message names the slip.

    **Expected score under guessing**: a constant (0, 1) earns nothing on the course's steps, over
    the learners' own numbers (``tests/validity`` plays them; ``docs/validity.md``); a number carried
    forward counts only from the learner's own earlier answers.

    Parameters
    ----------
    answer:
        The learner's number (int, float or numpy number).
    expected:
        The right value of this step.
    points:
        What the step is worth.
    what:
        The step's name for messages, e.g. ``"the EOQ"``.
    unit:
        Appended to numbers in messages, e.g. ``" units"``.
    carried:
        The step's value worked from the learner's earlier answers, or ``None``.
    slips:
        Classic wrong methods and the value each gives, checked in order.
    rel_tolerance, abs_tolerance:
        How close counts as right (the larger of the two allowances is used).
    hint:
        Said when the answer is wrong for no known reason.

    Examples
    --------
    >>> check_method_step(707, 707.1068, points=2, what="the EOQ", unit=" units").messages
    ('Right: the EOQ is 707 units.',)
    >>> result = check_method_step(790.6, 707.1068, points=2, what="the EOQ", carried=790.57)
    >>> result.points
    2.0
    >>> print(result.messages[0])
    Your EOQ of 790.6 follows correctly from your earlier answers (error carried forward), so this step earns its marks.
    >>> check_method_step(500_000, 707.1068, points=2, what="the EOQ",
    ...                   slips={"The square root is missing: EOQ = sqrt(2DS / H).": 500_000}).messages
    ('The square root is missing: EOQ = sqrt(2DS / H).',)
    """
    target = plain_number(expected)
    if not math.isfinite(target):
        raise ValueError("expected must be a finite number")
    if carried is not None:
        carried = plain_number(carried)
    try:
        given = plain_number(answer)
    except NotPlain as problem:
        why = "nothing is stored yet" if answer is None else str(problem)
        return CheckResult(0.0, points, (f"Calculate {what} and store it as a number: {why}.",))
    if _close(given, target, rel_tolerance, abs_tolerance):
        return CheckResult(points, points, (f"Right: {what} is {_shown(given)}{unit}.",))
    if carried is not None and _close(given, carried, rel_tolerance, abs_tolerance):
        name = what.removeprefix("the ")
        return CheckResult(
            points,
            points,
            (
                f"Your {name} of {_shown(given)}{unit} follows correctly from your earlier answers "
                "(error carried forward), so this step earns its marks.",
            ),
        )
    for message, value in (slips or {}).items():
        slip = plain_number(value)
        if math.isfinite(slip) and _close(given, slip, rel_tolerance, abs_tolerance):
            return CheckResult(0.0, points, (str(message),))
    return CheckResult(0.0, points, (f"{what[0].upper()}{what[1:]} is not {_shown(given)}{unit}. {hint}",))
