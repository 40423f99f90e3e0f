"""Tests for the ``demand`` dataset: the shipped file, its invariants and the story it tells."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, inventory

_demand = datasets._demand

FOCUS = _demand.FOCUS_SKU
CONSTANTS = ["description", "unit_cost", "order_cost", "holding_rate", "lead_time_days", "lead_time_sd_days"]
A_ITEMS = ["BW-FUR-1100", "BW-PAR-0300", "BW-BBQ-0800", "BW-PLT-0420"]
B_ITEMS = {"BW-LGT-0120", "BW-PLT-0300", "BW-HOS-0150", "BW-FUR-1210", "BW-CMP-0050"}
IMPORTED = ["BW-FUR-1100", "BW-BBQ-0800", "BW-PAR-0300"]  # bulky lines with long, variable lead times
SUMMER = [5, 6, 7]
WINTER = [12, 1, 2]


def per_sku(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per SKU: its constants, annual units, daily mean and sd, and annual consumption value."""
    table = frame.groupby("sku")[CONSTANTS].first()
    units = frame.groupby("sku")["units"]
    table["annual_units"] = units.sum()
    table["daily_mean"] = units.mean()
    table["daily_sd"] = units.std()
    table["annual_value"] = table["annual_units"] * table["unit_cost"]
    return table


def seasonal_ratio(frame: pd.DataFrame) -> pd.Series:
    """Mean daily units in May to July over mean daily units in December to February, per SKU."""
    month = frame["date"].dt.month
    summer = frame[month.isin(SUMMER)].groupby("sku")["units"].mean()
    winter = frame[month.isin(WINTER)].groupby("sku")["units"].mean()
    return summer / winter


def check_demand(frame: pd.DataFrame) -> None:
    """Assert the invariants every ``demand`` table must keep, whatever the seed."""
    assert list(frame.columns) == list(_demand.COLUMNS)
    assert frame.notna().all().all()
    assert frame.index.tolist() == list(range(len(frame)))

    # Long form: every SKU on every day of 2025, once, sorted by SKU and date.
    assert len(frame) == 20 * 365
    days = pd.date_range("2025-01-01", "2025-12-31", freq="D")
    assert frame["sku"].value_counts().eq(365).all()
    for _, dates in frame.groupby("sku")["date"]:
        assert dates.tolist() == days.tolist()
    assert frame[["sku", "date"]].equals(frame[["sku", "date"]].sort_values(["sku", "date"], ignore_index=True))
    assert frame["sku"].map(lambda sku: re.fullmatch(r"BW-[A-Z]{3}-\d{4}", sku) is not None).all()

    # Per-SKU constants repeat on every row of the SKU, and are plausible.
    assert (frame.groupby("sku")[CONSTANTS].nunique() == 1).all().all()
    table = per_sku(frame)
    assert table["description"].is_unique
    assert table["unit_cost"].between(0.5, 200).all()
    assert table["order_cost"].between(20, 150).all()
    assert table["holding_rate"].between(0.15, 0.35).all()
    assert table["lead_time_days"].between(3, 42).all()
    assert (table["lead_time_sd_days"] > 0).all()
    assert (table["lead_time_sd_days"] <= table["lead_time_days"] / 4).all()
    assert (table["unit_cost"] * 100).round().eq(table["unit_cost"] * 100).all()  # whole pence

    # Demand: whole units, never negative, not wild.
    assert (frame["units"] >= 0).all()
    assert (table["daily_sd"] <= table["daily_mean"] + 1).all()
    maxima = frame.groupby("sku")["units"].max()
    assert (maxima <= 8 * table["daily_mean"] + 10).all()

    # The worked case: its constants, and its annual demand near 12,000.
    focus = table.loc[FOCUS]
    assert focus[["unit_cost", "order_cost", "holding_rate", "lead_time_days", "lead_time_sd_days"]].tolist() == [
        9.6,
        50.0,
        0.25,
        10,
        2.0,
    ]
    assert 11_000 <= focus["annual_units"] <= 13_000
    assert 25 <= focus["daily_mean"] <= 40

    # The ABC split: four A items (the planter among them), five B, eleven C.
    classes = inventory.abc_classes(table["annual_value"])
    assert classes.value_counts().to_dict() == {"A": 4, "B": 5, "C": 11}
    assert sorted(classes.index[classes == "A"]) == sorted(A_ITEMS)
    assert set(classes.index[classes == "B"]) == B_ITEMS
    shares = table["annual_value"].groupby(classes).sum() / table["annual_value"].sum()
    assert 0.80 <= shares["A"] <= 0.85
    assert 0.12 <= shares["B"] <= 0.16
    assert 0.03 <= shares["C"] <= 0.05

    # Seasons and weekdays.
    ratio = seasonal_ratio(frame)
    assert (ratio[IMPORTED] >= 2.5).all(), ratio[IMPORTED].to_dict()
    assert ratio["BW-BRD-0060"] < 1  # the bird feeder sells best in winter
    weekday = frame.groupby(frame["date"].dt.day_of_week)["units"].sum()
    assert weekday.idxmax() == 0 and weekday.idxmin() == 6  # Monday busiest, Sunday quietest


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("demand")


@pytest.fixture(scope="module")
def skus(shipped) -> pd.DataFrame:
    return per_sku(shipped)


# --- the shipped file ---------------------------------------------------------------------------------------------


def test_registered() -> None:
    assert "demand" in datasets.names()
    assert datasets.describe("demand") == _demand.COLUMNS
    assert list(_demand.DTYPES) == list(_demand.COLUMNS)
    assert FOCUS == "BW-PLT-0420"
    assert FOCUS in {product.sku for product in _demand.PRODUCTS}


def test_shipped_csv_equals_fresh_generate(shipped) -> None:
    pd.testing.assert_frame_equal(shipped, datasets.generate("demand"), check_exact=True)
    assert shipped.dtypes.equals(datasets.generate("demand").dtypes)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("demand"), _demand.generate(_demand.SEED))


def test_load_dtypes(shipped) -> None:
    assert shipped["date"].dtype == "datetime64[ns]"
    for column in ["units", "lead_time_days"]:
        assert shipped[column].dtype == "int64", column
    for column in ["unit_cost", "order_cost", "holding_rate", "lead_time_sd_days"]:
        assert shipped[column].dtype == "float64", column
    for column in ["sku", "description"]:
        assert pd.api.types.is_string_dtype(shipped[column]), column
        assert shipped[column].map(type).eq(str).all(), column


def test_dates_are_iso_days_in_the_csv() -> None:
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "demand.csv")))
    first = shipped_file.read_text(encoding="utf-8").splitlines()[1].split(",")
    assert first[0] == "BW-BBQ-0800"
    assert first[2] == "2025-01-01"


def test_load_returns_a_copy(shipped) -> None:
    first = datasets.load(" Demand ")
    first.loc[0, "units"] = -1
    pd.testing.assert_frame_equal(datasets.load("demand"), shipped)


def test_write_round_trip(tmp_path) -> None:
    path = datasets.write("demand", tmp_path)
    assert path == tmp_path / "demand.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(_demand.COLUMNS)
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "demand.csv")))
    assert path.read_bytes() == shipped_file.read_bytes()


def test_describe_gives_meanings_with_units() -> None:
    meanings = datasets.describe("demand")
    assert list(meanings) == list(datasets.load("demand").columns)
    assert all(isinstance(text, str) and len(text) > 30 for text in meanings.values())
    for column in ["unit_cost", "order_cost"]:
        assert "£ per" in meanings[column], column
    assert "share of the unit cost per year" in meanings["holding_rate"]
    assert "0.25 for 25 %" in meanings["holding_rate"]
    for column in ["lead_time_days", "lead_time_sd_days"]:
        assert "in days" in meanings[column], column
    assert "2025" in meanings["date"]
    assert "0 or more" in meanings["units"]
    for column in CONSTANTS[1:]:
        assert "same on every row of an SKU" in meanings[column], column


def test_shipped_invariants(shipped) -> None:
    check_demand(shipped)


def test_generate_is_deterministic_and_depends_on_the_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("demand", 7), datasets.generate("demand", 7))
    other = datasets.generate("demand", 8)
    assert not datasets.generate("demand", 7)["units"].equals(other["units"])
    pd.testing.assert_frame_equal(
        datasets.generate("demand", 7).drop(columns="units"), other.drop(columns="units")
    )  # the seed decides the daily units only


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_invariants_hold_for_any_seed(seed: int) -> None:
    check_demand(datasets.generate("demand", seed))


# --- the story, for the shipped seed, measured with logiserve.inventory -------------------------------------------


def test_story_abc_split(skus) -> None:
    classes = inventory.abc_classes(skus["annual_value"])
    assert classes.index[:4].tolist() == A_ITEMS  # sofa set, parasol, barbecue, planter: largest first
    assert classes.value_counts().to_dict() == {"A": 4, "B": 5, "C": 11}
    total = skus["annual_value"].sum()
    assert total == pytest.approx(692_907.90, abs=0.01)
    shares = skus["annual_value"].groupby(classes).sum() / total
    assert shares.to_dict() == pytest.approx({"A": 0.819, "B": 0.142, "C": 0.039}, abs=0.0005)
    # Clear boundaries: 82 % before the first B item, 93 % before the last B item and 96 % before the first C item.
    before = skus["annual_value"][classes.index].cumsum().shift(fill_value=0) / total
    assert before.iloc[4] == pytest.approx(0.819, abs=0.0005)
    assert before.iloc[8] == pytest.approx(0.934, abs=0.0005)
    assert before.iloc[9] == pytest.approx(0.961, abs=0.0005)


def test_story_some_c_items_sell_more_units_than_a_items(skus) -> None:
    classes = inventory.abc_classes(skus["annual_value"])
    units = skus["annual_units"]
    busy_c = units[classes == "C"].nlargest(3)
    assert set(busy_c.index) == {"BW-GLV-0010", "BW-TWN-0005", "BW-LBL-0100"}
    assert (busy_c > units[["BW-FUR-1100", "BW-BBQ-0800"]].max()).all()


def test_story_focus_sku(skus, shipped) -> None:
    focus = skus.loc[FOCUS]
    assert focus["description"] == "Terracotta-effect planter, 42 cm"
    assert focus["annual_units"] == 11_803
    assert focus["daily_mean"] == pytest.approx(32.34, abs=0.005)
    assert focus["daily_sd"] == pytest.approx(15.80, abs=0.005)
    holding = inventory.holding_cost_per_unit(focus["unit_cost"], focus["holding_rate"])
    assert holding == pytest.approx(2.40)
    quantity = inventory.eoq(focus["annual_units"], focus["order_cost"], holding)
    assert quantity == pytest.approx(701.3, abs=0.05)
    assert inventory.orders_per_year(focus["annual_units"], quantity) == pytest.approx(16.8, abs=0.05)
    assert inventory.total_annual_cost(focus["annual_units"], focus["order_cost"], holding, quantity) == (
        pytest.approx(1683.07, abs=0.005)
    )
    safety = inventory.safety_stock(
        0.95, focus["daily_sd"], focus["lead_time_days"], focus["lead_time_sd_days"], focus["daily_mean"]
    )
    assert safety == pytest.approx(134.4, abs=0.05)
    assert inventory.safety_stock(0.95, focus["daily_sd"], focus["lead_time_days"]) == pytest.approx(82.2, abs=0.05)
    assert inventory.reorder_point(focus["daily_mean"], focus["lead_time_days"], safety) == pytest.approx(
        457.8, abs=0.05
    )


def test_story_imported_lines_need_more_safety_stock_in_days(skus) -> None:
    def days_of_safety_stock(sku: str) -> float:
        row = skus.loc[sku]
        safety = inventory.safety_stock(
            0.95, row["daily_sd"], row["lead_time_days"], row["lead_time_sd_days"], row["daily_mean"]
        )
        return safety / row["daily_mean"]

    imported = min(days_of_safety_stock(sku) for sku in IMPORTED)
    local = max(days_of_safety_stock(sku) for sku in [FOCUS, "BW-CMP-0050", "BW-GLV-0010", "BW-TWN-0005"])
    assert imported >= 2 * local, (imported, local)
    assert skus.loc[IMPORTED, "lead_time_days"].min() >= 21
    assert skus.loc[["BW-CMP-0050", "BW-GLV-0010", "BW-TWN-0005"], "lead_time_days"].max() <= 7


def test_story_seasons(shipped) -> None:
    ratio = seasonal_ratio(shipped)
    assert (ratio[IMPORTED] >= 3).all(), ratio[IMPORTED].to_dict()
    assert ratio["BW-BRD-0060"] < 0.6
    month = shipped["date"].dt.month
    monthly = shipped.groupby(["sku", month])["units"].mean().unstack()
    assert monthly.loc["BW-CMP-0050"].idxmax() == 4  # compost peaks in April
    assert monthly.loc[IMPORTED].idxmax(axis=1).isin([5, 6, 7]).all()
    assert monthly.loc["BW-BRD-0060"].idxmax() in {12, 1, 2}


def test_story_the_planters_seasons(shipped) -> None:
    """05 states these figures: the planter's monthly mean runs from about 21 a day (November) to 45 (May)."""
    planter = shipped[shipped["sku"] == FOCUS]
    monthly = planter.groupby(planter["date"].dt.month)["units"].mean()
    assert monthly.idxmin() == 11 and monthly.min() == pytest.approx(20.87, abs=0.005)
    assert monthly[12] == pytest.approx(20.97, abs=0.005)
    assert monthly.idxmax() == 5 and monthly.max() == pytest.approx(45.26, abs=0.005)
    assert monthly.max() / monthly.min() > 2  # "more than twice as many"
    # so one yearly EOQ is too big in the quiet months and too small at the peak (EOQ grows with sqrt(demand))
    yearly = planter["units"].mean()
    assert (monthly.min() / yearly) ** 0.5 == pytest.approx(0.80, abs=0.005)
    assert (monthly.max() / yearly) ** 0.5 == pytest.approx(1.18, abs=0.005)


def test_story_the_planters_orders_and_turnover(skus) -> None:
    """05's rounding and turnover, on the default planter: cases of 12, an MOQ of 500, a lorry load of 3,000."""
    focus = skus.loc[FOCUS]
    holding = inventory.holding_cost_per_unit(focus["unit_cost"], focus["holding_rate"])
    quantity = inventory.eoq(365 * focus["daily_mean"], focus["order_cost"], holding)
    assert inventory.round_to_pack(quantity, 12, minimum=500) == 708  # 58.4 cases: 59
    safety = inventory.safety_stock(
        0.95, focus["daily_sd"], focus["lead_time_days"], focus["lead_time_sd_days"], focus["daily_mean"]
    )
    turnover = inventory.inventory_turnover(365 * focus["daily_mean"], inventory.average_stock(quantity, safety))
    assert turnover == pytest.approx(24.3, abs=0.05)
    assert inventory.days_of_inventory(turnover) == pytest.approx(15.0, abs=0.05)
    lorry = inventory.inventory_turnover(365 * focus["daily_mean"], inventory.average_stock(3_000, safety))
    assert lorry == pytest.approx(7.2, abs=0.05)
    assert inventory.days_of_inventory(lorry) == pytest.approx(50.5, abs=0.05)


def test_story_weekdays(shipped) -> None:
    weekday = shipped.groupby(shipped["date"].dt.day_of_week)["units"].mean()
    assert weekday[0] >= 2 * weekday[6]  # a Monday is more than twice as busy as a Sunday
    assert weekday[:5].min() > weekday[5] > weekday[6]
