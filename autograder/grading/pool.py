"""The pool of grading workers: started, handed one submission at a time, replaced if one dies.

Each worker is a fresh interpreter (``python -c``, never a copy of this process) started with a
:class:`~.protocol.WorkerStart` on its standard input; the pool then sends it
:mod:`~.protocol` requests over a socket pair and waits on all of them at once.  A worker that
dies while grading fails that submission (the reason points at its log) and a new one takes
over, a few times at most.
"""

from __future__ import annotations

import collections
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .protocol import Describe, Done, Failed, Grade, Ready, Request, Scores, Stop, WorkerStart
from .results import GradingError, Reason, Status, SubmissionResult

__all__ = ["Pool"]

_WORKER = "from logiserve.autograder.grading.worker import main; main()"


@dataclass
class _Slot:
    """One worker process, its connection, and what it is doing."""

    process: subprocess.Popen
    conn: Connection
    ready: bool = False
    busy: str | None = None  # the learner being graded
    since: float = 0.0
    kernel_user: str = ""  # the system user its kernels run as ("": the grader's own)


class Pool:
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

    def __enter__(self) -> Pool:
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
            slot.conn.send(Stop())

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
        start = WorkerStart(
            connection_fd=theirs.fileno(),
            course=str(self.course),
            assignment=self.assignment,
            timeout=self.timeout,
            parent_pid=os.getpid(),
            warm_kernels=self.warm_kernels,
            memory=self.memory,
            kernel_user=kernel_user,
        )
        process = subprocess.Popen(
            [sys.executable, "-c", _WORKER], pass_fds=[theirs.fileno()], stdin=subprocess.PIPE, text=True
        )
        theirs.close()
        assert process.stdin is not None
        with contextlib.suppress(OSError):  # a worker that died at once is noticed on its connection
            process.stdin.write(start.to_json())
        with contextlib.suppress(OSError):
            process.stdin.close()
        self.started += 1
        slot = _Slot(process, Connection(mine.detach()), since=time.perf_counter())
        slot.kernel_user = kernel_user
        self.slots.append(slot)
        return slot

    def _receive(self, slot: _Slot) -> Done | None:
        """The slot's next answer (``None``: it is ready now), or ``None`` if its worker died (it is removed)."""
        try:
            reply = slot.conn.recv()
        except (EOFError, OSError):
            reply = None
        if reply is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                slot.process.wait(5)
            self.slots.remove(slot)
            self.retired.append(slot)
            return None
        match reply:
            case Ready(startup=startup):
                slot.ready = True
                self.startup_seconds = max(self.startup_seconds, startup)
                return None
            case Failed(traceback=traceback):
                what = "failed" if slot.ready else "could not start"
                raise GradingError(f"A grading worker {what}:\n{traceback}")
            case Done():
                return reply
        raise GradingError(f"A grading worker sent what no worker sends: {reply!r}")

    def _first_ready(self) -> _Slot:
        while True:
            ready = [slot for slot in self.slots if slot.ready and slot.busy is None]
            if ready:
                return ready[0]
            if not self.slots:
                raise GradingError("The grading workers stopped while starting (see the messages above).")
            for conn in wait([slot.conn for slot in self.slots]):
                slot = next(s for s in self.slots if s.conn is conn)
                self._receive(slot)
                if slot not in self.slots and not slot.ready:
                    code = slot.process.returncode
                    raise GradingError(f"A grading worker stopped while starting (exit code {code}).")

    def _ask(self, request: Request) -> Any:
        slot = self._first_ready()
        kind = type(request).__name__.lower()
        slot.conn.send(request)
        slot.busy = kind
        while True:
            reply = self._receive(slot)
            if reply is None and slot not in self.slots:
                raise GradingError(f"A grading worker stopped while answering '{kind}'.")
            if reply is not None:
                slot.busy = None
                return reply.value

    def describe(self) -> dict[str, Any]:
        """The submissions, where the markers go, and the assignment's points (see the worker)."""
        return self._ask(Describe())

    def scores(self, students: list[str]) -> dict[str, tuple[float, float] | None]:
        """Each learner's score and points in the gradebook, ``None`` if it has no submission."""
        return self._ask(Scores(tuple(students)))

    def grade_all(
        self,
        todo: list[str],
        record: Callable[[SubmissionResult], None],
        max_score: float,
        tick: Callable[[], None],
        state: Path,
    ) -> list[SubmissionResult]:
        """Grade every learner of ``todo``, ``record`` each result as it comes; the results."""
        pending = collections.deque(todo)
        results: list[SubmissionResult] = []
        while pending or any(slot.busy for slot in self.slots):
            for slot in self.slots:
                if slot.ready and slot.busy is None and pending:
                    slot.busy, slot.since = pending.popleft(), time.perf_counter()
                    slot.conn.send(Grade(slot.busy))
            if not self.slots:
                raise GradingError("Every grading worker stopped; see the logs in " + str(state))
            for conn in wait([slot.conn for slot in self.slots], timeout=0.5):
                slot = next(s for s in self.slots if s.conn is conn)
                student = slot.busy
                reply = self._receive(slot)
                result = None
                if slot not in self.slots:  # the worker process died
                    if student is not None:
                        result = self._died_grading(slot, student, max_score, state)
                    if pending:
                        if self.restarts_left == 0:
                            raise GradingError("Grading workers keep stopping; see the logs in " + str(state))
                        self.restarts_left -= 1
                        self._spawn()
                elif reply is not None and student is not None:
                    slot.busy = None
                    result = SubmissionResult(**reply.value)
                if result is not None:
                    results.append(result)
                    record(result)
            tick()
        return results

    @staticmethod
    def _died_grading(slot: _Slot, student: str, max_score: float, state: Path) -> SubmissionResult:
        why = Reason.WORKER_STOPPED.text(code=slot.process.returncode, log=state / (student + ".log"))
        return SubmissionResult(student, Status.FAILED, None, max_score, why, time.perf_counter() - slot.since)
