"""The cohort report's charts: matplotlib figures (the object API, no pyplot) as PNG ``data:`` URIs.

:func:`draw_charts` draws one chart per section of the page from a :class:`~.model.Report`; each is
inlined in the page, so it needs no other file.
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from typing import Any

from .model import Report

__all__ = ["draw_charts"]

_BLUE, _ORANGE, _RED = "#3b6ea5", "#e67e22", "#c0392b"
_DPI = 100  # the image is shown at this many pixels per inch, and stored at twice that for sharp screens


@dataclass(frozen=True)
class _Chart:
    uri: str
    width: int


def _png(figure: Any) -> _Chart:
    """A matplotlib figure as a ``data:`` URI, and its display width in CSS pixels."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=2 * _DPI, bbox_inches="tight", pad_inches=0.08)
    data = buffer.getvalue()
    width = int.from_bytes(data[16:20], "big") // 2  # the PNG header's width
    return _Chart("data:image/png;base64," + base64.b64encode(data).decode("ascii"), width)


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    ax.grid(axis="x", color="#e4e7eb", linewidth=0.8)
    ax.set_axisbelow(True)


def _no_data(message: str) -> _Chart:
    figure = _figure(5.2, 0.8)
    ax = figure.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#52606d")
    return _png(figure)


def _distribution_chart(report: Report) -> _Chart:
    graded = {
        a: [r.percent for r in report.results if r.assignment == a and r.percent is not None]
        for a in report.assignments
    }
    if not any(graded.values()):
        return _no_data("No autograded scores yet.")
    columns = 1 if len(report.assignments) == 1 else 2
    rows = -(-len(report.assignments) // columns)
    figure = _figure(5.2, 2.3 * rows if columns > 1 else 2.8)
    bins = [10.0 * i for i in range(11)]
    for index, name in enumerate(report.assignments):
        ax = figure.add_subplot(rows, columns, index + 1)
        ax.hist(graded[name], bins=bins, color=_BLUE, edgecolor="white")
        ax.axvline(100 * report.threshold, color=_RED, linestyle="--", linewidth=1)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of autograded points", fontsize=9)
        ax.set_ylabel("learners", fontsize=9)
        ax.yaxis.get_major_locator().set_params(integer=True)
        _style(ax)
        ax.grid(False)
    return _png(figure)


def _bars(
    labels: list[str], values: list[float], *, xlabel: str, limit: float, second: list[float] | None = None
) -> _Chart:
    if not labels:
        return _no_data("Nothing to show.")
    figure = _figure(5.2, 0.9 + 0.26 * len(labels))
    ax = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=_BLUE, height=0.62, label=xlabel)
    if second is not None:
        ax.scatter(second, positions, color=_ORANGE, zorder=3, s=22, label="learners with full marks (%)")
        figure.legend(fontsize=8, loc="outside upper left", frameon=False, ncols=2)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlim(0, limit)
    ax.set_xlabel(xlabel, fontsize=9)
    _style(ax)
    return _png(figure)


def _risk_chart(report: Report) -> _Chart:
    graded = [r for r in report.results if r.percent is not None]
    if not graded:
        return _no_data("No autograded scores yet.")
    figure = _figure(5.2, 3.0)
    ax = figure.add_subplot()
    line = 100 * report.threshold
    for index, name in enumerate(report.assignments):
        mine = sorted(r.percent for r in graded if r.assignment == name and r.percent is not None)
        spread = [index - 0.3 + 0.6 * k / (len(mine) - 1) if len(mine) > 1 else float(index) for k in range(len(mine))]
        ax.scatter(spread, mine, c=[_RED if p < line else _BLUE for p in mine], s=16, zorder=3)
    ax.axhline(line, color=_RED, linestyle="--", linewidth=1)
    ticks = [
        "\n".join([number, *textwrap.wrap(topic.replace("_", " "), 11)])
        for number, _, topic in (a.partition("_") for a in report.assignments)
    ]
    ax.set_xticks(range(len(report.assignments)), ticks, fontsize=8)
    ax.set_xlim(-0.6, len(report.assignments) - 0.4)
    ax.set_ylim(-4, 104)
    ax.set_ylabel("% of autograded points", fontsize=9)
    _style(ax)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.8)
    ax.grid(axis="x", visible=False)
    return _png(figure)


def _item_map(report: Report) -> _Chart:
    """Per assignment, each item's facility against its item-rest correlation, the flag lines drawn."""
    from .items import DISCRIMINATION_FLOOR, EASY

    shown = {
        a: [i for i in report.items if i.assignment == a and None not in (i.figures.facility, i.figures.item_rest_r)]
        for a in report.assignments
    }
    shown = {a: items for a, items in shown.items() if items}
    if not shown:
        return _no_data("Too few learners for an item map.")
    flagged = {(d.assignment, d.item) for d in report.dubious}
    columns = 1 if len(shown) == 1 else 2
    rows = -(-len(shown) // columns)
    figure = _figure(5.2, 2.6 * rows if columns > 1 else 3.2)
    for index, (name, items) in enumerate(shown.items()):
        ax = figure.add_subplot(rows, columns, index + 1)
        for cells, size, marker in ((True, 30, "o"), (False, 14, "s")):
            mine = [i for i in items if (i.kind in ("grade cell", "method step")) is cells]
            ax.scatter(
                [i.figures.facility for i in mine],
                [i.figures.item_rest_r for i in mine],
                c=[_RED if (name, i.item) in flagged else (_BLUE if cells else _ORANGE) for i in mine],
                s=size,
                marker=marker,
                zorder=3,
                linewidths=0,
            )
        ax.axhline(DISCRIMINATION_FLOOR, color=_RED, linestyle="--", linewidth=1)
        ax.axvline(EASY, color="#9aa5b1", linestyle=":", linewidth=1)
        ax.axhline(0, color="#9aa5b1", linewidth=0.8)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(-0.03, 1.03)
        ax.set_ylim(-1.0, 1.0)
        ax.set_xlabel("facility", fontsize=9)
        ax.set_ylabel("item-rest r", fontsize=9)
        _style(ax)
    return _png(figure)


def draw_charts(report: Report) -> dict[str, _Chart]:
    """The report's charts by name (distribution, exercises, syllabus, misconceptions, risk, items), as PNG data."""
    top = report.misconceptions[:15]
    return {
        "distribution": _distribution_chart(report),
        "exercises": _bars(
            [c.label for c in report.cells],
            [c.success_percent or 0.0 for c in report.cells],
            second=[c.full_marks_percent or 0.0 for c in report.cells],
            xlabel="success rate (%)",
            limit=100,
        ),
        "syllabus": _bars(
            [e.entry_id for e in report.entries],
            [e.success_percent or 0.0 for e in report.entries],
            xlabel="success rate (%)",
            limit=100,
        ),
        "misconceptions": _bars(
            [f"{m.entry_id} {m.title[:34]}{'…' if len(m.title) > 34 else ''}" for m in top],
            [float(m.triggered) for m in top],
            xlabel="learners triggered",
            limit=max([m.assessed for m in top] + [1]),
        ),
        "risk": _risk_chart(report),
        "items": _item_map(report),
    }
