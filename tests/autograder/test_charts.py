"""check_pareto_chart marks what a learner's chart shows: bars, their order, the cumulative line, the 80 % line.

chart_data describes the chart as plain data, and its data scores as the figure does.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from logiserve._plain import NotPlain
from logiserve.autograder import chart_data, check_pareto_chart
from logiserve.autograder.checks.charts import CHART_LIMITS

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
    # bars counted (0.5); not sorted; the running total in that order is not the Pareto line; so the 80 % line,
    # which is read against that line, earns nothing
    assert result.points == 0.5
    assert "A line at 80% counts only with the cumulative line it is read against, so it earns nothing here." in (
        result.messages
    )
    assert "Sort the bars largest first: the vital few belong on the left." in result.messages
    assert any(m.startswith("No cumulative line found") for m in result.messages)


def test_each_missing_part_costs_exactly_its_share():
    assert check_pareto_chart(draw(reference=False), COUNTS, points=2).points == 1.5
    # bars and order; the 80 % line without the cumulative line it is read against earns nothing
    assert check_pareto_chart(draw(line=None), COUNTS, points=2).points == 1.0
    no_bars = check_pareto_chart(draw(bars=False), COUNTS, points=2)
    assert no_bars.points == 1.0
    assert "No bars found: draw one bar for each of the causes (ax.bar)." in no_bars.messages


def test_wrong_counts_earn_nothing_for_the_bars():
    fig, ax = plt.subplots()
    ax.bar(CAUSES, [40, 30, 20, 10])
    result = check_pareto_chart(fig, COUNTS, points=2)
    assert result.points == 0.0
    assert result.messages[0].startswith("The bars do not show each of the 4 causes in proportion")


@pytest.mark.parametrize(("height", "scale"), [(80, 100), (0.8, 1)])
def test_a_line_at_80_percent_alone_earns_nothing(height, scale):
    """A guess that draws nothing of the counts: before the line needed the cumulative line, it earned a quarter."""
    fig, ax = plt.subplots()
    ax.axhline(height)
    assert check_pareto_chart(fig, COUNTS, points=2).points == 0.0
    ax.bar(CAUSES, [1, 1, 1, 1])  # bars of equal height, one per cause, do not show the counts
    assert check_pareto_chart(fig, COUNTS, points=2).points == 0.0
    ax.plot(CAUSES, [v * scale for v in CUMULATIVE])  # with the cumulative line the 80 % line counts again
    assert check_pareto_chart(fig, COUNTS, points=2).points == 1.0


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
    assert result.points == 1.0  # bars and order; no cumulative line, so its 80 % line counts for nothing


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


# -- the chart as plain data: chart_data, and marking it ---------------------------------------------------------
def _plain_only(value):
    if isinstance(value, dict):
        return all(type(k) is str and _plain_only(v) for k, v in value.items()) and type(value) is dict
    if isinstance(value, list):
        return type(value) is list and all(_plain_only(v) for v in value)
    return value is None or type(value) in (str, float, bool)


def _pandas_chart():
    fig, ax = plt.subplots()
    COUNTS.plot.bar(ax=ax)
    share_axis = ax.twinx()
    share_axis.plot(range(4), [v * 100 for v in CUMULATIVE])
    share_axis.axhline(80)
    return fig


def _nan_line_chart():
    fig = draw(line=None)
    fig.axes[1].plot(CAUSES, [50, float("nan"), 92, 100])
    return fig


CHARTS = {
    "right Pareto": draw,
    "unsorted bars": lambda: draw(sort=False),
    "no line": lambda: draw(line=None),
    "no reference": lambda: draw(reference=False),
    "no bars": lambda: draw(bars=False),
    "share scale 0-1, one axes": lambda: draw(line="share", twin=False),
    "share scale 0-1, twin axes": lambda: draw(line="share"),
    "twin axes, untitled": lambda: draw(title=False),
    "Axes given": lambda: draw().axes[0],
    "the twin Axes given": lambda: draw().axes[1],
    "pandas bars": _pandas_chart,
    "a line with NaN": _nan_line_chart,
}


@pytest.mark.parametrize("make", CHARTS.values(), ids=CHARTS.keys())
def test_a_figure_and_its_chart_data_score_the_same_also_after_json(make):
    chart = make()
    data = chart_data(chart)
    assert _plain_only(data)
    round_trip = json.loads(json.dumps(data, allow_nan=False))
    assert round_trip == data
    expected = check_pareto_chart(chart, COUNTS, points=2)
    for marked in (data, round_trip):
        result = check_pareto_chart(marked, COUNTS, points=2)
        assert (result.points, result.messages) == (expected.points, expected.messages)


def test_the_right_chart_s_data_still_earns_every_point():
    assert check_pareto_chart(json.loads(json.dumps(chart_data(draw()))), COUNTS, points=2).points == 2.0


def test_chart_data_reads_every_axes_bars_lines_and_text():
    fig = draw(line="share")
    fig.axes[0].set_xlabel("cause")
    fig.suptitle("Q3")
    data = chart_data(fig)
    assert data["chart"] == "matplotlib" and data["suptitle"] == "Q3" and data["truncated"] is False
    first, twin = data["axes"]
    assert (first["title"], first["xlabel"], first["ylabel"]) == ("Complaints by root cause", "cause", "")
    assert first["bars"] == [[50.0, 30.0, 12.0, 8.0]] and first["lines"] == []
    assert twin["bars"] == [] and twin["lines"] == [CUMULATIVE, [0.8, 0.8]]
    assert chart_data(fig.axes[1]) == data


def test_a_value_that_is_not_a_finite_number_is_none_in_the_data():
    fig = _nan_line_chart()
    assert [50.0, None, 92.0, 100.0] in chart_data(fig)["axes"][1]["lines"]


@pytest.mark.parametrize("answer", [None, "chart", 42, [1, 2, 3], COUNTS])
def test_chart_data_of_something_that_is_not_a_chart_says_what_was_expected(answer):
    with pytest.raises(NotPlain, match=r"expected a matplotlib Figure \(e.g. fig from fig, ax = plt.subplots\(\)\)"):
        chart_data(answer)


HAND_MADE = {
    "chart": "matplotlib",
    "suptitle": "",
    "truncated": False,
    "axes": [
        {"title": "Causes", "xlabel": "", "ylabel": "", "bars": [[50, 30, 12, 8]], "lines": []},
        {"title": "", "xlabel": "", "ylabel": "", "bars": [], "lines": [[50, 80, 92, 100], [80, 80]]},
    ],
}


def test_hand_made_chart_data_with_whole_numbers_is_read():
    assert check_pareto_chart(HAND_MADE, COUNTS, points=2).points == 2.0


def test_a_chart_beyond_the_limits_is_described_in_part_and_flagged():
    fig, axes = plt.subplots(1, CHART_LIMITS["axes"] + 1)
    axes[0].bar(CAUSES, [int(COUNTS[c]) for c in CAUSES])
    axes[0].plot(range(CHART_LIMITS["points"] + 1))  # one line too long to describe: left out
    axes[0].plot(range(4), [v * 100 for v in CUMULATIVE])
    data = chart_data(fig)
    assert data["truncated"] is True
    assert len(data["axes"]) == CHART_LIMITS["axes"]
    assert data["axes"][0]["lines"] == [[v * 100 for v in CUMULATIVE]]
    assert len(json.dumps(data)) < 10_000
    result = check_pareto_chart(fig, COUNTS, points=2)
    assert result.points == 1.5  # bars, order, cumulative line; no 80 % line
    assert any(m.startswith("Only part of the chart was read") for m in result.messages)
    assert check_pareto_chart(json.loads(json.dumps(data)), COUNTS, points=2) == result


def test_too_many_series_or_values_stop_at_the_limits():
    fig, ax = plt.subplots()
    for _ in range(CHART_LIMITS["series"] + 5):
        ax.axhline(80)
    data = chart_data(fig)
    assert data["truncated"] is True and len(data["axes"][0]["lines"]) == CHART_LIMITS["series"]
    fig, ax = plt.subplots()
    for _ in range(CHART_LIMITS["values"] // CHART_LIMITS["points"] + 1):
        ax.plot(range(CHART_LIMITS["points"]))
    data = chart_data(fig)
    assert data["truncated"] is True
    assert sum(len(ys) for ys in data["axes"][0]["lines"]) == CHART_LIMITS["values"]


def _data(**change):
    data = copy.deepcopy(HAND_MADE)
    axes = data["axes"][0]
    for key, value in change.items():
        if key.startswith("axes_"):
            axes[key[5:]] = value
        else:
            data[key] = value
    return data


def _without(key):
    data = copy.deepcopy(HAND_MADE)
    del data[key]
    return data


MALFORMED = {
    "an empty dict": ({}, "missing 'chart'"),
    "a key missing": (_without("axes"), "missing 'axes'"),
    "an extra key": (_data(answer=[1]), "unexpected 'answer'"),
    "another chart kind": (_data(chart="plotly"), "'chart' must be 'matplotlib'"),
    "axes not a list": (_data(axes={"title": ""}), "'axes' must be a list, found dict"),
    "axes a tuple": (_data(axes=()), "'axes' must be a list, found tuple"),
    "an axes not a dict": (_data(axes=[[]]), "axes[0] must be a dict, found list"),
    "bars not a list of lists": (_data(axes_bars=[50, 30]), "axes[0].bars[0] must be a list, found int"),
    "a bar height as text": (_data(axes_bars=[[50, "30", 12, 8]]), "axes[0].bars[0][1] must be a finite number"),
    "a bar height NaN": (_data(axes_bars=[[50, float("nan"), 12, 8]]), "axes[0].bars[0][1] must be a finite number"),
    "a line point infinite": (_data(axes_lines=[[float("inf")]]), "axes[0].lines[0][0] must be a finite number"),
    "a bar height True": (_data(axes_bars=[[True]]), "axes[0].bars[0][0] must be a finite number or None, found bool"),
    "a title not text": (_data(axes_title=7), "axes[0].title must be text"),
    "a title too long": (_data(axes_title="x" * 1000), "axes[0].title must be text of at most"),
    "suptitle missing": (_without("suptitle"), "missing 'suptitle'"),
    "truncated not a bool": (_data(truncated="no"), "'truncated' must be True or False, found str"),
    "too many axes": (_data(axes=[HAND_MADE["axes"][1]] * 50), "'axes' has 50 entries"),
    "a series too long": (_data(axes_lines=[[1.0] * 6000]), "axes[0].lines[0] has 6000 entries"),
    "too many values in all": (_data(axes_lines=[[1.0] * 5000] * 5), "more than the limits"),
    "a dict subclass": (_data(axes=[OrderedDict(HAND_MADE["axes"][0])]), "axes[0] must be a dict"),
}


@pytest.mark.parametrize(("data", "problem"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_chart_data_scores_zero_with_a_message(data, problem):
    result = check_pareto_chart(data, COUNTS, points=2)
    assert result.points == 0.0
    assert len(result.messages) == 1
    assert result.messages[0].startswith("Nothing to mark yet: expected a matplotlib Figure or its chart_data")
    assert problem in result.messages[0]
