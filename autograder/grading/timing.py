"""A worker's clock and its hold on the gradebook: where the seconds of one submission go.

:class:`Phases` adds up seconds per phase name (a phase nested in another is not counted
twice).  :class:`Timing` is a worker's current :class:`Phases` and the file lock that lets one
process at a time into the gradebook; waiting for that lock is a phase of its own.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["Phases", "Timing"]


class Phases:
    """Seconds per phase; a phase nested in another is not counted twice."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._nested: list[float] = []

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        """Count the seconds of the ``with`` block as phase ``name`` (less any phase nested in it)."""
        start = time.perf_counter()
        self._nested.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            inner = self._nested.pop()
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - inner
            if self._nested:
                self._nested[-1] += elapsed


class Timing:
    """The phases of the submission being graded, and the gradebook lock (``lock_path``) that serializes writers."""

    def __init__(self, lock_path: Path) -> None:
        from filelock import FileLock

        self.lock = FileLock(lock_path)
        self.phases = Phases()

    def restart(self) -> None:
        """Count from zero (a new submission)."""
        self.phases = Phases()

    def __call__(self, name: str) -> contextlib.AbstractContextManager[None]:
        """Time a phase."""
        return self.phases(name)

    @contextlib.contextmanager
    def gradebook_access(self, phase: str) -> Iterator[None]:
        """Hold the gradebook lock (the wait timed apart), timing what is done with it as ``phase``."""
        with self.phases("wait for gradebook lock"):
            self.lock.acquire()
        try:
            with self.phases(phase):
                yield
        finally:
            self.lock.release()
