"""Transport: tonne-km, freight cost, CO2e, modal shift and the choice of a mode, worked by hand."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import transport

feasible = transport.feasible_modes


def raises(function, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as error:
        function(*args, **kwargs)
    return str(error.value)


# Felixstowe to Northgate: road 310 km at £0.13 + £60, 1 day, 26 t, 95 g; rail 330 km at £0.05 + £420, 2 days,
# 300 t, 28 g.  20 t: road 60 + 0.13 × 20 × 310 = £866, rail 420 + 0.05 × 20 × 330 = £750.
LANE = pd.DataFrame(
    {
        "lane": ["FXT-NGT", "FXT-NGT"],
        "mode": ["road", "rail"],
        "distance_km": [310, 330],
        "rate_per_tonne_km": [0.13, 0.05],
        "fixed_cost": [60, 420],
        "transit_days": [1, 2],
        "capacity_tonnes": [26.0, 300.0],
        "co2_g_per_tonne_km": [95, 28],
    }
)


def test_public_names() -> None:
    assert set(transport.__all__) == {
        "MODES",
        "choose_mode",
        "co2_kg",
        "feasible_modes",
        "freight_cost",
        "modal_shift_saving",
        "tonne_km",
    }
    assert transport.MODES == ("road", "rail", "sea", "air")


def test_hand_worked_figures() -> None:
    assert transport.tonne_km(20, 310) == 6200.0
    assert transport.freight_cost(20, 310, 0.13, fixed_cost=60) == pytest.approx(866.0)
    assert transport.freight_cost(20, 330, 0.05, 420) == pytest.approx(750.0)
    assert transport.freight_cost(2, 100, 0.5) == pytest.approx(100.0)  # no fixed cost: 0.5 × 2 × 100
    assert transport.co2_kg(20, 310, 95) == pytest.approx(589.0)  # 6,200 tonne-km × 95 g = 589,000 g
    assert transport.modal_shift_saving(20, 310, 95, 28) == pytest.approx(415.4)  # 6,200 × 67 g
    assert transport.modal_shift_saving(1, 1000, 95, 600) == pytest.approx(-505.0)  # road to air: more CO2e


def test_feasible_modes_drops_the_too_slow_and_the_too_small() -> None:
    assert transport.feasible_modes(LANE, tonnes=20, days_available=3)["mode"].tolist() == ["road", "rail"]
    assert transport.feasible_modes(LANE, tonnes=20, days_available=1)["mode"].tolist() == ["road"]
    assert transport.feasible_modes(LANE, tonnes=26, days_available=1)["mode"].tolist() == ["road"]  # exactly full
    assert transport.feasible_modes(LANE, tonnes=30, days_available=2)["mode"].tolist() == ["rail"]
    assert transport.feasible_modes(LANE, tonnes=30, days_available=1).empty
    kept = transport.feasible_modes(LANE, tonnes=30, days_available=2)
    assert list(kept.columns) == list(LANE.columns) and kept.index.tolist() == [1]


def test_choose_mode_is_the_cheapest_feasible() -> None:
    assert transport.choose_mode(LANE, tonnes=20, days_available=3) == "rail"  # £750 < £866
    assert transport.choose_mode(LANE, tonnes=5, days_available=3) == "road"  # £261.50 < £502.50
    assert transport.choose_mode(LANE, tonnes=20, days_available=1) == "road"  # rail too slow
    assert transport.choose_mode(LANE, tonnes=30, days_available=5) == "rail"  # a lorry is too small


def test_a_tie_in_cost_goes_to_the_lower_carbon_mode() -> None:
    # road: 100 + 0.1 × 10 × 100 = £200; rail: 150 + 0.05 × 10 × 100 = £200, 28 g against 95 g
    lane = LANE.assign(distance_km=[100, 100], rate_per_tonne_km=[0.1, 0.05], fixed_cost=[100, 150])
    assert transport.choose_mode(lane, tonnes=10, days_available=5) == "rail"
    assert transport.choose_mode(lane[::-1], tonnes=10, days_available=5) == "rail"


def test_no_feasible_mode_is_said_plainly() -> None:
    message = raises(transport.choose_mode, LANE, tonnes=30, days_available=1)
    assert message.startswith("choose_mode(): no mode can carry 30 t within 1 days on this lane")
    assert "road takes 1 days and up to 26 t" in message and "rail takes 2 days and up to 300 t" in message


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: transport.tonne_km("20", 310), "tonne_km(): tonnes must be a number"),
        (lambda: transport.tonne_km(0, 310), "tonne_km(): tonnes must be more than 0"),
        (lambda: transport.tonne_km(20, float("nan")), "tonne_km(): distance_km must be a finite number"),
        (lambda: transport.freight_cost(20, 310, 0.13, -5), "freight_cost(): fixed_cost must be 0 or more"),
        (lambda: transport.freight_cost(20, 310, True), "freight_cost(): rate_per_tonne_km must be a number"),
        (lambda: transport.co2_kg(20, 310, -95), "co2_kg(): grams_per_tonne_km must be more than 0"),
        (lambda: transport.modal_shift_saving(20, 310, 95, 0), "modal_shift_saving(): to_grams must be more than 0"),
        (lambda: feasible(LANE, tonnes=20, days_available=-1), "days_available must be 0 or more"),
        (lambda: feasible(LANE.drop(columns="transit_days"), tonnes=1, days_available=1), "no column transit_days"),
        (lambda: feasible(LANE.iloc[:0], tonnes=1, days_available=1), "the table is empty"),
        (lambda: feasible(LANE.assign(mode=["road", "barge"]), tonnes=1, days_available=1), "not 'barge'"),
        (lambda: feasible(LANE.assign(lane=["A", "B"]), tonnes=1, days_available=1), "one lane"),
        (lambda: transport.choose_mode([1, 2], tonnes=1, days_available=1), "must be a table"),
    ],
)  # fmt: skip
def test_bad_input_is_explained(call, expected) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        call()


positive = st.floats(min_value=0.1, max_value=1000, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(tonnes=positive, distance=positive, rate=st.floats(min_value=0.001, max_value=5), fixed=st.floats(0, 2000))
def test_cost_grows_with_the_work_and_starts_at_the_fixed_cost(tonnes, distance, rate, fixed) -> None:
    cost = transport.freight_cost(tonnes, distance, rate, fixed)
    assert cost == pytest.approx(fixed + rate * transport.tonne_km(tonnes, distance))
    assert transport.freight_cost(tonnes * 2, distance, rate, fixed) >= cost


@settings(max_examples=60, deadline=None)
@given(tonnes=positive, distance=positive, a=st.floats(1, 1200), b=st.floats(1, 1200))
def test_the_modal_shift_saving_is_the_difference_of_the_emissions(tonnes, distance, a, b) -> None:
    saving = transport.modal_shift_saving(tonnes, distance, a, b)
    assert saving == pytest.approx(transport.co2_kg(tonnes, distance, a) - transport.co2_kg(tonnes, distance, b))
    assert saving == pytest.approx(-transport.modal_shift_saving(tonnes, distance, b, a))


@settings(max_examples=60, deadline=None)
@given(tonnes=st.floats(min_value=0.1, max_value=300), days=st.integers(min_value=0, max_value=10))
def test_the_mode_chosen_is_feasible_and_none_feasible_is_cheaper(tonnes, days) -> None:
    feasible = transport.feasible_modes(LANE, tonnes=tonnes, days_available=days)
    if feasible.empty:
        with pytest.raises(ValueError, match="no mode can carry"):
            transport.choose_mode(LANE, tonnes=tonnes, days_available=days)
        return
    chosen = transport.choose_mode(LANE, tonnes=tonnes, days_available=days)
    assert chosen in set(feasible["mode"])
    costs = {
        row.mode: transport.freight_cost(tonnes, row.distance_km, row.rate_per_tonne_km, row.fixed_cost)
        for row in feasible.itertuples()
    }
    assert costs[chosen] <= min(costs.values()) + 0.005
