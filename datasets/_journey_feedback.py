"""The ``journey_feedback`` dataset: Moments of Truth along Northgate's customer journey.

Northgate Distribution Centre, near Wakefield, is the regional distribution
centre (DC) of Brightwater Home & Garden Ltd.  After each customer's first order
of the quarter, the customer service team asked the customer to score every
touchpoint they met, from the first enquiry to the invoice (and, for some, a
return collection and a complaint call), on the 1-to-5 CSAT (customer
satisfaction) scale.  Ninety days later it noted whether the customer had
ordered again.  The table holds one row per customer per touchpoint.

Learners measure the journey with :mod:`logiserve.journey`.  The recipe is built
so that a few findings are there to be made:

* the delivery window (the slot we book and then keep or miss) is the weakest
  moment of truth: it has the lowest mean score of all touchpoints;
* there are strong moments too: the order confirmation and the driver at the
  door score well (a mean of 4 or more);
* customers with a negative delivery window re-order far less often than the
  others, and most of the customers who did not re-order had one;
* bad moments add up: the re-order rate falls with every extra negative moment,
  from about 90 % with none to about a quarter with three or more;
* complaint calls come mostly from customers whose delivery window went wrong;
* service gaps (SERVQUAL's customer gap: the score the customer gave minus the score they
  expected, both on the 1-to-5 scale) are widest at the delivery window, where the SLA or the
  checkout promised a slot and the lorry or van often missed it; the driver at the door does
  better than expected; and online shoppers, promised tracking updates at checkout, expect far
  more of the despatch notification than trade customers do, so their gap there is wide.

The expected scores come from their own random stream (``SEED`` and ``EXPECTED_STREAM``), so
adding them left every other column exactly as it was.

The touchpoints, their score distributions and the re-order chances are fixed
below; the random number generator decides each customer's details.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from logiserve.journey import TOUCHPOINTS

SEED = 1241
"""Seed of the shipped ``journey_feedback.csv``: ``generate(SEED)`` rebuilds it exactly."""

CUSTOMER_RANGE = (280, 320)  # number of customers, inclusive
CORE_STEPS = 8  # every customer meets the first eight touchpoints (enquiry to invoice)

COLUMNS: dict[str, str] = {
    "customer_id": "Reference of the customer who gave the feedback, from C001 upwards.",
    "customer_type": (
        "Kind of customer: retail_dc (a supermarket's regional distribution centre), garden_centre, "
        "wholesaler or e_commerce (an online shopper buying from the Brightwater website)."
    ),
    "touchpoint": (
        "The touchpoint the row is about: enquiry, quote, order_confirmation, despatch_notification, "
        "delivery_window, driver_at_door, proof_of_delivery, invoice, return_collection or complaint_call."
    ),
    "step": (
        "Place of the touchpoint in the customer journey, from 1 (enquiry) to 10 (complaint call); "
        "every customer has steps 1 to 8, only some have 9 and 10."
    ),
    "expected": (
        "The score the customer expected to give the touchpoint, asked before they scored it: a whole number "
        "of points from 1 (very poor) to 5 (excellent), on the same scale as score."
    ),
    "score": (
        "The customer's CSAT (customer satisfaction) score for the touchpoint, a whole number of points "
        "from 1 (very dissatisfied) to 5 (very satisfied)."
    ),
    "reordered_90d": (
        "True if the customer placed another order within 90 days of the feedback; the same on every row of a customer."
    ),
}

DTYPES: dict[str, str] = {
    "customer_id": "str",
    "customer_type": "str",
    "touchpoint": "str",
    "step": "int64",
    "expected": "int64",
    "score": "int64",
    "reordered_90d": "bool",
}

CUSTOMER_TYPES: dict[str, float] = {"retail_dc": 0.15, "garden_centre": 0.30, "wholesaler": 0.20, "e_commerce": 0.35}

# Chance of each score 1..5 for each touchpoint.  The delivery window is the weak moment;
# the order confirmation and the driver at the door are the strong ones.
SCORES: dict[str, tuple[float, float, float, float, float]] = {
    "enquiry": (0.02, 0.06, 0.20, 0.42, 0.30),
    "quote": (0.03, 0.09, 0.24, 0.40, 0.24),
    "order_confirmation": (0.01, 0.03, 0.10, 0.38, 0.48),
    "despatch_notification": (0.04, 0.10, 0.26, 0.36, 0.24),
    "delivery_window": (0.20, 0.26, 0.22, 0.20, 0.12),
    "driver_at_door": (0.01, 0.02, 0.08, 0.34, 0.55),
    "proof_of_delivery": (0.02, 0.05, 0.20, 0.42, 0.31),
    "invoice": (0.03, 0.07, 0.25, 0.39, 0.26),
    "return_collection": (0.06, 0.13, 0.28, 0.33, 0.20),
    "complaint_call": (0.08, 0.16, 0.28, 0.30, 0.18),
}
TOUGH_SHARE = 0.22  # share of "tough" customers, who score every touchpoint a little lower
TOUGH_SHIFT = 0.12  # for a tough customer, this much of each top score (4 or 5) moves to a 2
RETURN_CHANCE = 0.20  # chance that a customer had a return collected
COMPLAINT_CHANCE = {"bad_delivery": 0.28, "otherwise": 0.03}  # chance of a complaint call
REORDER_CHANCE = (0.92, 0.74, 0.50, 0.28)  # by number of negative moments: 0, 1, 2, 3 or more
# The delivery window weighs more than the other moments: with it among the negatives the re-order
# chance drops by BAD_DELIVERY_PENALTY; with negatives elsewhere only, it rises by OTHER_NEGATIVES_BONUS.
BAD_DELIVERY_PENALTY = 0.08
OTHER_NEGATIVES_BONUS = 0.05

# What customers expected of each touchpoint (the mean of a normal draw, rounded to a whole score
# and kept within 1 to 5): (trade customers, online shoppers).  Online shoppers were promised
# tracking updates and free returns at checkout, so they expect more of those two touchpoints.
EXPECTED: dict[str, tuple[float, float]] = {
    "enquiry": (3.8, 3.8),
    "quote": (3.8, 3.6),
    "order_confirmation": (4.0, 4.0),
    "despatch_notification": (3.6, 4.5),
    "delivery_window": (4.3, 4.2),
    "driver_at_door": (3.7, 3.7),
    "proof_of_delivery": (3.6, 3.6),
    "invoice": (3.9, 3.6),
    "return_collection": (3.6, 4.3),
    "complaint_call": (3.8, 3.9),
}
EXPECTED_SPREAD = 0.7  # standard deviation of an expectation around its touchpoint's mean, in points
EXPECTED_STREAM = 1  # the expectations are drawn from default_rng([seed, EXPECTED_STREAM])


def _scores(probabilities: tuple[float, ...], tough: bool) -> np.ndarray:
    """The chances of scores 1..5, shifted towards 2 for a tough customer."""
    chances = np.array(probabilities, dtype=float)
    if tough:
        moved = chances[3:] * TOUGH_SHIFT
        chances[3:] -= moved
        chances[1] += moved.sum()
    return chances / chances.sum()


def _customer(rng: np.random.Generator) -> tuple[str, list[tuple[str, int]], bool]:
    """One customer: their type, (touchpoint, score) for each touchpoint they met, and whether they re-ordered."""
    customer_type = str(rng.choice(list(CUSTOMER_TYPES), p=list(CUSTOMER_TYPES.values())))
    tough = bool(rng.random() < TOUGH_SHARE)
    met = [touchpoint for touchpoint, _ in TOUCHPOINTS[:CORE_STEPS]]
    scores = {touchpoint: int(rng.choice(5, p=_scores(SCORES[touchpoint], tough))) + 1 for touchpoint in met}
    bad_delivery = scores["delivery_window"] <= 2
    if rng.random() < RETURN_CHANCE:
        scores["return_collection"] = int(rng.choice(5, p=_scores(SCORES["return_collection"], tough))) + 1
    complaint = COMPLAINT_CHANCE["bad_delivery" if bad_delivery else "otherwise"]
    if rng.random() < complaint:
        scores["complaint_call"] = int(rng.choice(5, p=_scores(SCORES["complaint_call"], tough))) + 1
    negatives = sum(score <= 2 for score in scores.values())
    chance = REORDER_CHANCE[min(negatives, len(REORDER_CHANCE) - 1)]
    if bad_delivery:
        chance -= BAD_DELIVERY_PENALTY
    elif negatives:
        chance += OTHER_NEGATIVES_BONUS
    reordered = bool(rng.random() < chance)
    return customer_type, list(scores.items()), reordered


def generate(seed: int = SEED) -> pd.DataFrame:
    """Build the ``journey_feedback`` table.

    Parameters
    ----------
    seed : int, default SEED
        Seed for ``numpy.random.default_rng``.  It decides the number of customers
        (280 to 320), each customer's type, which touchpoints they met beyond the
        first eight, every score and expected score and whether they re-ordered;
        the touchpoints, score distributions, expectations and re-order chances
        are fixed.

    Returns
    -------
    pandas.DataFrame
        One row per customer per touchpoint they met (about 2,500 rows), with the
        columns of ``COLUMNS`` in that order, sorted by customer_id and step.

    Examples
    --------
    >>> feedback = generate()
    >>> feedback.loc[0, "customer_id"], feedback.loc[0, "touchpoint"], int(feedback.loc[0, "step"])
    ('C001', 'enquiry', 1)
    >>> bool(feedback.groupby("customer_id")["reordered_90d"].nunique().eq(1).all())
    True
    """
    rng = np.random.default_rng(seed)
    steps = {touchpoint: step for step, (touchpoint, _) in enumerate(TOUCHPOINTS, start=1)}
    n_customers = int(rng.integers(CUSTOMER_RANGE[0], CUSTOMER_RANGE[1] + 1))
    rows = []
    for number in range(1, n_customers + 1):
        customer_type, scores, reordered = _customer(rng)
        for touchpoint, score in scores:
            rows.append(
                {
                    "customer_id": f"C{number:03d}",
                    "customer_type": customer_type,
                    "touchpoint": touchpoint,
                    "step": steps[touchpoint],
                    "score": score,
                    "reordered_90d": reordered,
                }
            )
    expecting = np.random.default_rng([seed, EXPECTED_STREAM])
    for row in rows:
        mean = EXPECTED[str(row["touchpoint"])][row["customer_type"] == "e_commerce"]
        row["expected"] = int(np.clip(round(expecting.normal(mean, EXPECTED_SPREAD)), 1, 5))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype(DTYPES)
