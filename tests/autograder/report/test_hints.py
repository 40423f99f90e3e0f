"""Section 9 of the report: each code task's hint rungs and practice, from every graded submission's answers.json."""

from __future__ import annotations

import json

import pytest

from logiserve.content import load_exercises
from logiserve.course import Course

from .test_items import page_and_csv, shown_equals

pytestmark = pytest.mark.pipeline

ASSIGNMENT = "01_customers"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Twelve simulated learners through 01_customers; a few ask for hints and check the practice as they go."""
    from logiserve.demo import run_demo

    folder = tmp_path_factory.mktemp("hints") / "demo"
    return run_demo(folder, learners=12, names=[ASSIGNMENT], workers=2, say=lambda _: None)


def saved(course: Course, learner: str) -> dict:
    return json.loads((course.autograded(learner, ASSIGNMENT) / "answers.json").read_text())


def test_every_ladder_s_rungs_are_what_each_learner_s_answers_json_holds(demo):
    from logiserve.autograder.report import build_report

    course = Course(demo.course)
    report = build_report(course, [ASSIGNMENT], out=demo.folder / "again.html")
    content = load_exercises(course.source(ASSIGNMENT) / "exercises.yaml")
    ladders = {c["for"]: (i, c) for i, c in content.items() if c["kind"] == "hint_ladder" and "for" in c}
    twins = {c["for"]: i for i, c in content.items() if c["kind"] == "practice_twin" and "for" in c}
    assert {h.task for h in report.hints} == set(ladders)
    for use in report.hints:
        ladder_id, ladder = ladders[use.task]
        learners = [s for s, _ in use.opened]
        assert learners, "the graded learners are counted"
        for learner, rungs in use.opened:
            record = saved(course, learner).get(ladder_id, {})
            assert rungs == min(record.get("opened", 0), len(ladder["rungs"]))
        assert sum(use.reached(n) for n in range(len(ladder["rungs"]) + 1)) == len(learners)
        practised = [s for s in learners if twins[use.task] in saved(course, s)]
        assert use.practised == len(practised)
        assert use.practice_passed == sum(saved(course, s)[twins[use.task]]["passed"] for s in practised)
    assert any(n for h in report.hints for _, n in h.opened), "some simulated learners open hints"
    assert not [n for h in report.hints for s, n in h.opened if s == "learner07" and n], "the guesser asks for none"


def test_the_page_shows_the_csv_s_numbers(demo):
    soup, value = page_and_csv(demo.report, demo.csv)
    section = soup.find("section", id="hints-and-practice")
    assert section.h2.get_text(strip=True) == "9 · Hints and practice per code task"
    table = section.find("table", id="hints")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr") if tr.find("td")]
    assert rows, "a row per code task"
    for row in rows:
        cells = dict(zip(headers, row, strict=True))
        task = next(k[2] for k in value if k[0] == "hints" and k[2].endswith(f"/{cells['task']}"))
        for rung in range(5):
            if cells[f"stopped at {rung}"]:
                assert cells[f"stopped at {rung}"] == value[("hints", ASSIGNMENT, task, f"learners_stopped_at_{rung}")]
        assert cells["practised the twin"].startswith(value[("hints", ASSIGNMENT, task, "practised")] + " of ")
        for header, metric in (
            ("facility, no hints", "facility_no_hints_percent"),
            ("facility, with hints", "facility_with_hints_percent"),
        ):
            if value[("hints", ASSIGNMENT, task, metric)]:
                shown_equals(cells[header], value[("hints", ASSIGNMENT, task, metric)])
    rungs = [k for k in value if k[0] == "hint_rung"]
    assert len(rungs) == len(rows) * len({k[2] for k in rungs}), "each learner's rung for each task"
