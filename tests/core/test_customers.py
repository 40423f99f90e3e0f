"""The customer definition, applied to the parties dataset."""

import pandas as pd
import pytest

from logiserve.customers import CUSTOMER_CLASSES, classify_parties, classify_party
from logiserve.datasets import load


@pytest.mark.parametrize(
    ("inside", "receives", "expected"),
    [
        (True, True, "internal"),
        (False, True, "external"),
        (False, False, "not_a_customer"),
        (True, False, "not_a_customer"),
    ],
)
def test_classify_party(inside, receives, expected):
    assert classify_party(inside, receives) == expected
    assert expected in CUSTOMER_CLASSES


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_classify_party_rejects_non_booleans(bad):
    with pytest.raises(ValueError, match="must be True or False"):
        classify_party(bad, True)


def test_classify_parties_on_the_dataset():
    parties = load("parties")
    classes = classify_parties(parties)
    counts = classes.value_counts().to_dict()
    assert counts == {"not_a_customer": 16, "internal": 13, "external": 12}
    by_name = dict(zip(parties["name"], classes, strict=True))
    assert by_name["Brightwater Facilities Team"] == "not_a_customer"  # inside, but receives nothing from us
    regulators = parties.loc[parties["regulates_us"], "name"]
    assert all(by_name[name] == "not_a_customer" for name in regulators)


def test_classify_parties_names_a_missing_column():
    with pytest.raises(ValueError, match="receives_from_us"):
        classify_parties(pd.DataFrame({"inside_organisation": [True]}))
