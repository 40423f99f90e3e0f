"""The tutor's view of per-learner variants: each learner's numbers for an assignment (``logiserve variants``).

The numbers are worked out as the learners' kernels and the autograder work them out
(:mod:`logiserve.variants`): from the ``variants:`` block of ``source/<assignment>/exercises.yaml``,
the course id (``LOGISERVE_COURSE_ID``, else the course's ``nbgrader_config.py``) and each learner's id.  The
learners are those nbgrader knows: the students in the gradebook, and anyone with a folder in
``submitted/`` or ``autograded/`` for the assignment.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import Course
from .tutor import CourseLike, TutorError
from .variants import Variant, VariantError, load_parameters

__all__ = ["CohortVariants", "cohort_variants", "variants_table", "write_variants_csv"]


@dataclass(frozen=True)
class CohortVariants:
    """Every learner's numbers for one assignment.

    Attributes
    ----------
    assignment : str
        The assignment.
    course_id : str
        The course id the numbers were worked out with (the learners' kernels must use the same).
    course_id_source : str
        Where that id was read: ``LOGISERVE_COURSE_ID`` or the course's ``nbgrader_config.py``.
    variants : tuple of Variant
        One per learner, sorted by learner id.
    """

    assignment: str
    course_id: str
    variants: tuple[Variant, ...]
    course_id_source: str = ""

    @property
    def shared(self) -> dict[str, list[str]]:
        """Variant codes that more than one learner has, with those learners (rare; worth a look)."""
        counts = Counter(v.code for v in self.variants)
        return {
            code: [str(v.learner.id) for v in self.variants if v.code == code]
            for code, count in sorted(counts.items())
            if count > 1
        }


def _learners(course: Course, assignment: str) -> list[str]:
    """Learner ids nbgrader knows for ``assignment``: gradebook students and submission folders."""
    found = set(course.students(assignment))
    if course.has_gradebook():
        with course.gradebook() as gb:
            found |= {student.id for student in gb.students}
    return sorted(found)


def cohort_variants(course: CourseLike, assignment: str, learners: list[str] | None = None) -> CohortVariants:
    """Each learner's numbers for ``assignment`` (the learners nbgrader knows, unless given).

    The numbers are seeded from the course's id (:attr:`logiserve.course.Course.course_id`).

    Raises
    ------
    TutorError
        The assignment does not exist or has no ``variants:`` block, or the block is broken.
    """
    course = Course.of(course)
    course.check_assignment(assignment, TutorError)
    try:
        parameters = load_parameters(course.exercises_file(assignment))
    except VariantError as exc:
        raise TutorError(str(exc)) from None
    if not parameters:
        with_variants = [a for a in course.assignments() if _has_variants(course, a)]
        raise TutorError(
            f"{assignment} gives every learner the same numbers (its exercises.yaml has no variants block). "
            f"Assignments with per-learner numbers: {', '.join(with_variants) or 'none'}"
        )
    ids = learners if learners is not None else _learners(course, assignment)
    course_key = course.course_id
    variants = tuple(Variant.pick(assignment, parameters, learner=i, course_id=course_key.value) for i in sorted(ids))
    return CohortVariants(assignment, course_key.value, variants, course_key.source)


def _has_variants(course: Course, assignment: str) -> bool:
    try:
        return bool(load_parameters(course.exercises_file(assignment)))
    except VariantError:
        return False


def variants_table(cohort: CohortVariants) -> Any:
    """A rich table: one row per learner, its variant code and its numbers (as stored, without units).

    The numbers are one column of ``name value`` pairs, which wraps on a narrow terminal.
    """
    from rich.table import Table

    shared = set(cohort.shared)
    table = Table(
        title=f"{cohort.assignment}: each learner's numbers (course id {cohort.course_id})",
        caption="The same variant code means the same numbers.",
    )
    table.add_column("learner", style="bold", no_wrap=True)
    table.add_column("variant", no_wrap=True)
    table.add_column("numbers", overflow="fold")
    for each in cohort.variants:
        code = f"[yellow]{each.code} shared[/yellow]" if each.code in shared else each.code
        numbers = " · ".join(f"{name} {_value(value)}" for name, value in each.items())
        table.add_row(_plain(str(each.learner.id)), code, _plain(numbers))
    return table


def _value(value: Any) -> str:
    """A value as stored, compactly: ``0.25``, ``Harrow Interiors``, ``1-4`` for a pair."""
    return "-".join(map(str, value)) if isinstance(value, tuple) else str(value)


def _plain(text: str) -> Any:
    """Learner ids and values as text, never as rich markup."""
    from rich.text import Text

    return Text(text)


def write_variants_csv(cohort: CohortVariants, path: Path) -> None:
    """One row per learner: learner, variant code, then each parameter's value (as stored, not formatted)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(next(iter(cohort.variants)).parameters) if cohort.variants else []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner", "variant", *names])
        for each in cohort.variants:
            writer.writerow([each.learner.id, each.code, *(_value(each[name]) for name in names)])
