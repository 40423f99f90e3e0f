"""The cohort report's page: its tables as text, rendered with the charts into ``report.html.j2``.

:func:`render` fills the Jinja2 template beside this module (autoescaping on: every text from the
gradebook or a learner is escaped) with the :class:`~.model.Report`, its tables and its charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .charts import draw_charts
from .items import MIN_LEARNERS
from .model import (
    GRADED,
    ITEM_METRICS,
    MISSING,
    AtRisk,
    ItemStats,
    LearnerResult,
    ReliabilityStats,
    Report,
    RiskReason,
)

__all__ = ["render"]


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
    links: dict[tuple[int, int], str] | None = None  # (row, column) -> where the cell's text links to


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


_FIRST = 2  # the assignment columns of the learner tables start here


def _tables(report: Report) -> dict[str, _Table]:
    """Every table of the page, by its ``id``."""
    return {
        "distribution": _distribution_table(report),
        "learners": _learners_table(report),
        "exercises": _exercises_table(report),
        "syllabus": _syllabus_table(report),
        "misconceptions": _misconceptions_table(report),
        "risk-counts": _risk_counts_table(report),
        "to-review": _to_review_table(report),
        "at-risk": _at_risk_table(report),
        "course-functions": _course_functions_table(report),
        "reliability": _reliability_table(report),
        "item-variants": _variants_table(report),
        "dubious-items": _dubious_table(report),
        "hints": _hints_table(report),
        **{f"items-{a}": _items_table(report, a) for a in report.assignments},
    }


def _stat(value: float | str, digits: int = 2) -> str:
    """A statistic as the page shows it: the number to ``digits`` places, or why there is none."""
    return value if isinstance(value, str) else f"{value:.{digits}f}"


_FIFTHS = ("1st fifth (weakest)", "2nd fifth", "3rd fifth", "4th fifth", "5th fifth (strongest)")


def _items_table(report: Report, assignment: str) -> _Table:
    mine = [i for i in report.items if i.assignment == assignment]
    flagged = {d.item for d in report.dubious if d.assignment == assignment}

    def row(i: ItemStats) -> tuple[str, ...]:
        return (
            i.item,
            i.label,
            i.kind,
            str(i.figures.learners),
            _num(i.figures.maximum, 2),
            *(_stat(i.value(metric), 3 if metric != "facility" else 2) for metric in ITEM_METRICS),
            *(_stat(i.fifth(n)) for n in range(1, 6)),
        )

    rows = _grouped(mine, lambda i: i.group, row)
    data = [r for r in rows if not isinstance(r, str)]
    return _Table(
        f"items-{assignment}",
        f"{assignment}: each item over the graded submissions (flagged items in red; marks of a part are 0 to 1)",
        (
            "item",
            "name",
            "kind",
            "learners",
            "max",
            "facility",
            "sd",
            "item-rest r (corrected)",
            "item-total r (uncorrected)",
            "discr. efficiency",
            *_FIFTHS,
        ),
        rows,
        frozenset(range(3, 15)),
        frozenset((number, 0) for number, r in enumerate(data) if r[0] in flagged),
    )


def _reliability_table(report: Report) -> _Table:
    def ci(r: ReliabilityStats) -> str:
        figures = r.figures
        if figures.alpha is None or figures.alpha_low is None or figures.alpha_high is None:
            return "—"
        return f"{figures.alpha_low:.3f} to {figures.alpha_high:.3f}"

    return _Table(
        "reliability",
        "Internal consistency of each assignment's autograded cells (Cronbach's alpha, Feldt's 95 % interval)",
        ("assignment", "learners", "cells", "mean total", "sd total", "alpha", "95 % interval", "SEM (points)"),
        [
            (
                r.assignment,
                str(r.figures.learners),
                str(r.figures.items),
                _stat(r.value("mean_total")),
                _stat(r.value("sd_total")),
                _stat(r.value("alpha"), 3),
                ci(r),
                _stat(r.value("sem")),
            )
            for r in report.reliability
        ],
        frozenset(range(1, 8)),
    )


def _variants_table(report: Report) -> _Table:
    return _Table(
        "item-variants",
        "Facility of each grade cell per variant (the learners' own numbers)",
        ("item", "name", "variant", "learners", "facility"),
        _grouped(
            report.variant_items,
            lambda v: v.assignment,
            lambda v: (
                v.item,
                v.label,
                v.variant,
                str(v.learners),
                v.why if v.facility is None else f"{v.facility:.2f}",
            ),
        ),
        frozenset({3, 4}),
    )


def _dubious_table(report: Report) -> _Table:
    rows: list[tuple[str, ...] | str] = [
        (d.assignment, d.item, d.label, d.kind, "; ".join(d.reasons), d.where) for d in report.dubious
    ]
    return _Table(
        "dubious-items",
        "Items that look broken, with what to check",
        ("assignment", "item", "name", "kind", "why", "content"),
        rows,
        links={(number, 5): d.link for number, d in enumerate(report.dubious)},
    )


def _hints_table(report: Report) -> _Table:
    most = max((len(h.levels) for h in report.hints), default=4)
    rungs = tuple(f"stopped at {n}" for n in range(most + 1))

    def row(h: Any) -> tuple[str, ...]:
        learners = len(h.opened)
        counts = tuple(str(h.reached(n)) if n <= len(h.levels) else "" for n in range(most + 1))
        practice = f"{h.practised} of {learners} ({h.practice_passed} right)"
        return (h.task, h.title, *counts, practice, _num(h.facility_without), _num(h.facility_with))

    return _Table(
        "hints",
        "Hints opened and practice tried per code task (learners by the last hint they opened; task facility in %)",
        ("task", "ladder", *rungs, "practised the twin", "facility, no hints", "facility, with hints"),
        _grouped(report.hints, lambda h: h.assignment, row),
    )


def _by_learner(report: Report) -> dict[str, dict[str, LearnerResult]]:
    by_learner: dict[str, dict[str, LearnerResult]] = {}
    for r in report.results:
        by_learner.setdefault(r.student, {})[r.assignment] = r
    return by_learner


def _distribution_table(report: Report) -> _Table:
    return _Table(
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
    )


def _learners_table(report: Report) -> _Table:
    names = {r.student: r.name for r in report.results}
    return _Table(
        "learners",
        "Each learner's autograded points (* = manual marking still to do; variant = the code of the learner's "
        "own numbers, see logiserve variants)",
        ("learner", "name", *report.assignments),
        [
            (student, names[student] or "—", *(_score_text(results.get(a)) for a in report.assignments))
            for student, results in sorted(_by_learner(report).items())
        ],
        frozenset(range(_FIRST, _FIRST + len(report.assignments))),
    )


def _exercises_table(report: Report) -> _Table:
    return _Table(
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
    )


def _syllabus_table(report: Report) -> _Table:
    return _Table(
        "syllabus",
        "Syllabus entries assessed by autograded cells",
        ("id", "statement", "cells", "learners", "success (%)"),
        [(e.entry_id, e.statement, str(e.cells), str(e.learners), _num(e.success_percent)) for e in report.entries],
        frozenset({2, 3, 4}),
    )


def _misconceptions_table(report: Report) -> _Table:
    return _Table(
        "misconceptions",
        "Misconceptions, most often triggered first",
        ("id", "title", "learners triggered", "learners assessed", "share (%)"),
        [
            (m.entry_id, m.title, str(m.triggered), str(m.assessed), _num(m.share_percent))
            for m in report.misconceptions
        ],
        frozenset({2, 3, 4}),
    )


def _risk_counts_table(report: Report) -> _Table:
    counts = {
        a: {kind: sum(1 for r in report.at_risk if r.assignment == a and r.kind is kind) for kind in RiskReason}
        for a in report.assignments
    }
    return _Table(
        "risk-counts",
        "Learners at risk per assignment",
        ("assignment", *(kind.column for kind in RiskReason), "at risk"),
        [
            (
                a,
                *(str(counts[a][kind]) for kind in RiskReason),
                str(len({r.student for r in report.at_risk if r.assignment == a})),
            )
            for a in report.assignments
        ],
        frozenset(range(1, len(RiskReason) + 2)),
    )


def _to_review_table(report: Report) -> _Table:
    return _Table(
        "to-review",
        "Submissions to look at before their marks count",
        ("learner", "name", "assignment", "status", "why"),
        [(v.student, v.name or "—", v.assignment, v.status, v.reason) for v in report.to_review],
    )


def _course_functions_table(report: Report) -> _Table:
    return _Table(
        "course-functions",
        "Learners' cells that use the course's own functions for graded figures (marks unchanged)",
        ("learner", "name", "assignment", "exercise", "cell", "what"),
        [(u.student, u.name or "—", u.assignment, u.exercise or "—", u.cell, u.what) for u in report.course_uses],
    )


def _at_risk_table(report: Report) -> _Table:
    by_learner = _by_learner(report)
    names = {r.student: r.name for r in report.results}
    flagged: dict[str, dict[str, AtRisk]] = {}
    for a in report.at_risk:
        flagged.setdefault(a.student, {})[a.assignment] = a
    at_risk = sorted(flagged, key=lambda s: (-len(flagged[s]), s))

    def risk_text(student: str, assignment: str) -> str:
        risk = flagged[student].get(assignment)
        if risk is None:
            return _score_text(by_learner[student].get(assignment))
        if risk.percent is not None:
            return f"{_num(risk.percent)} %: below {100 * report.threshold:g} %"
        return risk.reason

    return _Table(
        "at-risk",
        f"Learners at risk, most flags first (threshold {100 * report.threshold:g} % of autograded points)",
        ("learner", "name", *report.assignments),
        [(s, names[s] or "—", *(risk_text(s, a) for a in report.assignments)) for s in at_risk],
        frozenset(range(_FIRST, _FIRST + len(report.assignments))),
        frozenset(
            (row, _FIRST + column)
            for row, s in enumerate(at_risk)
            for column, a in enumerate(report.assignments)
            if a in flagged[s]
        ),
    )


def render(report: Report) -> str:
    """The page of ``report``: one self-contained HTML document."""
    from jinja2 import Environment

    page = resources.files(__package__).joinpath("report.html.j2").read_text(encoding="utf-8")
    environment = Environment(autoescape=True, extensions=["jinja2.ext.do"])
    return environment.from_string(page).render(
        report=report,
        charts=draw_charts(report),
        tables=_tables(report),
        threshold=f"{100 * report.threshold:g}",
        least=MIN_LEARNERS,
    )
