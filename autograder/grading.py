"""Autograde every submission of an assignment with nbgrader, on every core, resumably.

:func:`grade` is what ``logiserve grade ASSIGNMENT`` runs.  It gives the same gradebook and
the same ``autograded/`` files as ``nbgrader autograde ASSIGNMENT``, because it *is* nbgrader's
autograder: each submission goes through nbgrader's own :class:`~nbgrader.converters.Autograde`
converter, set up from the course's configuration exactly as ``nbgrader autograde`` sets it up
(an :class:`~nbgrader.apps.AutogradeApp` initialised from ``nbgrader_config.py``), one learner at
a time (``--student``).  What this module adds around it:

Parallel workers
    ``workers`` long-lived processes (default: the cores this process may use).  Each imports
    nbgrader and reads the course configuration once, then grades one submission after
    another as the parent hands them out.  Every notebook still gets a fresh kernel of its own,
    started and shut down by nbgrader's ``Execute`` step, never shared between learners:
    a new process forked from the worker's warm kernel template (see "Speed").

One writer at a time in the gradebook
    Workers run nbgrader's steps unchanged, but every step that is not code execution (the
    set-up of a submission in ``init_assignment``, which creates the student and submission
    rows and copies files, and every pre-processor but ``Execute``: ``OverwriteCells`` reads
    the cells, ``SaveAutoGrades`` and ``AssignLatePenalties`` write the grades) runs while the
    worker holds one file lock per gradebook.  So nbgrader's own code writes the grades, only
    serialized.  The alternatives were worse: SQLite lets several processes write, but a
    deferred transaction that must upgrade its lock while another process holds one fails at
    once with "database is locked" (SQLite's busy timeout does not help there), and nbgrader
    would then drop that submission; handing results back to the parent to save would mean
    re-implementing ``SaveAutoGrades``.  The locked steps take milliseconds; executing a
    notebook takes seconds, so the lock costs little (:attr:`GradeRun.phases` shows the wait).
    The lock is an ``fcntl`` lock: the operating system frees it when its holder dies.  It
    serializes the workers of every ``grade`` run on the same course on this machine, for any
    SQLAlchemy URL (a PostgreSQL gradebook would not need it, and loses nothing by it).

Resumable, never trusting half-done work
    After nbgrader finished a submission (its grades committed, its ``autograded/`` folder
    written) the parent records a completion marker, ``autograded/.logiserve-grading/
    <assignment>/<learner>.json``, holding a fingerprint (SHA-256 of every file) of the
    submission as it was when grading started.  The next run skips a submission only if that
    marker exists, the fingerprint still matches, its ``autograded/`` folder exists and the
    gradebook has the submission; anything else is graded again with nbgrader's ``force``, so
    a folder or a set of grades half written by a killed run is redone from scratch (nbgrader's
    ``SaveAutoGrades`` commits cell by cell; SQLite itself rolls back a half-written
    transaction).  ``force=True`` regrades everything.  A failed submission has no autograded
    folder, so it is tried again; its reason is kept apart (``<learner>.failed``) for the
    report, and never counts as done.  Nothing under ``submitted/`` is ever written.  A worker dies
    with the process that started it (``PR_SET_PDEATHSIG`` on Linux), so a killed run leaves no
    worker writing behind the next one; an orphaned kernel exits within a second (ipykernel
    watches its parent).

One learner never stops the others
    A notebook that is not valid JSON, a kernel that cannot be started: that submission is
    ``"failed"`` with a reason a tutor can act on, and the rest are graded.  A cell that runs
    past ``timeout`` seconds is interrupted by nbgrader (the cell earns what a cell that raised
    an error earns, usually 0) and the submission is graded, its reason naming the cell; a cell
    that asks for more memory than the limit gets a ``MemoryError``, the same way.  A kernel
    that dies mid-notebook (crashed, killed) does not fail the submission, as it would in
    nbgrader: the cells that ran keep their marks, the cell it died in and every code cell
    after it get an error output and earn 0, and the reason names the cell.  If a whole worker
    process dies, its submission is failed and a new worker takes over.  nbgrader's full log of
    each submission is kept beside its marker (``<learner>.log``).

Speed
    ``bench/bench_grading.py`` measures it.  On 2 cores, 20 learners x 5 assignments: 2.67x
    faster than ``nbgrader autograde`` run once per assignment (107 s against 285 s), and 1.06x
    the floor (every notebook's bare kernel start and execution, divided by the cores).
    Three changes from plain nbgrader make the difference, besides running notebooks side by
    side:

    * kernels are forked from a warm template (``_warm_kernels``): one process per worker that
      has imported ipykernel, IPython, pandas, matplotlib, ipywidgets and logiserve, and forks a
      new process for each notebook.  The child is a kernel no one used before, in the
      notebook's folder with the environment nbgrader gives it; it skips the imports every
      notebook repeats (``grade(..., warm_kernels=False)``, ``--cold-kernels``, starts every
      kernel from scratch instead: 2.1x, 1.32x the floor).  The tests run every course
      notebook both ways and compare the outputs;
    * nbgrader is imported once per worker, not once per assignment;
    * a kernel is killed as soon as its last cell has run and its outputs are in
      (``Execute.shutdown_kernel = "immediate"``): the graceful shutdown only tears the
      interpreter down, 0.6 s of CPU per notebook here, and changes nothing nbgrader records.

    Per notebook, a worker spends 48 % of its time executing cells, 24 % starting the kernel,
    13 % in nbgrader's gradebook and file steps, 7 % on kernel shutdown; starting the workers
    and templates costs about 3 s per run.

Flagged
    ``"flagged"`` means nbgrader graded the submission (its scores are in the gradebook) but a
    person should look at it before the marks are released; the reason says why.  It is raised
    when a *test* cell (an autograded cell without a solution) was edited or deleted (nbgrader
    restores an edited test cell before running it, but a deleted one is simply not run), when
    a read-only cell was edited, and when the learner's code changes how it is marked: replaces
    a check or a name the tests read, a built-in, an entry of ``sys.modules``, defines objects
    that lie when compared, runs code built from text, or stops the kernel
    (:mod:`logiserve.autograder.integrity` reads the code; nothing is run for it).  The report
    lists flagged and failed submissions with their reasons.
"""

from __future__ import annotations

import collections
import contextlib
import glob
import hashlib
import json
import logging
import math
import os
import re
import socket
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Literal

import rich.console
import rich.markup
import rich.progress
import rich.table

__all__ = ["GradeRun", "GradingError", "SubmissionResult", "grade", "summary_table"]

Status = Literal["graded", "skipped", "failed", "flagged"]

STATE_FOLDER = ".logiserve-grading"
"""Folder inside ``autograded/`` for the completion markers, the locks and nbgrader's logs."""

ANSWERS_DIR_VARIABLE = "LOGISERVE_ANSWERS_DIR"
"""Where widgets keep answers outside a notebook's folder (``logiserve.widgets._store``); never when grading."""

_STATUS_ORDER: tuple[Status, ...] = ("graded", "flagged", "failed", "skipped")
_STATUS_STYLE = {"graded": "green", "flagged": "yellow", "failed": "red", "skipped": "dim"}
_ASSIGNMENT_NAME = re.compile(r"^\d\d_[a-z][a-z0-9_]*$")


class GradingError(RuntimeError):
    """Grading could not start or go on; the message tells a tutor why and what to do."""


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
        at it first (see ``reason``).
    score:
        The submission's total in the gradebook after grading (nbgrader's ``score``: a manual
        score where a grader gave one, else the autograder's); ``None`` when failed.
    max_score:
        The assignment's total points, manually graded cells included.
    reason:
        Why it failed or was flagged, or a note (a cell stopped by the time limit); else ``""``.
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


@dataclass(frozen=True)
class GradeRun:
    """One :func:`grade` run: a result per submission, sorted by learner.

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
        return self._with("graded")

    @property
    def failed(self) -> list[SubmissionResult]:
        """Submissions nbgrader could not grade."""
        return self._with("failed")

    @property
    def skipped(self) -> list[SubmissionResult]:
        """Submissions graded before and unchanged since."""
        return self._with("skipped")

    @property
    def flagged(self) -> list[SubmissionResult]:
        """Submissions graded but to be looked at by a person."""
        return self._with("flagged")


# -- the parent: plan, hand out, record --------------------------------------------------------


def grade(
    course: Path,
    assignment: str,
    *,
    workers: int | None = None,
    force: bool = False,
    timeout: float = 120,
    students: Sequence[str] | None = None,
    progress: bool | Callable[..., Any] = True,
    console: rich.console.Console | None = None,
    warm_kernels: bool = True,
    memory_limit: float | None = 4.0,
    kernel_users: Sequence[str] = (),
) -> GradeRun:
    """Autograde the submissions of ``assignment`` in ``course`` with nbgrader, in parallel.

    Parameters
    ----------
    course:
        The nbgrader course folder (the one holding ``nbgrader_config.py``).
    assignment:
        The assignment, e.g. ``"01_customers"``; it must have been generated
        (``nbgrader generate_assignment``) so that the gradebook knows its cells.
    workers:
        Worker processes; default: the number of cores this process may use.
    force:
        Grade again even submissions graded before and unchanged since.
    timeout:
        Seconds any one cell may run before nbgrader interrupts it (rounded up to whole
        seconds, as nbgrader takes them).  Overrides ``Execute.timeout`` of the course config.
    students:
        Only these learners (default: every submission in ``submitted/``).
    progress:
        ``True``: a progress bar on ``console``; ``False``: quiet; a callable: called after
        every submission as ``progress(result=..., done=..., total=...)``.
    console:
        Where the progress bar goes (default: standard error).
    warm_kernels:
        Fork each notebook's kernel from a process that has already imported what notebooks
        import (see "Speed" above); ``False``: start every kernel from scratch, as nbgrader does.
    memory_limit:
        GiB of address space each (warm) kernel may use; a cell that asks for more gets a
        ``MemoryError`` and the machine keeps its memory.  ``None``: no limit.  Kernels started
        from scratch (``warm_kernels=False``) get none: run grading in a container to bound them.
    kernel_users:
        Run every kernel as one of these unprivileged system users (grading must run as root):
        one user per worker, so at most that many workers.  Each kernel works in a folder of its
        own with a copy of the submission, cannot read the course, the gradebook or other
        submissions, and whatever it leaves running is killed when it stops
        (:class:`~logiserve.autograder._warm_kernels.KernelUser`).  The users must be able to read
        this Python and its packages (install them outside ``/root``).

    Returns
    -------
    GradeRun
        A result per submission; :func:`summary_table` prints it.

    Raises
    ------
    GradingError
        If the course or the assignment does not exist, the assignment has not been
        generated, there is nothing to grade, another run is grading this assignment, or the
        workers cannot start (e.g. the course configuration fails).
    """
    started = time.perf_counter()
    if workers is not None and workers < 1:
        raise ValueError("workers must be at least 1")
    if not timeout > 0:
        raise ValueError("timeout must be positive")
    course = Path(course).resolve()
    _check_assignment(course, assignment)
    wanted = _default_workers() if workers is None else workers
    users = _check_kernel_users(kernel_users)
    if users:
        wanted = min(wanted, len(users))  # two kernels of one user at once could reach each other
    report = _Report(assignment, progress, console)
    memory = int(memory_limit * 2**30) if memory_limit else 0
    timeout_s = max(1, math.ceil(timeout))
    with _Pool(wanted, course, assignment, timeout_s, warm_kernels, memory, users) as pool, report:
        report.starting(wanted)
        info = pool.describe()
        _check_described(info, assignment, students)
        submissions: dict[str, dict[str, str]] = info["submissions"]
        names = sorted(submissions) if students is None else sorted(set(students))
        state = Path(info["state_dir"]) / assignment
        state.mkdir(parents=True, exist_ok=True)
        with _run_lock(state / "run.lock", assignment):
            fingerprints = {name: _fingerprint(Path(submissions[name]["submitted"])) for name in names}
            candidates = [] if force else [n for n in names if _looks_done(state, n, submissions[n], fingerprints[n])]
            known = pool.scores(candidates) if candidates else {}
            skipped = [
                SubmissionResult(name, "skipped", known[name][0], known[name][1], "graded before, unchanged since")
                for name in candidates
                if known.get(name)
            ]
            todo = [name for name in names if name not in {r.student for r in skipped}]
            for name in todo:
                (state / f"{name}.json").unlink(missing_ok=True)  # redone from scratch, never trusted
            report.begin(total=len(names), to_grade=len(todo))
            for result in skipped:
                report.add(result)
            pool.keep(len(todo))

            def record(result: SubmissionResult) -> None:
                # A failure is recorded apart (for the report): never mistaken for a finished grading.
                failure = state / f"{result.student}.failed"
                if result.status == "failed":
                    _write_marker(failure, result, fingerprints[result.student])
                else:
                    failure.unlink(missing_ok=True)
                    _write_marker(state / f"{result.student}.json", result, fingerprints[result.student])
                report.add(result)

            graded = pool.grade_all(todo, record, info["max_score"], report.tick, state) if todo else []
    phases: collections.Counter[str] = collections.Counter()
    for result in graded:
        phases.update(result.phases)
    return GradeRun(
        assignment=assignment,
        results=tuple(sorted([*skipped, *graded], key=lambda r: r.student)),
        seconds=time.perf_counter() - started,
        workers=pool.grading_workers,
        startup_seconds=pool.startup_seconds,
        phases=dict(phases),
    )


def _check_kernel_users(names: Sequence[str]) -> list[str]:
    """The kernel users, checked: root may switch to them, they exist, are not root, and can run this Python."""
    if not names:
        return []
    from logiserve.autograder._warm_kernels import KernelUser

    if os.geteuid() != 0:
        raise GradingError(
            "Kernels can run as another user only when grading runs as root (e.g. with sudo). "
            "Run as root, or leave out --kernel-user."
        )
    users = []
    for name in dict.fromkeys(names):
        try:
            user = KernelUser.named(name)
        except ValueError as exc:
            raise GradingError(f"--kernel-user: {exc}.") from None
        try:
            check = subprocess.run(
                [sys.executable, "-c", "import ipykernel, logiserve.autograder"],
                cwd="/",
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/", "LANG": "C.UTF-8"},
                capture_output=True,
                text=True,
                **user.popen_arguments(),
            )
            why = (check.stderr.strip().splitlines() or ["no message"])[-1] if check.returncode else ""
        except OSError as exc:  # not even allowed to start it
            why = f"{type(exc).__name__}: {exc.strerror}"
        if why:
            raise GradingError(
                f"The kernel user {name!r} cannot run this Python ({sys.executable}): {why}. "
                "Install logiserve where every user can read it (deploy/hub/install.py puts it in "
                "PREFIX/venv, made from the system's /usr/bin/python3); a Python under /root is not readable by others."
            )
        users.append(user.name)
    return users


def _default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _check_assignment(course: Path, assignment: str) -> None:
    if not (course / "nbgrader_config.py").is_file():
        raise GradingError(f"No nbgrader course at {course} (nbgrader_config.py is missing).")
    source = course / "source"
    existing = sorted(p.name for p in source.iterdir() if p.is_dir()) if source.is_dir() else []
    if assignment not in existing:
        listed = ", ".join(n for n in existing if _ASSIGNMENT_NAME.match(n)) or "(none)"
        raise GradingError(f"No assignment '{assignment}' in {source}. The assignments are: {listed}.")


def _check_described(info: dict[str, Any], assignment: str, students: Sequence[str] | None) -> None:
    if not info["in_gradebook"]:
        raise GradingError(
            f"'{assignment}' is not in the gradebook yet: generate it first "
            f"(nbgrader generate_assignment {assignment}), then release and collect it."
        )
    submissions = info["submissions"]
    if not submissions:
        raise GradingError(
            f"No submissions of '{assignment}' to grade in {info['submitted_pattern']} "
            f"(collect them first: nbgrader collect {assignment})."
        )
    if students is not None:
        missing = sorted(set(students) - set(submissions))
        if missing:
            raise GradingError(f"No submission of '{assignment}' from: {', '.join(missing)}.")
        if not students:
            raise GradingError("No learners given to grade.")


def _fingerprint(folder: Path) -> str:
    """SHA-256 over the path and bytes of every file of a submission."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _looks_done(state: Path, student: str, paths: dict[str, str], fingerprint: str) -> bool:
    """Graded by an earlier run (marker written after nbgrader finished) and unchanged since."""
    try:
        marker = json.loads((state / f"{student}.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        marker.get("fingerprint") == fingerprint
        and marker.get("status") in ("graded", "flagged")
        and Path(paths["autograded"]).is_dir()
    )


def _write_marker(path: Path, result: SubmissionResult, fingerprint: str) -> None:
    record = {
        "student": result.student,
        "status": result.status,
        "score": result.score,
        "max_score": result.max_score,
        "reason": result.reason,
        "fingerprint": fingerprint,
        "graded_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(record, indent=1))
    os.replace(temporary, path)


@contextlib.contextmanager
def _run_lock(path: Path, assignment: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise GradingError(f"Another run is grading '{assignment}' in this course; wait for it to finish.") from None
    try:
        yield
    finally:
        lock.release()


class _Report:
    """Progress: a rich bar, a callable, or nothing."""

    def __init__(self, assignment: str, progress: bool | Callable[..., Any], console: rich.console.Console | None):
        self.assignment = assignment
        self.callback = progress if callable(progress) else None
        self.bar: rich.progress.Progress | None = None
        self.task: rich.progress.TaskID | None = None
        if progress is True:
            self.bar = rich.progress.Progress(
                rich.progress.SpinnerColumn(),
                rich.progress.TextColumn("{task.description}"),
                rich.progress.BarColumn(),
                rich.progress.MofNCompleteColumn(),
                rich.progress.TextColumn("learners"),
                rich.progress.TimeElapsedColumn(),
                rich.progress.TextColumn("{task.fields[left]}"),
                console=console or rich.console.Console(stderr=True),
            )
        self.done = self.total = self.to_grade = self.graded = 0
        self.grading_started = time.perf_counter()

    def starting(self, workers: int) -> None:
        if self.bar:
            self.bar.start()
            self.task = self.bar.add_task(f"{self.assignment}: starting {workers} workers", total=None, left="")

    def begin(self, total: int, to_grade: int) -> None:
        self.total, self.to_grade = total, to_grade
        self.grading_started = time.perf_counter()
        if self.bar and self.task is not None:
            skipped = total - to_grade
            note = f" ({skipped} unchanged since graded)" if skipped else ""
            self.bar.update(self.task, description=f"{self.assignment}{note}", total=total, completed=0)

    def add(self, result: SubmissionResult) -> None:
        self.done += 1
        self.graded += result.status != "skipped"
        if self.callback:
            self.callback(result=result, done=self.done, total=self.total)
        if self.bar and self.task is not None:
            self.bar.update(self.task, completed=self.done)
        self.tick()

    def tick(self) -> None:
        """Refresh the estimate of time left: submissions left at the rate so far."""
        if not (self.bar and self.task is not None):
            return
        left = ""
        if self.graded:
            rate = (time.perf_counter() - self.grading_started) / self.graded
            remaining = max(0.0, rate * (self.to_grade - self.graded))
            left = f"about {_clock(remaining)} left" if self.graded < self.to_grade else ""
        self.bar.update(self.task, left=left)

    def __enter__(self) -> _Report:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


# -- the pool of workers ------------------------------------------------------------------------


@dataclass
class _Slot:
    process: subprocess.Popen
    conn: Connection
    ready: bool = False
    busy: str | None = None  # the learner being graded
    since: float = 0.0
    kernel_user: str = ""  # the system user its kernels run as ("": the grader's own)


class _Pool:
    """``size`` worker processes, each grading one submission at a time, replaced if one dies."""

    def __init__(
        self,
        size: int,
        course: Path,
        assignment: str,
        timeout: int,
        warm_kernels: bool = True,
        memory: int = 0,
        kernel_users: Sequence[str] = (),
    ):
        self.size, self.course, self.assignment, self.timeout = size, course, assignment, timeout
        self.warm_kernels, self.memory = warm_kernels, memory
        self.kernel_users = list(kernel_users)
        self.slots: list[_Slot] = []
        self.retired: list[_Slot] = []
        self.started = 0
        self.grading_workers = 0
        self.startup_seconds = 0.0
        self.restarts_left = 2 * size + 2

    def __enter__(self) -> _Pool:
        for _ in range(self.size):
            self._spawn()
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """Stop the workers: politely after a run, at once after an error or Ctrl-C."""
        for slot in list(self.slots):
            self._retire(slot, now=exc_type is not None)
        deadline = time.monotonic() + 10
        for slot in self.retired:
            try:
                slot.process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                slot.process.kill()
                slot.process.wait()
            slot.conn.close()
        self.retired.clear()

    def _retire(self, slot: _Slot, now: bool = False) -> None:
        """Stop a worker: one still starting or busy is killed (it has written nothing that counts)."""
        self.slots.remove(slot)
        self.retired.append(slot)
        if now or not slot.ready or slot.busy is not None:
            slot.process.kill()
            return
        with contextlib.suppress(OSError):
            slot.conn.send(("stop", None))

    def keep(self, needed: int) -> None:
        """Keep only as many workers as there are submissions to grade."""
        for slot in sorted(self.slots, key=lambda s: s.ready)[: max(0, len(self.slots) - needed)]:
            self._retire(slot)
        self.grading_workers = len(self.slots)

    def _free_kernel_user(self) -> str:
        """A kernel user no running worker has (a worker being stopped may still have a kernel)."""
        if not self.kernel_users:
            return ""
        taken = {slot.kernel_user for slot in [*self.slots, *self.retired] if slot.process.poll() is None}
        for user in self.kernel_users:
            if user not in taken:
                return user
        for slot in self.retired:  # every user is held by a worker on its way out: wait for one
            if slot.kernel_user and slot.process.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    slot.process.wait(10)
                if slot.process.poll() is None:
                    slot.process.kill()
                    slot.process.wait()
                return slot.kernel_user
        raise GradingError("no kernel user is free for a new worker")

    def _spawn(self) -> _Slot:
        """Start a worker: a fresh interpreter (no copy of this process, whatever its __main__ is)."""
        kernel_user = self._free_kernel_user()
        mine, theirs = socket.socketpair()
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from logiserve.autograder.grading import _worker_main; _worker_main()",
                str(theirs.fileno()),
                str(self.course),
                self.assignment,
                str(self.timeout),
                str(os.getpid()),
                "warm" if self.warm_kernels else "cold",
                str(self.memory),
                kernel_user,
            ],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.started += 1
        slot = _Slot(process, Connection(mine.detach()), since=time.perf_counter())
        slot.kernel_user = kernel_user
        self.slots.append(slot)
        return slot

    def _receive(self, slot: _Slot) -> tuple[str, Any] | None:
        """The slot's next message, or None if its worker died (it is then removed)."""
        try:
            message = slot.conn.recv()
        except (EOFError, OSError):
            message = None
        if message is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                slot.process.wait(5)
            self.slots.remove(slot)
            self.retired.append(slot)
            return None
        kind, payload = message
        if kind == "ready":
            slot.ready = True
            self.startup_seconds = max(self.startup_seconds, payload["startup"])
        elif kind == "error":
            what = "failed" if slot.ready else "could not start"
            raise GradingError(f"A grading worker {what}:\n{payload}")
        return kind, payload

    def _first_ready(self) -> _Slot:
        while True:
            ready = [slot for slot in self.slots if slot.ready and slot.busy is None]
            if ready:
                return ready[0]
            if not self.slots:
                raise GradingError("The grading workers stopped while starting (see the messages above).")
            for conn in wait([slot.conn for slot in self.slots]):
                slot = next(s for s in self.slots if s.conn is conn)
                if self._receive(slot) is None and not slot.ready:
                    code = slot.process.returncode
                    raise GradingError(f"A grading worker stopped while starting (exit code {code}).")

    def _ask(self, kind: str, payload: Any) -> Any:
        slot = self._first_ready()
        slot.conn.send((kind, payload))
        slot.busy = kind
        while True:
            message = self._receive(slot)
            if message is None:
                raise GradingError(f"A grading worker stopped while answering '{kind}'.")
            if message[0] == "done":
                slot.busy = None
                return message[1]

    def describe(self) -> dict[str, Any]:
        return self._ask("describe", None)

    def scores(self, students: list[str]) -> dict[str, tuple[float, float] | None]:
        return self._ask("scores", students)

    def grade_all(
        self,
        todo: list[str],
        record: Callable[[SubmissionResult], None],
        max_score: float,
        tick: Callable[[], None],
        state: Path,
    ) -> list[SubmissionResult]:
        pending = collections.deque(todo)
        results: list[SubmissionResult] = []
        while pending or any(slot.busy for slot in self.slots):
            for slot in self.slots:
                if slot.ready and slot.busy is None and pending:
                    slot.busy, slot.since = pending.popleft(), time.perf_counter()
                    slot.conn.send(("grade", slot.busy))
            if not self.slots:
                raise GradingError("Every grading worker stopped; see the logs in " + str(state))
            for conn in wait([slot.conn for slot in self.slots], timeout=0.5):
                slot = next(s for s in self.slots if s.conn is conn)
                student = slot.busy
                message = self._receive(slot)
                if message is None:  # the worker process died
                    if student is not None:
                        result = SubmissionResult(
                            student,
                            "failed",
                            None,
                            max_score,
                            f"the grading process stopped (exit code {slot.process.returncode}) while grading it; "
                            f"see {state / (student + '.log')}",
                            time.perf_counter() - slot.since,
                        )
                        results.append(result)
                        record(result)
                    if pending:
                        if self.restarts_left == 0:
                            raise GradingError("Grading workers keep stopping; see the logs in " + str(state))
                        self.restarts_left -= 1
                        self._spawn()
                elif message[0] == "done" and student is not None:
                    slot.busy = None
                    result = SubmissionResult(**message[1])
                    results.append(result)
                    record(result)
            tick()
        return results


# -- the worker: nbgrader's autograder, one submission at a time --------------------------------


def _worker_main() -> None:
    """A worker process: set up nbgrader once, then grade what the parent sends until told to stop.

    Arguments (``sys.argv``): the file descriptor of its end of the socket to the parent, the
    course folder, the assignment, the time limit per cell, the parent's process id, and
    ``warm`` or ``cold`` (how kernels start), each kernel's memory limit in bytes (0: none), and
    the system user kernels run as (empty: this process's own).
    """
    descriptor, course, assignment, timeout, parent, kernels, memory, kernel_user = sys.argv[1:9]
    from logiserve.autograder._warm_kernels import die_with

    die_with(int(parent))  # no orphan worker writes to the gradebook after its parent is gone
    conn = Connection(int(descriptor))
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        worker = _Worker(
            Path(course),
            assignment,
            int(timeout),
            warm_kernels=kernels == "warm",
            memory=int(memory),
            kernel_user=kernel_user or None,
        )
    except BaseException:
        conn.send(("error", traceback.format_exc()))
        return
    conn.send(("ready", {"startup": worker.startup_seconds}))
    while True:
        try:
            kind, payload = conn.recv()
        except (EOFError, OSError):
            return
        if kind == "stop":
            worker.close()
            return
        try:
            reply = getattr(worker, kind)(payload)
        except Exception:  # told to the parent, which stops the run
            conn.send(("error", traceback.format_exc()))
            return
        conn.send(("done", reply))


class _Phases:
    """Seconds per phase; a phase nested in another is not counted twice."""

    def __init__(self) -> None:
        self.seconds: collections.Counter[str] = collections.Counter()
        self._nested: list[float] = []

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        self._nested.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            inner = self._nested.pop()
            self.seconds[name] += elapsed - inner
            if self._nested:
                self._nested[-1] += elapsed


class _Records(logging.Handler):
    """Keeps the warnings and errors nbgrader logs while grading one submission."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Worker:
    def __init__(
        self,
        course: Path,
        assignment: str,
        timeout: int,
        warm_kernels: bool = True,
        memory: int = 0,
        kernel_user: str | None = None,
    ):
        started = time.perf_counter()
        # Kernels must read each learner's answers.json beside the notebook, as nbgrader runs it.
        os.environ.pop(ANSWERS_DIR_VARIABLE, None)
        # nbgrader runs alembic when it creates a gradebook; it lives beside this interpreter.
        os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        os.chdir(course)
        from logiserve.autograder import _warm_kernels

        # The kernel template imports while this process imports nbgrader (both take a second or two).
        self.memory = memory
        self.template = _warm_kernels.Template(memory_limit=memory or None) if warm_kernels else None

        from filelock import FileLock
        from nbconvert.preprocessors import ExecutePreprocessor
        from nbgrader.apps import AutogradeApp
        from nbgrader.converters import Autograde

        self.assignment, self.timeout = assignment, timeout
        self.app = AutogradeApp()
        # Command-line settings win over the course's config file, as in ``nbgrader autograde --Execute.timeout=...``.
        # Kernels are killed once their outputs are in (see "Speed" above).
        self.app.initialize([f"--Execute.timeout={timeout}", "--Execute.shutdown_kernel=immediate"], root=str(course))
        self.coursedir = self.app.coursedir
        self.coursedir.assignment_id = assignment
        self.state = Path(self.coursedir.root) / self.coursedir.autograded_directory / STATE_FOLDER
        self.state.mkdir(parents=True, exist_ok=True)
        self.gradebook_lock = FileLock(self.state / "gradebook.lock")
        self.records = _Records()
        self.app.log.addHandler(self.records)
        self.phases = _Phases()
        self._execute_base = ExecutePreprocessor
        self._wrapped: dict[tuple[type, str], type] = {}
        self._converter_class = self._make_converter_class(Autograde)
        self._warm_manager: type | None = None
        if self.template is not None:
            try:
                self.template.wait_ready()
            except _warm_kernels.TemplateGone as exc:
                self.app.log.warning("%s; kernels start the ordinary way", exc)
                self.template = None
        self.kernel_user = _warm_kernels.KernelUser.named(kernel_user) if kernel_user else None
        if self.template is not None or self.kernel_user is not None:
            self._warm_manager = _warm_kernels.manager_for(self.template, self.kernel_user)
        self.startup_seconds = time.perf_counter() - started

    def close(self) -> None:
        if self.template is not None:
            self.template.close()

    # gradebook access, serialized ---------------------------------------------------------
    @contextlib.contextmanager
    def gradebook_access(self, phase: str) -> Iterator[None]:
        with self.phases("wait for gradebook lock"):
            self.gradebook_lock.acquire()
        try:
            with self.phases(phase):
                yield
        finally:
            self.gradebook_lock.release()

    def gradebook(self) -> Any:
        from nbgrader.api import Gradebook

        return Gradebook(self.coursedir.db_url, self.coursedir.course_id)

    # nbgrader's classes with the lock and the timers around their steps -------------------
    def _make_converter_class(self, autograde: type) -> type:
        worker = self

        class LoggedAutograde(autograde):
            """nbgrader's Autograde; its set-up holds the gradebook lock; remembers what failed."""

            failure: tuple[str, BaseException] | None = None

            def init_assignment(self, assignment_id: str, student_id: str) -> None:
                try:
                    with worker.gradebook_access("set-up (gradebook, files)"):
                        super().init_assignment(assignment_id, student_id)
                except Exception as exc:
                    self.failure = ("", exc)
                    raise

            def convert_single_notebook(self, notebook_filename: str) -> None:
                try:
                    super().convert_single_notebook(notebook_filename)
                except Exception as exc:
                    self.failure = (os.path.basename(notebook_filename), exc)
                    raise

        return LoggedAutograde

    def _wrap(self, step: type, phase: str) -> type:
        """``step`` with the gradebook lock held (or, for execution, timed by kernel phase)."""
        key = (step, phase)
        if key in self._wrapped:
            return self._wrapped[key]
        worker = self
        if issubclass(step, self._execute_base):

            class Timed(step):
                def __init__(self, **kwargs: Any) -> None:
                    super().__init__(**kwargs)
                    # Fork the kernel from the warm template, unless the course chose its own manager.
                    if worker._warm_manager and self.kernel_manager_class.__name__ == "AsyncKernelManager":
                        self.kernel_manager_class = worker._warm_manager

                def preprocess(self, nb: Any, resources: Any, km: Any = None) -> Any:
                    self.died_in: int | None = None
                    with worker.phases("execute"):
                        return super().preprocess(nb, resources, km)

                def preprocess_cell(self, cell: Any, resources: Any, index: int) -> Any:
                    """Run one cell; once the kernel has died, the cells after it are marked as not run.

                    nbgrader would fail the whole notebook.  Instead the cells that ran keep their
                    marks, and the cell the kernel died in and every code cell after it get an
                    error output, so their tests earn 0 and the reason is in the notebook.
                    """
                    from nbclient.exceptions import DeadKernelError

                    if self.died_in is not None:
                        if cell.cell_type == "code":
                            cell.outputs = [_error_output(DIED_BEFORE, "not run: the kernel died in an earlier cell")]
                        return cell, resources
                    try:
                        return super().preprocess_cell(cell, resources, index)
                    except DeadKernelError:
                        self.died_in = index
                        cell.outputs.append(
                            _error_output(
                                DIED_HERE, "the kernel died while running this cell (it crashed or was killed)"
                            )
                        )
                        return cell, resources

                def start_new_kernel(self, **kwargs: Any) -> Any:
                    with worker.phases("kernel start"):
                        return super().start_new_kernel(**kwargs)

                def start_new_kernel_client(self) -> Any:
                    with worker.phases("kernel start"):
                        return super().start_new_kernel_client()

                def _cleanup_kernel(self) -> Any:
                    with worker.phases("kernel shutdown"):
                        return super()._cleanup_kernel()

            wrapped: type = Timed
        else:

            class Serialized(step):
                def preprocess(self, nb: Any, resources: Any) -> Any:
                    with worker.gradebook_access(phase):
                        return super().preprocess(nb, resources)

            wrapped = Serialized
        wrapped.__name__ = wrapped.__qualname__ = step.__name__  # config sections still apply (MRO)
        self._wrapped[key] = wrapped
        return wrapped

    def _converter(self, student: str) -> Any:
        self.coursedir.student_id = student
        converter = self._converter_class(coursedir=self.coursedir, parent=self.app)
        converter.force = True  # the parent decided it must be (re)graded: never trust what is there
        converter.sanitize_preprocessors = [
            self._wrap(step, "read and check cells") for step in converter.sanitize_preprocessors
        ]
        converter.autograde_preprocessors = [
            self._wrap(step, "save grades") for step in converter.autograde_preprocessors
        ]
        return converter

    # what the parent asks ------------------------------------------------------------------
    def describe(self, _: None) -> dict[str, Any]:
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
        with self.gradebook_access("set-up (gradebook, files)"), self.gradebook() as gb:
            try:
                info["max_score"] = float(gb.find_assignment(assignment).max_score)
                info["in_gradebook"] = True
            except MissingEntry:
                pass
        return info

    def scores(self, students: list[str]) -> dict[str, tuple[float, float] | None]:
        from nbgrader.api import MissingEntry

        out: dict[str, tuple[float, float] | None] = {}
        with self.gradebook_access("set-up (gradebook, files)"), self.gradebook() as gb:
            for student in students:
                try:
                    submission = gb.find_submission(self.assignment, student)
                    out[student] = (float(submission.score), float(submission.max_score))
                except MissingEntry:
                    out[student] = None
        return out

    def grade(self, student: str) -> dict[str, Any]:
        """Autograde one submission with nbgrader; what the parent turns into a SubmissionResult."""
        from nbgrader.converters.base import NbGraderException

        started = time.perf_counter()
        self.phases = _Phases()
        self.records.records = []
        converter = None
        failure = ""
        with _output_to(self.state / self.assignment / f"{student}.log"):
            try:
                converter = self._converter(student)
                converter.start()
            except NbGraderException as exc:
                failure = self._explain_failure(converter, exc)
            except Exception as exc:  # one submission must never stop the others
                failure = f"could not be graded: {type(exc).__name__}: {_first_line(exc)}"
                traceback.print_exc()
            with self.phases("other"):
                edits = self._flags(student)  # read even when grading failed: it may be why
                if failure:
                    score, max_score, notes = None, self._max_score(), []
                else:
                    score, max_score = self._score(student)
                    notes = self._timeouts(student) + self._answers_notes(student)
        total = time.perf_counter() - started
        phases = dict(self.phases.seconds)
        phases["other"] = phases.get("other", 0.0) + max(0.0, total - sum(self.phases.seconds.values()))
        status = "failed" if failure else "flagged" if edits else "graded"
        return {
            "student": student,
            "status": status,
            "score": score,
            "max_score": max_score,
            "reason": "; ".join([failure, *edits] if failure else edits + notes),
            "seconds": total,
            "phases": phases,
        }

    # reading what nbgrader did ---------------------------------------------------------------
    def _explain_failure(self, converter: Any, exc: BaseException) -> str:
        expected = ", ".join(f"{name}.ipynb" for name in self._notebook_names()) or "a notebook"
        failed = getattr(converter, "failure", None)
        if failed is None:
            message = str(exc)
            if "No notebooks were matched" in message:
                return f"no notebook in the submission (expected {expected})"
            if "No notebooks found" in message:
                return f"none of its notebooks belongs to the assignment (expected {expected})"
            errors = [r.getMessage() for r in self.records.records if r.levelno >= logging.ERROR]
            return _first_line(errors[0]) if errors else _first_line(exc)
        notebook, error = failed
        return _explain(notebook or "the submission", error, self.timeout)

    def _notebook_names(self) -> list[str]:
        with contextlib.suppress(Exception), self.gradebook_access("other"), self.gradebook() as gb:
            return [nb.name for nb in gb.find_assignment(self.assignment).notebooks]
        return []

    def _max_score(self) -> float:
        with contextlib.suppress(Exception), self.gradebook_access("other"), self.gradebook() as gb:
            return float(gb.find_assignment(self.assignment).max_score)
        return 0.0

    def _score(self, student: str) -> tuple[float, float]:
        with self.gradebook_access("other"), self.gradebook() as gb:
            submission = gb.find_submission(self.assignment, student)
            return float(submission.score), float(submission.max_score)

    def _graded_notebooks(self, student: str) -> Iterator[tuple[str, Any]]:
        import nbformat

        folder = Path(self.coursedir.format_path(self.coursedir.autograded_directory, student, self.assignment))
        for path in sorted(folder.glob("*.ipynb")):
            with contextlib.suppress(Exception):
                yield path.name, nbformat.read(path, as_version=nbformat.NO_CONVERT)

    def _timeouts(self, student: str) -> list[str]:
        """Cells stopped at the time limit (nbgrader records a CellTimeoutError) or out of memory (MemoryError)."""
        ename = self._execute_config("error_on_timeout", {}).get("ename", "CellTimeoutError")
        limit = f" (the limit is {self.memory / 2**30:g} GiB)" if self.memory and self.template else ""
        why = {
            ename: f"stopped at the {self.timeout} s time limit",
            "MemoryError": f"ran out of memory{limit}",
            DIED_HERE: "was running when the kernel died; the cells after it were not run and earn 0",
        }
        notes = []
        for name, nb in self._graded_notebooks(student):
            for index, cell in enumerate(nb.cells):
                errors = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                for error in dict.fromkeys(e for e in errors if e in why):
                    label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                    notes.append(f"{name}: '{label}' {why[error]}")
        return notes

    def _answers_notes(self, student: str) -> list[str]:
        """Why graded widget exercises may have earned nothing: answers.json missing, unusable, or odd."""
        from logiserve.answer_store import ANSWERS_FILE, MISSING, read_answers_file
        from logiserve.content import load_exercises

        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment))
        graded: list[str] = []
        for path in sorted(source.glob("exercises.y*ml")):
            with contextlib.suppress(Exception):
                graded += sorted(k for k, v in load_exercises(path).items() if v.get("mode") == "graded")
        if not graded:
            return []
        folder = Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, self.assignment))
        answers, problem = read_answers_file(folder / ANSWERS_FILE)
        unanswered = (
            f"the {len(graded)} graded widget exercises count as not answered"
            if len(graded) > 1
            else "the graded widget exercise counts as not answered"
        )
        if problem == MISSING:
            return [f"{ANSWERS_FILE} is missing, so {unanswered}"]
        if problem:
            return [f"{ANSWERS_FILE} could not be used ({problem}), so {unanswered}"]
        notes = []
        size = (folder / ANSWERS_FILE).stat().st_size
        if size > 1_000_000:
            notes.append(f"{ANSWERS_FILE} is unusually large ({size / 1_000_000:.1f} MB)")
        for exercise in graded:
            if exercise in answers and not isinstance(answers[exercise], dict):
                kind = type(answers[exercise]).__name__
                notes.append(
                    f"{ANSWERS_FILE}: the answer to {exercise} is not what the widget saves (a {kind}); "
                    "it counts as not answered"
                )
        return notes

    def _execute_config(self, name: str, default: Any) -> Any:
        from nbgrader.preprocessors import Execute

        return getattr(Execute(parent=self.app), name, default)

    def _flags(self, student: str) -> list[str]:
        """Why a person should look at this submission before its marks count (empty: no reason).

        Test cells deleted, or whose source is neither the gradebook's nor the released one;
        read-only cells edited (nbgrader puts their source back before grading, but a learner
        who edits them is worth a word); and code that changes how it is marked (see
        :mod:`logiserve.autograder.integrity`).
        """
        import nbformat
        from nbgrader import utils
        from nbgrader.preprocessors import ClearHiddenTests

        from logiserve.autograder.integrity import names_tests_read, scan_notebook

        folder = Path(self.coursedir.format_path(self.coursedir.submitted_directory, student, self.assignment))
        release = Path(self.coursedir.format_path(self.coursedir.release_directory, ".", self.assignment))
        source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".", self.assignment))
        hide = ClearHiddenTests(parent=self.app)
        found: list[str] = []
        with self.gradebook_access("other"), self.gradebook() as gb:
            for path in sorted(folder.glob("*.ipynb")):
                try:
                    nb = nbformat.read(path, as_version=4)
                    notebook = gb.find_notebook(path.stem, self.assignment)
                except Exception:  # not part of the assignment, or unreadable: nbgrader said so
                    continue
                solutions = {cell.name for cell in notebook.solution_cells}
                sources = {cell.name: cell.source for cell in notebook.source_cells}
                locked = {cell.name for cell in notebook.source_cells if cell.locked}
                tests = sorted(c.name for c in notebook.grade_cells if c.name not in solutions)
                submitted = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells if utils.is_grade(c)}
                cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
                for name in tests:
                    cell = submitted.get(name)
                    if cell is None:
                        found.append(f"{path.name}: test cell '{name}' was deleted")
                        continue
                    released = nbformat.from_dict({**cell, "source": sources.get(name, "")})
                    with contextlib.suppress(Exception):
                        hide.preprocess_cell(released, {}, 0)
                    if cell.source not in (sources.get(name), released.source):
                        found.append(f"{path.name}: test cell '{name}' was edited")
                released_cells = _cells_by_id(release / path.name)
                for name in sorted(locked - set(tests)):
                    cell = cells.get(name)
                    if cell is not None and cell.source not in (sources.get(name), released_cells.get(name)):
                        found.append(f"{path.name}: read-only cell '{name}' was edited (graded with the original)")
                # the answers' names: what the model solutions assign (the gradebook keeps released sources)
                solved = _cells_by_id(source / path.name)
                guarded = names_tests_read(
                    [sources.get(name, "") for name in tests], [solved.get(name, "") for name in solutions]
                )
                found.extend(f"{path.name}: {finding}" for finding in scan_notebook(nb.cells, locked, guarded))
        return found


DIED_HERE, DIED_BEFORE = "KernelDied", "NotRunKernelDied"
"""The error names given to the cell a kernel died in and to the code cells after it."""


def _error_output(ename: str, evalue: str) -> Any:
    from nbformat import NotebookNode

    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _cells_by_id(path: Path) -> dict[str, str]:
    """The source of every cell with an nbgrader grade id in a notebook (empty if it cannot be read)."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return {}
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nb.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }


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


def _first_line(message: object) -> str:
    text = str(message).strip()
    return text.splitlines()[0][:200] if text else type(message).__name__


def _explain(notebook: str, error: BaseException, timeout: int) -> str:
    """A tutor-readable reason for an exception nbgrader raised on a notebook."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.reader import NotJSONError
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    if isinstance(error, NotJSONError):
        cause = error.__cause__
        where = f" (JSON error at line {cause.lineno})" if isinstance(cause, json.JSONDecodeError) else ""
        return f"{notebook} is not a valid notebook{where}"
    if type(error).__name__ == "ValidationError" or isinstance(error, (KeyError, AttributeError)):
        return f"{notebook} is not a valid notebook ({_first_line(error)})"
    if isinstance(error, DeadKernelError):
        return f"the kernel died while running {notebook} (a cell crashed Python or used too much memory)"
    if isinstance(error, (CellTimeoutError, UnresponsiveKernelError)):
        return f"{notebook}: a cell ran past the {timeout} s time limit and the kernel could not be stopped"
    if isinstance(error, RuntimeError) and "Kernel didn't respond" in str(error):
        return f"the kernel for {notebook} did not start ({_first_line(error)})"
    return f"{notebook}: {type(error).__name__}: {_first_line(error)}"


# -- the summary --------------------------------------------------------------------------------


def _score_text(result: SubmissionResult) -> str:
    return "—" if result.score is None else f"{result.score:g} / {result.max_score:g}"


def summary_table(run: GradeRun) -> rich.table.Table:
    """A table of the run: one row per submission, grouped by status, reasons shown; totals below."""
    counts = collections.Counter(result.status for result in run.results)
    scored = [r.score for r in run.results if r.score is not None]
    totals = ", ".join(f"{counts[status]} {status}" for status in _STATUS_ORDER if counts[status]) or "nothing"
    mean = ""
    if scored:
        best = max(r.max_score for r in run.results)
        mean = f"; mean score {sum(scored) / len(scored):.3g} / {best:g}"
    table = rich.table.Table(
        title=f"{run.assignment}: {len(run.results)} submissions",
        caption=f"{totals}{mean}; {run.seconds:.1f} s"
        + (f" with {run.workers} workers" if run.workers else ", nothing needed grading"),
    )
    table.add_column("learner")
    table.add_column("status")
    table.add_column("score", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("reason", overflow="fold")
    for status in _STATUS_ORDER:
        for result in sorted((r for r in run.results if r.status == status), key=lambda r: r.student):
            style = _STATUS_STYLE[status]
            table.add_row(
                rich.markup.escape(result.student),  # learners' text is shown, never read as markup
                f"[{style}]{status}[/]",
                _score_text(result),
                f"{result.seconds:.1f}" if result.seconds else "",
                rich.markup.escape(result.reason),
            )
    return table
