"""EOQExplorer and SafetyStockExplorer through their state, without a browser."""

import io

import numpy as np
import pytest
from PIL import Image

from logiserve import inventory
from logiserve.widgets import EOQExplorer, SafetyStockExplorer, _explorer

# A worked SKU that is not the widgets' default, so a test cannot pass on the defaults.
EOQ_ARGS = {"annual_demand": 18_000, "order_cost": 75, "holding_cost": 3.20}
SS_ARGS = {
    "service_level": 0.97,
    "demand_sd": 15,
    "mean_demand": 48,
    "lead_time": 6,
    "lead_time_sd": 1.5,
    "holding_cost": 3.20,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def picture(png: bytes | memoryview) -> np.ndarray:
    """PNG bytes as an RGB pixel array."""
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"), dtype=np.int16)


def full_redraw(explorer) -> np.ndarray:
    """The explorer's figure drawn from scratch by savefig, as pixels (to compare with the blitted picture)."""
    out = io.BytesIO()
    explorer.figure.savefig(out, format="png", dpi=explorer.figure.dpi)
    return picture(out.getvalue())


# -- EOQExplorer -------------------------------------------------------------------------
def expected_eoq(demand: float, order: float, holding: float) -> dict[str, float]:
    quantity = inventory.eoq(demand, order, holding)
    return {
        "eoq": quantity,
        "orders_per_year": inventory.orders_per_year(demand, quantity),
        "annual_ordering_cost": inventory.annual_ordering_cost(demand, order, quantity),
        "annual_holding_cost": inventory.annual_holding_cost(holding, quantity),
        "total_annual_cost": inventory.total_annual_cost(demand, order, holding, quantity),
    }


def test_eoq_initial_figures_are_the_inventory_results():
    explorer = EOQExplorer(**EOQ_ARGS)
    result = explorer.result
    assert (result.annual_demand, result.order_cost, result.holding_cost) == (18_000, 75, 3.20)
    for name, value in expected_eoq(18_000, 75, 3.20).items():
        assert getattr(result, name) == pytest.approx(value, rel=1e-12), name
    assert result.eoq == pytest.approx(918.56, abs=0.01)  # sqrt(2 × 18,000 × 75 / 3.20)
    assert (explorer.annual_demand.value, explorer.order_cost.value, explorer.holding_cost.value) == (18_000, 75, 3.2)


def test_eoq_text_states_the_numbers():
    explorer = EOQExplorer(annual_demand=12_000, order_cost=50, holding_cost=2.40)
    text = explorer.summary.value
    for shown in ("707.1 units per order", "16.97", "£1,697.06"):
        assert shown in text
    assert "where the two are equal and the total cost is lowest: £1,697.06 a year" in text  # the alt text
    assert "£848.53" not in text  # each cost is half the total at the EOQ: not written out
    assert "EOQ 707.1 units" in repr(explorer)
    assert explorer.lines["eoq_label"].get_text() == "EOQ 707 units\n£1,697 a year"


@pytest.mark.parametrize(("slider", "value"), [("annual_demand", 30_000), ("order_cost", 120), ("holding_cost", 0.9)])
def test_eoq_slider_move_updates_figures_and_picture(slider, value):
    explorer = EOQExplorer(**EOQ_ARGS)
    before_png, before_text = explorer.image.value, explorer.summary.value
    getattr(explorer, slider).value = value
    args = {**EOQ_ARGS, slider: value}
    expected = expected_eoq(args["annual_demand"], args["order_cost"], args["holding_cost"])
    assert explorer.result.eoq == pytest.approx(expected["eoq"], rel=1e-12)
    assert explorer.result.total_annual_cost == pytest.approx(expected["total_annual_cost"], rel=1e-12)
    assert explorer.image.value != before_png
    assert explorer.summary.value != before_text
    assert f"{expected['eoq']:,.1f} units per order" in explorer.summary.value


def test_eoq_marker_sits_at_the_eoq_on_the_total_curve():
    explorer = EOQExplorer(**EOQ_ARGS)
    for value in (5_000, 18_000, 44_000):
        explorer.annual_demand.value = value
        result = explorer.result
        assert list(explorer.lines["eoq_line"].get_xdata()) == pytest.approx([result.eoq, result.eoq])
        point_x, point_y = explorer.lines["eoq_point"].get_data()
        assert (point_x[0], point_y[0]) == pytest.approx((result.eoq, result.total_annual_cost))
        quantities, totals = explorer.lines["total"].get_data()
        lowest = quantities[int(np.argmin(totals))]
        assert abs(lowest - result.eoq) <= quantities[1] - quantities[0]  # the curve's minimum is at the marker
        assert 0 < result.eoq < explorer._ax.get_xlim()[1]  # and it is on the chart


def test_eoq_curves_are_the_inventory_costs():
    explorer = EOQExplorer(**EOQ_ARGS)
    quantities, ordering = explorer.lines["ordering"].get_data()
    _, holding = explorer.lines["holding"].get_data()
    _, total = explorer.lines["total"].get_data()
    for i in (0, 40, len(quantities) - 1):
        q = quantities[i]
        assert ordering[i] == pytest.approx(inventory.annual_ordering_cost(18_000, 75, q))
        assert holding[i] == pytest.approx(inventory.annual_holding_cost(3.20, q))
        assert total[i] == pytest.approx(inventory.total_annual_cost(18_000, 75, 3.20, q))


def test_eoq_axes_hold_still_for_a_small_move_and_rescale_for_a_big_one():
    explorer = EOQExplorer(**EOQ_ARGS)
    limits = explorer._ax.get_xlim(), explorer._ax.get_ylim()
    explorer.annual_demand.value = 20_000
    assert (explorer._ax.get_xlim(), explorer._ax.get_ylim()) == limits  # the EOQ moves, the axes do not
    explorer.holding_cost.value = 0.2
    explorer.annual_demand.value = 50_000
    explorer.order_cost.value = 250  # EOQ about 11,180: far off the first chart
    xmax = explorer._ax.get_xlim()[1]
    assert xmax != limits[0][1]
    assert 0.12 * xmax <= explorer.result.eoq <= 0.7 * xmax
    assert explorer.result.total_annual_cost < explorer._ax.get_ylim()[1]


def test_eoq_formulas_come_from_the_inventory_module(monkeypatch):
    monkeypatch.setattr(inventory, "eoq", lambda annual_demand, order_cost, holding_cost: 1234.0)
    explorer = EOQExplorer(**EOQ_ARGS)
    assert explorer.result.eoq == 1234.0
    assert explorer.result.annual_holding_cost == pytest.approx(inventory.annual_holding_cost(3.20, 1234.0))


def test_eoq_picture_is_a_png_of_the_whole_chart():
    explorer = EOQExplorer(**EOQ_ARGS)
    xmax = explorer._ax.get_xlim()[1]
    explorer.holding_cost.value = 0.5  # re-scales the axes: they are drawn again
    assert explorer._ax.get_xlim()[1] > xmax
    explorer.order_cost.value = 90  # then only the moving parts are redrawn
    assert bytes(explorer.image.value).startswith(PNG_SIGNATURE)
    pixels = picture(explorer.image.value)
    assert pixels.shape == (420, 640, 3)
    assert (explorer.image.width, explorer.image.height) == ("640", "420")
    # Redrawing only the moving parts gives the same picture as drawing everything again
    # (up to the order of a few overlapping strokes: about 1 pixel in 100,000 differs).
    differing = float(np.mean(np.abs(pixels - full_redraw(explorer)) > 40))
    assert differing < 1e-3


def test_eoq_update_redraws_after_a_change_made_behind_the_sliders_back():
    explorer = EOQExplorer(**EOQ_ARGS)
    explorer.annual_demand.unobserve_all()
    explorer.annual_demand.value = 9_000
    assert explorer.result.annual_demand == 18_000
    explorer.update()
    assert explorer.result.annual_demand == 9_000
    assert explorer.result.eoq == pytest.approx(inventory.eoq(9_000, 75, 3.20))


def test_eoq_sliders_are_labelled_with_units_and_update_continuously():
    explorer = EOQExplorer()
    for slider, unit in (
        (explorer.annual_demand, "units/year"),
        (explorer.order_cost, "£ per order"),
        (explorer.holding_cost, "£ per unit per year"),
    ):
        assert unit in slider.description
        assert slider.tooltip
        assert slider.continuous_update is True
        assert 0 < slider.min < slider.value < slider.max


def test_eoq_accepts_its_own_ranges():
    explorer = EOQExplorer(
        annual_demand=100_000, order_cost=20, annual_demand_range=(50_000, 200_000), order_cost_range=(1, 40, 0.5)
    )
    # the default step (300) would miss 100,000; the next round step that fits is used instead
    assert (explorer.annual_demand.min, explorer.annual_demand.max, explorer.annual_demand.step) == (
        50_000,
        200_000,
        250,
    )
    assert explorer.order_cost.step == 0.5
    assert explorer.result.eoq == pytest.approx(inventory.eoq(100_000, 20, 2.40))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"annual_demand": 60_000}, "EOQExplorer: annual_demand must be between 1,000 and 50,000 (the default range)"),
        ({"order_cost": 2, "order_cost_range": (5, 100)}, "order_cost must be between 5 and 100 (order_cost_range)"),
        ({"order_cost": "50"}, "EOQExplorer: order_cost must be a number (£ to place one purchase order), not '50'"),
        ({"holding_cost": True}, "holding_cost must be a number"),
        ({"holding_cost": float("nan")}, "holding_cost must be a finite number"),
        ({"annual_demand_range": (0, 50_000)}, "the minimum of annual_demand_range must be more than 0, not 0"),
        ({"annual_demand_range": (20_000, 5_000)}, "the maximum of annual_demand_range must be more than its minimum"),
        ({"annual_demand_range": (1_000,)}, "annual_demand_range must be (min, max) or (min, max, step), not (1000,)"),
        ({"holding_cost_range": (0.5, 5, 0)}, "the step of holding_cost_range must be more than 0"),
    ],
)
def test_eoq_constructor_checks_its_arguments(kwargs, message):
    with pytest.raises(ValueError) as error:
        EOQExplorer(**kwargs)
    assert message in str(error.value)


# -- SafetyStockExplorer -----------------------------------------------------------------
def expected_ss(level, demand_sd, mean_demand, lead_time, lead_time_sd, holding_cost) -> dict[str, float]:
    stock = inventory.safety_stock(level, demand_sd, lead_time, lead_time_sd, mean_demand)
    return {
        "safety_stock": stock,
        "safety_stock_holding_cost": inventory.safety_stock_holding_cost(stock, holding_cost),
    }


def ss_cost(level: float, args: dict[str, float]) -> float:
    stock = inventory.safety_stock(
        level, args["demand_sd"], args["lead_time"], args["lead_time_sd"], args["mean_demand"]
    )
    return inventory.safety_stock_holding_cost(stock, args["holding_cost"])


def test_ss_initial_figures_are_the_inventory_results():
    explorer = SafetyStockExplorer(**SS_ARGS)
    result = explorer.result
    expected = expected_ss(0.97, 15, 48, 6, 1.5, 3.20)
    for name, value in expected.items():
        assert getattr(result, name) == pytest.approx(value, rel=1e-12), name
    assert result.safety_stock == pytest.approx(152.03, abs=0.01)  # 1.8808 × sqrt(6 × 15² + 48² × 1.5²)
    assert result.level_costs[0.99] == pytest.approx(ss_cost(0.99, SS_ARGS))
    assert result.step_costs[0.95, 0.99] == pytest.approx(ss_cost(0.99, SS_ARGS) - ss_cost(0.95, SS_ARGS))
    assert result.step_costs[0.99, 0.999] == pytest.approx(ss_cost(0.999, SS_ARGS) - ss_cost(0.99, SS_ARGS))


def test_ss_text_states_the_numbers():
    explorer = SafetyStockExplorer(
        service_level=0.95, demand_sd=12, mean_demand=33, lead_time=10, lead_time_sd=2, holding_cost=2.40
    )
    text = explorer.summary.value
    for shown in ("95.0%", "125.2 units", "£300.54 a year"):
        assert shown in text
    # neither z (1.645), nor the sd over the lead time (76.1), nor the reorder point (455.2): graded steps
    for never in ("1.64", "76.1", "455", "z ", "z =", "σdL", "σLT", "over the lead time", "reorder"):
        assert all(never not in shown for shown in explorer.shown()), never
    low, high = explorer.result.step_costs[0.95, 0.99], explorer.result.step_costs[0.99, 0.999]
    assert f"going from 95% to 99% adds £{low:,.2f} a year" in text  # the chart's alternative text
    assert f"from 99% to 99.9%, adds £{high:,.2f} more" in text
    assert explorer.lines["label_low"].get_text() == f"95% → 99%: +£{low:,.0f} a year"
    assert explorer.lines["label_high"].get_text() == f"99% → 99.9%: +£{high:,.0f} a year"
    assert "safety stock 125.2 units, holding cost £300.54 a year" in repr(explorer)


@pytest.mark.parametrize(
    ("slider", "value"),
    [
        ("service_level", 0.99),
        ("demand_sd", 30),
        ("mean_demand", 120),
        ("lead_time", 20),
        ("lead_time_sd", 0),
        ("holding_cost", 6),
    ],
)
def test_ss_slider_move_updates_figures_and_picture(slider, value):
    explorer = SafetyStockExplorer(**SS_ARGS)
    before_png, before_text = explorer.image.value, explorer.summary.value
    getattr(explorer, slider).value = value
    args = {**SS_ARGS, slider: value}
    expected = expected_ss(
        args["service_level"],
        args["demand_sd"],
        args["mean_demand"],
        args["lead_time"],
        args["lead_time_sd"],
        args["holding_cost"],
    )
    for name, number in expected.items():
        assert getattr(explorer.result, name) == pytest.approx(number, rel=1e-12), name
    assert explorer.image.value != before_png
    assert explorer.summary.value != before_text
    assert f"{expected['safety_stock']:,.1f} units" in explorer.summary.value


def test_ss_curve_rises_ever_faster_and_its_marker_is_at_the_current_level():
    explorer = SafetyStockExplorer(**SS_ARGS)
    levels, costs = (np.asarray(data) for data in explorer.lines["curve"].get_data())
    assert levels[0] == pytest.approx(0.5) and levels[-1] == pytest.approx(0.999)
    assert costs[0] == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.diff(costs) > 0)  # more service always costs more
    slopes = np.diff(costs) / np.diff(levels)
    assert np.all(np.diff(slopes) > 0)  # and each extra point costs more than the one before
    assert costs[-1] == pytest.approx(ss_cost(0.999, SS_ARGS))
    for level in (0.5, 0.8, 0.97, 0.999):
        explorer.service_level.value = level
        x, y = explorer.lines["marker"].get_data()
        assert (x[0], y[0]) == pytest.approx((level, ss_cost(level, SS_ARGS)))
        assert list(explorer.lines["marker_line"].get_xdata()) == pytest.approx([level, level])
        assert explorer.result.safety_stock_holding_cost == pytest.approx(y[0])
    assert costs[-1] < explorer._ax.get_ylim()[1]  # the whole curve is on the chart


def test_ss_curve_does_not_depend_on_the_current_level_but_on_the_spread():
    explorer = SafetyStockExplorer(**SS_ARGS)
    curve = explorer.lines["curve"].get_ydata().copy()
    explorer.service_level.value = 0.6
    assert np.array_equal(explorer.lines["curve"].get_ydata(), curve)
    explorer.demand_sd.value = 30
    assert np.all(np.asarray(explorer.lines["curve"].get_ydata())[1:] > curve[1:])


def test_ss_without_variability_needs_no_safety_stock():
    explorer = SafetyStockExplorer(**{**SS_ARGS, "demand_sd": 0, "lead_time_sd": 0})
    assert explorer.result.safety_stock == 0
    assert explorer.result.safety_stock_holding_cost == 0
    assert not explorer.lines["arrow_low"].get_visible() and not explorer.lines["label_high"].get_visible()
    assert "no safety stock is needed" in explorer.lines["current"].get_text()
    explorer.demand_sd.value = 10  # and the chart comes back
    assert explorer.lines["arrow_low"].get_visible() and explorer.lines["label_high"].get_visible()


def test_ss_formulas_come_from_the_inventory_module(monkeypatch):
    monkeypatch.setattr(inventory, "safety_stock_holding_cost", lambda safety_stock, holding_cost: -1.0)
    assert SafetyStockExplorer(**SS_ARGS).result.safety_stock_holding_cost == -1.0


def test_ss_picture_is_a_png_of_the_whole_chart():
    explorer = SafetyStockExplorer(**SS_ARGS)
    ymax = explorer._ax.get_ylim()[1]
    explorer.lead_time.value = 40  # re-scales the vertical axis: the axes are drawn again
    assert explorer._ax.get_ylim()[1] > ymax
    explorer.service_level.value = 0.9  # then only the moving parts are redrawn
    assert bytes(explorer.image.value).startswith(PNG_SIGNATURE)
    pixels = picture(explorer.image.value)
    assert pixels.shape == (420, 640, 3)
    differing = float(np.mean(np.abs(pixels - full_redraw(explorer)) > 40))
    assert differing < 1e-3


def test_ss_sliders_are_labelled_with_units():
    explorer = SafetyStockExplorer()
    assert explorer.service_level.readout_format == ".1%"
    assert (explorer.service_level.min, explorer.service_level.max) == (0.5, 0.999)
    for slider, unit in (
        (explorer.demand_sd, "units/day"),
        (explorer.mean_demand, "units/day"),
        (explorer.lead_time, "days"),
        (explorer.lead_time_sd, "days"),
        (explorer.holding_cost, "£ per unit per year"),
    ):
        assert unit in slider.description
        assert slider.tooltip
        assert slider.continuous_update is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"service_level": 95}, "SafetyStockExplorer: service_level must be between 0.5 and 0.999 (the default range)"),
        ({"service_level_range": (0.4, 0.99)}, "service_level_range must lie from 0.5 up to (not including) 1"),
        ({"service_level_range": (0.5, 1.0)}, "1 (100 %) would need infinite safety stock"),
        ({"demand_sd": -1}, "demand_sd must be between 0 and 60"),
        ({"lead_time_range": (0, 30)}, "the minimum of lead_time_range must be more than 0"),
        ({"demand_sd_range": (-1, 30)}, "the minimum of demand_sd_range must be 0 or more, not -1"),
        ({"mean_demand": None}, "mean_demand must be a number (the mean demand per day, in units per day), not None"),
    ],
)
def test_ss_constructor_checks_its_arguments(kwargs, message):
    with pytest.raises(ValueError) as error:
        SafetyStockExplorer(**kwargs)
    assert message in str(error.value)


def test_ss_standard_deviations_may_start_at_zero():
    explorer = SafetyStockExplorer(demand_sd=0, demand_sd_range=(0, 30), lead_time_sd=0)
    assert explorer.demand_sd.min == 0 and explorer.result.safety_stock == 0


# -- both ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "key", "expected"),
    [
        (None, 707.1, 2500),  # no limit yet: the round number above 3 × 707
        (2500, 900, 2500),  # inside the band: stays
        (2500, 250, 800),  # below 0.12 × 2500: shrinks
        (2500, 1800, 6000),  # above 0.7 × 2500: grows
        (2500, 0, 2500),  # nothing to show: stays
    ],
)
def test_axis_limits_are_sticky_and_round(current, key, expected):
    assert _explorer.sticky_limit(current, key, target=3.0, low=0.12, high=0.7) == pytest.approx(expected)


@pytest.mark.parametrize("kind", [EOQExplorer, SafetyStockExplorer])
def test_result_is_read_only(kind):
    explorer = kind()
    with pytest.raises(AttributeError):
        explorer.result = None
    with pytest.raises(AttributeError):
        explorer.result.holding_cost = 1.0  # a frozen dataclass


@pytest.mark.parametrize("demand_sd", [15.803876, 0.37, 33.3333])
def test_a_starting_value_off_the_default_grid_is_kept_exactly(demand_sd):
    explorer = SafetyStockExplorer(demand_sd=demand_sd, mean_demand=32.336986)
    for slider, wanted in ((explorer.demand_sd, demand_sd), (explorer.mean_demand, 32.336986)):
        assert slider.value == wanted
        steps = (slider.value - slider.min) / slider.step
        assert steps == pytest.approx(round(steps), abs=1e-6), "the grid must pass through the starting value"
        assert slider.max <= 200 and slider.max - slider.min > 10 * slider.step
    assert explorer.result.safety_stock == pytest.approx(
        inventory.safety_stock(0.95, demand_sd, 10, lead_time_sd=2, mean_demand=32.336986)
    )


# -- never the graded answers --------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "avoid"),
    [
        (EOQExplorer, {"order_cost": 50}),  # the default order cost slider runs from £5 to £250
        (SafetyStockExplorer, {"mean_demand": 32.34, "demand_sd": 15.8, "lead_time": 10}),
    ],
)
def test_an_explorer_refuses_sliders_that_could_reach_the_graded_numbers(kind, avoid):
    with pytest.raises(ValueError) as error:
        kind(avoid=avoid)
    assert f"{kind.__name__}: its sliders could be set to the graded numbers it must avoid" in str(error.value)
    assert "more than 20% away" in str(error.value)


def test_an_explorer_starts_when_one_slider_stays_away_from_the_graded_numbers():
    explorer = SafetyStockExplorer(
        mean_demand=3.2, mean_demand_range=(0.5, 16), avoid={"mean_demand": 22.0, "demand_sd": 12, "lead_time": 10}
    )
    assert explorer.avoided == {"mean_demand": 22.0, "demand_sd": 12.0, "lead_time": 10.0}
    with pytest.raises(ValueError, match="more than 20% away"):  # 16 × 1.2 is more than 19
        SafetyStockExplorer(mean_demand=3.2, mean_demand_range=(0.5, 16), avoid={"mean_demand": 19.0})


@pytest.mark.parametrize(
    ("avoid", "message"),
    [
        ({"order_costs": 50}, "avoid names no slider order_costs; the sliders are annual_demand, order_cost"),
        ({"order_cost": "50"}, "EOQExplorer: avoid['order_cost'] must be a number"),
        ([50], "avoid must map slider names to the graded numbers"),
    ],
)
def test_avoid_is_checked(avoid, message):
    with pytest.raises(ValueError) as error:
        EOQExplorer(avoid=avoid)
    assert message in str(error.value)


@pytest.mark.parametrize("kind", [EOQExplorer, SafetyStockExplorer])
def test_shown_is_what_the_widget_shows_and_shown_at_gives_the_same_without_drawing(kind):
    explorer = kind()
    first = next(iter(explorer.values()))
    getattr(explorer, first).value = getattr(explorer, first).max
    shown = explorer.shown()
    assert shown[0] == _explorer.plain_text(explorer.summary.value)  # the synced summary, as read
    assert shown[-1] == repr(explorer)
    assert shown == explorer.shown_at(**explorer.values())
    png = explorer.image.value
    assert explorer.shown_at(**{first: getattr(explorer, first).min}) != shown
    assert explorer.image.value == png and explorer.shown() == shown  # shown_at moved nothing
