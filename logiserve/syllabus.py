"""The unit's syllabus as data: learning outcomes, criteria, marking points, misconceptions, tips.

Each entry has a stable id (``LO1``, ``AC3``, ``MP2``, ``MC5``, ``ET4``), a statement in the
course's own words and the assignments where it belongs.  An entry that autograded exercises do
not assess on purpose says so (``evidence: written`` or ``evidence: practice``, with ``why:``), so
that ``logiserve syllabus --check`` tells a decision from a gap (see :mod:`logiserve.coverage`).  The file is
``logiserve/syllabus.yaml``, shipped with the package so that widgets can name a
misconception to a learner and the tutor's reports can speak in the unit's terms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from logiserve import _jsonschema
from logiserve.errors import LogiserveError

__all__ = ["EVIDENCE", "KINDS", "Entry", "Syllabus", "SyllabusError", "load", "parse"]

KINDS = {
    "LO": "learning outcome",
    "AC": "assessment criterion",
    "KC": "key concept",
    "MP": "examiner marking point",
    "MC": "common mistake or misconception",
    "ET": "exam tip",
}

EVIDENCE = {
    "written": "assessed only in written answers a tutor marks",
    "practice": "met only in practice exercises, which give feedback and no marks",
}
"""What an entry's ``evidence:`` may say, when it has no autograded evidence on purpose."""


class SyllabusError(LogiserveError, ValueError):
    """The syllabus file is broken; the message lists every problem."""


@dataclass(frozen=True)
class Entry:
    """One syllabus point.

    Attributes
    ----------
    id:
        Stable id: a kind prefix (see :data:`KINDS`) and a number.
    statement:
        What it says, in the course's words.
    assignments:
        The assignments (``NN_topic``) that teach and assess it.
    title:
        Misconceptions only: the short name a learner reads in feedback.
    evidence:
        ``""`` when autograded exercises are to assess the entry (the rule); ``"written"`` or
        ``"practice"`` (see :data:`EVIDENCE`) when, on purpose, only that kind does.
    why:
        With ``evidence``: the reason, one sentence.
    """

    id: str
    statement: str
    assignments: tuple[str, ...]
    title: str = ""
    evidence: str = ""
    why: str = ""

    @property
    def kind(self) -> str:
        """``LO``, ``AC``, ``MP``, ``MC`` or ``ET``."""
        return self.id[:2]


@dataclass(frozen=True)
class Syllabus:
    """Every entry, in file order, with look-up by id."""

    entries: tuple[Entry, ...]

    def __getitem__(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(f"{entry_id!r} is not in the syllabus")

    def __contains__(self, entry_id: object) -> bool:
        return any(entry.id == entry_id for entry in self.entries)

    @property
    def ids(self) -> list[str]:
        """Every entry's id, in the file's order."""
        return [entry.id for entry in self.entries]

    def of_kind(self, kind: str) -> list[Entry]:
        """The entries of one kind (``LO``, ``AC``, ``MP``, ``MC``, ``ET``)."""
        return [entry for entry in self.entries if entry.kind == kind]


def parse(data: Any, source: str = "syllabus.yaml") -> Syllabus:
    """Check syllabus data against its schema and rules and build a :class:`Syllabus`."""
    schema = json.loads(resources.files("logiserve").joinpath("syllabus.schema.json").read_text("utf-8"))
    errors = sorted(_jsonschema.validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path)))
    problems = [f"{source}: {_where(data, list(e.absolute_path))}: {e.message}" for e in errors]
    if problems:
        raise SyllabusError("\n".join(problems))
    entries = tuple(
        Entry(
            e["id"],
            " ".join(e["statement"].split()),
            tuple(e["assignments"]),
            e.get("title", ""),
            e.get("evidence", ""),
            " ".join(e.get("why", "").split()),
        )
        for e in data["entries"]
    )
    ids = [e.id for e in entries]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"{source}: ids must be unique; repeated: {', '.join(repeated)}")
    statements = [e.statement.lower() for e in entries]
    same = sorted({e.id for e in entries if statements.count(e.statement.lower()) > 1})
    if same:
        problems.append(f"{source}: the same statement appears twice ({', '.join(same)}); merge repeated points")
    for kind in KINDS:
        numbers = [int(i[2:]) for i in ids if i.startswith(kind)]
        if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append(f"{source}: {kind} ids must run 1..{len(numbers)} with no gaps: {sorted(numbers)}")
    if problems:
        raise SyllabusError("\n".join(problems))
    return Syllabus(entries)


def _where(data: Any, path: list[Any]) -> str:
    """A schema error's place: its field path, and the entry's id when it is inside one (``entries.12 (MC16)``)."""
    where = ".".join(map(str, path)) or "(top level)"
    if len(path) >= 2 and path[0] == "entries" and isinstance(path[1], int):
        entry = data["entries"][path[1]]
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            head = f"entries.{path[1]} ({entry['id']})"
            return ".".join([head, *map(str, path[2:])])
    return where


@cache
def load() -> Syllabus:
    """The course's syllabus (``logiserve/syllabus.yaml``), checked.

    >>> load()["MC2"].title
    'calling a supplier an external customer'
    """
    text = resources.files("logiserve").joinpath("syllabus.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))
