"""What a grading run gives back: a result per submission, its status and the reasons it carries.

:class:`SubmissionResult` and :class:`GradeRun` are what :func:`~logiserve.autograder.grading.grade`
returns.  :class:`Status` names the four outcomes; :class:`Reason` is every reason or note a result
can carry (why it failed, why it is flagged, what happened to a cell), each with the exact text a
tutor reads in the summary, the report and the completion records under ``STATE_FOLDER``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from logiserve.errors import LogiserveError

__all__ = ["GradeRun", "GradingError", "Reason", "Status", "SubmissionResult"]


class GradingError(LogiserveError, RuntimeError):
    """Grading could not start or go on; the message tells a tutor why and what to do."""


class Status(enum.StrEnum):
    """What happened to a submission; equal to (and written as) its lower-case name."""

    GRADED = "graded"
    SKIPPED = "skipped"
    FAILED = "failed"
    FLAGGED = "flagged"

    def __repr__(self) -> str:
        return repr(self.value)  # a result prints as it did when statuses were plain strings


class Reason(enum.Enum):
    """A reason or note of a :class:`SubmissionResult`; :meth:`text` fills in its fields.

    Several reasons of one submission are joined with ``"; "`` (the failure first, then the
    flags, then the notes).
    """

    # skipped
    UNCHANGED = "graded before, unchanged since"
    # failed: the submission could not be graded
    WORKER_STOPPED = "the grading process stopped (exit code {code}) while grading it; see {log}"
    NO_NOTEBOOK = "no notebook in the submission (expected {expected})"
    NO_NOTEBOOK_OF_ASSIGNMENT = "none of its notebooks belongs to the assignment (expected {expected})"
    NOT_GRADABLE = "could not be graded: {error}: {detail}"
    NOT_JSON = "{notebook} is not a valid notebook{where}"
    NOT_A_NOTEBOOK = "{notebook} is not a valid notebook ({detail})"
    KERNEL_DIED = "the kernel died while running {notebook} (a cell crashed Python or used too much memory)"
    KERNEL_STUCK = "{notebook}: a cell ran past the {timeout} s time limit and the kernel could not be stopped"
    KERNEL_DID_NOT_START = "the kernel for {notebook} did not start ({detail})"
    NOTEBOOK_ERROR = "{notebook}: {error}: {detail}"
    # flagged: graded, but a person should look first
    TEST_DELETED = "{notebook}: test cell '{cell}' was deleted"
    TEST_EDITED = "{notebook}: test cell '{cell}' was edited"
    READ_ONLY_EDITED = "{notebook}: read-only cell '{cell}' was edited (graded with the original)"
    CODE_FINDING = "{notebook}: {finding}"
    # notes on a graded submission: a cell that was stopped
    CELL_TIMED_OUT = "{notebook}: '{cell}' stopped at the {timeout} s time limit"
    CELL_OUT_OF_MEMORY = "{notebook}: '{cell}' ran out of memory{limit}"
    CELL_KERNEL_DIED = (
        "{notebook}: '{cell}' was running when the kernel died; the cells after it were not run and earn 0"
    )
    # notes on a graded submission: the widgets' answers file
    ANSWERS_MISSING = "{file} is missing, so {unanswered}"
    ANSWERS_UNUSABLE = "{file} could not be used ({problem}), so {unanswered}"
    ANSWERS_LARGE = "{file} is unusually large ({megabytes:.1f} MB)"
    ANSWER_NOT_SAVED_SHAPE = (
        "{file}: the answer to {exercise} is not what the widget saves (a {kind}); it counts as not answered"
    )

    def text(self, **fields: object) -> str:
        """The reason as shown and recorded, with ``fields`` filled in."""
        return self.value.format(**fields)


@dataclass(frozen=True)
class SubmissionResult:
    """What happened to one learner's submission.

    Attributes
    ----------
    student:
        The learner's id (their folder name in ``submitted/``).
    status:
        ``"graded"``: nbgrader graded it in this run.  ``"skipped"``: graded by an earlier run
        and unchanged since.  ``"failed"``: nbgrader could not grade it (see ``reason``); the
        gradebook holds no new scores for it.  ``"flagged"``: graded, but a person should look
        at it first (see ``reason``).  A :class:`Status`, equal to those strings.
    score:
        The submission's total in the gradebook after grading (nbgrader's ``score``: a manual
        score where a grader gave one, else the autograder's); ``None`` when failed.
    max_score:
        The assignment's total points, manually graded cells included.
    reason:
        Why it failed or was flagged, or a note (a cell stopped by the time limit); else ``""``
        (the texts of :class:`Reason`, joined with ``"; "``).
    seconds:
        Wall time spent on it in this run (0 when skipped).
    phases:
        Where those seconds went, by phase name (see :attr:`GradeRun.phases`).
    """

    student: str
    status: Status
    score: float | None
    max_score: float
    reason: str = ""
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))  # "graded" and Status.GRADED alike


@dataclass(frozen=True)
class GradeRun:
    """One :func:`~logiserve.autograder.grading.grade` run: a result per submission, sorted by learner.

    Attributes
    ----------
    assignment:
        The assignment graded.
    results:
        One :class:`SubmissionResult` per submission considered.
    seconds:
        Wall time of the whole run.
    workers:
        How many worker processes were started (0 when there was nothing to grade).
    startup_seconds:
        The slowest worker's start: importing nbgrader and reading the course configuration.
    phases:
        Seconds summed over all submissions graded in this run, by phase: ``"set-up (gradebook,
        files)"`` (nbgrader's ``init_assignment``), ``"read and check cells"`` (the sanitizing
        steps), ``"kernel start"``, ``"execute"``, ``"kernel shutdown"``, ``"save grades"`` (the
        steps after execution), ``"wait for gradebook lock"`` and ``"other"`` (reading and
        writing notebooks, checks).  Summed over parallel workers, so they add up to more
        than :attr:`seconds`.
    """

    assignment: str
    results: tuple[SubmissionResult, ...]
    seconds: float
    workers: int
    startup_seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def _with(self, status: Status) -> list[SubmissionResult]:
        return [result for result in self.results if result.status == status]

    @property
    def graded(self) -> list[SubmissionResult]:
        """Submissions graded in this run (flagged ones not included)."""
        return self._with(Status.GRADED)

    @property
    def failed(self) -> list[SubmissionResult]:
        """Submissions nbgrader could not grade."""
        return self._with(Status.FAILED)

    @property
    def skipped(self) -> list[SubmissionResult]:
        """Submissions graded before and unchanged since."""
        return self._with(Status.SKIPPED)

    @property
    def flagged(self) -> list[SubmissionResult]:
        """Submissions graded but to be looked at by a person."""
        return self._with(Status.FLAGGED)
