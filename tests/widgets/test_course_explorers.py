"""05_inventory's explorers as its notebook builds them: no setting a learner can reach shows their graded answers.

The graded steps 3 to 9 of 05 are the planter's EOQ, orders a year, total cost, z, σ over the
lead time, safety stock and reorder point, worked from each learner's own numbers.  The explorers
open on another SKU (the sofa set), cannot be set to the planter (``avoid``), and never show z,
σ over the lead time or a reorder point at all.  Read from the widgets' synced text and chart.
"""

from __future__ import annotations

import pytest

from logiserve import inventory
from logiserve.variants import load_parameters
from logiserve.widgets import _explorer

from ._course_explorers import (
    FOLDER,
    course_explorers,
    figures,
    graded_inputs,
    learner_numbers,
    nearest,
    settings,
)

LEARNERS = (None, *(f"learner{number:03d}" for number in range(1, 26)))
LABELLED = {  # a graded figure the explorers show for their own SKU, and its row in the summary
    "eoq": "EOQ",
    "orders_per_year": "Orders per year",
    "total_annual_cost": "Total annual cost",
    "safety_stock": "Safety stock",
}
NAMES_NEVER_SHOWN = ("z ", "z =", "z=", "σdL", "σLT", "over the lead time", "reorder", "Safety factor")


def graded(mine) -> dict[str, float]:
    """The learner's graded figures of steps 3 to 9, as the hidden tests work them out."""
    D, S = 365 * mine["daily_demand"], mine["order_cost"]
    H = inventory.holding_cost_per_unit(mine["unit_cost"], mine["holding_rate"])
    Q = inventory.eoq(D, S, H)
    level, d_sd, d_mean = mine["service_level"], mine["demand_sd"], mine["daily_demand"]
    L, L_sd = mine["lead_time"], mine["lead_time_sd"]
    ss = inventory.safety_stock(level, d_sd, L, lead_time_sd=L_sd, mean_demand=d_mean)
    return {
        "eoq": Q,
        "orders_per_year": inventory.orders_per_year(D, Q),
        "total_annual_cost": inventory.total_annual_cost(D, S, H, Q),
        "z": inventory.z_for_service_level(level),
        "sd_over_lead_time": inventory.demand_sd_over_lead_time(d_sd, L, lead_time_sd=L_sd, mean_demand=d_mean),
        "safety_stock": ss,
        "reorder_point": inventory.reorder_point(d_mean, L, ss),
    }


@pytest.mark.parametrize("learner", LEARNERS[:6])
def test_the_explorers_open_on_another_sku_and_refuse_the_planter(learner):
    mine = learner_numbers(learner)
    explorers = course_explorers(learner)
    for name, explorer in explorers.items():
        planter = graded_inputs(mine)[name]
        opening = explorer.values()
        assert all(opening[n] != pytest.approx(v, rel=0.05) for n, v in planter.items() if n != "service_level"), name
        assert set(explorer.avoided) <= set(planter) and explorer.avoided
        for n, value in explorer.avoided.items():
            assert value == pytest.approx(planter[n])


def test_for_every_learner_there_can_be_the_explorers_sliders_stay_away_from_the_planter():
    """Every value the variants can give the planter (not just these learners'): one slider never reaches it."""
    parameters = load_parameters(FOLDER / "exercises.yaml")
    explorers = course_explorers(None)
    eoq, ss = explorers["eoq_explorer"], explorers["ss_explorer"]
    sliders = {name: getattr(ss, name) for name in ss.values()}
    for value in parameters["order_cost"].values:
        _explorer.refuse_graded("EOQExplorer", {"order_cost": eoq.order_cost}, {"order_cost": value})
    for name, parameter in (("mean_demand", "daily_demand"), ("demand_sd", "demand_sd")):
        for value in parameters[parameter].values:
            _explorer.refuse_graded("SafetyStockExplorer", sliders, {name: value})
    # and as it was before: opened on the planter, the safety-stock explorer is refused
    with pytest.raises(ValueError, match="its sliders could be set to the graded numbers"):
        type(ss)(mean_demand=32.34, demand_sd=15.8, avoid={"mean_demand": 32.34, "demand_sd": 15.8})


@pytest.mark.parametrize("learner", LEARNERS)
def test_no_reachable_setting_shows_z_the_sd_over_the_lead_time_or_a_reorder_point(learner):
    """Over a grid of every slider (3 values each, on the sliders' grids), the opening and the planter's nearest."""
    mine = learner_numbers(learner)
    z = graded(mine)["z"]
    for name, explorer in course_explorers(learner).items():
        wanted = graded_inputs(mine)[name]
        for setting in settings(explorer, wanted, per_slider=3):
            texts = explorer.shown_at(**setting)
            assert not any(never in text for text in texts for never in NAMES_NEVER_SHOWN), (name, setting)
            assert all(abs(number - z) > 0.01 for number in figures(texts)), (name, setting)  # z: 0.01 counts


@pytest.mark.parametrize("learner", LEARNERS)
def test_dragged_as_near_the_planter_as_they_go_the_explorers_show_none_of_its_answers(learner):
    """Moved as a learner moves them, read from the synced summary and chart: each figure far from the graded one."""
    mine = learner_numbers(learner)
    right = graded(mine)
    for name, explorer in course_explorers(learner).items():
        for slider, value in nearest(explorer, graded_inputs(mine)[name]).items():
            getattr(explorer, slider).value = value
        result = explorer.result
        shown = explorer.shown()
        summary = shown[0]  # the synced summary's text: its table, row by row
        for figure, row in LABELLED.items():
            if hasattr(result, figure):
                value = getattr(result, figure)
                decimals = 2 if figure in ("orders_per_year", "total_annual_cost") else 1
                assert f"{row} {value:,.{decimals}f}" in summary.replace("£", "")
                assert abs(value / right[figure] - 1) > 0.10, (name, figure, value, right[figure])
        assert all(abs(number - right["z"]) > 0.01 for number in figures(shown)), name
        assert not any(never in text for text in shown for never in NAMES_NEVER_SHOWN), name
        assert explorer.shown_at(**explorer.values()) == shown
