"""EOQExplorer: sliders for demand, order cost and holding cost, and the cost curves they give.

Not a graded exercise: a place to see the EOQ trade-off move.  Every number it shows
comes from :mod:`logiserve.inventory`; this module only draws.

The chart is one matplotlib :class:`~matplotlib.figure.Figure` on the Agg canvas (not
pyplot: no global state, no stray inline output), rendered to PNG bytes for an
:class:`ipywidgets.Image`.  A slider move changes the data of the existing lines and
texts and redraws only them over a cached picture of the axes (blitting); the axes are
drawn again only when their limits change.  matplotlib is imported when the first chart
is made, not with the package: notebooks that never use an explorer do not pay for it
(about 0.2 s, in every autograded notebook).  The private helpers here (the chart, the
slider checks, the axis limits) are shared with :mod:`.safety_stock_explorer`.
"""

from __future__ import annotations

import html
import io
import math
import pathlib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anywidget
import ipywidgets as widgets
import numpy as np
from traitlets import Unicode

from logiserve import inventory

if TYPE_CHECKING:
    from matplotlib.artist import Artist

__all__ = ["EOQExplorer", "EOQResult"]

# Okabe-Ito colours (safe for colour-blind readers); every line also has its own dash style.
BLUE, VERMILION, BLACK, GREY, ORANGE = "#0072B2", "#D55E00", "#000000", "#777777", "#E69F00"
_HERE = pathlib.Path(__file__).parent
_DPI = 100
_FIGSIZE = (6.4, 4.2)  # inches: 640 × 420 pixels at 100 dpi, shown 1:1
_DESCRIPTION_WIDTH = "20em"
_SLIDER_WIDTH = "42em"


# -- helpers shared by the explorers -------------------------------------------------------
def _money(value: float, decimals: int = 2) -> str:
    """``value`` as pounds with thousands separators: ``£1,697.06``."""
    return f"£{value:,.{decimals}f}"


def _nice_ceil(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten) at least ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    for mantissa in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if mantissa * power >= value * (1 - 1e-12):
            return mantissa * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _sticky_limit(current: float | None, key: float, *, target: float, low: float, high: float) -> float:
    """An axis limit that stays put while ``key`` lies between ``low`` and ``high`` × the limit.

    When ``key`` leaves that band (or there is no limit yet) the limit becomes the round
    number just above ``target`` × ``key``.  Moving a slider a little therefore moves the
    curves on fixed axes, which is what a learner should see; moving it a lot re-scales
    the axes once, so the curves never shrink to a corner or run off the chart.
    """
    if key <= 0:
        return current if current is not None else 1.0
    if current is not None and low * current <= key <= high * current:
        return current
    return _nice_ceil(key * target)


@dataclass(frozen=True)
class _SliderSpec:
    """What a slider controls: its argument name, label, help text, default value and range."""

    name: str
    description: str
    tooltip: str
    value: float
    range: tuple[float, float, float]  # (min, max, step)
    readout_format: str
    zero: bool = False  # whether 0 is a sensible value (standard deviations); otherwise more than 0


def _real(owner: str, name: str, value: Any, unit: str) -> float:
    """``value`` as a finite float, or a ValueError naming the constructor argument."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{owner}: {name} must be a number ({unit}), not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be a finite number ({unit}), not {value!r}")
    return number


def _checked_range(owner: str, spec: _SliderSpec, given: Sequence[float] | None) -> tuple[float, float, float]:
    """The slider range ``(min, max, step)`` for ``spec``: ``given`` (checked) or the default."""
    name = f"{spec.name}_range"
    if given is None:
        return spec.range
    if isinstance(given, str | bytes) or not isinstance(given, Sequence) or len(given) not in (2, 3):
        raise ValueError(f"{owner}: {name} must be (min, max) or (min, max, step), not {given!r}")
    low = _real(owner, f"{name}[0] (the minimum)", given[0], spec.tooltip)
    high = _real(owner, f"{name}[1] (the maximum)", given[1], spec.tooltip)
    if low < 0 or (low == 0 and not spec.zero):
        floor = "0 or more" if spec.zero else "more than 0"
        raise ValueError(f"{owner}: the minimum of {name} must be {floor}, not {given[0]!r}")
    if high <= low:
        raise ValueError(f"{owner}: the maximum of {name} must be more than its minimum, not {given!r}")
    if len(given) == 3:
        step = _real(owner, f"{name}[2] (the step)", given[2], spec.tooltip)
        if not 0 < step <= high - low:
            raise ValueError(f"{owner}: the step of {name} must be more than 0 and at most max - min, not {given!r}")
    else:
        step = _nice_ceil((high - low) / 500)  # 200 to 500 steps: fine enough to drag, few enough for the arrow keys
    return (low, high, step)


def _on_grid(distance: float, step: float) -> bool:
    """Whether ``distance`` is a whole number of ``step``s (to rounding error)."""
    ratio = distance / step
    return abs(ratio - round(ratio)) < 1e-9 * max(1.0, abs(ratio))


def _finer_steps(step: float) -> list[float]:
    """``step`` and the round steps below it, down to a quarter of it (e.g. 300, 250, 200, 150, 100)."""
    power = 10.0 ** math.floor(math.log10(step))
    candidates = [m * power for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)] + [m * power / 10 for m in (8, 6, 5, 4)]
    return sorted({c for c in candidates if step / 4 - 1e-12 <= c <= step + 1e-12}, reverse=True)


def _slider(owner: str, spec: _SliderSpec, value: Any, given_range: Sequence[float] | None) -> widgets.FloatSlider:
    """A labelled FloatSlider for ``spec`` starting at ``value``, after checking both."""
    low, high, step = _checked_range(owner, spec, given_range)
    number = _real(owner, spec.name, value, spec.tooltip)
    if not low <= number <= high:
        where = "the default range" if given_range is None else f"{spec.name}_range"
        raise ValueError(
            f"{owner}: {spec.name} must be between {low:,g} and {high:,g} ({where}), not {value!r}; "
            f"pass {spec.name}_range=(min, max) to allow it"
        )
    # The slider's grid runs through the starting value, so the front end does not snap it to a
    # neighbour: an explorer started at a learner's exact numbers shows exactly their results.
    # A chosen step is kept; a default one may shrink to a rounder step that fits (up to 4 times
    # finer); otherwise the grid is shifted to pass through the value.
    if given_range is None or len(given_range) == 2:
        step = next((s for s in _finer_steps(step) if _on_grid(number - low, s)), step)
    offset = math.fmod(number - low, step)
    if step * 1e-9 < offset < step * (1 - 1e-9):
        low += offset
        high = low + math.floor((high - low) / step + 1e-9) * step
    return widgets.FloatSlider(
        value=number,
        min=low,
        max=high,
        step=step,
        description=spec.description,
        tooltip=spec.tooltip,
        readout_format=spec.readout_format,
        continuous_update=True,
        style={"description_width": _DESCRIPTION_WIDTH},
        layout=widgets.Layout(width=_SLIDER_WIDTH),
    )


class _PngChart:
    """One Agg figure rendered to PNG bytes, redrawing only its moving parts.

    Register the artists that change on every update with :meth:`moving`.  :meth:`png`
    draws the whole figure without them once, keeps that picture, and afterwards only
    pastes it back and draws the moving artists over it, until ``static_key`` (the axis
    limits, say) changes.  The figure stays an ordinary figure: ``figure.savefig`` works.
    """

    def __init__(self, figsize: tuple[float, float] = _FIGSIZE, dpi: int = _DPI) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._moving: list[Artist] = []
        self._background: Any = None
        self._static_key: Hashable = None

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the picture, in pixels."""
        width, height = self.figure.canvas.get_width_height()
        return int(width), int(height)

    def moving(self, artist: Artist) -> Artist:
        """Register ``artist`` as one that changes on updates (drawn above everything else); return it."""
        self._moving.append(artist)
        self._moving.sort(key=lambda each: each.get_zorder())
        return artist

    def png(self, static_key: Hashable) -> bytes:
        """The figure as PNG bytes; the axes are drawn again only when ``static_key`` changed."""
        canvas = self.figure.canvas
        if self._background is None or static_key != self._static_key:
            shown = [artist.get_visible() for artist in self._moving]
            for artist in self._moving:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._static_key = static_key
            for artist, visible in zip(self._moving, shown, strict=True):
                artist.set_visible(visible)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self._moving:
            if artist.get_visible():
                artist.draw(renderer)
        from PIL import Image  # matplotlib's own dependency

        picture = Image.frombuffer("RGBA", self.pixels, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        picture.convert("RGB").save(out, format="png", compress_level=1)  # fast; charts compress well anyway
        return out.getvalue()


def _summary_html(caption: str, rows: Sequence[tuple[str, str]], description: str) -> str:
    """The text beside a chart: its numbers as a table, then what the chart shows (its alt text)."""
    cells = "".join(
        _ROW.format(label=html.escape(label), value=html.escape(value)) for label, value in rows
    )  # every value is a number we formatted; escaped all the same
    return _SUMMARY.format(caption=html.escape(caption), rows=cells, description=html.escape(description))


_ROW = '<tr><th scope="row" style="text-align:left;padding-right:1em">{label}</th><td>{value}</td></tr>'
_SUMMARY = (
    '<div aria-live="polite" style="max-width:26em">'
    '<table><caption style="text-align:left;font-weight:bold">{caption}</caption>{rows}</table>'
    '<p style="margin-top:0.6em">{description}</p></div>'
)


class _Accessibility(anywidget.AnyWidget):
    """Hidden: names each slider handle after its label, gives the chart its alternative text and
    the handles a visible focus outline, none of which ipywidgets does (see explorer.js)."""

    _esm = _HERE / "explorer.js"
    _css = _HERE / "explorer.css"
    chart_alt = Unicode(help="The chart's alternative text.").tag(sync=True)


def _layout(
    sliders: Sequence[widgets.Widget], image: widgets.Image, summary: widgets.HTML, chart_alt: str
) -> list[widgets.Widget]:
    """Sliders on top; the chart with its text beside it (below it on a narrow screen)."""
    chart_row = widgets.Box(
        [image, summary],
        layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap="1em"),
    )
    accessibility = _Accessibility(chart_alt=chart_alt, layout=widgets.Layout(display="none"))
    return [widgets.VBox(list(sliders)), chart_row, accessibility]


# -- the EOQ explorer ----------------------------------------------------------------------
@dataclass(frozen=True)
class EOQResult:
    """What :class:`EOQExplorer` shows for its current slider values (all from :mod:`logiserve.inventory`).

    Attributes
    ----------
    annual_demand : float
        D, units per year (the slider's value).
    order_cost : float
        S, £ per order (the slider's value).
    holding_cost : float
        H, £ per unit per year (the slider's value).
    eoq : float
        The economic order quantity, units per order (not rounded).
    orders_per_year : float
        D / EOQ.
    annual_ordering_cost : float
        £ per year at the EOQ.
    annual_holding_cost : float
        £ per year at the EOQ (cycle stock).
    total_annual_cost : float
        Ordering plus holding, £ per year at the EOQ: the lowest total there is.
    """

    annual_demand: float
    order_cost: float
    holding_cost: float
    eoq: float
    orders_per_year: float
    annual_ordering_cost: float
    annual_holding_cost: float
    total_annual_cost: float


_EOQ_SLIDERS = (
    _SliderSpec(
        "annual_demand",
        "Annual demand D (units/year)",
        "units demanded per year",
        12_000,
        (1_000, 50_000, 100),
        ",.0f",
    ),
    _SliderSpec(
        "order_cost",
        "Order cost S (£ per order)",
        "£ to place one purchase order",
        50,
        (5, 250, 1),
        ",.2f",
    ),
    _SliderSpec(
        "holding_cost",
        "Holding cost H (£ per unit per year)",
        "£ to hold one unit in stock for a year",
        2.40,
        (0.2, 12, 0.05),
        ",.2f",
    ),
)
_CURVE_POINTS = 160
_EOQ_CHART_ALT = (
    "Chart of the annual ordering, holding and total cost against the order quantity, with the EOQ marked; "
    "its figures and a description are beside it."
)


class EOQExplorer(widgets.VBox):
    """Explore the EOQ: move demand, order cost and holding cost and watch the cost curves.

    Three sliders set the annual demand D, the order cost S and the holding cost H.  The
    chart shows the annual ordering cost (D / Q × S), the annual holding cost (Q / 2 × H)
    and their total against the order quantity Q, with the EOQ marked by a vertical line
    and a point on the total cost curve.  Beside the chart the same figures are written
    out: the EOQ, orders per year and the three annual costs at the EOQ.  The chart is
    redrawn on every slider move.

    The axes stay fixed while the EOQ moves inside the middle of the chart, so a learner
    sees the EOQ and the curves move when a slider moves (with axes that always spanned
    about three EOQs, every chart would look the same, because the EOQ model scales).
    When the EOQ nears an edge, the axes re-scale once to about three EOQs wide and twice
    the lowest total cost high, rounded; fixed axes spanning every slider combination would
    squash most charts into a corner (the EOQ varies about 100-fold over the default ranges).

    Parameters
    ----------
    annual_demand : float, default 12000
        Starting D, in units per year.
    order_cost : float, default 50
        Starting S, in £ per purchase order.
    holding_cost : float, default 2.40
        Starting H, in £ per unit per year.
    annual_demand_range, order_cost_range, holding_cost_range : tuple, optional
        ``(min, max)`` or ``(min, max, step)`` of each slider; defaults (1,000 to 50,000
        step 100), (£5 to £250 step £1) and (£0.20 to £12 step £0.05).  Minimums must be
        more than 0.

    Attributes
    ----------
    annual_demand, order_cost, holding_cost : ipywidgets.FloatSlider
        The sliders; set ``.value`` to move one as a learner would.
    result : EOQResult
        The figures shown, for the current slider values.
    image : ipywidgets.Image
        The chart, as PNG bytes in ``image.value``.
    summary : ipywidgets.HTML
        The figures and a description of the chart as text (the chart's alternative text).
    figure : matplotlib.figure.Figure
        The one figure the chart is drawn on.
    lines : dict
        The chart's moving artists: ``"ordering"``, ``"holding"``, ``"total"`` (the curves),
        ``"eoq_line"`` (vertical line at the EOQ), ``"eoq_point"`` (the EOQ on the total curve)
        and ``"eoq_label"`` (its text).

    Raises
    ------
    ValueError
        If a starting value is not a number inside its slider's range, or a range is not
        ``(min, max[, step])`` with 0 < min < max.

    Examples
    --------
    Northgate's garden planters: 12,000 a year, £50 an order, £2.40 per unit per year.

    >>> from logiserve.widgets import EOQExplorer
    >>> explorer = EOQExplorer(annual_demand=12_000, order_cost=50, holding_cost=2.40)
    >>> round(explorer.result.eoq, 1), round(explorer.result.total_annual_cost, 2)
    (707.1, 1697.06)

    Doubling the holding cost (as a learner would, with the slider) shrinks the EOQ:

    >>> explorer.holding_cost.value = 4.80
    >>> round(explorer.result.eoq, 1)
    500.0
    >>> explorer  # in a notebook: the sliders, the chart and its figures  # doctest: +SKIP
    """

    def __init__(
        self,
        annual_demand: float = 12_000,
        order_cost: float = 50,
        holding_cost: float = 2.40,
        *,
        annual_demand_range: Sequence[float] | None = None,
        order_cost_range: Sequence[float] | None = None,
        holding_cost_range: Sequence[float] | None = None,
        **kwargs: Any,
    ) -> None:
        owner = type(self).__name__
        demand_spec, order_spec, holding_spec = _EOQ_SLIDERS
        demand = _slider(owner, demand_spec, annual_demand, annual_demand_range)
        order = _slider(owner, order_spec, order_cost, order_cost_range)
        holding = _slider(owner, holding_spec, holding_cost, holding_cost_range)
        chart = _PngChart()
        image = widgets.Image(format="png", width=str(chart.pixels[0]), height=str(chart.pixels[1]))
        summary = widgets.HTML()
        super().__init__(_layout([demand, order, holding], image, summary, _EOQ_CHART_ALT), **kwargs)
        self.add_class("ls-explorer")
        self.add_class("ls-eoq-explorer")  # for browser tests and course CSS
        self.annual_demand, self.order_cost, self.holding_cost = demand, order, holding
        self.image, self.summary = image, summary
        self._chart = chart
        self.figure = chart.figure
        self._xmax: float | None = None
        self._ymax: float | None = None
        self.lines = self._draw_axes()
        self.update()  # sets self._result
        for slider in (demand, order, holding):
            slider.observe(self._on_slider, names="value")

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (and by a plain Python console).
        r = self.result
        return (
            f"EOQExplorer(D={r.annual_demand:,g} units/year, S={_money(r.order_cost)}, H={_money(r.holding_cost)}): "
            f"EOQ {r.eoq:,.1f} units, {r.orders_per_year:,.2f} orders a year, ordering {_money(r.annual_ordering_cost)}"
            f" + holding {_money(r.annual_holding_cost)} = total {_money(r.total_annual_cost)} a year"
        )

    def _draw_axes(self) -> dict[str, Artist]:
        figure, chart = self.figure, self._chart
        figure.subplots_adjust(left=0.14, right=0.97, bottom=0.13, top=0.88)
        ax = figure.add_subplot()
        ax.set_xlabel("Order quantity Q (units per order)")
        ax.set_ylabel("Cost (£ per year)")
        ax.xaxis.set_major_formatter("{x:,.0f}")
        ax.yaxis.set_major_formatter("£{x:,.0f}")
        ax.grid(True, color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        (ordering,) = ax.plot([], [], color=BLUE, linestyle="--", linewidth=2, label="Ordering cost  D/Q × S")
        (holding,) = ax.plot([], [], color=VERMILION, linestyle="-.", linewidth=2, label="Holding cost  Q/2 × H")
        (total,) = ax.plot([], [], color=BLACK, linewidth=2.5, label="Total cost")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False, fontsize="small")
        eoq_line = ax.axvline(0, color=GREY, linestyle=":", linewidth=1.5)
        (eoq_point,) = ax.plot([], [], "o", color=BLACK, markersize=7, zorder=4)
        eoq_label = ax.annotate(
            "",
            xy=(0, 0),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="small",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": GREY, "alpha": 0.9},
            zorder=5,
        )
        lines = {
            "ordering": ordering,
            "holding": holding,
            "total": total,
            "eoq_line": eoq_line,
            "eoq_point": eoq_point,
            "eoq_label": eoq_label,
        }
        for artist in lines.values():
            chart.moving(artist)
        self._ax = ax
        return lines

    def _compute(self) -> EOQResult:
        demand, order, holding = (float(s.value) for s in (self.annual_demand, self.order_cost, self.holding_cost))
        quantity = inventory.eoq(demand, order, holding)
        return EOQResult(
            annual_demand=demand,
            order_cost=order,
            holding_cost=holding,
            eoq=quantity,
            orders_per_year=inventory.orders_per_year(demand, quantity),
            annual_ordering_cost=inventory.annual_ordering_cost(demand, order, quantity),
            annual_holding_cost=inventory.annual_holding_cost(holding, quantity),
            total_annual_cost=inventory.total_annual_cost(demand, order, holding, quantity),
        )

    @property
    def result(self) -> EOQResult:
        """The figures shown, for the current slider values (read-only; move a slider to change them)."""
        return self._result

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the figures from the sliders and redraw the chart and its text."""
        r = self._result = self._compute()
        self._xmax = _sticky_limit(self._xmax, r.eoq, target=3.0, low=0.12, high=0.7)
        self._ymax = _sticky_limit(self._ymax, r.total_annual_cost, target=2.2, low=0.2, high=0.8)
        self._ax.set_xlim(0, self._xmax)
        self._ax.set_ylim(0, self._ymax)
        quantities = np.linspace(self._xmax / _CURVE_POINTS, self._xmax, _CURVE_POINTS)
        demand, order, holding = r.annual_demand, r.order_cost, r.holding_cost
        lines = self.lines
        lines["ordering"].set_data(quantities, [inventory.annual_ordering_cost(demand, order, q) for q in quantities])
        lines["holding"].set_data(quantities, [inventory.annual_holding_cost(holding, q) for q in quantities])
        lines["total"].set_data(
            quantities, [inventory.total_annual_cost(demand, order, holding, q) for q in quantities]
        )
        lines["eoq_line"].set_xdata([r.eoq, r.eoq])
        lines["eoq_point"].set_data([r.eoq], [r.total_annual_cost])
        label = lines["eoq_label"]
        label.xy = (r.eoq, r.total_annual_cost)
        label.set_text(f"EOQ {r.eoq:,.0f} units\n{_money(r.total_annual_cost, 0)} a year")
        self.image.value = self._chart.png((self._xmax, self._ymax))
        self.summary.value = _summary_html(
            "At these values",
            [
                ("EOQ", f"{r.eoq:,.1f} units per order"),
                ("Orders per year", f"{r.orders_per_year:,.2f}"),
                ("Annual ordering cost", _money(r.annual_ordering_cost)),
                ("Annual holding cost", _money(r.annual_holding_cost)),
                ("Total annual cost", _money(r.total_annual_cost)),
            ],
            f"The chart plots annual cost against order quantity. The ordering cost falls and the holding "
            f"cost rises as orders get bigger; they cross at the EOQ, {r.eoq:,.1f} units, where the total "
            f"cost is lowest: {_money(r.total_annual_cost)} a year.",
        )
