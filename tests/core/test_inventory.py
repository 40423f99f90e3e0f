"""EOQ, safety stock, reorder point and ABC classes: hand-worked cases, properties and learner-readable errors."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import inventory

NAN = float("nan")
Z_95 = 1.6448536269514722  # NormalDist().inv_cdf(0.95)
Z_975 = 1.959963984540054  # NormalDist().inv_cdf(0.975), the textbook 1.96


def raises(function, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as error:
        function(*args, **kwargs)
    return str(error.value)


def test_public_names() -> None:
    assert set(inventory.__all__) == {
        "abc_classes",
        "annual_holding_cost",
        "annual_ordering_cost",
        "average_stock",
        "days_of_inventory",
        "demand_sd_over_lead_time",
        "eoq",
        "holding_cost_per_unit",
        "inventory_turnover",
        "orders_per_year",
        "reorder_point",
        "round_to_pack",
        "safety_stock",
        "safety_stock_holding_cost",
        "total_annual_cost",
        "z_for_service_level",
    }
    for name in inventory.__all__:
        assert callable(getattr(inventory, name)), name


# --- hand-worked cases -------------------------------------------------------------------------------------------
# D = 1,000 units a year, S = £20 an order, H = £4 per unit per year: EOQ = sqrt(2 × 1000 × 20 / 4) = sqrt(10,000)
# = 100 units; 10 orders a year cost £200 and an average of 50 units on the shelf costs £200: £400 in all.


def test_eoq_hand_worked() -> None:
    assert inventory.eoq(1000, 20, 4) == 100.0
    assert inventory.eoq(12_000, 50, 2.40) == pytest.approx(math.sqrt(500_000))  # 707.1
    assert inventory.eoq(250, 8, 1) == pytest.approx(63.245553, abs=1e-6)  # sqrt(4000)


def test_eoq_at_the_textbook_numbers_balances_the_costs() -> None:
    assert inventory.orders_per_year(1000, 100) == 10.0
    assert inventory.annual_ordering_cost(1000, 20, 100) == 200.0
    assert inventory.annual_holding_cost(4, 100) == 200.0
    assert inventory.total_annual_cost(1000, 20, 4, 100) == 400.0


# --- rounding an EOQ to an order the supplier takes; turnover and days of inventory ---------------------------------
@pytest.mark.parametrize(
    ("quantity", "pack", "minimum", "expected"),
    [
        (707.1, 12, 0, 708.0),  # 58.9 cases of 12: 59
        (707.1, 240, 0, 720.0),  # 2.9 pallets of 240: 3
        (707.1, 12, 800, 804.0),  # the MOQ sets the order: 66.7 cases, so 67
        (708, 12, 0, 708.0),  # already whole cases: unchanged
        (708.0000000001, 12, 0, 708.0),  # rounding in the last place does not add a case
        (700.01, 12, 0, 708.0),  # up, not to the nearest case (700.01 is nearer 696)
        (5, 12, 0, 12.0),  # never less than one pack
        (100, 12, 600, 600.0),  # an MOQ of whole cases is ordered as it is
        (100, 25, 610, 625.0),  # an MOQ that is not whole packs is rounded up too
    ],
)
def test_round_to_pack(quantity, pack, minimum, expected) -> None:
    assert inventory.round_to_pack(quantity, pack, minimum=minimum) == expected


@settings(max_examples=200, deadline=None)
@given(
    quantity=st.floats(min_value=0.5, max_value=1e5, allow_nan=False),
    pack=st.integers(min_value=1, max_value=500),
    minimum=st.integers(min_value=0, max_value=5000),
)
def test_round_to_pack_properties(quantity, pack, minimum) -> None:
    placed = inventory.round_to_pack(quantity, pack, minimum=minimum)
    assert placed >= max(quantity, minimum) - 1e-6  # never below the quantity worked out, nor the MOQ
    assert placed - max(quantity, minimum) < pack + 1e-6  # less than one pack more than needed
    assert (placed / pack) == pytest.approx(round(placed / pack))  # whole packs


def test_average_stock_is_half_an_order_plus_safety_stock() -> None:
    assert inventory.average_stock(700) == 350.0
    assert inventory.average_stock(700, 134) == 484.0


def test_inventory_turnover_and_days_of_inventory() -> None:
    # 12,000 planters a year from an average of 400 on hand: 30 times a year, 365 / 30 = 12.17 days
    assert inventory.inventory_turnover(12_000, 400) == 30.0
    assert inventory.days_of_inventory(30) == pytest.approx(12.1667, abs=1e-4)
    # in value, at any unit cost, the turnover is the same: £ of goods sold / £ of average stock
    assert inventory.inventory_turnover(12_000 * 9.60, 400 * 9.60) == pytest.approx(30.0)
    # a bigger batch turns the stock fewer times: a quarter's demand at a time (3,000) with 100 safety stock
    big = inventory.inventory_turnover(12_000, inventory.average_stock(3_000, 100))
    assert big == pytest.approx(12_000 / 1_600)
    assert inventory.days_of_inventory(big) == pytest.approx(48.667, abs=1e-3)
    assert inventory.days_of_inventory(52, days=364) == 7.0  # a year of 52 weeks


@pytest.mark.parametrize(
    ("quantity", "orders", "ordering", "holding", "total"),
    [
        (50, 20.0, 400.0, 100.0, 500.0),  # too small: ordering cost dominates
        (100, 10.0, 200.0, 200.0, 400.0),  # the EOQ
        (200, 5.0, 100.0, 400.0, 500.0),  # too big: holding cost dominates
        (1000, 1.0, 20.0, 2000.0, 2020.0),
    ],
)
def test_costs_either_side_of_the_eoq(quantity, orders, ordering, holding, total) -> None:
    assert inventory.orders_per_year(1000, quantity) == orders
    assert inventory.annual_ordering_cost(1000, 20, quantity) == ordering
    assert inventory.annual_holding_cost(4, quantity) == holding
    assert inventory.total_annual_cost(1000, 20, 4, quantity) == total


def test_total_annual_cost_adds_purchase_cost_only_with_unit_cost() -> None:
    assert inventory.total_annual_cost(1000, 20, 4, 100, unit_cost=16) == 16_400.0
    assert inventory.total_annual_cost(1000, 20, 4, 100, unit_cost=None) == 400.0
    with pytest.raises(TypeError):
        inventory.total_annual_cost(1000, 20, 4, 100, 16)  # unit_cost is keyword only


def test_holding_cost_per_unit() -> None:
    assert inventory.holding_cost_per_unit(16, 0.25) == 4.0
    assert inventory.holding_cost_per_unit(9.60, 0.25) == pytest.approx(2.40)
    assert inventory.holding_cost_per_unit(10, 1) == 10.0  # 100 % a year is allowed
    assert inventory.eoq(1000, 20, inventory.holding_cost_per_unit(16, 0.25)) == 100.0


@pytest.mark.parametrize(
    ("level", "z"),
    [(0.5, 0.0), (0.95, Z_95), (0.975, Z_975), (0.8413447460685429, 1.0), (0.05, -Z_95)],
)
def test_z_for_service_level(level, z) -> None:
    assert inventory.z_for_service_level(level) == pytest.approx(z, abs=1e-9)


def test_demand_sd_over_lead_time() -> None:
    # sd 3 a day over 4 days: sqrt(4 × 9) = 6; lead time sd 1 day at 8 a day adds 8² × 1² = 64: sqrt(36 + 64) = 10
    assert inventory.demand_sd_over_lead_time(3, 4) == 6.0
    assert inventory.demand_sd_over_lead_time(3, 4, lead_time_sd=1, mean_demand=8) == 10.0
    assert inventory.demand_sd_over_lead_time(3, 4, 1, 8) == 10.0  # positional, in the documented order
    assert inventory.demand_sd_over_lead_time(3, 4, mean_demand=8) == 6.0  # mean demand alone changes nothing
    assert inventory.demand_sd_over_lead_time(0, 4, lead_time_sd=1, mean_demand=8) == 8.0  # steady demand
    assert inventory.demand_sd_over_lead_time(0, 4) == 0.0


def test_safety_stock() -> None:
    assert inventory.safety_stock(0.975, 3, 4) == pytest.approx(Z_975 * 6)
    assert inventory.safety_stock(0.975, 3, 4, lead_time_sd=1, mean_demand=8) == pytest.approx(Z_975 * 10)
    assert inventory.safety_stock(0.95, 12, 10) == pytest.approx(Z_95 * math.sqrt(1440))  # 62.4
    assert inventory.safety_stock(0.5, 3, 4) == 0.0
    assert inventory.safety_stock(0.95, 0, 4) == 0.0  # no variation, no safety stock


def test_reorder_point() -> None:
    assert inventory.reorder_point(20, 5, 30) == 130.0
    assert inventory.reorder_point(33, 10, 0) == 330.0
    safety = inventory.safety_stock(0.975, 3, 4)
    assert inventory.reorder_point(8, 4, safety) == pytest.approx(32 + 1.959964 * 6, abs=1e-5)


def test_safety_stock_holding_cost() -> None:
    assert inventory.safety_stock_holding_cost(50, 2) == 100.0
    assert inventory.safety_stock_holding_cost(0, 2) == 0.0


@pytest.mark.parametrize(
    "number",
    [np.int64(1000), np.int32(1000), np.float64(1000.0), np.float32(1000.0), 1000, 1000.0],
)
def test_numpy_numbers_are_accepted_and_results_are_floats(number) -> None:
    results = [
        inventory.eoq(number, 20, 4),
        inventory.orders_per_year(number, 100),
        inventory.annual_ordering_cost(number, 20, 100),
        inventory.annual_holding_cost(4, number),
        inventory.total_annual_cost(number, 20, 4, 100, unit_cost=number),
        inventory.holding_cost_per_unit(number, 0.25),
        inventory.demand_sd_over_lead_time(number, 4, 1, number),
        inventory.safety_stock(0.95, number, 4),
        inventory.reorder_point(number, 4, number),
        inventory.safety_stock_holding_cost(number, 4),
        inventory.z_for_service_level(np.float64(0.95)),
    ]
    assert all(type(result) is float for result in results)
    assert results[0] == 100.0


@pytest.mark.parametrize("name", inventory.__all__)
def test_every_function_is_documented(name) -> None:
    doc = getattr(inventory, name).__doc__
    for section in ("Formula::", "Parameters", "Returns", "Raises", "Examples", ">>> "):
        assert section in doc, (name, section)


# --- properties ---------------------------------------------------------------------------------------------------

demands = st.floats(min_value=1, max_value=1e6, allow_nan=False, allow_infinity=False)
order_costs = st.floats(min_value=0.5, max_value=5_000, allow_nan=False, allow_infinity=False)
holding_costs = st.floats(min_value=0.01, max_value=500, allow_nan=False, allow_infinity=False)
levels = st.floats(min_value=0.5, max_value=0.9999, allow_nan=False)
sds = st.floats(min_value=0, max_value=1_000, allow_nan=False, allow_infinity=False)
lead_times = st.floats(min_value=0.1, max_value=120, allow_nan=False, allow_infinity=False)
mean_demands = st.floats(min_value=0.1, max_value=10_000, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(demand=demands, order=order_costs, holding=holding_costs)
def test_eoq_minimises_total_cost_over_a_grid(demand, order, holding) -> None:
    best = inventory.eoq(demand, order, holding)
    lowest = inventory.total_annual_cost(demand, order, holding, best)
    for factor in np.geomspace(0.05, 20, 81):
        quantity = best * float(factor)
        assert inventory.total_annual_cost(demand, order, holding, quantity) >= lowest * (1 - 1e-12)
    # and a grid of whole-unit quantities around it never beats it either
    for quantity in range(max(1, math.floor(best) - 3), math.ceil(best) + 4):
        assert inventory.total_annual_cost(demand, order, holding, quantity) >= lowest * (1 - 1e-12)


@settings(max_examples=200, deadline=None)
@given(demand=demands, order=order_costs, holding=holding_costs)
def test_at_the_eoq_ordering_cost_equals_holding_cost(demand, order, holding) -> None:
    best = inventory.eoq(demand, order, holding)
    ordering = inventory.annual_ordering_cost(demand, order, best)
    holding_total = inventory.annual_holding_cost(holding, best)
    assert ordering == pytest.approx(holding_total, rel=1e-9)
    assert inventory.total_annual_cost(demand, order, holding, best) == pytest.approx(ordering + holding_total)
    assert inventory.orders_per_year(demand, best) * order == pytest.approx(ordering, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(demand=demands, order=order_costs, holding=holding_costs, quantity=demands, price=holding_costs)
def test_purchase_cost_is_added_whatever_the_order_size(demand, order, holding, quantity, price) -> None:
    without = inventory.total_annual_cost(demand, order, holding, quantity)
    with_price = inventory.total_annual_cost(demand, order, holding, quantity, unit_cost=price)
    assert with_price == pytest.approx(without + demand * price, rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(
    low=levels,
    high=levels,
    demand_sd=sds,
    lead_time=lead_times,
    lead_time_sd=st.floats(min_value=0, max_value=30),
    mean=mean_demands,
)
def test_safety_stock_rises_with_service_level(low, high, demand_sd, lead_time, lead_time_sd, mean) -> None:
    low, high = sorted((low, high))
    first = inventory.safety_stock(low, demand_sd, lead_time, lead_time_sd, mean)
    second = inventory.safety_stock(high, demand_sd, lead_time, lead_time_sd, mean)
    assert first <= second


@settings(max_examples=200, deadline=None)
@given(level=levels, sd_a=sds, sd_b=sds, lead_time=lead_times, lead_sd_a=sds, lead_sd_b=sds, mean=mean_demands)
def test_safety_stock_rises_with_variation(level, sd_a, sd_b, lead_time, lead_sd_a, lead_sd_b, mean) -> None:
    sd_a, sd_b = sorted((sd_a, sd_b))
    lead_sd_a, lead_sd_b = sorted((lead_sd_a, lead_sd_b))
    base = inventory.safety_stock(level, sd_a, lead_time, lead_sd_a, mean)
    assert base <= inventory.safety_stock(level, sd_b, lead_time, lead_sd_a, mean)  # more demand variation
    assert base <= inventory.safety_stock(level, sd_a, lead_time, lead_sd_b, mean)  # more lead time variation
    assert base >= 0


@settings(max_examples=200, deadline=None)
@given(level=levels, demand_sd=sds, lead_time=lead_times, lead_time_sd=sds, mean=mean_demands)
def test_safety_stock_is_z_times_the_sd_over_the_lead_time(level, demand_sd, lead_time, lead_time_sd, mean) -> None:
    spread = inventory.demand_sd_over_lead_time(demand_sd, lead_time, lead_time_sd, mean)
    assert spread == pytest.approx(math.sqrt(lead_time * demand_sd**2 + mean**2 * lead_time_sd**2))
    expected = NormalDist().inv_cdf(level) * spread
    assert inventory.safety_stock(level, demand_sd, lead_time, lead_time_sd, mean) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(level=levels, demand_sd=sds, lead_time=lead_times, lead_time_sd=sds, mean=mean_demands)
def test_reorder_point_is_lead_time_demand_plus_safety_stock(level, demand_sd, lead_time, lead_time_sd, mean) -> None:
    safety = inventory.safety_stock(level, demand_sd, lead_time, lead_time_sd, mean)
    point = inventory.reorder_point(mean, lead_time, safety)
    assert point == pytest.approx(mean * lead_time + safety, rel=1e-12)
    assert point >= mean * lead_time


# --- learner-readable errors --------------------------------------------------------------------------------------

# (function, keyword arguments that work) for every function that takes plain numbers
GOOD: list[tuple[object, dict[str, float]]] = [
    (inventory.eoq, {"annual_demand": 1000, "order_cost": 20, "holding_cost": 4}),
    (inventory.orders_per_year, {"annual_demand": 1000, "order_quantity": 100}),
    (inventory.annual_ordering_cost, {"annual_demand": 1000, "order_cost": 20, "order_quantity": 100}),
    (inventory.annual_holding_cost, {"holding_cost": 4, "order_quantity": 100}),
    (
        inventory.total_annual_cost,
        {"annual_demand": 1000, "order_cost": 20, "holding_cost": 4, "order_quantity": 100, "unit_cost": 16},
    ),
    (inventory.holding_cost_per_unit, {"unit_cost": 16, "holding_rate": 0.25}),
    (inventory.z_for_service_level, {"service_level": 0.95}),
    (inventory.demand_sd_over_lead_time, {"demand_sd": 3, "lead_time": 4, "lead_time_sd": 1, "mean_demand": 8}),
    (
        inventory.safety_stock,
        {"service_level": 0.95, "demand_sd": 3, "lead_time": 4, "lead_time_sd": 1, "mean_demand": 8},
    ),
    (inventory.reorder_point, {"mean_demand": 8, "lead_time": 4, "safety_stock": 10}),
    (inventory.safety_stock_holding_cost, {"safety_stock": 10, "holding_cost": 4}),
    (inventory.round_to_pack, {"quantity": 100, "pack_size": 12, "minimum": 50}),
    (inventory.average_stock, {"order_quantity": 100, "safety_stock": 10}),
    (inventory.inventory_turnover, {"annual_usage": 1000, "average_inventory": 60}),
    (inventory.days_of_inventory, {"turnover": 10, "days": 365}),
]
ARGUMENTS = [(function, name) for function, kwargs in GOOD for name in kwargs]
ZERO_ALLOWED = {"demand_sd", "lead_time_sd", "safety_stock", "minimum"}
OPTIONAL = {"unit_cost", "mean_demand"}  # None means "not given"


def test_the_good_arguments_work() -> None:
    for function, kwargs in GOOD:
        assert math.isfinite(function(**kwargs))


@pytest.mark.parametrize(
    ("function", "name", "bad"),
    [
        (function, name, bad)
        for function, name in ARGUMENTS
        for bad in [True, False, np.True_, None, [1], "12", "twelve"]
        if not (bad is None and name in OPTIONAL)
    ],
    ids=lambda x: getattr(x, "__name__", repr(x)),
)
def test_not_a_number(function, name, bad) -> None:
    kwargs = dict(next(good for f, good in GOOD if f is function), **{name: bad})
    message = raises(function, **kwargs)
    assert message.startswith(f"{function.__name__}(): {name} must be a number (")
    if isinstance(bad, str):
        assert message.endswith(f", not the text {bad!r}; write the number without quotes")
    else:
        assert message.endswith(f", not {(bad.item() if isinstance(bad, np.generic) else bad)!r}")


@pytest.mark.parametrize(("function", "name"), ARGUMENTS, ids=lambda x: getattr(x, "__name__", x))
@pytest.mark.parametrize("bad", [NAN, math.inf, -math.inf, np.float64("nan")], ids=repr)
def test_not_finite(function, name, bad) -> None:
    kwargs = dict(next(good for f, good in GOOD if f is function), **{name: bad})
    message = raises(function, **kwargs)
    assert message.startswith(f"{function.__name__}(): {name} must be a finite number (")
    assert message.endswith(f", not {float(bad)!r}")


@pytest.mark.parametrize(
    ("function", "name"),
    [pair for pair in ARGUMENTS if pair[1] not in {"service_level"}],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_negative_and_zero(function, name) -> None:
    kwargs = dict(next(good for f, good in GOOD if f is function))
    message = raises(function, **dict(kwargs, **{name: -3}))
    if name in ZERO_ALLOWED:
        assert message.startswith(f"{function.__name__}(): {name} must be 0 or more (")
        assert math.isfinite(function(**dict(kwargs, **{name: 0})))
    else:
        assert message.startswith(f"{function.__name__}(): {name} must be more than 0 (")
        assert raises(function, **dict(kwargs, **{name: 0})).endswith(", not 0")
    assert message.endswith(", not -3")


def test_exact_messages() -> None:
    assert raises(inventory.eoq, -12_000, 50, 2.4) == (
        "eoq(): annual_demand must be more than 0 (units demanded per year, such as 12000), not -12000"
    )
    assert raises(inventory.eoq, 12_000, "50", 2.4) == (
        "eoq(): order_cost must be a number (£ per purchase order, such as 50), not the text '50'; "
        "write the number without quotes"
    )
    assert raises(inventory.eoq, 12_000, 50, np.float64(0.0)) == (
        "eoq(): holding_cost must be more than 0 (£ per unit per year, such as 2.40), not 0.0"
    )
    assert raises(inventory.annual_holding_cost, 2.4, True) == (
        "annual_holding_cost(): order_quantity must be a number (units per order, such as 700), not True"
    )
    assert raises(inventory.reorder_point, 33, 10, -5) == (
        "reorder_point(): safety_stock must be 0 or more (units of safety stock, such as 62), not -5"
    )


@pytest.mark.parametrize(
    ("level", "hint"),
    [(95, "give 95 % as 0.95"), (99.5, "give 99.5 % as 0.995"), (50, "give 50 % as 0.5"), (100, "give 100 % as 1")],
)
@pytest.mark.parametrize("function", [inventory.z_for_service_level, inventory.safety_stock])
def test_service_level_given_as_a_percentage(function, level, hint) -> None:
    args = (level,) if function is inventory.z_for_service_level else (level, 12, 10)
    assert raises(function, *args) == (
        f"{function.__name__}(): service_level must be a share between 0 and 1, not {level!r}; {hint}"
    )


@pytest.mark.parametrize(
    ("level", "why"),
    [
        (0, "a service level of 0 would mean running out in every cycle"),
        (0.0, "a service level of 0 would mean running out in every cycle"),
        (1, "no amount of safety stock makes a stock-out impossible (100 %)"),
        (1.0, "no amount of safety stock makes a stock-out impossible (100 %)"),
        (150, "no amount of safety stock makes a stock-out impossible (100 %)"),
    ],
)
def test_service_level_of_0_or_1_or_more(level, why) -> None:
    assert raises(inventory.safety_stock, level, 12, 10) == (
        f"safety_stock(): service_level must be more than 0 and less than 1 (a share between 0 and 1, "
        f"such as 0.95 for 95 %), not {level!r}; {why}"
    )


def test_negative_service_level() -> None:
    assert raises(inventory.z_for_service_level, -0.95) == (
        "z_for_service_level(): service_level must be 0 or more (a share between 0 and 1, such as 0.95 for 95 %), "
        "not -0.95"
    )


@pytest.mark.parametrize(
    ("rate", "hint"), [(25, "give 25 % as 0.25"), (22.5, "give 22.5 % as 0.225"), (100, "give 100 % as 1")]
)
def test_holding_rate_given_as_a_percentage(rate, hint) -> None:
    assert raises(inventory.holding_cost_per_unit, 9.60, rate) == (
        f"holding_cost_per_unit(): holding_rate must be a share of the unit cost per year, at most 1, "
        f"not {rate!r}; {hint}"
    )


def test_holding_rate_far_too_big() -> None:
    assert raises(inventory.holding_cost_per_unit, 9.60, 250) == (
        "holding_cost_per_unit(): holding_rate must be more than 0 and at most 1 "
        "(a share of the unit cost per year, such as 0.25 for 25 %), not 250"
    )


@pytest.mark.parametrize("function", [inventory.demand_sd_over_lead_time, inventory.safety_stock])
def test_lead_time_sd_needs_mean_demand(function) -> None:
    args = (3, 4, 1) if function is inventory.demand_sd_over_lead_time else (0.95, 3, 4, 1)
    assert raises(function, *args) == (
        f"{function.__name__}(): a lead_time_sd of 1 needs mean_demand too (the mean demand, in units per period, "
        f"such as 33): every period the lead time runs over uses up another period of mean demand"
    )
    assert function(*args, mean_demand=8) > 0


# --- ABC classes --------------------------------------------------------------------------------------------------


def abc(values: dict, a: float = 0.8, b: float = 0.95) -> dict:
    """``abc_classes`` of ``values`` as a plain dict, in the order it returns them."""
    return inventory.abc_classes(pd.Series(values), a=a, b=b).to_dict()


def test_abc_hand_worked() -> None:
    # £100,000 in all; shares before each SKU: 0, 0.60, 0.80, 0.95, 0.98
    value = {
        "BW-PLT-0420": 15_000,
        "BW-FUR-1100": 60_000,
        "BW-HOS-0150": 2_000,
        "BW-BBQ-0800": 20_000,
        "BW-TOL-0310": 3_000,
    }
    result = inventory.abc_classes(pd.Series(value))
    assert result.name == "abc_class"
    assert result.dtype == object
    assert list(result.items()) == [
        ("BW-FUR-1100", "A"),
        ("BW-BBQ-0800", "A"),  # 0.60 before it: the SKU that takes the share past 0.8 is still A
        ("BW-PLT-0420", "B"),  # exactly 0.80 before it: not less than a, so B
        ("BW-TOL-0310", "C"),  # exactly 0.95 before it: C
        ("BW-HOS-0150", "C"),
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"x": 80, "y": 15, "z": 5}, ["A", "B", "C"]),  # boundaries reached exactly
        ({"x": 79, "y": 16, "z": 5}, ["A", "A", "C"]),  # 0.79 before y: A; 0.95 before z: C
        ({"x": 81, "y": 13, "z": 6}, ["A", "B", "B"]),  # 0.94 before z: B
        ({"x": 1}, ["A"]),  # one SKU is A
        ({"x": 10, "y": 0, "z": 0}, ["A", "C", "C"]),  # SKUs of no value: 100 % before them
    ],
)
def test_abc_boundaries(values, expected) -> None:
    assert list(abc(values).values()) == expected


def test_abc_limits_can_be_changed() -> None:
    values = {"x": 50, "y": 30, "z": 20}  # shares before: 0, 0.5, 0.8
    assert list(abc(values, a=0.5, b=0.8).values()) == ["A", "B", "C"]
    assert list(abc(values, a=0.6, b=0.6).values()) == ["A", "A", "C"]  # a == b: no B
    assert list(abc(values, a=0.8, b=1).values()) == ["A", "A", "B"]  # b == 1: C only for SKUs of no value
    assert list(abc(values, a=1, b=1).values()) == ["A", "A", "A"]


def test_abc_ties_go_by_label_and_may_straddle_a_limit() -> None:
    # P £50, Q and R £25 each: 0.75 before R with a=0.75, so Q is A and R is B although they are worth the same
    values = {"R": 25, "Q": 25, "P": 50}
    assert abc(values, a=0.75) == {"P": "A", "Q": "A", "R": "B"}
    assert list(abc(values, a=0.75)) == ["P", "Q", "R"]
    backwards = dict(reversed(list(values.items())))
    assert abc(backwards, a=0.75) == abc(values, a=0.75)
    # five SKUs of equal value, in label order v, w, x, y, z: shares before them 0, 0.2, 0.4, 0.6, 0.8
    assert abc({"z": 1, "y": 1, "x": 1, "w": 1, "v": 1}) == {"v": "A", "w": "A", "x": "A", "y": "A", "z": "B"}


def test_abc_rounding_in_the_last_place_does_not_change_a_class() -> None:
    values = {"x": 0.6, "y": 0.15}  # 0.6 / 0.75 is exactly 0.8, but 0.7999999999999999 in a computer
    series = pd.Series(values)
    assert series["x"] / series.sum() < 0.8  # without the tolerance y would be A
    assert abc(values) == {"x": "A", "y": "B"}


def test_abc_numeric_labels_and_integer_values() -> None:
    result = inventory.abc_classes(pd.Series([5, 90, 5], index=[3, 1, 2]))
    assert list(result.items()) == [(1, "A"), (2, "B"), (3, "C")]  # 0.90 before SKU 2, 0.95 before SKU 3
    nullable = inventory.abc_classes(pd.Series([5, 90, 5], index=[3, 1, 2], dtype="Int64"))
    pd.testing.assert_series_equal(nullable, result)


def test_abc_does_not_change_its_input() -> None:
    series = pd.Series({"b": 1.0, "a": 3.0})
    inventory.abc_classes(series)
    pd.testing.assert_series_equal(series, pd.Series({"b": 1.0, "a": 3.0}))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=30).filter(any),
    data=st.data(),
)
def test_abc_properties(values, data) -> None:
    a = data.draw(st.sampled_from([0.5, 0.7, 0.8, 0.9]))
    b = data.draw(st.sampled_from([0.9, 0.95, 1.0]).filter(lambda b: b >= a))
    labels = [f"SKU{i:02d}" for i in range(len(values))]
    series = pd.Series(values, index=labels)
    result = inventory.abc_classes(series, a=a, b=b)
    assert sorted(result.index) == labels
    assert set(result) <= {"A", "B", "C"}
    assert result.iloc[0] == "A"
    # classes never go back up the alphabet down the ranking, and values never rise
    assert list(result) == sorted(result)
    assert list(series[result.index]) == sorted(values, reverse=True)
    # A is the smallest top set that makes at least a of the value
    total = sum(values)
    in_a = series[result.index[result == "A"]]
    assert in_a.sum() >= a * total * (1 - 1e-9) or len(in_a) == len(values)
    assert in_a.sum() - in_a.iloc[-1] < a * total
    # the result does not depend on the order of the input
    shuffled = series.iloc[data.draw(st.permutations(range(len(values))))]
    pd.testing.assert_series_equal(inventory.abc_classes(shuffled, a=a, b=b), result)


@pytest.mark.parametrize(
    ("annual_value", "expected"),
    [
        (
            [1, 2],
            "abc_classes() needs a pandas Series of annual consumption value (£ per year) indexed by SKU, not list",
        ),
        (
            pd.DataFrame({"value": [1]}),
            "abc_classes() needs a pandas Series of annual consumption value (£ per year) indexed by SKU, "
            "not DataFrame",
        ),
        (pd.Series([], dtype=float), "abc_classes() needs at least one SKU, but the Series is empty"),
        (
            pd.Series(["10", "20"], index=["x", "y"]),
            f"abc_classes(): annual_value must hold numbers (£ per year), but it holds {pd.Series(['1']).dtype} values",
        ),
        (
            pd.Series([True, False], index=["x", "y"]),
            "abc_classes(): annual_value must hold numbers (£ per year), but it holds bool values",
        ),
        (
            pd.Series([10, 20, 5], index=["x", "y", "x"]),
            "abc_classes(): each SKU must appear once, but 'x' appears more than once; "
            "add up the value per SKU first, e.g. with .groupby(level=0).sum()",
        ),
        (
            pd.Series([10, -20], index=["x", "y"]),
            "abc_classes(): annual_value must be a finite number of £ per year, 0 or more, for every SKU, "
            "but it is -20 for 'y'",
        ),
        (
            pd.Series([10, NAN], index=["x", "y"]),
            "abc_classes(): annual_value must be a finite number of £ per year, 0 or more, for every SKU, "
            "but it is empty (NaN) for 'y'",
        ),
        (
            pd.Series([10, None], index=["x", "y"], dtype="Int64"),
            "abc_classes(): annual_value must be a finite number of £ per year, 0 or more, for every SKU, "
            "but it is empty (NaN) for 'y'",
        ),
        (
            pd.Series([math.inf, 1.0], index=["x", "y"]),
            "abc_classes(): annual_value must be a finite number of £ per year, 0 or more, for every SKU, "
            "but it is inf for 'x'",
        ),
        (
            pd.Series([0, 0], index=["x", "y"]),
            "abc_classes(): the total annual_value is 0; ABC analysis needs some value to share out",
        ),
    ],
)
def test_abc_bad_values(annual_value, expected) -> None:
    assert raises(inventory.abc_classes, annual_value) == expected


@pytest.mark.parametrize(
    ("limits", "expected"),
    [
        ({"a": 80}, "abc_classes(): a must be a share between 0 and 1, not 80; give 80 % as 0.8"),
        ({"b": 95}, "abc_classes(): b must be a share between 0 and 1, not 95; give 95 % as 0.95"),
        (
            {"a": 0},
            "abc_classes(): a must be more than 0 (a cumulative share between 0 and 1, such as 0.8 for 80 %), not 0",
        ),
        (
            {"b": 250},
            "abc_classes(): b must be more than 0 and at most 1 (a cumulative share between 0 and 1, "
            "such as 0.95 for 95 %), not 250",
        ),
        (
            {"a": "0.8"},
            "abc_classes(): a must be a number (a cumulative share between 0 and 1, such as 0.8 for 80 %), "
            "not the text '0.8'; write the number without quotes",
        ),
        ({"a": 0.9, "b": 0.8}, "abc_classes(): a must not be more than b, but a is 0.9 and b is 0.8"),
    ],
)
def test_abc_bad_limits(limits, expected) -> None:
    assert raises(inventory.abc_classes, pd.Series({"x": 1.0}), **limits) == expected
