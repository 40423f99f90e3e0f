"""Suppliers: measuring the deliveries Northgate receives, and a scorecard for each supplier.

Northgate measures its own service to customers with OTIF (:mod:`logiserve.kpis`); it measures
its suppliers the same way, **from the other side**: were the deliveries *to* Northgate on time
and in full?  Goods-in books every inbound delivery into a slot on a day, so a delivery is on time
only on its booked day (early is not on time either: the dock, the people and the racking were
planned for that day, as a customer with a booked slot plans for Brightwater's deliveries).  A
delivery is in full when the quantity ordered arrived and goods-in rejected none of it.

A **supplier scorecard** (:func:`scorecard`) puts each supplier's OTIF, quality (the share of the
units received that passed inspection, :func:`quality_rate`) and lead time (the mean and the
spread, :func:`lead_time_stats`) side by side, with one weighted score.  A variable lead time
(a large sd) is a cost even when the mean is fine: it calls for more safety stock
(``logiserve.inventory.safety_stock(..., lead_time_sd=...)``).

Every function takes a table of **inbound deliveries**, one row each, as in the ``inbound``
dataset (``logiserve.datasets.load("inbound")``):

==============  ===============================================================================
column          meaning
==============  ===============================================================================
po              the purchase order the delivery is for
supplier        who delivered
ordered_qty     units ordered on the purchase order
received_qty    units that arrived (0 or more)
rejected_qty    units goods-in rejected at inspection (0 up to received_qty)
booked_date     the day of the goods-in slot booked for the delivery
arrived_date    the day it arrived
lead_time_days  days from placing the order to the goods arriving
==============  ===============================================================================

Each function says which columns it reads, and explains in a ``ValueError`` what is wrong with a
table: a missing column, no rows, an empty cell, a negative quantity, more rejected than received.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ._tables import Rows

__all__ = [
    "DEFAULT_WEIGHTS",
    "delivery_in_full",
    "delivery_on_time",
    "lead_time_stats",
    "quality_rate",
    "scorecard",
    "supplier_otif",
]

DEFAULT_WEIGHTS: dict[str, float] = {"otif": 0.5, "quality": 0.3, "consistency": 0.2}
"""The scorecard's default weights: OTIF 50 %, quality 30 %, lead-time consistency 20 %."""

_ROWS = Rows("po", "purchase order", "delivery", "delivery", "delivery(ies)", "deliveries")
_QUANTITIES = ("ordered_qty", "received_qty", "rejected_qty")


def _deliveries(deliveries: Any, function: str, needed: Sequence[str]) -> pd.DataFrame:
    """``deliveries`` checked to have the ``needed`` columns, filled and sensible."""
    if not isinstance(deliveries, pd.DataFrame):
        raise ValueError(f"{function}() needs a table (a pandas DataFrame) of inbound deliveries")
    _ROWS.check_columns(deliveries, function, needed, [])
    _ROWS.check_filled(deliveries, function, needed)
    frame = deliveries[list(dict.fromkeys(["po", *needed] if "po" in deliveries.columns else needed))].copy()
    for column in [c for c in needed if c in _QUANTITIES or c == "lead_time_days"]:
        values = pd.to_numeric(frame[column], errors="coerce")
        if values.isna().any() or pd.api.types.is_bool_dtype(frame[column]):
            raise ValueError(f"{function}(): {column} must hold numbers on every delivery")
        negative = values < 0
        if negative.any():
            where, value = _ROWS.first(frame, negative), values[negative].iloc[0]
            raise ValueError(f"{function}(): {column} cannot be negative, e.g. {where} has {value:g}")
        frame[column] = values
    if {"received_qty", "rejected_qty"} <= set(needed):
        over = frame["rejected_qty"] > frame["received_qty"]
        if over.any():
            raise ValueError(
                f"{function}(): rejected_qty cannot be more than received_qty, e.g. {_ROWS.first(frame, over)}"
            )
    for column in [c for c in needed if c.endswith("_date")]:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(f"{function}(): {column} must hold dates, such as 2026-03-02, not numbers")
        if not pd.api.types.is_datetime64_any_dtype(values):
            values = pd.to_datetime(values.astype(str), format="ISO8601", errors="coerce")
        unreadable = values.isna()
        if unreadable.any():
            value = frame.loc[unreadable, column].iloc[0]
            raise ValueError(
                f"{function}(): {column} must hold dates, such as 2026-03-02, but {value!r} "
                f"({_ROWS.first(frame, unreadable)}) is not a date"
            )
        frame[column] = values.dt.normalize()
    return frame


def delivery_on_time(deliveries: pd.DataFrame) -> pd.Series:
    """Whether each delivery arrived on its booked day (early or late is not on time).

    Formula::

        on time = arrived_date == booked_date

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the columns booked_date and arrived_date (dates).

    Returns
    -------
    pandas.Series of bool
        One value per delivery, named ``"on_time"``, with the table's index.

    Examples
    --------
    >>> import pandas as pd
    >>> deliveries = pd.DataFrame({
    ...     "po": ["PO-1", "PO-2", "PO-3"],
    ...     "booked_date": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04"]),
    ...     "arrived_date": pd.to_datetime(["2026-03-02", "2026-03-02", "2026-03-06"]),
    ... })
    >>> delivery_on_time(deliveries).tolist()  # PO-2 a day early, PO-3 two days late
    [True, False, False]
    """
    frame = _deliveries(deliveries, "delivery_on_time", ["booked_date", "arrived_date"])
    return (frame["arrived_date"] == frame["booked_date"]).rename("on_time")


def delivery_in_full(deliveries: pd.DataFrame) -> pd.Series:
    """Whether each delivery brought the quantity ordered, with nothing rejected at goods-in.

    Formula::

        in full = received_qty == ordered_qty  and  rejected_qty == 0

    More than ordered is not in full either: the extra units were not planned for.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the columns ordered_qty, received_qty and rejected_qty (units).

    Returns
    -------
    pandas.Series of bool
        One value per delivery, named ``"in_full"``, with the table's index.

    Examples
    --------
    >>> import pandas as pd
    >>> deliveries = pd.DataFrame({
    ...     "po": ["PO-1", "PO-2", "PO-3"],
    ...     "ordered_qty": [400, 400, 400],
    ...     "received_qty": [400, 380, 400],
    ...     "rejected_qty": [0, 0, 12],
    ... })
    >>> delivery_in_full(deliveries).tolist()  # PO-2 short, PO-3 with 12 units rejected
    [True, False, False]
    """
    frame = _deliveries(deliveries, "delivery_in_full", list(_QUANTITIES))
    return ((frame["received_qty"] == frame["ordered_qty"]) & (frame["rejected_qty"] == 0)).rename("in_full")


def supplier_otif(deliveries: pd.DataFrame) -> float:
    """The share of deliveries that were both on time and in full (a supplier's OTIF).

    Formula::

        supplier OTIF = deliveries on time and in full / all deliveries

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the columns of :func:`delivery_on_time` and :func:`delivery_in_full`.

    Returns
    -------
    float
        A share from 0 to 1 (for one supplier, pass its rows; for all, :func:`scorecard`).

    Examples
    --------
    >>> import pandas as pd
    >>> deliveries = pd.DataFrame({
    ...     "po": ["PO-1", "PO-2", "PO-3", "PO-4"],
    ...     "ordered_qty": [400, 400, 400, 400], "received_qty": [400, 380, 400, 400],
    ...     "rejected_qty": [0, 0, 0, 0],
    ...     "booked_date": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]),
    ...     "arrived_date": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-05", "2026-03-05"]),
    ... })
    >>> supplier_otif(deliveries)  # PO-2 short, PO-3 late: 2 of 4
    0.5
    """
    both = delivery_on_time(deliveries) & delivery_in_full(deliveries)
    return float(both.mean())


def quality_rate(deliveries: pd.DataFrame) -> float:
    """The share of the units received that passed goods-in inspection.

    Formula::

        quality rate = 1 − Σ rejected_qty / Σ received_qty

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the columns received_qty and rejected_qty (units).

    Returns
    -------
    float
        A share from 0 to 1.

    Raises
    ------
    ValueError
        If nothing was received at all (no units to inspect), or the table is not valid.

    Examples
    --------
    >>> import pandas as pd
    >>> deliveries = pd.DataFrame({"po": ["PO-1", "PO-2"], "received_qty": [600, 400], "rejected_qty": [0, 30]})
    >>> quality_rate(deliveries)  # 30 of 1,000 units rejected
    0.97
    """
    frame = _deliveries(deliveries, "quality_rate", ["received_qty", "rejected_qty"])
    received = float(frame["received_qty"].sum())
    if received == 0:
        raise ValueError("quality_rate(): no units were received, so there is nothing to measure the quality of")
    return 1 - float(frame["rejected_qty"].sum()) / received


def lead_time_stats(deliveries: pd.DataFrame) -> tuple[float, float]:
    """The mean lead time and its sample standard deviation, in days.

    Formula::

        L  = Σ lead_time_days / n
        σL = sqrt(Σ (lead_time_days − L)² / (n − 1))

    σL is the sample standard deviation (n − 1, as pandas' ``std`` and a spreadsheet's STDEV):
    the spread of the lead times, the ``lead_time_sd`` that safety stock needs.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the column lead_time_days (days, 0 or more); at least two rows.

    Returns
    -------
    tuple of float
        (L, σL), both in days.

    Raises
    ------
    ValueError
        If there are fewer than two deliveries (no spread can be measured from one), or the
        table is not valid.

    Examples
    --------
    >>> import pandas as pd
    >>> deliveries = pd.DataFrame({"po": ["PO-1", "PO-2", "PO-3", "PO-4"], "lead_time_days": [5, 7, 6, 10]})
    >>> lead_time_stats(deliveries)  # mean 7; squares 4 + 0 + 1 + 9 = 14, / 3
    (7.0, 2.160246899469287)
    """
    frame = _deliveries(deliveries, "lead_time_stats", ["lead_time_days"])
    if len(frame) < 2:
        raise ValueError("lead_time_stats() needs at least two deliveries: one lead time has no spread")
    days = frame["lead_time_days"].astype(float)
    return float(days.mean()), float(days.std(ddof=1))


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    if weights is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(weights, Mapping) or set(weights) != set(DEFAULT_WEIGHTS):
        raise ValueError(f"scorecard(): weights must give a number for each of {', '.join(DEFAULT_WEIGHTS)}")
    checked = {}
    for key in DEFAULT_WEIGHTS:
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
            raise ValueError(f"scorecard(): the weight for {key} must be a number, 0 or more, not {value!r}")
        checked[key] = float(value)
    if sum(checked.values()) <= 0:
        raise ValueError("scorecard(): at least one weight must be more than 0")
    return checked


def scorecard(deliveries: pd.DataFrame, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """A supplier scorecard: OTIF, quality and lead time for each supplier, and a weighted score.

    Formula::

        consistency = max(0, 1 − σL / L)          (1 when the lead time never varies)
        score = 100 × (w_otif × OTIF + w_quality × quality + w_consistency × consistency)
                    / (w_otif + w_quality + w_consistency)

    with the default weights :data:`DEFAULT_WEIGHTS` (OTIF 0.5, quality 0.3, consistency 0.2).
    The consistency is one minus the lead time's coefficient of variation: a supplier whose lead
    time varies by half its mean scores 0.5.

    Parameters
    ----------
    deliveries : pandas.DataFrame
        Inbound deliveries with the columns supplier, ordered_qty, received_qty, rejected_qty,
        booked_date, arrived_date and lead_time_days; at least two deliveries per supplier.
    weights : dict, optional
        Weights for ``"otif"``, ``"quality"`` and ``"consistency"`` (numbers, 0 or more, not all 0;
        they need not add up to 1).

    Returns
    -------
    pandas.DataFrame
        One row per supplier (the index, sorted by name), with the columns otif, quality,
        lead_time_mean, lead_time_sd (days), consistency and score (0 to 100).

    Raises
    ------
    ValueError
        If the weights or the table are not valid, or a supplier has fewer than two deliveries.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.to_datetime(["2026-03-02", "2026-03-09", "2026-03-02", "2026-03-09"])
    >>> deliveries = pd.DataFrame({
    ...     "po": ["PO-1", "PO-2", "PO-3", "PO-4"], "supplier": ["A", "A", "B", "B"],
    ...     "ordered_qty": [100, 100, 100, 100], "received_qty": [100, 100, 100, 100],
    ...     "rejected_qty": [0, 0, 0, 10],
    ...     "booked_date": days, "arrived_date": days, "lead_time_days": [4, 4, 6, 10],
    ... })
    >>> card = scorecard(deliveries)  # B: sd = sqrt(8) = 2.83 days, consistency 1 - 2.83 / 8
    >>> card[["otif", "quality", "lead_time_mean", "consistency", "score"]].round(3)  # doctest: +NORMALIZE_WHITESPACE
              otif  quality  lead_time_mean  consistency    score
    supplier
    A          1.0     1.00             4.0        1.000  100.000
    B          0.5     0.95             8.0        0.646   66.429
    """
    chosen = _weights(weights)
    needed = ["supplier", *_QUANTITIES, "booked_date", "arrived_date", "lead_time_days"]
    frame = _deliveries(deliveries, "scorecard", needed)
    rows = {}
    for supplier, group in frame.groupby("supplier", sort=True):
        if len(group) < 2:
            raise ValueError(f"scorecard(): {supplier} has only one delivery; a lead-time spread needs two")
        mean, sd = lead_time_stats(group)
        rows[supplier] = {
            "otif": supplier_otif(group),
            "quality": quality_rate(group),
            "lead_time_mean": mean,
            "lead_time_sd": sd,
            "consistency": max(0.0, 1 - sd / mean) if mean > 0 else 0.0,
        }
    card = pd.DataFrame.from_dict(rows, orient="index")
    card.index.name = "supplier"
    total = sum(chosen.values())
    card["score"] = 100 * sum(chosen[key] * card[key] for key in chosen) / total
    return card
