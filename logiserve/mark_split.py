"""How a course's marks are earned: in widgets, as numbers, in code, or by the tutor.

The unit's learners know spreadsheets, not programming, so the course keeps the marks that need
Python code to at most :data:`CODE_SHARE_LIMIT` of the whole. Every grade cell is one of:

* ``widget``: an autograded test of a widget exercise (it declares ``logiserve.exercise``);
* ``number``: an autograded answer that is a number worked out from numbers on the page (the
  learner's own numbers table): a calculator is enough, ``name = 123.4`` is the only code;
* ``code``: an autograded answer that needs Python over a dataset (a filter, a groupby, a chart);
* ``tutor``: a written answer, chart or task a tutor marks (nbgrader's manually graded cells).

An autograded cell that is not a widget's test says which of ``number`` and ``code`` it is in its
metadata (``logiserve.answer``); :func:`problems` lists cells that do not, or say it wrongly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ._evidence import GRADED, WRITTEN, cell_kind
from .course import Course

__all__ = ["ANSWER_KINDS", "CODE_SHARE_LIMIT", "Split", "answer_kind", "course_split", "problems"]

ANSWER_KINDS = ("widget", "number", "code", "tutor")
"""The ways a mark is earned, in the order tables show them."""

CODE_SHARE_LIMIT = 0.35
"""The most of a course's marks that may need code."""


def answer_kind(cell: Any) -> str | None:
    """How a grade cell's marks are earned (one of :data:`ANSWER_KINDS`); ``None`` if it gives none or does not say.

    >>> from nbformat.v4 import new_code_cell
    >>> graded = {"grade": True, "points": 1}
    >>> answer_kind(new_code_cell(metadata={"nbgrader": graded, "logiserve": {"answer": "number"}}))
    'number'
    >>> answer_kind(new_code_cell(metadata={"nbgrader": graded, "logiserve": {"exercise": "x"}}))
    'widget'
    """
    kind = cell_kind(cell)
    if kind is None or not float(cell.metadata.get("nbgrader", {}).get("points") or 0) > 0:
        return None
    if kind[1] == WRITTEN:
        return "tutor"
    declared = cell.metadata.get("logiserve", {})
    if "exercise" in declared:
        return "widget"
    answer = declared.get("answer")
    return answer if kind[1] == GRADED and answer in ("number", "code") else None


@dataclass(frozen=True)
class Split:
    """The points of one assignment (or a course) by :data:`ANSWER_KINDS`."""

    points: Counter[str]

    @property
    def total(self) -> float:
        """All the points."""
        return float(sum(self.points.values()))

    def share(self, kind: str) -> float:
        """The share of the points earned in ``kind`` (0 when there are no points)."""
        return self.points[kind] / self.total if self.total else 0.0

    def __add__(self, other: Split) -> Split:
        return Split(self.points + other.points)

    def row(self) -> str:
        """The split as a short text: ``widget 6 · number 0 · code 10 · tutor 6``."""
        return " · ".join(f"{kind} {self.points[kind]:g}" for kind in ANSWER_KINDS)


def _cells(course: Course, assignment: str) -> Iterable[tuple[Path, Any]]:
    for path in sorted(course.source(assignment).glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            yield path, cell


def course_split(course: Course | Path | None = None) -> dict[str, Split]:
    """Each graded assignment's :class:`Split` (a cell that does not say how it is answered counts as code)."""
    course = Course.of(course) if course is not None else Course.find()
    out = {}
    for assignment in course.graded_assignments():
        points: Counter[str] = Counter()
        for _, cell in _cells(course, assignment):
            meta = cell.metadata.get("nbgrader", {})
            if cell_kind(cell) is not None and float(meta.get("points") or 0) > 0:
                points[answer_kind(cell) or "code"] += meta["points"]
        out[assignment] = Split(points)
    return out


def problems(course: Course | Path | None = None) -> list[str]:
    """Autograded cells that do not say how they are answered, or say ``widget`` without marking one."""
    course = Course.of(course) if course is not None else Course.find()
    out = []
    for assignment in course.graded_assignments():
        for path, cell in _cells(course, assignment):
            if answer_kind(cell) is not None or cell_kind(cell) is None:
                continue
            if not float(cell.metadata.get("nbgrader", {}).get("points") or 0) > 0:
                continue
            grade_id = cell.metadata["nbgrader"].get("grade_id")
            said = cell.metadata.get("logiserve", {}).get("answer")
            out.append(
                f"{assignment}/{path.name}#{grade_id}: say how it is answered in metadata logiserve.answer "
                f"('number' or 'code'; found {said!r}; a widget's test declares logiserve.exercise)"
            )
    return out
