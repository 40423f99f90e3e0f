"""Checks that mark a chart the learner drew, by reading the matplotlib objects it is made of.

A chart is marked on what it shows, not on how the code looks: the bar heights, the points
of a line, a reference line.  Values are read through matplotlib's own getters and turned
into plain floats before any comparison.
"""

from __future__ import annotations

import math
from typing import Any

from logiserve._plain import NotPlain, plain_number, plain_str

from ._result import CheckResult

__all__ = ["check_pareto_chart"]


def _figure_axes(chart: Any) -> list[Any]:
    """Every Axes of a matplotlib Figure (twin axes included), or of the Figure an Axes belongs to."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(chart, Axes):
        chart = chart.get_figure()
    if isinstance(chart, Figure):
        return list(Figure.get_axes(chart))
    raise NotPlain(
        f"expected a matplotlib Figure (e.g. fig from fig, ax = plt.subplots()), found {type(chart).__name__}"
    )


def _floats(values: Any) -> list[float] | None:
    """Plain floats from a sequence of numbers, or None when any is not a finite number."""
    out = []
    try:
        for value in list(values):
            number = plain_number(value.item() if hasattr(value, "item") else value)
            out.append(number)
    except (NotPlain, TypeError, ValueError):
        return None
    return out


def _bar_heights(axes: list[Any]) -> list[list[float]]:
    from matplotlib.container import BarContainer

    found = []
    for ax in axes:
        for container in ax.containers:
            if isinstance(container, BarContainer):
                heights = _floats(patch.get_height() for patch in container.patches)
                if heights:
                    found.append(heights)
    return found


def _lines(axes: list[Any]) -> list[list[float]]:
    found = []
    for ax in axes:
        for line in ax.get_lines():
            ys = _floats(line.get_ydata(orig=False))
            if ys:
                found.append(ys)
    return found


def _close(a: list[float], b: list[float], tolerance: float) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _has_text(axes: list[Any]) -> bool:
    texts = [ax.get_title() for ax in axes] + [ax.get_ylabel() for ax in axes]
    if axes:
        texts.append(axes[0].get_figure().get_suptitle())
    return any(str(text).strip() for text in texts)


def check_pareto_chart(
    chart: Any, counts: Any, *, points: float, threshold: float = 0.8, items: str = "causes"
) -> CheckResult:
    """Mark a Pareto chart: four equal shares of ``points``.

    1. bars showing every cause in proportion to its count (any order; any unit, so
       counts, percentages or £ thousands all read right);
    2. the bars sorted largest first;
    3. a line of the cumulative share, in the bars' order, as a percentage (0 to 100) or
       a share (0 to 1), on the same axes or a twin axes;
    4. a horizontal reference line at the ``threshold`` (80 % by default), on the scale
       the cumulative line uses.

    Parameters
    ----------
    chart:
        The learner's matplotlib Figure (or one of its Axes).
    counts:
        The right number of complaints per cause, ``{cause: count}`` or a pandas Series.
    points:
        What the chart is worth.
    threshold:
        Where the reference line belongs, as a share.
    items:
        What the bars are, for the messages (``"causes"``, ``"SKUs"``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> bars = ax.bar(["picking", "carrier", "labels"], [6, 3, 1])
    >>> right = ax.twinx()
    >>> line = right.plot(["picking", "carrier", "labels"], [60, 90, 100], marker="o")
    >>> check_pareto_chart(fig, {"carrier": 3, "labels": 1, "picking": 6}, points=2).points
    1.5
    >>> reference = right.axhline(80, linestyle="--")
    >>> check_pareto_chart(fig, {"carrier": 3, "labels": 1, "picking": 6}, points=2).points
    2.0
    >>> plt.close(fig)
    """
    want = {plain_str(str(k)): float(v) for k, v in dict(counts).items()}
    if not want or any(not math.isfinite(v) or v < 0 for v in want.values()):
        raise ValueError("counts must give a count (0 or more) for at least one cause")
    try:
        axes = _figure_axes(chart)
    except NotPlain as problem:
        return CheckResult(0.0, points, (f"Nothing to mark yet: {problem}.",))
    share = points / 4
    descending = sorted(want.values(), reverse=True)
    total = sum(descending)
    cumulative = [sum(descending[: i + 1]) / total for i in range(len(descending))] if total else []
    score, messages = 0.0, []

    bars = _bar_heights(axes)
    wanted_shares = [v / total for v in descending] if total else []
    matching = [
        h for h in bars if sum(h) > 0 and _close([v / sum(h) for v in sorted(h, reverse=True)], wanted_shares, 1e-3)
    ]
    if matching:
        score += share
        messages.append(f"Bars show each of the {len(want)} {items} in proportion.")
        if any(h == sorted(h, reverse=True) for h in matching):
            score += share
            messages.append("Bars sorted largest first, as a Pareto chart needs.")
        else:
            messages.append("Sort the bars largest first: the vital few belong on the left.")
    elif bars:
        messages.append(
            f"The bars do not show each of the {len(want)} {items} in proportion; check what you counted. "
            "Bars must be sorted largest first too."
        )
    else:
        messages.append(f"No bars found: draw one bar for each of the {items} (ax.bar).")

    lines = _lines(axes)
    scale = None
    if cumulative:
        for factor in (100.0, 1.0):
            if any(_close(ys, [c * factor for c in cumulative], 0.005 * factor) for ys in lines):
                scale = factor
                break
    if scale:
        score += share
        messages.append(f"Cumulative line right: it climbs to 100 % across the {items}.")
    else:
        messages.append(
            f"No cumulative line found: plot the running total of the shares across the {items}, largest first, "
            "on a second axis (ax.twinx())."
        )
    scales = (scale,) if scale else (100.0, 1.0)
    reference = any(
        len(ys) >= 2 and all(abs(y - threshold * s) <= 0.005 * s for y in ys) for ys in lines for s in scales
    )
    if reference:
        score += share
        messages.append(f"Reference line at {threshold:.0%} shows where the vital few end.")
    else:
        messages.append(f"Add a dashed line at {threshold:.0%} (ax.axhline) to show where the vital few end.")
    if not _has_text(axes):
        messages.append("Tip: give the chart a title and label the axes, so a reader knows what it shows.")
    return CheckResult(score, points, tuple(messages))
