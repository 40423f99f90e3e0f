"""The customer rule (whom what we provide is for), applied to the facts of the parties dataset."""

import pandas as pd
import pytest

from logiserve.customers import CUSTOMER_CLASSES, PROVIDED_FOR, classify_parties, classify_party
from logiserve.datasets import load


@pytest.mark.parametrize(
    ("inside", "provided_for", "expected"),
    [
        (True, "them", "internal"),
        (False, "them", "external"),
        (True, "us", "not_a_customer"),  # an internal supplier
        (False, "us", "not_a_customer"),  # a haulier, a supplier
        (False, "the law", "not_a_customer"),  # a regulator
        (False, "", "not_a_customer"),  # neighbours, a union
        (True, "", "not_a_customer"),
    ],
)
def test_classify_party(inside, provided_for, expected):
    assert classify_party(inside, provided_for) == expected
    assert expected in CUSTOMER_CLASSES
    assert provided_for in PROVIDED_FOR


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_classify_party_rejects_non_booleans(bad):
    with pytest.raises(ValueError, match="inside_organisation must be True or False"):
        classify_party(bad, "them")


@pytest.mark.parametrize("bad", ["customer", "Them", True, None])
def test_classify_party_rejects_an_unknown_provided_for(bad):
    with pytest.raises(ValueError, match=r"provided_for must be one of 'them', 'us', 'the law', ''"):
        classify_party(False, bad)


@pytest.fixture(scope="module")
def parties():
    frame = load("parties")
    return frame.assign(customer_class=classify_parties(frame)).set_index("name")


def test_the_haulier_receives_our_trailer_and_is_not_a_customer(parties):
    haulier = parties.loc["Dalesway Haulage"]
    assert "trailer" in haulier["we_provide"]  # something does go to it ...
    assert haulier["provided_for"] == "us"  # ... but only so that it can carry our goods for us
    assert haulier["customer_class"] == "not_a_customer"


def test_hmrc_receives_our_declarations_and_is_not_a_customer(parties):
    hmrc = parties.loc["HM Revenue & Customs"]
    assert "declarations" in hmrc["we_provide"]
    assert hmrc["provided_for"] == "the law"
    assert hmrc["customer_class"] == "not_a_customer"


def test_the_facilities_team_is_an_internal_supplier_not_an_internal_customer(parties):
    facilities = parties.loc["Brightwater Facilities Team"]
    assert facilities["inside_organisation"]
    assert facilities["we_provide"] != ""  # our job requests go to it
    assert facilities["provided_for"] == "us"  # so that it can repair our racking for us
    assert facilities["they_provide"] != ""  # it serves the DC: an internal supplier
    assert facilities["customer_class"] == "not_a_customer"


def test_harrow_is_a_customer_in_one_flow_and_a_supplier_in_the_other(parties):
    harrow = parties.loc["Harrow Interiors"]
    assert harrow["provided_for"] == "them"  # the 3PL contract: we store and ship its stock for it
    assert harrow["they_provide"] != ""  # and it sells us cushions to resell
    assert harrow["pays_us"] and harrow["we_pay_them"]  # money goes both ways, and decides nothing
    assert harrow["customer_class"] == "external"
    both = parties[(parties["customer_class"] != "not_a_customer") & (parties["they_provide"] != "")]
    assert "Harrow Interiors" in both.index


def test_our_own_drivers_are_internal_customers_of_despatch(parties):
    drivers = parties.loc["Brightwater Delivery Drivers"]
    assert "loaded vehicles" in drivers["we_provide"] and drivers["provided_for"] == "them"
    assert drivers["customer_class"] == "internal"


def test_classify_parties_on_the_dataset(parties):
    assert parties["customer_class"].value_counts().to_dict() == {"not_a_customer": 18, "external": 14, "internal": 13}
    assert (parties.loc[parties["regulates_us"], "customer_class"] == "not_a_customer").all()
    # receiving something from us is not the rule: many who do are not customers
    receive = parties[parties["we_provide"] != ""]
    assert (receive["customer_class"] == "not_a_customer").sum() >= 10


def test_classify_parties_names_a_missing_column():
    with pytest.raises(ValueError, match="provided_for"):
        classify_parties(pd.DataFrame({"inside_organisation": [True]}))


def test_classify_parties_names_the_row_whose_facts_disagree():
    frame = pd.DataFrame(
        {
            "name": ["Dalesway Haulage"],
            "inside_organisation": [False],
            "we_provide": [""],
            "provided_for": ["us"],
        }
    )
    with pytest.raises(ValueError, match=r"row 0 \(Dalesway Haulage\): provided_for is 'us' but we_provide is ''"):
        classify_parties(frame)
    with pytest.raises(ValueError, match=r"row 0 \(Dalesway Haulage\): provided_for must be one of"):
        classify_parties(frame.assign(we_provide="trailers", provided_for="haulier"))
