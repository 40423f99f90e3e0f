"""Tests for the ``orders`` dataset: the shipped file, its invariants and the story it tells."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, kpis, world

_orders = datasets._orders

CUSTOMER_TYPES = {"retail_dc", "garden_centre", "wholesaler", "contract_client", "business_buyer", "e_commerce"}
CHANNELS = {"EDI", "customer portal", "email", "phone"}
DATES = ["order_date", "promised_date", "delivered_date"]
PER_ORDER = [
    "customer",
    "customer_type",
    "channel",
    "carrier",
    "order_date",
    "promised_date",
    "week",
    "complaint",
    "documents_correct",
    "sla_target_hours",
]
WORLD = world.load()


def check_orders(frame: pd.DataFrame) -> None:
    """Assert the invariants every ``orders`` table must keep, whatever the seed."""
    assert list(frame.columns) == list(_orders.COLUMNS)
    assert 1_900 <= len(frame) <= 2_100
    assert frame.notna().drop(columns="resolution_hours").all().all()

    # Orders and lines: SO-10001 upwards, lines numbered 1..n, 1 to 6 lines an order, no SKU twice.
    ids = frame["order_id"].drop_duplicates()
    assert ids.tolist() == [f"SO-{n}" for n in range(10_001, 10_001 + len(ids))]
    assert frame.index.tolist() == list(range(len(frame)))
    sizes = frame.groupby("order_id", sort=False).size()
    assert sizes.between(1, 6).all()
    assert set(sizes) == {1, 2, 3, 4, 5, 6}
    assert (frame["line_no"] == frame.groupby("order_id").cumcount() + 1).all()
    assert not frame.duplicated(["order_id", "sku"]).any()
    assert frame.groupby("order_id", sort=False)[PER_ORDER].nunique().eq(1).all().all()

    # Dates: whole days; ordered <= promised, ordered <= delivered; promised in the 12 weeks.
    for column in DATES:
        assert (frame[column] == frame[column].dt.normalize()).all(), column
    assert (frame["order_date"] <= frame["promised_date"]).all()
    assert (frame["order_date"] <= frame["delivered_date"]).all()
    assert frame["promised_date"].between(pd.Timestamp("2026-01-05"), pd.Timestamp("2026-03-29")).all()
    assert (frame["promised_date"].dt.day_of_week <= 5).all()
    assert (frame["delivered_date"].dt.day_of_week <= 5).all()
    weeks = (frame["promised_date"] - pd.Timestamp("2026-01-05")).dt.days // 7 + 1
    assert (frame["week"] == weeks).all()
    assert set(frame["week"]) == set(range(1, 13))
    assert frame["order_id"].is_monotonic_increasing
    assert frame.drop_duplicates("order_id")["order_date"].is_monotonic_increasing

    # Quantities: ordered > 0, 0 <= delivered <= ordered, and some orders short-shipped.
    assert (frame["qty_ordered"] > 0).all()
    assert frame["qty_delivered"].between(0, frame["qty_ordered"]).all()
    short_orders = frame.loc[frame["qty_delivered"] < frame["qty_ordered"], "order_id"].nunique()
    assert short_orders >= 5

    # Complaints: same on every line; resolution hours for complaints only, > 0, to 0.1 hour.
    hours = frame["resolution_hours"]
    assert (hours.notna() == frame["complaint"]).all()
    assert (hours.dropna() > 0).all()
    assert np.allclose(hours.dropna(), hours.dropna().round(1))
    assert frame.groupby("order_id")["resolution_hours"].nunique(dropna=False).eq(1).all()
    assert 0 < frame.drop_duplicates("order_id")["complaint"].mean() < 0.2

    # Who: about 8 customers of every type, every channel, Brightwater fleet and 3-4 other carriers.
    assert 7 <= frame["customer"].nunique() <= 9
    assert set(frame["customer_type"]) == CUSTOMER_TYPES
    assert frame.groupby("customer")["customer_type"].nunique().eq(1).all()
    assert set(frame["channel"]) == CHANNELS
    assert "Brightwater fleet" in set(frame["carrier"])
    assert _orders.LATE_CARRIER in set(frame["carrier"])
    assert 4 <= frame["carrier"].nunique() <= 5
    # Names and clocks from the world file: every customer is a world party of its customer type, every
    # carrier but the own fleet a world carrier, and each complaint clock the world's for the customer type.
    for name, kind in frame[["customer", "customer_type"]].drop_duplicates().itertuples(index=False):
        assert WORLD.party(name).name == name and WORLD.party(name).customer_type == kind, name
    for carrier in set(frame["carrier"]) - {"Brightwater fleet"}:
        assert WORLD.party(carrier).name == carrier and WORLD.party(carrier).role, carrier
    clocks = frame["customer_type"].map(lambda kind: WORLD.complaint_clock(kind)[1])
    assert (frame["sla_target_hours"] == clocks).all()

    # Damage on a few lines, wrong paperwork on a few orders.
    assert 0 < frame["damaged"].sum() < 0.02 * len(frame)
    documents = frame.drop_duplicates("order_id")["documents_correct"]
    assert 0 < (~documents).sum() < 0.05 * len(documents)
    assert frame["sku"].str.fullmatch(r"[A-Z]{3}-\d{4}").all()

    # Every KPI accepts the table as it is.
    for value in (
        kpis.otif(frame),
        kpis.perfect_order_rate(frame),
        kpis.order_accuracy(frame),
        kpis.fill_rate(frame, "units"),
        kpis.complaint_resolution(frame, "sla_target_hours"),
    ):
        assert 0 <= value <= 1


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("orders")


def order_late(lines: pd.DataFrame) -> pd.Series:
    """For each line, whether its order was late, using the course's own on-time rule."""
    on_time = kpis.on_time_rate(lines, by="order_id")
    return lines["order_id"].map(on_time).eq(0)


# --- the shipped file ---------------------------------------------------------------------------------------------


def test_registered() -> None:
    assert "orders" in datasets.names()
    assert datasets.describe("orders") == _orders.COLUMNS


def test_shipped_csv_equals_fresh_generate(shipped) -> None:
    pd.testing.assert_frame_equal(shipped, datasets.generate("orders"), check_exact=True)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("orders"), _orders.generate(_orders.SEED))


def test_load_dtypes(shipped) -> None:
    for column in DATES:
        assert shipped[column].dtype == "datetime64[ns]", column
    for column in ["picked_correctly", "damaged", "documents_correct", "complaint"]:
        assert shipped[column].dtype == bool, column
    for column in ["line_no", "week", "qty_ordered", "qty_delivered", "sla_target_hours"]:
        assert shipped[column].dtype == "int64", column
    assert shipped["resolution_hours"].dtype == "float64"
    assert shipped["resolution_hours"].isna().any()
    for column in ["order_id", "customer", "customer_type", "channel", "carrier", "sku"]:
        assert pd.api.types.is_string_dtype(shipped[column]), column
        assert shipped[column].map(type).eq(str).all(), column


def test_load_returns_a_copy(shipped) -> None:
    first = datasets.load("Orders ")
    first.loc[0, "qty_delivered"] = -1
    pd.testing.assert_frame_equal(datasets.load("orders"), shipped)


def test_write_round_trip(tmp_path) -> None:
    path = datasets.write("orders", tmp_path)
    assert path == tmp_path / "orders.csv"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(_orders.COLUMNS)
    assert ",2026-01-05," in text  # dates are written as plain days
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "orders.csv")))
    assert path.read_bytes() == shipped_file.read_bytes()


def test_describe_gives_meanings_with_units() -> None:
    meanings = datasets.describe("orders")
    assert list(meanings) == list(datasets.load("orders").columns)
    assert all(isinstance(text, str) and len(text) > 30 for text in meanings.values())
    assert "hours" in meanings["resolution_hours"]
    assert "hours" in meanings["sla_target_hours"]
    assert "units" in meanings["qty_ordered"]
    assert "units" in meanings["qty_delivered"]
    assert "date" in meanings["delivered_date"]
    assert "EDI" in meanings["channel"]


def test_shipped_invariants(shipped) -> None:
    check_orders(shipped)


def test_generate_is_deterministic_and_depends_on_the_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("orders", 7), datasets.generate("orders", 7))
    assert not datasets.generate("orders", 7).equals(datasets.generate("orders", 8))


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_invariants_hold_for_any_seed(seed: int) -> None:
    check_orders(datasets.generate("orders", seed))


# --- the story, for the shipped seed, measured with logiserve.kpis ------------------------------------------------


def test_story_overall_otif(shipped) -> None:
    assert 0.76 <= kpis.otif(shipped) <= 0.84


def test_story_early_deliveries_miss_booked_slots(shipped) -> None:
    """Some orders arrive a day early: on time for an online shopper, not for a booked goods-in slot."""
    orders = shipped.groupby("order_id").agg(
        kind=("customer_type", "first"), promised=("promised_date", "first"), first=("delivered_date", "min")
    )
    early = orders[orders["first"] < orders["promised"]]
    booked = early["kind"].isin(WORLD.delivery_sla.booked_slot)
    assert 10 <= booked.sum() <= 30
    assert (~booked).sum() >= 10
    booked_ids = early.index[booked]
    assert kpis.on_time_rate(shipped[shipped["order_id"].isin(booked_ids)]) == 0
    assert kpis.on_time_rate(shipped[shipped["order_id"].isin(booked_ids)], window="by_promised_day") > 0.9
    assert kpis.otif(shipped, window="by_promised_day") >= kpis.otif(shipped) + 0.015


def test_story_mis_picks_are_mostly_the_right_quantity_of_the_wrong_item(shipped) -> None:
    """A mis-pick is not in full even when the quantity is right, and most mis-picks are such lines."""
    mis_picks = shipped[~shipped["picked_correctly"]]
    right_quantity = mis_picks[mis_picks["qty_delivered"] >= mis_picks["qty_ordered"]]
    assert len(right_quantity) >= 0.9 * len(mis_picks) >= 30
    assert kpis.in_full_rate(right_quantity, unit="line") == 0


def test_story_the_unit_and_the_rule_change_the_figure(shipped) -> None:
    """Per line and per unit OTIF are above per order OTIF; the perfect-order rate is a little below it."""
    per_order = kpis.otif(shipped)
    assert kpis.otif(shipped, unit="line") >= per_order + 0.03
    assert kpis.otif(shipped, unit="unit") >= per_order + 0.03
    assert per_order - 0.03 <= kpis.perfect_order_rate(shipped) < per_order
    assert kpis.fill_rate(shipped, "units") >= 0.98  # the quantities alone look far better than OTIF


def test_story_manual_channels_are_less_accurate_and_less_otif(shipped) -> None:
    accuracy = kpis.order_accuracy(shipped, by="channel")
    otif = kpis.otif(shipped, by="channel")
    for manual in ("email", "phone"):
        for system in ("EDI", "customer portal"):
            assert accuracy[manual] <= accuracy[system] - 0.10, (manual, system, accuracy.to_dict())
            assert otif[manual] <= otif[system] - 0.08, (manual, system, otif.to_dict())
    keyed = shipped.assign(keyed_by_hand=shipped["channel"].isin(["email", "phone"]))
    by_keying = kpis.order_accuracy(keyed, by="keyed_by_hand")
    assert by_keying[True] <= by_keying[False] - 0.15


def test_story_swiftline_is_the_late_carrier(shipped) -> None:
    on_time = kpis.on_time_rate(shipped, by="carrier")
    assert on_time.idxmin() == "Swiftline Parcels" == _orders.LATE_CARRIER
    assert on_time["Swiftline Parcels"] <= on_time.drop("Swiftline Parcels").min() - 0.08


def test_story_late_deliveries_drive_complaints(shipped) -> None:
    orders = shipped.assign(late=order_late(shipped)).drop_duplicates("order_id")
    share = orders.groupby("late")["complaint"].mean()
    assert share[True] >= 10 * share[False]
    complaints = orders[orders["complaint"]]
    assert complaints["late"].mean() > 0.7  # most complaints follow a late delivery


def test_story_most_but_not_all_complaints_resolved_within_sla(shipped) -> None:
    within = kpis.complaint_resolution(shipped, "sla_target_hours")
    assert 0.70 <= within <= 0.85
    assert 30 <= shipped.drop_duplicates("order_id")["complaint"].sum() <= 60


def test_story_some_orders_are_short_shipped(shipped) -> None:
    quantity_in_full = (shipped["qty_delivered"] >= shipped["qty_ordered"]).groupby(shipped["order_id"]).all().mean()
    assert 0.95 <= quantity_in_full < 0.99
    assert kpis.in_full_rate(shipped) <= quantity_in_full - 0.03  # mis-picks and damage are not in full either
    assert kpis.fill_rate(shipped, "units") > kpis.in_full_rate(shipped)
