"""What the parent and a grading worker say to each other: one start-up message, a few requests.

A worker is started with :class:`WorkerStart`, written as one JSON object on its standard input
and checked field by field on arrival (:meth:`WorkerStart.from_json`).  After that they talk over
a socket pair (a :class:`multiprocessing.connection.Connection`; both ends are the grader's own
trusted processes): the parent sends a :data:`Request` (:class:`Describe`, :class:`Scores`,
:class:`Grade` or :class:`Stop`) and the worker answers with a :data:`Reply` (:class:`Ready`
once, then :class:`Done` per request, or :class:`Failed` with the traceback, after which it stops).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Describe",
    "Done",
    "Failed",
    "Grade",
    "Ready",
    "Reply",
    "Request",
    "Scores",
    "Stop",
    "WorkerStart",
]


@dataclass(frozen=True)
class WorkerStart:
    """Everything a worker needs to start.

    Attributes
    ----------
    connection_fd:
        The file descriptor of the worker's end of the socket pair to the parent.
    course:
        The course folder (absolute).
    assignment:
        The assignment to grade.
    timeout:
        Whole seconds a cell may run.
    parent_pid:
        The parent's process id: the worker dies with it.
    warm_kernels:
        Fork kernels from a warm template (``False``: start them from scratch).
    memory:
        Bytes of address space each warm kernel may use; 0: no limit.
    kernel_user:
        The system user kernels run as; ``""``: the worker's own.
    """

    connection_fd: int
    course: str
    assignment: str
    timeout: int
    parent_pid: int
    warm_kernels: bool
    memory: int = 0
    kernel_user: str = ""

    def to_json(self) -> str:
        """The message as JSON text (what :meth:`from_json` reads)."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> WorkerStart:
        """The message in ``text``; ``ValueError`` naming the field if it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("the start-up message is not a JSON object")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(fields))
        if unknown:
            raise ValueError(f"the start-up message has unknown fields: {', '.join(unknown)}")
        for name, f in fields.items():
            if name not in data:
                if f.default is dataclasses.MISSING:
                    raise ValueError(f"the start-up message lacks {name!r}")
                continue
            # the annotation as written: a string, with "from __future__ import annotations"
            kind = {"int": int, "str": str, "bool": bool}[str(f.type)]
            value = data[name]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(f"the start-up message's {name!r} must be of type {kind.__name__}, not {value!r}")
        start = cls(**data)
        if start.timeout < 1 or start.memory < 0 or start.connection_fd < 0 or not start.assignment:
            raise ValueError(f"the start-up message is out of range: {start}")
        return start


@dataclass(frozen=True)
class Describe:
    """Ask for the submissions, where the markers go and the assignment's points."""


@dataclass(frozen=True)
class Scores:
    """Ask for the gradebook's score of each of ``students``."""

    students: tuple[str, ...]


@dataclass(frozen=True)
class Grade:
    """Autograde ``student``'s submission."""

    student: str


@dataclass(frozen=True)
class Stop:
    """Shut down (after the current request)."""


Request = Describe | Scores | Grade | Stop


@dataclass(frozen=True)
class Ready:
    """The worker has started, in ``startup`` seconds."""

    startup: float


@dataclass(frozen=True)
class Done:
    """The answer to the last request."""

    value: Any


@dataclass(frozen=True)
class Failed:
    """The worker could not start or answer; it stops."""

    traceback: str


Reply = Ready | Done | Failed
