"""Per-learner variants through nbgrader's own commands: each learner's numbers, graded as theirs.

Two learners (amira and ben) fetch 02_service_cycle and 05_inventory through the exchange, type
the answers the model solutions give for their own numbers into the released notebooks (as plain
numbers), run them on "the hub" (``JUPYTERHUB_USER`` set in the kernel) and submit.  A third
(chris) types amira's numbers instead.  After collect and autograde:

* amira and ben earn full marks, and the numbers shown in their notebooks are the numbers the
  autograder worked with (read from the autograded notebooks' outputs);
* chris earns nothing on the cells where amira's numbers are not his;
* ``nbgrader validate`` run as a learner uses that learner's numbers;
* ``logiserve variants`` and the cohort report show each learner's variant code.
"""

from __future__ import annotations

import ast
import csv
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from logiserve.cli import main
from logiserve.datasets import load
from logiserve.variants import variant
from tests.core.test_variants import INVENTORY_TOLERANCE, inventory_answers, service_answers

from .conftest import COURSE_ID, REPO, autograded_points, clean_env, execute_in, make_course

pytestmark = pytest.mark.pipeline

NOTEBOOKS = {"02_service_cycle": "service_cycle.ipynb", "05_inventory": "eoq_safety_stock.ipynb"}
TABLE_CELL = {"02_service_cycle": "orders_load", "05_inventory": "focus_data"}
LEARNERS = ("amira", "ben")
COPIER = "chris"  # types amira's answers; every one of his variant cells has other right answers
# the answer variable marked by each test cell whose right answer depends on the learner's numbers
ANSWER_OF = {
    "on_time_test": "on_time_share",
    "in_full_test": "in_full_share",
    "otif_test": "otif_share",
    "eoq_factor_test": "eoq_factor",
    "demand_test": "annual_demand",
    "holding_test": "holding_cost",
    "eoq_test": "order_quantity",
    "orders_test": "orders_a_year",
    "total_test": "total_cost",
    "z_test": "z",
    "sd_test": "sd_over_lead_time",
    "ss_test": "safety_stock_units",
    "rop_test": "reorder_level",
    "extra_cost_test": "extra_cost",
    "pack_test": "order_to_place",
    "turnover_test": "turnover",
    "batch_days_test": "days_big_batch",
}


def grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def answer_name(code: str) -> str:
    """The variable a model solution assigns last (the answer)."""
    if "### BEGIN SOLUTION" not in code:
        return ""
    body = code.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
    names = [
        t.id
        for node in ast.parse(body).body
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    ]
    return names[-1] if names else ""


def expected_answers(assignment: str, learner: str) -> dict[str, float]:
    """The right answer of every cell that depends on the learner's numbers, keyed by test cell id."""
    path = REPO / "course" / "source" / assignment / "exercises.yaml"
    mine = variant(assignment, learner=learner, path=path)
    if assignment == "05_inventory":
        return inventory_answers(mine)
    return service_answers(mine, load("orders"))


def accepted(assignment: str, cell: str, given: float, right: float) -> bool:
    """Whether the hidden test of ``cell`` accepts ``given`` when ``right`` is the right answer."""
    if assignment == "02_service_cycle":
        return abs(given - right) <= 0.0005
    rel, absolute = INVENTORY_TOLERANCE.get(cell, (0.01, 0))
    return abs(given - right) <= max(absolute, rel * abs(right))


def numeric_answers(course, assignment: str, learner: str) -> dict[str, float]:
    """The learner's right answers: the source notebook run with their hub id, every numeric answer read out."""
    scratch = course.root.parent / f"scratch-{learner}-{assignment}"
    shutil.copytree(course.root / "source" / assignment, scratch, ignore=shutil.ignore_patterns("answers*.json"))
    path = scratch / NOTEBOOKS[assignment]
    nb = nbformat.read(path, 4)
    names = [answer_name(c.source) for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    names = [n for n in names if n]
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import json, numbers\n"
            f"print(json.dumps({{n: float(globals()[n]) for n in {names!r} "
            "if isinstance(globals().get(n), numbers.Real) and not isinstance(globals()[n], bool)}))"
        )
    )
    nbformat.write(nb, path)
    execute_in(scratch, path, env={"JUPYTERHUB_USER": learner})
    output = nbformat.read(path, 4).cells[-1].outputs[0]["text"]
    return json.loads(output)


def type_answers(release_nb: Path, source_nb: Path, numbers: dict[str, float]) -> None:
    """Fill the released notebook as a learner types it: numbers as literals, other answers as the model code."""
    source = {grade_id(c): c for c in nbformat.read(source_nb, 4).cells}
    nb = nbformat.read(release_nb, 4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution") or cell.cell_type != "code":
            continue
        model = source[meta["grade_id"]].source
        name = answer_name(model)
        cell.source = f"{name} = {numbers[name]!r}" if name in numbers else model
    nbformat.write(nb, release_nb)


def table_lines(nb_path: Path, assignment: str) -> list[str]:
    """The "Your numbers" table as the notebook shows it (plain text), without its closing note."""
    cell = next(c for c in nbformat.read(nb_path, 4).cells if grade_id(c) == TABLE_CELL[assignment])
    shown = [o for o in cell.outputs if "Your " in o.get("data", {}).get("text/plain", "")]
    assert len(shown) == 1, cell.outputs
    return shown[0]["data"]["text/plain"].splitlines()


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    course = make_course(tmp_path_factory.mktemp("variants"))
    plan = {}
    for assignment, notebook in NOTEBOOKS.items():
        course.nbgrader("generate_assignment", assignment, "--force")
        course.nbgrader("release_assignment", assignment, "--force")
        numbers = {learner: numeric_answers(course, assignment, learner) for learner in LEARNERS}
        widget_answers = course.root.parent / f"scratch-{LEARNERS[0]}-{assignment}" / "answers.json"
        for learner, typed in zip(
            (*LEARNERS, COPIER), (numbers["amira"], numbers["ben"], numbers["amira"]), strict=True
        ):
            home = course.root.parent / f"home-{learner}"
            home.mkdir(exist_ok=True)
            course.nbgrader("fetch_assignment", assignment, f"--course={COURSE_ID}", cwd=home)
            folder = home / assignment
            type_answers(folder / notebook, course.root / "source" / assignment / notebook, typed)
            if widget_answers.exists():  # the widget answers (the same for everyone), as the learner clicked them
                shutil.copy(widget_answers, folder / "answers.json")
            execute_in(folder, folder / notebook, env={"JUPYTERHUB_USER": learner})
            course.nbgrader("submit", assignment, f"--course={COURSE_ID}", f"--student={learner}", cwd=home)
        course.nbgrader("collect", assignment, "--update")
        course.nbgrader("autograde", assignment, "--force")
        plan[assignment] = {"numbers": numbers}
    return course, plan


@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_each_learner_earns_full_marks_with_their_own_numbers(cohort, assignment):
    course, plan = cohort
    stem = NOTEBOOKS[assignment].removesuffix(".ipynb")
    full = autograded_points(nbformat.read(course.root / "source" / assignment / NOTEBOOKS[assignment], 4))
    for learner in LEARNERS:
        scores = course.scores(learner, assignment)
        assert {k: scores[f"{stem}/{k}"] for k in full} == full, learner
    # their answers were typed as numbers, and differ: the marks are for each learner's own numbers
    amira, ben = plan[assignment]["numbers"]["amira"], plan[assignment]["numbers"]["ben"]
    right = {learner: expected_answers(assignment, learner) for learner in LEARNERS}
    differ = {
        ANSWER_OF[cell]
        for cell in right["ben"]
        if not accepted(assignment, cell, right["amira"][cell], right["ben"][cell])
    }
    assert {name for name in amira if not math.isclose(amira[name], ben[name], rel_tol=1e-9)} == differ
    assert len(differ) >= {"02_service_cycle": 2, "05_inventory": 9}[assignment]


@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_the_numbers_shown_are_the_numbers_graded(cohort, assignment):
    course, _ = cohort
    shown = {}
    for learner in LEARNERS:
        at_work = course.root.parent / f"home-{learner}" / assignment / NOTEBOOKS[assignment]
        graded = course.root / "autograded" / learner / assignment / NOTEBOOKS[assignment]
        work_lines, graded_lines = table_lines(at_work, assignment), table_lines(graded, assignment)
        assert work_lines[:-1] == graded_lines[:-1], learner  # every number, in the same words
        mine = variant(assignment, learner=learner, path=REPO / "course" / "source" / assignment / "exercises.yaml")
        assert work_lines[-1] == (
            f"These are your own numbers: learner {learner}, signed in to the course hub (variant {mine.code})."
        )
        assert (
            graded_lines[-1]
            == f"These are the numbers of learner {learner}, as the grading worked them out (variant {mine.code})."
        )
        shown[learner] = work_lines[:-1]
    assert shown["amira"] != shown["ben"]


@pytest.mark.parametrize("assignment", sorted(NOTEBOOKS))
def test_a_copied_answer_earns_nothing(cohort, assignment):
    course, _ = cohort
    stem = NOTEBOOKS[assignment].removesuffix(".ipynb")
    full = autograded_points(nbformat.read(course.root / "source" / assignment / NOTEBOOKS[assignment], 4))
    amira, chris = expected_answers(assignment, "amira"), expected_answers(assignment, COPIER)
    for cell, right in chris.items():  # the precondition: amira's right answer is wrong for chris
        assert not accepted(assignment, cell, amira[cell], right), cell
    scores = course.scores(COPIER, assignment)
    assert {cell: scores[f"{stem}/{cell}"] for cell in chris} == dict.fromkeys(chris, 0.0)
    others = {f"{stem}/{k}": v for k, v in full.items() if k not in chris}
    assert {k: scores[k] for k in others} == others  # the rest (the same for everyone) still earns its marks
    assert sum(others.values()) < sum(full.values())


def run_validate(notebook: Path, learner: str) -> str:
    env = {**clean_env(), "JUPYTERHUB_USER": learner}
    env.pop("LOGISERVE_LEARNER", None)
    run = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(notebook)],
        cwd=notebook.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return run.stdout + run.stderr


def test_nbgrader_validate_uses_the_learners_numbers(cohort):
    # amira's answers (numbers) with the hidden tests in place: they pass as amira, and not as ben
    course, plan = cohort
    assignment, notebook = "05_inventory", NOTEBOOKS["05_inventory"]
    folder = course.root.parent / "validate-amira"
    shutil.copytree(course.root / "source" / assignment, folder, ignore=shutil.ignore_patterns("answers*.json"))
    type_answers(
        folder / notebook, course.root / "source" / assignment / notebook, plan[assignment]["numbers"]["amira"]
    )
    assert "Success! Your notebook passes all the tests." in run_validate(folder / notebook, "amira")
    as_ben = run_validate(folder / notebook, "ben")
    amira, ben = expected_answers(assignment, "amira"), expected_answers(assignment, "ben")
    wrong_for_ben = [cell for cell in ben if not accepted(assignment, cell, amira[cell], ben[cell])]
    assert len(wrong_for_ben) >= 9
    assert f"VALIDATION FAILED ON {len(wrong_for_ben)} CELL(S)!" in as_ben
    assert "Your numbers" not in as_ben and "Traceback" not in as_ben.split("VALIDATION FAILED", 1)[0]


def test_the_tutor_lists_each_learners_numbers(cohort, capsys, tmp_path):
    course, _ = cohort
    out = tmp_path / "variants.csv"
    assert main(["variants", "05_inventory", "--course", str(course.root), "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    codes = {}
    for learner in (*LEARNERS, COPIER):
        mine = variant("05_inventory", learner=learner, path=course.root / "source" / "05_inventory" / "exercises.yaml")
        codes[learner] = mine.code
        assert learner in printed and mine.code in printed
        assert f"daily_demand {mine['daily_demand']}" in printed.replace("\n", " ").replace("│", " ").replace("  ", " ")
    assert "3 learner(s), 3 different set(s) of numbers." in printed
    rows = list(csv.DictReader(out.open()))
    assert [(r["learner"], r["variant"]) for r in rows] == sorted(codes.items())
    assert (
        float(rows[0]["order_cost"])
        == variant(
            "05_inventory", learner=rows[0]["learner"], path=course.root / "source" / "05_inventory" / "exercises.yaml"
        )["order_cost"]
    )


def test_the_report_marks_each_learners_variant(cohort, tmp_path):
    from logiserve.autograder.report import build_report

    course, _ = cohort
    report = build_report(course.root, out=tmp_path / "report.html", csv=tmp_path / "report.csv")
    page = (tmp_path / "report.html").read_text()
    rows = list(csv.reader((tmp_path / "report.csv").open()))
    for assignment in NOTEBOOKS:
        path = course.root / "source" / assignment / "exercises.yaml"
        for learner in (*LEARNERS, COPIER):
            code = variant(assignment, learner=learner, path=path).code
            result = next(r for r in report.results if r.student == learner and r.assignment == assignment)
            assert result.variant == code
            assert f"variant {code}" in page
            assert ["learner", assignment, learner, "variant", code] in rows
