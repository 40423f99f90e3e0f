"""The ``orders`` dataset: twelve weeks of customer order lines from Northgate.

Northgate Distribution Centre, near Wakefield, is the regional distribution
centre (DC) of Brightwater Home & Garden Ltd.  This table holds one row for each
line of the orders it shipped to its external customers over twelve weeks (weeks
starting Monday 5 January 2026): what was ordered and through which channel, who
carried it, when it was promised and delivered, how much arrived, whether it was
picked correctly, and whether the customer complained and how fast the complaint
was resolved.

Learners measure the service with :mod:`logiserve.kpis` (OTIF, order accuracy,
fill rate, complaint resolution) and look for the causes with ``groupby``.  The
recipe is built so that a few findings are there to be made:

* overall OTIF is in the high 80s (per cent);
* orders that arrive by email or phone are keyed in by hand, so they are picked
  wrongly far more often and miss the despatch cut-off more often than orders
  that arrive by EDI or through the customer portal;
* one parcel carrier, Swiftline Parcels, delivers late far more often than the
  others, and late deliveries cause most of the complaints;
* most complaints, but not all, are resolved within the customer's SLA.

The customers, carriers, channels and their mix are fixed below; the random
number generator decides each order's details.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

SEED = 2077
"""Seed of the shipped ``orders.csv``: ``generate(SEED)`` rebuilds it exactly."""

START = pd.Timestamp("2026-01-05")  # Monday of week 1
WEEKS = 12
LINE_RANGE = (1_940, 2_060)  # the recipe redraws the order sizes until the line count is in here
MANUAL_CHANNELS = ("email", "phone")
LATE_CARRIER = "Swiftline Parcels"

COLUMNS: dict[str, str] = {
    "order_id": "Reference of the customer order, e.g. SO-10001; numbered in the order the orders were placed.",
    "line_no": "Number of the line within its order, from 1 (an order has 1 to 6 lines).",
    "customer": "Name of the external customer (company, site or group) that placed the order.",
    "customer_type": (
        "Kind of customer: retail_dc (a supermarket's regional distribution centre), garden_centre, "
        "wholesaler, contract_client (a brand whose stock the DC stores and ships), business_buyer "
        "(a business or public body buying for its own use) or e_commerce (online shoppers)."
    ),
    "channel": (
        "How the order reached the DC: EDI (electronic data interchange, straight into the system), "
        "customer portal (typed in by the customer on Brightwater's website), email or phone "
        "(both keyed in by hand by the customer service team)."
    ),
    "carrier": (
        "Who delivered the order: Brightwater fleet (Brightwater's own lorries and vans) or a "
        "haulier or parcel carrier paid by Brightwater."
    ),
    "order_date": "Day the customer placed the order (a date, no time of day).",
    "promised_date": "Day Brightwater promised to deliver the line (a date).",
    "delivered_date": "Day the line was delivered to the customer (a date).",
    "week": "Course week of the promised date, 1 to 12 (week 1 starts on Monday 5 January 2026).",
    "sku": "Stock keeping unit: the code of the product ordered on the line.",
    "qty_ordered": "Quantity ordered on the line, in units (eaches); at least 1.",
    "qty_delivered": "Quantity delivered on the line, in units; 0 up to qty_ordered (less means short-shipped).",
    "picked_correctly": "True if the right product, in the right quantity and condition, was picked for the line.",
    "complaint": "True if the customer complained about the order; the same on every line of an order.",
    "resolution_hours": (
        "Time from the complaint to its resolution, in hours, rounded to 0.1 hour; "
        "empty (NaN) when the order had no complaint. The same on every line of the order."
    ),
    "sla_target_hours": (
        "The customer's service level agreement (SLA) for resolving a complaint, in hours "
        "(24 for retail DCs, 48 for everyone else)."
    ),
}

DTYPES: dict[str, str] = {
    "order_id": "str",
    "line_no": "int64",
    "customer": "str",
    "customer_type": "str",
    "channel": "str",
    "carrier": "str",
    "order_date": "datetime64[ns]",
    "promised_date": "datetime64[ns]",
    "delivered_date": "datetime64[ns]",
    "week": "int64",
    "sku": "str",
    "qty_ordered": "int64",
    "qty_delivered": "int64",
    "picked_correctly": "bool",
    "complaint": "bool",
    "resolution_hours": "float64",
    "sla_target_hours": "int64",
}

# Chance that a carrier delivers an order a day or more late.
CARRIER_LATE: dict[str, float] = {
    "Brightwater fleet": 0.015,
    "Dalesway Haulage": 0.03,
    "Pennant Pallet Network": 0.04,
    "Swiftline Parcels": 0.16,
}
MANUAL_LATE = 0.12  # extra chance of missing the cut-off when an order is keyed in by hand
SPLIT_LINE = 0.004  # chance that one line of a multi-line order follows a day or two later (back order)
SHORT_LINE = 0.008  # chance that a line is short-shipped (not enough stock)
MANUAL_SHORT = 0.02  # extra chance for orders keyed in by hand
MISPICK = {"manual": 0.06, "system": 0.004}  # chance that a line is picked wrongly
COMPLAINT_BASE = 0.008  # chance of a complaint about an order with nothing wrong
COMPLAINT_LATE, COMPLAINT_SHORT, COMPLAINT_MISPICK = 0.4, 0.12, 0.1  # added for each failure


class _Customer(NamedTuple):
    name: str
    customer_type: str
    orders_per_week: int
    lines: tuple[int, ...]  # possible numbers of lines on an order (drawn uniformly)
    quantity: tuple[int, int, int]  # low, high, pack size: qty_ordered is a multiple of the pack size
    lead_days: tuple[int, int]  # promised date is this many days after the order date (inclusive range)
    channels: dict[str, float]
    carriers: dict[str, float]
    sla_hours: int


CUSTOMERS: tuple[_Customer, ...] = (
    _Customer(
        "Fresco Foods RDC Doncaster",
        "retail_dc",
        9,
        (2, 3, 4, 5, 6),
        (12, 96, 6),
        (1, 2),
        {"EDI": 1.0},
        {"Brightwater fleet": 0.8, "Dalesway Haulage": 0.2},
        24,
    ),
    _Customer(
        "Kestrel Foodstores RDC Normanton",
        "retail_dc",
        7,
        (2, 3, 4, 5, 6),
        (12, 72, 6),
        (1, 2),
        {"EDI": 0.9, "customer portal": 0.1},
        {"Brightwater fleet": 0.7, "Pennant Pallet Network": 0.3},
        24,
    ),
    _Customer(
        "Greenacre Garden Centres",
        "garden_centre",
        8,
        (1, 2, 3, 4, 5),
        (4, 48, 4),
        (2, 4),
        {"customer portal": 0.5, "email": 0.35, "phone": 0.15},
        {"Dalesway Haulage": 0.45, "Pennant Pallet Network": 0.25, "Swiftline Parcels": 0.3},
        48,
    ),
    _Customer(
        "Pennine Cash & Carry",
        "wholesaler",
        6,
        (2, 3, 4, 5, 6),
        (6, 60, 6),
        (2, 3),
        {"phone": 0.45, "email": 0.35, "customer portal": 0.2},
        {"Pennant Pallet Network": 0.5, "Dalesway Haulage": 0.3, "Brightwater fleet": 0.2},
        48,
    ),
    _Customer(
        "Harrow Interiors",
        "contract_client",
        6,
        (1, 2, 3, 4),
        (1, 12, 1),
        (1, 3),
        {"EDI": 0.6, "customer portal": 0.4},
        {"Swiftline Parcels": 0.5, "Dalesway Haulage": 0.5},
        48,
    ),
    _Customer(
        "Kingsway Hotels Group",
        "business_buyer",
        4,
        (1, 2, 3, 4),
        (2, 24, 2),
        (2, 4),
        {"email": 0.5, "phone": 0.3, "customer portal": 0.2},
        {"Swiftline Parcels": 0.4, "Pennant Pallet Network": 0.3, "Brightwater fleet": 0.3},
        48,
    ),
    _Customer(
        "Calder Valley Schools Trust",
        "business_buyer",
        3,
        (1, 2, 3),
        (2, 30, 2),
        (3, 5),
        {"email": 0.6, "customer portal": 0.4},
        {"Dalesway Haulage": 0.5, "Swiftline Parcels": 0.5},
        48,
    ),
    _Customer(
        "Brightwater online shoppers",
        "e_commerce",
        15,
        (1, 1, 1, 1, 1, 2, 2, 2, 3, 3),
        (1, 3, 1),
        (2, 3),
        {"customer portal": 1.0},
        {"Swiftline Parcels": 0.55, "Brightwater fleet": 0.45},
        48,
    ),
)

SKUS: tuple[str, ...] = tuple(
    f"{family}-{number:04d}"
    for family, first in (("GDN", 1010), ("HOM", 2010), ("OUT", 3010), ("PLT", 4010), ("TLS", 5010))
    for number in range(first, first + 120, 15)
)


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    chances = np.array([weights[name] for name in names], dtype=float)
    return names[rng.choice(len(names), p=chances / chances.sum())]


def _plan(rng: np.random.Generator) -> list[tuple[_Customer, int, int]]:
    """(customer, week, number of lines) for every order; redrawn until the line count is in LINE_RANGE."""
    while True:
        plan = [
            (customer, week, int(rng.choice(customer.lines)))
            for week in range(1, WEEKS + 1)
            for customer in CUSTOMERS
            for _ in range(customer.orders_per_week)
        ]
        if LINE_RANGE[0] <= sum(lines for _, _, lines in plan) <= LINE_RANGE[1]:
            return plan


def _order(rng: np.random.Generator, customer: _Customer, week: int, n_lines: int) -> dict:
    """One order: its header and a list of its lines, before the order_id is given."""
    days_open = 6 if customer.customer_type == "e_commerce" else 5  # parcels also arrive on Saturdays
    promised = START + pd.Timedelta(days=7 * (week - 1) + int(rng.integers(days_open)))
    channel = _pick(rng, customer.channels)
    manual = channel in MANUAL_CHANNELS
    ordered = promised - pd.Timedelta(days=int(rng.integers(customer.lead_days[0], customer.lead_days[1] + 1)))
    if manual and ordered.day_of_week >= 5:  # nobody keys in email or phone orders at the weekend
        ordered -= pd.Timedelta(days=ordered.day_of_week - 4)
    carrier = _pick(rng, customer.carriers)

    if rng.random() < CARRIER_LATE[carrier] + (MANUAL_LATE if manual else 0.0):
        delivered = promised + pd.Timedelta(days=int(rng.choice([1, 1, 1, 2, 2, 3])))
    elif rng.random() < 0.12 and promised - pd.Timedelta(days=1) >= ordered:
        delivered = promised - pd.Timedelta(days=1)
    else:
        delivered = promised

    low, high, pack = customer.quantity
    lines = []
    for sku in rng.choice(SKUS, size=n_lines, replace=False):
        qty = int(rng.integers(low // pack, high // pack + 1)) * pack
        short = rng.random() < SHORT_LINE + (MANUAL_SHORT if manual else 0.0)
        sent = int(rng.integers(0, qty // pack)) * pack if short else qty
        line_delivered = delivered
        if n_lines > 1 and rng.random() < SPLIT_LINE:
            line_delivered = delivered + pd.Timedelta(days=int(rng.integers(1, 3)))
        if line_delivered.day_of_week == 6:  # no deliveries on Sundays
            line_delivered += pd.Timedelta(days=1)
        correct = rng.random() >= MISPICK["manual" if manual else "system"]
        lines.append((str(sku), qty, sent, line_delivered, correct))

    late = max(line[3] for line in lines).normalize() > promised
    short = any(line[2] < line[1] for line in lines)
    wrong = not all(line[4] for line in lines)
    chance = COMPLAINT_BASE + COMPLAINT_LATE * late + COMPLAINT_SHORT * short + COMPLAINT_MISPICK * wrong
    complaint = bool(rng.random() < min(chance, 0.9))
    hours = round(max(0.5, customer.sla_hours * rng.gamma(4.0, 0.18)), 1) if complaint else float("nan")
    return {
        "customer": customer,
        "channel": channel,
        "carrier": carrier,
        "order_date": ordered,
        "promised_date": promised,
        "lines": lines,
        "complaint": complaint,
        "resolution_hours": hours,
        "tiebreak": rng.random(),
    }


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``orders`` table.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``.  It decides the number of lines on
        each order and every detail of each order and line; the customers, their
        order volumes and the carriers' and channels' reliability are fixed.

    Returns
    -------
    pandas.DataFrame
        One row per order line (1,940 to 2,060 rows), with the columns of
        ``COLUMNS`` in that order, sorted by order_id and line_no.

    Examples
    --------
    >>> lines = generate()
    >>> lines.loc[0, "order_id"], int(lines.loc[0, "line_no"])
    ('SO-10001', 1)
    >>> bool(lines.groupby("order_id")["complaint"].nunique().eq(1).all())
    True
    """
    rng = np.random.default_rng(seed)
    orders = [_order(rng, customer, week, n_lines) for customer, week, n_lines in _plan(rng)]
    orders.sort(key=lambda order: (order["order_date"], order["tiebreak"]))
    rows = []
    for number, order in enumerate(orders, start=10_001):
        customer = order["customer"]
        for line_no, (sku, qty, sent, delivered, correct) in enumerate(order["lines"], start=1):
            rows.append(
                {
                    "order_id": f"SO-{number}",
                    "line_no": line_no,
                    "customer": customer.name,
                    "customer_type": customer.customer_type,
                    "channel": order["channel"],
                    "carrier": order["carrier"],
                    "order_date": order["order_date"],
                    "promised_date": order["promised_date"],
                    "delivered_date": delivered,
                    "week": (order["promised_date"] - START).days // 7 + 1,
                    "sku": sku,
                    "qty_ordered": qty,
                    "qty_delivered": sent,
                    "picked_correctly": correct,
                    "complaint": order["complaint"],
                    "resolution_hours": order["resolution_hours"],
                    "sla_target_hours": customer.sla_hours,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
