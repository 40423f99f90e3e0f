"""The ``shipments`` dataset: shipments waiting for a transport mode to be chosen.

Each row is one shipment on one of the ``lanes`` (:mod:`._lanes`): how heavy it is, how many days
there are until the goods are needed, and what it is.  Choosing its mode is a real decision:

* the mode that would be cheapest for its weight is often **not possible**: too slow for the days
  available (rail from Felixstowe, sea from Portugal or China) or too small for the tonnes (the
  space left on a sailing); about half the shipments are like that;
* the mode chosen (:func:`logiserve.transport.choose_mode`: the cheapest feasible one) is not the
  same for every shipment: road, rail, sea and air are each the answer for some, and none for
  most of them;
* every shipment has at least one feasible mode.

The shipments are made from fixed scenarios (:data:`SCENARIOS`: a lane, a range of weights and
of days, a description, and the mode the choice must come to); the random number generator draws
each shipment's weight and days within its scenario's ranges, and draws again until the choice
comes to the scenario's mode, and its order in the table.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from logiserve import transport

from . import _lanes

SEED = 4242
"""Seed of the shipped ``shipments.csv``: ``generate(SEED)`` rebuilds it exactly."""

COLUMNS: dict[str, str] = {
    "shipment": "Reference of the shipment, from SH-001 upwards.",
    "lane": "The lane it travels on (the lane column of the lanes dataset): its options are that lane's rows.",
    "tonnes": "Weight of the shipment, in tonnes, to 0.1 t; it travels as one booking on one mode.",
    "days_available": "Whole days from collection until the goods are needed at the destination.",
    "description": "What the shipment is and why it is needed by then.",
}

DTYPES: dict[str, str] = {
    "shipment": "str",
    "lane": "str",
    "tonnes": "float64",
    "days_available": "int64",
    "description": "str",
}


class _Scenario(NamedTuple):
    lane: str
    tonnes: tuple[float, float]  # low, high
    days: tuple[int, int]  # low, high (inclusive)
    mode: str  # what the cheapest feasible mode must be
    cheapest_infeasible: bool  # whether the cheapest mode, ignoring time and capacity, must be impossible
    how_many: int  # shipments drawn from the scenario
    description: str


SCENARIOS: tuple[_Scenario, ...] = (
    _Scenario("FXT-NGT", (17, 24), (3, 7), "rail", False, 2, "A container of garden furniture for stock"),
    _Scenario("FXT-NGT", (18, 24), (1, 1), "road", True, 2, "A container of barbecues for a weekend promotion"),
    _Scenario("FXT-NGT", (5, 10), (3, 5), "road", False, 1, "Part of a container of plant pots, shared with others"),
    _Scenario("VDS-NGT", (8, 18), (8, 14), "sea", False, 2, "Glazed planters to restock the pick face"),
    _Scenario("VDS-NGT", (8, 18), (4, 6), "road", True, 2, "Planters for a garden centre's spring launch"),
    _Scenario("VDS-NGT", (21, 24), (10, 14), "road", True, 2, "A full load of ceramic tiles for the new range"),
    _Scenario("VDS-NGT", (0.4, 1.5), (1, 2), "air", True, 2, "Replacements for planters broken in transit"),
    _Scenario("NGT-LIF", (8, 18), (5, 8), "sea", False, 2, "Garden furniture for Liffey's summer stock"),
    _Scenario("NGT-LIF", (10, 18), (2, 2), "road", True, 2, "Furniture for a Liffey store that ran out"),
    _Scenario("NGT-LIF", (21, 25), (5, 7), "road", True, 1, "A full load for Liffey's new store"),
    _Scenario("NGT-LIF", (0.3, 1.0), (1, 1), "air", True, 1, "Display stands needed for a store opening tomorrow"),
    _Scenario("NGT-FRD", (6, 20), (1, 2), "road", False, 1, "Fresco's weekly order of garden products"),
    _Scenario("LNH-NGT", (10, 20), (45, 60), "sea", False, 2, "Garden tools for next season's stock"),
    _Scenario("LNH-NGT", (10, 20), (21, 30), "rail", True, 2, "Garden tools to cover a late sailing"),
    _Scenario("LNH-NGT", (1, 3), (5, 8), "air", True, 2, "Secateurs for a promotion already advertised"),
)

_TRIES = 200  # draws per shipment before the recipe gives up (a scenario that cannot come to its mode)


def _cheapest(options: pd.DataFrame, tonnes: float) -> str:
    """The cheapest mode for ``tonnes`` on the lane, whether it is feasible or not."""
    cost = options["fixed_cost"] + options["rate_per_tonne_km"] * tonnes * options["distance_km"]
    return str(options.loc[cost.idxmin(), "mode"])


def _shipment(rng: np.random.Generator, scenario: _Scenario, options: pd.DataFrame) -> tuple[float, int]:
    """(tonnes, days) for one shipment of ``scenario``, drawn until the choice comes to its mode."""
    for _ in range(_TRIES):
        tonnes = round(float(rng.uniform(*scenario.tonnes)), 1)
        days = int(rng.integers(scenario.days[0], scenario.days[1] + 1))
        if transport.feasible_modes(options, tonnes=tonnes, days_available=days).empty:
            continue
        chosen = transport.choose_mode(options, tonnes=tonnes, days_available=days)
        if chosen == scenario.mode and (_cheapest(options, tonnes) != chosen) == scenario.cheapest_infeasible:
            return tonnes, days
    raise ValueError(f"no shipment of {scenario.lane} comes to {scenario.mode} in {_TRIES} draws")


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``shipments`` table.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``: it draws each shipment's tonnes and days within its
        scenario, and the order of the shipments.

    Returns
    -------
    pandas.DataFrame
        One row per shipment (26 rows), with the columns of ``COLUMNS`` in that order.

    Examples
    --------
    >>> shipments = generate()
    >>> shipments.loc[0, "shipment"], len(shipments)
    ('SH-001', 26)
    """
    rng = np.random.default_rng(seed)
    lanes = _lanes.generate()
    rows = []
    for scenario in SCENARIOS:
        options = lanes[lanes["lane"] == scenario.lane]
        for _ in range(scenario.how_many):
            tonnes, days = _shipment(rng, scenario, options)
            rows.append(
                {"lane": scenario.lane, "tonnes": tonnes, "days_available": days, "description": scenario.description}
            )
    rows = [rows[i] for i in rng.permutation(len(rows))]
    for number, row in enumerate(rows, start=1):
        row["shipment"] = f"SH-{number:03d}"
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
