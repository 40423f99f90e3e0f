"""What each test cell of a notebook reads, and where the marker takes each of those names from.

A hidden test is one check call on named answers.  The marker reads the test cell's code (the
visible part and the hidden tests) and sorts every name it reads by where it comes from, using
the notebook its author wrote (the source notebook when grading; the notebook itself when a
learner validates):

* a **widget**: a name a read-only cell binds to an exercise widget built from the assignment's
  content (``graded = CategorySorter.from_file("exercises.yaml", "01_customers.sort_the_parties")``);
  the marker reads that exercise's answer from the submission's ``answers.json`` itself;
* an **answer**: a name an answer cell assigns (``internal_customers = ...``); the learner's
  kernel hands its value over as plain data.  A name read only through ``globals()``
  (``globals().get("annual_demand")``, ``"pareto_fig" in globals()``) is an answer that may be
  missing;
* an **import** of the notebook's read-only cells (``import pandas as pd``,
  ``from logiserve.datasets import load``), which the marker makes itself;
* a built-in, or a name an earlier test cell set (marking code shares one namespace, as in a
  kernel).

A name that is none of these is an authoring mistake (:class:`PlanError`): the marker cannot
tell whether it may trust it.  So a new exercise needs no wiring: it is marked this way as
soon as its test reads its answers by name.

>>> from nbformat.v4 import new_code_cell, new_notebook
>>> nb = new_notebook(cells=[
...     new_code_cell("from logiserve.datasets import load", metadata={"nbgrader": {"locked": True}}),
...     new_code_cell("share = 0.5", metadata={"nbgrader": {"solution": True, "grade_id": "a"}}),
...     new_code_cell("check(share, load('orders'))", metadata={"nbgrader": {"grade": True, "grade_id": "t"}}),
... ])
>>> plan = plan_notebook(nb, nb, exercise_ids=(), extra_imports={"check": "from x import check"})
>>> [(t.grade_id, t.answers, t.imports) for t in plan.tests]
[('t', ('share',), ('check', 'load'))]
"""

from __future__ import annotations

import ast
import builtins
import symtable
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from logiserve.errors import LogiserveError

__all__ = ["NotebookPlan", "Origins", "PlanError", "TestCell", "is_test_cell", "origins_of", "plan_notebook"]

_BUILTINS = frozenset(dir(builtins)) | {"__name__", "__builtins__"}


class PlanError(LogiserveError, ValueError):
    """A test cell reads a name the marker cannot place (an authoring mistake)."""


@dataclass(frozen=True)
class TestCell:
    """One test cell: its place, its code and the names it reads, by origin."""

    __test__ = False  # not a pytest test class

    index: int
    grade_id: str
    source: str
    answers: tuple[str, ...]
    optional: tuple[str, ...]
    widgets: tuple[str, ...]
    imports: tuple[str, ...]

    @property
    def handed_over(self) -> tuple[str, ...]:
        """The names the learner's kernel hands over for this cell."""
        return tuple(dict.fromkeys(self.answers + self.optional))


@dataclass(frozen=True)
class Origins:
    """Where the notebook's author says names come from (see the module docstring)."""

    imports: Mapping[str, str] = field(default_factory=dict)
    widgets: Mapping[str, str] = field(default_factory=dict)
    answers: frozenset[str] | None = None  # None: any other name is an answer (validating)


@dataclass(frozen=True)
class NotebookPlan:
    """Every test cell of a notebook, in order, and the origins its names were sorted by."""

    tests: tuple[TestCell, ...]
    origins: Origins


def is_test_cell(cell: Any) -> bool:
    """True for an nbgrader autograder-tests cell (a grade cell that is code and not an answer)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _is_answer_cell(cell: Any) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("solution"))


def _is_read_only(cell: Any) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.get("cell_type") == "code" and bool(meta.get("locked")) and not is_test_cell(cell)


def _parse(source: str, where: str) -> ast.Module:
    return ast.parse(_python(source, where))


def _python(source: str, where: str) -> str:
    """The cell's code as Python: lines starting with a magic (``%``, ``!``) read as blank."""
    for text in (
        source,
        "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")),
    ):
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        return text
    raise PlanError(f"{where} is not valid Python: the marker cannot read it")


def origins_of(author: Any, exercise_ids: Iterable[str], *, validating: bool = False) -> Origins:
    """The origins of names in the notebook ``author`` wrote (the source notebook, or the one validated)."""
    ids = set(exercise_ids)
    imports: dict[str, str] = {}
    widgets: dict[str, str] = {}
    answers: set[str] = set()
    for number, cell in enumerate(author.cells):
        if _is_read_only(cell):
            tree = _parse(cell.source, f"cell {number}")
            for node in tree.body:
                imports.update(_imports(node))
                widgets.update(_widget(node, ids))
        elif _is_answer_cell(cell) and not validating:
            answers |= _assigned(_python(cell.source, f"answer cell {number}"))
    return Origins(imports, widgets, None if validating else frozenset(answers))


def _imports(node: ast.stmt) -> dict[str, str]:
    if isinstance(node, ast.Import):
        return {(a.asname or a.name.split(".")[0]): ast.unparse(ast.Import(names=[a])) for a in node.names}
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return {
            (a.asname or a.name): ast.unparse(ast.ImportFrom(module=node.module, names=[a], level=0))
            for a in node.names
            if a.name != "*"
        }
    return {}


def _widget(node: ast.stmt, ids: set[str]) -> dict[str, str]:
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
        return {}
    if not isinstance(node.value, ast.Call):
        return {}
    for arg in [*node.value.args, *(k.value for k in node.value.keywords)]:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value in ids:
            return {node.targets[0].id: arg.value}
    return {}


def _assigned(code: str) -> set[str]:
    """The names ``code`` assigns at its top level (imports not counted: an answer is a value)."""
    top = symtable.symtable(code, "<answer cell>", "exec")
    return {s.get_name() for s in top.get_symbols() if s.is_assigned() and not s.is_imported()}


def _globals_lookups(tree: ast.AST) -> set[str]:
    """Names read through ``globals()``: ``globals().get("x")``, ``globals()["x"]``, ``"x" in globals()``."""

    def is_globals(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "globals"

    def text(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and is_globals(node.func.value):
            if node.func.attr == "get" and node.args and text(node.args[0]):
                found.add(text(node.args[0]) or "")
        elif isinstance(node, ast.Subscript) and is_globals(node.value) and text(node.slice):
            found.add(text(node.slice) or "")
        elif isinstance(node, ast.Compare) and any(is_globals(c) for c in node.comparators) and text(node.left):
            found.add(text(node.left) or "")
    return found


def _scopes(code: str) -> tuple[list[str], set[str]]:
    """The module-level names ``code`` reads (in nested functions too), in first-read order, and those it binds.

    Python's own scope analysis (:mod:`symtable`) says which names are the module's: a lambda's or a
    function's parameter of the same name as an answer is not a read of the answer.
    """
    top = symtable.symtable(code, "<test cell>", "exec")
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    reads: set[str] = set()

    def walk(table: symtable.SymbolTable, nested: bool) -> None:
        for symbol in table.get_symbols():
            if symbol.is_referenced() and (not nested or symbol.is_global()):
                reads.add(symbol.get_name())
        for child in table.get_children():
            walk(child, True)

    walk(top, False)
    order = [n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    return [name for name in dict.fromkeys(order) if name in reads], bound


def plan_notebook(
    notebook: Any,
    author: Any,
    *,
    exercise_ids: Iterable[str],
    validating: bool = False,
    extra_imports: Mapping[str, str] | None = None,
) -> NotebookPlan:
    """The marking plan of ``notebook``'s test cells, their names placed by what ``author`` wrote.

    ``notebook`` is the one being graded (its test cells restored by nbgrader), ``author`` the
    source notebook (or ``notebook`` itself when validating, where any unplaced name is an answer).
    """
    origins = origins_of(author, exercise_ids, validating=validating)
    if extra_imports:
        origins = Origins({**extra_imports, **origins.imports}, origins.widgets, origins.answers)
    set_by_tests: set[str] = set()
    tests = []
    for index, cell in enumerate(notebook.cells):
        if not is_test_cell(cell):
            continue
        grade_id = str(cell.metadata["nbgrader"].get("grade_id", index))
        code = _python(cell.source, f"test cell {grade_id!r}")
        tree = ast.parse(code)
        reads, bound = _scopes(code)
        placed: dict[str, list[str]] = {"answers": [], "widgets": [], "imports": []}
        for name in reads:
            where = _place(name, origins, bound, set_by_tests)
            if where is None:
                continue
            if where == "unknown":
                raise PlanError(
                    f"test cell {grade_id!r} reads {name!r}, which is not an answer (assigned in an answer cell), "
                    "an exercise widget, an import of a read-only cell, a built-in or set by an earlier test cell; "
                    "the marker cannot tell whether to trust it"
                )
            placed[where].append(name)
        optional = sorted(n for n in _globals_lookups(tree) - set(placed["answers"]) if _is_answer(n, origins))
        tests.append(
            TestCell(
                index=index,
                grade_id=grade_id,
                source=cell.source,
                answers=tuple(placed["answers"]),
                optional=tuple(optional),
                widgets=tuple(placed["widgets"]),
                imports=tuple(placed["imports"]),
            )
        )
        set_by_tests |= bound
    return NotebookPlan(tuple(tests), origins)


def _is_answer(name: str, origins: Origins) -> bool:
    return name not in origins.widgets and (origins.answers is None or name in origins.answers)


def _place(name: str, origins: Origins, set_here: set[str], set_before: set[str]) -> str | None:
    """``answers``/``widgets``/``imports``, ``None`` (set in marking code, or a built-in) or ``unknown``.

    A name the cell sets itself is marking code's; else a widget, an answer, a name an earlier test
    set, an import, a built-in, in that order.
    """
    if name in set_here:
        return None
    if name in origins.widgets:
        return "widgets"
    if origins.answers is not None and name in origins.answers:
        return "answers"
    if name in set_before:
        return None
    if name in origins.imports:
        return "imports"
    if name in _BUILTINS:
        return None
    return "answers" if origins.answers is None else "unknown"
