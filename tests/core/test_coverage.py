"""Every syllabus entry of an existing assignment is assessed; feedback names every misconception."""

import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml

from logiserve import syllabus
from logiserve.cli import main
from logiserve.course import course_dir
from logiserve.coverage import collect

REPO = Path(__file__).resolve().parents[2]


def test_the_course_breaks_no_coverage_rule():
    coverage = collect(course_dir())
    assert coverage.problems() == []
    assert coverage.covered() == coverage.due()
    if len(coverage.assignments) == 5:
        assert coverage.due() == [e.id for e in coverage.syllabus.entries], "all five exist: 100 % coverage"


def test_the_published_coverage_table_is_current():
    published = (REPO / "docs" / "syllabus-coverage.md").read_text()
    assert published == collect(course_dir()).markdown(), "run: logiserve syllabus --markdown docs/syllabus-coverage.md"


def test_widget_tests_point_at_graded_exercises_and_graded_cells_declare():
    coverage = collect(course_dir())
    refs = {e.ref for e in coverage.exercises}
    assert "01_customers.sort_the_parties" in refs
    assert "01_customers/customers.ipynb#written_answer" in refs
    assert "01_customers/customers.ipynb#sort_parties_test" not in refs  # counted through its exercise


@pytest.fixture
def course_copy(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course_dir(), root, ignore=shutil.ignore_patterns("release", "submitted", "autograded", "*.db"))
    return root


def edit_notebook(root, change):
    path = root / "source" / "01_customers" / "customers.ipynb"
    nb = nbformat.read(path, 4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    change(cells)
    nbformat.write(nb, path)


def edit_content(root, change):
    path = root / "source" / "01_customers" / "exercises.yaml"
    data = yaml.safe_load(path.read_text())
    change(data["exercises"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_an_undeclared_grade_cell_is_a_problem(course_copy):
    edit_notebook(course_copy, lambda cells: cells["orders_by_type_test"].metadata.pop("logiserve"))
    assert any("orders_by_type_test: a grade cell must declare" in p for p in collect(course_copy).problems())


def test_a_widget_test_must_name_a_graded_exercise(course_copy):
    def point_at_practice(cells):
        cells["sort_parties_test"].metadata["logiserve"] = {"exercise": "01_customers.who_do_we_serve"}

    edit_notebook(course_copy, point_at_practice)
    assert any("which is not a graded exercise" in p for p in collect(course_copy).problems())


def test_an_unknown_id_is_a_problem(course_copy):
    edit_notebook(course_copy, lambda cells: cells["written_answer"].metadata["logiserve"]["assesses"].append("AC42"))
    assert "01_customers/customers.ipynb#written_answer: assesses 'AC42', which is not in the syllabus" in (
        collect(course_copy).problems()
    )


def test_an_entry_without_exercise_is_a_problem():
    data = yaml.safe_load((REPO / "logiserve" / "syllabus.yaml").read_text())
    count = sum(1 for e in data["entries"] if e["id"].startswith("AC"))
    data["entries"].append(
        {"id": f"AC{count + 1}", "statement": "A criterion nothing assesses yet.", "assignments": ["01_customers"]}
    )
    problems = collect(course_dir(), syllabus=syllabus.parse(data)).problems()
    assert problems == [f"AC{count + 1} (assessment criterion of 01_customers) has no exercise that assesses it"]


def test_a_misconception_without_feedback_is_a_problem(course_copy):
    def drop_mc6(exercises):
        for item in exercises["01_customers.who_do_we_serve"]["items"]:
            for feedback in item.get("feedback", {}).values():
                if feedback.get("misconception") == "MC6":
                    del feedback["misconception"]

    edit_content(course_copy, drop_mc6)
    assert "MC6 (misconception of 01_customers) is named by no feedback message" in collect(course_copy).problems()


def test_cli_prints_table_writes_markdown_and_checks(course_copy, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(course_copy))
    assert main(["syllabus", "--check", "--markdown", str(tmp_path / "cov.md")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"(\d+) of \1 syllabus entries of the assignments that exist are covered \(100 %\)", out)
    assert (tmp_path / "cov.md").read_text().startswith("# Syllabus coverage")
    edit_notebook(course_copy, lambda cells: cells["orders_by_type_test"].metadata.pop("logiserve"))
    assert main(["syllabus", "--check"]) == 1
    assert "Problems:" in capsys.readouterr().out
