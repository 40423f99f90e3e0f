"""Supply chain risk: scoring a risk by its likelihood and impact, and rating it.

A risk register lists what could disrupt the flow of goods to Northgate's customers (a supplier
failing, a port strike, a cyber attack on the WMS, a flood at a cross-dock, ...).  Each risk is
scored on two 1-to-5 scales: how **likely** it is to happen in the coming year and how big its
**impact** on the customer would be.  Their product (:func:`risk_score`) ranks the risks, and its
band (:func:`risk_rating`) says what to do: a high risk needs a contingency plan now (safety stock,
a second supplier, an alternative route), a medium one a plan and an owner, a low one watching.

Scales (whole numbers):

=====  =================================  ==========================================
value  likelihood                         impact on the customer
=====  =================================  ==========================================
1      rare: not expected in years        negligible: nobody outside notices
2      unlikely                           minor: a few late lines, put right that day
3      possible: about once a year        moderate: missed deliveries for some customers
4      likely: several times a year       major: key accounts miss deliveries for days
5      almost certain: every month        severe: customers lost, penalties, the news
=====  =================================  ==========================================

Bands of the score (likelihood × impact, from 1 to 25):

======  ========  ==================================================
rating  score     scores that can occur
======  ========  ==================================================
low     1 to 4    1, 2, 3, 4
medium  5 to 12   5, 6, 8, 9, 10, 12
high    15 to 25  15, 16, 20, 25
======  ========  ==================================================

There is no band for 7, 11, 13 or 14: no two whole numbers from 1 to 5 multiply to them.
"""

from __future__ import annotations

from ._numbers import whole_number as _whole

__all__ = ["RATINGS", "risk_rating", "risk_score"]

RATINGS: tuple[str, ...] = ("low", "medium", "high")
"""The risk ratings, from the least to the most serious."""

_SCORES = frozenset(likelihood * impact for likelihood in range(1, 6) for impact in range(1, 6))


def risk_score(likelihood: int, impact: int) -> int:
    """The risk score: likelihood times impact, each on a 1-to-5 scale.

    Formula::

        score = likelihood × impact          (1 to 25)

    Parameters
    ----------
    likelihood : int
        How likely the risk is to happen, a whole number from 1 (rare) to 5 (almost certain).
    impact : int
        How big its impact on the customer would be, a whole number from 1 (negligible) to 5
        (severe).

    Returns
    -------
    int
        The score, from 1 to 25.

    Raises
    ------
    ValueError
        If either is not a whole number from 1 to 5 (``3.0`` counts as 3; ``3.5`` and ``"3"`` do not).

    Examples
    --------
    The sole supplier of the planters, far away with a variable lead time, is likely to be late
    (4) and the impact on the garden centres in spring would be major (4):

    >>> risk_score(4, 4)
    16
    """
    return _whole(likelihood, "likelihood", "risk_score", 1, 5) * _whole(impact, "impact", "risk_score", 1, 5)


def risk_rating(score: int) -> str:
    """The rating of a risk score: ``"low"`` (1 to 4), ``"medium"`` (5 to 12) or ``"high"`` (15 to 25).

    Formula::

        rating = low     if score <= 4
                 medium  if 5 <= score <= 12
                 high    if score >= 15

    Parameters
    ----------
    score : int
        A risk score, likelihood × impact (:func:`risk_score`): one of 1, 2, 3, 4, 5, 6, 8, 9, 10,
        12, 15, 16, 20 or 25.

    Returns
    -------
    str
        One of :data:`RATINGS`.

    Raises
    ------
    ValueError
        If ``score`` is not a whole number from 1 to 25, or no likelihood and impact from 1 to 5
        multiply to it (7, 11, 13, 14, 17, ...).

    Examples
    --------
    >>> risk_rating(16), risk_rating(6), risk_rating(4)
    ('high', 'medium', 'low')
    """
    value = _whole(score, "score", "risk_rating", 1, 25)
    if value not in _SCORES:
        raise ValueError(
            f"risk_rating(): {value} cannot be a risk score: no likelihood and impact from 1 to 5 multiply to it "
            f"(scores are 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20 or 25)"
        )
    return "low" if value <= 4 else "medium" if value <= 12 else "high"
