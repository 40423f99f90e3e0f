"""The three kinds that support a learner: their schemas and rules, with messages naming the file and field."""

from __future__ import annotations

import pytest
import yaml

from logiserve.content import ContentError, hint_ladder, load_exercises, practice_twin, progress

TWIN = {
    "kind": "practice_twin",
    "mode": "practice",
    "for": "demand_test",
    "title": "Practice: a year of the reel's demand",
    "assesses": ["ET8"],
    "answer": "reel_annual_demand",
    "check": "method_step",
    "points": 1,
    "expected": 4380,
    "options": {"what": "the annual demand", "unit": " units"},
    "slips": {"That is the daily demand.": 12},
}
LADDER = {
    "kind": "hint_ladder",
    "mode": "practice",
    "for": "demand_test",
    "title": "Hints for step 1",
    "rungs": [
        {"level": "concept", "text": "A year is 365 days."},
        {"level": "method", "text": "Multiply."},
        {"level": "worked", "text": "12 × 365 = 4,380", "code": "reel = 12 * 365"},
        {"level": "skeleton", "text": "Fill in:", "code": "annual_demand = ... * ..."},
    ],
}
PANEL = {
    "kind": "progress",
    "mode": "practice",
    "title": "Before you submit",
    "outcomes": [{"text": "Work out an EOQ", "practice": ["05_inventory.demand_practice"]}],
    "graded": [{"label": "Step 1", "answer": "annual_demand"}, {"label": "Sorter", "exercise": "05_inventory.abc"}],
}


def problems(tmp_path, exercises: dict) -> str:
    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": exercises}))
    with pytest.raises(ContentError) as error:
        load_exercises(path)
    return str(error.value)


def test_the_three_kinds_load(tmp_path):
    path = tmp_path / "exercises.yaml"
    exercises = {
        "05_inventory.demand_practice": TWIN,
        "05_inventory.demand_hints": LADDER,
        "05_inventory.progress": PANEL,
    }
    path.write_text(yaml.safe_dump({"exercises": exercises}))
    assert set(load_exercises(path)) == set(exercises)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mode": "graded"}, "demand_practice.mode: a practice twin is always practice"),
        (
            {"check": "guess"},
            "is not one of ['number', 'method_step', 'series', 'names', 'text', 'pareto_chart', 'sorter']",
        ),
        ({"check": "sorter", "expected": {"a": 1}, "slips": {}}, "every value must be a category"),
        ({"answer": "2x"}, "answer must be the name of a Python variable"),
        ({"expected": {"A": 1}}, "expected: a method_step check needs a number, found dict"),
        ({"check": "series", "expected": {"A": "x"}}, "expected: every value must be a number"),
        ({"check": "number"}, "slips: only a method_step check names slips"),
        ({"options": {"expected": 3}}, "options"),
        ({"assesses": ["ZZ1"]}, "does not match"),
        ({"assesses": ["MC99"]}, "'MC99' is not in the syllabus"),
        ({"points": 0}, "points"),
    ],
)
def test_a_broken_twin_is_refused_with_the_field(tmp_path, change, message):
    found = problems(tmp_path, {"05_inventory.demand_practice": {**TWIN, **change}})
    assert "exercises.yaml: 05_inventory.demand_practice" in found and message in found, found


@pytest.mark.parametrize(
    ("rungs", "message"),
    [
        (LADDER["rungs"][::-1], "the levels go concept → method → worked → skeleton, each once"),
        (LADDER["rungs"][:2], "a graded task's ladder has all four rungs"),
        ([*LADDER["rungs"][:3], LADDER["rungs"][2]], "each once"),
        ([{"level": "answer", "text": "x"}], "is not one of"),
        ([{"level": "concept", "text": ""}], "should be non-empty"),
    ],
)
def test_a_broken_ladder_is_refused_with_the_field(tmp_path, rungs, message):
    found = problems(tmp_path, {"05_inventory.demand_hints": {**LADDER, "rungs": rungs}})
    assert "05_inventory.demand_hints" in found and message in found, found


def test_a_primer_ladder_may_stop_early_but_keeps_the_order(tmp_path):
    path = tmp_path / "exercises.yaml"
    short = {k: v for k, v in LADDER.items() if k != "for"} | {"rungs": LADDER["rungs"][:2]}
    path.write_text(yaml.safe_dump({"exercises": {"00_python_for_logistics.hints": short}}))
    assert load_exercises(path)["00_python_for_logistics.hints"]["rungs"] == LADDER["rungs"][:2]


@pytest.mark.parametrize(
    ("graded", "message"),
    [
        ([{"label": "x", "answer": "a", "exercise": "05_inventory.abc"}], "names a code answer"),
        ([{"label": "x"}], "names a code answer"),
        ([{"label": "x", "answer": "a"}, {"label": "y", "answer": "a"}], "each exercise once; repeated: a"),
    ],
)
def test_a_broken_panel_is_refused(tmp_path, graded, message):
    found = problems(tmp_path, {"05_inventory.progress": {**PANEL, "graded": graded}})
    assert "05_inventory.progress" in found and message in found, found


def test_what_a_ladder_and_a_twin_keep_of_a_saved_record():
    assert hint_ladder.opened(LADDER, {"opened": 3}) == 3
    assert hint_ladder.opened(LADDER, {"opened": 40}) == 4
    assert hint_ladder.opened(LADDER, {"opened": True}) == 0
    assert hint_ladder.opened(LADDER, None) == 0
    assert practice_twin.usable_answer(TWIN, {"best": 1, "passed": True}) == ({"best": 1.0, "passed": True}, "")
    assert practice_twin.usable_answer(TWIN, {"best": -1})[0] == {}
    assert practice_twin.record(None, 0.0, 1) == {"best": 0.0, "passed": False}
    assert practice_twin.record({"best": 1.0, "passed": True}, 0.0, 1) == {"best": 1.0, "passed": True}


def test_progress_counts_practice_tried_and_answers_missing():
    saved = {"05_inventory.demand_practice": {"best": 0.0, "passed": False}}
    found = progress.progress_of(PANEL, saved, {"annual_demand": None})
    assert found.outcomes == (("Work out an EOQ", 1, 1),)
    assert found.answered == () and found.unanswered == ("Step 1", "Sorter")
    found = progress.progress_of(PANEL, {"05_inventory.abc": {"x": "A"}}, {"annual_demand": 4380})
    assert found.outcomes == (("Work out an EOQ", 0, 1),) and found.answered == ("Step 1", "Sorter")
    assert progress.progress_of(PANEL, {"05_inventory.abc": {}}, {"annual_demand": ...}).unanswered == (
        "Step 1",
        "Sorter",
    )
