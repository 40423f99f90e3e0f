"""One world: every page and every dataset states the names, places, targets and clocks of world.yaml."""

from __future__ import annotations

import copy

import pandas as pd
import pytest
import yaml

from logiserve import world
from tests.world import _pages

W = world.load()
PAGES = list(_pages.pages())


def _raw() -> dict:
    from importlib import resources

    return yaml.safe_load(resources.files("logiserve").joinpath("world.yaml").read_text("utf-8"))


def test_the_world_file_loads_with_every_customer_type_covered():
    assert W.party("Fresco").name == "Fresco Foods RDC Doncaster"
    assert W.party("fresco foods rdc doncaster").place == "Doncaster"
    assert W.delivery_sla.otif_target == 0.95
    assert W.delivery_sla.unit == "order" and W.delivery_sla.point_of_measurement == "receipt"
    assert {p.customer_type for p in W.customers()} == set(W.complaint_sla)
    assert W.complaint_clock("retail_dc") == (4, 48)
    assert W.complaint_clock("e_commerce") == (24, 120)
    with pytest.raises(KeyError, match="no party called 'Greenhollow'"):
        W.party("Greenhollow")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["parties"][1].update(short_name="Fresco"), "'Fresco' names both"),
        (lambda d: d["complaint_sla"].pop("garden_centre"), "'garden_centre' has no complaint clock"),
        (lambda d: d["delivery_sla"]["on_time"]["by_promised_day"].append("retail_dc"), "cannot be both"),
        (lambda d: d["delivery_sla"].update(otif_target=95), "otif_target"),
        (lambda d: d["complaint_sla"]["retail_dc"].update(acknowledge_hours=60), "cannot take longer"),
    ],
)
def test_a_broken_world_file_is_refused_with_the_reason(change, message):
    data = copy.deepcopy(_raw())
    change(data)
    with pytest.raises(world.WorldError, match=message):
        world.parse(data)


# The readers find statements by their shape; each must catch what it is for.
def test_the_readers_catch_names_places_targets_and_clocks_the_world_does_not_have():
    assert _pages.organisation_names("Ask Greenhollow Garden Centres and Moorside Haulage.") == [
        "Ask Greenhollow Garden Centres",
        "Moorside Haulage",
    ]
    assert not _pages.known_name("Ask Greenhollow Garden Centres", W)
    assert not _pages.known_name("Harrow Garden Centres", W)  # a world short name, the wrong party word
    assert _pages.known_name("Kestrel Foodstores", W)  # the start of a world name
    assert _pages.known_name("Fresco's DC", W)
    assert _pages.misplaced("the Halifax outlet shop", W)
    assert _pages.misplaced("Fresco Foods RDC Doncaster, Leeds", W)
    assert not _pages.misplaced("the outlet shop in Castleford", W)
    assert _pages.targets("OTIF with a 98 % target can be measured.", W)
    assert not _pages.targets("OTIF stayed below the 95 % target in 11 weeks.", W)
    assert _pages.targets("The planter's cycle service level target is 99 %.", W)
    assert _pages.complaint_clocks("Fresco's complaints must be resolved within 24 hours.", W)
    assert not _pages.complaint_clocks("Fresco's complaints are resolved within 48 hours.", W)
    assert not _pages.complaint_clocks("Garden centres' complaints are acknowledged within 24 hours.", W)


def test_every_organisation_named_on_a_page_is_a_party_of_the_world():
    unknown = sorted(
        {
            f"{name!r} in {p.page}"
            for p in PAGES
            for name in _pages.organisation_names(p.text)
            if not _pages.known_name(name, W)
        }
    )
    assert not unknown, "names the world file does not have (logiserve/world.yaml):\n" + "\n".join(unknown)


def test_every_party_is_placed_where_the_world_places_it():
    wrong = [f"{p.page}: {m}" for p in PAGES for m in _pages.misplaced(p.text, W)]
    assert not wrong, "\n".join(wrong)


def test_every_target_a_page_states_is_the_worlds():
    wrong = [f"{p.page}: {m}" for p in PAGES for m in _pages.targets(p.text, W)]
    assert not wrong, "\n".join(wrong)


def test_every_complaint_clock_a_page_states_is_the_worlds():
    wrong = [f"{p.page}: {m}" for p in PAGES for m in _pages.complaint_clocks(p.text, W)]
    assert not wrong, "\n".join(wrong)


def test_the_datasets_use_the_worlds_names_and_clocks():
    import datasets

    orders = datasets.load("orders")
    customers = {p.name: p.customer_type for p in W.customers()}
    assert set(orders["customer"]) <= set(customers), set(orders["customer"]) - set(customers)
    assert (orders["customer"].map(customers) == orders["customer_type"]).all()
    carriers = set(orders["carrier"]) - {"Brightwater fleet"}
    assert carriers <= W.names, carriers - W.names
    resolve = orders["customer_type"].map(lambda kind: W.complaint_clock(kind)[1])
    assert (orders["sla_target_hours"] == resolve).all()

    complaints = datasets.load("complaints")
    clocks = pd.DataFrame([W.complaint_clock(kind) for kind in complaints["customer_type"]], index=complaints.index)
    assert (complaints["ack_sla_hours"] == clocks[0]).all()
    assert (complaints["resolve_sla_hours"] == clocks[1]).all()

    parties = datasets.load("parties")
    outside = parties.loc[~parties["inside_organisation"], "name"]
    unknown = sorted(
        name for name in outside for org in _pages.organisation_names(name) if not _pages.known_name(org, W)
    )
    assert not unknown, unknown
    assert W.party("Fresco").name in set(parties["name"])
