"""The ``complaints`` dataset: one quarter of Northgate's complaints log.

Northgate Distribution Centre, near Wakefield, is the regional distribution
centre (DC) of Brightwater Home & Garden Ltd.  Its customer service desk logs
every complaint it receives.  This table is the log for the third quarter of 2026
(1 July to 30 September): who complained, through which channel, what about, the
root cause the investigation found, how long the desk took to acknowledge and to
resolve the complaint against the customer's service level agreement (SLA), and
whether the complaint was escalated to the customer service manager.

The SLA clock starts when the complaint is received.  Its targets are the complaint
clocks of the world file (``logiserve/world.yaml``, read through
:func:`logiserve.world.load`): key accounts (retail_dc and wholesaler customers) must
be acknowledged within 4 hours and have the complaint resolved within 48 hours;
garden centres within 24 and 72 hours; e-commerce shoppers within 24 and 120 hours
(five days).  The phone line and the account
managers work 08:00 to 18:00 on weekdays; the desk answers email, the customer
portal and social media from 08:00 to 18:00 Monday to Saturday, so a message sent
in the evening or on a Sunday waits for the desk to open.

Learners measure the log with :mod:`logiserve.complaints`.  The recipe is built
so that a few findings are there to be made:

* about one complaint in seven misses its acknowledgement SLA, but resolution is
  the bigger problem: more than a quarter miss their resolution SLA;
* a clear Pareto: three root causes out of seven (carrier_missed_slot,
  poor_load_securing and picking_error) make about 80 % of the complaints, the
  "vital few" to fix first;
* damaged_goods complaints take by far the longest to resolve (inspection,
  photographs, a replacement and a claim against the carrier): their mean
  resolution time is the worst of the five categories;
* complaints by phone and through account managers are acknowledged at once or
  within a couple of hours; email and social media wait longest (social media
  most of all);
* complaints that miss their resolution SLA, and complaints from key accounts,
  are escalated far more often than the others.

The customer mix, channels, root causes and time distributions are fixed below;
the random number generator decides each complaint's details.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from logiserve import complaints, world

SEED = 1024
"""Seed of the shipped ``complaints.csv``: ``generate(SEED)`` rebuilds it exactly."""

START = pd.Timestamp("2026-07-01")  # first day of the quarter (a Wednesday)
DAYS = 92  # 1 July to 30 September 2026
COMPLAINT_RANGE = (270, 330)  # number of complaints in the quarter, inclusive

COLUMNS: dict[str, str] = {
    "complaint_id": "Reference of the complaint, from K0001 upwards, numbered in the order the complaints came in.",
    "received": (
        "Date and time the complaint was received (to the minute, UK local time); the SLA clock starts here. "
        "The quarter runs from 1 July to 30 September 2026."
    ),
    "channel": (
        "How the complaint reached the desk: phone, email, customer_portal (the complaint form on Brightwater's "
        "website), account_manager (raised by the customer with their account manager) or social_media."
    ),
    "customer_type": (
        "Kind of customer: retail_dc (a supermarket's regional distribution centre), garden_centre, "
        "wholesaler or e_commerce (an online shopper buying from the Brightwater website). "
        "retail_dc and wholesaler customers are key accounts."
    ),
    "category": (
        "What the customer complained about: late_delivery, damaged_goods, wrong_item, missing_paperwork "
        "(no delivery note, invoice copy or certificate with the goods) or billing (a wrong invoice)."
    ),
    "root_cause": (
        "What the investigation found had caused the problem: carrier_missed_slot (the carrier missed the booked "
        "delivery slot), late_despatch (the order missed its despatch cut-off), poor_load_securing (the load was "
        "not strapped or wrapped well enough), picking_error (the wrong item or quantity was picked), "
        "wms_stock_mismatch (the warehouse management system showed stock that was not on the shelf), "
        "paperwork_not_printed or pricing_data_error (a wrong price in the system)."
    ),
    "hours_to_acknowledge": (
        "Time from receiving the complaint to acknowledging it to the customer, in hours, rounded to 0.1 hour."
    ),
    "ack_sla_hours": (
        "The acknowledgement target in the customer's SLA, in hours: 4 for key accounts (retail_dc and "
        "wholesaler), 24 for everyone else. Acknowledged later than this is a breach; exactly on it is not."
    ),
    "hours_to_resolve": (
        "Time from receiving the complaint to resolving it, in hours, rounded to 0.1 hour; "
        "never less than hours_to_acknowledge."
    ),
    "resolve_sla_hours": (
        "The resolution target in the customer's SLA, in hours: 48 for key accounts (retail_dc and wholesaler), "
        "72 for garden centres, 120 (five days) for e-commerce shoppers."
    ),
    "escalated": "True if the complaint was escalated to the customer service manager before it was resolved.",
}

DTYPES: dict[str, str] = {
    "complaint_id": "str",
    "received": "datetime64[ns]",
    "channel": "str",
    "customer_type": "str",
    "category": "str",
    "root_cause": "str",
    "hours_to_acknowledge": "float64",
    "ack_sla_hours": "int64",
    "hours_to_resolve": "float64",
    "resolve_sla_hours": "int64",
    "escalated": "bool",
}

CUSTOMER_TYPES: dict[str, float] = {"retail_dc": 0.15, "garden_centre": 0.30, "wholesaler": 0.20, "e_commerce": 0.35}
KEY_ACCOUNTS = ("retail_dc", "wholesaler")

# (acknowledge, resolve) SLA targets in hours, by customer type: the world file's complaint clocks.
SLA_HOURS: dict[str, tuple[int, int]] = {kind: world.load().complaint_clock(kind) for kind in CUSTOMER_TYPES}

# How each kind of customer complains.
CHANNELS: dict[str, dict[str, float]] = {
    "retail_dc": {"account_manager": 0.45, "email": 0.35, "phone": 0.20},
    "garden_centre": {"phone": 0.35, "email": 0.40, "customer_portal": 0.25},
    "wholesaler": {"phone": 0.45, "email": 0.35, "account_manager": 0.20},
    "e_commerce": {"customer_portal": 0.40, "email": 0.25, "social_media": 0.25, "phone": 0.10},
}
STAFFED_CHANNELS = ("phone", "account_manager")  # only used when someone answers: 08:00-18:00, Monday to Friday
DESK_HOURS = (8, 18)  # the desk reads email, the portal and social media 08:00-18:00, Monday to Saturday
OUT_OF_HOURS = 0.25  # share of written complaints sent outside the desk's hours (evenings, nights)
DAY_WEIGHTS = (1.0, 1.0, 1.0, 1.0, 1.0, 0.55, 0.4)  # how busy each weekday is for written complaints, Monday first

# Root cause -> (category, chance).  The first three are the "vital few".
ROOT_CAUSES: dict[str, tuple[str, float]] = {
    "carrier_missed_slot": ("late_delivery", 0.36),
    "poor_load_securing": ("damaged_goods", 0.26),
    "picking_error": ("wrong_item", 0.19),
    "late_despatch": ("late_delivery", 0.06),
    "pricing_data_error": ("billing", 0.05),
    "paperwork_not_printed": ("missing_paperwork", 0.045),
    "wms_stock_mismatch": ("wrong_item", 0.035),
}
CATEGORIES = ("late_delivery", "damaged_goods", "wrong_item", "missing_paperwork", "billing")

# Hours the desk takes to acknowledge once it is open: gamma(shape, mean) by channel, at most LONGEST x the mean.
ACK_HOURS: dict[str, tuple[float, float]] = {
    "phone": (1.5, 0.3),
    "account_manager": (2.0, 1.6),
    "customer_portal": (2.0, 4.0),
    "email": (2.0, 5.5),
    "social_media": (2.0, 12.0),
}
# Hours from acknowledgement to resolution: gamma(shape, mean) by root cause, at most LONGEST x the mean.
WORK_HOURS: dict[str, tuple[float, float]] = {
    "carrier_missed_slot": (2.5, 40.0),
    "late_despatch": (2.5, 30.0),
    "poor_load_securing": (3.0, 88.0),
    "picking_error": (2.5, 42.0),
    "wms_stock_mismatch": (2.5, 40.0),
    "paperwork_not_printed": (2.0, 6.0),
    "pricing_data_error": (2.5, 48.0),
}
LONGEST = 3.0  # the desk chases anything this far behind: no time is longer than 3 times its mean
# Chance of escalation: a base, plus more when the resolution SLA was missed and for key accounts.
ESCALATION = {"base": 0.04, "resolve_breach": 0.45, "key_account": 0.12}


def _pick(rng: np.random.Generator, weights: dict[str, float]) -> str:
    names = list(weights)
    chances = np.array([weights[name] for name in names], dtype=float)
    return names[rng.choice(len(names), p=chances / chances.sum())]


def _gamma(rng: np.random.Generator, shape: float, mean: float) -> float:
    """A gamma-distributed time with this shape and mean, cut at LONGEST times the mean."""
    return min(float(rng.gamma(shape, mean / shape)), LONGEST * mean)


def _received(rng: np.random.Generator, channel: str) -> pd.Timestamp:
    """When a complaint by ``channel`` arrives: staffed channels in their hours, written ones at any time."""
    days = pd.date_range(START, periods=DAYS, freq="D")
    opening, closing = DESK_HOURS
    if channel in STAFFED_CHANNELS:
        weights = np.array([float(day.day_of_week < 5) for day in days])
        out_of_hours = False
    else:
        weights = np.array([DAY_WEIGHTS[day.day_of_week] for day in days])
        out_of_hours = bool(rng.random() < OUT_OF_HOURS)
    day = days[rng.choice(DAYS, p=weights / weights.sum())]
    if out_of_hours:  # after closing, or in the small hours of that day before opening
        minute = (closing * 60 + int(rng.integers((24 - closing + opening) * 60))) % (24 * 60)
    else:
        minute = int(rng.integers(opening * 60, closing * 60))
    return day + pd.Timedelta(minutes=minute)


def _wait_for_desk(received: pd.Timestamp) -> float:
    """Hours from ``received`` until the desk is next open (0 when it is open)."""
    moment = received
    while True:
        day = moment.normalize()
        opens, closes = (day + pd.Timedelta(hours=hour) for hour in DESK_HOURS)
        if day.day_of_week != 6 and moment < closes:  # the desk is closed on Sundays
            return (max(moment, opens) - received) / pd.Timedelta(hours=1)
        moment = day + pd.Timedelta(days=1)


def _complaint(rng: np.random.Generator) -> dict:
    """One complaint, before its complaint_id is given."""
    customer_type = _pick(rng, CUSTOMER_TYPES)
    channel = _pick(rng, CHANNELS[customer_type])
    received = _received(rng, channel)
    root_cause = _pick(rng, {cause: chance for cause, (_, chance) in ROOT_CAUSES.items()})
    ack_sla, resolve_sla = SLA_HOURS[customer_type]

    ack = round(max(0.1, _wait_for_desk(received) + _gamma(rng, *ACK_HOURS[channel])), 1)
    resolve = round(ack + max(0.1, _gamma(rng, *WORK_HOURS[root_cause])), 1)
    key_account = customer_type in KEY_ACCOUNTS
    chance = ESCALATION["base"] + ESCALATION["resolve_breach"] * (resolve > resolve_sla)
    chance += ESCALATION["key_account"] * key_account
    return {
        "received": received,
        "channel": channel,
        "customer_type": customer_type,
        "category": ROOT_CAUSES[root_cause][0],
        "root_cause": root_cause,
        "hours_to_acknowledge": ack,
        "ack_sla_hours": ack_sla,
        "hours_to_resolve": resolve,
        "resolve_sla_hours": resolve_sla,
        "escalated": bool(rng.random() < chance),
        "tiebreak": rng.random(),
    }


def _story_shows(log: pd.DataFrame) -> bool:
    """Whether a draw shows the findings the course asks learners to make from it.

    Damaged goods take the longest to resolve, the three vital few root causes make at least
    70 % of the complaints, and resolution misses its SLA more often than acknowledgement.
    """
    vital_few = list(ROOT_CAUSES)[:3]
    share = log["root_cause"].isin(vital_few).mean()
    resolve_breach = complaints.sla_breach_rate(log, "resolve")
    ack_breach = complaints.sla_breach_rate(log, "acknowledge")
    return complaints.worst_category(log) == "damaged_goods" and share >= 0.70 and resolve_breach > ack_breach


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``complaints`` table.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``.  It decides the number of
        complaints (270 to 330) and every detail of each complaint; the customer
        mix, channels, SLA targets, root causes and time distributions are fixed.  The whole
        quarter is drawn again (from the same generator) until it shows the story: damaged goods
        the slowest category to resolve, the vital few at least 70 % of complaints, and more
        resolution breaches than acknowledgement breaches.

    Returns
    -------
    pandas.DataFrame
        One row per complaint, with the columns of ``COLUMNS`` in that order,
        sorted by the time received (so by complaint_id).

    Examples
    --------
    >>> log = generate()
    >>> log.loc[0, "complaint_id"], str(log.loc[0, "received"].date())
    ('K0001', '2026-07-01')
    >>> bool((log["hours_to_resolve"] >= log["hours_to_acknowledge"]).all())
    True
    """
    rng = np.random.default_rng(seed)
    while True:
        count = int(rng.integers(COMPLAINT_RANGE[0], COMPLAINT_RANGE[1] + 1))
        rows = [_complaint(rng) for _ in range(count)]
        if _story_shows(pd.DataFrame(rows)):
            break
    rows.sort(key=lambda row: (row["received"], row["tiebreak"]))
    for number, row in enumerate(rows, start=1):
        row["complaint_id"] = f"K{number:04d}"
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
