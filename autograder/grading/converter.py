"""nbgrader's ``Autograde`` converter with the gradebook lock and the timers around its steps.

:class:`Converters` makes, per learner, nbgrader's own ``Autograde`` converter as
``nbgrader autograde --student`` would, with its execution step always the trusted one
(:class:`~logiserve.autograder.marking.TrustedExecute`, whatever the course's config says), and
three changes that record nothing nbgrader would not: every step that is not code execution
holds the gradebook lock (see
:class:`~.timing.Timing`); execution is timed by kernel phase and forks kernels from the warm
template when there is one; and a kernel that dies mid-notebook costs the cell it died in and
the code cells after it (:data:`DIED_HERE`, :data:`DIED_BEFORE`), not the whole submission.
"""

from __future__ import annotations

import os
from typing import Any

from ..marking import KEPT_ERRORS, trusted_steps
from .timing import Timing

__all__ = ["DIED_BEFORE", "DIED_HERE", "Converters"]

DIED_HERE, DIED_BEFORE = KEPT_ERRORS
"""The error names given to the cell a kernel died in and to the code cells after it (the marking keeps them)."""


class Converters:
    """Makes each learner's ``Autograde`` converter from ``app``'s configuration.

    ``warm_manager``: the kernel manager class whose kernels the template forks (``None``: the
    course's own, as nbgrader starts them).
    """

    def __init__(self, app: Any, timing: Timing, warm_manager: type | None = None) -> None:
        from nbconvert.preprocessors import ExecutePreprocessor
        from nbgrader.converters import Autograde

        self.app, self.coursedir, self.timing = app, app.coursedir, timing
        self.warm_manager = warm_manager
        self._execute_base = ExecutePreprocessor
        self._wrapped: dict[tuple[type, str], type] = {}
        self._converter_class = _logged_autograde(Autograde, timing)

    def for_student(self, student: str) -> Any:
        """The converter for ``student``, forced: the parent decided it must be (re)graded."""
        self.coursedir.student_id = student
        converter = self._converter_class(coursedir=self.coursedir, parent=self.app)
        converter.force = True  # never trust what is there
        converter.sanitize_preprocessors = [
            self._wrap(step, "read and check cells") for step in converter.sanitize_preprocessors
        ]
        converter.autograde_preprocessors = [  # marks are always decided outside the learner's kernel
            self._wrap(step, "save grades") for step in trusted_steps(converter.autograde_preprocessors)
        ]
        return converter

    def _wrap(self, step: type, phase: str) -> type:
        """``step`` with the gradebook lock held (or, for execution, timed by kernel phase)."""
        key = (step, phase)
        if key not in self._wrapped:
            if issubclass(step, self._execute_base):
                wrapped = _timed_execute(step, self)
            else:
                wrapped = _serialized(step, self.timing, phase)
            wrapped.__name__ = wrapped.__qualname__ = step.__name__  # config sections still apply (MRO)
            self._wrapped[key] = wrapped
        return self._wrapped[key]


def _logged_autograde(autograde: type, timing: Timing) -> type:
    class LoggedAutograde(autograde):
        """nbgrader's Autograde; its set-up holds the gradebook lock; remembers what failed."""

        failure: tuple[str, BaseException] | None = None

        def init_assignment(self, assignment_id: str, student_id: str) -> None:
            try:
                with timing.gradebook_access("set-up (gradebook, files)"):
                    super().init_assignment(assignment_id, student_id)
            except Exception as exc:
                self.failure = ("", exc)
                raise

        def convert_single_notebook(self, notebook_filename: str) -> None:
            try:
                super().convert_single_notebook(notebook_filename)
            except Exception as exc:
                self.failure = (os.path.basename(notebook_filename), exc)
                raise

    return LoggedAutograde


def _serialized(step: type, timing: Timing, phase: str) -> type:
    class Serialized(step):
        def preprocess(self, nb: Any, resources: Any) -> Any:
            with timing.gradebook_access(phase):
                return super().preprocess(nb, resources)

    return Serialized


def _timed_execute(step: type, converters: Converters) -> type:
    timing = converters.timing

    class Timed(step):
        kernel_manager_class: type  # ExecutePreprocessor's trait: the class that starts its kernels

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            # Fork the kernel from the warm template, unless the course chose its own manager.
            if converters.warm_manager and self.kernel_manager_class.__name__ == "AsyncKernelManager":
                self.kernel_manager_class = converters.warm_manager

        def preprocess(self, nb: Any, resources: Any, km: Any = None) -> Any:
            self.died_in: int | None = None
            with timing("execute"):
                return super().preprocess(nb, resources, km)

        def preprocess_cell(self, cell: Any, resources: Any, index: int) -> Any:
            """Run one cell; once the kernel has died, the cells after it are marked as not run.

            nbgrader would fail the whole notebook.  Instead the cells that ran keep their
            marks, and the cell the kernel died in and every code cell after it get an
            error output, so their tests earn 0 and the reason is in the notebook.
            """
            from nbclient.exceptions import DeadKernelError

            if self.died_in is not None:
                if cell.cell_type == "code":
                    cell.outputs = [_error_output(DIED_BEFORE, "not run: the kernel died in an earlier cell")]
                return cell, resources
            try:
                return super().preprocess_cell(cell, resources, index)
            except DeadKernelError:
                self.died_in = index
                cell.outputs.append(
                    _error_output(DIED_HERE, "the kernel died while running this cell (it crashed or was killed)")
                )
                return cell, resources

        def start_new_kernel(self, **kwargs: Any) -> Any:
            with timing("kernel start"):
                return super().start_new_kernel(**kwargs)

        def start_new_kernel_client(self) -> Any:
            with timing("kernel start"):
                return super().start_new_kernel_client()

        def _cleanup_kernel(self) -> Any:
            with timing("kernel shutdown"):
                return super()._cleanup_kernel()

    return Timed


def _error_output(ename: str, evalue: str) -> Any:
    from nbformat import NotebookNode

    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])
