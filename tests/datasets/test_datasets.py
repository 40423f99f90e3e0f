"""Tests for ``logiserve.datasets``."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets
from logiserve.customers import classify_parties

_parties = datasets._parties

PARTY_TYPES = {
    "department",
    "company_site",
    "retailer",
    "wholesaler",
    "consumer",
    "contract_client",
    "business_buyer",
    "public_sector_buyer",
    "supplier",
    "service_provider",
    "regulator",
    "community",
}
CUSTOMER_TYPES = {
    "retailer",
    "wholesaler",
    "consumer",
    "contract_client",
    "business_buyer",
    "public_sector_buyer",
}
NON_CUSTOMER_TYPES = {"supplier", "service_provider", "regulator", "community"}


def check_parties(frame: pd.DataFrame) -> None:
    """Assert the invariants every ``parties`` table must keep, whatever the seed."""
    assert list(frame.columns) == list(_parties.COLUMNS)
    assert 38 <= len(frame) <= 42
    assert frame["party_id"].tolist() == [f"P{i:02d}" for i in range(1, len(frame) + 1)]
    assert frame["name"].is_unique
    assert set(frame["party_type"]) <= PARTY_TYPES

    answer = classify_parties(frame)
    counts = answer.value_counts()
    assert 11 <= counts["internal"] <= 15
    assert 9 <= counts["external"] <= 13
    assert 13 <= counts["not_a_customer"] <= 17

    internal = frame[answer == "internal"]
    external = frame[answer == "external"]
    others = frame[answer == "not_a_customer"]
    assert set(internal["party_type"]) == {"department", "company_site"}
    assert set(external["party_type"]) == CUSTOMER_TYPES
    outside_others = others[~others["inside_organisation"]]
    assert set(outside_others["party_type"]) == NON_CUSTOMER_TYPES
    # a team inside Brightwater that receives nothing from us (an internal supplier): without one,
    # "inside the organisation" alone would pick exactly the internal customers
    inside_others = others[others["inside_organisation"]]
    assert len(inside_others) >= 1
    assert set(inside_others["party_type"]) == {"department"}
    assert not inside_others["receives_from_us"].any()

    assert (others["orders_per_week"] == 0).all()
    assert (frame.loc[frame["receives_from_us"], "orders_per_week"] >= 1).all()
    assert (frame.loc[frame["party_type"] == "consumer", "orders_per_week"] == 1).all()

    paying = frame["pays_us"]
    assert (frame.loc[paying, "annual_revenue_gbp"] > 0).all()
    assert (frame.loc[~paying, "annual_revenue_gbp"] == 0).all()
    assert (frame["annual_revenue_gbp"] % 100 == 0).all()
    assert not internal["pays_us"].any()
    assert not internal["we_pay_them"].any()
    assert not (frame["pays_us"] & frame["we_pay_them"]).any()
    assert (~external["pays_us"]).sum() >= 1  # the marketplace shopper

    regulators = frame[frame["party_type"] == "regulator"]
    assert len(regulators) >= 3
    assert regulators["regulates_us"].all()
    assert (answer[frame["regulates_us"]] == "not_a_customer").all()

    external_orders = external.groupby("party_type")["orders_per_week"].sum()
    assert external_orders.idxmax() == "retailer"


def test_names() -> None:
    assert datasets.names() == ["complaints", "demand", "journey_feedback", "orders", "parties"]
    assert set(datasets.__all__) == {"describe", "generate", "load", "names", "write"}


def test_shipped_csv_equals_fresh_generate() -> None:
    pd.testing.assert_frame_equal(datasets.load("parties"), datasets.generate("parties"), check_exact=True)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("parties"), _parties.generate(_parties.SEED))


def test_load_dtypes() -> None:
    frame = datasets.load("parties")
    for column in ["inside_organisation", "receives_from_us", "pays_us", "we_pay_them", "regulates_us"]:
        assert frame[column].dtype == bool, column
    assert frame["orders_per_week"].dtype == "int64"
    assert frame["annual_revenue_gbp"].dtype == "int64"
    for column in ["party_id", "name", "party_type", "description"]:
        assert pd.api.types.is_string_dtype(frame[column]), column
        assert frame[column].map(type).eq(str).all(), column


def test_load_ignores_case_and_spaces_and_returns_a_copy() -> None:
    first = datasets.load(" Parties ")
    first.loc[0, "orders_per_week"] = -1
    assert (datasets.load("parties")["orders_per_week"] >= 0).all()


def test_generate_is_deterministic() -> None:
    pd.testing.assert_frame_equal(datasets.generate("parties", 7), datasets.generate("parties", 7))


def test_generate_differs_for_another_seed() -> None:
    default = datasets.generate("parties")
    other = datasets.generate("parties", _parties.SEED + 1)
    assert not default.equals(other)
    assert default["name"].tolist() != other["name"].tolist()
    assert sorted(default["name"]) == sorted(other["name"])


@pytest.mark.parametrize("function", [datasets.load, datasets.generate, datasets.describe, datasets.write])
def test_unknown_name_suggests_closest(function) -> None:
    with pytest.raises(ValueError) as error:
        function("partys")
    assert str(error.value) == (
        "No dataset called 'partys'. Did you mean 'parties'? "
        "Datasets: complaints, demand, journey_feedback, orders, parties"
    )


def test_unknown_name_without_close_match_lists_names() -> None:
    with pytest.raises(ValueError) as error:
        datasets.load("warehouses")
    message = str(error.value)
    assert message == "No dataset called 'warehouses'. Datasets: complaints, demand, journey_feedback, orders, parties"
    assert "Did you mean" not in message


def test_describe_covers_every_column_exactly() -> None:
    meanings = datasets.describe("parties")
    assert list(meanings) == list(datasets.load("parties").columns)
    assert all(isinstance(text, str) and len(text) > 20 for text in meanings.values())
    assert "£" in meanings["annual_revenue_gbp"]
    meanings["name"] = "changed"
    assert datasets.describe("parties")["name"] != "changed"


def test_load_docstring_lists_every_column() -> None:
    for name in datasets.names():
        for column in datasets.describe(name):
            assert column in datasets.load.__doc__, (name, column)


def test_write_round_trip(tmp_path) -> None:
    path = datasets.write("parties", tmp_path)
    assert path == tmp_path / "parties.csv"
    shipped = datasets.load("parties")
    written = pd.read_csv(path, dtype=_parties.DTYPES, na_filter=False)
    pd.testing.assert_frame_equal(written, shipped)


def test_shipped_parties_invariants() -> None:
    check_parties(datasets.load("parties"))


def test_shipped_parties_external_picture() -> None:
    frame = datasets.load("parties")
    external = frame[classify_parties(frame) == "external"]
    orders = external.groupby("party_type")["orders_per_week"].sum()
    assert orders.is_unique, orders.to_dict()
    assert orders["retailer"] > orders.drop("retailer").sum()
    revenue = external.groupby("party_type")["annual_revenue_gbp"].sum()
    assert revenue.is_unique, revenue.to_dict()
    assert revenue.idxmax() == "retailer"


def test_descriptions_do_not_give_the_answer_away() -> None:
    frame = datasets.load("parties")
    text = frame["description"].str.lower()
    assert not text.str.contains("customer").any()
    assert frame["description"].str.endswith(".").all()
    assert frame["description"].is_unique


def test_council_appears_as_buyer_and_as_regulator() -> None:
    frame = datasets.load("parties").set_index("name")
    answer = classify_parties(frame)
    council = frame.index[frame.index.str.contains("Council")]
    assert sorted(answer[council]) == ["external", "not_a_customer"]


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_parties_invariants_hold_for_any_seed(seed: int) -> None:
    frame = datasets.generate("parties", seed)
    check_parties(frame)
    pd.testing.assert_frame_equal(frame, datasets.generate("parties", seed))
