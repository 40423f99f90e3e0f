"""Run a notebook's test cells in the grader, on answers handed over as plain data.

:class:`Marker` holds one notebook's marking namespace (as a kernel would: test cells share it)
and runs each test cell's code there with IPython's rule for what a cell shows (its printed
text, and the value of its last line when that is an expression), producing the cell's
outputs exactly as nbgrader reads them: a number as the cell's result is its score, an error
is 0.  No learner code runs here: the answers are values built from plain data
(:mod:`.codec`), the widgets' answers come from ``answers.json`` as the grader read it, and
every import is the notebook author's.

When an answer the test reads could not be handed over (the name was never set, the value is
not plain data, the kernel stopped before the cell), the cell is not run: it gets one
``NotAnswered`` note saying which answer and why, and earns 0.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import logging
import traceback
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nbformat import NotebookNode

from .plan import TestCell

__all__ = ["NOT_ANSWERED", "Handover", "Marker", "error_output"]

NOT_ANSWERED = "NotAnswered"
"""The error name of a test cell whose answer could not be handed over."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handover:
    """What reached the grader for one test cell: decoded answers, and why others did not."""

    answers: Mapping[str, Any] = field(default_factory=dict)
    problems: Mapping[str, str] = field(default_factory=dict)  # name -> why it has no value


def error_output(ename: str, evalue: str) -> NotebookNode:
    """An nbformat error output with a one-line traceback (it quotes no code)."""
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _stream(name: str, text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name=name, text=text)


class Marker:
    """One notebook's marking: a namespace shared by its test cells (see the module docstring).

    ``imports``: name -> the author's import statement that binds it; ``widgets``: name -> the
    saved exercise object a test reads as ``name.answer`` / ``name.labels``.
    """

    def __init__(self, imports: Mapping[str, str], widgets: Mapping[str, Any]) -> None:
        self.imports = dict(imports)
        self.namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        self.namespace.update(widgets)
        self._imported: set[str] = set()

    def run(self, test: TestCell, handover: Handover, execution_count: int | None) -> list[NotebookNode]:
        """The outputs of ``test`` run on ``handover`` (its answers are set in the namespace first)."""
        missing = [name for name in test.answers if name not in handover.answers]
        if missing:
            why = "; ".join(f"{name} {handover.problems.get(name, 'was not handed over')}" for name in missing)
            return [error_output(NOT_ANSWERED, f"{why}. This exercise counts as not answered.")]
        for name in test.handed_over:
            if name in handover.answers:
                self.namespace[name] = handover.answers[name]
            else:
                self.namespace.pop(name, None)  # an optional answer that is not there reads as absent
        problem = self._import(test.imports)
        if problem is not None:
            return [problem]
        return self._execute(test, execution_count)

    def _import(self, names: tuple[str, ...]) -> NotebookNode | None:
        for name in names:
            if name in self._imported:
                continue
            try:
                exec(compile(self.imports[name], "<import>", "exec"), self.namespace)  # the author's import line
            except Exception as exc:  # noqa: BLE001  # any import can fail; the cell then earns 0 and the tutor sees why
                _log.warning("marking could not run %r: %s", self.imports[name], exc)
                return error_output(type(exc).__name__, f"the marking could not import what it needs ({exc})")
            self._imported.add(name)
        return None

    def _execute(self, test: TestCell, execution_count: int | None) -> list[NotebookNode]:
        tree = ast.parse(test.source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        if last is not None:
            tree.body.pop()
        out, err = io.StringIO(), io.StringIO()
        outputs: list[NotebookNode] = []
        result: Any = None
        try:
            with (
                contextlib.redirect_stdout(out),
                contextlib.redirect_stderr(err),
                warnings.catch_warnings(record=True) as caught,
            ):
                warnings.simplefilter("always")
                exec(compile(tree, f"<test {test.grade_id}>", "exec"), self.namespace)  # author's marking code
                if last is not None:
                    result = eval(
                        compile(ast.Expression(last.value), f"<test {test.grade_id}>", "eval"), self.namespace
                    )
        except Exception as exc:  # noqa: BLE001  # marking code failing on an answer earns 0, as in a kernel
            _log.debug("test %s raised:\n%s", test.grade_id, traceback.format_exc())
            outputs = [error_output(type(exc).__name__, str(exc))]
            caught = []
        for warning in caught:
            _log.warning("test %s warned: %s", test.grade_id, warning.message)
        streams = [_stream("stdout", out.getvalue())] if out.getvalue() else []
        if err.getvalue():
            streams.append(_stream("stderr", err.getvalue()))
        if outputs:
            return streams + outputs
        if result is not None:
            streams.append(
                NotebookNode(
                    output_type="execute_result",
                    execution_count=execution_count,
                    data={"text/plain": repr(result)},
                    metadata={},
                )
            )
        return streams
