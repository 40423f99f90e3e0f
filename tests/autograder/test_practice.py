"""check_practice: a practice twin marked at once by its graded task's check, recorded only when better."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from logiserve.autograder.checks import check_method_step, check_practice, check_series, mark_practice
from logiserve.content import ContentError
from logiserve.widgets import AnswerStore
from tests.content.test_support_kinds import LADDER, TWIN

ID = "05_inventory.demand_practice"


@pytest.fixture
def folder(tmp_path):
    exercises = {ID: TWIN, "05_inventory.demand_hints": LADDER}
    (tmp_path / "exercises.yaml").write_text(yaml.safe_dump({"exercises": exercises}))
    return tmp_path


def run(folder, namespace, capsys) -> str:
    check_practice(ID, namespace, path=folder / "exercises.yaml", store=AnswerStore(folder))
    return capsys.readouterr().out


def saved(folder):
    path = folder / "answers.json"
    return json.loads(path.read_text()) if path.exists() else {}


def test_the_same_messages_as_the_graded_check(folder, capsys):
    out = run(folder, {"reel_annual_demand": 12}, capsys)
    graded = check_method_step(
        12, 4380, points=1, slips={"That is the daily demand.": 12}, what="the annual demand", unit=" units"
    )
    assert out.splitlines()[1:-1] == str(graded).splitlines()
    assert out.startswith("Practice (not marked): a year of the reel's demand\n")  # "Practice: " said once
    assert out.endswith("Try again as often as you like; the hints below can help.\n")
    assert saved(folder) == {ID: {"best": 0.0, "passed": False}}


def test_a_right_answer_is_recorded_and_a_worse_try_later_changes_nothing(folder, capsys):
    assert "Score: 1 / 1" in run(folder, {"reel_annual_demand": 4380}, capsys)
    assert saved(folder) == {ID: {"best": 1.0, "passed": True}}
    before = (folder / "answers.json").stat().st_mtime_ns
    run(folder, {"reel_annual_demand": 4380}, capsys)  # run again, as validating and autograding do
    run(folder, {"reel_annual_demand": 1}, capsys)
    assert saved(folder) == {ID: {"best": 1.0, "passed": True}}
    assert (folder / "answers.json").stat().st_mtime_ns == before, "nothing was written"


def test_no_answer_yet_is_told_without_a_traceback_and_writes_nothing(folder, capsys):
    out = run(folder, {}, capsys)
    assert "Not answered yet: store your practice answer in `reel_annual_demand`" in out
    assert saved(folder) == {}


def test_a_series_twin_uses_check_series():
    twin = {"check": "series", "points": 3, "expected": {"A": 30, "B": 20}, "options": {"what": "v"}}
    answer = pd.Series({"A": 30, "B": 10})
    assert str(mark_practice(twin, answer)) == str(check_series(answer, {"A": 30, "B": 20}, points=3, what="v"))


def test_not_a_twin_is_refused(folder):
    with pytest.raises(ContentError, match="is not a practice twin"):
        check_practice("05_inventory.demand_hints", {}, path=folder / "exercises.yaml")


def test_a_sorter_twin_takes_a_series_as_its_graded_cell_does():
    twin = {"check": "sorter", "points": 2, "expected": {"a": "A", "b": "B", "c": "C", "d": "C"}}
    answer = pd.Series({"a": "A", "b": "B", "c": "C", "d": "C"})
    assert mark_practice(twin, answer).passed
    assert mark_practice(twin, dict(answer.items())).points == 2
