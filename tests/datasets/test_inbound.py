"""Tests for the ``inbound`` dataset: the shipped file, its invariants and the suppliers' profiles."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, inventory, suppliers, world

_inbound = datasets._inbound
WORLD = world.load()
DATES = ["order_date", "booked_date", "arrived_date"]


def check_inbound(frame: pd.DataFrame) -> None:
    """The invariants every ``inbound`` table keeps, whatever the seed."""
    assert list(frame.columns) == list(_inbound.COLUMNS)
    assert 140 <= len(frame) <= 160
    assert frame["po"].tolist() == [f"PO-{n}" for n in range(50_001, 50_001 + len(frame))]
    assert frame["order_date"].is_monotonic_increasing
    assert (frame["order_date"] >= _inbound.START).all()
    assert (frame["order_date"] < _inbound.START + pd.Timedelta(weeks=_inbound.WEEKS)).all()
    for column in DATES[1:]:
        assert (frame[column].dt.day_of_week < 5).all(), column  # goods-in works Monday to Friday
    assert (frame["lead_time_days"] == (frame["arrived_date"] - frame["order_date"]).dt.days).all()
    assert (frame["booked_date"] > frame["order_date"]).all()
    assert (frame["ordered_qty"] > 0).all()
    assert frame["received_qty"].between(0, frame["ordered_qty"]).all()
    assert frame["rejected_qty"].between(0, frame["received_qty"]).all()
    # the suppliers come from the world file, with their profiles
    names = {p.name for p in WORLD.parties if p.kind == "supplier"}
    assert set(frame["supplier"]) == names
    assert {"BoxRight Packaging Ltd", "Vale do Sol Ceramics"} <= names and len(names) == 5
    card = suppliers.scorecard(frame)
    assert card["lead_time_sd"].idxmax() == "Lanhai Garden Tools Ltd"
    assert card["otif"].idxmin() == "Hollinsdale Plastics Ltd"
    assert card["quality"].idxmin() == "Trentvale Textiles Ltd"
    assert card["lead_time_mean"].idxmax() == "Lanhai Garden Tools Ltd"
    assert card["lead_time_mean"].idxmin() == "BoxRight Packaging Ltd"
    # early deliveries happen, and are not on time
    early = frame["arrived_date"] < frame["booked_date"]
    assert early.any() and not suppliers.delivery_on_time(frame)[early].any()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("inbound")


def test_registered_and_shipped(shipped) -> None:
    assert "inbound" in datasets.names()
    assert datasets.describe("inbound") == _inbound.COLUMNS
    pd.testing.assert_frame_equal(shipped, datasets.generate("inbound"), check_exact=True)
    for column in DATES:
        assert shipped[column].dtype == "datetime64[ns]", column
    for column in ["ordered_qty", "received_qty", "rejected_qty", "lead_time_days"]:
        assert shipped[column].dtype == "int64", column
    spec = ["po", "supplier", "sku", "ordered_qty", "received_qty", "rejected_qty", "booked_date", "arrived_date",
            "lead_time_days"]  # fmt: skip
    assert set(spec) <= set(shipped.columns)


def test_shipped_invariants(shipped) -> None:
    check_inbound(shipped)


def test_the_shipped_profiles(shipped) -> None:
    card = suppliers.scorecard(shipped)
    assert card.loc["BoxRight Packaging Ltd", "otif"] >= 0.9  # the reliable one
    assert card["score"].idxmax() == "BoxRight Packaging Ltd"
    assert card.loc["Hollinsdale Plastics Ltd", "otif"] < 0.6
    assert card.loc["Trentvale Textiles Ltd", "quality"] < 0.98 <= card.drop("Trentvale Textiles Ltd")["quality"].min()
    sd = card["lead_time_sd"].sort_values()
    # the spread differs clearly: the far-away supplier's sd is more than twice any other's
    assert sd.iloc[-1] > 2 * sd.iloc[-2] and sd.iloc[-2] > 2 * sd.iloc[0]
    assert card.loc["Lanhai Garden Tools Ltd", "lead_time_mean"] > 40


def test_a_variable_supplier_needs_more_safety_stock(shipped) -> None:
    """The same demand, each supplier's lead time: the far-away, variable supplier needs the most safety stock."""
    card = suppliers.scorecard(shipped)
    stock = {
        name: inventory.safety_stock(0.95, 12, row.lead_time_mean, lead_time_sd=row.lead_time_sd, mean_demand=33)
        for name, row in card.iterrows()
    }
    without_spread = inventory.safety_stock(0.95, 12, card.loc["Lanhai Garden Tools Ltd", "lead_time_mean"])
    assert max(stock, key=stock.get) == "Lanhai Garden Tools Ltd"
    assert stock["Lanhai Garden Tools Ltd"] > 2 * without_spread


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_invariants_hold_for_any_seed(seed: int) -> None:
    check_inbound(_inbound.generate(seed))
