"""Building the cohort report: the gradebook's numbers to an HTML page, and to a CSV if asked."""

from __future__ import annotations

import csv as csv_module
from collections.abc import Sequence
from pathlib import Path

from logiserve.course import Course

from .model import Report, ReportError
from .numbers import covered_assignments, read_numbers
from .page import render

__all__ = ["build_report"]


def build_report(
    course: Course | Path,
    assignments: Sequence[str] | None = None,
    *,
    out: Path,
    csv: Path | None = None,
    threshold: float = 0.5,
) -> Report:
    """Write the cohort report to ``out`` (and the numbers to ``csv``) and return its numbers.

    Parameters
    ----------
    course:
        The course (or its folder).
    assignments:
        The assignments to cover; by default every assignment in the gradebook.
    out:
        The HTML file to write (self-contained).
    csv:
        If given, a tidy CSV of every number: ``section, assignment, item, metric, value``.
    threshold:
        A learner is at risk below this share (0 to 1) of an assignment's autograded points.

    Raises
    ------
    ReportError
        No gradebook yet, nothing in it, or an assignment it does not hold.
    ValueError
        ``threshold`` is not between 0 and 1.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a share between 0 and 1, not {threshold}")
    course = Course.of(course)
    db_url, course_id = course.db_url, str(course.coursedir().course_id)
    if not course.has_gradebook():
        raise ReportError(
            f"There is no gradebook at {db_url.removeprefix('sqlite:///')} yet, so there is nothing to report. "
            "Collect and grade first (logiserve collect / logiserve grade)."
        )
    with course.gradebook() as gb:
        names = covered_assignments(gb, course, assignments)
        numbers = read_numbers(gb, course, names, threshold, page=Path(out))
    report = Report(course_id=course_id, html=Path(out), csv=Path(csv) if csv else None, **numbers)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(render(report), encoding="utf-8")
    if csv is not None:
        Path(csv).parent.mkdir(parents=True, exist_ok=True)
        with Path(csv).open("w", newline="", encoding="utf-8") as handle:
            writer = csv_module.writer(handle)
            writer.writerow(["section", "assignment", "item", "metric", "value"])
            writer.writerows(["" if v is None else v for v in row] for row in report.rows())
    return report
