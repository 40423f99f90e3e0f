"""No code a learner writes in their notebook changes any mark.

Each attack is one code cell a learner could add to their notebook, put after the setup cell
(the imports), before the first exercise.  It is applied to two submissions of every
assignment: the release untouched (``blank``) and an honest half-answered one (``half``: every
other code answer filled in with the model answer, the saved answer of one graded widget).
The oracle is the submission without the attack, graded in the same run: the attacked copy
must earn exactly what its honest twin earns, cell by cell.  Submissions are graded three
ways, each in one run per assignment: ``logiserve grade`` with warm kernels (the default), with
cold kernels, and plain ``nbgrader autograde`` from the course folder.  ``make test-attacks``
grades the whole matrix (every attack, both bases, every assignment, all three ways);
``make test`` a part of it (see ``FULL`` below).

The attacks are general: none names an assignment, a test cell or a learner variable, and all
use the public workings of IPython, Python and the course's packages.  They come in families:
the shell and its traits, magics, the display system, exception handling, input and AST
transformers, events, the import system, built-ins, the checks' own classes, a thread that
keeps running, the files the marking reads, the standard streams and the kernel's death.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from logiserve.autograder.grading import grade
from tests._cohort import copy_course
from tests.integrity._learner_attacks import ATTACKS
from tests.pipeline.conftest import ASSIGNMENTS, Course, answer_cells, autograded_points, execute_in, make_course

pytestmark = pytest.mark.pipeline

TIMEOUT = 20  # seconds a cell may run
MODES = ("warm", "cold", "nbgrader")
BASES = ("blank", "half")
# ``make test-attacks`` (LOGISERVE_ATTACKS=all) grades every attack on both bases of every assignment in all
# three ways: 780 submissions, about twenty minutes.  ``make test`` grades the part of that matrix that the
# others only repeat through the same marking step: under warm kernels (the default) every attack on the blank
# base of every assignment and on the half-answered base of a widget assignment and of the code-only one with
# per-learner numbers; cold kernels and plain nbgrader (the same marking step through the course config) on the
# blank base of those two.
FULL = os.environ.get("LOGISERVE_ATTACKS") == "all"
NARROW = ("01_customers", "05_inventory")
# Attacks that break the learner's own kernel: their answers are then worth less, never more.
# (post-run-cell-clear clears the outputs its own answers are handed over in; meta-path replaces the modules the
# handover call is imported from, so the answers are never handed over)
SELF_HARM = {"builtin-float", "kernel-exits-at-end", "post-run-cell-clear", "meta-path"}


def _covered(assignment: str, mode: str, base: str) -> bool:
    if FULL or (mode == "warm" and base == "blank"):
        return True
    return assignment in NARROW and (mode == "warm" or base == "blank")


WIDGET_ID = re.compile(r'"(\d\d_\w+\.\w+)"')


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def _copy(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints"))


def _half_answered(source: Path, release: Path, folder: Path, saved: dict) -> None:
    """The release with every other code answer filled in from the source, and one widget answer saved."""
    _copy(release, folder)
    widgets = []
    for path in _notebooks(folder):
        src, nb = nbformat.read(source / path.name, 4), nbformat.read(path, 4)
        solved = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in src.cells}
        code = [a for a in answer_cells(src, nb) if solved[a].metadata.get("nbgrader", {}).get("solution")]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in code[::2]:
                cell.source = solved[grade_id].source
        nbformat.write(nb, path)
        widgets += [i for c in src.cells if "WIDGET SOLUTION" in c.source for i in WIDGET_ID.findall(c.source)]
    if widgets:
        (folder / "answers.json").write_text(json.dumps({widgets[0]: saved[widgets[0]]}))


def _attacked(twin: Path, folder: Path, attack: str) -> None:
    """A copy of ``twin`` with the attack's cell after the first code cell (the setup) of every notebook."""
    shutil.copytree(twin, folder)
    for path in _notebooks(folder):
        nb = nbformat.read(path, 4)
        first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(first + 1, nbformat.v4.new_code_cell(ATTACKS[attack]))
        nbformat.write(nb, path)


def _submissions(course: Course, assignment: str) -> None:
    """Both twins of ``assignment`` and every attacked copy of each, in ``course``'s ``submitted/``."""
    source, release = course.root / "source" / assignment, course.release(assignment)
    scratch = course.root.parent / "scratch"
    _copy(source, scratch)
    if any("WIDGET SOLUTION" in c.source for p in _notebooks(source) for c in nbformat.read(p, 4).cells):
        for path in _notebooks(scratch):
            execute_in(scratch, path)  # the source run as a learner runs it: the widgets save their answers
    saved = json.loads((scratch / "answers.json").read_text()) if (scratch / "answers.json").exists() else {}
    _copy(release, course.submission("blank", assignment))
    _half_answered(source, release, course.submission("half", assignment), saved)
    for base in (b for b in BASES if any(_covered(assignment, m, b) for m in MODES)):
        for attack in ATTACKS:
            _attacked(course.submission(base, assignment), course.submission(f"{base}-{attack}", assignment), attack)


def _graded(course: Course, assignment: str, mode: str) -> list[Course]:
    """Copies of ``course`` with every submission of ``assignment`` graded in one run of ``mode``.

    ``logiserve grade`` runs once on two workers; plain ``nbgrader autograde`` grades one notebook
    at a time, so it runs twice side by side, on two copies holding half the learners each.
    """
    if not all(_covered(assignment, mode, base) for base in BASES):
        course = copy_course(course, course.root.parent / f"{mode}-narrow")
        for folder in sorted((course.root / "submitted").iterdir()):
            base = folder.name.split("-", 1)[0]
            if folder.name not in BASES and not _covered(assignment, mode, base):
                shutil.rmtree(folder)
    if mode != "nbgrader":
        copy = copy_course(course, course.root.parent / mode)
        grade(copy.root, assignment, workers=2, timeout=TIMEOUT, warm_kernels=mode == "warm", progress=False)
        return [copy]
    copies = [copy_course(course, course.root.parent / f"{mode}{i}") for i in range(2)]
    for i, copy in enumerate(copies):
        for folder in sorted((copy.root / "submitted").iterdir())[1 - i :: 2]:
            shutil.rmtree(folder)
    with ThreadPoolExecutor(2) as pool:
        timeout = f"--ExecutePreprocessor.timeout={TIMEOUT}"
        list(pool.map(lambda c: c.nbgrader("autograde", assignment, timeout, check=False), copies))
    return copies


class Grades:
    """Every submission of every assignment, graded each way on first use (one run per assignment and way)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._courses: dict[str, Course] = {}
        self._graded: dict[tuple[str, str], list[Course]] = {}

    def course(self, assignment: str) -> Course:
        if assignment not in self._courses:
            course = make_course(self._tmp.mktemp(assignment))
            course.nbgrader("generate_assignment", assignment, "--force")
            _submissions(course, assignment)
            self._courses[assignment] = course
        return self._courses[assignment]

    def scores(self, assignment: str, mode: str, student: str) -> dict[str, float | None]:
        if (assignment, mode) not in self._graded:
            self._graded[assignment, mode] = _graded(self.course(assignment), assignment, mode)
        (holder,) = [c for c in self._graded[assignment, mode] if (c.root / "submitted" / student).exists()]
        return holder.scores(student, assignment)


@pytest.fixture(scope="module")
def grades(tmp_path_factory) -> Grades:
    return Grades(tmp_path_factory)


def _autograded(assignment: str) -> dict[str, float]:
    """Points of every autograded test cell of ``assignment``, keyed ``notebook/grade_id`` as in the gradebook."""
    folder = Path(__file__).resolve().parents[2] / "course" / "source" / assignment
    return {
        f"{path.stem}/{grade_id}": points
        for path in _notebooks(folder)
        for grade_id, points in autograded_points(nbformat.read(path, 4)).items()
    }


@pytest.mark.parametrize(
    ("assignment", "mode"), [(a, m) for a in ASSIGNMENTS for m in MODES if _covered(a, m, "blank")]
)
def test_the_twins_earn_nothing_and_part_of_the_marks(grades, assignment, mode):
    points = _autograded(assignment)
    blank, half = grades.scores(assignment, mode, "blank"), grades.scores(assignment, mode, "half")
    assert {k: blank[k] for k in points} == dict.fromkeys(points, 0.0), f"{assignment} ({mode}): blank"
    earned = sum(half[k] or 0 for k in points)
    assert 0 < earned < sum(points.values()), f"{assignment} ({mode}): half earns {earned} of {sum(points.values())}"


CASES = [
    (a, m, attack, base)
    for a in ASSIGNMENTS
    for m in MODES
    for attack in ATTACKS
    for base in BASES
    if _covered(a, m, base)
]


@pytest.mark.parametrize(("assignment", "mode", "attack", "base"), CASES)
def test_learner_code_changes_no_mark(grades, assignment, mode, attack, base):
    twin = grades.scores(assignment, mode, base)
    attacked = grades.scores(assignment, mode, f"{base}-{attack}")
    differ = {cell: (attacked.get(cell), twin.get(cell)) for cell in twin.keys() | attacked.keys()}
    if attack in SELF_HARM:  # worth less or the same, never more
        differ = {cell: pair for cell, pair in sorted(differ.items()) if (pair[0] or 0) > (pair[1] or 0)}
    else:
        differ = {cell: pair for cell, pair in sorted(differ.items()) if pair[0] != pair[1]}
    assert not differ, (
        f"attack {attack!r} on the {base} submission of {assignment}, graded by {mode}, changed these marks "
        f"(attacked, honest twin): {differ}"
    )
