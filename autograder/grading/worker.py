"""A grading worker: nbgrader's autograder set up once, then one submission at a time.

:func:`main` is the worker process (started by :class:`~.pool.Pool`): it reads its
:class:`~.protocol.WorkerStart` from standard input, dies with its parent, sets up a
:class:`Worker` and answers the parent's requests until told to stop.  A :class:`Worker` holds
an ``AutogradeApp`` initialised from the course's ``nbgrader_config.py`` exactly as
``nbgrader autograde`` initialises it, the kernel template (when kernels are warm) and the
gradebook lock; :meth:`Worker.grade` runs nbgrader's converter on one learner's submission and
returns what the parent turns into a :class:`~.results.SubmissionResult`.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import re
import sys
import time
import traceback
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from logiserve.course import COURSE_ID_ENV, Course, use_this_python

from .converter import Converters
from .markers import STATE_FOLDER
from .notes import Reader, first_line
from .protocol import Describe, Done, Failed, Grade, Ready, Request, Scores, Stop, WorkerStart
from .results import Reason, Status
from .timing import Timing

__all__ = ["ANSWERS_DIR_VARIABLE", "Worker", "main"]

ANSWERS_DIR_VARIABLE = "LOGISERVE_ANSWERS_DIR"
"""Where widgets keep answers outside a notebook's folder (``logiserve.answer_store``); never when grading."""


def main() -> None:
    """A worker process: set up nbgrader once, then grade what the parent sends until told to stop."""
    from .warm_kernels import die_with

    start = WorkerStart.from_json(sys.stdin.read())
    die_with(start.parent_pid)  # no orphan worker writes to the gradebook after its parent is gone
    conn = Connection(start.connection_fd)
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):  # standard input as it was (/dev/null) once the start-up message is read
        os.dup2(quiet, fd)
    try:
        worker = Worker(start)
    except BaseException:  # noqa: BLE001  # whatever stops the set-up (SystemExit too), the parent must hear why
        conn.send(Failed(traceback.format_exc()))
        return
    conn.send(Ready(worker.startup_seconds))
    while True:
        try:
            request: Request = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(request, Stop):
            worker.close()
            return
        try:
            reply = worker.answer(request)
        except Exception:  # noqa: BLE001  # any failure is told to the parent, which stops the run, not left waiting
            conn.send(Failed(traceback.format_exc()))
            return
        conn.send(Done(reply))


class _Records(logging.Handler):
    """Keeps the warnings and errors nbgrader logs while grading one submission."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Worker:
    """nbgrader's autograder for ``start``'s course and assignment, with its kernels warm or cold."""

    def __init__(self, start: WorkerStart) -> None:
        started = time.perf_counter()
        course = Path(start.course)
        # Kernels must read each learner's answers.json beside the notebook, as nbgrader runs it.
        os.environ.pop(ANSWERS_DIR_VARIABLE, None)
        use_this_python()  # nbgrader runs alembic when it creates a gradebook; it lives beside this interpreter
        # Learners' numbers are seeded from the course id; a kernel in a private copy of the submission
        # (--kernel-user) has no course folder above it to read it from, so every kernel is told.
        os.environ[COURSE_ID_ENV] = Course(course).course_id.value
        os.chdir(course)
        from . import warm_kernels

        # The kernel template imports while this process imports nbgrader (both take a second or two).
        self.memory = start.memory
        self.template = warm_kernels.Template(memory_limit=start.memory or None) if start.warm_kernels else None

        from nbgrader.apps import AutogradeApp

        self.assignment, self.timeout = start.assignment, start.timeout
        self.app = AutogradeApp()
        # Command-line settings win over the course's config file, as in ``nbgrader autograde --Execute.timeout=...``.
        # Kernels are killed once their outputs are in (see "Speed" in the package's docstring).
        self.app.initialize(
            [f"--Execute.timeout={start.timeout}", "--Execute.shutdown_kernel=immediate"], root=str(course)
        )
        self.coursedir = self.app.coursedir
        self.coursedir.assignment_id = start.assignment
        self.state = Path(self.coursedir.root) / self.coursedir.autograded_directory / STATE_FOLDER
        self.state.mkdir(parents=True, exist_ok=True)
        self.timing = Timing(self.state / "gradebook.lock")
        self.records = _Records()
        self.app.log.addHandler(self.records)
        self.reader = Reader(self.app, start.assignment, self.timing)
        self.converters = Converters(self.app, self.timing)
        if self.template is not None:
            try:
                self.template.wait_ready()
            except warm_kernels.TemplateGone as exc:
                self.app.log.warning("%s; kernels start the ordinary way", exc)
                self.template = None
        self.kernel_user = warm_kernels.KernelUser.named(start.kernel_user) if start.kernel_user else None
        if self.template is not None or self.kernel_user is not None:
            self.converters.warm_manager = warm_kernels.manager_for(self.template, self.kernel_user)
        self.startup_seconds = time.perf_counter() - started

    def close(self) -> None:
        """Stop the kernel template, if there is one."""
        if self.template is not None:
            self.template.close()

    def answer(self, request: Request) -> Any:
        """What the parent asked for (:class:`~.protocol.Stop` is the caller's)."""
        match request:
            case Describe():
                return self.describe()
            case Scores(students=students):
                return self.scores(list(students))
            case Grade(student=student):
                return self.grade(student)
        raise ValueError(f"not a request a worker answers: {request!r}")

    def describe(self) -> dict[str, Any]:
        """The submissions (``submitted`` and ``autograded`` folder of each), the state folder, the points."""
        from nbgrader.api import MissingEntry
        from sqlalchemy.engine import make_url

        coursedir, assignment = self.coursedir, self.assignment
        pattern = coursedir.format_path(coursedir.submitted_directory, "*", assignment)
        regexp = re.compile(
            coursedir.format_path(coursedir.submitted_directory, "(?P<student_id>.*)", re.escape(assignment), True)
        )
        excluded = set(filter(None, coursedir.student_id_exclude.split(",")))
        submissions = {}
        for path in sorted(Path(p) for p in glob.glob(pattern)):
            match = regexp.fullmatch(str(path))
            if path.is_dir() and match and match["student_id"] not in excluded:
                student = match["student_id"]
                submissions[student] = {
                    "submitted": str(path),
                    "autograded": coursedir.format_path(coursedir.autograded_directory, student, assignment),
                }
        url = make_url(coursedir.db_url)
        info: dict[str, Any] = {
            "submissions": submissions,
            "submitted_pattern": pattern,
            "state_dir": str(self.state),
            "in_gradebook": False,
            "max_score": 0.0,
        }
        if url.drivername.startswith("sqlite") and url.database and not Path(url.database).exists():
            return info  # do not create an empty gradebook just by looking
        with self.reader.gradebook("set-up (gradebook, files)") as gb:
            try:
                info["max_score"] = float(gb.find_assignment(assignment).max_score)
                info["in_gradebook"] = True
            except MissingEntry:
                pass
        return info

    def scores(self, students: list[str]) -> dict[str, tuple[float, float] | None]:
        """Each learner's score and points in the gradebook, ``None`` where it has no submission."""
        from nbgrader.api import MissingEntry

        out: dict[str, tuple[float, float] | None] = {}
        with self.reader.gradebook("set-up (gradebook, files)") as gb:
            for student in students:
                try:
                    submission = gb.find_submission(self.assignment, student)
                    out[student] = (float(submission.score), float(submission.max_score))
                except MissingEntry:
                    out[student] = None
        return out

    def grade(self, student: str) -> dict[str, Any]:
        """Autograde one submission with nbgrader; what the parent turns into a SubmissionResult."""
        started = time.perf_counter()
        self.timing.restart()
        self.records.records = []
        with _output_to(self.state / self.assignment / f"{student}.log"):
            failure = self._convert(student)
            with self.timing("other"):
                edits = self.reader.flags(student)  # read even when grading failed: it may be why
                if failure:
                    score, max_score, notes = None, self.reader.max_score(), []
                else:
                    score, max_score = self.reader.score(student)
                    memory_limit = self.memory if self.template else 0
                    notes = self.reader.cell_notes(student, self.timeout, memory_limit)
                    notes += self.reader.answers_notes(student)
        total = time.perf_counter() - started
        seconds = self.timing.phases.seconds
        phases = dict(seconds)
        phases["other"] = phases.get("other", 0.0) + max(0.0, total - sum(seconds.values()))
        status = Status.FAILED if failure else Status.FLAGGED if edits else Status.GRADED
        return {
            "student": student,
            "status": str(status),
            "score": score,
            "max_score": max_score,
            "reason": "; ".join([failure, *edits] if failure else edits + notes),
            "seconds": total,
            "phases": phases,
        }

    def _convert(self, student: str) -> str:
        """Run nbgrader's converter on ``student``'s submission; why it failed, or ``""``."""
        from nbgrader.converters.base import NbGraderException

        converter = None
        try:
            converter = self.converters.for_student(student)
            converter.start()
        except NbGraderException as exc:
            return self.reader.explain_failure(converter, exc, self.records.records, self.timeout)
        except Exception as exc:  # noqa: BLE001  # a learner's submission can fail any way; it must never stop the others
            traceback.print_exc()
            return Reason.NOT_GRADABLE.text(error=type(exc).__name__, detail=first_line(exc))
        return ""


@contextlib.contextmanager
def _output_to(path: Path) -> Iterator[None]:
    """Send this process's (and its kernels') standard output and error to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])
