"""The ``inbound`` dataset: six months of Northgate's orders to its suppliers, and how they arrived.

Northgate Distribution Centre (Wakefield) books every inbound delivery into a goods-in slot on a
day.  This table holds one row for each delivery from five suppliers, for the purchase orders
placed from January to June 2026: the purchase order (PO), what was ordered and how much arrived,
how much goods-in rejected at inspection, the booked and the actual day, and the lead time from
the order to the arrival.

Learners measure the suppliers with :mod:`logiserve.suppliers` (on time is the booked day, early
or late being a miss; in full is the quantity ordered with nothing rejected) and build a
scorecard.  The suppliers' names come from the world file (:mod:`logiserve.world`); their profiles
are fixed below and make a few findings there to be made:

* BoxRight Packaging Ltd (Huddersfield, cartons and packaging) is the reliable one: short lead
  times that hardly vary, nearly always on its booked day and in full;
* Hollinsdale Plastics Ltd (Rotherham, plastic pots and watering cans) is the cheapest supplier
  but often late, often short, and its lead time varies a lot for its length: the lowest OTIF;
* Trentvale Textiles Ltd (Nottingham, cushions and parasols) arrives on time but goods-in rejects
  part of many of its deliveries (stains, wrong colours, poor stitching): the lowest quality;
* Lanhai Garden Tools Ltd (Ningbo, China) is far away: its containers take six weeks or more and
  the lead time varies by a week or more, by far the largest spread, so its tools need the most
  safety stock (``logiserve.inventory.safety_stock(..., lead_time_sd=...)``);
* Vale do Sol Ceramics (Portugal) is in between, with a little breakage.

The slot is booked when the supplier confirms the despatch, for the day the goods are due; a
delivery can still come a day early or one to three days late.  Goods-in works Monday to Friday.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from logiserve import suppliers, world

_WORLD = world.load()

SEED = 3131
"""Seed of the shipped ``inbound.csv``: ``generate(SEED)`` rebuilds it exactly."""

START = pd.Timestamp("2026-01-05")  # Monday of the first week
WEEKS = 25  # orders placed from Monday 5 January to Friday 26 June 2026

COLUMNS: dict[str, str] = {
    "po": "Reference of the purchase order (PO) the delivery is for, e.g. PO-50001, numbered in order date order.",
    "supplier": "Name of the supplier that delivered.",
    "sku": "Stock keeping unit: the code of the product delivered.",
    "order_date": "Day Northgate placed the purchase order (a date).",
    "ordered_qty": "Units ordered on the purchase order.",
    "received_qty": "Units that arrived, counted at goods-in (0 or more; less than ordered is a short delivery).",
    "rejected_qty": "Units goods-in rejected at inspection (damaged or not to specification), 0 up to received_qty.",
    "booked_date": "Day of the goods-in slot booked for the delivery (a weekday).",
    "arrived_date": "Day the delivery arrived (a weekday); on time only if it is the booked day.",
    "lead_time_days": "Supplier lead time: days from order_date to arrived_date.",
}

DTYPES: dict[str, str] = {
    "po": "str",
    "supplier": "str",
    "sku": "str",
    "order_date": "datetime64[ns]",
    "ordered_qty": "int64",
    "received_qty": "int64",
    "rejected_qty": "int64",
    "booked_date": "datetime64[ns]",
    "arrived_date": "datetime64[ns]",
    "lead_time_days": "int64",
}


class _Supplier(NamedTuple):
    name: str
    per_week: float  # deliveries a week (0.5: one a fortnight)
    skus: tuple[str, ...]
    quantity: tuple[int, int, int]  # low, high, pack size
    lead_time: tuple[float, float, int]  # mean and sd of the planned lead time (days), and the least
    on_time: float  # chance of arriving on the booked day
    early: float  # chance, when not on time, of being a day early (otherwise 1 to 3 days late)
    short: float  # chance of a short delivery
    reject: tuple[float, float]  # chance that some units are rejected, and the largest share rejected


def _supplier(short_name: str, *profile) -> _Supplier:
    party = _WORLD.party(short_name)
    if party.kind != "supplier":
        raise ValueError(f"{party.name} is not a supplier in the world file")
    return _Supplier(party.name, *profile)


SUPPLIERS: tuple[_Supplier, ...] = (
    _supplier("BoxRight", 2, ("PKG-0101", "PKG-0115", "PKG-0130"), (2000, 6000, 500), (3, 0.6, 2), 0.97, 0.5,
              0.02, (0.02, 0.01)),
    _supplier("Vale do Sol", 1, ("PLT-0420", "PLT-0435", "HOM-2040"), (240, 960, 48), (9, 1.5, 6), 0.88, 0.3,
              0.04, (0.12, 0.03)),
    _supplier("Hollinsdale", 1, ("GDN-1010", "GDN-1025", "GDN-1040"), (600, 2400, 100), (6, 2.5, 2), 0.50, 0.15,
              0.15, (0.06, 0.02)),
    _supplier("Trentvale", 1, ("HOM-2010", "HOM-2025", "OUT-3010"), (200, 800, 20), (5, 1.0, 3), 0.92, 0.4,
              0.03, (0.35, 0.25)),
    _supplier("Lanhai", 0.75, ("TLS-5010", "TLS-5025", "TLS-5040"), (1200, 4800, 240), (45, 7.0, 32), 0.88, 0.2,
              0.05, (0.10, 0.02)),
)  # fmt: skip


def _weekday(day: pd.Timestamp, forward: bool = True) -> pd.Timestamp:
    """``day``, or the next (previous) Monday to Friday if it is a weekend."""
    step = pd.Timedelta(days=1 if forward else -1)
    while day.day_of_week >= 5:
        day += step
    return day


def _delivery(rng: np.random.Generator, supplier: _Supplier, ordered: pd.Timestamp) -> dict:
    """One delivery of ``supplier`` for an order placed on ``ordered``."""
    mean, sd, least = supplier.lead_time
    planned = max(least, round(float(rng.normal(mean, sd))))
    booked = _weekday(ordered + pd.Timedelta(days=planned))
    if rng.random() < supplier.on_time:
        arrived = booked
    elif rng.random() < supplier.early:
        arrived = _weekday(booked - pd.Timedelta(days=1), forward=False)
    else:
        arrived = _weekday(booked + pd.Timedelta(days=int(rng.choice([1, 1, 2, 3]))))
    low, high, pack = supplier.quantity
    qty = int(rng.integers(low // pack, high // pack + 1)) * pack
    received = int(qty * rng.uniform(0.6, 0.95)) // pack * pack if rng.random() < supplier.short else qty
    chance, largest = supplier.reject
    rejected = round(received * rng.uniform(0.002, largest)) if rng.random() < chance else 0
    return {
        "supplier": supplier.name,
        "sku": str(rng.choice(supplier.skus)),
        "order_date": ordered,
        "ordered_qty": qty,
        "received_qty": received,
        "rejected_qty": min(rejected, received),
        "booked_date": booked,
        "arrived_date": arrived,
        "lead_time_days": (arrived - ordered).days,
        "tiebreak": rng.random(),
    }


LOWEST_OTIF, LOWEST_QUALITY, WIDEST_LEAD_TIME = SUPPLIERS[2].name, SUPPLIERS[3].name, SUPPLIERS[4].name
QUICKEST = SUPPLIERS[0].name


def _profiles_show(deliveries: pd.DataFrame) -> bool:
    """Whether a draw shows the profiles the course reads from it.

    The lowest OTIF, the lowest quality and the widest lead time where meant; the longest mean
    lead time the far supplier's and the shortest the reliable one's; and at least one early
    delivery (which the course teaches is not on time).
    """
    card = suppliers.scorecard(deliveries)
    shown = (
        card["otif"].idxmin(),
        card["quality"].idxmin(),
        card["lead_time_sd"].idxmax(),
        card["lead_time_mean"].idxmax(),
        card["lead_time_mean"].idxmin(),
    )
    early = (deliveries["arrived_date"] < deliveries["booked_date"]).any()
    return bool(early) and shown == (LOWEST_OTIF, LOWEST_QUALITY, WIDEST_LEAD_TIME, WIDEST_LEAD_TIME, QUICKEST)


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``inbound`` table.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``: it decides each order's day, quantity and SKU and
        how each delivery went; the suppliers' profiles and how often they deliver are fixed.  The
        whole table is drawn again (from the same generator) until it shows the profiles: the
        lowest OTIF is Hollinsdale's, the lowest quality Trentvale's, the largest lead-time sd and
        the longest mean lead time Lanhai's, the shortest mean lead time BoxRight's, and at least
        one delivery arrives before its booked day.

    Returns
    -------
    pandas.DataFrame
        One row per delivery (about 150), with the columns of ``COLUMNS`` in that order, sorted
        by po (the order date).

    Examples
    --------
    >>> inbound = generate()
    >>> inbound.loc[0, "po"]
    'PO-50001'
    >>> bool((inbound["lead_time_days"] == (inbound["arrived_date"] - inbound["order_date"]).dt.days).all())
    True
    """
    rng = np.random.default_rng(seed)
    while True:
        rows = []
        for supplier in SUPPLIERS:
            count = round(supplier.per_week * WEEKS)
            days = np.sort(rng.integers(0, 7 * WEEKS, size=count))
            ordered = [_weekday(START + pd.Timedelta(days=int(day)), forward=False) for day in days]
            rows += [_delivery(rng, supplier, day) for day in ordered]
        if _profiles_show(pd.DataFrame(rows)):
            break
    rows.sort(key=lambda row: (row["order_date"], row["tiebreak"]))
    for number, row in enumerate(rows, start=50_001):
        row["po"] = f"PO-{number}"
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
