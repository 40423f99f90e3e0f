"""Tests for the ``complaints`` dataset: the shipped file, its invariants and the story it tells."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import complaints, datasets

_complaints = datasets._complaints

CHANNELS = {"phone", "email", "customer_portal", "account_manager", "social_media"}
CUSTOMER_TYPES = {"retail_dc", "garden_centre", "wholesaler", "e_commerce"}
KEY_ACCOUNTS = {"retail_dc", "wholesaler"}
CATEGORIES = {"late_delivery", "damaged_goods", "wrong_item", "missing_paperwork", "billing"}
ROOT_CAUSES = {
    "carrier_missed_slot": "late_delivery",
    "late_despatch": "late_delivery",
    "poor_load_securing": "damaged_goods",
    "picking_error": "wrong_item",
    "wms_stock_mismatch": "wrong_item",
    "paperwork_not_printed": "missing_paperwork",
    "pricing_data_error": "billing",
}
SLA_HOURS = {"retail_dc": (4, 48), "wholesaler": (4, 48), "garden_centre": (24, 72), "e_commerce": (24, 120)}
VITAL_FEW = ["carrier_missed_slot", "poor_load_securing", "picking_error"]


def check_complaints(frame: pd.DataFrame) -> None:
    """Assert the invariants every ``complaints`` table must keep, whatever the seed."""
    assert list(frame.columns) == list(_complaints.COLUMNS)
    assert frame.notna().all().all()
    assert frame.index.tolist() == list(range(len(frame)))

    # Complaints: K0001 upwards, in the order received, all within the quarter.
    assert 270 <= len(frame) <= 330
    assert frame["complaint_id"].tolist() == [f"K{n:04d}" for n in range(1, len(frame) + 1)]
    assert frame["received"].is_monotonic_increasing
    assert frame["received"].min() >= pd.Timestamp("2026-07-01")
    assert frame["received"].max() < pd.Timestamp("2026-10-01")
    assert (frame["received"].dt.second == 0).all()

    # Who, how and what: known values, and a category that follows from the root cause.
    assert set(frame["channel"]) == CHANNELS
    assert set(frame["customer_type"]) == CUSTOMER_TYPES
    assert set(frame["category"]) == CATEGORIES
    assert set(frame["root_cause"]) <= set(ROOT_CAUSES)
    assert len(set(frame["root_cause"])) >= 6
    assert (frame["category"] == frame["root_cause"].map(ROOT_CAUSES)).all()
    assert not frame.loc[frame["customer_type"].isin(KEY_ACCOUNTS), "channel"].isin(["customer_portal"]).any()
    assert not frame.loc[frame["channel"] == "social_media", "customer_type"].ne("e_commerce").any()

    # The phone line and the account managers work 08:00-18:00 on weekdays.
    staffed = frame[frame["channel"].isin(["phone", "account_manager"])]["received"]
    assert (staffed.dt.day_of_week < 5).all()
    assert staffed.dt.hour.between(8, 17).all()

    # Hours: plausible, to 0.1 hour, resolution never before acknowledgement; SLA targets by customer type.
    for column in ["hours_to_acknowledge", "hours_to_resolve"]:
        hours = frame[column]
        assert (hours >= 0.1).all(), column
        assert ((hours * 10).round() / 10 == hours).all(), column
    # A message sent on Saturday evening waits 38 hours for Monday morning; no stage takes over 3 times its mean.
    assert (frame["hours_to_acknowledge"] <= 38 + 3 * 12).all()
    assert (frame["hours_to_resolve"] <= frame["hours_to_acknowledge"] + 3 * 88).all()
    assert (frame["hours_to_resolve"] >= frame["hours_to_acknowledge"]).all()
    targets = frame["customer_type"].map(SLA_HOURS)
    assert (frame["ack_sla_hours"] == targets.str[0]).all()
    assert (frame["resolve_sla_hours"] == targets.str[1]).all()
    assert (frame.loc[frame["channel"] == "phone", "hours_to_acknowledge"] <= 1).all()  # acknowledged on the call

    # Every measure accepts the table as it is, and the story holds loosely for any seed.
    ack = complaints.sla_breach_rate(frame, "acknowledge")
    resolve = complaints.sla_breach_rate(frame, "resolve")
    assert 0.05 <= ack <= 0.25
    assert 0.15 <= resolve <= 0.40
    assert resolve > ack
    table = complaints.pareto(frame)
    assert table["cumulative_share"].iloc[-1] == 1.0
    assert table.loc[VITAL_FEW, "share"].sum() >= 0.70
    assert complaints.worst_category(frame) == "damaged_goods"
    assert frame["escalated"].any() and not frame["escalated"].all()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("complaints")


# --- the shipped file ---------------------------------------------------------------------------------------------


def test_registered() -> None:
    assert "complaints" in datasets.names()
    assert datasets.describe("complaints") == _complaints.COLUMNS
    assert list(_complaints.DTYPES) == list(_complaints.COLUMNS)


def test_shipped_csv_equals_fresh_generate(shipped) -> None:
    pd.testing.assert_frame_equal(shipped, datasets.generate("complaints"), check_exact=True)
    assert shipped.dtypes.equals(datasets.generate("complaints").dtypes)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("complaints"), _complaints.generate(_complaints.SEED))


def test_load_dtypes(shipped) -> None:
    assert shipped["received"].dtype == "datetime64[ns]"
    for column in ["hours_to_acknowledge", "hours_to_resolve"]:
        assert shipped[column].dtype == "float64", column
    for column in ["ack_sla_hours", "resolve_sla_hours"]:
        assert shipped[column].dtype == "int64", column
    assert shipped["escalated"].dtype == bool
    for column in ["complaint_id", "channel", "customer_type", "category", "root_cause"]:
        assert pd.api.types.is_string_dtype(shipped[column]), column
        assert shipped[column].map(type).eq(str).all(), column


def test_received_is_iso_text_in_the_csv() -> None:
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "complaints.csv")))
    first = shipped_file.read_text(encoding="utf-8").splitlines()[1].split(",")
    assert first[0] == "K0001"
    assert pd.Timestamp(first[1]).isoformat(sep=" ") == first[1]


def test_load_returns_a_copy(shipped) -> None:
    first = datasets.load(" Complaints ")
    first.loc[0, "hours_to_resolve"] = -1.0
    pd.testing.assert_frame_equal(datasets.load("complaints"), shipped)


def test_write_round_trip(tmp_path) -> None:
    path = datasets.write("complaints", tmp_path)
    assert path == tmp_path / "complaints.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(_complaints.COLUMNS)
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "complaints.csv")))
    assert path.read_bytes() == shipped_file.read_bytes()


def test_describe_gives_meanings_with_units() -> None:
    meanings = datasets.describe("complaints")
    assert list(meanings) == list(datasets.load("complaints").columns)
    assert all(isinstance(text, str) and len(text) > 30 for text in meanings.values())
    for column in ["hours_to_acknowledge", "ack_sla_hours", "hours_to_resolve", "resolve_sla_hours"]:
        assert "hours" in meanings[column], column
    assert "4" in meanings["ack_sla_hours"] and "24" in meanings["ack_sla_hours"]
    for hours in ["48", "72", "120"]:
        assert hours in meanings["resolve_sla_hours"], hours
    assert "2026" in meanings["received"]
    for values, column in [
        (CHANNELS, "channel"),
        (CUSTOMER_TYPES, "customer_type"),
        (CATEGORIES, "category"),
        (ROOT_CAUSES, "root_cause"),
    ]:
        for value in values:
            assert value in meanings[column], (column, value)


def test_shipped_invariants(shipped) -> None:
    check_complaints(shipped)


def test_generate_is_deterministic_and_depends_on_the_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("complaints", 7), datasets.generate("complaints", 7))
    assert not datasets.generate("complaints", 7).equals(datasets.generate("complaints", 8))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_invariants_hold_for_any_seed(seed: int) -> None:
    check_complaints(datasets.generate("complaints", seed))


# --- the story, for the shipped seed, measured with logiserve.complaints ------------------------------------------


def test_story_size(shipped) -> None:
    assert len(shipped) == 304


def test_story_resolution_breaches_more_than_acknowledgement(shipped) -> None:
    ack = complaints.sla_breach_rate(shipped, "acknowledge")
    resolve = complaints.sla_breach_rate(shipped, "resolve")
    assert ack == pytest.approx(0.145, abs=0.005)  # 44 of 304: about one in seven
    assert resolve == pytest.approx(0.263, abs=0.005)  # 80 of 304: more than a quarter
    assert resolve >= ack + 0.10


def test_story_key_account_emails_miss_the_four_hour_acknowledgement(shipped) -> None:
    key = shipped[shipped["customer_type"].isin(KEY_ACCOUNTS)]
    by_channel = complaints.sla_breach_rate(key, by="channel")
    assert by_channel["email"] >= 0.5, by_channel.to_dict()
    assert by_channel["phone"] == 0.0 and by_channel["account_manager"] == 0.0


def test_story_pareto_vital_few(shipped) -> None:
    table = complaints.pareto(shipped)
    assert table.index[:3].tolist() == VITAL_FEW
    assert table["cumulative_share"].iloc[:3].tolist() == pytest.approx([0.362, 0.658, 0.816], abs=0.001)
    assert complaints.vital_few(shipped) == VITAL_FEW
    assert len(table) == 7
    assert table["complaints"].iloc[3] <= table["complaints"].iloc[2] / 1.5  # a clear drop after the vital few


def test_story_damaged_goods_take_longest_to_resolve(shipped) -> None:
    means = complaints.mean_resolution_hours_by(shipped)
    assert complaints.worst_category(shipped) == "damaged_goods"
    assert means["damaged_goods"] == pytest.approx(90.4, abs=0.1)
    assert means["damaged_goods"] >= means.drop("damaged_goods").max() + 30, means.to_dict()
    assert means["missing_paperwork"] == means.min()


def test_story_written_channels_are_acknowledged_slower(shipped) -> None:
    means = shipped.groupby("channel")["hours_to_acknowledge"].mean()
    assert means.sort_values().index.tolist() == [
        "phone",
        "account_manager",
        "customer_portal",
        "email",
        "social_media",
    ], means.to_dict()
    assert means["phone"] < 0.5
    assert means["email"] >= 8 and means["social_media"] >= 11


def test_story_escalation_follows_breaches_and_key_accounts(shipped) -> None:
    breached = shipped["hours_to_resolve"] > shipped["resolve_sla_hours"]
    by_breach = shipped.groupby(breached)["escalated"].mean()
    assert by_breach[True] >= by_breach[False] + 0.4, by_breach.to_dict()
    key = shipped["customer_type"].isin(KEY_ACCOUNTS)
    by_key = shipped.groupby(key)["escalated"].mean()
    assert by_key[True] >= by_key[False] + 0.15, by_key.to_dict()


def test_sla_targets_are_the_world_file_s_complaint_clocks() -> None:
    """Each complaint's targets are the clocks that logiserve/world.yaml gives its kind of customer."""
    from logiserve import world

    the_world = world.load()
    clocks_of = {kind: the_world.complaint_clock(kind) for kind in CUSTOMER_TYPES}
    assert clocks_of == _complaints.SLA_HOURS
    assert clocks_of == SLA_HOURS
    shipped = datasets.load("complaints")
    clocks = shipped["customer_type"].map(the_world.complaint_clock)
    assert (shipped["ack_sla_hours"] == clocks.str[0]).all()
    assert (shipped["resolve_sla_hours"] == clocks.str[1]).all()
    assert the_world.complaint_clock("retail_dc") == (4, 48) and the_world.complaint_clock("e_commerce") == (24, 120)
