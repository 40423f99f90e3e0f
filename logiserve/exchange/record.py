"""What a collect did with every inbound folder, kept in the course folder for the cohort report.

Each collect of an assignment adds one :class:`CollectRun` to ``collect-log/<assignment>.json``
under the course folder (:meth:`logiserve.course.Course.collect_log`; never under
``submitted/<learner>``, where autograde would copy it).  A run has one :class:`Outcome` per
inbound folder it looked at: its :class:`Status`, the reason in the words the tutor reads, and
the entries left out of a collected submission.  :func:`read_collect_log` reads the file back.

The file holds ``{"format": 1, "assignment": ..., "runs": [run, ...]}``, oldest run first, at
most :data:`KEPT_RUNS` of them; a run is :meth:`CollectRun.as_json`.
"""

from __future__ import annotations

import enum
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..course import Course, collect_log_file

__all__ = ["KEPT_RUNS", "CollectLog", "CollectRun", "LeftOut", "Outcome", "Status", "read_collect_log"]

FORMAT = 1
KEPT_RUNS = 50
"""The most runs the file keeps (the oldest go first)."""


class Status(enum.StrEnum):
    """What a collect did with one inbound folder; equal to (and written as) its text."""

    COLLECTED = "collected"
    """Copied into ``submitted/``, where that learner had nothing yet."""
    UPDATED = "updated"
    """Copied into ``submitted/`` in place of that learner's earlier collected submission."""
    UNCHANGED = "unchanged"
    """Already collected (or an earlier one than the one collected): nothing copied."""
    REFUSED = "refused"
    """Not collected: over a limit, a link, a name or time that cannot be right; the reason says which."""
    SET_ASIDE = "set aside"
    """Not collected: it is in one learner's name but belongs to another."""
    SUPERSEDED = "superseded"
    """Not looked at: a later submission of the same learner was taken."""

    def __repr__(self) -> str:
        return repr(self.value)


TAKEN = (Status.COLLECTED, Status.UPDATED, Status.UNCHANGED)
"""The statuses of the submission that stands in ``submitted/`` for its learner."""


@dataclass(frozen=True)
class LeftOut:
    """An entry of a collected submission that was not copied, and why."""

    path: str
    """Its path inside the submission folder (``sub/file.txt``)."""
    reason: str
    """Why, for the tutor (``a symbolic link to '/home/tutor/...'; links are never collected``)."""


@dataclass(frozen=True)
class Outcome:
    """What one collect did with one inbound folder."""

    folder: str
    """The inbound folder's name, ``<learner>+<assignment>+<time>+<random>``."""
    learner: str | None
    """The learner the folder's name names (``None`` when the name names nobody)."""
    status: Status
    reason: str = ""
    """Why it was refused, set aside, unchanged or superseded; notes on a collected one."""
    submitted: str | None = None
    """The time in the folder's name, in UTC (``2026-11-20 10:00:00.000000 UTC``), when it could be read."""
    owner: str | None = None
    """The login name of the folder's owner, where the machine has real users and it was checked."""
    left_out: tuple[LeftOut, ...] = ()
    """Entries of a collected submission that were not copied."""
    files: int = 0
    """Files copied."""
    size: int = 0
    """Bytes copied."""

    def as_json(self) -> dict[str, Any]:
        """This outcome as plain JSON data."""
        return {
            "folder": self.folder,
            "learner": self.learner,
            "status": str(self.status),
            "reason": self.reason,
            "submitted": self.submitted,
            "owner": self.owner,
            "left_out": [{"path": entry.path, "reason": entry.reason} for entry in self.left_out],
            "files": self.files,
            "size": self.size,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """The outcome :meth:`as_json` wrote."""
        return cls(
            folder=str(data["folder"]),
            learner=data.get("learner"),
            status=Status(data["status"]),
            reason=str(data.get("reason", "")),
            submitted=data.get("submitted"),
            owner=data.get("owner"),
            left_out=tuple(LeftOut(str(e["path"]), str(e["reason"])) for e in data.get("left_out", ())),
            files=int(data.get("files", 0)),
            size=int(data.get("size", 0)),
        )


@dataclass(frozen=True)
class CollectRun:
    """One collect of one assignment: when, by whom, and every inbound folder's outcome."""

    assignment: str
    started: str
    """When it started (ISO 8601, UTC)."""
    user: str
    """The login name of whoever collected."""
    outcomes: tuple[Outcome, ...] = ()
    record_id: str = ""
    """An id the caller chose to find this run again (``logiserve collect`` sets one)."""
    problem: str = ""
    """Why the collect stopped before the end (an unexpected error), if it did."""
    counts: dict[str, int] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        tally = {str(status): 0 for status in Status}
        for outcome in self.outcomes:
            tally[str(outcome.status)] += 1
        tally["left out"] = sum(len(outcome.left_out) for outcome in self.outcomes)
        object.__setattr__(self, "counts", tally)

    def of(self, status: Status) -> list[Outcome]:
        """The outcomes with ``status``, by learner and then time."""
        return sorted((o for o in self.outcomes if o.status == status), key=lambda o: (o.learner or "", o.folder))

    def summary(self) -> str:
        """One line of counts, with no learner's name in it (``2 collected, 1 refused; 3 entries left out``)."""
        shown = [f"{self.counts[str(status)]} {status}" for status in Status if self.counts[str(status)]]
        left = self.counts["left out"]
        text = ", ".join(shown) or "no submissions"
        if left:
            text += f"; {left} {'entry' if left == 1 else 'entries'} left out"
        return text

    def as_json(self) -> dict[str, Any]:
        """This run as plain JSON data."""
        return {
            "assignment": self.assignment,
            "started": self.started,
            "user": self.user,
            "record_id": self.record_id,
            "problem": self.problem,
            "outcomes": [outcome.as_json() for outcome in self.outcomes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CollectRun:
        """The run :meth:`as_json` wrote."""
        return cls(
            assignment=str(data["assignment"]),
            started=str(data["started"]),
            user=str(data.get("user", "")),
            record_id=str(data.get("record_id", "")),
            problem=str(data.get("problem", "")),
            outcomes=tuple(Outcome.from_json(o) for o in data.get("outcomes", ())),
        )


@dataclass(frozen=True)
class CollectLog:
    """Every recorded collect of one assignment, oldest first."""

    assignment: str
    runs: tuple[CollectRun, ...] = ()

    @property
    def latest(self) -> CollectRun | None:
        """The most recent collect, or ``None`` when there has been none."""
        return self.runs[-1] if self.runs else None

    def run(self, record_id: str) -> CollectRun | None:
        """The run recorded with ``record_id``, if there is one."""
        return next((r for r in reversed(self.runs) if record_id and r.record_id == record_id), None)


def _file(course: Course | str | os.PathLike[str], assignment: str) -> Path:
    root = course.root if isinstance(course, Course) else Path(course)
    return collect_log_file(root, assignment)


def read_collect_log(course: Course | str | os.PathLike[str], assignment: str) -> CollectLog:
    """Every recorded collect of ``assignment`` in the course (a :class:`Course` or its folder).

    A course that has never collected ``assignment`` gives a log with no runs.

    >>> import tempfile
    >>> read_collect_log(tempfile.mkdtemp(), "01_customers").runs
    ()
    """
    path = _file(course, assignment)
    if not path.is_file():
        return CollectLog(assignment)
    data = json.loads(path.read_text(encoding="utf-8"))
    return CollectLog(str(data.get("assignment", assignment)), tuple(CollectRun.from_json(r) for r in data["runs"]))


def add_run(course_root: str | os.PathLike[str], run: CollectRun) -> Path:
    """Add ``run`` to its assignment's log in ``course_root`` (written whole, then renamed into place)."""
    path = _file(course_root, run.assignment)
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = [*read_collect_log(course_root, run.assignment).runs, run][-KEPT_RUNS:]
    data = {"format": FORMAT, "assignment": run.assignment, "runs": [r.as_json() for r in runs]}
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1)  # names a learner gave their files may hold any character: escaped
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
