"""A small graded cohort in a temporary course, for the tutor tools (grade, feedback, report, integrity).

``cohort`` makes a course with ``01_customers`` generated and four submissions in
``submitted/``: the release answered with the model solutions and run (full marks), the
release untouched (zero), a partial one (the sorter answer half right), and a broken notebook
(not valid JSON).  Tests copy it (``cohort_copy``) when they change it.  ``autograded_cohort``
is the same cohort graded once by plain ``nbgrader autograde`` (``dev`` fails); ``copy_course``
gives a module its own copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.pipeline.conftest import COURSE_ID, Course, execute_in, make_course, read_answers

ASSIGNMENT = "01_customers"
NOTEBOOK = "customers.ipynb"


def _copy(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints"))


@pytest.fixture(scope="session")
def cohort(tmp_path_factory) -> Course:
    course = make_course(tmp_path_factory.mktemp("tutor"))
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    source, release = course.root / "source" / ASSIGNMENT, course.release(ASSIGNMENT)

    # ada: the release, answered as a learner answers it (the model solutions typed into the answer
    # cells, the widgets' answers saved by running the source), then run
    scratch = course.root.parent / "ada-scratch"
    _copy(source, scratch)
    execute_in(scratch, scratch / NOTEBOOK)
    full = course.submission("ada", ASSIGNMENT)
    _copy(release, full)
    solved = {
        c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nbformat.read(source / NOTEBOOK, 4).cells
    }
    nb = nbformat.read(full / NOTEBOOK, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = solved[meta["grade_id"]]
    nbformat.write(nb, full / NOTEBOOK)
    shutil.copy(scratch / "answers.json", full / "answers.json")
    execute_in(full, full / NOTEBOOK)

    _copy(release, course.submission("ben", ASSIGNMENT))

    partial = course.submission("cara", ASSIGNMENT)
    _copy(release, partial)
    answers = read_answers(full)
    half = {}
    for exercise_id, answer in answers.items():
        items = sorted(answer)
        half[exercise_id] = {item: answer[item] for item in items[: len(items) // 2]}
    (partial / "answers.json").write_text(json.dumps(half))

    broken = course.submission("dev", ASSIGNMENT)
    _copy(release, broken)
    (broken / NOTEBOOK).write_text("{ this is not a notebook")

    for student in ("ada", "ben", "cara", "dev"):
        (course.submission(student, ASSIGNMENT) / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    return course


def copy_course(course: Course, dest: Path) -> Course:
    """A copy of a course folder and its exchange under ``dest``, to change freely."""
    shutil.copytree(course.root, dest / "course")
    shutil.copytree(course.exchange, dest / "exchange")
    return Course(dest / "course", dest / "exchange")


@pytest.fixture
def cohort_copy(cohort, tmp_path) -> Course:
    """A private copy of the cohort's course folder and exchange, to change freely."""
    return copy_course(cohort, tmp_path)


@pytest.fixture(scope="session")
def autograded_cohort(cohort, tmp_path_factory) -> Course:
    """The cohort graded by plain ``nbgrader autograde``, once for every module; never change it, copy it."""
    course = copy_course(cohort, tmp_path_factory.mktemp("autograded"))
    run = course.nbgrader("autograde", ASSIGNMENT, check=False)
    assert run.returncode == 1, run.stderr  # nbgrader's exit status when one submission (dev) fails
    return course


__all__ = ["ASSIGNMENT", "COURSE_ID", "NOTEBOOK", "copy_course", "nbformat"]
