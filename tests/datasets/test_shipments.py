"""Tests for the ``shipments`` dataset: choosing a mode is a real decision, for the shipped file and any seed."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, transport

_shipments = datasets._shipments
LANES = datasets.load("lanes")


def _cheapest(options: pd.DataFrame, tonnes: float) -> str:
    costs = {
        row.mode: transport.freight_cost(tonnes, row.distance_km, row.rate_per_tonne_km, row.fixed_cost)
        for row in options.itertuples()
    }
    return min(costs, key=costs.get)


def check_shipments(frame: pd.DataFrame) -> None:
    """The invariants every ``shipments`` table keeps, whatever the seed."""
    assert list(frame.columns) == list(_shipments.COLUMNS)
    assert len(frame) == 26
    assert frame["shipment"].tolist() == [f"SH-{n:03d}" for n in range(1, 27)]
    assert set(frame["lane"]) == set(LANES["lane"])  # every lane has shipments
    assert (frame["tonnes"] > 0).all() and (frame["tonnes"] == frame["tonnes"].round(1)).all()
    assert (frame["days_available"] >= 1).all()
    chosen, cheapest_infeasible = [], 0
    for row in frame.itertuples():
        options = LANES[LANES["lane"] == row.lane]
        feasible = transport.feasible_modes(options, tonnes=row.tonnes, days_available=row.days_available)
        assert not feasible.empty, row.shipment  # every shipment has a feasible mode
        mode = transport.choose_mode(options, tonnes=row.tonnes, days_available=row.days_available)
        chosen.append(mode)
        cheapest_infeasible += _cheapest(options, row.tonnes) not in set(feasible["mode"])
    # the cheapest mode on paper is impossible for a good share of the shipments
    assert cheapest_infeasible / len(frame) >= 0.4
    # the choice differs: every mode is the answer for some shipment, none for most
    counts = Counter(chosen)
    assert set(counts) == set(transport.MODES)
    assert max(counts.values()) / len(frame) < 0.5
    assert min(counts.values()) >= 3


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("shipments")


def test_registered_and_shipped(shipped) -> None:
    assert "shipments" in datasets.names()
    assert datasets.describe("shipments") == _shipments.COLUMNS
    pd.testing.assert_frame_equal(shipped, datasets.generate("shipments"), check_exact=True)
    assert shipped["tonnes"].dtype == "float64" and shipped["days_available"].dtype == "int64"


def test_shipped_shipments_make_mode_choice_a_real_decision(shipped) -> None:
    check_shipments(shipped)


def test_the_shipped_choices_by_hand(shipped) -> None:
    """Three shipments worked by hand from the lanes' figures."""
    rows = shipped.set_index("shipment")
    choose = {
        s: transport.choose_mode(
            LANES[LANES["lane"] == rows.loc[s, "lane"]],
            tonnes=rows.loc[s, "tonnes"],
            days_available=rows.loc[s, "days_available"],
        )
        for s in rows.index
    }
    # SH-008: 20.1 t from Felixstowe in 1 day: rail (420 + 0.05 × 20.1 × 330 = £751.65) is cheaper than road
    # (60 + 0.13 × 20.1 × 310 = £870.03) but takes 2 days
    assert tuple(rows.loc["SH-008", ["lane", "tonnes", "days_available"]]) == ("FXT-NGT", 20.1, 1)
    assert choose["SH-008"] == "road"
    # SH-004: 23 t from Portugal in 14 days: sea (£1,570) is cheapest, but the sailing takes only 20 t
    assert tuple(rows.loc["SH-004", ["lane", "tonnes", "days_available"]]) == ("VDS-NGT", 23.0, 14)
    assert choose["SH-004"] == "road"
    # SH-003: 10.4 t from Ningbo with 55 days: the ship (38 days) is cheapest and in time
    assert tuple(rows.loc["SH-003", ["lane", "tonnes", "days_available"]]) == ("LNH-NGT", 10.4, 55)
    assert choose["SH-003"] == "sea"


def test_another_seed_gives_other_shipments() -> None:
    assert not datasets.generate("shipments", _shipments.SEED + 1).equals(datasets.load("shipments"))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_invariants_hold_for_any_seed(seed: int) -> None:
    check_shipments(_shipments.generate(seed))
