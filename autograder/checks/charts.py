"""Checks that mark a chart the learner drew, by reading the matplotlib objects it is made of.

A chart is marked on what it shows, not on how the code looks: the bar heights, the points
of a line, a reference line.  :func:`chart_data` describes a Figure as plain JSON-able data
(read through matplotlib's own getters, every value a plain float), so a chart can leave the
learner's kernel as data; :func:`check_pareto_chart` marks that data, and marks a Figure by
describing it first, so a Figure and its data always score the same.

The chart data, as :func:`chart_data` makes it and :func:`check_pareto_chart` reads it::

    {"chart": "matplotlib", "suptitle": str, "truncated": bool,
     "axes": [{"title": str, "xlabel": str, "ylabel": str,
               "bars": [[height or None, ...], ...],     # one list per bar container
               "lines": [[y or None, ...], ...]}, ...]}  # one list per line (reference lines too)

``None`` stands for a value that is not a finite number.  At most :data:`CHART_LIMITS` is
described: a chart beyond them is described in part and ``truncated`` is true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from logiserve._plain import NotPlain, describe, plain_number, plain_str

from ._result import CheckResult

__all__ = ["CHART_LIMITS", "chart_data", "check_pareto_chart"]

#: How much of a chart :func:`chart_data` describes: ``axes`` Axes, ``series`` bar containers and
#: lines in all, ``points`` values in one series (a longer series is left out, not cut), ``values``
#: values in all, ``text`` characters of a title or label (longer text is cut).  About 400 kB of JSON
#: at most.  Chart data beyond these limits is not well formed.
CHART_LIMITS = {"axes": 20, "series": 200, "points": 5_000, "values": 20_000, "text": 200}

_CHART_KEYS = ("chart", "suptitle", "truncated", "axes")
_AXES_KEYS = ("title", "xlabel", "ylabel", "bars", "lines")
_FIGURE_EXPECTED = "expected a matplotlib Figure (e.g. fig from fig, ax = plt.subplots())"


# -- a Figure as plain data (runs where the chart was drawn) ---------------------------------------------------
@dataclass
class _Budget:
    """What is left of :data:`CHART_LIMITS` while a chart is described."""

    series: int = CHART_LIMITS["series"]
    values: int = CHART_LIMITS["values"]
    truncated: bool = False

    def take(self, length: int) -> bool:
        """Whether a series of ``length`` values fits; if it does, it is counted."""
        if self.series < 1 or length > CHART_LIMITS["points"] or length > self.values:
            self.truncated = True
            return False
        self.series -= 1
        self.values -= length
        return True


def _figure(chart: Any) -> Any:
    """The matplotlib Figure of a Figure or of an Axes (its root figure)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if isinstance(chart, Axes):
        chart = Axes.get_figure(chart)
    if isinstance(chart, SubFigure):
        chart = chart.figure  # the root figure, whose Axes include its subfigures'
    if isinstance(chart, Figure):
        return chart
    raise NotPlain(f"{_FIGURE_EXPECTED}, found {describe(chart)}")


def _number(value: Any) -> float | None:
    """A plain float from a number, or None when it is not a finite number."""
    try:
        return plain_number(value.item() if hasattr(value, "item") else value)
    except (NotPlain, TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    """Plain text of at most ``CHART_LIMITS["text"]`` characters ("" for anything that is not text)."""
    return str.__str__(value)[: CHART_LIMITS["text"]] if isinstance(value, str) else ""


def _bars_of(ax: Any, budget: _Budget) -> list[list[float | None]]:
    from matplotlib.container import BarContainer
    from matplotlib.patches import Rectangle

    return [
        [_number(Rectangle.get_height(p)) if isinstance(p, Rectangle) else None for p in container.patches]
        for container in list(ax.containers)
        if isinstance(container, BarContainer) and budget.take(len(container.patches))
    ]


def _lines_of(ax: Any, budget: _Budget) -> list[list[float | None]]:
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

    found = []
    for line in list(Axes.get_lines(ax)):
        ys: Any = Line2D.get_ydata(line, orig=False)
        if budget.take(len(ys)):
            found.append([_number(y) for y in ys])
    return found


def chart_data(chart: Any) -> dict[str, Any]:
    """A matplotlib Figure described as plain data: what :func:`check_pareto_chart` reads, nothing more.

    Every Axes of the figure (twin axes included) gives its title, x and y labels, the heights
    of each bar container's bars and the y values of each line, read through matplotlib's own
    getters and made plain floats (``None`` for a value that is not a finite number).  The result
    holds only dicts, lists, text, floats, booleans and ``None``, so ``json.dumps`` takes it.

    At most :data:`CHART_LIMITS` is described (20 Axes, 200 series, 5,000 values in a series,
    20,000 in all, 200 characters of text): Axes and series beyond them are left out and
    ``"truncated"`` is true, so a chart of a million points costs no more than that.

    Parameters
    ----------
    chart:
        A matplotlib Figure, or an Axes (its figure is described).

    Raises
    ------
    NotPlain
        When ``chart`` is not a Figure or an Axes; the message says what was expected.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> bars = ax.bar(["picking", "carrier"], [6, 3])
    >>> title = ax.set_title("Complaints")
    >>> chart_data(ax)
    {'chart': 'matplotlib', 'suptitle': '', 'truncated': False, 'axes': [{'title': 'Complaints', 'xlabel': '', \
'ylabel': '', 'bars': [[6.0, 3.0]], 'lines': []}]}
    >>> plt.close(fig)
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    figure = _figure(chart)
    budget = _Budget()
    every_axes = list(Figure.get_axes(figure))
    if len(every_axes) > CHART_LIMITS["axes"]:
        every_axes, budget.truncated = every_axes[: CHART_LIMITS["axes"]], True
    axes = [
        {
            "title": _text(Axes.get_title(ax)),
            "xlabel": _text(Axes.get_xlabel(ax)),
            "ylabel": _text(Axes.get_ylabel(ax)),
            "bars": _bars_of(ax, budget),
            "lines": _lines_of(ax, budget),
        }
        for ax in every_axes
    ]
    return {
        "chart": "matplotlib",
        "suptitle": _text(Figure.get_suptitle(figure)),
        "truncated": budget.truncated,
        "axes": axes,
    }


# -- chart data, read strictly (runs where the chart is marked) --------------------------------------------------
class _Malformed(NotPlain):
    """Chart data that is not as :func:`chart_data` makes it."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"expected a matplotlib Figure or its chart_data, but in the chart data {where} {problem}")


@dataclass(frozen=True)
class _Chart:
    """What the marking reads: complete numeric series only, whether any title/label has text."""

    bars: list[list[float]] = field(default_factory=list)
    lines: list[list[float]] = field(default_factory=list)
    has_text: bool = False
    truncated: bool = False


def _fields(value: Any, keys: tuple[str, ...], where: str) -> dict[str, Any]:
    if type(value) is not dict:
        raise _Malformed(where, f"must be a dict, found {describe(value)}")
    missing = [k for k in keys if k not in value]
    extra = sorted(repr(k) for k in value if k not in keys)
    if missing or extra:
        names = [f"missing {k!r}" for k in missing] + [f"unexpected {k}" for k in extra]
        raise _Malformed(where, "has " + ", ".join(names[:4]))
    return value


def _list(value: Any, where: str, limit: int) -> list[Any]:
    if type(value) is not list:
        raise _Malformed(where, f"must be a list, found {describe(value)}")
    if len(value) > limit:
        raise _Malformed(where, f"has {len(value)} entries, more than {limit}")
    return value


def _read_text(value: Any, where: str) -> str:
    if type(value) is not str or len(value) > CHART_LIMITS["text"]:
        found = f"{len(value)} characters" if type(value) is str else describe(value)
        raise _Malformed(where, f"must be text of at most {CHART_LIMITS['text']} characters, found {found}")
    return value


def _read_series(value: Any, where: str) -> list[float | None]:
    out: list[float | None] = []
    for index, item in enumerate(_list(value, where, CHART_LIMITS["points"])):
        if item is None or (type(item) is float and math.isfinite(item)):
            out.append(item)
        elif type(item) is int and abs(item) <= 2**53:
            out.append(float(item))
        else:
            raise _Malformed(f"{where}[{index}]", f"must be a finite number or None, found {describe(item)}")
    return out


def _read_chart(data: Any) -> _Chart:
    """The marking's view of chart data, checked field by field; :class:`_Malformed` says what is wrong."""
    fields = _fields(data, _CHART_KEYS, "the top level")
    if type(fields["chart"]) is not str or fields["chart"] != "matplotlib":
        raise _Malformed("'chart'", "must be 'matplotlib'")
    if type(fields["truncated"]) is not bool:
        raise _Malformed("'truncated'", f"must be True or False, found {describe(fields['truncated'])}")
    every_axes = _list(fields["axes"], "'axes'", CHART_LIMITS["axes"])
    suptitle = _read_text(fields["suptitle"], "'suptitle'")
    texts = [suptitle] if every_axes else []  # a suptitle counts only on a figure with axes
    series: dict[str, list[list[float]]] = {"bars": [], "lines": []}
    counted = values = 0
    for i, raw_axes in enumerate(every_axes):
        ax = _fields(raw_axes, _AXES_KEYS, f"axes[{i}]")
        texts += [_read_text(ax[key], f"axes[{i}].{key}") for key in ("title", "ylabel")]
        _read_text(ax["xlabel"], f"axes[{i}].xlabel")
        for kind, found in series.items():
            for j, raw in enumerate(_list(ax[kind], f"axes[{i}].{kind}", CHART_LIMITS["series"])):
                numbers = _read_series(raw, f"axes[{i}].{kind}[{j}]")
                counted, values = counted + 1, values + len(numbers)
                complete = [n for n in numbers if n is not None]
                if complete and len(complete) == len(numbers):  # a series with a gap is not a bar set or line
                    found.append(complete)
    if counted > CHART_LIMITS["series"] or values > CHART_LIMITS["values"]:
        raise _Malformed(
            "the top level", f"has {counted} series of {values} values, more than the limits {CHART_LIMITS}"
        )
    has_text = any(text.strip() for text in texts)
    return _Chart(series["bars"], series["lines"], has_text, fields["truncated"])


def _chart(chart: Any) -> _Chart:
    """The marking's view of a Figure, an Axes or chart data: a Figure is described by :func:`chart_data` first."""
    return _read_chart(chart if isinstance(chart, dict) else chart_data(chart))


# -- marking -------------------------------------------------------------------------------------------------------
def _close(a: list[float], b: list[float], tolerance: float) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def _mark_bars(bars: list[list[float]], descending: list[float], share: float, items: str) -> tuple[float, list[str]]:
    """The bars' two shares: every cause in proportion, then sorted largest first."""
    total = sum(descending)
    wanted_shares = [v / total for v in descending] if total else []
    matching = [
        h for h in bars if sum(h) > 0 and _close([v / sum(h) for v in sorted(h, reverse=True)], wanted_shares, 1e-3)
    ]
    if not matching:
        if bars:
            return 0.0, [
                f"The bars do not show each of the {len(descending)} {items} in proportion; check what you counted. "
                "Bars must be sorted largest first too."
            ]
        return 0.0, [f"No bars found: draw one bar for each of the {items} (ax.bar)."]
    messages = [f"Bars show each of the {len(descending)} {items} in proportion."]
    if any(h == sorted(h, reverse=True) for h in matching):
        return 2 * share, [*messages, "Bars sorted largest first, as a Pareto chart needs."]
    return share, [*messages, "Sort the bars largest first: the vital few belong on the left."]


def _mark_lines(
    lines: list[list[float]], descending: list[float], share: float, items: str, threshold: float
) -> tuple[float, list[str]]:
    """The lines' two shares: the cumulative line, then the reference line at ``threshold``."""
    total = sum(descending)
    cumulative = [sum(descending[: i + 1]) / total for i in range(len(descending))] if total else []
    score, messages, scale = 0.0, [], None
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
    if reference and scale:
        score += share
        messages.append(f"Reference line at {threshold:.0%} shows where the vital few end.")
    elif reference:
        messages.append(
            f"A line at {threshold:.0%} counts only with the cumulative line it is read against, so it earns nothing "
            "here."
        )
    else:
        messages.append(f"Add a dashed line at {threshold:.0%} (ax.axhline) to show where the vital few end.")
    return score, messages


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
       the cumulative line uses: it counts only with the cumulative line it is read against.

    **Expected score under guessing** (``tests/validity`` plays the course's charts; its table is
    ``docs/validity.md``): a chart drawn without the counts (an empty chart, bars of equal height,
    a line at 80 % alone) earns nothing; before the reference line needed the cumulative line, a
    line at 80 % alone earned a quarter of the points.

    A Figure is described by :func:`chart_data` and its data marked, so a Figure and its
    chart data (also after a JSON round trip) score the same.  Chart data that is not as
    :func:`chart_data` makes it scores 0 with a message saying what is wrong.

    Parameters
    ----------
    chart:
        The learner's matplotlib Figure (or one of its Axes), or its :func:`chart_data`.
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
    >>> check_pareto_chart(chart_data(fig), {"carrier": 3, "labels": 1, "picking": 6}, points=2).points
    2.0
    >>> plt.close(fig)
    """
    want = {plain_str(str(k)): float(v) for k, v in dict(counts).items()}
    if not want or any(not math.isfinite(v) or v < 0 for v in want.values()):
        raise ValueError("counts must give a count (0 or more) for at least one cause")
    try:
        drawn = _chart(chart)
    except NotPlain as problem:
        return CheckResult(0.0, points, (f"Nothing to mark yet: {problem}.",))
    descending = sorted(want.values(), reverse=True)
    bar_score, bar_messages = _mark_bars(drawn.bars, descending, points / 4, items)
    line_score, line_messages = _mark_lines(drawn.lines, descending, points / 4, items, threshold)
    messages = bar_messages + line_messages
    if drawn.truncated:
        messages.append(
            "Only part of the chart was read: it has more axes, bars, lines or points than a chart needs "
            f"(at most {CHART_LIMITS['axes']} axes, {CHART_LIMITS['series']} bar sets and lines and "
            f"{CHART_LIMITS['values']:,} values are read)."
        )
    if not drawn.has_text:
        messages.append("Tip: give the chart a title and label the axes, so a reader knows what it shows.")
    return CheckResult(bar_score + line_score, points, tuple(messages))
