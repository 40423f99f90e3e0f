"""Every graded code task of the course has its practice twin and its hint ladder, and every notebook its panel.

Read from the source course as a learner meets it: the twin's three cells (task, answer, check) and
the ladder come after the task's text and before its graded answer cell; the twin uses the check
and the points of the graded cell it twins; the progress panel lists every autograded exercise.
"""

from __future__ import annotations

import ast
import re
from functools import cache

import nbformat
import pytest

from logiserve.autograder.marking.plan import plan_notebook
from logiserve.content import load_exercises
from logiserve.course import Course
from logiserve.mark_split import answer_kind

COURSE = Course.find()
GRADED = COURSE.graded_assignments()
CHECK_OF = {
    "check_number": "number",
    "check_method_step": "method_step",
    "check_series": "series",
    "check_names": "names",
    "check_text": "text",
    "check_pareto_chart": "pareto_chart",
    "check_sorter": "sorter",
}
EXERCISE_ID = re.compile(r'"(\d\d_\w+\.\w+)"')


@cache
def notebook(assignment: str):
    (path,) = sorted(COURSE.source(assignment).glob("*.ipynb"))
    return nbformat.read(path, as_version=4)


@cache
def content(assignment: str) -> dict:
    return load_exercises(COURSE.source(assignment) / "exercises.yaml")


def grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def code_tasks(assignment: str) -> list[tuple[int, object]]:
    """(index, cell) of every autograded test cell answered in code or as a number."""
    return [(i, c) for i, c in enumerate(notebook(assignment).cells) if answer_kind(c) in ("number", "code")]


def support(assignment: str, kind: str) -> dict[str, tuple[str, dict]]:
    """The graded grade_id -> (exercise id, content) of the assignment's ``kind`` exercises that name one."""
    found: dict[str, list] = {}
    for exercise_id, item in content(assignment).items():
        if item["kind"] == kind and "for" in item:
            found.setdefault(item["for"], []).append((exercise_id, item))
    for graded, ids in found.items():
        assert len(ids) == 1, f"{assignment}: {len(ids)} {kind} exercises for {graded}: {[i for i, _ in ids]}"
    return {graded: ids[0] for graded, ids in found.items()}


def checks_called(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        CHECK_OF[n.func.id]
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in CHECK_OF
    ]


def where(assignment: str, predicate) -> list[int]:
    return [i for i, c in enumerate(notebook(assignment).cells) if predicate(c)]


@pytest.mark.parametrize("assignment", GRADED)
def test_every_code_task_has_one_twin_and_one_ladder(assignment):
    tasks = {grade_id(c) for _, c in code_tasks(assignment)}
    assert tasks, f"{assignment} has no code task"
    twins, ladders = support(assignment, "practice_twin"), support(assignment, "hint_ladder")
    assert set(twins) == tasks, (
        f"twins missing for {sorted(tasks - set(twins))}, or for no task: {sorted(set(twins) - tasks)}"
    )
    assert set(ladders) == tasks, (
        f"ladders missing for {sorted(tasks - set(ladders))}, extra {sorted(set(ladders) - tasks)}"
    )
    for ladder_id, ladder in ladders.values():
        assert [r["level"] for r in ladder["rungs"]] == ["concept", "method", "worked", "skeleton"], ladder_id
        assert ladder["rungs"][-1].get("code"), f"{ladder_id}: the skeleton rung shows code"


@pytest.mark.parametrize("assignment", GRADED)
def test_a_twin_uses_its_graded_cell_s_check_points_and_ids(assignment):
    twins = support(assignment, "practice_twin")
    for _, cell in code_tasks(assignment):
        twin_id, twin = twins[grade_id(cell)]
        hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[-1]
        assert twin["check"] in checks_called(hidden), (
            f"{twin_id}: {twin['check']} is not the check of {grade_id(cell)}"
        )
        assert twin["points"] == cell.metadata["nbgrader"]["points"], twin_id
        assessed = set(cell.metadata.get("logiserve", {}).get("assesses", []))
        assert set(twin.get("assesses", [])) <= assessed, f"{twin_id} practises ids its graded cell does not assess"


@pytest.mark.parametrize("assignment", GRADED)
def test_the_twin_and_the_ladder_stand_between_the_task_and_its_answer(assignment):
    cells = notebook(assignment).cells
    tests = [i for i, c in enumerate(cells) if answer_kind(c) is not None]  # any grade cell ends a task's span
    twins, ladders = support(assignment, "practice_twin"), support(assignment, "hint_ladder")
    for index, cell in code_tasks(assignment):
        twin_id, _ = twins[grade_id(cell)]
        ladder_id, _ = ladders[grade_id(cell)]
        before = max([t for t in tests if t < index] + [-1])
        span = range(before + 1, index)
        answer = [i for i in span if cells[i].metadata.get("logiserve", {}).get("practice") == twin_id]
        check = [i for i in span if f'check_practice("{twin_id}", globals())' in cells[i].source]
        ladder = [i for i in span if f'HintLadder.from_file("exercises.yaml", "{ladder_id}")' in cells[i].source]
        assert len(answer) == 1 and len(check) == 1 and len(ladder) == 1, (
            f"{grade_id(cell)}: its twin's answer cell, its check_practice cell and its ladder come once each "
            f"after the previous graded cell and before its own ({answer}, {check}, {ladder})"
        )
        graded_answer = [
            i
            for i in span
            if cells[i].cell_type == "code"
            and cells[i].metadata.get("nbgrader", {}).get("solution")
            and not cells[i].metadata.get("logiserve", {}).get("practice")
        ]
        assert answer[0] < check[0] < min([*graded_answer, index]), f"{twin_id}: answer, check, then the graded answer"
        nbgrader = cells[answer[0]].metadata["nbgrader"]
        assert nbgrader.get("solution") and not nbgrader.get("grade"), f"{twin_id}: an answer cell with no marks"


@pytest.mark.parametrize("assignment", GRADED)
def test_the_source_s_twins_earn_full_marks_in_their_stored_output(assignment):
    cells = notebook(assignment).cells
    for twin_id, twin in ((i, c) for i, c in content(assignment).items() if c["kind"] == "practice_twin"):
        (cell,) = [c for c in cells if f'check_practice("{twin_id}", globals())' in c.source]
        text = "".join(o.get("text", "") for o in cell.get("outputs", []))
        points = f"{twin['points']:g}"
        assert f"Score: {points} / {points}" in text, f"{twin_id}: the source's own practice answer earns {text!r}"


@pytest.mark.parametrize("assignment", GRADED)
def test_the_progress_panel_lists_every_autograded_exercise(assignment):
    panels = [(i, c) for i, c in content(assignment).items() if c["kind"] == "progress"]
    assert len(panels) == 1, f"{assignment} has one progress panel"
    panel_id, panel = panels[0]
    cells = notebook(assignment).cells
    widgets = sorted(c.metadata["logiserve"]["exercise"] for c in cells if answer_kind(c) == "widget")
    assert sorted(e["exercise"] for e in panel["graded"] if "exercise" in e) == widgets
    # each code task is listed by an answer its test reads (the marking plan's reading of the cell)
    plan = plan_notebook(notebook(assignment), notebook(assignment), exercise_ids=content(assignment))
    reads = {t.grade_id: set(t.answers) for t in plan.tests}
    listed = [e["answer"] for e in panel["graded"] if "answer" in e]
    tasks = [grade_id(c) for _, c in code_tasks(assignment)]
    assert len(listed) == len(tasks) == len(set(listed)), f"{panel_id}: one entry per code task"
    for task in tasks:
        assert len(reads[task] & set(listed)) == 1, f"{panel_id}: {task} (reads {sorted(reads[task])}) is listed once"
    practice = {i for i, c in content(assignment).items() if c["mode"] == "practice" and c["kind"] != "progress"}
    named = {p for outcome in panel["outcomes"] for p in outcome["practice"]}
    assert named <= practice, f"{panel_id} names exercises that are not practice: {sorted(named - practice)}"
    twins = {i for i, c in content(assignment).items() if c["kind"] == "practice_twin"}
    assert twins <= named, f"{panel_id}: every twin counts for an outcome; missing {sorted(twins - named)}"
    (at,) = where(
        assignment, lambda c: f'ProgressPanel.from_file("exercises.yaml", "{panel_id}", globals())' in c.source
    )
    last_graded = max(i for i, c in enumerate(cells) if answer_kind(c) is not None)
    assert at > last_graded, (
        "the panel comes after the last graded exercise (the written answer too), before submitting"
    )


def test_the_primer_is_practice_only_with_feedback_everywhere():
    primer = "00_python_for_logistics"
    assert primer in COURSE.assignments() and primer not in GRADED
    cells = notebook(primer).cells
    assert not [c for c in cells if c.metadata.get("nbgrader", {}).get("grade")], "the primer has no grade cell"
    twins = {i for i, c in content(primer).items() if c["kind"] == "practice_twin"}
    assert len(twins) >= 6
    for twin_id in twins:
        assert any(f'check_practice("{twin_id}", globals())' in c.source for c in cells), twin_id
        assert any(c.metadata.get("logiserve", {}).get("practice") == twin_id for c in cells), twin_id
