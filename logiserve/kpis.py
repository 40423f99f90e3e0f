"""Customer service KPIs: the course's definitions and formulas, written once.

Every function here takes a table of **order lines**: one row for each line of a
customer order, as in the ``orders`` dataset (``logiserve.datasets.load("orders")``).
The columns each function reads are listed in its documentation:

==================  ===========================================================
column              meaning
==================  ===========================================================
order_id            the order the line belongs to (an order has one or more lines)
order_date          the day the customer placed the order (a date)
promised_date       the day we promised to deliver the line (a date)
delivered_date      the day the line was delivered (a date)
qty_ordered         units the customer ordered on the line (a whole number, at least 1)
qty_delivered       units we delivered on the line (a whole number, 0 or more)
picked_correctly    True if the right item, in the right condition, was picked
complaint           True if the customer complained about the order (same on every line)
resolution_hours    hours it took to resolve the complaint (empty when no complaint)
==================  ===========================================================

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
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._tables import Rows, by_columns
from ._tables import grouping as _grouping

__all__ = [
    "FILL_RATE_BASES",
    "complaint_resolution",
    "difot",
    "fill_rate",
    "in_full_rate",
    "mean_resolution_hours",
    "on_time_rate",
    "order_accuracy",
    "order_cycle_time",
    "otif",
]

FILL_RATE_BASES: tuple[str, ...] = ("lines", "units")

_DATES = ("order_date", "promised_date", "delivered_date")
_QUANTITIES = ("qty_ordered", "qty_delivered")
_FLAGS = ("picked_correctly", "complaint")
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


def _on_time_in_full(lines: Any, kpi: str, by: Any) -> tuple[pd.DataFrame, list[str]]:
    """Per order: ``on_time`` (every line delivered by its promised day) and ``in_full``."""
    frame, keys = _prepare(lines, kpi, ["promised_date", "delivered_date", "qty_ordered", "qty_delivered"], by)
    frame["_on_time"] = frame["delivered_date"].dt.normalize() <= frame["promised_date"].dt.normalize()
    frame["_in_full"] = frame["qty_delivered"] >= frame["qty_ordered"]
    table = _per_order(frame, keys, _on_time=("_on_time", "all"), _in_full=("_in_full", "all"))
    return table, keys


def otif(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """On time in full (OTIF): the share of orders delivered on time **and** in full.

    An order is **on time** when every one of its lines arrived on or before its
    promised day (``delivered_date <= promised_date``, comparing days, not times of
    day).  It is **in full** when every line brought at least the quantity ordered
    (``qty_delivered >= qty_ordered``).  DIFOT (delivered in full, on time) is the
    same measure: :func:`difot` is another name for this function.

    Formula::

        OTIF = orders on time and in full / all orders

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, promised_date, delivered_date,
        qty_ordered and qty_delivered.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1 (0.9 is 90 %); with ``by``, a Series named ``"otif"``
        with one share per group.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, or holds impossible values.

    Examples
    --------
    Four orders: A is perfect, B arrives a day late, C is one unit short, D is both.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C", "D"],
    ...     "carrier": ["Fleet", "Fleet", "Fleet", "Parcels", "Parcels"],
    ...     "promised_date": pd.to_datetime(["2026-01-07"] * 5),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-06", "2026-01-08", "2026-01-07", "2026-01-09"]),
    ...     "qty_ordered": [10, 5, 4, 2, 6],
    ...     "qty_delivered": [10, 5, 4, 1, 0],
    ... })
    >>> otif(lines)  # only A: 1 order out of 4
    0.25
    >>> otif(lines, by="carrier")  # Fleet: A of A and B; Parcels: neither C nor D
    carrier
    Fleet      0.5
    Parcels    0.0
    Name: otif, dtype: float64
    """
    table, keys = _on_time_in_full(lines, "otif", by)
    return _share(table["_on_time"] & table["_in_full"], table, keys, "otif")


difot = otif
"""DIFOT (delivered in full, on time): another name for :func:`otif`, the same measure."""


def on_time_rate(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The share of orders delivered on time: every line on or before its promised day.

    Formula::

        on-time rate = orders whose every line has delivered_date <= promised_date / all orders

    Days are compared, not times of day.  This is the "on time" half of :func:`otif`.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, promised_date, delivered_date,
        qty_ordered and qty_delivered.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"on_time_rate"``.

    Examples
    --------
    Order A's second line is a day late, so the whole order is late; B is early.

    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B"],
    ...     "promised_date": pd.to_datetime(["2026-01-07", "2026-01-07", "2026-01-08"]),
    ...     "delivered_date": pd.to_datetime(["2026-01-07", "2026-01-08", "2026-01-06"]),
    ...     "qty_ordered": [3, 3, 1],
    ...     "qty_delivered": [3, 3, 1],
    ... })
    >>> on_time_rate(lines)
    0.5
    """
    table, keys = _on_time_in_full(lines, "on_time_rate", by)
    return _share(table["_on_time"], table, keys, "on_time_rate")


def in_full_rate(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The share of orders delivered in full: every line with at least the quantity ordered.

    Formula::

        in-full rate = orders whose every line has qty_delivered >= qty_ordered / all orders

    This is the "in full" half of :func:`otif`.  One short line makes the whole order
    short.  Compare :func:`fill_rate`, which counts lines or units instead of orders.

    Parameters
    ----------
    lines : pandas.DataFrame
        Order lines with the columns order_id, promised_date, delivered_date,
        qty_ordered and qty_delivered.
    by : str or list of str, optional
        Column(s) to group orders by (each order takes its first line's value).

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1; with ``by``, a Series named ``"in_full_rate"``.

    Examples
    --------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({
    ...     "order_id": ["A", "A", "B", "C"],
    ...     "promised_date": pd.to_datetime(["2026-01-07"] * 4),
    ...     "delivered_date": pd.to_datetime(["2026-01-07"] * 4),
    ...     "qty_ordered": [12, 6, 4, 10],
    ...     "qty_delivered": [12, 5, 4, 10],
    ... })
    >>> round(in_full_rate(lines), 4)  # A is one unit short on its second line: 2 of 3 orders
    0.6667
    """
    table, keys = _on_time_in_full(lines, "in_full_rate", by)
    return _share(table["_in_full"], table, keys, "in_full_rate")


def order_accuracy(lines: pd.DataFrame, by: str | list[str] | None = None) -> float | pd.Series:
    """The share of orders picked without an error: every line picked correctly.

    A line is picked correctly when the right item, in the right quantity and
    condition, went into the order (``picked_correctly`` is True).

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
