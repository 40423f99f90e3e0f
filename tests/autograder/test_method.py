"""Method marks: one step at a time, sensible rounding, error carried forward, named slips."""

from __future__ import annotations

import math

import numpy as np
import pytest

from logiserve.autograder import carried_forward, check_method_step, is_own_answer

from ._hostile import LyingFloat

EOQ = math.sqrt(2 * 12_000 * 50 / 2.4)  # 707.106...
SLIPS = {
    "The square root is missing: EOQ = sqrt(2DS / H).": 2 * 12_000 * 50 / 2.4,
    "That uses monthly demand: annualise it first.": math.sqrt(2 * 1_000 * 50 / 2.4),
}


def order_quantity(annual_demand: float, order_cost: float, holding_cost: float) -> float:
    if annual_demand <= 0 or order_cost <= 0 or holding_cost <= 0:
        raise ValueError("every input must be positive")
    return math.sqrt(2 * annual_demand * order_cost / holding_cost)


@pytest.mark.parametrize("answer", [EOQ, 707, 707.1, 710, 700.1, np.float64(EOQ), np.int64(707)])
def test_the_right_answer_with_sensible_rounding_earns_every_point(answer):
    result = check_method_step(answer, EOQ, points=2, what="the EOQ", unit=" units")
    assert result.points == 2.0
    assert result.messages[0].startswith("Right: the EOQ is ")


@pytest.mark.parametrize("answer", [690, 720, 0, -707.1])
def test_beyond_the_tolerance_earns_nothing(answer):
    result = check_method_step(answer, EOQ, points=2, what="the EOQ", unit=" units")
    assert result.points == 0.0
    assert result.messages == (f"The EOQ is not {answer:,} units. Check each step of your method.",)


def test_the_absolute_tolerance_suits_small_numbers_like_z():
    assert check_method_step(1.64, 1.6449, points=1, what="z", abs_tolerance=0.01, rel_tolerance=0).points == 1.0
    assert check_method_step(1.6, 1.6449, points=1, what="z", abs_tolerance=0.01, rel_tolerance=0).points == 0.0


def test_a_wrong_earlier_answer_carried_through_correctly_earns_this_steps_marks():
    # the learner used 15,000 units a year instead of 12,000; their EOQ follows from it correctly
    carried = carried_forward(order_quantity, annual_demand=15_000, order_cost=50, holding_cost=2.4)
    result = check_method_step(790.6, EOQ, points=2, what="the EOQ", unit=" units", carried=carried)
    assert result.points == 2.0
    assert result.messages == (
        "Your EOQ of 790.6 units follows correctly from your earlier answers (error carried forward), "
        "so this step earns its marks.",
    )


def test_carried_forward_does_not_rescue_an_answer_that_follows_from_nothing():
    carried = carried_forward(order_quantity, annual_demand=15_000, order_cost=50, holding_cost=2.4)
    assert check_method_step(650, EOQ, points=2, what="the EOQ", carried=carried).points == 0.0


def test_a_classic_slip_is_named():
    result = check_method_step(500_000, EOQ, points=2, what="the EOQ", slips=SLIPS)
    assert result.points == 0.0
    assert result.messages == ("The square root is missing: EOQ = sqrt(2DS / H).",)
    monthly = check_method_step(204.1, EOQ, points=2, what="the EOQ", slips=SLIPS)
    assert monthly.messages == ("That uses monthly demand: annualise it first.",)


def test_a_slip_carried_forward_correctly_still_earns_the_later_step():
    # demand not annualised in step 1 (1,000 a month); EOQ from it is then right for their numbers
    carried = carried_forward(order_quantity, annual_demand=1_000, order_cost=50, holding_cost=2.4)
    result = check_method_step(204.1, EOQ, points=2, what="the EOQ", carried=carried, slips=SLIPS)
    assert result.points == 2.0
    assert "error carried forward" in result.messages[0]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"annual_demand": 12_000, "order_cost": 50, "holding_cost": 2.4}, pytest.approx(EOQ)),
        ({"annual_demand": None, "order_cost": 50, "holding_cost": 2.4}, None),
        ({"annual_demand": "12000", "order_cost": 50, "holding_cost": 2.4}, None),
        ({"annual_demand": True, "order_cost": 50, "holding_cost": 2.4}, None),
        ({"annual_demand": float("nan"), "order_cost": 50, "holding_cost": 2.4}, None),
        ({"annual_demand": -1, "order_cost": 50, "holding_cost": 2.4}, None),
    ],
)
def test_carried_forward_needs_plain_numbers_the_formula_accepts(values, expected):
    assert carried_forward(order_quantity, **values) == expected


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        (None, "nothing is stored yet."),
        ("707", "expected a number, found the text '707' (remove the quotes)."),
        (True, "expected a number, found True/False."),
    ],
)
def test_no_number_scores_zero_and_says_what_was_found(answer, found):
    result = check_method_step(answer, EOQ, points=2, what="the EOQ")
    assert result.points == 0.0
    assert result.messages == (f"Calculate the EOQ and store it as a number: {found}",)


def test_a_lying_float_is_read_as_its_real_value():
    liar = LyingFloat(5.0)  # claims to equal everything
    assert check_method_step(liar, EOQ, points=2, what="the EOQ").points == 0.0


def test_the_expected_value_must_be_a_number():
    with pytest.raises(ValueError):
        check_method_step(707, float("nan"), points=2, what="the EOQ")


def test_is_own_answer_accepts_the_right_or_the_carried_value_only():
    assert is_own_answer(11_804, 11_804.1, rel_tolerance=0.002)
    assert is_own_answer(790.6, 707.1, 790.57)  # carried forward from the learner's own earlier answers
    assert not is_own_answer(905.3, 707.1, None)  # a classmate's EOQ: neither right nor carried
    assert not is_own_answer(None, 707.1)
    assert not is_own_answer("707", 707.1)
    assert not is_own_answer(float("nan"), 707.1)
    assert not is_own_answer(707.1, float("nan"), None)
    assert not is_own_answer(LyingFloat(1.0), 707.1)  # equal to everything, but not 707.1
