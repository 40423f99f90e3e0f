"""Reading what nbgrader did with a submission: why it failed, what to flag, what to note.

A :class:`Reader` looks at one assignment's folders and gradebook (under the gradebook lock)
after nbgrader's converter has run: :meth:`~Reader.explain_failure` turns the exception into a
reason a tutor can act on, :meth:`~Reader.flags` finds what a person should look at before the
marks count, and :meth:`~Reader.cell_notes` and :meth:`~Reader.answers_notes` say why cells or
widget exercises may have earned nothing.  Every text is a :class:`~.results.Reason`.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .converter import DIED_HERE
from .results import Reason
from .timing import Timing

__all__ = ["Reader", "explain", "first_line"]


class Reader:
    """One assignment of the course nbgrader's ``app`` was set up for; the gradebook opened under ``timing``'s lock."""

    def __init__(self, app: Any, assignment: str, timing: Timing) -> None:
        self.app, self.coursedir, self.assignment, self.timing = app, app.coursedir, assignment, timing

    def folder(self, directory: str, student: str) -> Path:
        """``<course>/<directory>/<student>/<assignment>`` as nbgrader's course settings lay it out."""
        return Path(self.coursedir.format_path(directory, student, self.assignment))

    @contextlib.contextmanager
    def gradebook(self, phase: str = "other") -> Iterator[Any]:
        """nbgrader's gradebook, open while this process holds the lock."""
        from nbgrader.api import Gradebook

        with self.timing.gradebook_access(phase), Gradebook(self.coursedir.db_url, self.coursedir.course_id) as gb:
            yield gb

    def notebook_names(self) -> list[str]:
        """The names of the assignment's notebooks in the gradebook (none if it cannot be read)."""
        with contextlib.suppress(Exception), self.gradebook() as gb:
            return [nb.name for nb in gb.find_assignment(self.assignment).notebooks]
        return []

    def max_score(self) -> float:
        """The points the assignment is worth in the gradebook (0 if it cannot be read)."""
        with contextlib.suppress(Exception), self.gradebook() as gb:
            return float(gb.find_assignment(self.assignment).max_score)
        return 0.0

    def score(self, student: str) -> tuple[float, float]:
        """``student``'s score on the assignment and the points it is worth, from the gradebook."""
        with self.gradebook() as gb:
            submission = gb.find_submission(self.assignment, student)
            return float(submission.score), float(submission.max_score)

    def explain_failure(self, converter: Any, exc: BaseException, logged: list[logging.LogRecord], timeout: int) -> str:
        """Why nbgrader's converter raised ``exc``; ``logged``: the warnings and errors it logged."""
        expected = ", ".join(f"{name}.ipynb" for name in self.notebook_names()) or "a notebook"
        failed = getattr(converter, "failure", None)
        if failed is None:
            message = str(exc)
            if "No notebooks were matched" in message:
                return Reason.NO_NOTEBOOK.text(expected=expected)
            if "No notebooks found" in message:
                return Reason.NO_NOTEBOOK_OF_ASSIGNMENT.text(expected=expected)
            errors = [r.getMessage() for r in logged if r.levelno >= logging.ERROR]
            return first_line(errors[0]) if errors else first_line(exc)
        notebook, error = failed
        return explain(notebook or "the submission", error, timeout)

    def _graded_notebooks(self, student: str) -> Iterator[tuple[str, Any]]:
        import nbformat

        for path in sorted(self.folder(self.coursedir.autograded_directory, student).glob("*.ipynb")):
            with contextlib.suppress(Exception):
                yield path.name, nbformat.read(path, as_version=nbformat.NO_CONVERT)

    def cell_notes(self, student: str, timeout: int, memory_limit: int) -> list[str]:
        """Cells stopped at the time limit (nbgrader records a CellTimeoutError), out of memory, or in a dying kernel.

        ``memory_limit``: the bytes each kernel was allowed (0: none, not named in the note).
        """
        ename = self._execute_config("error_on_timeout", {}).get("ename", "CellTimeoutError")
        limit = f" (the limit is {memory_limit / 2**30:g} GiB)" if memory_limit else ""
        why: dict[str, tuple[Reason, dict[str, object]]] = {
            ename: (Reason.CELL_TIMED_OUT, {"timeout": timeout}),
            "MemoryError": (Reason.CELL_OUT_OF_MEMORY, {"limit": limit}),
            DIED_HERE: (Reason.CELL_KERNEL_DIED, {}),
        }
        notes = []
        for name, nb in self._graded_notebooks(student):
            for index, cell in enumerate(nb.cells):
                errors = [o.get("ename") for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                for error in dict.fromkeys(e for e in errors if e in why):
                    label = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                    reason, fields = why[error]
                    notes.append(reason.text(notebook=name, cell=label, **fields))
        return notes

    def answers_notes(self, student: str) -> list[str]:
        """Why graded widget exercises may have earned nothing: answers.json missing, unusable, or odd."""
        from logiserve.answer_store import ANSWERS_FILE, MISSING, read_answers_file
        from logiserve.content import load_exercises

        source = self.folder(self.coursedir.source_directory, ".")
        graded: list[str] = []
        for path in sorted(source.glob("exercises.y*ml")):
            with contextlib.suppress(Exception):
                graded += sorted(k for k, v in load_exercises(path).items() if v.get("mode") == "graded")
        if not graded:
            return []
        folder = self.folder(self.coursedir.submitted_directory, student)
        answers, problem = read_answers_file(folder / ANSWERS_FILE)
        unanswered = (
            f"the {len(graded)} graded widget exercises count as not answered"
            if len(graded) > 1
            else "the graded widget exercise counts as not answered"
        )
        if problem == MISSING:
            return [Reason.ANSWERS_MISSING.text(file=ANSWERS_FILE, unanswered=unanswered)]
        if problem:
            return [Reason.ANSWERS_UNUSABLE.text(file=ANSWERS_FILE, problem=problem, unanswered=unanswered)]
        notes = []
        size = (folder / ANSWERS_FILE).stat().st_size
        if size > 1_000_000:
            notes.append(Reason.ANSWERS_LARGE.text(file=ANSWERS_FILE, megabytes=size / 1_000_000))
        for exercise in graded:
            if exercise in answers and not isinstance(answers[exercise], dict):
                kind = type(answers[exercise]).__name__
                notes.append(Reason.ANSWER_NOT_SAVED_SHAPE.text(file=ANSWERS_FILE, exercise=exercise, kind=kind))
        return notes

    def _execute_config(self, name: str, default: Any) -> Any:
        from nbgrader.preprocessors import Execute

        return getattr(Execute(parent=self.app), name, default)

    def flags(self, student: str) -> list[str]:
        """Why a person should look at this submission before its marks count (empty: no reason).

        Test cells deleted, or whose source is neither the gradebook's nor the released one;
        read-only cells edited (nbgrader puts their source back before grading, but a learner
        who edits them is worth a word); and code that changes how it is marked (see
        :mod:`logiserve.autograder.integrity`).
        """
        import nbformat
        from nbgrader.preprocessors import ClearHiddenTests

        hide = ClearHiddenTests(parent=self.app)
        found: list[str] = []
        with self.gradebook() as gb:
            for path in sorted(self.folder(self.coursedir.submitted_directory, student).glob("*.ipynb")):
                try:
                    nb = nbformat.read(path, as_version=4)
                    notebook = gb.find_notebook(path.stem, self.assignment)
                except Exception:  # noqa: BLE001  # a learner's file may be broken any way, or not of the assignment: nbgrader said so
                    continue
                found += self._notebook_flags(path.name, nb, notebook, hide)
        return found

    def _notebook_flags(self, name: str, nb: Any, notebook: Any, hide: Any) -> list[str]:
        """:meth:`flags` of one submitted notebook ``nb``; ``notebook``: the gradebook's record of it."""
        import nbformat
        from nbgrader import utils

        from logiserve.autograder.integrity import names_tests_read, scan_notebook

        solutions = {cell.name for cell in notebook.solution_cells}
        sources = {cell.name: cell.source for cell in notebook.source_cells}
        locked = {cell.name for cell in notebook.source_cells if cell.locked}
        tests = sorted(c.name for c in notebook.grade_cells if c.name not in solutions)
        submitted = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells if utils.is_grade(c)}
        cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
        found: list[str] = []
        for test in tests:
            cell = submitted.get(test)
            if cell is None:
                found.append(Reason.TEST_DELETED.text(notebook=name, cell=test))
                continue
            released = nbformat.from_dict({**cell, "source": sources.get(test, "")})
            with contextlib.suppress(Exception):
                hide.preprocess_cell(released, {}, 0)
            if cell.source not in (sources.get(test), released.source):
                found.append(Reason.TEST_EDITED.text(notebook=name, cell=test))
        released_cells = _cells_by_id(self.folder(self.coursedir.release_directory, ".") / name)
        for cell_id in sorted(locked - set(tests)):
            cell = cells.get(cell_id)
            if cell is not None and cell.source not in (sources.get(cell_id), released_cells.get(cell_id)):
                found.append(Reason.READ_ONLY_EDITED.text(notebook=name, cell=cell_id))
        # the answers' names: what the model solutions assign (the gradebook keeps released sources)
        solved = _cells_by_id(self.folder(self.coursedir.source_directory, ".") / name)
        guarded = names_tests_read([sources.get(t, "") for t in tests], [solved.get(s, "") for s in solutions])
        found.extend(
            Reason.CODE_FINDING.text(notebook=name, finding=f) for f in scan_notebook(nb.cells, locked, guarded)
        )
        return found


def _cells_by_id(path: Path) -> dict[str, str]:
    """The source of every cell with an nbgrader grade id in a notebook (empty if it cannot be read)."""
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001  # nbformat raises many kinds; a source that cannot be read guards no names
        return {}
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nb.cells
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    }


def first_line(message: object) -> str:
    """The first line of ``message`` (at most 200 characters), or its type's name if it has none."""
    text = str(message).strip()
    return text.splitlines()[0][:200] if text else type(message).__name__


def explain(notebook: str, error: BaseException, timeout: int) -> str:
    """A tutor-readable reason for an exception nbgrader raised on a notebook."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.reader import NotJSONError
    from nbgrader.preprocessors.execute import UnresponsiveKernelError

    if isinstance(error, NotJSONError):
        cause = error.__cause__
        where = f" (JSON error at line {cause.lineno})" if isinstance(cause, json.JSONDecodeError) else ""
        return Reason.NOT_JSON.text(notebook=notebook, where=where)
    if type(error).__name__ == "ValidationError" or isinstance(error, (KeyError, AttributeError)):
        return Reason.NOT_A_NOTEBOOK.text(notebook=notebook, detail=first_line(error))
    if isinstance(error, DeadKernelError):
        return Reason.KERNEL_DIED.text(notebook=notebook)
    if isinstance(error, (CellTimeoutError, UnresponsiveKernelError)):
        return Reason.KERNEL_STUCK.text(notebook=notebook, timeout=timeout)
    if isinstance(error, RuntimeError) and "Kernel didn't respond" in str(error):
        return Reason.KERNEL_DID_NOT_START.text(notebook=notebook, detail=first_line(error))
    return Reason.NOTEBOOK_ERROR.text(notebook=notebook, error=type(error).__name__, detail=first_line(error))
