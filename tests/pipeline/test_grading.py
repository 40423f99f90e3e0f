"""Grading honesty, proven through nbgrader's own commands for every assignment.

* the source notebook (run as a learner would) earns full marks on autograded cells;
* the released notebook earns zero on every one of them;
* removing any one solution drops exactly the points of the test that marks it;
* a widget answer with k of n items right earns exactly what its check gives it (beyond what guessing earns);
* code answers filled into the released notebook earn their cells' points;
* a submission that travels release -> fetch -> submit -> collect keeps its answers.json.
"""

from __future__ import annotations

import ast
import getpass
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from logiserve.content import saved_exercise
from logiserve.variants import variant
from logiserve.widgets import load_exercises
from tests._cohort import copy_course

from .conftest import (
    ASSIGNMENTS,
    COURSE_ID,
    answer_cells,
    autograded_points,
    execute_in,
    read_answers,
)

pytestmark = pytest.mark.pipeline

# the exercise ids a widget cell names (its from_file call)
WIDGET_ID = re.compile(r'"(\d\d_\w+\.\w+)"')


def notebooks(folder):
    return sorted(folder.glob("*.ipynb"))


def copy_assignment(src, dest):
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints"))


def from_the_source_run(ran, dest, edited, without=()):
    """The run of the source in ``ran``, with ``edited`` notebooks in place, as if the learner had run those.

    Running an edited notebook again would only save the same answers.json, less the widget
    answers whose cells were taken out (``without``): nbgrader re-executes every notebook at
    autograde, so of a learner's run only the saved widget answers carry over.
    """
    shutil.copytree(ran, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, nb in edited.items():
        nbformat.write(nb, dest / name)
    answers = {k: v for k, v in read_answers(ran).items() if k not in without}
    (dest / "answers.json").write_text(json.dumps(answers))


def spoil_sorter_answer(answer: dict[str, str]) -> dict[str, str]:
    """Two placements wrong, two taken out."""
    items = sorted(answer)
    categories = sorted(set(answer.values()))
    spoiled = dict(answer)
    for item in items[:2]:
        spoiled[item] = next(c for c in categories if c != answer[item])
    for item in items[2:4]:
        del spoiled[item]
    return spoiled


def spoil_sequence_answer(answer: dict) -> dict:
    """Two neighbouring steps swapped, the last step left out, one stage wrong."""
    order = list(answer["order"])
    order[1], order[2] = order[2], order[1]
    stages = dict(answer.get("stages") or {})
    dropped = order.pop()
    stages.pop(dropped, None)
    if stages:
        first = order[0]
        stages[first] = next(s for s in sorted(set(stages.values()) | {"?"}) if s != stages[first])
    return {"order": order, "stages": stages}


def spoil_journey_answer(answer: dict) -> dict:
    """Two ratings changed, one critical moment unmarked, one note removed."""
    ratings = dict(answer["ratings"])
    for touchpoint in sorted(ratings)[:2]:
        ratings[touchpoint] = "neutral" if ratings[touchpoint] != "neutral" else "positive"
    notes = dict(answer.get("notes") or {})
    if notes:
        notes.pop(sorted(notes)[0])
    return {"ratings": ratings, "critical": list(answer.get("critical") or [])[1:], "notes": notes}


def spoil_scenario_answer(answer: dict) -> dict:
    """The best path cut off half way: the conversation is left unfinished."""
    path = list(answer["path"])
    return {"path": path[: len(path) // 2]}


def hidden_call(test_source: str, check: str) -> ast.Call:
    """The call of ``check`` in a hidden test cell, to read the graded key from its literal arguments."""
    return next(
        node
        for node in ast.walk(
            ast.parse(test_source.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", ""))
        )
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == check
    )


def scenario_scores(test_source: str) -> dict:
    """The graded key of a scenario: the scores literal passed to check_scenario in its hidden test cell."""
    return ast.literal_eval(hidden_call(test_source, "check_scenario").args[2])


def expected_scenario_points(spoiled, key, points, content, test_source):
    from logiserve.autograder import check_scenario

    return check_scenario(spoiled, content, scenario_scores(test_source), points=points).points


def expected_journey_points(spoiled, key, points, content, test_source):
    """As the hidden test marks it: the notes read against the touchpoints' names and evidence."""
    from logiserve.autograder import check_journey

    return check_journey(
        spoiled,
        key["ratings"],
        critical=key["critical"],
        min_notes=content.get("min_notes", 0),
        points=points,
        content=content,
    ).points


def expected_sorter_points(spoiled, key, points, content, test_source):
    from logiserve.autograder import check_classification

    return check_classification(spoiled, key, points=points).points


def expected_sequence_points(spoiled, key, points, content, test_source):
    """With the hidden test's own key: its order may group steps and a step may accept more than one stage."""
    from logiserve.autograder import check_sequence

    call = hidden_call(test_source, "check_sequence")
    order = ast.literal_eval(call.args[1])
    stages = next((ast.literal_eval(k.value) for k in call.keywords if k.arg == "stages"), None)
    return check_sequence(spoiled, order, stages=stages, points=points).points


def partial_answer(answer):
    """A k-of-n version of a widget's right answer, and how to score it; None for other kinds."""
    if isinstance(answer, dict) and isinstance(answer.get("path"), list) and len(answer["path"]) > 3:
        return spoil_scenario_answer(answer), expected_scenario_points
    if isinstance(answer, dict) and isinstance(answer.get("ratings"), dict) and len(answer["ratings"]) > 3:
        return spoil_journey_answer(answer), expected_journey_points
    if isinstance(answer, dict) and isinstance(answer.get("order"), list) and len(answer["order"]) > 3:
        return spoil_sequence_answer(answer), expected_sequence_points
    if isinstance(answer, dict) and len(answer) > 4 and all(isinstance(v, str) for v in answer.values()):
        return spoil_sorter_answer(answer), expected_sorter_points
    return None


# A wrong answer carried correctly through the later steps (error carried forward): only the wrong
# step loses its points. Cells are replaced by grade id; "zero" names the test cells that must score 0.
CARRIED_FORWARD = {
    "05_inventory": {
        "notebook": "eoq_safety_stock.ipynb",
        "cells": {
            "eoq_answer": "order_quantity = 900.0  # wrong: not the EOQ",
            "orders_answer": "orders_a_year = annual_demand / order_quantity",
            "total_answer": (
                'total_cost = annual_demand / order_quantity * planter["order_cost"]'
                " + order_quantity / 2 * holding_cost"
            ),
        },
        "zero": ["eoq_test"],
    },
}


@pytest.fixture(scope="session")
def graded(course, tmp_path_factory):
    """Every kind of submission for every assignment, autograded in one run per assignment.

    Each assignment's plan names the course copy it was graded in (``plan[assignment]["course"]``).
    """
    plan = {}
    learner = getpass.getuser()
    for assignment in ASSIGNMENTS:
        source, release = course.root / "source" / assignment, course.release(assignment)
        expected: dict[str, dict[str, float]] = {}
        full = {}
        for nb_path in notebooks(source):
            full.update({f"{nb_path.stem}/{k}": v for k, v in autograded_points(nbformat.read(nb_path, 4)).items()})

        # the source, run as a learner would run it
        folder = course.submission("source", assignment)
        copy_assignment(source, folder)
        for nb_path in notebooks(folder):
            execute_in(folder, nb_path)
        source_answers = read_answers(folder)
        expected["source"] = dict(full)
        ran = folder

        # the release as it is
        copy_assignment(release, course.submission("released", assignment))
        expected["released"] = {k: 0.0 for k in full}

        # each solution removed in turn
        for nb_path in notebooks(source):
            src_nb, rel_nb = nbformat.read(nb_path, 4), nbformat.read(release / nb_path.name, 4)
            for answer_id, test_id in answer_cells(src_nb, rel_nb).items():
                student = f"missing-{answer_id}".replace("_", "-")
                folder = course.submission(student, assignment)
                nb = nbformat.read(ran / nb_path.name, 4)
                index = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells].index(answer_id)
                removed, nb.cells[index] = nb.cells[index], rel_nb.cells[index]
                from_the_source_run(ran, folder, {nb_path.name: nb}, without=WIDGET_ID.findall(removed.source))
                expected[student] = {**full, f"{nb_path.stem}/{test_id}": 0.0}

        # a wrong step carried forward correctly into the later steps
        if assignment in CARRIED_FORWARD:
            case = CARRIED_FORWARD[assignment]
            nb = nbformat.read(ran / case["notebook"], 4)
            for cell in nb.cells:
                replacement = case["cells"].get(cell.metadata.get("nbgrader", {}).get("grade_id"))
                if replacement is not None:
                    cell.source = replacement
            from_the_source_run(ran, course.submission("carried-forward", assignment), {case["notebook"]: nb})
            stem = case["notebook"].removesuffix(".ipynb")
            expected["carried-forward"] = {**full, **{f"{stem}/{test_id}": 0.0 for test_id in case["zero"]}}

        # code answers filled into the release; widgets left empty
        folder = course.submission("code-filled", assignment)
        copy_assignment(release, folder)
        expected["code-filled"] = {k: 0.0 for k in full}
        for nb_path in notebooks(source):
            src_nb, rel_nb = nbformat.read(nb_path, 4), nbformat.read(folder / nb_path.name, 4)
            for answer_id, test_id in answer_cells(src_nb, rel_nb).items():
                index = [c.metadata.get("nbgrader", {}).get("grade_id") for c in rel_nb.cells].index(answer_id)
                if rel_nb.cells[index].metadata.nbgrader.get("solution"):
                    rel_nb.cells[index] = src_nb.cells[index]
                    expected["code-filled"][f"{nb_path.stem}/{test_id}"] = full[f"{nb_path.stem}/{test_id}"]
            nbformat.write(rel_nb, folder / nb_path.name)

        # k of n sorter items right, sent through the exchange as a learner would
        partial_answers, partial_expected = {}, {k: 0.0 for k in full}
        for exercise_id, answer in source_answers.items():
            partial = partial_answer(answer)
            if partial is None:
                continue
            partial_answers[exercise_id], expected_points = partial
            for nb_path in notebooks(source):
                src_nb = nbformat.read(nb_path, 4)
                rel_nb = nbformat.read(release / nb_path.name, 4)
                for answer_id, test_id in answer_cells(src_nb, rel_nb).items():
                    cell = next(c for c in src_nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == answer_id)
                    if f'"{exercise_id}"' in cell.source:
                        points = full[f"{nb_path.stem}/{test_id}"]
                        content = load_exercises(source / "exercises.yaml")[exercise_id]
                        test_cell = next(
                            c for c in src_nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == test_id
                        )
                        # as the grader reads it from answers.json: what the widget would restore (an unknown
                        # stage is dropped, so it is no stage rather than a wrong one)
                        saved = saved_exercise(exercise_id, content, partial_answers[exercise_id]).answer
                        partial_expected[f"{nb_path.stem}/{test_id}"] = expected_points(
                            saved, answer, points, content, test_cell.source
                        )
        expected[learner] = partial_expected
        plan[assignment] = {"expected": expected, "partial_answers": partial_answers, "learner": learner, "full": full}

    # Plain nbgrader grades one notebook at a time: two copies of the course, each sending its share of the
    # assignments through the exchange and autograding them, side by side (one gradebook each).
    shares = ([], [])
    for assignment in sorted(ASSIGNMENTS, key=lambda a: -len(plan[a]["expected"])):
        min(shares, key=lambda share: sum(len(plan[a]["expected"]) for a in share)).append(assignment)
    copies = [copy_course(course, tmp_path_factory.mktemp(f"graded{i}")) for i in range(2)]

    def through_the_exchange_and_graded(copy, assignments):
        home = copy.root.parent / "learner-home"
        home.mkdir(exist_ok=True)
        for assignment in assignments:
            copy.nbgrader("release_assignment", assignment, "--force")
            copy.nbgrader("fetch_assignment", assignment, f"--course={COURSE_ID}", cwd=home)
            (home / assignment / "answers.json").write_text(json.dumps(plan[assignment]["partial_answers"]))
            copy.nbgrader("submit", assignment, f"--course={COURSE_ID}", cwd=home)
            copy.nbgrader("collect", assignment, "--update")
            copy.nbgrader("autograde", assignment, "--force")
            plan[assignment]["course"] = copy

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(through_the_exchange_and_graded, copies, shares))
    return plan


def cases():
    return [(a, s) for a in ASSIGNMENTS for s in ("source", "released", "code-filled")]


@pytest.mark.parametrize(("assignment", "student"), cases())
def test_scores(graded, assignment, student):
    expected = graded[assignment]["expected"][student]
    scores = graded[assignment]["course"].scores(student, assignment)
    assert {k: scores[k] for k in expected} == expected


@pytest.mark.parametrize("assignment", sorted(CARRIED_FORWARD))
def test_a_wrong_step_carried_forward_costs_only_that_step(graded, assignment):
    expected = graded[assignment]["expected"]["carried-forward"]
    scores = graded[assignment]["course"].scores("carried-forward", assignment)
    assert {k: scores[k] for k in expected} == expected
    assert sum(expected.values()) < sum(graded[assignment]["full"].values())


def test_source_earns_full_marks_and_release_zero(graded):
    for assignment in ASSIGNMENTS:
        plan = graded[assignment]["expected"]
        assert sum(plan["source"].values()) > 0, f"{assignment} has no autograded points"
        assert set(plan["released"].values()) == {0.0}


def test_each_missing_solution_drops_exactly_its_points(graded):
    checked = 0
    for assignment in ASSIGNMENTS:
        for student, expected in graded[assignment]["expected"].items():
            if student.startswith("missing-"):
                scores = graded[assignment]["course"].scores(student, assignment)
                assert {k: scores[k] for k in expected} == expected, student
                checked += 1
    assert checked >= 3, "every graded exercise needs its own missing-solution case"


def test_k_of_n_widget_answer_through_the_exchange(graded):
    for assignment in ASSIGNMENTS:
        plan = graded[assignment]
        if not plan["partial_answers"]:
            continue
        learner, course = plan["learner"], plan["course"]
        collected = read_answers(course.submission(learner, assignment))
        assert collected == plan["partial_answers"], "answers.json must travel with the submission"
        scores = course.scores(learner, assignment)
        expected = plan["expected"][learner]
        assert {k: scores[k] for k in expected} == expected
        assert any(v > 0 for v in expected.values())
        autograded = (course.root / "autograded" / learner / assignment / "answers.json").read_text()
        assert json.loads(autograded) == plan["partial_answers"], "autograde must not overwrite learner answers"


def test_written_answers_wait_for_the_tutor(graded):
    from nbgrader.api import Gradebook

    course = graded["01_customers"]["course"]
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", COURSE_ID) as gb:
        submission = gb.find_submission("01_customers", "source")
        manual = [g for nb in submission.notebooks for g in nb.grades if g.name == "written_answer"]
        assert len(manual) == 1 and manual[0].needs_manual_grade and manual[0].auto_score is None
        assert manual[0].max_score == 6


def test_partial_sorter_score_is_k_of_n_less_its_wrong_placements(graded):
    """7 of the 11 parties right, 2 wrong, 2 left out: a wrong placement takes back 4/7 of a right one.

    The fullest column holds 4 of the 11 parties, so one column for everything (4 right, 7 wrong) nets
    nothing: 5 * (7 - 2 * 4/7) / 11 = 2.66 of the 5 points, where right placements alone (7/11) gave 3.18.
    """
    learner, course = graded["01_customers"]["learner"], graded["01_customers"]["course"]
    assert course.scores(learner, "01_customers")["customers/sort_parties_test"] == round(5 * (7 - 2 * 4 / 7) / 11, 2)
    assert round(5 * (7 - 2 * 4 / 7) / 11, 2) == 2.66


def test_the_learner_reads_the_checks_message_in_the_feedback(graded):
    learner, course = graded["01_customers"]["learner"], graded["01_customers"]["course"]
    course.nbgrader("generate_feedback", "01_customers", f"--student={learner}", "--force")
    html = (course.root / "feedback" / learner / "01_customers" / "customers.html").read_text()
    assert "7 of 11 items placed correctly." in html
    assert "Look again at:" in html and "Not placed:" in html


@pytest.mark.parametrize("assignment", ["02_service_cycle", "05_inventory", "06_supply_chain"])
def test_honesty_holds_for_every_learners_numbers(graded, assignment):
    """Each submission above is graded with the numbers of its own learner (its folder name).

    So the honesty cases run under many variants at once: the source (learner "source") earns
    full marks, the release (learner "released") zero, and each missing-solution case, every one
    with other numbers, loses exactly that cell's points.
    """
    course = graded[assignment]["course"]
    path = course.root / "source" / assignment / "exercises.yaml"
    expected = graded[assignment]["expected"]
    students = [s for s in expected if s in ("source", "released") or s.startswith("missing-")]
    codes = {student: variant(assignment, learner=student, path=path).code for student in students}
    assert len(set(codes.values())) >= 3, codes
    for student in students:
        scores = course.scores(student, assignment)
        assert {k: scores[k] for k in expected[student]} == expected[student], student
    for student in ("source", *(s for s in students if s.startswith("missing-"))):
        for nb_path in notebooks(course.root / "autograded" / student / assignment):
            shown = str([c.get("outputs", []) for c in nbformat.read(nb_path, 4).cells])
            assert f"learner {student}, as the grading worked them out (variant {codes[student]})" in shown
