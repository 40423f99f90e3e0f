"""SafetyStockExplorer: what each extra point of service level costs in safety stock.

Not a graded exercise: a place to see that the last few percent of cycle service level
cost far more than the first.  Every number it shows comes from
:mod:`logiserve.inventory`; this module only draws, with the sliders, the chart and the
widget around them that it shares with :mod:`.eoq_explorer` (:mod:`._explorer`).

**It never shows a learner's graded safety stock.**  The steps of a safety-stock calculation
are z, the standard deviation of demand over the lead time, the safety stock and the reorder
point.  This explorer is about the *cost* of service, so it neither works out nor shows z, that
standard deviation or the reorder point, for any setting: z depends on the service level alone,
which a learner can always set, so no choice of SKU could keep it from being a graded answer.
It shows the safety stock and its holding cost, for the SKU it is set to; a notebook opens it
on another SKU and passes ``avoid``, the graded SKU's numbers, and the explorer refuses to start
unless one slider's whole range stays well away from its graded value
(:func:`~._explorer.refuse_graded`).  Dragging every slider as close to the graded SKU as it
goes still leaves at least one number far from it, so the safety stock shown is never the
graded one.  Course 05 opens it on the rattan sofa set, which sells fewer a day, and varies
less from day to day, than any learner's planter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np

from logiserve import inventory

from ._explorer import (
    BLACK,
    BLUE,
    GREY,
    VERMILION,
    Explorer,
    SliderSpec,
    Texts,
    checked_slider,
    money,
    sticky_limit,
    summary_html,
)

if TYPE_CHECKING:
    from matplotlib.lines import Line2D
    from matplotlib.text import Annotation, Text

__all__ = ["SafetyStockExplorer", "SafetyStockResult"]

# The service levels the chart annotates: the cost of going from each to the next.
STEPS: tuple[float, float, float] = (0.95, 0.99, 0.999)
# The curve: 50 % to 99 % in steps of 0.5 point, then finer up to 99.9 % where it turns steep.
_LEVELS = np.concatenate([np.linspace(0.5, 0.99, 99), np.linspace(0.9905, 0.999, 18)])
_ARROW_X = 0.93  # where the arrows showing the cost of each step stand (left of the steep part)
_MIN_SERVICE_LEVEL = 0.5  # below it z, and so the safety stock, would be negative
_SS_CHART_ALT = (
    "Chart of the annual holding cost of the safety stock against the cycle service level, with the current "
    "level marked; its figures and a description are beside it."
)


@dataclass(frozen=True)
class SafetyStockResult:
    """What :class:`SafetyStockExplorer` shows for its current slider values (from :mod:`logiserve.inventory`).

    Attributes
    ----------
    service_level : float
        The cycle service level, a share (0.95 is 95 %).
    demand_sd : float
        σd, units per day.
    mean_demand : float
        d̄, units per day.
    lead_time : float
        L, days.
    lead_time_sd : float
        σL, days.
    holding_cost : float
        H, £ per unit per year.
    safety_stock : float
        The safety stock for the service level, units (not rounded).
    safety_stock_holding_cost : float
        SS × H, £ per year.
    level_costs : dict
        The annual holding cost of the safety stock at each annotated service level,
        ``{0.95: £, 0.99: £, 0.999: £}``, whatever the current service level.
    step_costs : dict
        The extra holding cost a year of going from one annotated service level to the next,
        ``{(0.95, 0.99): £, (0.99, 0.999): £}``, whatever the current service level.
    """

    service_level: float
    demand_sd: float
    mean_demand: float
    lead_time: float
    lead_time_sd: float
    holding_cost: float
    safety_stock: float
    safety_stock_holding_cost: float
    level_costs: dict[float, float]
    step_costs: dict[tuple[float, float], float]


_SS_SLIDERS = (
    SliderSpec(
        "service_level",
        "Cycle service level",
        "the chance of no stock-out in a replenishment cycle, a share such as 0.95",
        0.95,
        (_MIN_SERVICE_LEVEL, 0.999, 0.001),
        ".1%",
    ),
    SliderSpec(
        "demand_sd",
        "Daily demand sd σd (units/day)",
        "the standard deviation of daily demand, in units per day",
        12,
        (0, 60, 0.5),
        ".1f",
        zero=True,
    ),
    SliderSpec(
        "mean_demand",
        "Mean daily demand d̄ (units/day)",
        "the mean demand per day, in units per day",
        33,
        (1, 200, 1),
        ",.1f",
    ),
    SliderSpec(
        "lead_time",
        "Lead time L (days)",
        "the supplier's mean lead time, in days",
        10,
        (1, 60, 0.5),
        ".1f",
    ),
    SliderSpec(
        "lead_time_sd",
        "Lead time sd σL (days)",
        "the standard deviation of the lead time, in days",
        2,
        (0, 10, 0.1),
        ".1f",
        zero=True,
    ),
    SliderSpec(
        "holding_cost",
        "Holding cost H (£ per unit per year)",
        "£ to hold one unit in stock for a year",
        2.40,
        (0.2, 12, 0.05),
        ",.2f",
    ),
)


def _percent(share: float) -> str:
    """0.95 -> ``95%``, 0.999 -> ``99.9%`` (as the chart's axis writes them)."""
    return f"{share * 100:g}%"


class _SafetyStockLines(TypedDict):
    """The safety stock chart's moving artists (:attr:`SafetyStockExplorer.lines`)."""

    curve: Line2D
    connectors: Line2D
    steps: Line2D
    marker_line: Line2D
    marker: Line2D
    arrow_low: Annotation
    arrow_high: Annotation
    label_low: Text
    label_high: Text
    current: Text


class SafetyStockExplorer(Explorer[_SafetyStockLines]):
    """Explore safety stock: the holding cost of each extra point of cycle service level.

    Sliders set the cycle service level (50 % to 99.9 %), the variability of daily demand
    (σd), the mean daily demand (d̄), the supplier's lead time in days (L) and its variability
    (σL), and the holding cost H.  The text gives the safety stock and its annual holding
    cost, SS × H, and what going from 95 % to 99 % and from 99 % to 99.9 % adds to that cost.
    It does not give z, the standard deviation over the lead time or the reorder point: those
    are the steps a learner works out (see the module docstring).

    The chart plots that holding cost against the service level from 50 % to 99.9 %, with
    the current service level marked, and arrows showing what going from 95 % to 99 % and
    from 99 % to 99.9 % adds to it: the last fraction of a percent costs about as much as
    the four points before it.  The horizontal axis is fixed; the vertical one stays put
    while the curve's top (its cost at 99.9 %) moves within it, and re-scales once when
    it would run off the chart or shrink too far, so a learner sees the curve grow and
    shrink as demand or lead time vary.

    Parameters
    ----------
    service_level : float, default 0.95
        Starting cycle service level, a share (0.95 is 95 %).
    demand_sd : float, default 12
        Starting σd, units per day.
    mean_demand : float, default 33
        Starting d̄, units per day.
    lead_time : float, default 10
        Starting L, days.
    lead_time_sd : float, default 2
        Starting σL, days (0 for a supplier who is never early or late).
    holding_cost : float, default 2.40
        Starting H, £ per unit per year.
    service_level_range : tuple, optional
        ``(min, max)`` or ``(min, max, step)`` of the service level slider, from 0.5 up to
        (not including) 1; default (0.5, 0.999, 0.001).
    demand_sd_range, mean_demand_range, lead_time_range, lead_time_sd_range, holding_cost_range : tuple, optional
        ``(min, max)`` or ``(min, max, step)`` of the other sliders; defaults 0 to 60 step
        0.5, 1 to 200 step 1, 1 to 60 step 0.5, 0 to 10 step 0.1, and £0.20 to £12 step
        £0.05.  The standard deviations may start at 0, the others must start above 0.
    avoid : mapping, optional
        A graded SKU's numbers by slider name (``{"mean_demand": 32.34, "demand_sd": 15.8}``):
        the explorer refuses to start when its sliders could be set to them.

    Attributes
    ----------
    service_level, demand_sd, mean_demand, lead_time, lead_time_sd, holding_cost : ipywidgets.FloatSlider
        The sliders; set ``.value`` to move one as a learner would.
    result : SafetyStockResult
        The figures shown, for the current slider values.
    image : ipywidgets.Image
        The chart, as PNG bytes in ``image.value``.
    summary : ipywidgets.HTML
        The figures and a description of the chart as text (the chart's alternative text).
    figure : matplotlib.figure.Figure
        The one figure the chart is drawn on.
    lines : dict
        The chart's moving artists: ``"curve"`` (holding cost against service level),
        ``"marker"`` (the current service level on the curve), ``"marker_line"`` (a line
        from the axis up to it), ``"steps"`` (the points at 95 %, 99 % and 99.9 %),
        ``"connectors"`` (dotted lines from those points to the arrows), ``"arrow_low"`` and
        ``"arrow_high"`` (the 95→99% and 99→99.9% arrows), ``"label_low"`` and ``"label_high"``
        (their text) and ``"current"`` (the text about the current level).

    Raises
    ------
    ValueError
        If a starting value is not a number inside its slider's range, a range is not
        ``(min, max[, step])`` as above, or the sliders could reach ``avoid``.

    Examples
    --------
    A line that sells 33 a day on average, σd 12 a day, from a supplier with a 10-day lead
    time (sd 2 days), and £2.40 per unit per year to hold.

    >>> from logiserve.widgets import SafetyStockExplorer
    >>> explorer = SafetyStockExplorer(service_level=0.95, demand_sd=12, mean_demand=33,
    ...                                lead_time=10, lead_time_sd=2, holding_cost=2.40)
    >>> round(explorer.result.safety_stock, 1), round(explorer.result.safety_stock_holding_cost, 2)
    (125.2, 300.54)

    Promising 99 % instead (as a learner would, with the slider) needs more safety stock:

    >>> explorer.service_level.value = 0.99
    >>> round(explorer.result.safety_stock, 1)
    177.1
    >>> explorer  # in a notebook: the sliders, the chart and its figures  # doctest: +SKIP
    """

    def __init__(
        self,
        service_level: float = 0.95,
        demand_sd: float = 12,
        mean_demand: float = 33,
        lead_time: float = 10,
        lead_time_sd: float = 2,
        holding_cost: float = 2.40,
        *,
        service_level_range: Sequence[float] | None = None,
        demand_sd_range: Sequence[float] | None = None,
        mean_demand_range: Sequence[float] | None = None,
        lead_time_range: Sequence[float] | None = None,
        lead_time_sd_range: Sequence[float] | None = None,
        holding_cost_range: Sequence[float] | None = None,
        avoid: Mapping[str, float] | None = None,
        **kwargs: Any,
    ) -> None:
        owner = type(self).__name__
        given = {
            "service_level": (service_level, service_level_range),
            "demand_sd": (demand_sd, demand_sd_range),
            "mean_demand": (mean_demand, mean_demand_range),
            "lead_time": (lead_time, lead_time_range),
            "lead_time_sd": (lead_time_sd, lead_time_sd_range),
            "holding_cost": (holding_cost, holding_cost_range),
        }
        sliders = {spec.name: checked_slider(owner, spec, *given[spec.name]) for spec in _SS_SLIDERS}
        level = sliders["service_level"]
        if level.min < _MIN_SERVICE_LEVEL or level.max >= 1:
            raise ValueError(
                f"{owner}: service_level_range must lie from 0.5 up to (not including) 1, not "
                f"{service_level_range!r}; below 0.5 the safety stock would be negative, and 1 (100 %) "
                f"would need infinite safety stock"
            )
        self._ymax: float | None = None
        super().__init__(sliders, chart_alt=_SS_CHART_ALT, css_class="ls-ss-explorer", avoid=avoid, **kwargs)

    def _draw_axes(self) -> _SafetyStockLines:
        ax = self._axes(
            xlabel="Cycle service level",
            ylabel="Holding cost of the safety stock (£ per year)",
            xformat="{x:.0%}",
            left=0.14,
            right=0.96,
            bottom=0.13,
            top=0.95,
        )
        ax.set_xlim(_MIN_SERVICE_LEVEL, 1.0)
        (curve,) = ax.plot([], [], color=BLUE, linewidth=2.5)
        (connectors,) = ax.plot([], [], color=GREY, linestyle=":", linewidth=1)
        (steps,) = ax.plot(
            [], [], "o", markerfacecolor="white", markeredgecolor=BLUE, markersize=6, zorder=3, clip_on=False
        )
        (marker_line,) = ax.plot([], [], color=VERMILION, linestyle="--", linewidth=1.5, zorder=3)
        (marker,) = ax.plot([], [], "o", color=VERMILION, markersize=8, zorder=4, clip_on=False)
        arrow = {"arrowstyle": "<|-|>", "color": BLACK, "linewidth": 1.2, "shrinkA": 0, "shrinkB": 0}
        arrow_low = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=arrow, zorder=5)
        arrow_high = ax.annotate("", xy=(0, 0), xytext=(0, 0), arrowprops=arrow, zorder=5)
        label: dict[str, Any] = {"ha": "right", "va": "center", "fontsize": "small", "zorder": 5}
        label_low = ax.text(0, 0, "", **label)
        label_high = ax.text(0, 0, "", **label)
        current = ax.text(
            0.03,
            0.96,
            "",
            transform=ax.transAxes,
            va="top",
            fontsize="small",
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": VERMILION},
            zorder=5,
        )
        moving = self._chart.moving
        return {
            "curve": moving(curve),
            "connectors": moving(connectors),
            "steps": moving(steps),
            "marker_line": moving(marker_line),
            "marker": moving(marker),
            "arrow_low": moving(arrow_low),
            "arrow_high": moving(arrow_high),
            "label_low": moving(label_low),
            "label_high": moving(label_high),
            "current": moving(current),
        }

    @staticmethod
    def _cost(level: float, v: Mapping[str, float]) -> float:
        """The annual holding cost of the safety stock for service level ``level`` and the other values ``v``."""
        stock = inventory.safety_stock(level, v["demand_sd"], v["lead_time"], v["lead_time_sd"], v["mean_demand"])
        return inventory.safety_stock_holding_cost(stock, v["holding_cost"])

    def _compute(self, values: Mapping[str, float]) -> SafetyStockResult:
        v = values
        level, sd, mean = v["service_level"], v["demand_sd"], v["mean_demand"]
        lead, lead_sd, holding = v["lead_time"], v["lead_time_sd"], v["holding_cost"]
        stock = inventory.safety_stock(level, sd, lead, lead_sd, mean)
        level_costs = {step: self._cost(step, v) for step in STEPS}
        return SafetyStockResult(
            service_level=level,
            demand_sd=sd,
            mean_demand=mean,
            lead_time=lead,
            lead_time_sd=lead_sd,
            holding_cost=holding,
            safety_stock=stock,
            safety_stock_holding_cost=inventory.safety_stock_holding_cost(stock, holding),
            level_costs=level_costs,
            step_costs={(a, b): level_costs[b] - level_costs[a] for a, b in pairwise(STEPS)},
        )

    def _texts(self, r: SafetyStockResult) -> Texts:
        low_step, high_step = r.step_costs[STEPS[0], STEPS[1]], r.step_costs[STEPS[1], STEPS[2]]
        varies = r.level_costs[STEPS[-1]] > 0
        chart = {
            "label_low": f"{_percent(STEPS[0])} → {_percent(STEPS[1])}: +{money(low_step, 0)} a year"
            if low_step > 0
            else "",
            "label_high": f"{_percent(STEPS[1])} → {_percent(STEPS[2])}: +{money(high_step, 0)} a year"
            if high_step > 0
            else "",
            "current": (
                f"At {r.service_level:.1%}: safety stock {r.safety_stock:,.0f} units,\n"
                f"holding cost {money(r.safety_stock_holding_cost, 0)} a year"
            )
            if varies
            else "Neither demand nor lead time varies:\nno safety stock is needed",
        }
        summary = summary_html(
            "At these values",
            [
                ("Cycle service level", f"{r.service_level:.1%}"),
                ("Safety stock", f"{r.safety_stock:,.1f} units"),
                ("Holding cost of the safety stock", f"{money(r.safety_stock_holding_cost)} a year"),
                ("From 95% to 99%", f"+{money(low_step)} a year"),
                ("From 99% to 99.9%", f"+{money(high_step)} a year"),
            ],
            f"The chart plots the annual holding cost of the safety stock against the cycle service level, "
            f"from 50% to 99.9%. The curve climbs ever more steeply: going from 95% to 99% adds "
            f"{money(low_step)} a year, and the last 0.9 of a point, from 99% to 99.9%, adds "
            f"{money(high_step)} more. The current level, {r.service_level:.1%}, costs "
            f"{money(r.safety_stock_holding_cost)} a year.",
        )
        console = (
            f"SafetyStockExplorer(service level {_percent(r.service_level)}, σd={r.demand_sd:g}/day, "
            f"d̄={r.mean_demand:g}/day, L={r.lead_time:g} days, σL={r.lead_time_sd:g} days, "
            f"H={money(r.holding_cost)}): safety stock {r.safety_stock:,.1f} units, "
            f"holding cost {money(r.safety_stock_holding_cost)} a year"
        )
        return Texts(summary, chart, console)

    def update(self) -> None:
        """Recompute the figures from the sliders and redraw the chart and its text."""
        v = self.values()
        r = self._result = self._compute(v)
        texts = self._texts(r)
        costs = [self._cost(level, v) for level in _LEVELS]
        top = costs[-1]  # the cost at 99.9 %, the curve's highest point
        self._ymax = sticky_limit(self._ymax, top, target=1.2, low=0.4, high=0.95)
        self._ax.set_ylim(0, self._ymax)
        lines = self.lines
        lines["curve"].set_data(_LEVELS, costs)
        step_costs = [r.level_costs[level] for level in STEPS]
        lines["steps"].set_data(STEPS, step_costs)
        lines["connectors"].set_data(
            [x for level in STEPS for x in (_ARROW_X, level, np.nan)],
            [y for cost in step_costs for y in (cost, cost, np.nan)],
        )
        lines["marker"].set_data([r.service_level], [r.safety_stock_holding_cost])
        lines["marker_line"].set_data([r.service_level] * 2, [0, r.safety_stock_holding_cost])
        for arrow, label, name, (cost_low, cost_high) in (
            (lines["arrow_low"], lines["label_low"], "label_low", step_costs[:2]),
            (lines["arrow_high"], lines["label_high"], "label_high", step_costs[1:]),
        ):
            arrow.xy = (_ARROW_X, cost_high)
            arrow.set_position((_ARROW_X, cost_low))
            arrow.set_visible(cost_high > cost_low)
            label.set_visible(cost_high > cost_low)
            label.set_position((_ARROW_X - 0.006, (cost_low + cost_high) / 2))
            label.set_text(texts.chart[name])
        lines["current"].set_text(texts.chart["current"])
        self.image.value = self._chart.png(self._ymax)
        self.summary.value = texts.summary
