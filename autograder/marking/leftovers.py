"""Nothing a learner's kernel starts outlives its notebook: the processes a block of grading left behind are killed.

A kernel runs the learner's code, and that code can start processes: a plain child, one in a new
process group, or a daemon that calls ``os.setsid()`` and forks twice so that its parent is gone.
On Linux the grading process makes itself a *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER, 1)``),
so such an orphan is re-parented to it instead of to init and stays among its descendants; at the end
of a :meth:`Leftovers.watch` block every descendant that appeared during the block is killed
(SIGKILL), and those that became the grading process's children are reaped::

    leftovers = Leftovers.here()
    with leftovers.watch() as ended:
        ...  # start the kernel, run the notebook, shut the kernel down
    if ended.killed:
        log.info("%s", ended)

Descendants that existed when the block began (a kernel template the worker keeps warm, and that
template's own children) are left alone; a *new* child of one of them is new, and is killed.  A
process is known by its pid and its start time, so a pid the system reused during the block is not
taken for an old process.  Zombies re-parented to the grading process are reaped too; a child it
started itself before the block is not (whoever started it waits for it).

One block at a time per process: a second block running at the same time would see the first one's
processes as new, so it raises :class:`RuntimeError` instead.  A process that is not a descendant at
all (handed to another service, such as ``at`` or ``systemd-run``) is beyond a sweep: containing
those is the sandbox's job.  On other systems than Linux :meth:`Leftovers.here` logs once that
nothing is swept, and a block sweeps nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

import psutil

__all__ = ["Leftover", "Leftovers", "Sweep"]

_log = logging.getLogger(__name__)
_LINUX = sys.platform.startswith("linux")
_PR_SET_CHILD_SUBREAPER = 36
_SWEEP_SECONDS = 2.0  # how long a sweep goes on killing what still runs, or appears, while it kills
_Key = tuple[int, float]  # a process: its pid and its start time


@dataclass(frozen=True)
class Leftover:
    """One process a sweep killed."""

    pid: int
    name: str


@dataclass
class Sweep:
    """What a watched block left behind, filled in when the block ends.

    Attributes
    ----------
    killed:
        The processes that appeared during the block and were still running at its end, killed.
    reaped:
        The pids of the zombie children reaped (those killed, and orphans re-parented to this process).
    """

    killed: list[Leftover] = field(default_factory=list)
    reaped: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        if not self.killed:
            return "no process was left running"
        names = ", ".join(f"{p.name} ({p.pid})" for p in self.killed)
        return f"stopped {len(self.killed)} process(es) left running: {names}"


class Leftovers:
    """The sweeper of the current process: ``Leftovers.here()``, then ``with leftovers.watch() as ended``."""

    _subreaper: ClassVar[int | None] = None  # the pid made a subreaper (fork does not pass the attribute on)
    _warned: ClassVar[bool] = False
    _watching: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, pid: int) -> None:
        self.pid = pid

    @classmethod
    def here(cls) -> Leftovers:
        """The sweeper of this process, made a child subreaper the first time (Linux; elsewhere it logs once)."""
        pid = os.getpid()
        if not _LINUX:
            if not cls._warned:
                _log.warning("processes a kernel leaves running are not stopped on %s (Linux only)", sys.platform)
                cls._warned = True
        elif cls._subreaper != pid:
            _make_child_subreaper()
            cls._subreaper = pid
        return cls(pid)

    @contextlib.contextmanager
    def watch(self) -> Iterator[Sweep]:
        """Kill and reap, on leaving the block (an exception too), every descendant the block left running.

        Yields the :class:`Sweep`, which says what was killed once the block has ended.
        """
        if os.getpid() != self.pid:
            raise RuntimeError("this Leftovers belongs to another process: call Leftovers.here() in this one")
        ended = Sweep()
        if not _LINUX:
            yield ended
            return
        if not Leftovers._watching.acquire(blocking=False):
            raise RuntimeError("one Leftovers.watch() block at a time per process: the other block's processes are new")
        try:
            me = psutil.Process(self.pid)
            before = _descendants(me)
            own_before = {key for key, process in before.items() if _parent(process) == self.pid}
            try:
                yield ended
            finally:
                _sweep(me, set(before), own_before, ended)
                if ended.killed:
                    _log.info("%s", ended)
        finally:
            Leftovers._watching.release()


def _make_child_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    prctl = libc.prctl
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    if prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(errno)}")


def _descendants(me: psutil.Process) -> dict[_Key, psutil.Process]:
    """This process's descendants now, by pid and start time."""
    found = {}
    for process in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            found[(process.pid, process.create_time())] = process
    return found


def _parent(process: psutil.Process) -> int | None:
    try:
        return process.ppid()
    except psutil.Error:
        return None


def _running(process: psutil.Process) -> bool:
    """Still running: not gone, and not a zombie waiting to be reaped."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _name(process: psutil.Process) -> str:
    try:
        return process.name()
    except psutil.Error:
        return "?"


def _sweep(me: psutil.Process, before: set[_Key], own_before: set[_Key], ended: Sweep) -> None:
    """Kill what appeared since ``before`` until nothing new runs (or time is up), then reap."""
    deadline = time.monotonic() + _SWEEP_SECONDS
    killed: set[_Key] = set()
    quiet = 0  # looks in a row that found nothing running
    while quiet < 2:
        # one look at /proc can miss a process whose parent is reaped during the look; that process is then
        # re-parented here, so the next look finds it: the sweep ends after two looks in a row find nothing
        running = {key: p for key, p in _descendants(me).items() if key not in before and _running(p)}
        for key, process in running.items():
            if key in killed:
                continue  # killed already, still dying
            name = _name(process)
            with contextlib.suppress(psutil.Error):  # gone meanwhile; psutil checks the start time before it signals
                process.kill()
                killed.add(key)
                ended.killed.append(Leftover(process.pid, name))
        _reap(me, own_before, ended)
        quiet = 0 if running else quiet + 1
        if running and time.monotonic() > deadline:
            _log.warning("still running %.0f s after SIGKILL: %s", _SWEEP_SECONDS, sorted(p for p, _ in running))
            return
        time.sleep(0.005)  # what was killed is dying; what it forked meanwhile shows on the next look


def _reap(me: psutil.Process, own_before: set[_Key], ended: Sweep) -> None:
    """Reap this process's zombie children, except those it started itself before the block."""
    for child in me.children():
        try:
            if (child.pid, child.create_time()) in own_before or child.status() != psutil.STATUS_ZOMBIE:
                continue
        except psutil.Error:
            continue
        with contextlib.suppress(ChildProcessError):  # reaped meanwhile by whoever started it
            pid, _status = os.waitpid(child.pid, os.WNOHANG)
            if pid:
                ended.reaped.append(pid)
