"""Which exercises assess each syllabus entry, by the kind of evidence they give, and which feedback names it.

Exercises declare what they assess:

* widget exercises in their content file (``exercises.yaml``): ``assesses: [LO1, AC1]``;
  their practice feedback names misconceptions: ``misconception: MC2``;
* notebook grade cells in their metadata: ``"logiserve": {"assesses": ["AC1", "MP1"]}``,
  or, for the hidden test of a widget exercise, ``"logiserve": {"exercise": "01_customers.x"}``
  (that exercise's content says what it assesses).

Each exercise gives one kind of evidence, read from what it is (:mod:`logiserve._evidence`):
**graded** (an autograded test cell, or a graded widget exercise that an autograded test marks),
**written** (an answer a tutor marks) or **practice** (instant feedback, no marks).

:func:`collect` reads every assignment of a course folder; :meth:`Coverage.problems` lists what
breaks the rules: unknown ids, undeclared grade cells, entries of an existing assignment with no
exercise, or with no graded evidence unless the syllabus says why (``evidence:`` and ``why:``),
and misconceptions that no feedback names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ._evidence import GRADED, KINDS_OF_EVIDENCE, PRACTICE, WRITTEN, read_notebook
from .course import Course
from .syllabus import KINDS, Entry, Syllabus
from .syllabus import load as load_syllabus

__all__ = ["EVIDENCE_HEADINGS", "GRADED", "PRACTICE", "WRITTEN", "Coverage", "Exercise", "Feedback", "collect"]

HEADINGS = {
    "LO": "Learning outcomes",
    "AC": "Assessment criteria",
    "KC": "Key concepts",
    "MP": "Examiner marking points",
    "MC": "Common mistakes and misconceptions",
    "ET": "Exam tips and assessment guidance",
}

EVIDENCE_HEADINGS = {
    GRADED: "graded (autograded)",
    WRITTEN: "written (a tutor marks it)",
    PRACTICE: "practice (feedback, no marks)",
}
"""Column headings for the three kinds of evidence."""


@dataclass(frozen=True)
class Exercise:
    """One exercise, the kind of evidence it gives and the syllabus ids it assesses."""

    ref: str
    assignment: str
    kind: str
    assesses: tuple[str, ...]
    evidence: str = ""
    """``graded``, ``written`` or ``practice``; ``""`` for a graded widget exercise that no test marks."""
    marked_by: tuple[str, ...] = ()
    """For a graded widget exercise: the autograded test cells that read its answer."""


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

    def exercises_for(self, entry_id: str, evidence: str | None = None) -> list[Exercise]:
        """The exercises that assess the syllabus entry ``entry_id`` (only those of one kind of ``evidence``)."""
        return [e for e in self.exercises if entry_id in e.assesses and (evidence is None or e.evidence == evidence)]

    def feedback_for(self, entry_id: str) -> list[Feedback]:
        """The feedback messages that answer the misconception ``entry_id``."""
        return [f for f in self.feedback if f.misconception == entry_id]

    def evidence_of(self, entry_id: str) -> str:
        """The strongest kind of evidence for the entry (graded, then written, then practice); ``""`` if none."""
        return next((k for k in KINDS_OF_EVIDENCE if self.exercises_for(entry_id, k)), "")

    def due(self) -> list[str]:
        """Ids that belong to at least one assignment that exists now."""
        return [e.id for e in self.syllabus.entries if set(e.assignments) & set(self.assignments)]

    def graded(self) -> list[str]:
        """Due ids that an autograded exercise assesses."""
        return [i for i in self.due() if self.evidence_of(i) == GRADED]

    def unexplained(self) -> list[str]:
        """Due ids with no graded evidence that the syllabus does not mark as meant (``evidence:``)."""
        return [i for i in self.due() if self.evidence_of(i) != GRADED and not self.syllabus[i].evidence]

    def covered(self) -> list[str]:
        """Due ids that meet the rules: graded evidence or the kind the syllabus names, and feedback for an MC."""
        return [
            i
            for i in self.due()
            if self.evidence_of(i) == (self.syllabus[i].evidence or GRADED)
            and (not i.startswith("MC") or self.feedback_for(i))
        ]

    def problems(self) -> list[str]:
        """Every broken rule, as a readable line (empty when the course is fully covered)."""
        out = list(self.reading_problems)
        for exercise in self.exercises:
            out += [
                f"{exercise.ref}: assesses {i!r}, which is not in the syllabus"
                for i in exercise.assesses
                if i not in self.syllabus
            ]
            if not exercise.evidence:
                out.append(
                    f"{exercise.ref}: a graded exercise that no autograded test cell marks (a test must read the "
                    "widget that a read-only cell builds from it), so it is evidence of nothing"
                )
        out += [
            f"{f.ref}: names misconception {f.misconception!r}, which is not in the syllabus"
            for f in self.feedback
            if f.misconception not in self.syllabus
        ]
        for entry_id in self.due():
            entry = self.syllabus[entry_id]
            where = ", ".join(a for a in entry.assignments if a in self.assignments)
            out += self._evidence_problems(entry, f"{entry_id} ({KINDS[entry.kind]} of {where})")
            if entry.kind == "MC" and not self.feedback_for(entry_id):
                out.append(f"{entry_id} (misconception of {where}) is named by no feedback message")
        return out

    def _evidence_problems(self, entry: Entry, name: str) -> list[str]:
        """What is wrong with the evidence for one due entry (``name``: how messages call it)."""
        strongest = self.evidence_of(entry.id)
        if not strongest:
            return [f"{name} has no exercise that assesses it"]
        if strongest == GRADED:
            if not entry.evidence:
                return []
            refs = self._refs(entry.id, GRADED)
            return [
                f"{name} is marked `evidence: {entry.evidence}` in the syllabus, but autograded exercises assess it "
                f"({refs}): remove the mark, or the tag of a cell that cannot show it"
            ]
        if not entry.evidence:
            return [
                f"{name} has no graded evidence ({self._others(entry.id)}): add an autograded exercise that can "
                f"show it, or say in logiserve/syllabus.yaml why it is not graded (evidence: {strongest}, why: ...)"
            ]
        if entry.evidence == strongest:
            return []
        if strongest == WRITTEN:
            return [
                f"{name} is marked `evidence: practice`, but answers a tutor marks assess it "
                f"({self._refs(entry.id, WRITTEN)}): mark it `evidence: written`"
            ]
        return [
            f"{name} is marked `evidence: written`, but no answer a tutor marks assesses it "
            f"(practice only: {self._refs(entry.id, PRACTICE)})"
        ]

    def _refs(self, entry_id: str, evidence: str) -> str:
        return ", ".join(x.ref for x in self.exercises_for(entry_id, evidence))

    def _others(self, entry_id: str) -> str:
        parts = [
            f"{label}: {self._refs(entry_id, kind)}"
            for kind, label in ((WRITTEN, "written only"), (PRACTICE, "practice only"))
            if self.exercises_for(entry_id, kind)
        ]
        return "; ".join(parts)

    def rows(self) -> list[tuple[str, str, str, str, str, str, str]]:
        """(id, statement, assignments, graded, written, practice, feedback) for every entry."""
        return [
            (
                e.id,
                e.statement if not e.title else f"{e.title[0].upper()}{e.title[1:]}: {e.statement}",
                ", ".join(e.assignments),
                self._graded_cell(e),
                self._refs(e.id, WRITTEN),
                self._refs(e.id, PRACTICE),
                ", ".join(f.ref for f in self.feedback_for(e.id)),
            )
            for e in self.syllabus.entries
        ]

    def _graded_cell(self, entry: Entry) -> str:
        """The graded exercises, or why there are none: not due yet (—), on purpose (the reason), or MISSING."""
        graded = self._refs(entry.id, GRADED)
        if graded:
            return graded
        if entry.id not in self.due():
            return "—"
        if entry.evidence:
            return f"none, on purpose ({entry.evidence} only): {entry.why}"
        return "MISSING"

    def summary(self) -> str:
        """How many of the entries due have graded evidence, and what the others have."""
        due, graded = self.due(), self.graded()
        share = 100.0 * len(graded) / len(due) if due else 100.0
        out = (
            f"{len(graded)} of {len(due)} syllabus entries of the assignments that exist ({share:.0f} %) are assessed "
            "by graded (autograded) exercises. "
        )
        others = [i for i in due if i not in graded]
        if others:
            out += f"{self._the_others(others)}; "
            unexplained = self.unexplained()
            out += (
                f"it does not say why for {', '.join(unexplained)}. "
                if unexplained
                else "the syllabus says why for each. "
            )
        present = ", ".join(self.assignments) or "none"
        return out + f"{len(self.syllabus.entries)} entries in all, assignments present: {present}."

    def _the_others(self, others: list[str]) -> str:
        """What the entries without graded evidence have instead, naming only the kinds that occur.

        "Of the other 15, 13 are assessed only in written answers a tutor marks and 2 only in
        practice exercises, which give no marks", or "The other 10 are assessed only in ..." when
        they are all of one kind.
        """
        count = {kind: sum(self.evidence_of(i) == kind for i in others) for kind in (WRITTEN, PRACTICE, "")}
        first = {
            WRITTEN: "are assessed only in written answers a tutor marks",
            PRACTICE: "are met only in practice exercises, which give no marks",
            "": "are assessed by no exercise at all",
        }
        later = {**first, PRACTICE: "only in practice exercises, which give no marks", "": "by no exercise at all"}
        kinds = [kind for kind in (WRITTEN, PRACTICE, "") if count[kind]]
        if len(kinds) == 1:
            return f"The other {len(others)} {first[kinds[0]]}"
        phrases = [f"{count[kind]} {(later if n else first)[kind]}" for n, kind in enumerate(kinds)]
        return f"Of the other {len(others)}, " + " and ".join(phrases[:2]) + "".join(f", and {p}" for p in phrases[2:])

    def markdown(self) -> str:
        """The coverage table as Markdown (``docs/syllabus-coverage.md``)."""
        lines = [
            "# Syllabus coverage",
            "",
            "Generated by `logiserve syllabus --markdown docs/syllabus-coverage.md`; do not edit by hand.",
            "Each entry of the unit's syllabus (`logiserve/syllabus.yaml`), the exercises that assess it by the",
            "kind of evidence they give, and the feedback messages that name it. **Graded**: an autograded test",
            "cell, or a graded widget exercise that an autograded test marks. **Written**: an answer a tutor",
            "marks against a rubric. **Practice**: instant feedback, no marks. “—” marks an entry whose",
            "assignment does not exist yet; an entry with no graded evidence on purpose gives the syllabus's reason.",
            "",
            self.summary(),
        ]
        head = ["id", "statement", "assignments", *EVIDENCE_HEADINGS.values(), "feedback naming it"]
        for kind, heading in HEADINGS.items():
            lines += ["", f"## {heading} ({kind})", ""]
            lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            for row in self.rows():
                if row[0].startswith(kind):
                    lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        """The coverage table as plain text, for the terminal."""
        out = []
        for entry_id, statement, where, graded, written, practice, feedback in self.rows():
            out.append(f"{entry_id:5} {statement if len(statement) <= 90 else statement[:89] + '…'}")
            out.append(f"      assignments: {where}")
            out.append(f"      graded:      {graded}")
            out.append(f"      written:     {written or '—'}")
            out.append(f"      practice:    {practice or '—'}")
            if feedback:
                out.append(f"      feedback:    {feedback}")
        out += ["", self.summary()]
        return "\n".join(out)


def collect(course: Course | Path, syllabus: Syllabus | None = None) -> Coverage:
    """Read every assignment's content files and notebooks in the course's ``source/``."""
    from logiserve.content import ContentError, feedback_entries, load_exercises

    course = Course.of(course)
    coverage = Coverage(syllabus or load_syllabus(), course.assignments())
    for assignment in coverage.assignments:
        folder = course.source(assignment)
        contents: dict[str, dict] = {}
        for content_file in sorted(folder.glob("exercises.y*ml")):
            try:
                contents.update(load_exercises(content_file))
            except ContentError as error:
                coverage.reading_problems.append(str(error))
        for exercise_id, content in contents.items():
            for entry in feedback_entries(content):
                if entry.feedback.get("misconception"):
                    ref = f"{exercise_id}: {entry.owner} → {entry.case}"
                    coverage.feedback.append(Feedback(ref, assignment, entry.feedback["misconception"]))
        marks: dict[str, list[str]] = {}
        cells = []
        for notebook_path in sorted(folder.glob("*.ipynb")):
            found = read_notebook(notebook_path, assignment, contents)
            coverage.reading_problems += found.problems
            cells += found.cells
            for exercise_id, refs in found.marks.items():
                marks.setdefault(exercise_id, []).extend(refs)
        for exercise_id, content in contents.items():
            graded = content["mode"] == "graded"
            coverage.exercises.append(
                Exercise(
                    exercise_id,
                    assignment,
                    f"{content['kind']} ({content['mode']})",
                    tuple(content.get("assesses", ())),
                    (GRADED if marks.get(exercise_id) else "") if graded else PRACTICE,
                    tuple(marks.get(exercise_id, ())),
                )
            )
        coverage.exercises += [Exercise(c.ref, assignment, c.kind, c.assesses, c.evidence) for c in cells]
    return coverage
