"""Leftovers: whatever a watched block starts and leaves running is killed and reaped; what was there before stays.

Every process a test starts is killed at the end of the test even when the test fails (the ``started``
fixture), and the test process stops being a child subreaper after this module.
"""

from __future__ import annotations

import ctypes
import logging
import os
import select
import subprocess
import sys
import threading

import psutil
import pytest

from logiserve.autograder.marking import leftovers as module
from logiserve.autograder.marking.leftovers import Leftovers

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the sweep is Linux only")

SLEEP = ["sleep", "300"]
# forks (the first process exits at once), the child prints its pid, calls setsid and forks again; the
# grandchild prints its pid and sleeps: both are orphans, re-parented to the subreaper
DAEMON = """
import os, sys, time
if os.fork():
    os._exit(0)
print(os.getpid(), flush=True)
os.setsid()
if os.fork():
    os._exit(0)
print(os.getpid(), flush=True)
time.sleep(300)
"""
# starts a `sleep 300` for every line read, and prints its pid; never waits for one
STARTER = """
import subprocess, sys
for line in sys.stdin:
    print(subprocess.Popen(["sleep", "300"]).pid, flush=True)
"""


def _subreaper_flag() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    flag = ctypes.c_int(-1)
    assert libc.prctl(37, ctypes.byref(flag), 0, 0, 0) == 0  # PR_GET_CHILD_SUBREAPER
    return flag.value


@pytest.fixture(scope="module", autouse=True)
def _stop_being_a_subreaper():
    yield
    ctypes.CDLL(None).prctl(36, 0, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER off again
    Leftovers._subreaper = None


class Started:
    """Every process a test starts or learns of, killed at the end of the test whatever happened."""

    def __init__(self) -> None:
        self.popens: list[subprocess.Popen] = []
        self.processes: list[psutil.Process] = []

    def popen(self, command: list[str], **options) -> tuple[subprocess.Popen, psutil.Process]:
        """The started process, and psutil's view of it (whose is_running checks the start time too)."""
        popen = subprocess.Popen(command, **options)
        process = psutil.Process(popen.pid)  # before anyone can reap it: we are its parent
        self.popens.append(popen)
        self.processes.append(process)
        return popen, process

    def pid_from(self, stream) -> psutil.Process:
        ready, _, _ = select.select([stream], [], [], 20)  # a loaded machine can be slow to start Python
        if not ready:
            pytest.fail("the process did not print its pid within 20 s")
        process = psutil.Process(int(stream.readline()))
        self.processes.append(process)
        return process

    def clean_up(self, before: set[int]) -> None:
        me = psutil.Process()
        strays = [p for p in me.children(recursive=True) if p.pid not in before]
        for process in self.processes + strays:
            if process.is_running():
                process.kill()  # psutil checks the start time first: never a reused pid
        for popen in self.popens:
            popen.wait(5)
            for stream in (popen.stdin, popen.stdout):
                if stream:
                    stream.close()
        psutil.wait_procs([p for p in me.children() if p.pid not in before], timeout=5)


@pytest.fixture
def started():
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    tracked = Started()
    yield tracked
    tracked.clean_up(before)


def gone(process: psutil.Process) -> bool:
    """Not running any more: reaped, or a zombie its (other) parent has not reaped yet."""
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_here_makes_this_process_a_child_subreaper_once():
    assert Leftovers.here().pid == os.getpid()
    assert _subreaper_flag() == 1
    assert Leftovers._subreaper == os.getpid()


def test_a_child_a_daemon_and_a_new_process_group_are_all_killed_and_reaped(started):
    leftovers = Leftovers.here()
    with leftovers.watch() as ended:
        _, child = started.popen(SLEEP)
        daemon_starter, _ = started.popen([sys.executable, "-c", DAEMON], stdout=subprocess.PIPE, text=True)
        orphan, daemon = started.pid_from(daemon_starter.stdout), started.pid_from(daemon_starter.stdout)
        _, grouped = started.popen(SLEEP, process_group=0)
        assert os.getsid(daemon.pid) == orphan.pid != os.getsid(0)  # a session of its own
        assert daemon.ppid() in (orphan.pid, os.getpid())  # its parent is the orphan, or (once that exits) us
    seen = f"child {child.pid}, orphan {orphan.pid}, daemon {daemon.pid}, group {grouped.pid}; {ended!r}"
    for process in (child, orphan, daemon, grouped):
        assert not process.is_running(), f"{process} outlived the block: {seen}"
    killed = {(p.pid, p.name) for p in ended.killed}
    assert {(child.pid, "sleep"), (grouped.pid, "sleep")} <= killed, seen
    assert daemon.pid in {pid for pid, _ in killed}, seen
    assert {child.pid, daemon.pid, grouped.pid, orphan.pid} <= set(ended.reaped), seen
    assert str(ended).startswith(f"stopped {len(ended.killed)} process(es) left running: ")


def test_what_ran_before_the_block_stays_but_its_new_child_is_killed(started):
    starter, _ = started.popen(
        [sys.executable, "-c", STARTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    starter.stdin.write("\n")
    starter.stdin.flush()
    old_child = started.pid_from(starter.stdout)
    with Leftovers.here().watch() as ended:
        starter.stdin.write("\n")
        starter.stdin.flush()
        new_child = started.pid_from(starter.stdout)
    assert gone(new_child)
    assert [(p.pid, p.name) for p in ended.killed] == [(new_child.pid, "sleep")]
    assert psutil.Process(starter.pid).is_running() and starter.poll() is None
    assert old_child.is_running() and old_child.status() != psutil.STATUS_ZOMBIE


def test_the_sweep_happens_when_the_block_raises_too(started):
    with pytest.raises(ZeroDivisionError), Leftovers.here().watch() as ended:
        _, child = started.popen(SLEEP, start_new_session=True)
        _ = 1 / 0
    assert not child.is_running()
    assert [p.pid for p in ended.killed] == [child.pid]


def test_a_block_that_leaves_nothing_running_kills_nothing(started):
    with Leftovers.here().watch() as ended:
        finished, _ = started.popen(["true"])
        finished.wait(5)
    assert ended.killed == []
    assert str(ended) == "no process was left running"


def test_only_one_block_at_a_time():
    leftovers = Leftovers.here()
    with leftovers.watch(), pytest.raises(RuntimeError, match=r"one Leftovers\.watch"), leftovers.watch():
        pass
    with leftovers.watch():  # free again
        pass


def test_a_sweeper_belongs_to_the_process_that_made_it():
    with pytest.raises(RuntimeError, match="belongs to another process"), Leftovers(os.getpid() + 1).watch():
        pass


def test_on_other_systems_nothing_is_swept_and_that_is_logged_once(started, monkeypatch, caplog):
    monkeypatch.setattr(module, "_LINUX", False)
    monkeypatch.setattr(Leftovers, "_warned", False)
    with caplog.at_level(logging.WARNING, logger=module.__name__):
        Leftovers.here()
        leftovers = Leftovers.here()
    assert [r.getMessage() for r in caplog.records] == [
        f"processes a kernel leaves running are not stopped on {sys.platform} (Linux only)"
    ]
    with leftovers.watch() as ended:
        _, child = started.popen(SLEEP)
    assert ended.killed == [] and child.is_running()


def test_watches_in_two_threads_do_not_run_at_once():
    leftovers, entered, release, problems = Leftovers.here(), threading.Event(), threading.Event(), []

    def hold():
        with leftovers.watch():
            entered.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert entered.wait(5)
        try:
            with leftovers.watch():
                pass
        except RuntimeError as problem:
            problems.append(str(problem))
    finally:
        release.set()
        holder.join(5)
    assert problems and problems[0].startswith("one Leftovers.watch() block at a time")
