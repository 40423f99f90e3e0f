"""Which exercises assess each syllabus entry, and which feedback names each misconception.

Exercises declare what they assess:

* widget exercises in their content file (``exercises.yaml``): ``assesses: [LO1, AC1]``;
  their practice feedback names misconceptions: ``misconception: MC2``;
* notebook grade cells in their metadata: ``"logiserve": {"assesses": ["AC1", "MP1"]}``,
  or, for the hidden test of a widget exercise, ``"logiserve": {"exercise": "01_customers.x"}``
  (that exercise's content says what it assesses).

:func:`collect` reads every assignment of a course folder; :meth:`Coverage.problems` lists what
breaks the rules (unknown ids, undeclared grade cells, entries of an existing assignment with no
exercise, misconceptions that no feedback names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import Course
from .syllabus import KINDS, Syllabus
from .syllabus import load as load_syllabus

__all__ = ["Coverage", "Exercise", "Feedback", "collect"]

HEADINGS = {
    "LO": "Learning outcomes",
    "AC": "Assessment criteria",
    "MP": "Examiner marking points",
    "MC": "Common mistakes and misconceptions",
    "ET": "Exam tips and assessment guidance",
}


@dataclass(frozen=True)
class Exercise:
    """One exercise and the syllabus ids it assesses."""

    ref: str
    assignment: str
    kind: str
    assesses: tuple[str, ...]


@dataclass(frozen=True)
class Feedback:
    """One misconception-specific feedback message."""

    ref: str
    assignment: str
    misconception: str


@dataclass
class Coverage:
    """What the course's exercises and feedback cover."""

    syllabus: Syllabus
    assignments: list[str]
    exercises: list[Exercise] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    reading_problems: list[str] = field(default_factory=list)

    def exercises_for(self, entry_id: str) -> list[Exercise]:
        """The exercises that assess the syllabus entry ``entry_id``."""
        return [e for e in self.exercises if entry_id in e.assesses]

    def feedback_for(self, entry_id: str) -> list[Feedback]:
        """The feedback messages that answer the misconception ``entry_id``."""
        return [f for f in self.feedback if f.misconception == entry_id]

    def due(self) -> list[str]:
        """Ids that belong to at least one assignment that exists now."""
        return [e.id for e in self.syllabus.entries if set(e.assignments) & set(self.assignments)]

    def covered(self) -> list[str]:
        """Due ids with an exercise (and, for misconceptions, feedback that names them)."""
        return [i for i in self.due() if self.exercises_for(i) and (not i.startswith("MC") or self.feedback_for(i))]

    def problems(self) -> list[str]:
        """Every broken rule, as a readable line (empty when the course is fully covered)."""
        out = list(self.reading_problems)
        for exercise in self.exercises:
            out += [
                f"{exercise.ref}: assesses {i!r}, which is not in the syllabus"
                for i in exercise.assesses
                if i not in self.syllabus
            ]
        out += [
            f"{f.ref}: names misconception {f.misconception!r}, which is not in the syllabus"
            for f in self.feedback
            if f.misconception not in self.syllabus
        ]
        for entry_id in self.due():
            entry = self.syllabus[entry_id]
            where = ", ".join(a for a in entry.assignments if a in self.assignments)
            if not self.exercises_for(entry_id):
                out.append(f"{entry_id} ({KINDS[entry.kind]} of {where}) has no exercise that assesses it")
            if entry.kind == "MC" and not self.feedback_for(entry_id):
                out.append(f"{entry_id} (misconception of {where}) is named by no feedback message")
        return out

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(id, statement, assignments, exercises, feedback) for every entry."""
        return [
            (
                e.id,
                e.statement if not e.title else f"{e.title[0].upper()}{e.title[1:]}: {e.statement}",
                ", ".join(e.assignments),
                ", ".join(x.ref for x in self.exercises_for(e.id)) or ("—" if e.id not in self.due() else "MISSING"),
                ", ".join(f.ref for f in self.feedback_for(e.id)),
            )
            for e in self.syllabus.entries
        ]

    def summary(self) -> str:
        """One sentence: how many of the entries due are covered."""
        due, covered = self.due(), self.covered()
        share = 100.0 * len(covered) / len(due) if due else 100.0
        return (
            f"{len(covered)} of {len(due)} syllabus entries of the assignments that exist are covered "
            f"({share:.0f} %); {len(self.syllabus.entries)} entries in all, "
            f"assignments present: {', '.join(self.assignments) or 'none'}."
        )

    def markdown(self) -> str:
        """The coverage table as Markdown (``docs/syllabus-coverage.md``)."""
        lines = [
            "# Syllabus coverage",
            "",
            "Generated by `logiserve syllabus --markdown docs/syllabus-coverage.md`; do not edit by hand.",
            "Each entry of the unit's syllabus (`logiserve/syllabus.yaml`), the exercises that assess it",
            "and the feedback messages that name it. “—” marks an entry whose assignment does not exist yet.",
            "",
            self.summary(),
        ]
        for kind, heading in HEADINGS.items():
            lines += ["", f"## {heading} ({kind})", ""]
            lines += ["| id | statement | assignments | assessed by | feedback naming it |", "|---|---|---|---|---|"]
            for row in self.rows():
                if row[0].startswith(kind):
                    lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The coverage table as plain text, for the terminal."""
        out = []
        for entry_id, statement, where, exercises, feedback in self.rows():
            out.append(f"{entry_id:5} {statement if len(statement) <= 90 else statement[:89] + '…'}")
            out.append(f"      assignments: {where}")
            out.append(f"      assessed by: {exercises}")
            if feedback:
                out.append(f"      feedback:    {feedback}")
        out += ["", self.summary()]
        return "\n".join(out)


def collect(course: Course | Path, syllabus: Syllabus | None = None) -> Coverage:
    """Read every assignment's content files and notebooks in the course's ``source/``."""
    from logiserve.content import ContentError, feedback_entries, load_exercises

    course = Course.of(course)
    coverage = Coverage(syllabus or load_syllabus(), course.assignments())
    widget_modes: dict[str, str] = {}
    for assignment in coverage.assignments:
        folder = course.source(assignment)
        for content_file in sorted(folder.glob("exercises.y*ml")):
            try:
                exercises = load_exercises(content_file)
            except ContentError as error:
                coverage.reading_problems.append(str(error))
                continue
            for exercise_id, content in exercises.items():
                widget_modes[exercise_id] = content["mode"]
                coverage.exercises.append(
                    Exercise(
                        exercise_id,
                        assignment,
                        f"{content['kind']} ({content['mode']})",
                        tuple(content.get("assesses", ())),
                    )
                )
                for entry in feedback_entries(content):
                    if entry.feedback.get("misconception"):
                        coverage.feedback.append(
                            Feedback(
                                f"{exercise_id}: {entry.owner} → {entry.case}",
                                assignment,
                                entry.feedback["misconception"],
                            )
                        )
        for notebook_path in sorted(folder.glob("*.ipynb")):
            _read_notebook(coverage, assignment, notebook_path, widget_modes)
    return coverage


def _read_notebook(coverage: Coverage, assignment: str, path: Path, widget_modes: dict[str, str]) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        grading = cell.metadata.get("nbgrader", {})
        if not grading.get("grade"):
            continue
        ref = f"{assignment}/{path.name}#{grading.get('grade_id')}"
        declared = cell.metadata.get("logiserve", {})
        if "exercise" in declared:
            if widget_modes.get(declared["exercise"]) != "graded":
                coverage.reading_problems.append(
                    f"{ref}: marks exercise {declared['exercise']!r}, which is not a graded exercise of {assignment}"
                )
            continue
        assesses = declared.get("assesses")
        if not assesses:
            coverage.reading_problems.append(
                f"{ref}: a grade cell must declare what it assesses (cell metadata logiserve.assesses, "
                "or logiserve.exercise for a widget's test)"
            )
            continue
        kind = "written answer" if cell.cell_type == "markdown" else "autograded cell"
        coverage.exercises.append(Exercise(ref, assignment, kind, tuple(assesses)))
