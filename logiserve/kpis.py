"""Customer service KPIs: the course's definitions and formulas, written once.

Every function here takes a table of **order lines**: one row for each line of a
customer order, as in the ``orders`` dataset (``logiserve.datasets.load("orders")``).
The columns each function reads are listed in its documentation:

==================  ===========================================================
column              meaning
==================  ===========================================================
order_id            the order the line belongs to (an order has one or more lines)
customer_type       the kind of customer (retail_dc, e_commerce, ...): it decides the on-time rule
order_date          the day the customer placed the order (a date)
promised_date       the day we promised to deliver the line (a date)
delivered_date      the day the line was delivered (a date)
qty_ordered         units the customer ordered on the line (a whole number, at least 1)
qty_delivered       units we delivered on the line (a whole number, 0 or more)
picked_correctly    True if the item ordered was picked (False: a mis-pick, another item)
damaged             True if the line arrived damaged
documents_correct   True if the order's delivery note, ASN and invoice were right
complaint           True if the customer complained about the order (same on every line)
resolution_hours    hours it took to resolve the complaint (empty when no complaint)
==================  ===========================================================

**The SLA defines the measure.**  What "on time" means (the window), what one count is (an
order, a line or a unit) and where it is measured (at receipt or at despatch) are written in the
customer's service level agreement, not left to habit.  :func:`otif`, :func:`on_time_rate` and
:func:`in_full_rate` take them as the parameters ``window``, ``unit`` and ``point``, with
Brightwater's delivery SLA (``logiserve.world.load().delivery_sla``) as the defaults: per order, at
receipt, on the booked day for customers with a booked goods-in slot and on or before the promised
day for online shoppers; in full meaning the item ordered, in the quantity ordered, undamaged.

Most KPIs are measured **per order**, not per line: an order counts as on time only
if every one of its lines was on time, and so on.  The result is a share between 0
and 1 (multiply by 100 for a percentage), a number of days or a number of hours.

Give ``by=`` a column name (or a list of names) to get one value per group, for
example ``otif(lines, by="carrier")``.  Each order is put in the group of its first
line, so an order is never split between groups or counted twice.  With ``by`` the
result is a pandas Series named after the KPI; without it, a plain number (float).

Every function checks its table first and explains, in a ``ValueError``, what is
wrong: a missing column, an empty table, a negative quantity, a delivery before its
order, a date that cannot be read, an empty cell in a column the KPI needs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._numbers import number as _number
from ._tables import Rows, by_columns
from ._tables import grouping as _grouping

__all__ = [
    "FILL_RATE_BASES",
    "MEASURING_POINTS",
    "ON_TIME_WINDOWS",
    "OTIF_UNITS",
    "complaint_resolution",
    "difot",
    "fill_rate",
    "in_full_rate",
    "mean_resolution_hours",
    "on_time_rate",
    "order_accuracy",
    "order_cycle_time",
    "otif",
    "perfect_order_rate",
    "supply_chain_cycle_time",
]

FILL_RATE_BASES: tuple[str, ...] = ("lines", "units")

_DATES = ("order_date", "promised_date", "delivered_date", "despatched_date", "despatch_due_date")
_QUANTITIES = ("qty_ordered", "qty_delivered")
_FLAGS = ("picked_correctly", "damaged", "documents_correct", "complaint")
_DAY = pd.Timedelta(days=1)
_LINES = Rows("order_id", "order", "order line", "line", "line(s)", "lines")
_first_order = _LINES.first
"""Where the first line flagged in a mask is, for a message: its order_id (or row)."""


def _prepare(lines: Any, kpi: str, needed: Sequence[str], by: Any) -> tuple[pd.DataFrame, list[str]]:
    """Check ``lines`` for the KPI ``kpi`` and return a clean copy and the ``by`` columns.

    The copy holds ``order_id``, the ``needed`` columns, the ``by`` columns and, when
    the table has them, ``order_date`` and ``delivered_date`` (to check that no line
    was delivered before it was ordered).  Date columns are converted to datetime and
    flag columns to bool.  Raises ``ValueError`` with a message a learner can act on.
    The checks run in the order of :data:`_CHECKS` (a date is converted before the
    delivered-before-ordered check compares dates; a test says so).
    """
    frame, needed, keys = _columns(lines, kpi, needed, by)
    for check in _CHECKS:
        check(frame, kpi, needed, keys)
    return frame, keys


def _columns(lines: Any, kpi: str, needed: Sequence[str], by: Any) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The table's copy with the columns the KPI reads, the full list of needed columns, the ``by`` columns."""
    if not isinstance(lines, pd.DataFrame):
        raise ValueError(f"{kpi}() needs a pandas DataFrame of order lines, not {type(lines).__name__}")
    keys = by_columns(by, kpi)
    needed = list(dict.fromkeys(["order_id", *needed]))
    _LINES.check_columns(lines, kpi, needed, keys)
    extra = [column for column in ("order_date", "delivered_date") if column in lines.columns]
    return lines[list(dict.fromkeys([*needed, *keys, *extra]))].copy(), needed, keys


def _convert_dates(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """Date columns to datetime, or a message naming the first value that is not a date."""
    for column in _DATES:
        if column not in frame.columns or pd.api.types.is_datetime64_any_dtype(frame[column]):
            continue
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(f"{column} must hold dates such as 2026-01-05, but it holds numbers ({values.dtype})")
        converted = pd.to_datetime(values, errors="coerce")
        unreadable = converted.isna() & values.notna() & (values.astype(str).str.strip() != "")
        if unreadable.any():
            value = values[unreadable].iloc[0]
            raise ValueError(
                f"{column} must hold dates such as 2026-01-05, but {value!r} ({_first_order(frame, unreadable)}) "
                f"is not a date; fix it, or convert the column with pd.to_datetime"
            )
        frame[column] = converted


def _check_filled(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """Every needed and ``by`` column has a value on every line (resolution hours: see :func:`_check_hours`)."""
    columns = dict.fromkeys([*needed, *keys])
    columns.pop("resolution_hours", None)  # empty on orders without a complaint: checked below
    _LINES.check_filled(frame, kpi, columns)


def _check_quantities(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """Quantities are numbers of units, none below 0, and no line is for 0 units."""
    for column in _QUANTITIES:
        if column not in needed:
            continue
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(f"{column} must hold numbers of units, but it holds {values.dtype} values")
        negative = values < 0
        if negative.any():
            raise ValueError(
                f"{column} is negative on {int(negative.sum())} line(s), e.g. {_first_order(frame, negative)}; "
                f"quantities are numbers of units and cannot be below 0"
            )
    if "qty_ordered" in needed:
        nothing = frame["qty_ordered"] == 0
        if nothing.any():
            raise ValueError(
                f"qty_ordered is 0 on {int(nothing.sum())} line(s), e.g. {_first_order(frame, nothing)}; "
                f"an order line is for at least 1 unit"
            )


def _check_delivered_after_ordered(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """No line was delivered before it was ordered (dates already converted)."""
    if "order_date" in frame.columns and "delivered_date" in frame.columns:
        early = frame["delivered_date"] < frame["order_date"]
        if early.any():
            raise ValueError(
                f"delivered_date is before order_date on {int(early.sum())} line(s), "
                f"e.g. {_first_order(frame, early)}; a line cannot be delivered before it was ordered"
            )


def _convert_flags(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """Flag columns hold True or False, and become bool."""
    for column in _FLAGS:
        if column not in needed or pd.api.types.is_bool_dtype(frame[column]):
            continue
        flags = frame[column]
        wrong = ~flags.isin([True, False])
        if wrong.any():
            raise ValueError(
                f"{column} must be True or False, but it is {flags[wrong].iloc[0]!r} on {_first_order(frame, wrong)}"
            )
        frame[column] = flags.astype(bool)


def _check_hours(frame: pd.DataFrame, kpi: str, needed: list[str], keys: list[str]) -> None:
    """Every complaint has the hours it took to resolve, none below 0."""
    if "resolution_hours" in needed:
        hours = frame["resolution_hours"]
        if not pd.api.types.is_numeric_dtype(hours) or pd.api.types.is_bool_dtype(hours):
            raise ValueError(f"resolution_hours must hold numbers of hours, but it holds {hours.dtype} values")
        unresolved = frame["complaint"] & hours.isna()
        if unresolved.any():
            raise ValueError(
                f"resolution_hours is empty (NaN) on {int(unresolved.sum())} complaint line(s), "
                f"e.g. {_first_order(frame, unresolved)}; every complaint needs the hours it took to resolve"
            )
        negative = hours < 0
        if negative.any():
            raise ValueError(
                f"resolution_hours is negative on {int(negative.sum())} line(s), e.g. {_first_order(frame, negative)}; "
                f"a resolution time cannot be below 0 hours"
            )


_CHECKS = (
    _convert_dates,
    _check_filled,
    _check_quantities,
    _check_delivered_after_ordered,
    _convert_flags,
    _check_hours,
)
"""The steps of :func:`_prepare`, in the order they run."""


def _per_order(frame: pd.DataFrame, keys: list[str], **columns: Any) -> pd.DataFrame:
    """One row per order: the named aggregations ``columns`` plus the order's first ``by`` values."""
    grouped = frame.groupby("order_id", sort=False)
    table = grouped.agg(**columns) if columns else pd.DataFrame(index=grouped.size().index)
    if keys:
        table = table.join(grouped[keys].first())
    return table


def _share(flags: pd.Series, table: pd.DataFrame, keys: list[str], name: str) -> float | pd.Series:
    """Share of True in ``flags`` (one per order): a float, or a Series per ``by`` group."""
    flags = flags.astype(float)
    if not keys:
        return float(flags.mean())
    return flags.groupby(_grouping(table, keys), observed=True, sort=True).mean().rename(name)


OTIF_UNITS: tuple[str, ...] = ("order", "line", "unit")
"""What one OTIF count can be: an order (every line must pass), a line, or a unit ordered."""

ON_TIME_WINDOWS: tuple[str, ...] = ("booked_slot", "by_promised_day")
"""The on-time rules an SLA can set: on the booked day only, or on or before the promised day."""

MEASURING_POINTS: dict[str, tuple[str, str]] = {
    "receipt": ("delivered_date", "promised_date"),
    "despatch": ("despatched_date", "despatch_due_date"),
}
"""Where a delivery is measured, and the (actual, due) date columns compared there."""


def _sla() -> Any:
    """The world's delivery SLA (read when a KPI needs a default, so importing kpis reads no file)."""
    from . import world

    return world.load().delivery_sla


def _choose(value: Any, allowed: Sequence[str], default: str, kpi: str, name: str) -> str:
    """``value``, or the SLA's ``default`` when it is None; a ValueError naming the choices otherwise."""
    if value is None:
        return default
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{kpi}(): {name} must be one of {', '.join(map(repr, allowed))}, not {value!r}")
    return value


def _measure(
    lines: Any, kpi: str, by: Any, window: Any, unit: Any, point: Any, *, on_time: bool, in_full: bool, extra=()
) -> tuple[pd.DataFrame, list[str], str]:
    """Each line's ``_on_time`` and ``_in_full`` flags as the SLA (or the arguments) define them.

    Returns the checked table, the ``by`` columns and the unit to count in.
    """
    sla = _sla()
    unit = _choose(unit, OTIF_UNITS, sla.unit, kpi, "unit")
    needed: list[str] = []
    if on_time:
        point = _choose(point, tuple(MEASURING_POINTS), sla.point_of_measurement, kpi, "point")
        actual, due = MEASURING_POINTS[point]
        if window is not None:
            _choose(window, ON_TIME_WINDOWS, "", kpi, "window")
        needed += [*(["customer_type"] if window is None else []), due, actual]
    if in_full or unit == "unit":
        needed.append("qty_ordered")
    if in_full:
        needed += ["qty_delivered", "picked_correctly", "damaged"]
    frame, keys = _prepare(lines, kpi, [*needed, *extra], by)
    frame["_on_time"] = True
    if on_time:
        day, due_day = frame[actual].dt.normalize(), frame[due].dt.normalize()
        if window is None:
            rules = {kind: "booked_slot" for kind in sla.booked_slot} | dict.fromkeys(
                sla.by_promised_day, "by_promised_day"
            )
            unknown = ~frame["customer_type"].isin(list(rules))
            if unknown.any():
                kind, where = frame.loc[unknown, "customer_type"].iloc[0], _first_order(frame, unknown)
                raise ValueError(
                    f"{kpi}(): the SLA has no on-time rule for customer_type {kind!r} ({where}); "
                    f"give window='booked_slot' or window='by_promised_day'"
                )
            booked = frame["customer_type"].map(rules).eq("booked_slot")
        else:
            booked = pd.Series(window == "booked_slot", index=frame.index)
        frame["_on_time"] = (day == due_day) | (~booked & (day < due_day))
    frame["_in_full"] = True
    if in_full:
        frame["_right"] = frame["picked_correctly"] & ~frame["damaged"]
        frame["_in_full"] = (frame["qty_delivered"] >= frame["qty_ordered"]) & frame["_right"]
    return frame, keys, unit


def _count(
    passed: pd.Series, frame: pd.DataFrame, keys: list[str], unit: str, name: str, units_ok: pd.Series | None = None
) -> float | pd.Series:
    """The share of orders, lines or units ordered whose lines pass (``passed``, one flag a line).

    Per unit, when the measure looks at quantities, a line is not all or nothing: the units it
    brought (no more than were ordered) count when it passed the other tests (``units_ok``).
    """
    if unit == "order":
        table = _per_order(frame.assign(_passed=passed), keys, _passed=("_passed", "all"))
        return _share(table["_passed"], table, keys, name)
    weights = pd.Series(1.0, index=frame.index) if unit == "line" else frame["qty_ordered"].astype(float)
    if unit == "unit" and units_ok is not None:
        counted = np.minimum(frame["qty_delivered"], frame["qty_ordered"]).astype(float).where(units_ok, 0.0)
    else:
        counted = weights.where(passed, 0.0)
    if not keys:
        return float(counted.sum() / weights.sum())
    groups = frame.groupby("order_id", sort=False)[keys].transform("first")
    grouping = _grouping(groups, keys)
    return (
        counted.groupby(grouping, observed=True, sort=True).sum()
        / weights.groupby(grouping, observed=True, sort=True).sum()
    ).rename(name)


def otif(
    lines: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    window: str | None = None,
    unit: str | None = None,
    point: str | None = None,
) -> float | pd.Series:
    """On time in full (OTIF): the share of deliveries on time **and** in full, as the SLA counts them.

    Brightwater's delivery SLA (``world.load().delivery_sla``) defines the three things any OTIF
    figure depends on, and they are this function's defaults:

    * **window** (what "on time" means): a customer that books a goods-in slot (``booked_slot``:
      retail DCs, garden centres, wholesalers, contract clients, business buyers) must receive the
      line *on* the promised day: a day early is as much a failure as a day late.  Online shoppers
      (``by_promised_day``) are on time on or before the promised day.  By default each line takes
      the rule of its ``customer_type``; ``window="booked_slot"`` or ``"by_promised_day"`` applies one
      rule to every line.
    * **unit** (what one count is): ``"order"`` (default: an order passes only if every one of its
      lines does), ``"line"`` (each line counts once) or ``"unit"`` (each unit ordered counts once:
      a short line that was on time and the right item still earns the units it brought).
    * **point** of measurement: ``"receipt"`` (default: ``delivered_date`` against ``promised_date``)
      or ``"despatch"`` (``despatched_date`` against ``despatch_due_date``, the day the line had to
      leave Northgate; the quantities are then what was loaded).

    A line is **in full** when the item ordered arrived in the quantity ordered, undamaged:
    ``qty_delivered >= qty_ordered`` and ``picked_correctly`` and not ``damaged``.  A wrong item in
    the right quantity (a mis-pick) is not in full.  Days are compared, not times of day.  DIFOT
    (delivered in full, on time) is the same measure: :func:`difot` is another name for it.

    Formula::

        OTIF = orders (lines, units) on time and in full / all orders (lines, units ordered)

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, customer_type (for the default window), the two
        date columns of the point of measurement, qty_ordered, qty_delivered, picked_correctly and
        damaged.
    by : str or list of str, optional
        Column(s) to group by (each order, and all its lines and units, go to its first line's group).
    window : {"booked_slot", "by_promised_day"}, optional
        One on-time rule for every line; default: each customer type's rule from the SLA.
    unit : {"order", "line", "unit"}, optional
        What to count; default: the SLA's (``"order"``).
    point : {"receipt", "despatch"}, optional
        Where the delivery is measured; default: the SLA's (``"receipt"``).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1 (0.9 is 90 %); with ``by``, a Series named ``"otif"``
        with one share per group.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, or holds impossible values, or a parameter is not
        one of its choices.

    Examples
    --------
    A retail DC's order A arrives on its booked day, in full.  Order B arrives a day early: in
    full, but not on time for a booked slot.  Order C is on time, but one line brought the wrong
    item (a mis-pick), so it is not in full.  Order D is an online shopper's, a day early: on time.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C", "C", "D"],
    ...     "customer_type": ["retail_dc"] * 5 + ["e_commerce"],
    ...     "promised_date": pd.to_datetime(["2026-01-07"] * 6),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-07", "2026-01-06", "2026-01-07", "2026-01-07",
    ...                                       "2026-01-06"]),
    ...     "qty_ordered": [10, 5, 4, 2, 6, 1],
    ...     "qty_delivered": [10, 5, 4, 2, 6, 1],
    ...     "picked_correctly": [True, True, True, True, False, True],
    ...     "damaged": [False] * 6,
    ... })
    >>> otif(lines)  # A and D: 2 orders of 4
    0.5
    >>> otif(lines, window="by_promised_day")  # counting early as on time, as habit does: B passes too
    0.75
    >>> round(otif(lines, unit="line"), 4)  # 4 lines of 6: B's line and C's wrong line fail
    0.6667
    >>> otif(lines, unit="unit")  # units: (10 + 5 + 2 + 1) / 28
    0.6428571428571429
    """
    frame, keys, unit = _measure(lines, "otif", by, window, unit, point, on_time=True, in_full=True)
    passed, units_ok = frame["_on_time"] & frame["_in_full"], frame["_on_time"] & frame["_right"]
    return _count(passed, frame, keys, unit, "otif", units_ok)


difot = otif
"""DIFOT (delivered in full, on time): another name for :func:`otif`, the same measure."""


def on_time_rate(
    lines: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    window: str | None = None,
    unit: str | None = None,
    point: str | None = None,
) -> float | pd.Series:
    """The share of deliveries on time, with the SLA's window, unit and point of measurement.

    A line is on time when it arrived on its promised day (a booked-slot customer) or on or
    before it (an online shopper); see :func:`otif` for the three parameters and their defaults.
    This is the "on time" half of :func:`otif`.

    Formula::

        on-time rate = orders (lines, units) whose every line is on time / all orders (lines, units ordered)

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, customer_type (for the default window), the two
        date columns of the point of measurement, and qty_ordered (to count units).
    by : str or list of str, optional
        Column(s) to group by (each order goes to its first line's group).
    window : {"booked_slot", "by_promised_day"}, optional
        One on-time rule for every line; default: each customer type's rule from the SLA.
    unit : {"order", "line", "unit"}, optional
        What to count; default: the SLA's (``"order"``).
    point : {"receipt", "despatch"}, optional
        Where the delivery is measured; default: the SLA's (``"receipt"``).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"on_time_rate"``.

    Examples
    --------
    Order A's second line is a day late, so the whole order is late.  B, a garden centre's, is a
    day early, which misses its booked slot.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B"],
    ...     "customer_type": ["retail_dc", "retail_dc", "garden_centre"],
    ...     "promised_date": pd.to_datetime(["2026-01-07", "2026-01-07", "2026-01-08"]),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-08", "2026-01-07"]),
    ...     "qty_ordered": [3, 3, 1],
    ... })
    >>> on_time_rate(lines)
    0.0
    >>> on_time_rate(lines, window="by_promised_day")  # early counted as on time: B passes
    0.5
    >>> on_time_rate(lines, unit="line")  # A's first line was on its day
    0.3333333333333333

    Measured at despatch, the lorry that left on its day counts as on time even if the carrier
    was late:

    >>> left = pd.DataFrame({
    ...     "order_id": ["A"], "customer_type": ["retail_dc"], "qty_ordered": [3],
    ...     "despatch_due_date": pd.to_datetime(["2026-01-06"]), "despatched_date": pd.to_datetime(["2026-01-06"]),
    ...     "promised_date": pd.to_datetime(["2026-01-07"]), "delivered_date": pd.to_datetime(["2026-01-08"]),
    ... })
    >>> on_time_rate(left, point="despatch"), on_time_rate(left)
    (1.0, 0.0)
    """
    frame, keys, unit = _measure(lines, "on_time_rate", by, window, unit, point, on_time=True, in_full=False)
    return _count(frame["_on_time"], frame, keys, unit, "on_time_rate")


def in_full_rate(
    lines: pd.DataFrame, by: str | list[str] | None = None, *, unit: str | None = None
) -> float | pd.Series:
    """The share of deliveries in full: the item ordered, in the quantity ordered, undamaged.

    A line is in full when ``qty_delivered >= qty_ordered``, ``picked_correctly`` is True (the item
    ordered, not another in the same quantity) and ``damaged`` is False.  This is the "in full" half
    of :func:`otif`; ``unit`` is as there.  Compare :func:`fill_rate`, which counts the quantity
    shipped against the quantity ordered and nothing else.

    Formula::

        in-full rate = orders (lines, units) whose every line is in full / all orders (lines, units ordered)

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, qty_ordered, qty_delivered, picked_correctly and
        damaged.
    by : str or list of str, optional
        Column(s) to group by (each order goes to its first line's group).
    unit : {"order", "line", "unit"}, optional
        What to count; default: the SLA's (``"order"``).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"in_full_rate"``.

    Examples
    --------
    A is one unit short on its second line; C's line is the wrong item in the right quantity.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C"],
    ...     "qty_ordered": [12, 6, 4, 10],
    ...     "qty_delivered": [12, 5, 4, 10],
    ...     "picked_correctly": [True, True, True, False],
    ...     "damaged": [False, False, False, False],
    ... })
    >>> in_full_rate(lines)  # only B: 1 order of 3
    0.3333333333333333
    >>> fill_rate(lines, basis="units")  # the quantities alone: 31 of 32 units shipped
    0.96875
    """
    frame, keys, unit = _measure(lines, "in_full_rate", by, None, unit, None, on_time=False, in_full=True)
    return _count(frame["_in_full"], frame, keys, unit, "in_full_rate", frame["_right"])


def perfect_order_rate(
    lines: pd.DataFrame,
    by: str | list[str] | None = None,
    *,
    window: str | None = None,
    point: str | None = None,
) -> float | pd.Series:
    """The perfect-order rate: the share of orders on time, in full, undamaged and with the right documents.

    An order is perfect when it is OTIF as the SLA counts it (:func:`otif`: on time for its
    window; the item ordered, in the quantity ordered, undamaged) **and** its paperwork was right
    (``documents_correct``: the delivery note, the advance shipping notice and the invoice matched
    what was delivered).  It is always counted per order, and it is never above OTIF.

    Formula::

        perfect-order rate = orders OTIF with documents_correct / all orders

    Parameters
    ----------
    lines : pandas.DataFrame
        The columns :func:`otif` needs, and documents_correct (True or False, the same on every
        line of an order).
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).
    window, point : str, optional
        As in :func:`otif`.

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"perfect_order_rate"``.

    Examples
    --------
    Both orders arrive on their day in full; B's invoice was for the wrong quantity.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "B"],
    ...     "customer_type": ["wholesaler", "wholesaler"],
    ...     "promised_date": pd.to_datetime(["2026-01-07", "2026-01-07"]),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-07"]),
    ...     "qty_ordered": [6, 12], "qty_delivered": [6, 12],
    ...     "picked_correctly": [True, True], "damaged": [False, False],
    ...     "documents_correct": [True, False],
    ... })
    >>> otif(lines), perfect_order_rate(lines)
    (1.0, 0.5)
    """
    frame, keys, _ = _measure(
        lines, "perfect_order_rate", by, window, "order", point, on_time=True, in_full=True, extra=["documents_correct"]
    )
    passed = frame["_on_time"] & frame["_in_full"] & frame["documents_correct"]
    return _count(passed, frame, keys, "order", "perfect_order_rate")


def order_accuracy(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The share of orders picked without an error: every line picked correctly.

    A line is picked correctly when the item ordered, not another, went into the
    order (``picked_correctly`` is True).

    Formula::

        order accuracy = orders whose every line has picked_correctly / all orders

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id and picked_correctly (True or False).
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"order_accuracy"``.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C", "C", "D"],
    ...     "channel": ["EDI", "EDI", "EDI", "phone", "phone", "phone"],
    ...     "picked_correctly": [True, True, True, True, False, True],
    ... })
    >>> order_accuracy(lines)  # C has a wrong line: 3 of 4 orders
    0.75
    >>> order_accuracy(lines, by="channel")
    channel
    EDI      1.0
    phone    0.5
    Name: order_accuracy, dtype: float64
    """
    frame, keys = _prepare(lines, "order_accuracy", ["picked_correctly"], by)
    table = _per_order(frame, keys, _accurate=("picked_correctly", "all"))
    return _share(table["_accurate"], table, keys, "order_accuracy")


def fill_rate(lines: pd.DataFrame, basis: str = "lines", by: str | list[str] | None = None) -> float | pd.Series:
    """The share of demand we filled, counted in order lines or in units.

    Formula::

        basis="lines":  fill rate = lines with qty_delivered >= qty_ordered / all lines
        basis="units":  fill rate = sum(min(qty_delivered, qty_ordered)) / sum(qty_ordered)

    Units delivered above the quantity ordered do not count (an extra case of one
    item cannot make up for a missing case of another).  Unlike the other KPIs this
    one counts lines or units, not orders.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, qty_ordered and qty_delivered.
    basis : {"lines", "units"}, default "lines"
        Count whole lines, or units.
    by : str or list of str, optional
        Column(s) to group by; every line of an order goes to the group of the
        order's first line.

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"fill_rate"``.

    Raises
    ------
    ValueError
        If ``basis`` is not "lines" or "units", or the table is not valid.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C"],
    ...     "qty_ordered": [10, 10, 20, 10],
    ...     "qty_delivered": [10, 5, 20, 0],
    ... })
    >>> fill_rate(lines)  # 2 of 4 lines complete
    0.5
    >>> fill_rate(lines, basis="units")  # (10 + 5 + 20 + 0) / 50
    0.7
    """
    if not isinstance(basis, str) or basis not in FILL_RATE_BASES:
        raise ValueError(f"fill_rate(): basis must be one of {', '.join(map(repr, FILL_RATE_BASES))}, not {basis!r}")
    frame, keys = _prepare(lines, "fill_rate", ["qty_ordered", "qty_delivered"], by)
    if basis == "lines":
        filled = (frame["qty_delivered"] >= frame["qty_ordered"]).astype(float)
        wanted = pd.Series(1.0, index=frame.index)
    else:
        filled = np.minimum(frame["qty_delivered"], frame["qty_ordered"]).astype(float)
        wanted = frame["qty_ordered"].astype(float)
    if not keys:
        return float(filled.sum() / wanted.sum())
    groups = frame.groupby("order_id", sort=False)[keys].transform("first")
    grouping = _grouping(groups, keys)
    return (
        filled.groupby(grouping, observed=True, sort=True).sum()
        / wanted.groupby(grouping, observed=True, sort=True).sum()
    ).rename("fill_rate")


def order_cycle_time(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The mean order cycle time: days from the order to its last delivery.

    For each order, the cycle time is the time from ``order_date`` to the latest
    ``delivered_date`` among its lines (the customer has the whole order only then).

    Formula::

        cycle time of an order = max(delivered_date) - order_date, in days
        order cycle time = mean over orders

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, order_date and delivered_date.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        Days (fractions of a day when the dates carry times); with ``by``, a
        Series named ``"order_cycle_time"``.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B"],
    ...     "order_date": pd.to_datetime(["2026-01-05", "2026-01-05", "2026-01-06"]),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-09", "2026-01-08"]),
    ... })
    >>> order_cycle_time(lines)  # A: 4 days (its last line), B: 2 days
    3.0
    """
    frame, keys = _prepare(lines, "order_cycle_time", ["order_date", "delivered_date"], by)
    table = _per_order(frame, keys, _ordered=("order_date", "min"), _delivered=("delivered_date", "max"))
    days = (table["_delivered"] - table["_ordered"]) / _DAY
    if not keys:
        return float(days.mean())
    return days.groupby(_grouping(table, keys), observed=True, sort=True).mean().rename("order_cycle_time")


def _complaints(lines: Any, kpi: str, by: Any, sla: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Per order: ``complaint`` (any line flags it), ``hours`` (the largest on its lines), and the SLA."""
    needed = ["complaint", "resolution_hours", *([sla] if sla else [])]
    frame, keys = _prepare(lines, kpi, needed, by)
    columns = {"_complaint": ("complaint", "any"), "_hours": ("resolution_hours", "max")}
    if sla:
        values = frame[sla]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values) or (values <= 0).any():
            raise ValueError(f"{kpi}(): the SLA column {sla} must hold positive numbers of hours")
        columns["_sla"] = (sla, "first")
    return _per_order(frame, keys, **columns), keys


def complaint_resolution(
    lines: pd.DataFrame, sla_hours: float | str, by: str | list[str] | None = None
) -> float | pd.Series:
    """The share of complaints resolved within the service level agreement (SLA).

    Each order with ``complaint`` True counts as one complaint, however many lines it
    has.  It was resolved within the SLA when ``resolution_hours <= sla_hours``.

    Formula::

        complaint resolution = complaints resolved within sla_hours / all complaints

    With no complaints there is nothing to measure: the result is NaN
    (``float("nan")``), for the whole table or for that group.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, complaint (True or False) and
        resolution_hours (hours, empty when there was no complaint).
    sla_hours : float or str
        The SLA in hours (a positive number), or the name of a column holding each
        order's SLA in hours, such as ``"sla_target_hours"`` in the orders dataset.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1, or NaN without complaints; with ``by``, a Series named
        ``"complaint_resolution"``.

    Raises
    ------
    ValueError
        If ``sla_hours`` is not positive, a complaint has no resolution time, or
        the table is not valid.

    Examples
    --------
    >>> import pandas as pd
    >>> nan = float("nan")
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C", "D"],
    ...     "customer": ["Fresco", "Fresco", "Fresco", "Harrow", "Harrow"],
    ...     "complaint": [True, True, True, True, False],
    ...     "resolution_hours": [20.0, 20.0, 30.0, 47.5, nan],
    ... })
    >>> round(complaint_resolution(lines, sla_hours=24), 4)  # A of A, B and C
    0.3333
    >>> complaint_resolution(lines, sla_hours=48, by="customer")
    customer
    Fresco    1.0
    Harrow    1.0
    Name: complaint_resolution, dtype: float64
    >>> complaint_resolution(lines[lines["order_id"] == "D"], sla_hours=24)
    nan
    """
    sla: str | None = None
    if isinstance(sla_hours, str):
        sla = sla_hours
    elif (
        isinstance(sla_hours, bool)
        or not isinstance(sla_hours, int | float | np.integer | np.floating)
        or not math.isfinite(sla_hours)
        or sla_hours <= 0
    ):
        raise ValueError(
            f"complaint_resolution(): sla_hours must be a positive number of hours (or an SLA column name), "
            f"not {sla_hours!r}"
        )
    table, keys = _complaints(lines, "complaint_resolution", by, sla)
    limit = table["_sla"] if sla else float(sla_hours)
    complaints = table["_complaint"].astype(float)
    within = (table["_complaint"] & (table["_hours"] <= limit)).astype(float)
    if not keys:
        total = complaints.sum()
        return float(within.sum() / total) if total else float("nan")
    grouping = _grouping(table, keys)
    return (
        within.groupby(grouping, observed=True, sort=True).sum()
        / complaints.groupby(grouping, observed=True, sort=True).sum()
    ).rename("complaint_resolution")


def mean_resolution_hours(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The mean time to resolve a complaint, in hours.

    Each order with ``complaint`` True counts once, with its ``resolution_hours``.

    Formula::

        mean resolution hours = sum(resolution_hours of complaint orders) / number of complaint orders

    With no complaints the result is NaN (for the whole table or for that group).

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, complaint and resolution_hours.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        Hours; with ``by``, a Series named ``"mean_resolution_hours"``.

    Examples
    --------
    >>> import pandas as pd
    >>> nan = float("nan")
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C"],
    ...     "complaint": [True, True, True, False],
    ...     "resolution_hours": [20.0, 20.0, 30.0, nan],
    ... })
    >>> mean_resolution_hours(lines)  # A counts once: (20 + 30) / 2
    25.0
    """
    table, keys = _complaints(lines, "mean_resolution_hours", by)
    hours = table["_hours"].where(table["_complaint"])
    if not keys:
        return float(hours.mean()) if table["_complaint"].any() else float("nan")
    return hours.groupby(_grouping(table, keys), observed=True, sort=True).mean().rename("mean_resolution_hours")


def supply_chain_cycle_time(stage_days: Mapping[str, float]) -> float:
    """The supply chain cycle time: the days from ordering from the supplier to the customer's delivery.

    It adds up the stages goods pass through end to end: the supplier's lead time, the inbound
    transit, the days the stock sits at the DC (days of inventory) and the order cycle time to the
    customer, or whatever stages the chain has.  It is the time cash is tied up in the goods, and
    how long the chain takes to react when demand changes; cutting any one stage shortens it.

    Formula::

        supply chain cycle time = Σ days of each stage

    Parameters
    ----------
    stage_days : mapping of str to float
        Each stage's name and its days (0 or more), such as
        ``{"supplier lead time": 10, "inbound transit": 2, "days in stock": 15, "order cycle time": 2}``.

    Returns
    -------
    float
        Days.

    Raises
    ------
    ValueError
        If ``stage_days`` is not a mapping of names to numbers, is empty, or a stage's days are not
        a finite number, 0 or more.

    Examples
    --------
    Planters from Vale do Sol: 9 days' supplier lead time, 1 day to book in, 24 days on the shelf
    (days of inventory) and a 2-day order cycle time to the garden centre:

    >>> supply_chain_cycle_time(
    ...     {"supplier lead time": 9, "goods-in": 1, "days in stock": 24, "order cycle time": 2}
    ... )
    36.0
    """
    function = "supply_chain_cycle_time"
    if not isinstance(stage_days, Mapping):
        raise ValueError(
            f"{function}(): stage_days must be a dict of stage names and their days, such as "
            f"{{'supplier lead time': 10, 'days in stock': 15}}, not {type(stage_days).__name__}"
        )
    if not stage_days:
        raise ValueError(f"{function}(): stage_days is empty; give at least one stage and its days")
    total = 0.0
    for stage, days in stage_days.items():
        total += _number(days, f"the days of stage {stage!r}", function, "days, such as 10", zero=True)
    return total
