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
* most complaints, but not all, are resolved within the customer's SLA;
* a few deliveries arrive a day early, which a customer with a booked goods-in
  slot counts as a failure (Brightwater's delivery SLA), and a few lines bring
  the wrong item in the right quantity (a mis-pick: not in full).

The customers' names, their complaint clocks (``sla_target_hours``) and the
carriers come from the world file (:mod:`logiserve.world`); their mix and the
channels are fixed below; the random number generator decides each order's
details.  Damage and paperwork errors are drawn from a second stream seeded from
the same seed, so adding them left every other figure of the table as it was.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from logiserve import world

_WORLD = world.load()

SEED = 2077
"""Seed of the shipped ``orders.csv``: ``generate(SEED)`` rebuilds it exactly."""

START = pd.Timestamp("2026-01-05")  # Monday of week 1
WEEKS = 12
LINE_RANGE = (1_940, 2_060)  # the recipe redraws the order sizes until the line count is in here
MANUAL_CHANNELS = ("email", "phone")
LATE_CARRIER = _WORLD.party("Swiftline").name
OWN_FLEET = "Brightwater fleet"

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
    "picked_correctly": (
        "True if the product ordered was picked for the line; False is a mis-pick (another product, "
        "even in the right quantity)."
    ),
    "damaged": "True if the line arrived damaged (noted at the customer's goods-in, on the proof of delivery).",
    "documents_correct": (
        "True if the order's paperwork was right: delivery note, advance shipping notice (ASN) and invoice all "
        "matched what was delivered. The same on every line of an order."
    ),
    "complaint": "True if the customer complained about the order; the same on every line of an order.",
    "resolution_hours": (
        "Time from the complaint to its resolution, in hours, rounded to 0.1 hour; "
        "empty (NaN) when the order had no complaint. The same on every line of the order."
    ),
    "sla_target_hours": (
        "The customer's service level agreement (SLA) for resolving a complaint, in hours, from the world "
        "file's complaint clocks: 48 for retail DCs and wholesalers, 72 for garden centres, contract clients "
        "and business buyers, 120 for online shoppers."
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
    "damaged": "bool",
    "documents_correct": "bool",
    "complaint": "bool",
    "resolution_hours": "float64",
    "sla_target_hours": "int64",
}


def _carrier(short_name: str) -> str:
    """A carrier's full name from the world file (it must be a haulier, pallet network or parcel carrier there)."""
    party = _WORLD.party(short_name)
    if party.kind != "service_provider" or not party.role:
        raise ValueError(f"{party.name} is not a carrier in the world file")
    return party.name


DALESWAY, PENNANT, SWIFTLINE = _carrier("Dalesway"), _carrier("Pennant"), _carrier("Swiftline")

# Chance that a carrier delivers an order a day or more late.
CARRIER_LATE: dict[str, float] = {
    OWN_FLEET: 0.015,
    DALESWAY: 0.03,
    PENNANT: 0.04,
    SWIFTLINE: 0.16,
}
MANUAL_LATE = 0.12  # extra chance of missing the cut-off when an order is keyed in by hand
# Chance that an order that is not late arrives a day early: rare where the customer books a goods-in slot
# (the carrier plans to the slot), more common for parcels, where early is welcome.
EARLY = {"booked_slot": 0.05, "by_promised_day": 0.12}
SPLIT_LINE = 0.004  # chance that one line of a multi-line order follows a day or two later (back order)
SHORT_LINE = 0.008  # chance that a line is short-shipped (not enough stock)
MANUAL_SHORT = 0.02  # extra chance for orders keyed in by hand
MISPICK = {"manual": 0.06, "system": 0.004}  # chance that a line is picked wrongly
# Second stream: chance that a line arrives damaged (parcels are handled more often than pallets), and that
# an order's paperwork is wrong (more often when it was keyed in by hand).
DAMAGED = {"parcel": 0.012, "pallet": 0.004}
WRONG_DOCUMENTS = {"manual": 0.05, "system": 0.008}
COMPLAINT_BASE = 0.008  # chance of a complaint about an order with nothing wrong
COMPLAINT_LATE, COMPLAINT_SHORT, COMPLAINT_MISPICK = 0.4, 0.12, 0.1  # added for each failure
COMPLAINT_DAMAGED, COMPLAINT_DOCUMENTS = 0.2, 0.05


class _Customer(NamedTuple):
    name: str
    customer_type: str
    orders_per_week: int
    lines: tuple[int, ...]  # possible numbers of lines on an order (drawn uniformly)
    quantity: tuple[int, int, int]  # low, high, pack size: qty_ordered is a multiple of the pack size
    lead_days: tuple[int, int]  # promised date is this many days after the order date (inclusive range)
    channels: dict[str, float]
    carriers: dict[str, float]
    sla_hours: int  # hours to resolve a complaint, from the world file's complaint clock for the customer type

    @property
    def window(self) -> str:
        """The customer's on-time rule in the delivery SLA: "booked_slot" or "by_promised_day"."""
        return "booked_slot" if self.customer_type in _WORLD.delivery_sla.booked_slot else "by_promised_day"


def _customer(
    short_name: str,
    orders_per_week: int,
    lines: tuple[int, ...],
    quantity: tuple[int, int, int],
    lead_days: tuple[int, int],
    channels: dict[str, float],
    carriers: dict[str, float],
) -> _Customer:
    """A customer of the world file, by its short name, with its ordering pattern."""
    party = _WORLD.party(short_name)
    if not party.customer_type:
        raise ValueError(f"{party.name} does not order through Northgate in the world file")
    clock = _WORLD.complaint_clock(party.customer_type)[1]
    return _Customer(
        party.name, party.customer_type, orders_per_week, lines, quantity, lead_days, channels, carriers, clock
    )


CUSTOMERS: tuple[_Customer, ...] = (
    _customer("Fresco", 9, (2, 3, 4, 5, 6), (12, 96, 6), (1, 2), {"EDI": 1.0}, {OWN_FLEET: 0.8, DALESWAY: 0.2}),
    _customer(
        "Kestrel",
        7,
        (2, 3, 4, 5, 6),
        (12, 72, 6),
        (1, 2),
        {"EDI": 0.9, "customer portal": 0.1},
        {OWN_FLEET: 0.7, PENNANT: 0.3},
    ),
    _customer(
        "Greenacre",
        8,
        (1, 2, 3, 4, 5),
        (4, 48, 4),
        (2, 4),
        {"customer portal": 0.5, "email": 0.35, "phone": 0.15},
        {DALESWAY: 0.45, PENNANT: 0.25, SWIFTLINE: 0.3},
    ),
    _customer(
        "Pennine",
        6,
        (2, 3, 4, 5, 6),
        (6, 60, 6),
        (2, 3),
        {"phone": 0.45, "email": 0.35, "customer portal": 0.2},
        {PENNANT: 0.5, DALESWAY: 0.3, OWN_FLEET: 0.2},
    ),
    _customer(
        "Harrow",
        6,
        (1, 2, 3, 4),
        (1, 12, 1),
        (1, 3),
        {"EDI": 0.6, "customer portal": 0.4},
        {SWIFTLINE: 0.5, DALESWAY: 0.5},
    ),
    _customer(
        "Kingsway",
        4,
        (1, 2, 3, 4),
        (2, 24, 2),
        (2, 4),
        {"email": 0.5, "phone": 0.3, "customer portal": 0.2},
        {SWIFTLINE: 0.4, PENNANT: 0.3, OWN_FLEET: 0.3},
    ),
    _customer(
        "the schools trust",
        3,
        (1, 2, 3),
        (2, 30, 2),
        (3, 5),
        {"email": 0.6, "customer portal": 0.4},
        {DALESWAY: 0.5, SWIFTLINE: 0.5},
    ),
    _customer(
        "online shoppers",
        15,
        (1, 1, 1, 1, 1, 2, 2, 2, 3, 3),
        (1, 3, 1),
        (2, 3),
        {"customer portal": 1.0},
        {SWIFTLINE: 0.55, OWN_FLEET: 0.45},
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


def _order(rng: np.random.Generator, extra: np.random.Generator, customer: _Customer, week: int, n_lines: int) -> dict:
    """One order: its header and a list of its lines, before the order_id is given.

    ``rng`` draws everything but damage and paperwork, which ``extra`` draws (one draw for the
    paperwork and one for each line, whatever happens).
    """
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
    elif rng.random() < EARLY[customer.window] and promised - pd.Timedelta(days=1) >= ordered:
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

    handling = "parcel" if carrier == SWIFTLINE else "pallet"
    documents_correct = bool(extra.random() >= WRONG_DOCUMENTS["manual" if manual else "system"])
    damaged = [bool(chance < DAMAGED[handling]) for chance in extra.random(n_lines)]
    late = max(line[3] for line in lines).normalize() > promised
    short = any(line[2] < line[1] for line in lines)
    wrong = not all(line[4] for line in lines)
    chance = COMPLAINT_BASE + COMPLAINT_LATE * late + COMPLAINT_SHORT * short + COMPLAINT_MISPICK * wrong
    complaint = bool(rng.random() < min(chance, 0.9))
    hours = round(max(0.5, customer.sla_hours * rng.gamma(4.0, 0.18)), 1) if complaint else float("nan")
    # Damage and wrong paperwork add their own complaints, drawn from the second stream.
    also, also_hours = extra.random(), extra.gamma(4.0, 0.18)
    if not complaint and also < COMPLAINT_DAMAGED * any(damaged) + COMPLAINT_DOCUMENTS * (not documents_correct):
        complaint, hours = True, round(max(0.5, customer.sla_hours * also_hours), 1)
    return {
        "customer": customer,
        "channel": channel,
        "carrier": carrier,
        "order_date": ordered,
        "promised_date": promised,
        "lines": lines,
        "damaged": damaged,
        "documents_correct": documents_correct,
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
    extra = np.random.default_rng([seed, 1])
    orders = [_order(rng, extra, customer, week, n_lines) for customer, week, n_lines in _plan(rng)]
    orders.sort(key=lambda order: (order["order_date"], order["tiebreak"]))
    rows = []
    for number, order in enumerate(orders, start=10_001):
        customer = order["customer"]
        for line_no, ((sku, qty, sent, delivered, correct), damaged) in enumerate(
            zip(order["lines"], order["damaged"], strict=True), start=1
        ):
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
                    "damaged": damaged,
                    "documents_correct": order["documents_correct"],
                    "complaint": order["complaint"],
                    "resolution_hours": order["resolution_hours"],
                    "sla_target_hours": customer.sla_hours,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
