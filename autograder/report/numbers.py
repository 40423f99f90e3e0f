"""The cohort report's numbers, read from nbgrader's gradebook, the source notebooks and the grading records.

:func:`read_numbers` works out every section of :class:`~.model.Report` for the assignments
:func:`covered_assignments` picks: what each grade cell assesses comes from the source notebooks and
``exercises.yaml`` (see :mod:`logiserve.coverage`), the learners' variant codes from
:mod:`logiserve.variants`, and what ``logiserve grade`` flagged from the records it keeps beside
``autograded/``.  Only autograded cells count (see the package docstring).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nbformat

from logiserve.course import Course
from logiserve.syllabus import load as load_syllabus

from ._item_numbers import item_analysis
from .hints import hint_use
from .model import (
    FAILED,
    GRADED,
    MISSING,
    NOT_GRADED,
    AssignmentStats,
    AtRisk,
    CellStats,
    CourseUse,
    EntryStats,
    LearnerResult,
    MisconceptionStats,
    ReportError,
    RiskReason,
    ToReview,
    cell_label,
)

__all__ = ["covered_assignments", "read_numbers"]

_RATED_KINDS = ("LO", "AC", "KC", "MP", "ET")


@dataclass(frozen=True)
class _Cell:
    """What the source says about a grade cell."""

    exercise: str
    assesses: tuple[str, ...]


def covered_assignments(gb: Any, course: Course, wanted: Sequence[str] | None) -> list[str]:
    """The assignments the report covers: ``wanted`` (each once), or every one graded; ``ReportError`` if not graded."""
    graded = sorted(a.name for a in gb.assignments if a.max_score)  # a practice-only one has no marks
    if not graded:
        raise ReportError("The gradebook holds no assignment yet: collect and grade first.")
    if wanted is None:
        return graded
    unknown = [a for a in wanted if a not in graded]
    if unknown:
        in_source = [a for a in unknown if course.source(a).is_dir()]
        hint = f" ({', '.join(in_source)}: in source/ but not graded yet)" if in_source else ""
        raise ReportError(
            f"The gradebook has no assignment {', '.join(map(repr, unknown))}{hint}. "
            f"In the gradebook: {', '.join(graded)}."
        )
    return list(dict.fromkeys(wanted))


def _declared(course: Course, assignment: str) -> dict[tuple[str, str], _Cell]:
    """What each grade cell of the source notebooks assesses, keyed ``(notebook, grade_id)``."""
    from logiserve.content import ContentError, load_exercises

    folder = course.source(assignment)
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


def _variant_codes(course: Course, assignment: str) -> Any:
    """learner id -> the code of their numbers for ``assignment`` ("" when it has no variants block).

    Worked out as the learners' kernels work them out (:mod:`logiserve.variants`), with the same
    course id (:attr:`logiserve.course.Course.course_id`).
    """
    from logiserve.variants import Variant, VariantError, load_parameters

    try:
        parameters = load_parameters(course.exercises_file(assignment))
    except VariantError:
        parameters = {}
    if not parameters:
        return lambda student: ""
    key = course.course_id.value
    return lambda student: Variant.pick(assignment, parameters, learner=student, course_id=key).code


# (learner, assignment, notebook, grade cell) -> (auto score, points), for graded submissions
_Scored = dict[tuple[str, str, str, str], tuple[float, float]]


@dataclass
class _Tally:
    """What :func:`read_numbers` gathers, assignment after assignment."""

    people: dict[str, str]
    results: list[LearnerResult] = field(default_factory=list)
    cells: list[CellStats] = field(default_factory=list)
    distributions: list[AssignmentStats] = field(default_factory=list)
    scored: _Scored = field(default_factory=dict)
    # (assignment, notebook, grade cell) -> what the source says it assesses, for every autograded cell
    declared: dict[tuple[str, str, str], _Cell] = field(default_factory=dict)
    manual_points: float = 0.0
    pending: int = 0
    failed: list[str] = field(default_factory=list)


def read_numbers(
    gb: Any, course: Course, names: list[str], threshold: float, *, page: Path | None = None
) -> dict[str, Any]:
    """Every number of the report, from the gradebook, the source notebooks and the graded submissions' answers.

    ``page``: where the page will be written, for the links to the exercises' content files.
    """
    syllabus = load_syllabus()
    tally = _Tally({s.id: " ".join(p for p in (s.first_name, s.last_name) if p) for s in gb.students})
    for name in names:
        _read_assignment(tally, gb.find_assignment(name), course)

    results = sorted(tally.results, key=lambda r: (r.student, names.index(r.assignment)))
    entries, unmeasured = _entries(syllabus, tally.scored, tally.declared, names)
    at_risk = [
        AtRisk(r.student, r.name, r.assignment, kind.text(threshold), r.percent, kind)
        for r in results
        if (kind := RiskReason.of(r, threshold)) is not None
    ]
    return {
        "generated": datetime.now(UTC).replace(microsecond=0),
        "assignments": tuple(names),
        "threshold": threshold,
        "results": tuple(results),
        "distributions": tuple(tally.distributions),
        "cells": tuple(tally.cells),
        "entries": tuple(entries),
        "misconceptions": tuple(_misconceptions(syllabus, tally.scored, tally.declared)),
        "at_risk": tuple(at_risk),
        "to_review": tuple(_to_review(course, names, tally.people)),
        "course_uses": tuple(_course_uses(course, names, tally.people)),
        "notes": tuple(_notes(tally)),
        "unmeasured": tuple(unmeasured),
        **item_analysis(course, names, tally, results, page),
        "hints": hint_use(course, names, tally.scored),
    }


def _read_assignment(tally: _Tally, assignment: Any, course: Course) -> None:
    """One assignment's learner results, score distribution and grade cells, into ``tally``."""
    name = assignment.name
    declared = _declared(course, name)
    auto_cells = [
        (nb.name, cell)
        for nb in assignment.notebooks
        for cell in nb.grade_cells
        if cell.cell_type == "code" and cell.name not in {s.name for s in nb.solution_cells}
    ]
    available = float(sum(cell.max_score for _, cell in auto_cells))
    tally.manual_points += sum(c.max_score for nb in assignment.notebooks for c in nb.grade_cells) - available
    for nb, cell in auto_cells:
        tally.declared[(name, nb, cell.name)] = declared.get((nb, cell.name), _Cell(cell.name, ()))

    _read_learners(tally, assignment, course, {(nb, cell.name) for nb, cell in auto_cells}, available)
    mine = [r for r in tally.results if r.assignment == name]
    tally.distributions.append(_distribution(name, mine, available))
    for nb, cell in auto_cells:
        got = [s for (_, a, n, c), (s, _) in tally.scored.items() if (a, n, c) == (name, nb, cell.name)]
        tally.cells.append(_cell_stats(name, nb, cell, tally.declared[(name, nb, cell.name)], got))


def _read_learners(
    tally: _Tally, assignment: Any, course: Course, auto_names: set[tuple[str, str]], available: float
) -> None:
    """Each learner's result on ``assignment``: its submissions, those waiting in submitted/, the missing."""
    name, people = assignment.name, tally.people
    code = _variant_codes(course, name)

    def result(student: str, status: str, score: float | None = None, manual: bool = False) -> LearnerResult:
        return LearnerResult(student, people.get(student, ""), name, status, score, available, manual, code(student))

    seen = set()
    for submission in assignment.submissions:
        student = submission.student_id
        seen.add(student)
        grades = {(n.name, g.name): g for n in submission.notebooks for g in n.grades}
        autos = [grades[key].auto_score for key in auto_names if key in grades]
        if len(autos) < len(auto_names) or any(score is None for score in autos):
            tally.results.append(result(student, FAILED))
            tally.failed.append(f"{student} ({name})")
            continue
        for key in auto_names:
            tally.scored[(student, name, *key)] = (float(grades[key].auto_score), float(grades[key].max_score))
        manual = bool(submission.needs_manual_grade)
        tally.pending += manual
        tally.results.append(result(student, GRADED, float(sum(autos)), manual))
    waiting = course.submitted_dir
    for folder in sorted(waiting.glob(f"*/{name}")) if waiting.is_dir() else []:
        student = folder.parent.name
        if folder.is_dir() and student not in seen:
            seen.add(student)
            tally.results.append(result(student, NOT_GRADED))
    for student in sorted(set(people) - seen):
        tally.results.append(result(student, MISSING))


def _distribution(name: str, mine: list[LearnerResult], available: float) -> AssignmentStats:
    percents = [r.percent for r in mine if r.percent is not None]
    return AssignmentStats(
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


def _cell_stats(name: str, nb: str, cell: Any, info: _Cell, got: list[float]) -> CellStats:
    """One autograded grade cell, from the scores ``got`` of the graded submissions."""
    mean = statistics.fmean(got) if got else None
    return CellStats(
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


def _notes(tally: _Tally) -> list[str]:
    """What the page says about what its numbers count."""
    manual_points, pending, failed = tally.manual_points, tally.pending, tally.failed
    return [
        "Scores count autograded cells only, as the autograder marked them: before manual marking. "
        f"Written answers and other manually graded cells ({manual_points:g} points in the assignments covered) "
        "are not included, nor are manual changes to autograded scores or late penalties.",
        f"{pending} graded submission(s) still have cells waiting for manual marking."
        if pending
        else "No graded submission is waiting for manual marking.",
        f"Grading failed for {', '.join(failed)}: see the grading log; these learners are not in the averages."
        if failed
        else "Every submission in the gradebook has autograded scores.",
        f"Learners are those in the gradebook ({len(tally.people)}), plus anyone whose submission is waiting in "
        "submitted/. A learner with no submission counts as missing.",
        "Misconception counts are a signal of where to look, not a diagnosis: a cell usually assesses several points.",
    ]


def _to_review(course: Course, names: list[str], people: dict[str, str]) -> list[ToReview]:
    """What ``logiserve grade`` flagged or failed, from the records it keeps beside ``autograded/``."""
    from ..grading import STATE_FOLDER

    state = course.autograded_dir / STATE_FOLDER
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
        out.extend(_collect_review(course, assignment, people))
    return out


def _collect_review(course: Course, assignment: str, people: dict[str, str]) -> list[ToReview]:
    """What the latest collect of ``assignment`` refused, set aside or left out (``collect-log/``).

    A folder set aside is listed under whoever made it (its owner), with the learner it names in
    the reason; a refused one under the learner its name gives (or the folder's name, when that
    names nobody).
    """
    from logiserve.exchange import Status, read_collect_log

    try:
        latest = read_collect_log(course, assignment).latest
    except (OSError, ValueError, KeyError, TypeError):
        return [ToReview("—", "", assignment, "collect", "the record in collect-log/ could not be read")]
    if latest is None:
        return []
    out = []
    for outcome in latest.outcomes:
        who = outcome.learner or outcome.folder
        if outcome.status == Status.SET_ASIDE:
            who = outcome.owner or who
            out.append(ToReview(who, people.get(who, ""), assignment, "set aside at collect", outcome.reason))
        elif outcome.status == Status.REFUSED:
            out.append(ToReview(who, people.get(who, ""), assignment, "refused at collect", outcome.reason))
        elif outcome.left_out and outcome.status in (Status.COLLECTED, Status.UPDATED):
            left = "; ".join(f"{entry.path}: {entry.reason}" for entry in outcome.left_out)
            out.append(ToReview(who, people.get(who, ""), assignment, "collected, entries left out", left))
    return out


def _course_uses(course: Course, names: list[str], people: dict[str, str]) -> list[CourseUse]:
    """Each learner's cells that use a course function working out graded figures, from the submitted notebooks.

    The course's functions are those of the domain modules its hidden tests import (every
    assignment's source notebooks, :func:`~logiserve.autograder.course_functions.course_functions`); a
    learner's cells are the code cells that are not read-only in the source notebook (whose source,
    hidden tests included, binds the names a later cell may use).
    """
    from ..course_functions import course_functions, find_course_calls
    from ..integrity import names_tests_read

    sources = {a: sorted(course.source(a).glob("*.ipynb")) for a in course.assignments()}
    tests = [
        cell.source
        for paths in sources.values()
        for path in paths
        for cell in _read(path).cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    functions = course_functions(tests)
    out = []
    for assignment in names:
        for path in sources.get(assignment, []):
            source = _read(path)
            locked = {
                meta["grade_id"]: cell.source
                for cell in source.cells
                if (meta := cell.get("metadata", {}).get("nbgrader", {})).get("locked") and meta.get("grade_id")
            }
            reads = {
                grade_id: names_tests_read([text])
                for cell in source.cells
                if (grade_id := cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
                and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
                and cell.cell_type == "code"
                and (text := cell.source)
            }
            for folder in sorted(course.submitted_dir.glob(f"*/{assignment}")) if course.submitted_dir.is_dir() else []:
                student = folder.parent.name
                submitted = folder / path.name
                if not submitted.is_file():
                    continue
                try:
                    cells = _read(submitted).cells
                except Exception:  # noqa: BLE001  # a broken notebook: grading says so, nothing to read here
                    continue
                for call in find_course_calls(cells, functions, read_only=locked):
                    feeds = sorted(test for test, read in reads.items() if set(call.answers) & read)
                    out.append(
                        CourseUse(
                            student,
                            people.get(student, ""),
                            assignment,
                            path.stem,
                            ", ".join(feeds),
                            call.where,
                            f"{call.how} {call.name}, line {call.line}",
                        )
                    )
    return out


def _read(path: Any) -> Any:
    return nbformat.read(path, as_version=4)


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
                tuple(sorted(cell_label(a, c, declared[(a, n, c)].exercise) for a, n, c in keys)),
            )
        )
    return sorted(out, key=lambda m: (-m.triggered, -(m.share_percent or 0.0), m.entry_id))


# -- item analysis ------------------------------------------------------------------------------------------
