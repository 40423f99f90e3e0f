"""`logiserve demo`: a simulated cohort through release, exchange, collect, grade, feedback and report."""

from __future__ import annotations

import csv

import pytest

from logiserve.cli import main
from logiserve.demo import _spoil_widget, make_cohort

pytestmark = pytest.mark.pipeline


def test_the_cohort_is_seeded_and_varied():
    names = [
        "01_customers",
        "02_service_cycle",
        "03_moments_of_truth",
        "04_complaints",
        "05_inventory",
        "06_supply_chain",
    ]
    cohort = make_cohort(40, names=names)
    assert cohort == make_cohort(40, names=names)
    assert {learner.profile for learner in cohort} == {"strong", "average", "weak", "guesser"}
    assert [learner.student_id for learner in cohort if learner.profile == "guesser"] == ["learner07", "learner27"]
    assert any(learner.missing for learner in cohort) and any(learner.late for learner in cohort)
    assert len({learner.student_id for learner in cohort}) == 40


RIGHT_ANSWERS = {
    "scenario": {"path": [{"step": "greet", "option": "a"}, {"step": "listen", "option": "b"}]},
    "sequence": {"order": ["s1", "s2", "s3", "s4"], "stages": {"s1": "pre"}},
    "journey": {"ratings": {"t1": "positive", "t2": "negative"}, "critical": ["t1", "t2"], "notes": {"t2": "late"}},
    "sorter": {"a": "internal", "b": "external", "c": "external", "d": "internal", "e": "external"},
}


@pytest.mark.parametrize("kind", RIGHT_ANSWERS)
def test_a_learner_who_gets_a_widget_right_keeps_all_of_it(kind):
    import random

    answer = RIGHT_ANSWERS[kind]
    assert _spoil_widget(answer, random.Random(1), 0.0) == answer
    assert _spoil_widget(answer, random.Random(1), 0.5) != answer


@pytest.mark.parametrize("kind", RIGHT_ANSWERS)
def test_a_guesser_answers_every_part_of_a_widget_at_random(kind):
    import random

    from logiserve.demo import _guess_widget

    answer = RIGHT_ANSWERS[kind]
    scenario = {
        "start": "greet",
        "steps": [
            {"id": "greet", "options": [{"id": "a", "next": "listen"}, {"id": "x", "next": "listen"}]},
            {"id": "listen", "options": [{"id": "b", "next": "end"}, {"id": "y", "next": "end"}]},
            {"id": "end", "ending": True},
        ],
    }
    guesses = [_guess_widget(answer, random.Random(seed), scenario) for seed in range(20)]
    assert guesses == [_guess_widget(answer, random.Random(seed), scenario) for seed in range(20)], "seeded"
    assert any(guess != answer for guess in guesses)
    if kind == "sorter":
        assert all(set(guess) == set(answer) for guess in guesses), "every item placed"
    if kind == "scenario":
        assert all([entry["step"] for entry in guess["path"]] == ["greet", "listen"] for guess in guesses)


def test_demo_runs_the_whole_workflow(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert main(["demo", "--learners", "5", "--folder", str(folder), "01_customers"]) == 0
    out = capsys.readouterr().out
    assert f"Open the report in a browser: {folder.resolve() / 'report.html'}" in out

    from nbgrader.api import Gradebook

    course = folder / "course"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "logiserve-cs-l3") as gb:
        assert len(gb.students) == 5
        submissions = gb.assignment_submissions("01_customers")
        scores = sorted(s.score for s in submissions)
    submitted = sorted(p.parent.name for p in (course / "submitted").glob("*/01_customers"))
    assert len(submissions) == len(submitted) >= 4
    assert len(set(scores)) > 1, "a simulated cohort has different scores"
    released = list((folder / "exchange" / "logiserve-cs-l3" / "feedback").rglob("*.html"))
    assert len(released) == len(submitted), "every graded learner gets feedback in the exchange"
    html = (folder / "report.html").read_text()
    assert "Cohort report" in html and "learner01" in html
    with (folder / "report.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert rows and {"section", "assignment", "item", "metric", "value"} <= set(rows[0])
