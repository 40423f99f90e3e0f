"""The cohort report: one self-contained HTML page for the tutor, and the same numbers as a tidy CSV.

:func:`build_report` reads nbgrader's gradebook (:class:`nbgrader.api.Gradebook`, at the course's
``CourseDirectory.db_url``) and the source notebooks and ``exercises.yaml`` files (what each grade
cell assesses, see :mod:`logiserve.coverage`).  The page has, for the assignments covered:

* **score distribution** per assignment: each learner's autograded score as a share of the
  assignment's autograded points;
* **success rate per exercise**: per autograded grade cell, the mean score over its points and the
  share of learners with full marks;
* **success rate per syllabus entry** (LO, AC, MP, ET): over every (learner, grade cell) pair whose
  cell assesses the entry, the points scored over the points available;
* **misconceptions triggered**: a misconception (MC) counts as triggered for a learner when the
  learner lost points (autograded score below the cell's points) on at least one autograded grade
  cell that assesses it; its share is over the learners with an autograded submission containing
  such a cell.  It is a signal of where to look, not a diagnosis: a cell assesses several points;
* **learners at risk**, per assignment: autograded score below ``threshold`` of the autograded
  points (before manual marking), no submission (a learner in the gradebook without one), grading
  failed (a submission in the gradebook without autograded scores), or submitted but not graded yet.

Only autograded cells are counted: written answers and other manually graded cells are not, and
neither are manual changes to autograded scores nor late penalties.  The page says so.

Charts are PNG images (matplotlib's object API) inlined as ``data:`` URIs; the page needs no
other file, no network and no JavaScript.  Every text from the gradebook or a learner is escaped
(jinja2 with autoescaping).
"""

from __future__ import annotations

import base64
import csv as csv_module
import io
import json
import statistics
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat

from logiserve.syllabus import load as load_syllabus
from logiserve.tutor import TutorError, load_api

__all__ = [
    "AssignmentStats",
    "AtRisk",
    "CellStats",
    "EntryStats",
    "LearnerResult",
    "MisconceptionStats",
    "Report",
    "ReportError",
    "build_report",
]

GRADED, FAILED, NOT_GRADED, MISSING = "graded", "grading failed", "submitted, not graded yet", "no submission"
_RATED_KINDS = ("LO", "AC", "MP", "ET")
# how each at-risk reason starts, and its column in the page's summary
_KINDS = {
    "autograded score below": "below threshold",
    MISSING: "no submission",
    FAILED: "grading failed",
    NOT_GRADED: "waiting to be graded",
}


class ReportError(TutorError):
    """The report cannot be made; the message says why and what to do."""


# -- the numbers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearnerResult:
    """One learner's autograded result on one assignment.

    ``status`` is ``"graded"``, ``"grading failed"``, ``"submitted, not graded yet"`` or
    ``"no submission"``; ``score`` (autograded points) is ``None`` unless graded.
    ``manual_pending``: the submission still has cells for the tutor to mark.
    ``variant``: the code of the learner's own numbers for the assignment (see
    :mod:`logiserve.variants`; ``logiserve variants ASSIGNMENT`` lists them), or ``""`` when the
    assignment gives every learner the same numbers.
    """

    student: str
    name: str
    assignment: str
    status: str
    score: float | None
    available: float
    manual_pending: bool = False
    variant: str = ""

    @property
    def percent(self) -> float | None:
        """The autograded score as a percentage of the autograded points."""
        if self.score is None or not self.available:
            return None
        return 100.0 * self.score / self.available


@dataclass(frozen=True)
class AssignmentStats:
    """Section 1: the distribution of autograded scores (percent) of one assignment."""

    assignment: str
    learners: int
    submitted: int
    graded: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None
    available: float


@dataclass(frozen=True)
class CellStats:
    """Section 2: one autograded grade cell over the graded submissions."""

    assignment: str
    notebook: str
    cell: str
    exercise: str
    assesses: tuple[str, ...]
    points: float
    learners: int
    mean_score: float | None
    success_percent: float | None
    full_marks_percent: float | None

    @property
    def item(self) -> str:
        """``notebook/grade_id``."""
        return f"{self.notebook}/{self.cell}"

    @property
    def label(self) -> str:
        """The widget exercise it marks, else ``NN · grade_id``."""
        return _label(self.assignment, self.cell, self.exercise)


def _label(assignment: str, cell: str, exercise: str) -> str:
    return exercise if exercise != cell else f"{assignment.split('_', 1)[0]} · {cell}"


@dataclass(frozen=True)
class EntryStats:
    """Section 3: one syllabus entry (LO/AC/MP/ET) over the autograded cells that assess it."""

    entry_id: str
    statement: str
    cells: int
    learners: int
    success_percent: float | None


@dataclass(frozen=True)
class MisconceptionStats:
    """Section 4: one misconception (see the module docstring for "triggered")."""

    entry_id: str
    title: str
    triggered: int
    assessed: int
    share_percent: float | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AtRisk:
    """Section 5: why one learner is at risk on one assignment (``percent`` when the score is low)."""

    student: str
    name: str
    assignment: str
    reason: str
    percent: float | None


@dataclass(frozen=True)
class ToReview:
    """Section 6: a submission ``logiserve grade`` flagged or could not grade, and why."""

    student: str
    name: str
    assignment: str
    status: str
    reason: str


@dataclass(frozen=True)
class Report:
    """What the page shows, number for number (tuples in the page's order)."""

    course_id: str
    generated: datetime
    assignments: tuple[str, ...]
    threshold: float
    results: tuple[LearnerResult, ...]
    distributions: tuple[AssignmentStats, ...]
    cells: tuple[CellStats, ...]
    entries: tuple[EntryStats, ...]
    misconceptions: tuple[MisconceptionStats, ...]
    at_risk: tuple[AtRisk, ...]
    notes: tuple[str, ...]
    html: Path
    csv: Path | None = None
    unmeasured: tuple[str, ...] = field(default=())
    to_review: tuple[ToReview, ...] = field(default=())

    def rows(self) -> Iterator[tuple[str, str, str, str, Any]]:
        """The tidy rows of the CSV: ``(section, assignment, item, metric, value)``."""
        for r in self.results:
            yield "learner", r.assignment, r.student, "status", r.status
            if r.score is not None:
                yield "learner", r.assignment, r.student, "auto_score", r.score
                yield "learner", r.assignment, r.student, "auto_percent", _round(r.percent)
            yield "learner", r.assignment, r.student, "available", r.available
            if r.variant:
                yield "learner", r.assignment, r.student, "variant", r.variant
        for d in self.distributions:
            for metric in ("learners", "submitted", "graded", "available"):
                yield "distribution", d.assignment, "all", metric, getattr(d, metric)
            for metric in ("mean", "median", "minimum", "maximum"):
                yield "distribution", d.assignment, "all", f"{metric}_percent", _round(getattr(d, metric))
        for c in self.cells:
            yield "exercise", c.assignment, c.item, "points", c.points
            yield "exercise", c.assignment, c.item, "learners", c.learners
            for metric in ("mean_score", "success_percent", "full_marks_percent"):
                yield "exercise", c.assignment, c.item, metric, _round(getattr(c, metric))
        for e in self.entries:
            yield "syllabus", "all", e.entry_id, "cells", e.cells
            yield "syllabus", "all", e.entry_id, "learners", e.learners
            yield "syllabus", "all", e.entry_id, "success_percent", _round(e.success_percent)
        for m in self.misconceptions:
            yield "misconception", "all", m.entry_id, "learners_triggered", m.triggered
            yield "misconception", "all", m.entry_id, "learners_assessed", m.assessed
            yield "misconception", "all", m.entry_id, "share_percent", _round(m.share_percent)
        for a in self.at_risk:
            yield "at_risk", a.assignment, a.student, "reason", a.reason
        for v in self.to_review:
            yield "to_review", v.assignment, v.student, "status", v.status
            yield "to_review", v.assignment, v.student, "reason", v.reason


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


# -- building it --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    """What the source says about a grade cell."""

    exercise: str
    assesses: tuple[str, ...]


def build_report(
    course: Path,
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
        The nbgrader course folder.
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
    course = Path(course).resolve()
    coursedir = load_api(course).coursedir
    db_url, course_id = coursedir.db_url, coursedir.course_id
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        raise ReportError(
            f"There is no gradebook at {db_url.removeprefix('sqlite:///')} yet, so there is nothing to report. "
            "Collect and grade first (logiserve collect / logiserve grade)."
        )
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course_id) as gb:
        names = _covered(gb, course, assignments)
        numbers = _read(gb, course, names, threshold)
    report = Report(course_id=course_id, html=Path(out), csv=Path(csv) if csv else None, **numbers)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(_render(report), encoding="utf-8")
    if csv is not None:
        Path(csv).parent.mkdir(parents=True, exist_ok=True)
        with Path(csv).open("w", newline="", encoding="utf-8") as handle:
            writer = csv_module.writer(handle)
            writer.writerow(["section", "assignment", "item", "metric", "value"])
            writer.writerows(["" if v is None else v for v in row] for row in report.rows())
    return report


def _covered(gb: Any, course: Path, wanted: Sequence[str] | None) -> list[str]:
    graded = sorted(a.name for a in gb.assignments)
    if not graded:
        raise ReportError("The gradebook holds no assignment yet: collect and grade first.")
    if wanted is None:
        return graded
    unknown = [a for a in wanted if a not in graded]
    if unknown:
        in_source = [a for a in unknown if (course / "source" / a).is_dir()]
        hint = f" ({', '.join(in_source)}: in source/ but not graded yet)" if in_source else ""
        raise ReportError(
            f"The gradebook has no assignment {', '.join(map(repr, unknown))}{hint}. "
            f"In the gradebook: {', '.join(graded)}."
        )
    return list(dict.fromkeys(wanted))


def _declared(course: Path, assignment: str) -> dict[tuple[str, str], _Cell]:
    """What each grade cell of the source notebooks assesses, keyed ``(notebook, grade_id)``."""
    from logiserve.widgets import ContentError, load_exercises

    folder = course / "source" / assignment
    content: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("exercises.y*ml")):
        try:
            content.update(load_exercises(path))
        except ContentError:
            continue
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            grading = cell.metadata.get("nbgrader", {})
            if not grading.get("grade"):
                continue
            declared = cell.metadata.get("logiserve", {})
            exercise = declared.get("exercise")
            assesses = content.get(exercise, {}).get("assesses", ()) if exercise else declared.get("assesses", ())
            out[(path.stem, grading["grade_id"])] = _Cell(exercise or grading["grade_id"], tuple(assesses))
    return out


def _variant_codes(course: Path, assignment: str) -> Any:
    """learner id -> the code of their numbers for ``assignment`` ("" when it has no variants block).

    Worked out as the learners' kernels work them out (:mod:`logiserve.variants`), with the same
    course id (``LOGISERVE_COURSE_ID``, else the course's default).
    """
    from logiserve.variants import Variant, VariantError, course_id, load_parameters

    try:
        parameters = load_parameters(course / "source" / assignment / "exercises.yaml")
    except VariantError:
        parameters = {}
    if not parameters:
        return lambda student: ""
    key = course_id()
    return lambda student: Variant.pick(assignment, parameters, learner=student, course_id=key).code


def _read(gb: Any, course: Path, names: list[str], threshold: float) -> dict[str, Any]:
    """Every number of the report, from the gradebook and the source notebooks."""
    syllabus = load_syllabus()
    people = {s.id: " ".join(p for p in (s.first_name, s.last_name) if p) for s in gb.students}
    results: list[LearnerResult] = []
    cells: list[CellStats] = []
    distributions: list[AssignmentStats] = []
    # (learner, assignment, notebook, cell) -> (auto score, points), for graded submissions
    scored: dict[tuple[str, str, str, str], tuple[float, float]] = {}
    declared_by_cell: dict[tuple[str, str, str], _Cell] = {}
    manual_points, pending, failed = 0.0, 0, []

    for name in names:
        assignment = gb.find_assignment(name)
        declared = _declared(course, name)
        auto_cells = [
            (nb.name, cell)
            for nb in assignment.notebooks
            for cell in nb.grade_cells
            if cell.cell_type == "code" and cell.name not in {s.name for s in nb.solution_cells}
        ]
        auto_names = {(nb, cell.name) for nb, cell in auto_cells}
        available = float(sum(cell.max_score for _, cell in auto_cells))
        manual_points += sum(c.max_score for nb in assignment.notebooks for c in nb.grade_cells) - available
        for nb, cell in auto_cells:
            declared_by_cell[(name, nb, cell.name)] = declared.get((nb, cell.name), _Cell(cell.name, ()))

        code = _variant_codes(course, name)
        seen = set()
        for submission in assignment.submissions:
            student = submission.student_id
            seen.add(student)
            grades = {(n.name, g.name): g for n in submission.notebooks for g in n.grades}
            autos = [grades[key].auto_score for key in auto_names if key in grades]
            if len(autos) < len(auto_names) or any(score is None for score in autos):
                results.append(
                    LearnerResult(
                        student, people.get(student, ""), name, FAILED, None, available, variant=code(student)
                    )
                )
                failed.append(f"{student} ({name})")
                continue
            for key in auto_names:
                scored[(student, name, *key)] = (float(grades[key].auto_score), float(grades[key].max_score))
            manual = bool(submission.needs_manual_grade)
            pending += manual
            results.append(
                LearnerResult(
                    student,
                    people.get(student, ""),
                    name,
                    GRADED,
                    float(sum(autos)),
                    available,
                    manual,
                    variant=code(student),
                )
            )
        waiting = course / "submitted"
        for folder in sorted(waiting.glob(f"*/{name}")) if waiting.is_dir() else []:
            student = folder.parent.name
            if folder.is_dir() and student not in seen:
                seen.add(student)
                results.append(
                    LearnerResult(
                        student, people.get(student, ""), name, NOT_GRADED, None, available, variant=code(student)
                    )
                )
        for student in sorted(set(people) - seen):
            results.append(
                LearnerResult(student, people[student], name, MISSING, None, available, variant=code(student))
            )

        mine = [r for r in results if r.assignment == name]
        percents = [r.percent for r in mine if r.percent is not None]
        distributions.append(
            AssignmentStats(
                assignment=name,
                learners=len({r.student for r in mine}),
                submitted=sum(r.status != MISSING for r in mine),
                graded=sum(r.status == GRADED for r in mine),
                mean=statistics.fmean(percents) if percents else None,
                median=statistics.median(percents) if percents else None,
                minimum=min(percents) if percents else None,
                maximum=max(percents) if percents else None,
                available=available,
            )
        )
        for nb, cell in auto_cells:
            got = [s for (_, a, n, c), (s, _) in scored.items() if (a, n, c) == (name, nb, cell.name)]
            info = declared_by_cell[(name, nb, cell.name)]
            mean = statistics.fmean(got) if got else None
            cells.append(
                CellStats(
                    assignment=name,
                    notebook=nb,
                    cell=cell.name,
                    exercise=info.exercise,
                    assesses=info.assesses,
                    points=float(cell.max_score),
                    learners=len(got),
                    mean_score=mean,
                    success_percent=100.0 * mean / cell.max_score if mean is not None and cell.max_score else None,
                    full_marks_percent=100.0 * sum(s >= cell.max_score - 1e-9 for s in got) / len(got) if got else None,
                )
            )

    results.sort(key=lambda r: (r.student, names.index(r.assignment)))
    entries, unmeasured = _entries(syllabus, scored, declared_by_cell, names)
    at_risk = [
        AtRisk(r.student, r.name, r.assignment, _reason(r, threshold), r.percent)
        for r in results
        if r.status != GRADED or (r.percent is not None and r.percent < 100.0 * threshold)
    ]
    notes = [
        "Scores count autograded cells only, as the autograder marked them: before manual marking. "
        f"Written answers and other manually graded cells ({manual_points:g} points in the assignments covered) "
        "are not included, nor are manual changes to autograded scores or late penalties.",
        f"{pending} graded submission(s) still have cells waiting for manual marking."
        if pending
        else "No graded submission is waiting for manual marking.",
        f"Grading failed for {', '.join(failed)}: see the grading log; these learners are not in the averages."
        if failed
        else "Every submission in the gradebook has autograded scores.",
        f"Learners are those in the gradebook ({len(people)}), plus anyone whose submission is waiting in "
        "submitted/. A learner with no submission counts as missing.",
        "Misconception counts are a signal of where to look, not a diagnosis: a cell usually assesses several points.",
    ]
    return {
        "generated": datetime.now(UTC).replace(microsecond=0),
        "assignments": tuple(names),
        "threshold": threshold,
        "results": tuple(results),
        "distributions": tuple(distributions),
        "cells": tuple(cells),
        "entries": tuple(entries),
        "misconceptions": tuple(_misconceptions(syllabus, scored, declared_by_cell)),
        "at_risk": tuple(at_risk),
        "to_review": tuple(_to_review(course, names, people)),
        "notes": tuple(notes),
        "unmeasured": tuple(unmeasured),
    }


def _to_review(course: Path, names: list[str], people: dict[str, str]) -> list[ToReview]:
    """What ``logiserve grade`` flagged or failed, from the records it keeps beside ``autograded/``."""
    from ..grading import STATE_FOLDER

    coursedir = load_api(course).coursedir
    state = Path(coursedir.root) / coursedir.autograded_directory / STATE_FOLDER
    out = []
    for assignment in names:
        for path in sorted([*(state / assignment).glob("*.json"), *(state / assignment).glob("*.failed")]):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(record, dict) and record.get("status") in ("flagged", "failed"):
                student = str(record.get("student", path.stem))
                out.append(
                    ToReview(student, people.get(student, ""), assignment, record["status"], str(record.get("reason")))
                )
    return out


def _reason(result: LearnerResult, threshold: float) -> str:
    if result.status == GRADED:
        return f"autograded score below {100 * threshold:g} % (before manual marking)"
    return result.status


def _entries(
    syllabus: Any,
    scored: dict[tuple[str, str, str, str], tuple[float, float]],
    declared: dict[tuple[str, str, str], _Cell],
    names: list[str],
) -> tuple[list[EntryStats], list[str]]:
    """Success per LO/AC/MP/ET entry, and the due entries no autograded cell measures."""
    out, unmeasured = [], []
    for entry in syllabus.entries:
        if entry.kind not in _RATED_KINDS:
            continue
        keys = {key for key, cell in declared.items() if entry.id in cell.assesses}
        if not keys:
            if set(entry.assignments) & set(names):
                unmeasured.append(entry.id)
            continue
        pairs = [value for (student, *key), value in scored.items() if tuple(key) in keys]
        got, points = sum(s for s, _ in pairs), sum(p for _, p in pairs)
        learners = len({student for (student, *key) in scored if tuple(key) in keys})
        out.append(EntryStats(entry.id, entry.statement, len(keys), learners, 100.0 * got / points if points else None))
    return out, unmeasured


def _misconceptions(
    syllabus: Any,
    scored: dict[tuple[str, str, str, str], tuple[float, float]],
    declared: dict[tuple[str, str, str], _Cell],
) -> list[MisconceptionStats]:
    """Each misconception an autograded cell assesses, most often triggered first."""
    out = []
    for entry in syllabus.of_kind("MC"):
        keys = {key for key, cell in declared.items() if entry.id in cell.assesses}
        if not keys:
            continue
        assessed, triggered = set(), set()
        for (student, *key), (got, points) in scored.items():
            if tuple(key) in keys:
                assessed.add(student)
                if got < points - 1e-9:
                    triggered.add(student)
        out.append(
            MisconceptionStats(
                entry.id,
                entry.title,
                len(triggered),
                len(assessed),
                100.0 * len(triggered) / len(assessed) if assessed else None,
                tuple(sorted(_label(a, c, declared[(a, n, c)].exercise) for a, n, c in keys)),
            )
        )
    return sorted(out, key=lambda m: (-m.triggered, -(m.share_percent or 0.0), m.entry_id))


# -- the page -----------------------------------------------------------------------------------------------------

_BLUE, _ORANGE, _RED = "#3b6ea5", "#e67e22", "#c0392b"
_DPI = 100  # the image is shown at this many pixels per inch, and stored at twice that for sharp screens


@dataclass(frozen=True)
class _Chart:
    uri: str
    width: int


def _png(figure: Any) -> _Chart:
    """A matplotlib figure as a ``data:`` URI, and its display width in CSS pixels."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=2 * _DPI, bbox_inches="tight", pad_inches=0.08)
    data = buffer.getvalue()
    width = int.from_bytes(data[16:20], "big") // 2  # the PNG header's width
    return _Chart("data:image/png;base64," + base64.b64encode(data).decode("ascii"), width)


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    figure.set_facecolor("white")
    return figure


def _style(ax: Any) -> None:
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    ax.grid(axis="x", color="#e4e7eb", linewidth=0.8)
    ax.set_axisbelow(True)


def _no_data(message: str) -> _Chart:
    figure = _figure(5.2, 0.8)
    ax = figure.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#52606d")
    return _png(figure)


def _distribution_chart(report: Report) -> _Chart:
    graded = {
        a: [r.percent for r in report.results if r.assignment == a and r.percent is not None]
        for a in report.assignments
    }
    if not any(graded.values()):
        return _no_data("No autograded scores yet.")
    columns = 1 if len(report.assignments) == 1 else 2
    rows = -(-len(report.assignments) // columns)
    figure = _figure(5.2, 2.3 * rows if columns > 1 else 2.8)
    bins = [10.0 * i for i in range(11)]
    for index, name in enumerate(report.assignments):
        ax = figure.add_subplot(rows, columns, index + 1)
        ax.hist(graded[name], bins=bins, color=_BLUE, edgecolor="white")
        ax.axvline(100 * report.threshold, color=_RED, linestyle="--", linewidth=1)
        ax.set_title(name, fontsize=10)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% of autograded points", fontsize=9)
        ax.set_ylabel("learners", fontsize=9)
        ax.yaxis.get_major_locator().set_params(integer=True)
        _style(ax)
        ax.grid(False)
    return _png(figure)


def _bars(
    labels: list[str], values: list[float], *, xlabel: str, limit: float, second: list[float] | None = None
) -> _Chart:
    if not labels:
        return _no_data("Nothing to show.")
    figure = _figure(5.2, 0.9 + 0.26 * len(labels))
    ax = figure.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=_BLUE, height=0.62, label=xlabel)
    if second is not None:
        ax.scatter(second, positions, color=_ORANGE, zorder=3, s=22, label="learners with full marks (%)")
        figure.legend(fontsize=8, loc="outside upper left", frameon=False, ncols=2)
    ax.set_yticks(positions, labels, fontsize=8)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlim(0, limit)
    ax.set_xlabel(xlabel, fontsize=9)
    _style(ax)
    return _png(figure)


def _risk_chart(report: Report) -> _Chart:
    graded = [r for r in report.results if r.percent is not None]
    if not graded:
        return _no_data("No autograded scores yet.")
    figure = _figure(5.2, 3.0)
    ax = figure.add_subplot()
    line = 100 * report.threshold
    for index, name in enumerate(report.assignments):
        mine = sorted(r.percent for r in graded if r.assignment == name and r.percent is not None)
        spread = [index - 0.3 + 0.6 * k / (len(mine) - 1) if len(mine) > 1 else float(index) for k in range(len(mine))]
        ax.scatter(spread, mine, c=[_RED if p < line else _BLUE for p in mine], s=16, zorder=3)
    ax.axhline(line, color=_RED, linestyle="--", linewidth=1)
    ticks = [
        "\n".join([number, *textwrap.wrap(topic.replace("_", " "), 11)])
        for number, _, topic in (a.partition("_") for a in report.assignments)
    ]
    ax.set_xticks(range(len(report.assignments)), ticks, fontsize=8)
    ax.set_xlim(-0.6, len(report.assignments) - 0.4)
    ax.set_ylim(-4, 104)
    ax.set_ylabel("% of autograded points", fontsize=9)
    _style(ax)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.8)
    ax.grid(axis="x", visible=False)
    return _png(figure)


def _charts(report: Report) -> dict[str, _Chart]:
    top = report.misconceptions[:15]
    return {
        "distribution": _distribution_chart(report),
        "exercises": _bars(
            [c.label for c in report.cells],
            [c.success_percent or 0.0 for c in report.cells],
            second=[c.full_marks_percent or 0.0 for c in report.cells],
            xlabel="success rate (%)",
            limit=100,
        ),
        "syllabus": _bars(
            [e.entry_id for e in report.entries],
            [e.success_percent or 0.0 for e in report.entries],
            xlabel="success rate (%)",
            limit=100,
        ),
        "misconceptions": _bars(
            [f"{m.entry_id} {m.title[:34]}{'…' if len(m.title) > 34 else ''}" for m in top],
            [float(m.triggered) for m in top],
            xlabel="learners triggered",
            limit=max([m.assessed for m in top] + [1]),
        ),
        "risk": _risk_chart(report),
    }


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class _Table:
    """A table of the page: rows of text (a bare string is a group heading), numeric columns, flagged cells."""

    id: str
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...] | str]
    numeric: frozenset[int] = frozenset()
    flags: frozenset[tuple[int, int]] = frozenset()


def _score_text(result: LearnerResult | None) -> str:
    if result is None:
        return "—"
    variant = f" · variant {result.variant}" if result.variant and result.status != MISSING else ""
    if result.status != GRADED:
        return f"{result.status}{variant}"
    pending = " *" if result.manual_pending else ""
    return f"{_num(result.score, 2)} / {_num(result.available, 2)} ({_num(result.percent)} %){pending}{variant}"


def _grouped(items: Sequence[Any], group: Any, row: Any) -> list[tuple[str, ...] | str]:
    """Rows under a heading per group (no headings when there is one group)."""
    rows: list[tuple[str, ...] | str] = []
    groups = list(dict.fromkeys(map(group, items)))
    for name in groups:
        if len(groups) > 1:
            rows.append(name)
        rows += [row(item) for item in items if group(item) == name]
    return rows


def _tables(report: Report) -> dict[str, _Table]:
    by_learner: dict[str, dict[str, LearnerResult]] = {}
    for r in report.results:
        by_learner.setdefault(r.student, {})[r.assignment] = r
    names = {r.student: r.name for r in report.results}
    flagged: dict[str, dict[str, AtRisk]] = {}
    for a in report.at_risk:
        flagged.setdefault(a.student, {})[a.assignment] = a
    at_risk = sorted(flagged, key=lambda s: (-len(flagged[s]), s))
    counts = {
        a: {kind: sum(1 for r in report.at_risk if r.assignment == a and r.reason.startswith(kind)) for kind in _KINDS}
        for a in report.assignments
    }
    first = 2  # the assignment columns of the learner tables start here

    def risk_text(student: str, assignment: str) -> str:
        risk = flagged[student].get(assignment)
        if risk is None:
            return _score_text(by_learner[student].get(assignment))
        if risk.percent is not None:
            return f"{_num(risk.percent)} %: below {100 * report.threshold:g} %"
        return risk.reason

    return {
        "distribution": _Table(
            "distribution",
            "Autograded scores, % of each assignment's autograded points",
            ("assignment", "learners", "submitted", "graded", "mean", "median", "min", "max"),
            [
                (
                    d.assignment,
                    str(d.learners),
                    str(d.submitted),
                    str(d.graded),
                    *(_num(v) for v in (d.mean, d.median, d.minimum, d.maximum)),
                )
                for d in report.distributions
            ],
            frozenset(range(1, 8)),
        ),
        "learners": _Table(
            "learners",
            "Each learner's autograded points (* = manual marking still to do; variant = the code of the learner's "
            "own numbers, see logiserve variants)",
            ("learner", "name", *report.assignments),
            [
                (student, names[student] or "—", *(_score_text(results.get(a)) for a in report.assignments))
                for student, results in sorted(by_learner.items())
            ],
            frozenset(range(first, first + len(report.assignments))),
        ),
        "exercises": _Table(
            "exercises",
            "Autograded grade cells: success = mean score / points",
            ("grade cell", "points", "learners", "mean score", "success (%)", "full marks (%)"),
            _grouped(
                report.cells,
                lambda c: c.assignment,
                lambda c: (
                    c.item,
                    _num(c.points, 2),
                    str(c.learners),
                    _num(c.mean_score, 2),
                    _num(c.success_percent),
                    _num(c.full_marks_percent),
                ),
            ),
            frozenset(range(1, 6)),
        ),
        "syllabus": _Table(
            "syllabus",
            "Syllabus entries assessed by autograded cells",
            ("id", "statement", "cells", "learners", "success (%)"),
            [(e.entry_id, e.statement, str(e.cells), str(e.learners), _num(e.success_percent)) for e in report.entries],
            frozenset({2, 3, 4}),
        ),
        "misconceptions": _Table(
            "misconceptions",
            "Misconceptions, most often triggered first",
            ("id", "title", "learners triggered", "learners assessed", "share (%)"),
            [
                (m.entry_id, m.title, str(m.triggered), str(m.assessed), _num(m.share_percent))
                for m in report.misconceptions
            ],
            frozenset({2, 3, 4}),
        ),
        "risk-counts": _Table(
            "risk-counts",
            "Learners at risk per assignment",
            ("assignment", *_KINDS.values(), "at risk"),
            [
                (
                    a,
                    *(str(counts[a][kind]) for kind in _KINDS),
                    str(len({r.student for r in report.at_risk if r.assignment == a})),
                )
                for a in report.assignments
            ],
            frozenset(range(1, len(_KINDS) + 2)),
        ),
        "to-review": _Table(
            "to-review",
            "Submissions to look at before their marks count",
            ("learner", "name", "assignment", "status", "why"),
            [(v.student, v.name or "—", v.assignment, v.status, v.reason) for v in report.to_review],
        ),
        "at-risk": _Table(
            "at-risk",
            f"Learners at risk, most flags first (threshold {100 * report.threshold:g} % of autograded points)",
            ("learner", "name", *report.assignments),
            [(s, names[s] or "—", *(risk_text(s, a) for a in report.assignments)) for s in at_risk],
            frozenset(range(first, first + len(report.assignments))),
            frozenset(
                (row, first + column)
                for row, s in enumerate(at_risk)
                for column, a in enumerate(report.assignments)
                if a in flagged[s]
            ),
        ),
    }


def _render(report: Report) -> str:
    from jinja2 import Environment

    page = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    environment = Environment(autoescape=True, extensions=["jinja2.ext.do"])
    return environment.from_string(page).render(
        report=report, charts=_charts(report), tables=_tables(report), threshold=f"{100 * report.threshold:g}"
    )
