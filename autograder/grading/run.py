"""The parent's side of a run: check, plan, hand out to the workers, record.

:func:`grade` checks the course and the assignment, starts the :class:`~.pool.Pool`, skips what
an earlier run finished (:mod:`.markers`), has the workers grade the rest and records each
result as it comes, showing :class:`~.progress.Progress` on the way.
"""

from __future__ import annotations

import collections
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import rich.console

from logiserve.course import CONFIG_FILE, Course, CourseError

from .markers import fingerprint, looks_done, record_result, run_lock
from .pool import Pool
from .progress import Progress
from .results import GradeRun, GradingError, Reason, Status, SubmissionResult

__all__ = ["grade"]


def grade(
    course: Course | Path,
    assignment: str,
    *,
    workers: int | None = None,
    force: bool = False,
    timeout: float | None = None,
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
        The course, or its folder (the one holding ``nbgrader_config.py``).
    assignment:
        The assignment, e.g. ``"01_customers"``; it must have been generated
        (``nbgrader generate_assignment``) so that the gradebook knows its cells.
    workers:
        Worker processes; default: the number of cores this process may use.
    force:
        Grade again even submissions graded before and unchanged since.
    timeout:
        Seconds any one cell may run before nbgrader interrupts it (rounded up to whole
        seconds, as nbgrader takes them).  By default the course config's ``Execute.timeout``
        (:attr:`logiserve.course.Course.cell_timeout`); given, it overrides that.
    students:
        Only these learners (default: every submission in ``submitted/``).
    progress:
        ``True``: a progress bar on ``console``; ``False``: quiet; a callable: called after
        every submission as ``progress(result=..., done=..., total=...)``.
    console:
        Where the progress bar goes (default: standard error).
    warm_kernels:
        Fork each notebook's kernel from a process that has already imported what notebooks
        import (see "Speed" in the package's docstring); ``False``: start every kernel from scratch, as nbgrader does.
    memory_limit:
        GiB of address space each (warm) kernel may use; a cell that asks for more gets a
        ``MemoryError`` and the machine keeps its memory.  ``None``: no limit.  Kernels started
        from scratch (``warm_kernels=False``) get none: run grading in a container to bound them.
    kernel_users:
        Run every kernel as one of these unprivileged system users (grading must run as root):
        one user per worker, so at most that many workers.  Each kernel works in a folder of its
        own with a copy of the submission, cannot read the course, the gradebook or other
        submissions, and whatever it leaves running is killed when it stops
        (:class:`~logiserve.autograder.grading.warm_kernels.KernelUser`).  The users must be able to read
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
    course = _course(course, assignment)
    if timeout is None:
        timeout = course.cell_timeout
    if not timeout > 0:
        raise ValueError("timeout must be positive")
    wanted = _default_workers() if workers is None else workers
    users = _check_kernel_users(kernel_users)
    if users:
        wanted = min(wanted, len(users))  # two kernels of one user at once could reach each other
    report = Progress(assignment, progress, console)
    memory = int(memory_limit * 2**30) if memory_limit else 0
    timeout_s = max(1, math.ceil(timeout))
    with Pool(wanted, course.root, assignment, timeout_s, warm_kernels, memory, users) as pool, report:
        report.starting(wanted)
        info = pool.describe()
        _check_described(info, assignment, students)
        names = sorted(info["submissions"]) if students is None else sorted(set(students))
        state = Path(info["state_dir"]) / assignment
        state.mkdir(parents=True, exist_ok=True)
        with run_lock(state / "run.lock", assignment):
            skipped, graded = _grade_locked(pool, report, info, names, state, force)
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


def _grade_locked(
    pool: Pool, report: Progress, info: dict[str, Any], names: list[str], state: Path, force: bool
) -> tuple[list[SubmissionResult], list[SubmissionResult]]:
    """Skip what is done and unchanged, grade the rest (holding the run lock): skipped and graded results."""
    submissions: dict[str, dict[str, str]] = info["submissions"]
    fingerprints = {name: fingerprint(Path(submissions[name]["submitted"])) for name in names}
    candidates = [] if force else [n for n in names if looks_done(state, n, submissions[n], fingerprints[n])]
    known = pool.scores(candidates) if candidates else {}
    skipped = [
        SubmissionResult(name, Status.SKIPPED, scores[0], scores[1], Reason.UNCHANGED.text())
        for name in candidates
        if (scores := known.get(name))
    ]
    todo = [name for name in names if name not in {r.student for r in skipped}]
    for name in todo:
        (state / f"{name}.json").unlink(missing_ok=True)  # redone from scratch, never trusted
    report.begin(total=len(names), to_grade=len(todo))
    for result in skipped:
        report.add(result)
    pool.keep(len(todo))

    def record(result: SubmissionResult) -> None:
        record_result(state, result, fingerprints[result.student])
        report.add(result)

    graded = pool.grade_all(todo, record, info["max_score"], report.tick, state) if todo else []
    return skipped, graded


def _check_kernel_users(names: Sequence[str]) -> list[str]:
    """The kernel users, checked: root may switch to them, they exist, are not root, and can run this Python."""
    if not names:
        return []
    from .warm_kernels import KernelUser

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


def _course(course: Course | Path, assignment: str) -> Course:
    """The course to grade in, with its config and the assignment, or a :class:`GradingError` saying what is missing."""
    try:
        course = Course.of(course)
    except CourseError as problem:
        raise GradingError(str(problem)) from None
    if not (course.root / CONFIG_FILE).is_file():
        raise GradingError(f"No nbgrader course at {course.root} ({CONFIG_FILE} is missing).")
    course.check_assignment(assignment, GradingError)
    if assignment not in course.graded_assignments():
        raise GradingError(
            f"{assignment} is practice only: it has no graded cells, so there is nothing to grade. "
            "Learners check their own practice answers in the notebook."
        )
    return course


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
