"""``GuardedCollect``: nbgrader's filesystem collect, taking each learner's own regular files, in their own name.

nbgrader's :class:`~nbgrader.exchange.default.collect.ExchangeCollect` takes the learner from
the inbound folder's name and copies the folder with ``shutil.copytree``, which follows links as
whoever collects.  Every learner can create folders in ``inbound/``, so a learner could hand in
a link to the tutor's source notebook (the answer key, collected as their work) or a folder in a
classmate's name with a later time (collected over the classmate's own).  This collect:

* copies only regular files and folders, without following a link (:mod:`._copy`): links,
  pipes, sockets and devices are left out and reported, and the rest is collected;
* where the machine has real users (the folder's owner is neither whoever collects nor root),
  sets aside a folder whose owner is not the learner it names (``ExchangeCollect.check_owner``
  switches this off) and leaves out entries that belong to someone else;
* refuses a submission over a limit (its size, entries, nesting), or whose name's time cannot
  be read or is in the future, and takes that learner's latest earlier valid submission instead;
* copies into a temporary folder beside ``submitted/<learner>/<assignment>`` and swaps it into
  place only when complete, so a refused or failed collect never loses what was collected;
* writes ``timestamp.txt`` from the folder name's time (nbgrader's late penalty reads it);
* records every inbound folder's outcome in ``collect-log/<assignment>.json`` (:mod:`.record`).

The course's ``nbgrader_config.py`` (and the hub's, from ``deploy/hub/install.py``) selects it:
``c.ExchangeFactory.collect = "logiserve.exchange.GuardedCollect"``, so ``nbgrader collect``,
formgrader's button and ``logiserve collect`` all collect this way.
"""

from __future__ import annotations

import contextlib
import datetime
import fnmatch
import os
import secrets
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.utils import check_mode, parse_utc
from traitlets import Float, Integer, Unicode

from ..course import collect_log_file
from ._copy import (
    FOLDER_FLAGS,
    TIMESTAMP_FILE,
    Copied,
    Limit,
    Refused,
    Rules,
    copy_submission,
    finish_folder,
    login_name,
    open_folder,
    write_file,
)
from ._names import Named, read_name, read_time, shown, utc_text
from .record import TAKEN, CollectRun, Outcome, Status, add_run

__all__ = ["GuardedCollect"]

_SETTING = "GuardedCollect"


@dataclass(frozen=True)
class _Existing:
    """What ``submitted/<learner>/<assignment>`` holds already."""

    present: bool
    when: datetime.datetime | None = None


def _existing(dest: str) -> _Existing:
    if not os.path.isdir(dest):
        return _Existing(False)
    try:
        return _Existing(True, parse_utc((Path(dest) / TIMESTAMP_FILE).read_text(encoding="utf-8").strip()))
    except (OSError, ValueError, OverflowError):
        return _Existing(True)


class GuardedCollect(ExchangeCollect):
    """nbgrader's filesystem collect, taking only each learner's own regular files, in their own name.

    Select it in ``nbgrader_config.py`` with
    ``c.ExchangeFactory.collect = "logiserve.exchange.GuardedCollect"``; its limits are set as
    ``c.GuardedCollect.max_total_bytes = ...`` and so on.
    """

    max_total_bytes = Integer(
        50_000_000,
        help="The most bytes a submission may hold in all (default 50 MB: this course's notebooks with their "
        "outputs are under 0.2 MB each). A larger one is refused, and that learner's latest earlier submission "
        "is collected instead. CourseDirectory.max_dir_size applies too, if it is lower.",
    ).tag(config=True)
    max_entries = Integer(
        500,
        help="The most entries (files, folders and anything else) a submission may hold, counted while it is "
        "read (default 500: an assignment is a notebook or two, exercises.yaml and answers.json). "
        "A submission with more is refused.",
    ).tag(config=True)
    max_depth = Integer(
        4,
        help="How deep folders inside a submission may be nested (default 4; a folder in the submission "
        "is 1 deep). A submission nested deeper is refused.",
    ).tag(config=True)
    clock_allowance = Float(
        300.0,
        help="Seconds that the time in a submission's name may be ahead of this machine's clock (default 300: "
        "clocks of the machines of a hub differ a little). A submission further in the future is refused "
        "(its time decides late penalties).",
    ).tag(config=True)
    record_id = Unicode(
        "",
        help="An id written with this collect's record in collect-log/, so that whoever started it can find it "
        "(logiserve collect sets one).",
    ).tag(config=True)

    # -- nbgrader's steps -------------------------------------------------------------------------------------
    def init_src(self) -> None:
        """Check the course's inbound folder and read the assignment's due date, as nbgrader's collect does."""
        if self.coursedir.course_id == "":
            self.fail("No course id specified. Re-run with --course flag.")
        self.course_path = os.path.join(self.root, self.coursedir.course_id)
        self.inbound_path = os.path.join(self.course_path, "inbound")
        if not os.path.isdir(self.inbound_path):
            self.fail(f"Course not found: {self.inbound_path}")
        if not check_mode(self.inbound_path, read=True, execute=True):
            self.fail(f"You don't have read permissions for the directory: {self.inbound_path}")
        with Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            try:
                self.duedate = gb.find_assignment(self.coursedir.assignment_id).duedate
            except MissingEntry:
                self.duedate = None

    def init_dest(self) -> None:
        """Nothing to prepare: each submission's place is made when it is collected."""

    def copy_files(self) -> None:
        """Collect every learner's submission and record every inbound folder's outcome."""
        assignment = self.coursedir.assignment_id
        log_file = collect_log_file(self.coursedir.root, assignment)
        log_file.parent.mkdir(parents=True, exist_ok=True)
        started = datetime.datetime.now(datetime.UTC)
        outcomes: list[Outcome] = []
        problem = ""
        with FileLock(str(log_file.parent / f".{log_file.stem}.lock")):
            try:
                self._collect_all(outcomes)
            except BaseException as error:
                problem = f"{type(error).__name__}: {error}"
                raise
            finally:
                run = CollectRun(
                    assignment=assignment,
                    started=started.isoformat(timespec="seconds"),
                    user=login_name(os.geteuid()),
                    outcomes=tuple(outcomes),
                    record_id=self.record_id,
                    problem=problem,
                )
                add_run(self.coursedir.root, run)
                self._log_run(run, log_file)

    # -- which folders, in whose name ---------------------------------------------------------------------------
    def _collect_all(self, outcomes: list[Outcome]) -> None:
        inbound = os.open(self.inbound_path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            named = self._inbound(inbound)
            if not named:
                self.log.warning(
                    f"No submissions of '{self.coursedir.assignment_id}' for course '{self.coursedir.course_id}' "
                    "to collect"
                )
            by_learner: dict[str, list[Named]] = defaultdict(list)
            for item in named:
                if item.learner is None:
                    outcomes.append(Outcome(item.folder, None, Status.REFUSED, item.problem))
                else:
                    by_learner[item.learner].append(item)
            for learner in sorted(by_learner):
                outcomes.extend(self._collect_learner(inbound, learner, by_learner[learner]))
        finally:
            os.close(inbound)

    def _inbound(self, inbound: int) -> list[Named]:
        """The inbound folders of this assignment (of ``--student``, if given), with what their names say."""
        assignment, student = self.coursedir.assignment_id, self.coursedir.student_id or "*"
        with os.scandir(inbound) as entries:
            names = sorted(entry.name for entry in entries if not entry.name.startswith("."))  # as nbgrader's glob
        found = [n for n in names if fnmatch.fnmatchcase(n, f"*+{assignment}+*")]
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        ahead = datetime.timedelta(seconds=self.clock_allowance)
        allowance = f"{_SETTING}.clock_allowance allows {self.clock_allowance:g} s ahead"
        named = [read_name(n, assignment, now=now, ahead=ahead, allowance=allowance) for n in found]
        return [n for n in named if n.learner is None or fnmatch.fnmatchcase(n.learner, student)]

    def _in_order(self, named: list[Named]) -> list[Named]:
        """Newest first; with ``before_duedate``, those before the due date first (as nbgrader chooses)."""
        newest = sorted(named, key=lambda n: (n.when, n.folder), reverse=True)
        if not (self.before_duedate and self.duedate is not None):
            return newest
        on_time = [n for n in newest if n.when is not None and n.when <= self.duedate]
        return on_time + [n for n in newest if n not in on_time]

    def _collect_learner(self, inbound: int, learner: str, named: list[Named]) -> list[Outcome]:
        """Take the first valid submission of ``learner`` in order; record what happened to each of theirs."""
        dest = self.coursedir.format_path(self.coursedir.submitted_directory, learner, self.coursedir.assignment_id)
        existing = _existing(dest)
        outcomes = [Outcome(n.folder, learner, Status.REFUSED, n.problem, n.submitted) for n in named if n.problem]
        taken: Named | None = None
        for item in self._in_order([n for n in named if not n.problem]):
            if taken is not None:
                reason = f"the submission of {taken.submitted} was taken"
                outcomes.append(Outcome(item.folder, learner, Status.SUPERSEDED, reason, item.submitted))
                continue
            outcome = self._take(inbound, item, dest, existing)
            outcomes.append(outcome)
            if outcome.status in TAKEN:
                taken = item
        return outcomes

    # -- one submission ---------------------------------------------------------------------------------------
    def _take(self, inbound: int, item: Named, dest: str, existing: _Existing) -> Outcome:
        """Collect one inbound folder, or say why not."""
        outcome: dict[str, Any] = {"folder": item.folder, "learner": item.learner, "submitted": item.submitted}
        try:
            source = open_folder(item.folder, inbound)
        except Refused as refusal:
            return Outcome(status=Status.REFUSED, reason=str(refusal), **outcome)
        try:
            info = os.fstat(source)
            notes: list[str] = []
            owner: str | None = None
            if info.st_uid not in (os.geteuid(), 0):  # real users: a learner makes folders only as themselves
                owner = outcome["owner"] = login_name(info.st_uid)
                if owner != item.learner:
                    claim = f"submitted in {item.learner}'s name by {owner}"
                    if self.check_owner:
                        return Outcome(status=Status.SET_ASIDE, reason=claim, **outcome)
                    notes.append(f"{claim}; collected because ExchangeCollect.check_owner is False")
            unchanged = self._unchanged(existing, item)
            if unchanged:
                return Outcome(status=Status.UNCHANGED, reason=unchanged, **outcome)
            rules = self._rules(info.st_uid if owner is not None else None, owner or str(item.learner))
            try:
                copied = self._copy_into_place(source, item, dest, rules)
            except Refused as refusal:
                return Outcome(status=Status.REFUSED, reason=str(refusal), **outcome)
        finally:
            os.close(source)
        notes.extend(_timestamp_notes(copied, item))
        status = Status.UPDATED if existing.present else Status.COLLECTED
        return Outcome(
            status=status,
            reason="; ".join(notes),
            left_out=tuple(copied.left_out),
            files=copied.files,
            size=copied.size,
            **outcome,
        )

    def _unchanged(self, existing: _Existing, item: Named) -> str:
        """Why ``item`` is not copied over what is collected (nbgrader's rule for ``update``), or ``""``."""
        if not existing.present:
            return ""
        if self.update and (existing.when is None or (item.when is not None and item.when > existing.when)):
            return ""
        if self.before_duedate and existing.when != item.when:
            return ""
        if existing.when == item.when:
            return "already collected"
        if existing.when is not None and item.when is not None and item.when < existing.when:
            return f"a later submission ({utc_text(existing.when)}) is already collected"
        return "a submission is already collected; collect with --update to take a newer one"

    def _rules(self, owner: int | None, owner_name: str) -> Rules:
        coursedir = self.coursedir
        total = Limit(self.max_total_bytes, f"{_SETTING}.max_total_bytes")
        if coursedir.max_dir_size and 1000 * coursedir.max_dir_size < total.value:
            total = Limit(1000 * coursedir.max_dir_size, "CourseDirectory.max_dir_size")
        file_size = Limit(1000 * coursedir.max_file_size, "CourseDirectory.max_file_size")
        return Rules(
            total=total,
            entries=Limit(self.max_entries, f"{_SETTING}.max_entries"),
            depth=Limit(self.max_depth, f"{_SETTING}.max_depth"),
            file_size=file_size if coursedir.max_file_size else None,
            ignore=tuple(coursedir.ignore or ()),
            include=tuple(coursedir.include or ("*",)),
            owner=owner,
            owner_name=owner_name,
            group_shared=bool(coursedir.groupshared),
        )

    def _copy_into_place(self, source: int, item: Named, dest: str, rules: Rules) -> Copied:
        """Copy into a temporary folder beside ``dest``, then swap it in; on any failure ``dest`` is as it was."""
        parent, name = os.path.split(dest)
        made_parent = not os.path.isdir(parent)
        os.makedirs(parent, exist_ok=True)
        temp = tempfile.mkdtemp(prefix=f".{name}.collecting-", dir=parent)
        try:
            copy = os.open(temp, FOLDER_FLAGS)
            try:
                copied = copy_submission(source, copy, rules)
                write_file(copy, TIMESTAMP_FILE, str(item.submitted), rules)
                finish_folder(copy, os.fstat(source), rules)
            finally:
                os.close(copy)
            _swap(temp, dest)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            if made_parent:  # no empty submitted/<learner>/ for a learner with nothing collected
                with contextlib.suppress(OSError):
                    os.rmdir(parent)
            raise
        return copied

    # -- what the tutor reads ---------------------------------------------------------------------------------
    def _log_run(self, run: CollectRun, log_file: Path) -> None:
        for outcome in run.outcomes:
            if outcome.status == Status.SUPERSEDED:
                continue
            text = f"{shown(outcome.folder)}: {outcome.status}" + (f" ({outcome.reason})" if outcome.reason else "")
            if outcome.status in (Status.REFUSED, Status.SET_ASIDE):
                self.log.warning(text)
            else:
                self.log.info(text)
            for entry in outcome.left_out:
                self.log.warning(f"{shown(outcome.folder)}: left out {shown(entry.path)}: {entry.reason}")
        self.log.info(f"Collected {run.assignment}: {run.summary()}. The record is in {log_file}")


def _swap(temp: str, dest: str) -> None:
    """Put the complete copy ``temp`` at ``dest``; what was there is removed only once the copy is in place."""
    if not os.path.lexists(dest):
        os.rename(temp, dest)
        return
    parent, name = os.path.split(dest)
    old = os.path.join(parent, f".{name}.replaced-{secrets.token_hex(6)}")
    os.rename(dest, old)
    try:
        os.rename(temp, dest)
    except BaseException:
        os.rename(old, dest)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _timestamp_notes(copied: Copied, item: Named) -> list[str]:
    """A note when the learner's own ``timestamp.txt`` does not say what the folder's name says."""
    if copied.timestamp is None:
        if any(entry.path == TIMESTAMP_FILE for entry in copied.left_out):
            return []  # left out, and the entry says why
        return [f"it had no {TIMESTAMP_FILE}; the time in its name, {item.submitted}, was written"]
    try:
        same = read_time(copied.timestamp) == item.when
    except ValueError:
        same = False
    if same:
        return []
    return [f"its {TIMESTAMP_FILE} said {copied.timestamp[:60]!r}; the time in its name, {item.submitted}, was kept"]
