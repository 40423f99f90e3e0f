"""Every graded item of every assignment, read from the source as the grader reads it, and played with any answer.

An item is one autograded test cell of a source notebook (``course/source/<assignment>/*.ipynb``):
its hidden test holds the key, so the item is played by running the cell's code as the grader
does (:mod:`logiserve.autograder.marking`): its imports are the author's, a widget it reads is the
exercise's saved answer (:func:`logiserve.content.saved_exercise`, built here from the answer a
strategy gives), and an answer it reads is the value a strategy gives.  The check the cell calls
is recorded (:meth:`Item.call`), so a strategy can read the key (the right labels, the right
order) and play the same check many times without running the cell again.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import functools
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

import logiserve.autograder as autograder
from logiserve.autograder.marking.plan import TestCell, plan_notebook
from logiserve.content import load_exercises, saved_exercise
from logiserve.variants import marking_for

__all__ = ["COURSE_ID", "SOURCE", "Call", "Item", "graded_items"]

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "course" / "source"
COURSE_ID = "logiserve-cs-l3"  # course/nbgrader_config.py's course_id: the learners' numbers are seeded from it


@dataclass(frozen=True)
class Call:
    """The check a test cell calls, with the arguments it gave (the learner's answer is the first)."""

    check: str
    args: tuple[Any, ...]
    kwargs: Mapping[str, Any]

    def points(self, answer: Any) -> float:
        """What ``answer`` earns in the same check with the same key."""
        return getattr(autograder, self.check)(answer, *self.args[1:], **self.kwargs).points

    @property
    def key(self) -> Any:
        """The key: the check's second argument (the right placements, order, ratings, values ...)."""
        return self.args[1]


@dataclass(frozen=True, eq=False)
class Item:
    """One graded test cell of a source notebook."""

    assignment: str
    notebook: str
    grade_id: str
    points: float
    test: TestCell
    imports: Mapping[str, str]
    widgets: Mapping[str, str]  # name the test reads -> exercise id
    contents: Mapping[str, Mapping[str, Any]]  # exercise id -> content

    @property
    def name(self) -> str:
        return f"{self.assignment}/{self.grade_id}"

    @property
    def folder(self) -> Path:
        return SOURCE / self.assignment

    @property
    def exercise(self) -> str | None:
        """The exercise id of the widget the test marks, if it marks one."""
        return next(iter(self.widgets.values()), None)

    @property
    def content(self) -> Mapping[str, Any] | None:
        return self.contents[self.exercise] if self.exercise else None

    @property
    def answer_name(self) -> str | None:
        """The code answer the test marks (its first answer), if it marks one."""
        return self.test.answers[0] if self.test.answers else None

    @property
    def has_variants(self) -> bool:
        """True when the key depends on the learner (the test asks for the learner's own numbers)."""
        return "variant(" in self.test.source

    def run(self, answer: Any, *, learner: str | None = None, record: list[Call] | None = None) -> float:
        """The points the cell gives when its widget's saved answer (or its code answer) is ``answer``.

        ``None`` leaves the answer out (the widget has nothing saved; an optional answer reads as absent).
        """
        namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
        for name in self.test.imports:
            exec(compile(self.imports[name], "<import>", "exec"), namespace)  # the author's import line
        for name, exercise_id in self.widgets.items():
            namespace[name] = saved_exercise(exercise_id, self.contents[exercise_id], answer)
        for name in self.test.answers:
            namespace[name] = answer if name == self.answer_name else None
        tree = ast.parse(self.test.source)
        last = tree.body.pop()
        assert isinstance(last, ast.Expr), f"{self.name}: a test cell ends with its check's .award()"
        with (
            _in(self.folder),
            marking_for(learner, COURSE_ID),
            _recording(record),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            exec(compile(tree, f"<test {self.name}>", "exec"), namespace)
            result = eval(compile(ast.Expression(last.value), f"<test {self.name}>", "eval"), namespace)
        assert isinstance(result, float), f"{self.name}: the cell must end with a score, found {result!r}"
        return result

    def call(self, learner: str | None = None) -> Call:
        """The check call the cell makes (recorded with no answer given), for ``learner``'s numbers."""
        return _call(self, learner)


@functools.cache
def _call(item: Item, learner: str | None) -> Call:
    record: list[Call] = []
    item.run(None, learner=learner, record=record)
    assert record, f"{item.name}: the cell calls no check of logiserve.autograder"
    return record[-1]


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    with contextlib.chdir(folder):  # the cell reads exercises.yaml and the variants beside its notebook
        yield


@contextlib.contextmanager
def _recording(record: list[Call] | None) -> Iterator[None]:
    """While the cell runs, every ``check_*`` of :mod:`logiserve.autograder` it calls is recorded in ``record``."""
    if record is None:
        yield
        return
    saved = {name: getattr(autograder, name) for name in autograder.__all__ if name.startswith("check_")}

    def recorder(name: str, check: Callable[..., Any]) -> Callable[..., Any]:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            record.append(Call(name, args, dict(kwargs)))
            return check(*args, **kwargs)

        return recorded

    try:
        for name, check in saved.items():
            setattr(autograder, name, recorder(name, check))
        yield
    finally:
        for name, check in saved.items():
            setattr(autograder, name, check)


@functools.cache
def graded_items() -> tuple[Item, ...]:
    """Every autograded test cell of every source notebook, in course order."""
    items = []
    for folder in sorted(p for p in SOURCE.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        contents = load_exercises(folder / "exercises.yaml")
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            plan = plan_notebook(nb, nb, exercise_ids=contents)
            cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
            for test in plan.tests:
                widgets = {name: plan.origins.widgets[name] for name in test.widgets}
                items.append(
                    Item(
                        assignment=folder.name,
                        notebook=path.stem,
                        grade_id=test.grade_id,
                        points=float(cells[test.grade_id].metadata["nbgrader"]["points"]),
                        test=test,
                        imports=dict(plan.origins.imports),
                        widgets=widgets,
                        contents={exercise_id: contents[exercise_id] for exercise_id in widgets.values()},
                    )
                )
    return tuple(items)
