"""The course's own functions in a learner's cells: found by reading, reported to the tutor, never marked.

The course's domain core works out the graded figures (``logiserve.inventory.eoq`` is the EOQ
step's answer, ``logiserve.kpis.otif`` the OTIF one), and a learner's kernel can import it.  That
does not change how anything is marked, so :mod:`.integrity` does not flag it; but the marks then
claim a method the learner did not show.  :func:`find_course_calls` reads a notebook's learner
cells (Python's :mod:`ast`; nothing is run) and lists every import, call or lookup of a function
:func:`course_functions` names, however the learner named it; the cohort report
(:mod:`logiserve.autograder.report`) shows them per learner and exercise, and the tutor decides.

Which functions count is read, not listed: every public function of the domain modules
(:func:`domain_modules`: the package's leaf modules that the hidden tests use to work out their
keys), and the explorer widgets, calculators of the same figures (read from the widgets'
source, since the marking never imports the widgets).
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .integrity import _parse

__all__ = ["CourseCall", "course_functions", "domain_modules", "find_course_calls"]


@dataclass(frozen=True)
class CourseCall:
    """One use of a course function that works out graded figures, in a cell the learner wrote.

    Attributes
    ----------
    cell:
        The cell's nbgrader grade id, or ``""`` for a cell the learner added.
    number:
        The cell's position in the notebook (1 for the first cell).
    line:
        The line of the cell where it happens.
    name:
        The function, by its home: ``logiserve.inventory.eoq`` (however the learner named it).
    how:
        ``"calls"``, ``"imports"`` or ``"reaches"`` (a domain module's attribute looked up by a name
        worked out at run time: ``getattr(kpis, name)``).
    answers:
        The names the cell assigns (its answers, for an answer cell).
    """

    cell: str
    number: int
    line: int
    name: str
    how: str
    answers: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """``cell 'eoq_answer'``, or ``cell 7 (added by the learner)``."""
        return f"cell '{self.cell}'" if self.cell else f"cell {self.number} (added by the learner)"

    def text(self) -> str:
        """One plain sentence for the tutor."""
        return f"{self.where}, line {self.line}: {self.how} {self.name}, which works out graded figures"


def domain_modules(tests: Iterable[str]) -> frozenset[str]:
    """The course's domain modules: what works out graded figures, read from the package and the hidden tests.

    A domain module is a top-level module of ``logiserve`` that builds on nothing else of the
    package (its only imports of ``logiserve`` are private helpers, ``_tables``, and the world file's
    loader, :data:`_FACTS`, whose targets are its defaults): the formulas and KPIs, not the course
    machinery; and that the hidden tests ``tests`` (test cells' sources)
    import to work out their keys.  Both are read, not listed: a new formula module the tests use
    is a domain module from then on.
    """
    imported: set[str] = set()
    for source in tests:
        tree = _parse(source)
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.Import):
                imported |= {_top_module(alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module == "logiserve":
                imported |= {f"logiserve.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(_top_module(node.module))
    return frozenset(name for name in _core_leaves() if name in imported)


def _top_module(dotted: str) -> str:
    """``logiserve.kpis`` for ``logiserve.kpis.otif`` (the package's top-level module a name is in)."""
    return ".".join(dotted.split(".")[:2])


_FACTS = frozenset({"world"})
"""Modules a formula may read its defaults from (the world's SLA targets) and still be a domain module."""


@functools.cache
def _core_leaves() -> frozenset[str]:
    """Top-level public modules of ``logiserve`` whose only imports of the package are private helpers (or facts)."""
    import pkgutil

    import logiserve

    leaves = set()
    for info in pkgutil.iter_modules(logiserve.__path__):
        if info.ispkg or info.name.startswith("_"):
            continue
        spec = importlib.util.find_spec(f"logiserve.{info.name}")
        if spec is None or spec.origin is None:
            continue
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
        uses: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:  # from .x import y / from . import x
                uses |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("logiserve"):
                parts = (node.module or "").split(".")
                uses |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
            elif isinstance(node, ast.Import):
                uses |= {a.name.split(".")[1] for a in node.names if a.name.startswith("logiserve.")}
        if all(name.startswith("_") or name in _FACTS for name in uses):
            leaves.add(f"logiserve.{info.name}")
    return frozenset(leaves)


def course_functions(tests: Iterable[str]) -> dict[str, str]:
    """Every name a learner could reach a graded figure by, mapped to the function's home.

    Every public function (in ``__all__``, defined there) of the :func:`domain_modules`, under its
    module (``logiserve.kpis.otif``) and under any name the package re-exports it by
    (``logiserve.classify_party``); and every explorer widget (a calculator of the same figures:
    ``logiserve.widgets.EOQExplorer``), under ``logiserve.widgets`` and its own module.
    """
    import inspect

    names: dict[str, str] = {}
    for module_name in sorted(domain_modules(tests)):
        module = importlib.import_module(module_name)
        for attr in getattr(module, "__all__", ()):
            value = getattr(module, attr, None)
            if inspect.isfunction(value) and value.__module__ == module_name:
                names[f"{module_name}.{attr}"] = f"{module_name}.{attr}"
    import logiserve

    for attr in getattr(logiserve, "__all__", ()):
        value = getattr(logiserve, attr, None)
        home = f"{getattr(value, '__module__', '')}.{attr}"
        if home in names:
            names[f"logiserve.{attr}"] = home
    for module_name, attr in _explorers():
        home = f"logiserve.widgets.{attr}"
        names[home] = names[f"{module_name}.{attr}"] = home
    return names


@functools.cache
def _explorers() -> tuple[tuple[str, str], ...]:
    """``(module, class)`` of every explorer ``logiserve.widgets`` exports, read from its source files.

    An explorer is a class based on ``Explorer`` (``widgets/_explorer.py``).  The files are read,
    not imported: the marking does not import the widgets.
    """
    spec = importlib.util.find_spec("logiserve.widgets")  # imports logiserve only, not its widgets
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations)))
    exported = _all_of(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
    found = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            bases = [b.value if isinstance(b, ast.Subscript) else b for b in getattr(node, "bases", [])]
            if (
                isinstance(node, ast.ClassDef)
                and node.name in exported
                and any(isinstance(b, ast.Name) and b.id == "Explorer" for b in bases)
            ):
                found.append((f"logiserve.widgets.{path.stem}", node.name))
    return tuple(found)


def _all_of(tree: ast.Module) -> set[str]:
    """The names a module's ``__all__`` lists, read from its syntax tree."""
    for node in tree.body:
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.List | ast.Tuple):
            continue
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def find_course_calls(
    cells: Iterable[Any], functions: Mapping[str, str], read_only: Mapping[str, str] | Iterable[str] = ()
) -> list[CourseCall]:
    """Where the learner's cells import, call or reach ``functions`` (see :func:`course_functions`).

    ``cells`` as nbformat gives them, in order.  A code cell whose grade id is in ``read_only`` is the
    course's: it is not reported, but the names it binds count (a test cell's hidden import binds
    ``inventory`` when the notebook is marked); when ``read_only`` maps grade ids to sources, those
    sources are read for it (the source notebook's, hidden tests included).  Names carry from cell
    to cell, as in the kernel: ``from logiserve import kpis as k`` in one cell, ``k.otif(...)`` in the
    next, ``getattr``, ``importlib.import_module`` and ``vars(module)[...]`` included.  It reads; it
    never runs anything.
    """
    given = read_only if isinstance(read_only, Mapping) else dict.fromkeys(read_only, None)
    domains = {home.rsplit(".", 1)[0] for home in functions.values()}
    scan = _CourseCalls(functions, domains)
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        grade_id = (cell.get("metadata") or {}).get("nbgrader", {}).get("grade_id") or ""
        source = cell.get("source") or ""
        source = "".join(source) if isinstance(source, list) else str(source)
        course_cell = grade_id in given
        if course_cell and given[grade_id] is not None:
            source = str(given[grade_id])
        tree = _parse(source)
        if tree is None:
            continue
        scan.start(grade_id, number, report=not course_cell, answers=_assigned(tree))
        scan.visit(tree)
    return list(dict.fromkeys(scan.found))


def _assigned(tree: ast.AST) -> tuple[str, ...]:
    names = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
    return tuple(dict.fromkeys(names))


class _CourseCalls(ast.NodeVisitor):
    """What names refer to (carried across cells), and every use of a course function in a learner's cell."""

    def __init__(self, functions: Mapping[str, str], domains: set[str]) -> None:
        self.functions, self.domains = functions, domains
        self.bound: dict[str, str] = {}  # local name -> the dotted logiserve name it refers to
        self.found: list[CourseCall] = []
        self.cell, self.number, self.report = "", 0, False
        self.answers: tuple[str, ...] = ()

    def start(self, cell: str, number: int, *, report: bool, answers: tuple[str, ...]) -> None:
        self.cell, self.number, self.report, self.answers = cell, number, report, answers

    def _found(self, node: ast.AST, name: str, how: str) -> None:
        if self.report:
            home = self.functions.get(name, name)
            self.found.append(CourseCall(self.cell, self.number, getattr(node, "lineno", 0), home, how, self.answers))

    def _home(self, dotted: str) -> str | None:
        """The function ``dotted`` names, if it is one of the course's."""
        return self.functions.get(dotted)

    # what an expression refers to ---------------------------------------------------------------------------
    def resolve(self, node: ast.AST | None) -> str:
        """The dotted ``logiserve`` name ``node`` refers to, or ``""``."""
        if isinstance(node, ast.Name):
            return self.bound.get(node.id, "")
        if isinstance(node, ast.Attribute):
            owner = self.resolve(node.value)
            return f"{owner}.{node.attr}" if owner and node.attr != "__dict__" else owner if owner else ""
        if isinstance(node, ast.Call):
            return self._resolve_call(node)
        if isinstance(node, ast.Subscript):  # vars(kpis)["otif"], kpis.__dict__["otif"]
            owner = self._dict_owner(node.value)
            key = node.slice
            if owner and isinstance(key, ast.Constant) and isinstance(key.value, str):
                return f"{owner}.{key.value}"
        return ""

    def _dict_owner(self, node: ast.AST) -> str:
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return self.resolve(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "vars" and node.args:
            return self.resolve(node.args[0])
        return ""

    def _resolve_call(self, node: ast.Call) -> str:
        func = node.func
        name = self.bound.get(func.id, func.id) if isinstance(func, ast.Name) else self._plain_dotted(func)
        first = node.args[0] if node.args else None
        text = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
        if name == "getattr" and len(node.args) >= 2:
            owner, attr = self.resolve(node.args[0]), node.args[1]
            if owner and isinstance(attr, ast.Constant) and isinstance(attr.value, str):
                return f"{owner}.{attr.value}"
            return ""
        if name in ("importlib.import_module", "import_module") and text and text.startswith("logiserve"):
            return text
        if name == "__import__" and text and text.startswith("logiserve"):
            fromlist = next((k.value for k in node.keywords if k.arg == "fromlist"), None)
            if fromlist is None and len(node.args) >= 4:
                fromlist = node.args[3]
            has_list = isinstance(fromlist, ast.List | ast.Tuple) and bool(fromlist.elts)
            return text if has_list else "logiserve"
        return ""

    def _plain_dotted(self, node: ast.AST) -> str:
        """``importlib.import_module`` as written (or through ``from importlib import import_module as im``)."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return ""
        head = self.bound.get(node.id, node.id)
        return ".".join([head, *reversed(parts)])

    # binding names ---------------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "importlib" or alias.name.startswith("importlib."):
                self.bound[alias.asname or "importlib"] = "importlib" if not alias.asname else alias.name
                continue
            if not (alias.name == "logiserve" or alias.name.startswith("logiserve.")):
                continue
            if alias.asname:
                self.bound[alias.asname] = alias.name
            else:
                self.bound["logiserve"] = "logiserve"
            self._imported(node, alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module == "importlib":
            for alias in node.names:
                self.bound[alias.asname or alias.name] = f"importlib.{alias.name}"
            return
        if not (module == "logiserve" or module.startswith("logiserve.")) or node.level:
            return
        for alias in node.names:
            if alias.name == "*":
                for dotted in self.functions:
                    if dotted.rsplit(".", 1)[0] == module:
                        self.bound[dotted.rsplit(".", 1)[1]] = dotted
                if module in self.domains:
                    self._found(node, f"{module}.*", "imports")
                continue
            dotted = f"{module}.{alias.name}"
            self.bound[alias.asname or alias.name] = dotted
            self._imported(node, dotted)

    def _imported(self, node: ast.AST, dotted: str) -> None:
        if self._home(dotted) or dotted in self.domains:
            self._found(node, dotted, "imports")

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        target = self.resolve(node.value)
        for each in node.targets:
            if isinstance(each, ast.Name):
                if target:
                    self.bound[each.id] = target
                else:
                    self.bound.pop(each.id, None)  # the name means something else now

    # using them ------------------------------------------------------------------------------------------------
    def visit_Call(self, node: ast.Call) -> None:
        dotted = self.resolve(node.func)
        if self._home(dotted):
            self._found(node, dotted, "calls")
        if isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2:
            owner = self.resolve(node.args[0])
            key = node.args[1]
            computed = not (isinstance(key, ast.Constant) and isinstance(key.value, str))
            if owner in self.domains and computed:
                self._found(node, f"{owner}.*", "reaches")
        self.generic_visit(node)
