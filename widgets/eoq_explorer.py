"""EOQExplorer: sliders for demand, order cost and holding cost, and the cost curves they give.

Not a graded exercise: a place to see the EOQ trade-off move.  Every number it shows
comes from :mod:`logiserve.inventory`; this module only draws, with the sliders, the chart
and the widget around them that it shares with :mod:`.safety_stock_explorer`
(:mod:`._explorer`).

**It never shows a learner's graded EOQ.**  It shows the EOQ, the orders a year and the costs:
set to the numbers of a graded SKU, those are the graded answers.  So a notebook opens it on
another SKU and passes ``avoid``, the graded SKU's numbers (its order cost, say): the explorer
refuses to start unless one slider's whole range stays well away from its graded value
(:func:`~._explorer.refuse_graded`), so no slider setting is the graded SKU, and no figure it
shows is worked out from the graded numbers.  Course 05 opens it on the rattan sofa set, whose
order cost is above any learner's planter's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    from matplotlib.text import Annotation

__all__ = ["EOQExplorer", "EOQResult"]


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
    SliderSpec(
        "annual_demand",
        "Annual demand D (units/year)",
        "units demanded per year",
        12_000,
        (1_000, 50_000, 100),
        ",.0f",
    ),
    SliderSpec(
        "order_cost",
        "Order cost S (£ per order)",
        "£ to place one purchase order",
        50,
        (5, 250, 1),
        ",.2f",
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
_CURVE_POINTS = 160
_EOQ_CHART_ALT = (
    "Chart of the annual ordering, holding and total cost against the order quantity, with the EOQ marked; "
    "its figures and a description are beside it."
)


class _EOQLines(TypedDict):
    """The EOQ chart's moving artists (:attr:`EOQExplorer.lines`)."""

    ordering: Line2D
    holding: Line2D
    total: Line2D
    eoq_line: Line2D
    eoq_point: Line2D
    eoq_label: Annotation


class EOQExplorer(Explorer[_EOQLines]):
    """Explore the EOQ: move demand, order cost and holding cost and watch the cost curves.

    Three sliders set the annual demand D, the order cost S and the holding cost H.  The
    chart shows the annual ordering cost (D / Q × S), the annual holding cost (Q / 2 × H)
    and their total against the order quantity Q, with the EOQ marked by a vertical line
    and a point on the total cost curve.  Beside the chart the same figures are written
    out: the EOQ, orders per year and the total annual cost at the EOQ (the ordering and the
    holding cost are each half of it there, as the chart shows).  The chart is
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
    avoid : mapping, optional
        A graded SKU's numbers by slider name (``{"order_cost": 62}``): the explorer refuses
        to start when its sliders could be set to them (see the module docstring).

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
        If a starting value is not a number inside its slider's range, a range is not
        ``(min, max[, step])`` with 0 < min < max, or the sliders could reach ``avoid``.

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
        avoid: Mapping[str, float] | None = None,
        **kwargs: Any,
    ) -> None:
        owner = type(self).__name__
        demand_spec, order_spec, holding_spec = _EOQ_SLIDERS
        sliders = {
            "annual_demand": checked_slider(owner, demand_spec, annual_demand, annual_demand_range),
            "order_cost": checked_slider(owner, order_spec, order_cost, order_cost_range),
            "holding_cost": checked_slider(owner, holding_spec, holding_cost, holding_cost_range),
        }
        self._xmax: float | None = None
        self._ymax: float | None = None
        super().__init__(sliders, chart_alt=_EOQ_CHART_ALT, css_class="ls-eoq-explorer", avoid=avoid, **kwargs)

    def _draw_axes(self) -> _EOQLines:
        ax = self._axes(
            xlabel="Order quantity Q (units per order)",
            ylabel="Cost (£ per year)",
            xformat="{x:,.0f}",
            left=0.14,
            right=0.97,
            bottom=0.13,
            top=0.88,
        )
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
        moving = self._chart.moving
        return {
            "ordering": moving(ordering),
            "holding": moving(holding),
            "total": moving(total),
            "eoq_line": moving(eoq_line),
            "eoq_point": moving(eoq_point),
            "eoq_label": moving(eoq_label),
        }

    def _compute(self, values: Mapping[str, float]) -> EOQResult:
        demand, order, holding = values["annual_demand"], values["order_cost"], values["holding_cost"]
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

    def _texts(self, r: EOQResult) -> Texts:
        summary = summary_html(
            "At these values",
            [
                ("EOQ", f"{r.eoq:,.1f} units per order"),
                ("Orders per year", f"{r.orders_per_year:,.2f}"),
                ("Total annual cost", money(r.total_annual_cost)),
            ],
            f"The chart plots annual cost against order quantity. The ordering cost falls and the holding "
            f"cost rises as orders get bigger; they cross at the EOQ, {r.eoq:,.1f} units, where the two are "
            f"equal and the total cost is lowest: {money(r.total_annual_cost)} a year.",
        )
        console = (
            f"EOQExplorer(D={r.annual_demand:,g} units/year, S={money(r.order_cost)}, H={money(r.holding_cost)}): "
            f"EOQ {r.eoq:,.1f} units, {r.orders_per_year:,.2f} orders a year, "
            f"total (ordering + holding) {money(r.total_annual_cost)} a year"
        )
        label = f"EOQ {r.eoq:,.0f} units\n{money(r.total_annual_cost, 0)} a year"
        return Texts(summary, {"eoq_label": label}, console)

    def update(self) -> None:
        """Recompute the figures from the sliders and redraw the chart and its text."""
        r = self._result = self._compute(self.values())
        texts = self._texts(r)
        self._xmax = sticky_limit(self._xmax, r.eoq, target=3.0, low=0.12, high=0.7)
        self._ymax = sticky_limit(self._ymax, r.total_annual_cost, target=2.2, low=0.2, high=0.8)
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
        label.set_text(texts.chart["eoq_label"])
        self.image.value = self._chart.png((self._xmax, self._ymax))
        self.summary.value = texts.summary
