"""Complaint handling: the procedure the course teaches, the rules it works within, and a complaints log's measures.

The procedure's stages (``PROCEDURE``) are the steps a complaint goes through, from the first
contact with the customer to the lesson learned from it.  Their order is a graded exercise of 04,
so this package lists them by name only, A to Z.  ``LAST`` is the learner's memory aid for the
conversation itself.

The rules a complaint handler works within are data too: the guiding principles of ISO 10002
(``ISO_10002_PRINCIPLES``), the standard's guidelines for complaints handling that the course's
procedure and its complaint clocks follow, and the data protection principles of UK GDPR
(``UK_GDPR_PRINCIPLES``), which apply to *personal data* (information about a living person who
can be identified, such as an online shopper's name, address and order history, or a driver's
name).  A company's name and its dealings with Brightwater are not personal data: telling one
customer about another customer's orders or complaints is a breach of commercial confidentiality
(``COMMERCIAL_CONFIDENTIALITY``), not of data protection.

The measures take a **complaints log**: one row for each complaint, as in the
``complaints`` dataset (``logiserve.datasets.load("complaints")``).  The columns each
function reads are listed in its documentation:

====================  ==========================================================
column                meaning
====================  ==========================================================
complaint_id          the complaint's reference (used to point at a bad row)
category              what the customer complained about, e.g. damaged_goods
root_cause            what the investigation found had caused it
hours_to_acknowledge  hours from receiving the complaint to acknowledging it
ack_sla_hours         the acknowledgement target of the customer's SLA, in hours
hours_to_resolve      hours from receiving the complaint to resolving it
resolve_sla_hours     the resolution target of the customer's SLA, in hours
====================  ==========================================================

The SLA clock (:func:`sla_breach_rate`) shows how often we were too slow, at the
acknowledgement stage or at the resolution stage; a complaint handled exactly on its
target is within the SLA.  A Pareto table (:func:`pareto`, :func:`vital_few`) shows
the few root causes behind most complaints, the "learn and prevent" stage of the
procedure; :func:`mean_resolution_hours_by` and :func:`worst_category` show which
kind of complaint takes longest to put right.

Every function checks its table first and explains, in a ``ValueError``, what is
wrong: not a table, a missing column, an empty table, hours that are not numbers,
are empty (NaN) or are negative, an SLA target that is not a positive number of hours,
or a complaint resolved before it was acknowledged.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._tables import Rows, by_columns
from ._tables import grouping as _grouping
from ._tables import shown as _shown

__all__ = [
    "COMMERCIAL_CONFIDENTIALITY",
    "ISO_10002_PRINCIPLES",
    "LAST",
    "PROCEDURE",
    "SLA_STAGES",
    "UK_GDPR_PRINCIPLES",
    "mean_resolution_hours_by",
    "pareto",
    "sla_breach_rate",
    "vital_few",
    "worst_category",
]

PROCEDURE: dict[str, str] = {
    "acknowledge": "Acknowledge",
    "empathise": "Listen and empathise",
    "escalate": "Escalate",
    "follow_up": "Follow up",
    "inform": "Keep the customer informed",
    "investigate": "Investigate",
    "learn": "Learn and prevent",
    "log": "Log the complaint",
    "resolve": "Resolve",
}
"""The stages of the complaint procedure, by id, in alphabetical order: their order is a graded
exercise of 04, so the installed package does not hold it."""

LAST: dict[str, str] = {
    "L": "Listen",
    "A": "Apologise",
    "S": "Solve",
    "T": "Thank",
}
"""The LAST memory aid: Listen, Apologise, Solve, Thank."""

UK_GDPR_PRINCIPLES: dict[str, str] = {
    "lawfulness_fairness_transparency": "Lawfulness, fairness and transparency",
    "purpose_limitation": "Purpose limitation",
    "data_minimisation": "Data minimisation",
    "accuracy": "Accuracy",
    "storage_limitation": "Storage limitation",
    "integrity_confidentiality": "Integrity and confidentiality (security)",
    "accountability": "Accountability",
}
"""The seven data protection principles of UK GDPR (with the Data Protection Act 2018, the UK's data
protection law; the Information Commissioner's Office, ICO, is its regulator), in the order the law
gives them.  They apply to personal data: information about a living person who can be identified."""

ISO_10002_PRINCIPLES: dict[str, str] = {
    "visibility": "Visibility",
    "accessibility": "Accessibility",
    "responsiveness": "Responsiveness",
    "objectivity": "Objectivity",
    "confidentiality": "Confidentiality",
    "customer_focus": "Customer-focused approach",
    "accountability": "Accountability",
    "continual_improvement": "Continual improvement",
}
"""The guiding principles of ISO 10002 (quality management, customer satisfaction: guidelines for
complaints handling in organisations), which the course's complaint procedure follows."""

COMMERCIAL_CONFIDENTIALITY: str = (
    "A business customer's name, orders, volumes, prices and complaints are confidential to that customer "
    "and Brightwater: they are not told to another customer. A company name is not personal data, so "
    "naming one customer to another breaks commercial confidentiality, not data protection law."
)
"""What commercial confidentiality protects, as the course teaches it."""

SLA_STAGES: tuple[str, ...] = ("acknowledge", "resolve")
"""The stages of the SLA clock that :func:`sla_breach_rate` measures, in the order they happen."""

# stage -> (hours column, SLA target column, name of the result with ``by``)
_STAGE_COLUMNS: dict[str, tuple[str, str, str]] = {
    "acknowledge": ("hours_to_acknowledge", "ack_sla_hours", "ack_sla_breach_rate"),
    "resolve": ("hours_to_resolve", "resolve_sla_hours", "resolve_sla_breach_rate"),
}
_HOURS = ("hours_to_acknowledge", "hours_to_resolve")
_SLAS = ("ack_sla_hours", "resolve_sla_hours")
_LOG = Rows("complaint_id", "complaint", "complaint", "complaint", "complaint(s)", "rows")
_first_complaint = _LOG.first
"""Where the first complaint flagged in a mask is, for a message: its complaint_id (or row)."""


def _prepare(complaints: Any, measure: str, needed: Sequence[str], by: Sequence[str] = ()) -> pd.DataFrame:
    """Check ``complaints`` for ``measure`` and return a clean copy of the columns it reads.

    The copy holds the ``needed`` and ``by`` columns, ``complaint_id`` when the table
    has it (to point at a bad row) and, when the measure reads hours, both hours
    columns the table has (to check that no complaint was resolved before it was
    acknowledged).  The hours and SLA columns the measure reads become float64.
    Raises ``ValueError`` with a message a learner can act on.
    """
    if not isinstance(complaints, pd.DataFrame):
        raise ValueError(f"{measure}() needs a pandas DataFrame of complaints, not {type(complaints).__name__}")
    wanted = list(dict.fromkeys([*needed, *by]))
    _LOG.check_columns(complaints, measure, needed, by)
    reads_hours = any(column in wanted for column in _HOURS)
    extra = ["complaint_id", *(_HOURS if reads_hours else ())]
    frame = complaints[list(dict.fromkeys([*wanted, *(column for column in extra if column in complaints.columns)]))]
    frame = frame.copy()

    _LOG.check_filled(frame, measure, wanted)

    for column in [column for column in (*_HOURS, *_SLAS) if column in wanted]:
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise ValueError(f"{column} must hold numbers of hours, but it holds {values.dtype} values")
        hours = values.astype("float64")
        if column in _SLAS:
            wrong = ~np.isfinite(hours) | (hours <= 0)
            if wrong.any():
                raise ValueError(
                    f"{column} must be a positive number of hours (the SLA target), but it is "
                    f"{_shown(values[wrong].iloc[0])} on {int(wrong.sum())} complaint(s), "
                    f"e.g. {_first_complaint(frame, wrong)}"
                )
        else:
            wrong = ~np.isfinite(hours) | (hours < 0)
            if wrong.any():
                raise ValueError(
                    f"{column} must be a number of hours of 0 or more, but it is {_shown(values[wrong].iloc[0])} "
                    f"on {int(wrong.sum())} complaint(s), e.g. {_first_complaint(frame, wrong)}"
                )
        frame[column] = hours

    both = [frame[column] for column in _HOURS if column in frame.columns]
    if len(both) == 2 and all(pd.api.types.is_numeric_dtype(hours) for hours in both):
        early = both[1] < both[0]  # a comparison with an empty cell is False: nothing to check there
        if early.any():
            raise ValueError(
                f"hours_to_resolve is less than hours_to_acknowledge on {int(early.sum())} complaint(s), "
                f"e.g. {_first_complaint(frame, early)}; a complaint cannot be resolved before it is acknowledged"
            )
    return frame


def sla_breach_rate(
    complaints: pd.DataFrame, stage: str = "acknowledge", by: str | list[str] | None = None
) -> float | pd.Series:
    """The share of complaints that missed their SLA target at one stage of the SLA clock.

    The SLA clock starts when the complaint is received.  A complaint **breaches** its
    SLA at a stage when it took longer than its target:

    ===========  ==========================================
    stage        breach when
    ===========  ==========================================
    acknowledge  hours_to_acknowledge > ack_sla_hours
    resolve      hours_to_resolve > resolve_sla_hours
    ===========  ==========================================

    A complaint handled exactly on its target is within the SLA, not a breach.

    Formula::

        SLA breach rate = complaints with hours > SLA hours / all complaints

    Parameters
    ----------
    complaints : pandas.DataFrame
        A complaints log with, for ``stage="acknowledge"``, the columns
        hours_to_acknowledge and ack_sla_hours; for ``stage="resolve"``,
        hours_to_resolve and resolve_sla_hours (all in hours).
    stage : {"acknowledge", "resolve"}, default "acknowledge"
        Which stage of the SLA clock to measure.
    by : str or list of str, optional
        Column(s) to group the complaints by, such as ``"channel"``.

    Returns
    -------
    float or pandas.Series
        A share from 0 to 1 (0.15 is 15 %); with ``by``, a Series named
        ``"ack_sla_breach_rate"`` or ``"resolve_sla_breach_rate"`` with one share per
        group, sorted by group.

    Raises
    ------
    ValueError
        If ``stage`` is not "acknowledge" or "resolve", or the table is empty, lacks
        a column, or holds hours that are empty, negative or not numbers.

    Examples
    --------
    Four complaints: K1 is acknowledged exactly on its 4-hour target (no breach), K2
    is late, K3 and K4 are within their 24 hours.

    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "complaint_id": ["K1", "K2", "K3", "K4"],
    ...     "channel": ["phone", "email", "email", "phone"],
    ...     "hours_to_acknowledge": [4.0, 6.5, 20.0, 0.2],
    ...     "ack_sla_hours": [4, 4, 24, 24],
    ...     "hours_to_resolve": [30.0, 60.0, 100.0, 12.0],
    ...     "resolve_sla_hours": [48, 48, 120, 72],
    ... })
    >>> sla_breach_rate(log)  # only K2: 1 of 4
    0.25
    >>> sla_breach_rate(log, stage="resolve")  # only K2: 60 h > 48 h
    0.25
    >>> sla_breach_rate(log, by="channel")
    channel
    email    0.5
    phone    0.0
    Name: ack_sla_breach_rate, dtype: float64
    """
    if not isinstance(stage, str) or stage not in SLA_STAGES:
        raise ValueError(f"sla_breach_rate(): stage must be one of {', '.join(map(repr, SLA_STAGES))}, not {stage!r}")
    hours, target, name = _STAGE_COLUMNS[stage]
    keys = by_columns(by, "sla_breach_rate")
    frame = _prepare(complaints, "sla_breach_rate", [hours, target], keys)
    breach = (frame[hours] > frame[target]).astype(float)
    if not keys:
        return float(breach.mean())
    return breach.groupby(_grouping(frame, keys), observed=True, sort=True).mean().rename(name)


def _column(column: Any, measure: str) -> str:
    """``column`` checked to be one column name."""
    if not isinstance(column, str):
        raise ValueError(f"{measure}(): column must be the name of one column, such as 'root_cause', not {column!r}")
    return column


def pareto(complaints: pd.DataFrame, column: str = "root_cause") -> pd.DataFrame:
    """A Pareto table: how many complaints each cause gave, biggest first, with cumulative shares.

    The Pareto principle (the 80/20 rule) says that a few causes usually give most of
    the problems.  Counting complaints per cause, sorting them from the most to the
    fewest and adding up their shares shows which causes those are.

    Formula::

        share of a cause            = its complaints / all complaints
        cumulative share of a cause = (its complaints + the complaints of every cause above it)
                                      / all complaints

    Causes with the same number of complaints are sorted by name, so the table is the
    same every time.  The last cumulative share is exactly 1.0.

    Parameters
    ----------
    complaints : pandas.DataFrame
        A complaints log with the column ``column``.
    column : str, default "root_cause"
        The column whose values are counted, e.g. ``"root_cause"`` or ``"category"``.

    Returns
    -------
    pandas.DataFrame
        One row per cause, indexed by cause (index name ``column``), with the columns
        ``complaints`` (a count, int64), ``share`` and ``cumulative_share`` (shares from
        0 to 1).

    Raises
    ------
    ValueError
        If ``column`` is not a column name, or the table is empty, lacks the column or
        has an empty cell in it.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"root_cause": ["picking_error", "carrier_missed_slot", "picking_error",
    ...                                    "carrier_missed_slot", "pricing_data_error", "picking_error",
    ...                                    "carrier_missed_slot", "paperwork_not_printed"]})
    >>> pareto(log)  # carrier and picking tie on 3: the carrier comes first by name
                           complaints  share  cumulative_share
    root_cause
    carrier_missed_slot             3  0.375             0.375
    picking_error                   3  0.375             0.750
    paperwork_not_printed           1  0.125             0.875
    pricing_data_error              1  0.125             1.000
    """
    return _pareto(complaints, column, "pareto")


def _pareto(complaints: Any, column: Any, measure: str) -> pd.DataFrame:
    """The table of :func:`pareto`; errors name ``measure``."""
    column = _column(column, measure)
    values = _prepare(complaints, measure, [column])[column]
    if isinstance(values.dtype, pd.CategoricalDtype):  # count what is there, and sort by name, not category order
        values = values.astype(values.cat.categories.dtype)
    counts = values.value_counts(sort=False)
    table = pd.DataFrame({column: counts.index, "complaints": counts.to_numpy().astype("int64")})
    table = table.sort_values(["complaints", column], ascending=[False, True], kind="mergesort").set_index(column)
    total = int(table["complaints"].sum())
    table["share"] = table["complaints"] / total
    table["cumulative_share"] = table["complaints"].cumsum() / total
    return table


def vital_few(complaints: pd.DataFrame, column: str = "root_cause", threshold: float = 0.8) -> list:
    """The "vital few" causes: the biggest causes that together first reach ``threshold`` of all complaints.

    Read down the :func:`pareto` table and stop at the first cause whose cumulative
    share reaches the threshold (80 % by default, the 80/20 rule).  Those causes are
    the ones to fix first; the rest are the "useful many".

    Formula::

        vital few = the causes of the pareto table, from the top, down to and including
                    the first one with cumulative_share >= threshold

    Parameters
    ----------
    complaints : pandas.DataFrame
        A complaints log with the column ``column``.
    column : str, default "root_cause"
        The column whose values are counted.
    threshold : float, default 0.8
        The cumulative share to reach, more than 0 and at most 1 (0.8 is 80 %).

    Returns
    -------
    list
        The causes (values of ``column``), biggest first.

    Raises
    ------
    ValueError
        If ``threshold`` is not a number above 0 and at most 1, or the table is not
        valid (see :func:`pareto`).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({"root_cause": ["carrier_missed_slot"] * 5 + ["picking_error"] * 3
    ...                                   + ["pricing_data_error", "paperwork_not_printed"]})
    >>> vital_few(log)  # 5 + 3 = 8 of 10 complaints: exactly 80 % is enough
    ['carrier_missed_slot', 'picking_error']
    >>> vital_few(log, threshold=0.5)
    ['carrier_missed_slot']
    """
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float | np.integer | np.floating)
        or not math.isfinite(threshold)
        or not 0 < threshold <= 1
    ):
        raise ValueError(
            f"vital_few(): threshold must be a share above 0 and at most 1, such as 0.8, not {threshold!r}"
        )
    table = _pareto(complaints, column, "vital_few")
    reached = int(np.argmax(table["cumulative_share"].to_numpy() >= threshold))  # the last one is always 1.0
    return table.index[: reached + 1].tolist()


def _mean_hours(complaints: Any, by: Any, measure: str) -> pd.Series:
    """Mean hours_to_resolve per ``by`` group, sorted by group; errors name ``measure``."""
    keys = by_columns(by, measure)
    if not keys:
        raise ValueError(f"{measure}(): by must be a column name or a list of column names, not None")
    frame = _prepare(complaints, measure, ["hours_to_resolve"], keys)
    hours = frame["hours_to_resolve"]
    return hours.groupby(_grouping(frame, keys), observed=True, sort=True).mean().rename("mean_resolution_hours")


def mean_resolution_hours_by(complaints: pd.DataFrame, by: str | list[str] = "category") -> pd.Series:
    """The mean time to resolve a complaint, in hours, for each group of complaints.

    Formula::

        mean resolution hours of a group = sum of its hours_to_resolve / its number of complaints

    Parameters
    ----------
    complaints : pandas.DataFrame
        A complaints log with the column hours_to_resolve (hours from receiving the
        complaint to resolving it) and the ``by`` column(s).
    by : str or list of str, default "category"
        Column(s) to group the complaints by.

    Returns
    -------
    pandas.Series
        Hours, one mean per group, sorted by group name, named ``"mean_resolution_hours"``.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, or holds resolution hours that are
        empty, negative or not numbers.

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "category": ["late_delivery", "damaged_goods", "late_delivery", "damaged_goods", "billing"],
    ...     "hours_to_resolve": [20.0, 90.0, 30.0, 70.0, 40.0],
    ... })
    >>> mean_resolution_hours_by(log)
    category
    billing          40.0
    damaged_goods    80.0
    late_delivery    25.0
    Name: mean_resolution_hours, dtype: float64
    """
    return _mean_hours(complaints, by, "mean_resolution_hours_by")


def worst_category(complaints: pd.DataFrame) -> str:
    """The category of complaint with the highest mean resolution time: the one that takes longest to put right.

    When two categories share the highest mean, the first by name is returned.

    Parameters
    ----------
    complaints : pandas.DataFrame
        A complaints log with the columns category and hours_to_resolve (hours).

    Returns
    -------
    str
        A category, such as ``"damaged_goods"``.

    Raises
    ------
    ValueError
        If the table is not valid (see :func:`mean_resolution_hours_by`).

    Examples
    --------
    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "category": ["late_delivery", "damaged_goods", "billing", "damaged_goods"],
    ...     "hours_to_resolve": [20.0, 90.0, 60.0, 50.0],
    ... })
    >>> worst_category(log)  # damaged_goods: (90 + 50) / 2 = 70 hours
    'damaged_goods'
    """
    means = _mean_hours(complaints, "category", "worst_category")
    return str(means.index[int(np.argmax(means.to_numpy()))])
