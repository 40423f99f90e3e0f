"""Tests for ``logiserve.datasets``."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, world
from logiserve.customers import PROVIDED_FOR, classify_parties

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
    assert len(frame) == 45
    assert frame["party_id"].tolist() == [f"P{i:02d}" for i in range(1, len(frame) + 1)]
    assert frame["name"].is_unique
    assert set(frame["party_type"]) <= PARTY_TYPES
    assert set(frame["provided_for"]) == set(PROVIDED_FOR)
    # provided_for is "" exactly when nothing goes to the party
    assert ((frame["we_provide"] == "") == (frame["provided_for"] == "")).all()

    answer = classify_parties(frame)
    counts = answer.value_counts()
    assert counts.to_dict() == {"not_a_customer": 18, "external": 14, "internal": 13}

    internal = frame[answer == "internal"]
    external = frame[answer == "external"]
    others = frame[answer == "not_a_customer"]
    assert set(internal["party_type"]) == {"department", "company_site"}
    assert set(external["party_type"]) == CUSTOMER_TYPES
    outside_others = others[~others["inside_organisation"]]
    assert set(outside_others["party_type"]) == NON_CUSTOMER_TYPES
    # Receiving something from us does not make a customer: every supplier and service provider
    # receives something (purchase orders, loaded trailers, fault reports), for us, and every
    # regulator receives something the law requires.  Without these, "we_provide is not empty"
    # would pick exactly the customers.
    suppliers = frame[frame["party_type"].isin(["supplier", "service_provider"])]
    assert (suppliers["we_provide"] != "").all() and (suppliers["provided_for"] == "us").all()
    assert (suppliers["they_provide"] != "").all()
    regulators = frame[frame["party_type"] == "regulator"]
    assert len(regulators) >= 3
    assert regulators["regulates_us"].all()
    assert (regulators["provided_for"] == "the law").all()
    assert (answer[frame["regulates_us"]] == "not_a_customer").all()
    # a team inside Brightwater that what the DC sends serves the DC (an internal supplier): without
    # one, "inside the organisation" alone would pick exactly the internal customers
    inside_others = others[others["inside_organisation"]]
    assert len(inside_others) >= 1
    assert set(inside_others["party_type"]) == {"department"}
    assert (inside_others["provided_for"] == "us").all() and (inside_others["they_provide"] != "").all()
    # the one "it depends on the flow" party: a customer that also supplies us
    both = frame[(answer != "not_a_customer") & ~frame["inside_organisation"] & (frame["they_provide"] != "")]
    assert both["name"].tolist() == ["Harrow Interiors"]

    assert (others["orders_per_week"] == 0).all()
    assert (frame.loc[answer != "not_a_customer", "orders_per_week"] >= 1).all()
    assert (frame.loc[frame["party_type"] == "consumer", "orders_per_week"] == 1).all()

    paying = frame["pays_us"]
    assert (frame.loc[paying, "annual_revenue_gbp"] > 0).all()
    assert (frame.loc[~paying, "annual_revenue_gbp"] == 0).all()
    assert (frame["annual_revenue_gbp"] % 100 == 0).all()
    assert not internal["pays_us"].any()
    assert not internal["we_pay_them"].any()
    # money goes both ways only for the party that is a customer in one flow and a supplier in the other
    assert frame.loc[frame["pays_us"] & frame["we_pay_them"], "name"].tolist() == ["Harrow Interiors"]
    assert (~external["pays_us"]).sum() >= 1  # the marketplace shopper

    external_orders = external.groupby("party_type")["orders_per_week"].sum()
    assert external_orders.idxmax() == "retailer"


def test_names() -> None:
    assert datasets.names() == [
        "complaints",
        "demand",
        "inbound",
        "journey_feedback",
        "lanes",
        "orders",
        "parties",
        "shipments",
    ]
    assert set(datasets.__all__) == {"describe", "generate", "load", "names", "write"}


def test_shipped_csv_equals_fresh_generate() -> None:
    pd.testing.assert_frame_equal(datasets.load("parties"), datasets.generate("parties"), check_exact=True)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("parties"), _parties.generate(_parties.SEED))


def test_load_dtypes() -> None:
    frame = datasets.load("parties")
    for column in ["inside_organisation", "pays_us", "we_pay_them", "regulates_us"]:
        assert frame[column].dtype == bool, column
    assert frame["orders_per_week"].dtype == "int64"
    assert frame["annual_revenue_gbp"].dtype == "int64"
    for column in ["party_id", "name", "party_type", "description", "we_provide", "provided_for", "they_provide"]:
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
        "Datasets: complaints, demand, inbound, journey_feedback, lanes, orders, parties, shipments"
    )


def test_unknown_name_without_close_match_lists_names() -> None:
    with pytest.raises(ValueError) as error:
        datasets.load("warehouses")
    message = str(error.value)
    assert message == (
        "No dataset called 'warehouses'. "
        "Datasets: complaints, demand, inbound, journey_feedback, lanes, orders, parties, shipments"
    )
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


def test_the_parties_outside_brightwater_have_the_world_s_names() -> None:
    """Every party of the world file is in the table under its name, with its kind as party_type.

    The suppliers and carriers that only Northgate's supply chain (the ``inbound`` and ``lanes``
    datasets) deals with are not in 01's cast of parties; every other world party is.
    """
    frame = datasets.load("parties")
    outside = frame[~frame["inside_organisation"] & (frame["party_type"] != "consumer")]
    organisation = outside["name"].str.split(" - ").str[0]  # "Calderbridge Council - Parks and Open Spaces"
    parties = {party.name: party for party in world.load().parties}
    assert set(organisation) <= set(parties), sorted(set(organisation) - set(parties))
    consumers = {name for name, party in parties.items() if party.kind == "consumer"}
    chain = datasets.load("lanes").to_csv() + datasets.load("inbound").to_csv()
    supply_chain_only = {name for name in set(parties) - set(organisation) if name in chain}
    assert {"Lanhai Garden Tools Ltd", "Castlegate Rail Freight", "Calder Park Rail Terminal"} <= supply_chain_only
    # the online shoppers are the consumer rows
    assert set(parties) - set(organisation) - supply_chain_only == consumers
    for name, kind in zip(outside["name"], outside["party_type"], strict=True):
        if name != "Calderbridge Council - Planning and Licensing":  # the council as regulator
            assert kind == parties[name.split(" - ")[0]].kind, name


def test_the_sites_inside_brightwater_have_the_world_s_names() -> None:
    frame = datasets.load("parties")
    sites = frame.loc[frame["party_type"] == "company_site", "name"]
    assert set(sites) <= {site.name for site in world.load().sites}
    outlet = frame.loc[frame["name"] == "Brightwater Factory Outlet Shop", "description"].item()
    (shop,) = [site for site in world.load().sites if site.name == "Brightwater Factory Outlet Shop"]
    assert shop.place in outlet


def test_the_newer_parties_left_every_earlier_party_s_id_and_numbers_alone() -> None:
    """The rows added last draw their numbers from a generator of their own."""
    frame = datasets.load("parties")
    earlier = len(_parties.PARTIES) + len(_parties.LATER_PARTIES)
    assert frame["name"].tolist()[earlier:] == [p.name for p in _parties.NEWER_PARTIES]
    before = {  # the shipped table before they were added (ids, names and numbers)
        "P02": ("Greenacre Garden Centres", 17, 788_000),
        "P04": ("Harrow Interiors", 24, 255_600),
        "P17": ("Kestrel Foodstores RDC Normanton", 44, 2_156_200),
        "P35": ("Dalesway Haulage", 0, 0),
        "P41": ("Brightwater Facilities Team", 0, 0),
    }
    rows = frame.set_index("party_id")
    for party_id, (name, orders, revenue) in before.items():
        assert (rows.loc[party_id, "name"], rows.loc[party_id, "orders_per_week"]) == (name, orders)
        assert rows.loc[party_id, "annual_revenue_gbp"] == revenue
