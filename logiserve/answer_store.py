"""``answers.json``: every exercise widget's answer, saved the moment it changes, and read back to grade it.

Answers live in ``answers.json`` in the notebook's folder (the kernel's working
directory), one entry per ``exercise_id``.  nbgrader copies the whole assignment
folder on submit, collect and autograde, so the file travels with the notebook and
a widget re-created during autograding restores what the learner clicked.

Writes are atomic (a temporary file in the same folder, then :func:`os.replace`)
and happen under a file lock, so two kernels saving at once lose nothing.  A file
that cannot be read is never deleted: it is moved aside to
``answers.damaged-<time>.json`` and the learner is told.

The widgets save and restore through :class:`AnswerStore`; grading reads a submission's
file with :func:`read_answers_file` (reading only, never moving a file aside).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from logiserve.errors import LogiserveError

ANSWERS_FILE = "answers.json"
ANSWERS_DIR_VARIABLE = "LOGISERVE_ANSWERS_DIR"
LOCK_TIMEOUT_SECONDS = 10.0

__all__ = [
    "ANSWERS_DIR_VARIABLE",
    "ANSWERS_FILE",
    "LOCK_TIMEOUT_SECONDS",
    "MISSING",
    "AnswerStore",
    "LoadResult",
    "StoreError",
    "read_answers_file",
]


class StoreError(LogiserveError, RuntimeError):
    """The answer could not be saved; the message is written for the learner."""


@dataclass(frozen=True)
class LoadResult:
    """What :meth:`AnswerStore.load` found.

    Attributes
    ----------
    answers:
        Every saved answer, keyed by ``exercise_id`` (empty when there is none).
    notice:
        A message for the learner when the file could not be used (``""`` otherwise).
    moved_to:
        Where a damaged file was moved, or ``None``.
    """

    answers: dict[str, Any]
    notice: str = ""
    moved_to: Path | None = None


MISSING = "it is missing"


def read_answers_file(path: Path) -> tuple[dict[str, Any], str]:
    """The answers an answers file holds and, when it cannot be used, why (``""`` when it can).

    Reads only: a missing file gives ``({}, "it is missing")``.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, MISSING
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"it could not be read ({exc.__class__.__name__})"
    if not raw.strip():
        return {}, "it is empty"
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {}, f"it is not valid JSON (line {exc.lineno}, column {exc.colno})"
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        return {}, "it does not hold answers keyed by exercise"
    return data, ""


class AnswerStore:
    """``answers.json`` in one folder.

    Parameters
    ----------
    folder:
        The folder holding ``answers.json``.  When omitted: the folder named by the
        environment variable ``LOGISERVE_ANSWERS_DIR`` if set (the course's own tests
        use it so that running the source notebooks never writes into ``course/``),
        else the current working directory (the notebook's folder, for a kernel).

    Examples
    --------
    >>> import tempfile
    >>> store = AnswerStore(tempfile.mkdtemp())
    >>> store.save("01_customers.demo", {"despatch": "internal"})  # "" means no notice
    ''
    >>> store.get("01_customers.demo")
    {'despatch': 'internal'}
    """

    def __init__(self, folder: str | os.PathLike[str] | None = None) -> None:
        if folder is None:
            folder = os.environ.get(ANSWERS_DIR_VARIABLE) or Path.cwd()
        self.folder = Path(folder)
        self.path = self.folder / ANSWERS_FILE
        self._lock = FileLock(str(self.folder / f".{ANSWERS_FILE}.lock"), timeout=LOCK_TIMEOUT_SECONDS)

    # -- reading -----------------------------------------------------------------
    def load(self) -> LoadResult:
        """Read every saved answer; move a damaged file aside and say so."""
        try:
            with self._lock:
                return self._load_unlocked()
        except Timeout:
            return LoadResult({}, notice=self._busy_message())

    def get(self, exercise_id: str, default: Any = None) -> Any:
        """The saved answer of one exercise, or ``default``."""
        return self.load().answers.get(exercise_id, default)

    def _load_unlocked(self) -> LoadResult:
        data, problem = read_answers_file(self.path)
        if problem == MISSING:
            return LoadResult({})
        return self._move_aside(problem) if problem else LoadResult(data)

    def _move_aside(self, reason: str) -> LoadResult:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"answers.damaged-{stamp}.json"
        counter = 1
        while target.exists():
            counter += 1
            target = self.folder / f"answers.damaged-{stamp}-{counter}.json"
        try:
            os.replace(self.path, target)
        except OSError:
            return LoadResult(
                {},
                notice=(
                    f"Your saved answers file {ANSWERS_FILE} could not be used: {reason}. "
                    "It was left where it is. Ask your tutor before answering again."
                ),
            )
        return LoadResult(
            {},
            notice=(
                f"Your saved answers file could not be used: {reason}. It was kept as "
                f"{target.name} (nothing was deleted) and this exercise starts empty. "
                "Ask your tutor if you need the old answers back."
            ),
            moved_to=target,
        )

    # -- writing -----------------------------------------------------------------
    def save(self, exercise_id: str, value: Any) -> str:
        """Save one exercise's answer atomically, keeping every other answer.

        Returns a notice for the learner (``""`` normally; a message when a damaged
        file had to be moved aside first).  Raises :class:`StoreError` with a
        learner-readable message when the answer cannot be written.
        """
        if not isinstance(exercise_id, str) or not exercise_id:
            raise ValueError("exercise_id must be a non-empty string")
        try:
            encoded_value = json.loads(json.dumps(value, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise StoreError(f"This answer cannot be saved: {exc}") from exc
        try:
            with self._lock:
                current = self._load_unlocked()
                answers = dict(current.answers)
                answers[exercise_id] = encoded_value
                self._write_unlocked(answers)
                return current.notice
        except Timeout as exc:
            raise StoreError(self._busy_message()) from exc
        except OSError as exc:
            raise StoreError(
                f"Your answer could not be saved to {ANSWERS_FILE} ({exc.strerror or exc}). "
                "It is still shown here; check the folder is writable and change the answer "
                "again to retry."
            ) from exc

    def _write_unlocked(self, answers: Mapping[str, Any]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".answers-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(answers, handle, indent=1, sort_keys=True, ensure_ascii=False)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def _busy_message(self) -> str:
        return (
            f"{ANSWERS_FILE} is locked by another program (waited {LOCK_TIMEOUT_SECONDS:.0f} s). "
            "Your answer is still shown here; change it again to retry saving."
        )
