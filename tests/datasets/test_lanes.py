"""Tests for the ``lanes`` dataset: the shipped file, realistic UK figures, and names from the world."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from logiserve import datasets, transport, world

_lanes = datasets._lanes
WORLD = world.load()


@pytest.fixture(scope="module")
def lanes() -> pd.DataFrame:
    return datasets.load("lanes")


def test_registered_shipped_and_rebuilt_exactly(lanes, tmp_path) -> None:
    assert "lanes" in datasets.names()
    assert datasets.describe("lanes") == _lanes.COLUMNS
    assert list(lanes.columns) == list(_lanes.COLUMNS)
    pd.testing.assert_frame_equal(lanes, datasets.generate("lanes"), check_exact=True)
    pd.testing.assert_frame_equal(lanes, _lanes.generate(_lanes.SEED + 1))  # a fixed recipe
    shipped = Path(str(resources.files(datasets).joinpath("data", "lanes.csv")))
    assert datasets.write("lanes", tmp_path).read_bytes() == shipped.read_bytes()
    assert all(len(text) > 30 for text in datasets.describe("lanes").values())


def test_the_columns_the_spec_names_are_there_with_their_types(lanes) -> None:
    spec = ["lane", "origin", "destination", "mode", "distance_km", "rate_per_tonne_km", "fixed_cost",
            "transit_days", "capacity_tonnes", "reliability", "co2_g_per_tonne_km"]  # fmt: skip
    assert set(spec) <= set(lanes.columns)
    for column in ["distance_km", "fixed_cost", "transit_days", "co2_g_per_tonne_km"]:
        assert lanes[column].dtype == "int64", column
    for column in ["rate_per_tonne_km", "capacity_tonnes", "reliability"]:
        assert lanes[column].dtype == "float64", column


def test_lanes_and_modes(lanes) -> None:
    modes = lanes.groupby("lane", sort=False)["mode"].apply(list).to_dict()
    assert modes == {
        "FXT-NGT": ["road", "rail"],
        "VDS-NGT": ["road", "sea", "air"],
        "NGT-LIF": ["road", "sea", "air"],
        "NGT-FRD": ["road"],
        "LNH-NGT": ["sea", "rail", "air"],
    }
    assert not lanes.duplicated(["lane", "mode"]).any()
    assert set(lanes["mode"]) == set(transport.MODES)
    for lane in lanes["lane"].unique():  # one origin and destination per lane
        rows = lanes[lanes["lane"] == lane]
        assert rows["origin"].nunique() == 1 and rows["destination"].nunique() == 1


def test_figures_are_realistic_for_the_uk(lanes) -> None:
    by_mode = lanes.groupby("mode")
    co2 = by_mode["co2_g_per_tonne_km"].agg(["min", "max"])
    assert co2.loc["road", "min"] >= 80 and co2.loc["road", "max"] <= 110
    assert co2.loc["rail", "min"] >= 25 and co2.loc["rail", "max"] <= 35
    assert co2.loc["sea", "min"] >= 8 and co2.loc["sea", "max"] <= 20
    assert co2.loc["air", "min"] >= 500 and co2.loc["air", "max"] <= 1100
    rates = by_mode["rate_per_tonne_km"].agg(["min", "max"])
    assert rates.loc["road", "min"] >= 0.10 and rates.loc["road", "max"] <= 0.16
    assert rates.loc["rail", "max"] < rates.loc["road", "min"]  # rail cheaper per tonne-km ...
    assert rates.loc["sea", "max"] < rates.loc["road", "min"]
    assert rates.loc["air", "min"] >= 3 * rates.loc["road", "max"]  # ... air many times road
    for lane, rows in lanes.groupby("lane"):  # ... but rail and sea pay terminals and ports
        road = rows[rows["mode"] == "road"]
        for row in rows[rows["mode"].isin(["rail", "sea"])].itertuples():
            assert road.empty or row.fixed_cost > road["fixed_cost"].item(), (lane, row.mode)
            assert road.empty or row.transit_days > road["transit_days"].item(), (lane, row.mode)
    fastest = lanes.groupby("lane")["transit_days"].transform("min")
    assert (lanes["transit_days"] == fastest)[lanes["mode"] == "air"].all()  # air is the fastest where it flies
    assert lanes["reliability"].between(0.5, 1).all()
    assert (lanes.loc[lanes["mode"] == "air", "capacity_tonnes"] <= 5).all()
    assert (lanes.loc[lanes["mode"] == "road", "capacity_tonnes"] <= 26).all()  # a 44-tonne artic's payload
    assert (lanes[["distance_km", "rate_per_tonne_km", "transit_days", "capacity_tonnes"]] > 0).all().all()


def test_the_carriers_and_parties_come_from_the_world(lanes) -> None:
    carriers = {p.name: p for p in WORLD.parties}
    for name in lanes["carrier"]:
        assert carriers[name].kind == "service_provider" and carriers[name].role, name
    places = set(lanes["origin"]) | set(lanes["destination"])
    for short in ("Vale do Sol", "Liffey", "Fresco", "Lanhai"):
        party = WORLD.party(short)
        assert f"{party.name} ({party.place})" in places, short
    assert "Northgate Distribution Centre (Wakefield)" in places
    roles = {carriers[name].role for name in lanes["carrier"]}
    assert {"rail freight operator", "air cargo carrier"} <= roles and any("shipping line" in r for r in roles)
    assert lanes["route"].str.contains(WORLD.party("Cormorant").name).any()  # the ferry to Dublin
    assert lanes["route"].str.contains(WORLD.party("Calder Park").name).any()  # the rail terminal
