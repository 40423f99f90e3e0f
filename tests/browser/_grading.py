"""What a learner did in JupyterLab, submitted, collected and autograded as a tutor does it.

A :class:`Grader` owns a temporary nbgrader course (the repository's course) and exchange.
:meth:`Grader.grade` takes a learner's assignment folder from the browser tests' JupyterLab
(the notebook as saved, and ``answers.json`` as the widgets wrote it) and sends it the whole
way: ``logiserve release`` (nbgrader's generate and release), nbgrader's submit from the
learner's side, ``logiserve collect`` and ``logiserve grade`` (nbgrader's own autograder; the
tutor tests prove it leaves the gradebook plain ``nbgrader autograde`` leaves). All run in this
process through nbgrader's API, which keeps the browser suite quick. It returns the score of
every grade cell. :meth:`Grader.expected` says what a widget answer should earn: the course's
own check run on that answer with the exercise's key, read from the source notebook.
"""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path
from typing import Any

import nbformat

from logiserve.autograder.grading import grade
from logiserve.demo import _widget_answer, submit
from logiserve.tutor import collect, release
from logiserve.widgets import load_exercises
from tests.pipeline.conftest import REPO, Course, answer_cells, autograded_points, make_course
from tests.pipeline.test_grading import (
    expected_journey_points,
    expected_scenario_points,
    expected_sequence_points,
    expected_sorter_points,
)

EXPECTED = {
    "sorter": expected_sorter_points,
    "sequencer": expected_sequence_points,
    "journey": expected_journey_points,
    "scenario": expected_scenario_points,
}


class Grader:
    def __init__(self, tmp: Path):
        self.course: Course = make_course(tmp)
        self.released: set[str] = set()
        self.learner = getpass.getuser()  # nbgrader submit files the submission under the user's name

    def _release(self, assignment: str) -> None:
        if assignment not in self.released:
            release(self.course.root, [assignment], exchange=self.course.exchange)
            self.released.add(assignment)

    def grade(self, folder: Path, assignment: str) -> dict[str, float | None]:
        """Submit ``folder`` (a learner's copy of ``assignment``), collect, autograde; scores by ``nb/grade_id``."""
        self._release(assignment)
        home = self.course.root.parent / f"home-{assignment}"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(
            folder, home / assignment, ignore=shutil.ignore_patterns(".ipynb_checkpoints", ".answers.json.lock")
        )
        submit(self.course.root, self.course.exchange, assignment, home, self.learner)
        collect(self.course.root, assignment, exchange=self.course.exchange)
        run = grade(self.course.root, assignment, workers=1, force=True, progress=False)
        assert [(r.student, r.status) for r in run.results] == [(self.learner, "graded")], run.results
        return self.course.scores(self.learner, assignment)

    def expected(self, assignment: str, exercise_id: str, answer: Any) -> tuple[str, float, float]:
        """The grade cell that marks a graded widget exercise, what ``answer`` earns there, and its points."""
        self._release(assignment)
        source = REPO / "course" / "source" / assignment
        content = load_exercises(source / "exercises.yaml")[exercise_id]
        for path in sorted(source.glob("*.ipynb")):
            src = nbformat.read(path, as_version=4)
            rel = nbformat.read(self.course.release(assignment) / path.name, as_version=4)
            marks = answer_cells(src, rel)
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in src.cells}
            for answer_id, test_id in marks.items():
                cell = cells[answer_id]
                if "### BEGIN WIDGET SOLUTION" in cell.source and f'"{exercise_id}"' in cell.source:
                    _, key = _widget_answer(cell.source)
                    points = autograded_points(src)[test_id]
                    earned = EXPECTED[content["kind"]](answer, key, points, content, cells[test_id].source)
                    return f"{path.stem}/{test_id}", earned, points
        raise AssertionError(f"no graded cell in {assignment} marks the widget exercise {exercise_id}")


def assert_graded_as_clicked(
    grader: Grader, folder: Path, assignment: str, exercise_id: str, answer: Any
) -> tuple[float, float]:
    """Submit and autograde ``folder``: the widget's grade cell earns what its check gives ``answer``, others 0.

    Returns the points earned and the cell's points.
    """
    scores = grader.grade(folder, assignment)
    cell, earned, points = grader.expected(assignment, exercise_id, answer)
    assert scores[cell] == earned, f"{cell}: nbgrader gave {scores[cell]}, the check gives {earned} of {points}"
    others = {name: score for name, score in scores.items() if name != cell and score}
    assert not others, f"only the widget was answered, yet these cells scored: {others}"
    return earned, points
