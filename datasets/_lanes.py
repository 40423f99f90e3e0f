"""The ``lanes`` dataset: Northgate's transport lanes and the modes that can serve each one.

A *lane* is a regular flow of goods between two places: containers from the port of Felixstowe,
ceramics from Vale do Sol in Portugal, garden tools from Lanhai near Ningbo in China into
Northgate Distribution Centre (Wakefield); garden furniture from Northgate out to Liffey Garden
Living in Dublin and to Fresco Foods RDC Doncaster.  Each row is one way of moving a shipment on
one lane: its mode (road, rail, sea or air, :data:`logiserve.transport.MODES`), the carrier that
runs it, its route, its distance, its freight rate and fixed cost, how long it takes, the most one
booking can carry, how reliable its departures are and its carbon factor.  Not every mode serves
every lane: nothing but a lorry goes to Doncaster, and no train crosses the Irish Sea.

The figures are set to be realistic for the UK in 2026 (they are a fixed recipe, not drawn):

* road (a 44-tonne articulated lorry, about 24 to 26 tonnes of payload): £0.10 to £0.16 per
  tonne-km, the dearer on short runs, and 90 to 105 g CO2e per tonne-km;
* rail: about £0.02 to £0.05 per tonne-km and 25 to 35 g, but every rail shipment pays for the
  lifts at two terminals and a lorry for the last kilometres (in fixed_cost);
* sea: a fraction of a penny to £0.04 per tonne-km and 8 to 20 g, with port handling and the road
  legs to and from the ports in fixed_cost; slow, and the least punctual;
* air: many times the road rate (£0.45 to £2.50 per tonne-km; short flights cost the most per
  km) and 600 to 1,050 g, but the fastest; a booking takes only a few tonnes.

The carriers' names come from the world file (:mod:`logiserve.world`).  The table is the same
for every seed (``generate`` takes one so that every dataset is built the same way).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from logiserve import world

_WORLD = world.load()

SEED = 606
"""Seed of the shipped ``lanes.csv`` (the lanes are a fixed recipe: every seed gives the same table)."""

COLUMNS: dict[str, str] = {
    "lane": "Code of the lane (origin-destination), e.g. FXT-NGT for Felixstowe to Northgate; 1 to 3 rows a lane.",
    "origin": "Where the goods are collected: a port, a supplier (and its country) or Northgate.",
    "destination": "Where the goods are delivered: Northgate or a customer.",
    "mode": "Transport mode: road, rail, sea or air.",
    "carrier": "The haulier, rail freight operator, shipping line or air cargo carrier that runs the mode on the lane.",
    "route": "How the goods travel, in a few words: the roads, terminals, ports, ferry or airports on the way.",
    "distance_km": "Distance the goods travel by that mode, door to door, in kilometres (km).",
    "rate_per_tonne_km": "Freight rate, in pounds (GBP, £) per tonne-km (one tonne carried one kilometre).",
    "fixed_cost": (
        "Cost of one shipment whatever its weight, in £: collection at a port, terminal lifts, port handling, a "
        "ferry crossing, the road legs at each end of a rail, sea or air leg, customs clearance."
    ),
    "transit_days": "Days from collection to delivery (a whole number of days).",
    "capacity_tonnes": (
        "The most one booking on that mode can carry, in tonnes (a lorry's payload, the space left on a sailing, "
        "a flight's cargo booking)."
    ),
    "reliability": "Share of departures that leave and arrive as scheduled (0 to 1), from the carrier's last year.",
    "co2_g_per_tonne_km": "Carbon factor: grams of CO2 equivalent (CO2e) emitted per tonne-km.",
}

DTYPES: dict[str, str] = {
    "lane": "str",
    "origin": "str",
    "destination": "str",
    "mode": "str",
    "carrier": "str",
    "route": "str",
    "distance_km": "int64",
    "rate_per_tonne_km": "float64",
    "fixed_cost": "int64",
    "transit_days": "int64",
    "capacity_tonnes": "float64",
    "reliability": "float64",
    "co2_g_per_tonne_km": "int64",
}


def _carrier(short_name: str) -> str:
    """A carrier's full name from the world file (a service provider with a transport role there)."""
    party = _WORLD.party(short_name)
    if party.kind != "service_provider" or not party.role:
        raise ValueError(f"{party.name} is not a carrier in the world file")
    return party.name


def _party(short_name: str) -> str:
    party = _WORLD.party(short_name)
    return f"{party.name} ({party.place})"


NORTHGATE = next(site for site in _WORLD.sites if site.short_name == "Northgate")
_NGT = f"{NORTHGATE.name} ({NORTHGATE.place})"
DALESWAY, CASTLEGATE, COSTA_VERDE = _carrier("Dalesway"), _carrier("Castlegate"), _carrier("Costa Verde")
KITTIWAKE, JADE_HORIZON, SILKLINE = _carrier("Kittiwake"), _carrier("Jade Horizon"), _carrier("Silkline")
SKYVALE, CORMORANT = _carrier("Skyvale"), _carrier("Cormorant")
RAIL_TERMINAL = _WORLD.party("Calder Park").name


class _Lane(NamedTuple):
    lane: str
    origin: str
    destination: str
    mode: str
    carrier: str
    route: str
    distance_km: int
    rate_per_tonne_km: float
    fixed_cost: int
    transit_days: int
    capacity_tonnes: float
    reliability: float
    co2_g_per_tonne_km: int


LANES: tuple[_Lane, ...] = (
    # Containers landed at Felixstowe from deep-sea ships, to Northgate.
    _Lane("FXT-NGT", "Port of Felixstowe", _NGT, "road", DALESWAY, "A14, A1(M) and M62 by lorry",
          310, 0.13, 60, 1, 26.0, 0.93, 95),
    _Lane("FXT-NGT", "Port of Felixstowe", _NGT, "rail", CASTLEGATE,
          f"container train to {RAIL_TERMINAL}, then 12 km by lorry", 330, 0.05, 420, 2, 300.0, 0.90, 28),
    # Vale do Sol's ceramics from Portugal.
    _Lane("VDS-NGT", _party("Vale do Sol"), _NGT, "road", COSTA_VERDE,
          "by lorry through Spain and France, Channel Tunnel", 2100, 0.10, 150, 4, 24.0, 0.90, 90),
    _Lane("VDS-NGT", _party("Vale do Sol"), _NGT, "sea", KITTIWAKE,
          "lorry to Leixões (Porto), container ship to Liverpool, lorry to Northgate", 1950, 0.02, 650, 7, 20.0,
          0.85, 15),
    _Lane("VDS-NGT", _party("Vale do Sol"), _NGT, "air", SKYVALE,
          "Porto airport to East Midlands Airport, vans at both ends", 1600, 1.40, 250, 1, 3.0, 0.95, 800),
    # Garden furniture to Liffey Garden Living, Dublin.
    _Lane("NGT-LIF", _NGT, _party("Liffey"), "road", DALESWAY,
          f"M62 and A55 to Holyhead, {CORMORANT} to Dublin Port, then by road", 390, 0.14, 380, 2, 26.0, 0.92,
          100),
    _Lane("NGT-LIF", _NGT, _party("Liffey"), "sea", KITTIWAKE,
          "lorry to Liverpool, container ship to Dublin Port, lorry to the store", 250, 0.04, 520, 3, 20.0, 0.88,
          18),
    _Lane("NGT-LIF", _NGT, _party("Liffey"), "air", SKYVALE,
          "Leeds Bradford Airport to Dublin Airport, vans at both ends", 330, 2.50, 200, 1, 1.5, 0.95, 1050),
    # Fresco's RDC is 40 km away: road only.
    _Lane("NGT-FRD", _NGT, _party("Fresco"), "road", DALESWAY, "M1 and M18 by lorry, into a booked slot",
          40, 0.16, 45, 1, 26.0, 0.97, 105),
    # Lanhai's garden tools from Ningbo, China.
    _Lane("LNH-NGT", _party("Lanhai"), _NGT, "sea", JADE_HORIZON,
          "container ship Ningbo to Felixstowe through Suez, lorry to Northgate", 19800, 0.006, 900, 38, 1000.0,
          0.70, 12),
    _Lane("LNH-NGT", _party("Lanhai"), _NGT, "rail", SILKLINE,
          f"container train across Asia and Europe to {RAIL_TERMINAL}, lorry to Northgate", 12000, 0.018, 1400,
          20, 40.0, 0.80, 30),
    _Lane("LNH-NGT", _party("Lanhai"), _NGT, "air", SKYVALE,
          "Ningbo airport to East Midlands Airport, lorries at both ends", 9200, 0.50, 300, 4, 5.0, 0.93, 600),
)  # fmt: skip


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``lanes`` table.

    Parameters
    ----------
    seed : int, default SEED
        Accepted as by every dataset's recipe; the lanes are fixed figures, so every seed gives
        the same table.

    Returns
    -------
    pandas.DataFrame
        One row per lane and mode (12 rows, 5 lanes), with the columns of ``COLUMNS`` in that order.

    Examples
    --------
    >>> lanes = generate()
    >>> lanes.groupby("lane", sort=False)["mode"].apply(list).to_dict()["FXT-NGT"]
    ['road', 'rail']
    """
    del seed  # the recipe has no random part
    return pd.DataFrame([lane._asdict() for lane in LANES], columns=list(COLUMNS)).astype(DTYPES)
