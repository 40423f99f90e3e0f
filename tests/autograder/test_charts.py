"""check_pareto_chart marks what a learner's chart shows: bars, their order, the cumulative line, the 80 % line."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from logiserve.autograder import check_pareto_chart

COUNTS = pd.Series({"carrier_missed_slot": 50, "picking_error": 30, "label_error": 12, "billing_data": 8})
CAUSES = list(COUNTS.index)
CUMULATIVE = [0.5, 0.8, 0.92, 1.0]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def draw(*, bars=True, sort=True, line="percent", reference=True, title=True, twin=True):
    fig, ax = plt.subplots()
    order = CAUSES if sort else CAUSES[::-1]
    heights = [int(COUNTS[c]) for c in order]
    if bars:
        ax.bar(order, heights)
    target = ax.twinx() if twin else ax
    factor = 100 if line == "percent" else 1
    if line:
        running = [sum(heights[: i + 1]) / sum(heights) * factor for i in range(len(heights))]
        target.plot(order, running, marker="o")
    if reference:
        target.axhline(0.8 * factor, linestyle="--")
    if title:
        ax.set_title("Complaints by root cause")
    return fig


def test_a_complete_pareto_chart_earns_every_point():
    result = check_pareto_chart(draw(), COUNTS, points=2)
    assert result.points == 2.0
    assert result.messages == (
        "Bars show each of the 4 causes in proportion.",
        "Bars sorted largest first, as a Pareto chart needs.",
        "Cumulative line right: it climbs to 100 % across the causes.",
        "Reference line at 80% shows where the vital few end.",
    )


def test_shares_instead_of_percentages_are_fine_and_the_axes_can_be_one():
    assert check_pareto_chart(draw(line="share", twin=False), COUNTS, points=2).points == 2.0


def test_the_axes_object_is_accepted_as_well_as_the_figure():
    fig = draw()
    assert check_pareto_chart(fig.axes[0], COUNTS, points=2).points == 2.0


def test_unsorted_bars_lose_the_order_and_the_cumulative_line():
    result = check_pareto_chart(draw(sort=False), COUNTS, points=2)
    # bars counted (0.5); not sorted; the running total in that order is not the Pareto line; 80 % line (0.5)
    assert result.points == 1.0
    assert "Sort the bars largest first: the vital few belong on the left." in result.messages
    assert any(m.startswith("No cumulative line found") for m in result.messages)


def test_each_missing_part_costs_exactly_its_share():
    assert check_pareto_chart(draw(reference=False), COUNTS, points=2).points == 1.5
    assert check_pareto_chart(draw(line=None), COUNTS, points=2).points == 1.5  # bars, order and 80 % line
    no_bars = check_pareto_chart(draw(bars=False), COUNTS, points=2)
    assert no_bars.points == 1.0
    assert "No bars found: draw one bar for each of the causes (ax.bar)." in no_bars.messages


def test_wrong_counts_earn_nothing_for_the_bars():
    fig, ax = plt.subplots()
    ax.bar(CAUSES, [40, 30, 20, 10])
    result = check_pareto_chart(fig, COUNTS, points=2)
    assert result.points == 0.0
    assert result.messages[0].startswith("The bars do not show each of the 4 causes in proportion")


def test_a_reference_line_at_the_wrong_height_earns_nothing():
    fig = draw(reference=False)
    fig.axes[1].axhline(70, linestyle="--")
    assert check_pareto_chart(fig, COUNTS, points=2).points == 1.5


def test_pandas_bar_plots_are_read_too():
    fig, ax = plt.subplots()
    COUNTS.plot.bar(ax=ax)
    share_axis = ax.twinx()
    share_axis.plot(range(4), [v * 100 for v in CUMULATIVE])
    share_axis.axhline(80)
    assert check_pareto_chart(fig, COUNTS, points=2).points == 2.0


def test_an_untitled_chart_gets_a_tip_but_keeps_its_points():
    result = check_pareto_chart(draw(title=False), COUNTS, points=2)
    assert result.points == 2.0
    assert result.messages[-1].startswith("Tip: give the chart a title")


@pytest.mark.parametrize("answer", [None, "chart", 42, [1, 2, 3]])
def test_something_that_is_not_a_chart_scores_zero_with_a_reason(answer):
    result = check_pareto_chart(answer, COUNTS, points=2)
    assert result.points == 0.0
    assert result.messages[0].startswith("Nothing to mark yet: expected a matplotlib Figure")


def test_a_line_with_nan_points_is_not_read_as_the_cumulative_line():
    fig = draw(line=None)
    fig.axes[1].plot(CAUSES, [50, float("nan"), 92, 100])
    result = check_pareto_chart(fig, COUNTS, points=2)
    assert result.points == 1.5


def test_bad_counts_are_the_authors_mistake():
    with pytest.raises(ValueError, match="counts must give a count"):
        check_pareto_chart(draw(), {}, points=2)
    with pytest.raises(ValueError, match="counts must give a count"):
        check_pareto_chart(draw(), {"a": -1}, points=2)


def test_bars_in_another_unit_are_read_in_proportion():
    fig, ax = plt.subplots()
    ax.bar(CAUSES, [int(COUNTS[c]) / 4 for c in CAUSES])  # e.g. shares in %, or £ thousands
    share_axis = ax.twinx()
    share_axis.plot(CAUSES, [v * 100 for v in CUMULATIVE])
    share_axis.axhline(80)
    result = check_pareto_chart(fig, COUNTS, points=2, items="SKUs")
    assert result.points == 2.0
    assert result.messages[0] == "Bars show each of the 4 SKUs in proportion."
