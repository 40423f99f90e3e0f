"""The ``parties`` dataset: who Northgate Distribution Centre deals with.

Northgate Distribution Centre is Brightwater Home & Garden Ltd's regional
distribution centre (RDC) in Wakefield. Brightwater sells homeware and garden
products to retailers, wholesalers, business buyers and online shoppers, and also
stores and ships stock under contract for one third-party logistics (3PL) client,
Harrow Interiors. The names of the parties outside Brightwater are those of the
world file (``logiserve/world.yaml``; ``tests/datasets`` checks them).

Each row holds the facts of one party, and learners apply the course's customer
rule (:mod:`logiserve.customers`) to them: a party is a customer if something
Brightwater provides to it (``we_provide``) is for it (``provided_for`` is
``"them"``); it is internal if it is part of Brightwater, external otherwise.
What a party provides to Brightwater (``they_provide``) makes it a supplier, and
one party, Harrow Interiors, is both: a customer in one flow, a supplier in the
other.

The catalogue (:mod:`._party_catalogue`) is fixed. Only the row order, the ``party_id`` values and
the two numeric columns come from the random number generator.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._party_catalogue import LATER_PARTIES, NEWER_PARTIES, PARTIES, _Party

SEED = 1847

COLUMNS: dict[str, str] = {
    "party_id": "Short reference for the party, from P01 upwards.",
    "name": "Name of the person, team, site or organisation.",
    "party_type": (
        "What kind of party it is: department, company_site, retailer, wholesaler, consumer, "
        "contract_client, business_buyer, public_sector_buyer, supplier, service_provider, "
        "regulator or community."
    ),
    "description": "One sentence on what the party does and how it deals with Northgate.",
    "inside_organisation": "True if the party is part of Brightwater (its own team, department or site).",
    "we_provide": (
        "The goods, service or information that Northgate or another Brightwater team provides to the "
        'party ("" if nothing goes to it).'
    ),
    "provided_for": (
        'Whose need what we provide meets: "them" (the party ordered it or needs it for its own work), '
        '"us" (it goes to the party only so that the party can do a job for Brightwater, as a haulier we '
        'hire carries our goods), "the law" (a rule requires it, as HMRC requires our customs '
        'declarations) or "" (nothing goes to the party).'
    ),
    "they_provide": (
        "The goods or service the party provides to Brightwater's teams for their needs, as a supplier "
        'does ("" if none).'
    ),
    "pays_us": "True if the party pays Brightwater money for goods or services.",
    "we_pay_them": "True if Brightwater pays the party money (for goods, services, fees or taxes).",
    "regulates_us": "True if the party makes or enforces rules that Northgate must follow.",
    "orders_per_week": (
        "Typical number of orders, deliveries or requests the DC handles for the party each week "
        "(a count; 0 if the DC does not handle any for it)."
    ),
    "annual_revenue_gbp": "Brightwater's yearly income from the party, in pounds (GBP), rounded to £100.",
}

DTYPES: dict[str, str] = {
    "party_id": "str",
    "name": "str",
    "party_type": "str",
    "description": "str",
    "inside_organisation": "bool",
    "we_provide": "str",
    "provided_for": "str",
    "they_provide": "str",
    "pays_us": "bool",
    "we_pay_them": "bool",
    "regulates_us": "bool",
    "orders_per_week": "int64",
    "annual_revenue_gbp": "int64",
}


NEWER_STREAM = 1
"""The generator for :data:`NEWER_PARTIES` is ``numpy.random.default_rng([seed, NEWER_STREAM])``."""


def _numbers(rng: np.random.Generator, parties: list[_Party]) -> tuple[np.ndarray, np.ndarray]:
    """``orders_per_week`` and ``annual_revenue_gbp`` for ``parties``, drawn from ``rng`` in that order."""
    order_lo, order_hi = np.array([p.orders for p in parties]).T
    revenue_lo, revenue_hi = np.array([p.revenue for p in parties]).T // 100
    orders = rng.integers(order_lo, order_hi, endpoint=True)
    revenue = rng.integers(revenue_lo, revenue_hi, endpoint=True) * 100
    return orders, revenue


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``parties`` table from the fixed catalogue.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``. It decides the row order of :data:`PARTIES` (and so
        their ``party_id`` values), and every party's ``orders_per_week`` and
        ``annual_revenue_gbp``. :data:`LATER_PARTIES` and then :data:`NEWER_PARTIES` follow the
        shuffled catalogue in their own order; the newer ones draw their numbers from a second
        generator, ``default_rng([seed, NEWER_STREAM])``.

    Returns
    -------
    pandas.DataFrame
        One row per party, with the columns of ``COLUMNS`` in that order.
    """
    rng = np.random.default_rng(seed)
    parties = [PARTIES[i] for i in rng.permutation(len(PARTIES))] + list(LATER_PARTIES)
    orders, revenue = _numbers(rng, parties)
    newer_orders, newer_revenue = _numbers(np.random.default_rng([seed, NEWER_STREAM]), list(NEWER_PARTIES))
    parties += list(NEWER_PARTIES)
    frame = pd.DataFrame(
        {
            "party_id": [f"P{i:02d}" for i in range(1, len(parties) + 1)],
            "name": [p.name for p in parties],
            "party_type": [p.party_type for p in parties],
            "description": [p.description for p in parties],
            "inside_organisation": [p.inside_organisation for p in parties],
            "we_provide": [p.we_provide for p in parties],
            "provided_for": [p.provided_for for p in parties],
            "they_provide": [p.they_provide for p in parties],
            "pays_us": [p.pays_us for p in parties],
            "we_pay_them": [p.we_pay_them for p in parties],
            "regulates_us": [p.regulates_us for p in parties],
            "orders_per_week": np.concatenate([orders, newer_orders]),
            "annual_revenue_gbp": np.concatenate([revenue, newer_revenue]),
        }
    )
    return frame.astype(DTYPES)
