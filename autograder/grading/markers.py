"""What makes grading resumable: fingerprints, completion markers and the run lock.

After nbgrader finished a submission the parent writes a completion marker,
``autograded/.logiserve-grading/<assignment>/<learner>.json``, with a fingerprint (SHA-256 of
every file) of the submission as it was when grading started.  A later run skips a submission
only if :func:`looks_done` says so and the gradebook has it.  A failure is written apart
(``<learner>.failed``), so it is never mistaken for a finished grading; the report reads both.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .results import GradingError, Status, SubmissionResult

__all__ = ["STATE_FOLDER", "fingerprint", "looks_done", "record_result", "run_lock", "write_marker"]

STATE_FOLDER = ".logiserve-grading"
"""Folder inside ``autograded/`` for the completion markers, the locks and nbgrader's logs."""


def fingerprint(folder: Path) -> str:
    """SHA-256 over the path and bytes of every file of a submission."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def looks_done(state: Path, student: str, paths: dict[str, str], fingerprint: str) -> bool:
    """Graded by an earlier run (marker written after nbgrader finished) and unchanged since."""
    try:
        marker = json.loads((state / f"{student}.json").read_text())
    except (OSError, ValueError):
        return False
    return (
        marker.get("fingerprint") == fingerprint
        and marker.get("status") in (Status.GRADED, Status.FLAGGED)
        and Path(paths["autograded"]).is_dir()
    )


def write_marker(path: Path, result: SubmissionResult, fingerprint: str) -> None:
    """Write ``result``'s record to ``path`` atomically (a temporary file, then a rename)."""
    record = {
        "student": result.student,
        "status": str(result.status),
        "score": result.score,
        "max_score": result.max_score,
        "reason": result.reason,
        "fingerprint": fingerprint,
        "graded_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(record, indent=1))
    os.replace(temporary, path)


def record_result(state: Path, result: SubmissionResult, fingerprint: str) -> None:
    """A failure is recorded apart (for the report): never mistaken for a finished grading."""
    failure = state / f"{result.student}.failed"
    if result.status == Status.FAILED:
        write_marker(failure, result, fingerprint)
    else:
        failure.unlink(missing_ok=True)
        write_marker(state / f"{result.student}.json", result, fingerprint)


@contextlib.contextmanager
def run_lock(path: Path, assignment: str) -> Iterator[None]:
    """Hold the lock of one assignment's run; :class:`GradingError` if another run holds it."""
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
