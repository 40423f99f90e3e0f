"""Item analysis: how well each graded item works, from each learner's mark on it and their total.

Pure functions of marks (numpy, pandas and scipy), used by the cohort report's item-analysis
section (:mod:`.numbers` reads the marks, :mod:`.page` shows them).  The definitions are those of
Moodle's quiz statistics and PrairieLearn's question statistics, for an item with marks
``x_i`` (``0 <= x_i <= max``) of ``n`` learners whose totals are ``t_i``:

* **facility** ``F = mean(x) / max``: the share of the item's marks the cohort earned (partial
  credit counted), 0 to 1;
* **item standard deviation** ``s_x``, with ``n - 1`` in the denominator;
* **corrected item-rest correlation** ``r(x, t - x)``: Pearson's correlation of the item with the
  rest of the learner's marks, so the item is not correlated with itself (Moodle's discrimination
  index); the **uncorrected item-total correlation** ``r(x, t)`` is given apart (PrairieLearn's);
* **discriminative efficiency** ``DE = cov(x, t - x) / cov(sort(x), sort(t - x))``: the item-rest
  covariance over the largest one the spreads of the item's and the rest's marks allow, which is
  reached when both are sorted independently (Moodle's);
* **mean score by fifth**: the learners split into fifths by total, learners with the same total
  in the same fifth (the fifth of their mean rank, so fifths may differ in size), and the item's
  facility in each;
* per test, **Cronbach's alpha** ``k / (k - 1) * (1 - sum(s_j**2) / s_t**2)`` over its ``k``
  items, with Feldt's confidence interval (through the F distribution with ``n - 1`` and
  ``(n - 1)(k - 1)`` degrees of freedom), and the **standard error of measurement**
  ``SEM = s_t * sqrt(1 - alpha)``.

A statistic needs enough learners to mean something: :data:`MIN_LEARNERS` gives the least for
each, and :func:`item_figures` and :func:`reliability` give ``None`` with the reason ("too few
learners (n = 4)") instead of a number below it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = [
    "MIN_LEARNERS",
    "ItemFigures",
    "Reliability",
    "alpha_interval",
    "cronbach_alpha",
    "discriminative_efficiency",
    "distractor_reasons",
    "dubious_reasons",
    "facility",
    "fifth_facilities",
    "fifths",
    "item_figures",
    "item_sd",
    "pearson",
    "reliability",
    "standard_error_of_measurement",
    "too_few",
]

MIN_LEARNERS: Mapping[str, int] = {
    "facility": 5,
    "sd": 5,
    "item_rest_r": 10,
    "item_total_r": 10,
    "efficiency": 10,
    "fifths": 10,
    "alpha": 10,
}
"""The fewest learners each statistic is shown for; below it the report says "too few learners"."""

DISCRIMINATION_FLOOR = 0.2
"""An item-rest correlation under this, while facility is under :data:`EASY`, flags an item."""
EASY = 0.95
"""A facility from which an item is too easy for its discrimination to be expected."""
_TINY = 1e-12


def too_few(n: int) -> str:
    """What the report says instead of a statistic that needs more learners.

    >>> too_few(4)
    'too few learners (n = 4)'
    """
    return f"too few learners (n = {n})"


def facility(marks: Sequence[float], maximum: float) -> float:
    """The facility ``mean(marks) / maximum``, 0 to 1 (partial credit counted).

    Parameters
    ----------
    marks:
        Each learner's mark on the item, 0 to ``maximum``.
    maximum:
        The item's marks (its points; 1 for a widget item or a step).

    Raises
    ------
    ValueError
        ``maximum`` is not positive, or there are no marks.

    >>> facility([1, 0.5, 0, 1], 1)
    0.625
    >>> facility([2, 1, 0], 2)
    0.5
    """
    if not maximum > 0:
        raise ValueError("maximum must be positive")
    if len(marks) == 0:
        raise ValueError("marks must hold at least one learner's mark")
    return float(np.mean(np.asarray(marks, dtype=float))) / float(maximum)


def item_sd(marks: Sequence[float]) -> float:
    """The standard deviation of the marks, with ``n - 1`` in the denominator.

    >>> round(item_sd([1, 1, 1, 1, 0, 0]), 4)  # sqrt((4/3) / 5)
    0.5164
    """
    values = np.asarray(marks, dtype=float)
    if values.size < 2:
        raise ValueError("the standard deviation needs at least two marks")
    return float(np.std(values, ddof=1))


def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's correlation of ``x`` and ``y``; ``None`` when either does not vary.

    >>> round(pearson([1, 1, 1, 1, 0, 0], [3, 4, 2, 2, 2, 1]), 4)  # (5/3) / sqrt(4/3 * 16/3) = 5/8
    0.625
    >>> pearson([1, 1, 1], [1, 2, 3]) is None
    True
    """
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    da, db = a - a.mean(), b - b.mean()
    ssa, ssb = float(da @ da), float(db @ db)
    if ssa < _TINY or ssb < _TINY:
        return None
    return float(da @ db) / math.sqrt(ssa * ssb)


def _covariance(x: np.ndarray, y: np.ndarray) -> float:
    return float((x - x.mean()) @ (y - y.mean())) / (len(x) - 1)


def discriminative_efficiency(item: Sequence[float], rest: Sequence[float]) -> float | None:
    """Moodle's discriminative efficiency: ``cov(item, rest) / cov(sort(item), sort(rest))``.

    The item-rest covariance over the largest covariance the two spreads of marks allow, which
    sorting both independently gives (the strongest learners on the rest being the strongest on
    the item); ``None`` when that largest covariance is 0 (the item or the rest does not vary).
    1 is as good as these spreads allow; a negative value means the item runs against the rest.

    >>> discriminative_efficiency([1, 1, 1, 0, 0, 0], [3, 4, 2, 3, 2, 1])  # 1.5 / 2.5
    0.6
    >>> discriminative_efficiency([1, 1, 0], [2, 2, 2]) is None
    True
    """
    x, y = np.asarray(item, dtype=float), np.asarray(rest, dtype=float)
    largest = _covariance(np.sort(x), np.sort(y))
    if largest < _TINY:
        return None
    return _covariance(x, y) / largest


def fifths(totals: pd.Series) -> pd.Series:
    """Each learner's fifth of the cohort by total (1 the weakest, 5 the strongest), ties together.

    A learner's fifth is ``ceil(5 * rank / n)`` of their mean rank among the ``n`` totals (rank 1
    the lowest), so learners with the same total share a fifth, and a fifth may be empty.

    >>> fifths(pd.Series([4, 5, 3, 3, 2, 1], index=list("ABCDEF"))).tolist()
    [5, 5, 3, 3, 2, 1]
    """
    ranks = totals.rank(method="average")
    return np.ceil(5 * ranks / len(totals)).clip(1, 5).astype(int)


def fifth_facilities(marks: pd.Series, maximum: float, fifth: pd.Series) -> tuple[float | None, ...]:
    """The item's facility in each fifth (weakest first); ``None`` for an empty fifth.

    >>> groups = pd.Series([5, 5, 3, 3, 2, 1], index=list("ABCDEF"))
    >>> fifth_facilities(pd.Series([1, 1, 1, 1, 0, 0], index=list("ABCDEF")), 1, groups)
    (0.0, 0.0, 1.0, None, 1.0)
    """
    out: list[float | None] = []
    for number in range(1, 6):
        mine = marks[fifth.reindex(marks.index) == number]
        out.append(facility(mine.tolist(), maximum) if len(mine) else None)
    return tuple(out)


def cronbach_alpha(table: pd.DataFrame) -> float | None:
    """Cronbach's alpha of a learners × items table of marks: ``k/(k-1) * (1 - sum(s_j**2) / s_t**2)``.

    Variances with ``n - 1``; ``None`` for fewer than two items or totals that do not vary.

    >>> table = pd.DataFrame({"a": [1, 1, 1, 1, 0, 0], "b": [1, 1, 1, 0, 0, 0],
    ...                       "c": [2, 2, 1, 1, 1, 0], "d": [0, 1, 0, 1, 1, 1]})
    >>> round(cronbach_alpha(table), 4)  # 4/3 * (1 - (7/5) / 2)
    0.4
    """
    k = table.shape[1]
    if k < 2 or table.shape[0] < 2:
        return None
    total_var = float(table.sum(axis=1).var(ddof=1))
    if total_var < _TINY:
        return None
    return k / (k - 1) * (1.0 - float(table.var(ddof=1).sum()) / total_var)


def alpha_interval(alpha: float, n: int, k: int, level: float = 0.95) -> tuple[float, float]:
    """Feldt's confidence interval for Cronbach's alpha of ``n`` learners and ``k`` items.

    ``1 - (1 - alpha) * F`` at the upper and lower ``(1 - level) / 2`` points of the F
    distribution with ``n - 1`` and ``(n - 1)(k - 1)`` degrees of freedom.

    >>> low, high = alpha_interval(0.4, 6, 4)  # F(0.975; 5, 15) = 3.576, F(0.025; 5, 15) = 1 / 6.428
    >>> round(low, 3), round(high, 3)
    (-1.146, 0.907)
    """
    from scipy.stats import f

    if n < 2 or k < 2:
        raise ValueError("the interval needs at least two learners and two items")
    tail = (1.0 - level) / 2
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return 1 - (1 - alpha) * float(f.isf(tail, df1, df2)), 1 - (1 - alpha) * float(f.isf(1 - tail, df1, df2))


def standard_error_of_measurement(sd_total: float, alpha: float) -> float:
    """``SEM = sd_total * sqrt(1 - alpha)``, in the totals' units (0 when alpha is 1 or above).

    >>> round(standard_error_of_measurement(math.sqrt(2), 0.4), 4)  # sqrt(1.2)
    1.0954
    """
    return sd_total * math.sqrt(max(0.0, 1.0 - alpha))


@dataclass(frozen=True)
class ItemFigures:
    """One item's statistics; a statistic that cannot be shown is ``None``, with why in :attr:`why`.

    Attributes
    ----------
    learners:
        The learners counted (each with a graded submission).
    maximum:
        The item's marks.
    facility, sd, item_rest_r, item_total_r, efficiency:
        As the module docstring defines them.
    rest_covariance:
        ``cov(item, total - item)`` (``None`` below two learners), which flags an item when negative.
    fifths:
        The facility in each fifth, weakest first (``None`` for an empty fifth, or all ``None``
        when there are too few learners).
    why:
        For each statistic that is ``None``: why, as the page says it.
    """

    learners: int
    maximum: float
    facility: float | None
    sd: float | None
    item_rest_r: float | None
    item_total_r: float | None
    efficiency: float | None
    rest_covariance: float | None
    fifths: tuple[float | None, ...]
    why: Mapping[str, str] = field(default_factory=dict)


def item_figures(
    marks: pd.Series,
    totals: pd.Series,
    maximum: float,
    *,
    rest: pd.Series | None = None,
    fifth: pd.Series | None = None,
    least: Mapping[str, int] = MIN_LEARNERS,
) -> ItemFigures:
    """Every statistic of one item, with the cohort too small for one saying so.

    Parameters
    ----------
    marks:
        Each learner's mark on the item (index: learner).
    totals:
        Each learner's total on the test the item is part of (same learners).
    maximum:
        The item's marks.
    rest:
        The rest the item is correlated with; by default ``totals - marks``.  For a part of a cell
        (a widget item, a step), the report passes the total less the whole cell, so that no part
        of the item's own cell is in its rest.
    fifth:
        Each learner's fifth (:func:`fifths`); by default from ``totals``.
    least:
        The fewest learners for each statistic (:data:`MIN_LEARNERS`).

    >>> marks = pd.Series([1, 1, 1, 1, 0, 0])
    >>> figures = item_figures(marks, pd.Series([4, 5, 3, 3, 2, 1]), 1)
    >>> round(figures.facility, 4), figures.item_rest_r, figures.why["item_rest_r"]
    (0.6667, None, 'too few learners (n = 6)')
    """
    n = len(marks)
    totals = totals.reindex(marks.index).astype(float)
    rest = (totals - marks) if rest is None else rest.reindex(marks.index).astype(float)
    why: dict[str, str] = {}

    def enough(metric: str) -> bool:
        if n < least[metric]:
            why[metric] = too_few(n)
            return False
        return True

    def varies(metric: str, value: float | None) -> float | None:
        if value is None:
            why[metric] = "everyone scored the same here" if item_sd(marks) < _TINY else "the rest does not vary"
        return value

    fac = facility(marks.tolist(), maximum) if n and enough("facility") else None
    sd = item_sd(marks) if n >= 2 and enough("sd") else None
    if "sd" not in why and sd is None:
        why["sd"] = too_few(n)
    item_rest = varies("item_rest_r", pearson(marks, rest)) if enough("item_rest_r") else None
    item_total = varies("item_total_r", pearson(marks, totals)) if enough("item_total_r") else None
    efficiency = varies("efficiency", discriminative_efficiency(marks, rest)) if enough("efficiency") else None
    covariance = _covariance(marks.to_numpy(float), rest.to_numpy(float)) if n >= 2 else None
    by_fifth: tuple[float | None, ...] = (None,) * 5
    if enough("fifths"):
        by_fifth = fifth_facilities(marks, maximum, fifths(totals) if fifth is None else fifth)
    if fac is None and "facility" not in why:
        why["facility"] = too_few(n)
    return ItemFigures(n, float(maximum), fac, sd, item_rest, item_total, efficiency, covariance, by_fifth, why)


@dataclass(frozen=True)
class Reliability:
    """A test's internal consistency: Cronbach's alpha over its items, its interval, the SEM.

    ``None`` values have their reason in :attr:`why` (``"alpha"``).  ``sd_total`` and ``mean_total``
    are in the totals' units (points).
    """

    learners: int
    items: int
    mean_total: float | None
    sd_total: float | None
    alpha: float | None
    alpha_low: float | None
    alpha_high: float | None
    sem: float | None
    level: float = 0.95
    why: Mapping[str, str] = field(default_factory=dict)


def reliability(table: pd.DataFrame, *, level: float = 0.95, least: int = MIN_LEARNERS["alpha"]) -> Reliability:
    """Cronbach's alpha of a learners × items table, Feldt's interval at ``level``, and the SEM.

    >>> table = pd.DataFrame({"a": [1, 1, 1, 1, 0, 0], "b": [1, 1, 1, 0, 0, 0],
    ...                       "c": [2, 2, 1, 1, 1, 0], "d": [0, 1, 0, 1, 1, 1]})
    >>> reliability(table).why["alpha"]
    'too few learners (n = 6)'
    >>> round(reliability(table, least=6).sem, 4)  # sqrt(2) * sqrt(1 - 0.4)
    1.0954
    """
    n, k = table.shape
    totals = table.sum(axis=1)
    mean = float(totals.mean()) if n else None
    sd = float(totals.std(ddof=1)) if n >= 2 else None
    why: dict[str, str] = {}
    alpha = low = high = sem = None
    if n < least:
        why["alpha"] = too_few(n)
    elif k < 2:
        why["alpha"] = f"too few items (k = {k})"
    else:
        alpha = cronbach_alpha(table)
        if alpha is None:
            why["alpha"] = "the totals do not vary"
        else:
            low, high = alpha_interval(alpha, n, k, level)
            sem = standard_error_of_measurement(sd or 0.0, alpha)
    return Reliability(n, k, mean, sd, alpha, low, high, sem, level, why)


def dubious_reasons(figures: ItemFigures) -> list[str]:
    """Why an item looks broken, in words a course author can act on (empty when it does not).

    * discrimination (item-rest r) under 0.2 while facility is under 0.95;
    * negative covariance with the rest;
    * everyone right, or everyone wrong.

    >>> f = item_figures(pd.Series([0, 1] * 5), pd.Series([5, 1] * 5), 1)
    >>> dubious_reasons(f)  # doctest: +NORMALIZE_WHITESPACE
    ['discrimination (item-rest r) -1.000 is under 0.2 while facility is 0.50 (under 0.95): it does not separate
      stronger from weaker learners; check the key, the wording and what the rest of the assignment asks',
     'negative covariance with the rest (-1.39): learners who do well elsewhere do worse here; check the key']
    """
    out = []
    fac, r = figures.facility, figures.item_rest_r
    if fac is not None and r is not None and r < DISCRIMINATION_FLOOR and fac < EASY:
        out.append(
            f"discrimination (item-rest r) {r:.3f} is under {DISCRIMINATION_FLOOR:g} while facility "
            f"is {fac:.2f} (under {EASY:g}): it does not separate stronger from weaker learners; check the key, the "
            "wording and what the rest of the assignment asks"
        )
    enough = figures.learners >= MIN_LEARNERS["item_rest_r"]
    if enough and figures.rest_covariance is not None and figures.rest_covariance < -_TINY:
        out.append(
            f"negative covariance with the rest ({figures.rest_covariance:.3g}): learners who do well elsewhere do "
            "worse here; check the key"
        )
    if fac is not None and fac >= 1 - _TINY:
        out.append("everyone got full marks: it tells nothing about who has understood; make it harder or drop it")
    elif fac is not None and fac <= _TINY:
        out.append("nobody scored: check the key, and whether it was taught before it was asked")
    return out


def distractor_reasons(
    choices: pd.Series,
    key: str | Sequence[str],
    options: Sequence[str],
    fifth: pd.Series,
    *,
    labels: Mapping[str, str] | None = None,
    least: int = MIN_LEARNERS["fifths"],
) -> list[str]:
    """A distractor analysis of one choice item: wrong options nobody picks, and the strongest fifth's pick.

    Parameters
    ----------
    choices:
        Each learner's option (index: learner; ``""`` when they chose none).
    key:
        The right option (or options).
    options:
        Every option the item offers.
    fifth:
        Each learner's fifth (:func:`fifths`).
    labels:
        Options' names for the messages.
    least:
        The fewest learners for a distractor analysis (none below it).

    >>> choices = pd.Series(["y"] + ["x"] * 9, index=range(10))
    >>> top = pd.Series([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], index=range(10))
    >>> distractor_reasons(choices, "y", ["x", "y", "z"], top)  # doctest: +NORMALIZE_WHITESPACE
    ['option z is never chosen: it distracts nobody; make it plausible or drop it',
     'the strongest fifth chose x most (2 of 2), which is wrong (the key says y): check the key and the wording']
    """
    if len(choices) < least:
        return []
    right = {key} if isinstance(key, str) else set(key)
    name = {**{o: o for o in options}, **(labels or {})}
    counts = choices.value_counts()
    out = [
        f"option {name[o]} is never chosen: it distracts nobody; make it plausible or drop it"
        for o in options
        if o not in right and counts.get(o, 0) == 0
    ]
    strongest = choices[fifth.reindex(choices.index) == 5]
    strongest = strongest[strongest != ""]
    if len(strongest):
        top = strongest.value_counts()
        most = top.max()
        picks = sorted(o for o, c in top.items() if c == most)
        wrong = [o for o in picks if o not in right]
        if wrong and not set(picks) & right:
            chosen = " and ".join(name.get(o, o) for o in wrong)
            keyed = " or ".join(name.get(o, o) for o in sorted(right))
            out.append(
                f"the strongest fifth chose {chosen} most ({most} of {len(strongest)}), which is wrong "
                f"(the key says {keyed}): check the key and the wording"
            )
    return out
