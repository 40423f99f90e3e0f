"""The cohort report's numbers: one dataclass per section of the page, and the CSV's tidy rows.

:class:`Report` holds every number the page shows, in the page's order; :meth:`Report.rows` gives
the same numbers as ``(section, assignment, item, metric, value)`` rows for the CSV.  How they are
worked out from the gradebook is in :mod:`.numbers`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from logiserve.tutor import TutorError

from .items import ItemFigures, Reliability

__all__ = [
    "FAILED",
    "GRADED",
    "ITEM_METRICS",
    "MISSING",
    "NOT_GRADED",
    "AssignmentStats",
    "AtRisk",
    "CellStats",
    "CourseUse",
    "DubiousItem",
    "EntryStats",
    "HintUse",
    "ItemStats",
    "LearnerResult",
    "MisconceptionStats",
    "ReliabilityStats",
    "Report",
    "ReportError",
    "RiskReason",
    "ToReview",
    "VariantFacility",
    "cell_label",
]

GRADED, FAILED, NOT_GRADED, MISSING = "graded", "grading failed", "submitted, not graded yet", "no submission"


class ReportError(TutorError):
    """The report cannot be made; the message says why and what to do."""


class RiskReason(Enum):
    """Why a learner is at risk on an assignment.

    Each kind carries ``column``, the heading that counts it in the page's summary of learners at
    risk (the members are in the columns' order), and the text the page and the CSV give for it
    (:meth:`text`).  A learner is at risk on an assignment when its autograded score is below the
    threshold, or when it has no graded submission (the other kinds are :class:`LearnerResult`
    statuses, and their text is the status).
    """

    BELOW_THRESHOLD = ("below threshold", "autograded score below {percent:g} % (before manual marking)")
    NO_SUBMISSION = ("no submission", MISSING)
    GRADING_FAILED = ("grading failed", FAILED)
    NOT_GRADED = ("waiting to be graded", NOT_GRADED)

    def __init__(self, column: str, text: str) -> None:
        self.column = column
        self.template = text

    def text(self, threshold: float) -> str:
        """What the page and the CSV say, for a ``threshold`` share (0 to 1) of the autograded points."""
        return self.template.format(percent=100 * threshold)

    @classmethod
    def of(cls, result: LearnerResult, threshold: float) -> RiskReason | None:
        """Why ``result`` puts its learner at risk, or ``None`` when it does not."""
        if result.status == GRADED:
            below = result.percent is not None and result.percent < 100.0 * threshold
            return cls.BELOW_THRESHOLD if below else None
        return next(kind for kind in cls if kind.template == result.status)


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
        return cell_label(self.assignment, self.cell, self.exercise)


def cell_label(assignment: str, cell: str, exercise: str) -> str:
    """A grade cell's name in the report: the widget exercise it marks, else ``NN · grade_id``."""
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
    """Section 4: one misconception (see the package docstring for "triggered")."""

    entry_id: str
    title: str
    triggered: int
    assessed: int
    share_percent: float | None
    cells: tuple[str, ...]


@dataclass(frozen=True)
class AtRisk:
    """Section 5: why one learner is at risk on one assignment (``percent`` when the score is low).

    ``reason`` is the text the page and the CSV show, ``kind`` the reason's kind.
    """

    student: str
    name: str
    assignment: str
    reason: str
    percent: float | None
    kind: RiskReason


@dataclass(frozen=True)
class ToReview:
    """Section 6: a submission ``logiserve grade`` flagged or could not grade, or one the latest collect refused,
    set aside or left entries out of; and why."""

    student: str
    name: str
    assignment: str
    status: str
    reason: str


@dataclass(frozen=True)
class CourseUse:
    """Section 7: a learner's cell that uses a course function working out graded figures (for the tutor to judge).

    ``exercise`` is the graded cells that read what the cell assigns (``eoq_test``), or ``""``;
    ``cell`` the cell (``cell 'eoq_answer'``); ``what`` what it does (``calls logiserve.inventory.eoq,
    line 2``).  Marks are not changed: a learner may have had a reason, the tutor decides.
    """

    student: str
    name: str
    assignment: str
    notebook: str
    exercise: str
    cell: str
    what: str


ITEM_METRICS = ("facility", "sd", "item_rest_r", "item_total_r", "efficiency")
"""The statistics of an item, in the page's and the CSV's order (see :mod:`.items`)."""


@dataclass(frozen=True)
class ItemStats:
    """Section 8: one item of an assignment's item analysis (a grade cell, or a part of one).

    ``item`` is the CSV's key (``notebook/grade_id``, and ``/part`` for a widget item or step);
    ``kind`` what it is (``grade cell``, ``method step``, ``sorter item``, ``sequence step``, ``journey
    rating``, ``role-play decision``); ``group`` the heading it is shown under (the widget exercise,
    or the calculation a method step belongs to); ``where`` the content file (relative to the course)
    and ``link`` that file relative to the page.
    """

    assignment: str
    item: str
    label: str
    kind: str
    group: str
    figures: ItemFigures
    where: str = ""
    link: str = ""

    def value(self, metric: str) -> float | str:
        """Statistic ``metric`` (of :data:`ITEM_METRICS`) rounded as the CSV gives it, or why it is not shown."""
        number = getattr(self.figures, metric)
        return self.figures.why.get(metric, "—") if number is None else round(number, 4)

    def fifth(self, number: int) -> float | str:
        """The facility in fifth ``number`` (1 the weakest), or why it is not shown (``empty fifth``)."""
        value = self.figures.fifths[number - 1]
        if value is None:
            return self.figures.why.get("fifths", "empty fifth")
        return round(value, 4)


@dataclass(frozen=True)
class ReliabilityStats:
    """Section 8: an assignment's internal consistency over its autograded cells (Cronbach's alpha, SEM)."""

    assignment: str
    figures: Reliability

    def value(self, metric: str) -> float | int | str:
        """``metric`` of :class:`~.items.Reliability` rounded as the CSV gives it, or why it is not shown."""
        number = getattr(self.figures, metric)
        if number is None:
            return self.figures.why.get("alpha", "—")
        return number if isinstance(number, int) else round(number, 4)


@dataclass(frozen=True)
class VariantFacility:
    """Section 8: a grade cell's facility among the learners of one variant (their own numbers).

    ``variant`` is ``"variant <code>"``, or, for the variants with too few learners to compare, ``"each of N
    (other) variants"`` with ``learners`` the most any of them has and ``why`` saying so.
    """

    assignment: str
    item: str
    label: str
    variant: str
    learners: int
    facility: float | None
    why: str = ""


@dataclass(frozen=True)
class DubiousItem:
    """Section 8: an item that looks broken, the reasons a course author can act on, and where its content is."""

    assignment: str
    item: str
    label: str
    kind: str
    reasons: tuple[str, ...]
    where: str
    link: str


@dataclass(frozen=True)
class HintUse:
    """Section 9: one code task's hint ladder and practice twin, over the learners' graded submissions.

    ``opened`` is every learner's rung reached, ``(student, rungs opened)``; the facilities are the
    task's mean mark as a share of its points (in %) for learners who opened no hint and for those
    who opened at least one (``None`` with nobody in the group). The rungs and the practice are the
    learner's own record in ``answers.json``: information for the tutor, never a mark.
    """

    assignment: str
    notebook: str
    task: str
    title: str
    levels: tuple[str, ...]
    opened: tuple[tuple[str, int], ...]
    practised: int
    practice_passed: int
    facility_without: float | None
    facility_with: float | None

    def reached(self, rung: int) -> int:
        """How many learners stopped at ``rung`` (0: opened none)."""
        return sum(1 for _, n in self.opened if n == rung)


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
    course_uses: tuple[CourseUse, ...] = field(default=())
    items: tuple[ItemStats, ...] = field(default=())
    reliability: tuple[ReliabilityStats, ...] = field(default=())
    variant_items: tuple[VariantFacility, ...] = field(default=())
    dubious: tuple[DubiousItem, ...] = field(default=())
    hints: tuple[HintUse, ...] = field(default=())

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
        for u in self.course_uses:
            where = f"{u.notebook}/{u.exercise or '-'}"
            yield "course_function", u.assignment, u.student, where, f"{u.cell}: {u.what}"
        yield from self._item_rows()

    def _item_rows(self) -> Iterator[tuple[str, str, str, str, Any]]:
        for r in self.reliability:
            for metric in ("learners", "items", "mean_total", "sd_total", "alpha", "alpha_low", "alpha_high", "sem"):
                yield "reliability", r.assignment, "all", metric, r.value(metric)
        for i in self.items:
            yield "item_analysis", i.assignment, i.item, "kind", i.kind
            yield "item_analysis", i.assignment, i.item, "learners", i.figures.learners
            yield "item_analysis", i.assignment, i.item, "max_mark", i.figures.maximum
            for metric in ITEM_METRICS:
                yield "item_analysis", i.assignment, i.item, metric, i.value(metric)
            for number in range(1, 6):
                yield "item_analysis", i.assignment, i.item, f"fifth_{number}_facility", i.fifth(number)
        for v in self.variant_items:
            key = f"{v.item} [{v.variant}]"
            yield "item_variant", v.assignment, key, "learners", v.learners
            yield "item_variant", v.assignment, key, "facility", v.why if v.facility is None else _round(v.facility)
        for d in self.dubious:
            yield "dubious_item", d.assignment, d.item, "reasons", " | ".join(d.reasons)
            yield "dubious_item", d.assignment, d.item, "content", d.where
        for h in self.hints:
            task = f"{h.notebook}/{h.task}"
            for rung in range(len(h.levels) + 1):
                yield "hints", h.assignment, task, f"learners_stopped_at_{rung}", h.reached(rung)
            yield "hints", h.assignment, task, "practised", h.practised
            yield "hints", h.assignment, task, "practice_passed", h.practice_passed
            yield "hints", h.assignment, task, "facility_no_hints_percent", _round(h.facility_without)
            yield "hints", h.assignment, task, "facility_with_hints_percent", _round(h.facility_with)
            for student, rungs in h.opened:
                yield "hint_rung", h.assignment, student, task, rungs


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
