"""Moments of Truth: the course's customer-journey measures, written once.

Jan Carlzon, chief executive of Scandinavian Airlines (SAS) in the 1980s, called
every contact in which a customer forms an impression of the service a **moment
of truth** (*Moments of Truth*, 1987): the enquiry, the quote, the delivery
window we book, the driver at the door, the invoice.  Every touchpoint is one.
Some are **critical** moments, where a failure does the most damage or the
customer decides whether to stay, and those are the ones to manage first.  Each
function here takes a table of **journey feedback**: one row for each
touchpoint a customer experienced, as in the ``journey_feedback`` dataset
(``logiserve.datasets.load("journey_feedback")``).  The columns each function
reads are listed in its documentation:

==============  ================================================================
column          meaning
==============  ================================================================
customer_id     the customer who gave the feedback (one row per touchpoint)
touchpoint      which touchpoint the row is about: an id from ``TOUCHPOINTS``
score           the customer's satisfaction (CSAT) score, a whole number 1 to 5
expected        the score the customer expected to give, a whole number 1 to 5
reordered_90d   True if the customer ordered again within 90 days (same on
                every row of a customer)
==============  ================================================================

A score of 4 or 5 is a **positive** moment, 3 is **neutral** and 1 or 2 is a
**negative** moment (:func:`classify_moment`).  Scores are averaged per touchpoint
(:func:`mean_score_by_touchpoint`); negative moments are counted per customer
(:func:`negative_moments`) and set against re-orders
(:func:`reorder_rate_by_negatives`) to show what a bad moment costs.  The
**service gap** of a touchpoint (:func:`service_gap`) is what the customer
perceived less what they expected, the customer gap of the SERVQUAL gaps model.

Every function checks its table first and explains, in a ``ValueError``, what is
wrong: a missing column, an empty table, an unknown touchpoint, a score outside
1 to 5, a customer scoring the same touchpoint twice, or a re-order flag that
changes between the rows of one customer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ._tables import Rows
from ._tables import shown as _shown

__all__ = [
    "TOUCHPOINTS",
    "classify_moment",
    "mean_score_by_touchpoint",
    "negative_moments",
    "reorder_rate_by_negatives",
    "service_gap",
    "weakest_moment",
]

TOUCHPOINTS: tuple[tuple[str, str], ...] = (
    ("enquiry", "Enquiry"),
    ("quote", "Quote"),
    ("order_confirmation", "Order confirmation"),
    ("despatch_notification", "Despatch notification"),
    ("delivery_window", "Delivery window"),
    ("driver_at_door", "Driver at the door"),
    ("proof_of_delivery", "Proof of delivery"),
    ("invoice", "Invoice"),
    ("return_collection", "Return collection"),
    ("complaint_call", "Complaint call"),
)
"""The touchpoints of the customer journey, in journey order, as (id, label) pairs."""

_IDS: tuple[str, ...] = tuple(touchpoint for touchpoint, _ in TOUCHPOINTS)
_NEGATIVE_AT_MOST = 2  # scores 1 and 2 are negative moments
_POSITIVE_AT_LEAST = 4  # scores 4 and 5 are positive moments
_FEEDBACK = Rows("customer_id", "customer", "row of feedback", "row", "row(s)", "rows")
_first_customer = _FEEDBACK.first
"""Where the first row flagged in a mask is, for a message: its customer_id (or row)."""


def _is_whole_score(value: Any) -> bool:
    """True when ``value`` is a whole number from 1 to 5 (an int, or a float such as 4.0), not a bool."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | np.integer):
        return bool(1 <= value <= 5)
    if isinstance(value, float | np.floating):
        return bool(math.isfinite(value) and float(value).is_integer() and 1 <= value <= 5)
    return False


def classify_moment(score: int) -> str:
    """The kind of moment one CSAT score makes: ``"positive"``, ``"neutral"`` or ``"negative"``.

    CSAT (customer satisfaction) scores run from 1 (very dissatisfied) to 5 (very
    satisfied).  The course's rule:

    ======  ============
    score   moment
    ======  ============
    4 or 5  positive
    3       neutral
    1 or 2  negative
    ======  ============

    Parameters
    ----------
    score : int
        A whole number from 1 to 5 (4.0 is accepted as 4).

    Returns
    -------
    str
        ``"positive"``, ``"neutral"`` or ``"negative"``.

    Raises
    ------
    ValueError
        If ``score`` is not a whole number from 1 to 5.

    Examples
    --------
    >>> classify_moment(5)   # the driver carried the pallets to the back door
    'positive'
    >>> classify_moment(3)
    'neutral'
    >>> classify_moment(1)   # the delivery arrived outside the booked window
    'negative'
    """
    if not _is_whole_score(score):
        raise ValueError(f"classify_moment(): a CSAT score is a whole number from 1 to 5, not {score!r}")
    if score >= _POSITIVE_AT_LEAST:
        return "positive"
    if score <= _NEGATIVE_AT_MOST:
        return "negative"
    return "neutral"


def _prepare(feedback: Any, measure: str, needed: Sequence[str]) -> pd.DataFrame:
    """Check ``feedback`` for the measure ``measure`` and return a clean copy of the ``needed`` columns.

    The copy has ``score`` as int64 and ``reordered_90d`` as bool.  Raises
    ``ValueError`` with a message a learner can act on.
    """
    if not isinstance(feedback, pd.DataFrame):
        raise ValueError(f"{measure}() needs a pandas DataFrame of journey feedback, not {type(feedback).__name__}")
    _FEEDBACK.check_columns(feedback, measure, needed, ())
    frame = feedback[list(needed)].copy()
    _FEEDBACK.check_filled(frame, measure, needed)

    unknown = ~frame["touchpoint"].isin(_IDS)
    if unknown.any():
        raise ValueError(
            f"touchpoint {_shown(frame['touchpoint'][unknown].iloc[0])} ({_first_customer(frame, unknown)}) is not a "
            f"touchpoint of the journey; use one of {', '.join(_IDS)}"
        )

    scores = frame["score"]
    bad = ~scores.map(_is_whole_score).astype(bool)
    if bad.any():
        raise ValueError(
            f"score must be a whole number from 1 to 5 (a CSAT score), but it is {_shown(scores[bad].iloc[0])} "
            f"on {int(bad.sum())} row(s), e.g. {_first_customer(frame, bad)}"
        )
    frame["score"] = scores.astype("int64")

    if "expected" in frame.columns:
        expected = frame["expected"]
        bad = ~expected.map(_is_whole_score).astype(bool)
        if bad.any():
            raise ValueError(
                f"expected must be a whole number from 1 to 5 (the score the customer expected), but it is "
                f"{_shown(expected[bad].iloc[0])} on {int(bad.sum())} row(s), e.g. {_first_customer(frame, bad)}"
            )
        frame["expected"] = expected.astype("int64")

    if "customer_id" in frame.columns:
        twice = frame.duplicated(["customer_id", "touchpoint"], keep="first")
        if twice.any():
            touchpoint = frame["touchpoint"][twice].iloc[0]
            raise ValueError(
                f"{_first_customer(frame, twice)} scores the touchpoint {touchpoint} more than once; "
                f"the table needs one row per customer per touchpoint"
            )

    if "reordered_90d" in frame.columns:
        flags = frame["reordered_90d"]
        if not pd.api.types.is_bool_dtype(flags):
            wrong = ~flags.map(lambda value: isinstance(value, bool | np.bool_)).astype(bool)
            if wrong.any():
                raise ValueError(
                    f"reordered_90d must be True or False, but it is {_shown(flags[wrong].iloc[0])} "
                    f"on {_first_customer(frame, wrong)}"
                )
            frame["reordered_90d"] = flags.astype(bool)
        changes = frame.groupby("customer_id", sort=False)["reordered_90d"].nunique()
        if (changes > 1).any():
            customers = changes[changes > 1].index
            raise ValueError(
                f"reordered_90d must be the same on every row of a customer, but it is True on some rows and "
                f"False on others for {len(customers)} customer(s), e.g. customer {customers[0]}"
            )
    return frame


def _means(feedback: Any, measure: str) -> pd.Series:
    """Mean score per touchpoint in journey order (touchpoints without rows left out); errors name ``measure``."""
    frame = _prepare(feedback, measure, ["touchpoint", "score"])
    means = frame.groupby("touchpoint")["score"].mean()
    order = pd.Index([touchpoint for touchpoint in _IDS if touchpoint in means.index], name="touchpoint")
    return means.reindex(order).astype(float).rename("mean_score")


def mean_score_by_touchpoint(feedback: pd.DataFrame) -> pd.Series:
    """The mean CSAT score of each touchpoint, in journey order.

    Formula::

        mean score of a touchpoint = sum of its scores / number of customers who scored it

    Touchpoints nobody in the table experienced (for example no return collections)
    are left out rather than shown as empty.

    Parameters
    ----------
    feedback : pandas.DataFrame
        Journey feedback with the columns touchpoint and score (1 to 5).

    Returns
    -------
    pandas.Series
        Mean scores from 1 to 5 (points on the CSAT scale), indexed by touchpoint
        id in the order of ``TOUCHPOINTS``, named ``"mean_score"``.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, or holds an unknown touchpoint or a
        score outside 1 to 5.

    Examples
    --------
    >>> import pandas as pd
    >>> feedback = pd.DataFrame({
    ...     "touchpoint": ["driver_at_door", "delivery_window", "delivery_window", "driver_at_door"],
    ...     "score": [5, 2, 3, 4],
    ... })
    >>> mean_score_by_touchpoint(feedback)
    touchpoint
    delivery_window    2.5
    driver_at_door     4.5
    Name: mean_score, dtype: float64
    """
    return _means(feedback, "mean_score_by_touchpoint")


def weakest_moment(feedback: pd.DataFrame) -> str:
    """The touchpoint with the lowest mean CSAT score: the weakest moment, a first candidate for a critical one.

    When two touchpoints share the lowest mean, the one earlier in the journey is
    returned (it is met first, so it colours what follows).

    Parameters
    ----------
    feedback : pandas.DataFrame
        Journey feedback with the columns touchpoint and score (1 to 5).

    Returns
    -------
    str
        A touchpoint id from ``TOUCHPOINTS``.

    Raises
    ------
    ValueError
        If the table is not valid (see :func:`mean_score_by_touchpoint`).

    Examples
    --------
    >>> import pandas as pd
    >>> feedback = pd.DataFrame({
    ...     "touchpoint": ["quote", "delivery_window", "invoice", "invoice"],
    ...     "score": [4, 2, 1, 3],
    ... })
    >>> weakest_moment(feedback)  # delivery window 2.0 and invoice 2.0: the delivery window comes first
    'delivery_window'
    """
    means = _means(feedback, "weakest_moment")
    return str(means.index[int(np.argmin(means.to_numpy()))])


def _negatives_per_customer(frame: pd.DataFrame) -> pd.Series:
    """Number of negative moments (scores 1 or 2) of each customer, 0 for none; sorted by customer_id."""
    negative = (frame["score"] <= _NEGATIVE_AT_MOST).astype("int64")
    return negative.groupby(frame["customer_id"], sort=True).sum().astype("int64")


def negative_moments(feedback: pd.DataFrame) -> pd.Series:
    """How many negative moments (scores of 1 or 2) each customer had.

    Formula::

        negative moments of a customer = number of their touchpoints scored 1 or 2

    Every customer in the table appears, with 0 when none of their scores was negative.

    Parameters
    ----------
    feedback : pandas.DataFrame
        Journey feedback with the columns customer_id, touchpoint and score (1 to 5),
        one row per customer per touchpoint.

    Returns
    -------
    pandas.Series
        A count of touchpoints (0 up to the number of touchpoints) per customer,
        indexed by customer_id (sorted), named ``"negative_moments"``.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, scores a touchpoint twice for one
        customer, or holds an unknown touchpoint or a score outside 1 to 5.

    Examples
    --------
    >>> import pandas as pd
    >>> feedback = pd.DataFrame({
    ...     "customer_id": ["C001", "C001", "C001", "C002", "C002"],
    ...     "touchpoint": ["quote", "delivery_window", "invoice", "quote", "delivery_window"],
    ...     "score": [4, 1, 2, 5, 3],
    ... })
    >>> negative_moments(feedback)
    customer_id
    C001    2
    C002    0
    Name: negative_moments, dtype: int64
    """
    frame = _prepare(feedback, "negative_moments", ["customer_id", "touchpoint", "score"])
    return _negatives_per_customer(frame).rename("negative_moments")


def reorder_rate_by_negatives(feedback: pd.DataFrame, cap: int | None = None) -> pd.Series:
    """The share of customers who re-ordered within 90 days, by their number of negative moments.

    Each customer counts once: their negative moments (:func:`negative_moments`)
    put them in a group, and ``reordered_90d`` says whether they re-ordered.

    Formula::

        re-order rate of group k = customers with k negative moments who re-ordered
                                   / customers with k negative moments

    With ``cap=k``, customers with more than k negative moments are put in group k,
    so the last group reads "k or more" (``cap=3`` gives the groups 0, 1, 2 and
    "3 or more").  Only groups that hold at least one customer are shown.

    Parameters
    ----------
    feedback : pandas.DataFrame
        Journey feedback with the columns customer_id, touchpoint, score (1 to 5)
        and reordered_90d (True or False, the same on every row of a customer).
    cap : int, optional
        Group every count above ``cap`` with ``cap`` (a whole number, 1 or more).

    Returns
    -------
    pandas.Series
        Shares from 0 to 1 (0.9 is 90 %), indexed by the number of negative moments
        (index name ``"negative_moments"``, smallest first), named ``"reorder_rate"``.

    Raises
    ------
    ValueError
        If ``cap`` is not a whole number of at least 1, or the table is not valid
        (including a re-order flag that differs between the rows of one customer).

    Examples
    --------
    >>> import pandas as pd
    >>> feedback = pd.DataFrame({
    ...     "customer_id": ["C001", "C001", "C002", "C002", "C003", "C003", "C004", "C004"],
    ...     "touchpoint": ["quote", "delivery_window"] * 4,
    ...     "score": [4, 5, 4, 1, 2, 1, 5, 4],
    ...     "reordered_90d": [True, True, False, False, False, False, True, True],
    ... })
    >>> reorder_rate_by_negatives(feedback)  # C001 and C004 have none, C002 one, C003 two
    negative_moments
    0    1.0
    1    0.0
    2    0.0
    Name: reorder_rate, dtype: float64
    >>> reorder_rate_by_negatives(feedback, cap=1)  # group 1 now reads "1 or more"
    negative_moments
    0    1.0
    1    0.0
    Name: reorder_rate, dtype: float64
    """
    if cap is not None and (isinstance(cap, bool | np.bool_) or not isinstance(cap, int | np.integer) or cap < 1):
        raise ValueError(
            f"reorder_rate_by_negatives(): cap must be a whole number of negative moments, 1 or more, not {cap!r}"
        )
    frame = _prepare(feedback, "reorder_rate_by_negatives", ["customer_id", "touchpoint", "score", "reordered_90d"])
    negatives = _negatives_per_customer(frame)
    if cap is not None:
        negatives = negatives.clip(upper=int(cap))
    reordered = frame.groupby("customer_id", sort=True)["reordered_90d"].first().astype(float)
    rates = reordered.groupby(negatives.rename("negative_moments"), sort=True).mean()
    return rates.astype(float).rename("reorder_rate")


def service_gap(feedback: pd.DataFrame) -> pd.Series:
    """The mean service gap of each touchpoint: what customers perceived less what they expected.

    This is the **customer gap** of the SERVQUAL gaps model (Parasuraman, Zeithaml
    and Berry): the distance between the service the customer expected (from the
    SLA, the promise at checkout, past experience) and the service they perceived.

    Formula::

        service gap of a touchpoint = mean of (score - expected) over the customers who scored it

    A negative gap means the service fell short of what was expected; a positive
    gap means it did better; 0 means it met the expectation exactly.

    Parameters
    ----------
    feedback : pandas.DataFrame
        Journey feedback with the columns touchpoint, expected (1 to 5) and score
        (1 to 5), both on the same CSAT scale.

    Returns
    -------
    pandas.Series
        Gaps in points of the CSAT scale (from -4 to 4), indexed by touchpoint id
        in the order of ``TOUCHPOINTS`` (touchpoints without rows left out), named
        ``"service_gap"``.

    Raises
    ------
    ValueError
        If the table is empty, lacks a column, or holds an unknown touchpoint or a
        score or expected score outside 1 to 5.

    Examples
    --------
    >>> import pandas as pd
    >>> feedback = pd.DataFrame({
    ...     "touchpoint": ["delivery_window", "delivery_window", "driver_at_door", "driver_at_door"],
    ...     "expected": [5, 4, 3, 4],
    ...     "score": [2, 3, 5, 4],
    ... })
    >>> service_gap(feedback)  # the window: (2 - 5 + 3 - 4) / 2; the driver: (5 - 3 + 4 - 4) / 2
    touchpoint
    delivery_window   -2.0
    driver_at_door     1.0
    Name: service_gap, dtype: float64
    """
    frame = _prepare(feedback, "service_gap", ["touchpoint", "expected", "score"])
    gaps = (frame["score"] - frame["expected"]).groupby(frame["touchpoint"]).mean()
    order = pd.Index([touchpoint for touchpoint in _IDS if touchpoint in gaps.index], name="touchpoint")
    return gaps.reindex(order).astype(float).rename("service_gap")
