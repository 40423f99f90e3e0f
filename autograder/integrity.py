"""Signs that a submission tried to change how it is marked, found by reading its code.

nbgrader runs every cell a learner wrote before the hidden tests, in the same kernel, so a
learner's cell can change what the tests see: replace a check (``checks.check_number =
...``), a name a test reads (``load = ...``), a built-in (``builtins.float = ...``), a module
(``sys.modules[...] = ...``), or hand the checks an object that lies when compared.  The checks resist lying
objects (they convert answers to plain values first), but a replaced check cannot be resisted
from inside the same kernel.  So a submission whose code does any of these is *flagged*: it is
graded as usual, and a person looks at it before the marks count.

:func:`scan_notebook` reads the code cells a learner can write in (every code cell that is
not one of the assignment's read-only cells) and returns one plain sentence per finding,
naming the cell.  It reads; it never runs anything.  It looks for what a course's learners
have no reason to write; a determined learner can hide code from any reader (text run
through ``exec`` is itself flagged), which is why grading should also run with the least
privileges (README, "Security").

A learner's cell that uses the course's own functions for graded figures (``logiserve.inventory.eoq``)
changes nothing in the marking, so it is not a finding here: :mod:`.course_functions` finds it, for
the tutor's report.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable
from typing import Any

__all__ = ["ALWAYS_GUARDED", "names_tests_read", "scan_notebook", "scan_source"]

ALWAYS_GUARDED = frozenset({"describe_answer"})
"""Names every assignment's test cells read (besides the ``check_*`` functions)."""
_COMPARISON_METHODS = frozenset(
    {
        "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__float__",
        "__int__", "__index__", "__round__", "__abs__", "__len__", "__contains__", "__instancecheck__",
        "__subclasscheck__", "__getattribute__", "__class__",
    }
)  # fmt: skip
_CODE_FROM_TEXT = frozenset({"exec", "eval", "compile", "__import__"})
_STOPS = {("os", "_exit"), ("os", "kill"), ("os", "abort"), ("sys", "exit"), ("signal", "signal")}
_LOW_LEVEL = frozenset({"ctypes", "gc", "inspect", "importlib", "builtins", "_thread", "sysconfig"})
_WHOSE_NUMBERS = (
    "which the marking reads to know whose numbers to use"  # logiserve.variants: the folder and environment
)
_ENVIRONMENT_CALLS = {
    "os.chdir": "changes the working folder",
    "os.putenv": "changes the environment",
    "os.unsetenv": "changes the environment",
    "os.environ.update": "changes the environment",
    "os.environ.setdefault": "changes the environment",
    "os.environ.pop": "changes the environment",
    "os.environ.clear": "changes the environment",
    "os.environ.__setitem__": "changes the environment",
}


def scan_notebook(cells: Iterable[Any], read_only: Iterable[str] = (), guarded: Iterable[str] = ()) -> list[str]:
    """Findings in a notebook's learner cells: ``cells`` as nbformat gives them.

    A cell counts as the learner's when it is a code cell whose nbgrader ``grade_id`` is not
    in ``read_only`` (the assignment's locked cells: instructions, given code, tests), so
    answer cells and any cell a learner added are read.  ``guarded`` are the names the test
    cells read from the notebook (see :func:`names_tests_read`): giving one of them a new
    value is flagged, while a learner who calls a variable ``sum`` or ``max`` is not.  Each
    finding names the cell by its grade id, or by its number when it has none.
    """
    locked = set(read_only)
    found: list[str] = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        grade_id = (cell.get("metadata") or {}).get("nbgrader", {}).get("grade_id")
        if grade_id in locked:
            continue
        source = cell.get("source") or ""
        source = "".join(source) if isinstance(source, list) else str(source)
        where = f"cell '{grade_id}'" if grade_id else f"cell {number} (added by the learner)"
        found.extend(f"{where}: {finding}" for finding in scan_source(source, frozenset(guarded)))
    return found


def names_tests_read(tests: Iterable[str], answers: Iterable[str] = ()) -> frozenset[str]:
    """The names test cells read from the notebook: what they load and do not define themselves.

    ``tests`` are the test cells' sources (hidden tests included); ``answers`` the sources of
    the solution cells, whose names (the answers themselves) a learner is meant to set.
    """
    read: set[str] = set()
    for source in tests:
        tree = _parse(source)
        if tree is None:
            continue
        loaded = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        read |= loaded - _bound(tree)
    for source in answers:
        tree = _parse(source)
        if tree is not None:
            read -= _bound(tree)
    return frozenset(read)


def _bound(tree: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _parse(source: str) -> ast.Module | None:
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def scan_source(source: str, guarded: frozenset[str] = frozenset()) -> list[str]:
    """Findings in one cell's code; IPython magics and shell lines are skipped, not flagged."""
    tree = _parse(source)
    if tree is None:
        return []  # it fails when run; the tests then mark it as wrong, nothing to flag
    visitor = _Scan(guarded | ALWAYS_GUARDED)
    visitor.visit(tree)
    return list(dict.fromkeys(visitor.found))  # each finding once, in order


class _Scan(ast.NodeVisitor):
    def __init__(self, guarded: frozenset[str]) -> None:
        self.guarded = guarded
        self.found: list[str] = []
        self.modules: dict[str, str] = {}  # local name -> module it names (import logiserve.x as y)
        self.imported: dict[str, str] = {}  # local name -> "module.attr" (from x import attr)

    # what names refer to --------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:  # import logiserve.autograder.checks as checks
                self.modules[alias.asname] = alias.name
            else:  # import logiserve.autograder.checks binds "logiserve"
                top = alias.name.split(".")[0]
                self.modules[top] = top
            self._low_level(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        for alias in node.names:
            local = alias.asname or alias.name
            self.imported[local] = f"{module}.{alias.name}"
            if module.startswith("logiserve") and alias.name[:1].islower() and not alias.name.startswith("check"):
                self.modules[local] = f"{module}.{alias.name}"  # from logiserve.autograder import checks
        self._low_level(module)

    def _low_level(self, module: str) -> None:
        top = module.split(".")[0]
        if top in _LOW_LEVEL:
            self.found.append(f"imports {top}, which can reach into the marking code")

    def _dotted(self, node: ast.AST) -> str:
        """``a.b.c`` for a chain of attributes on a name, with the name resolved to its module."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return ""
        head = self.modules.get(node.id) or self.imported.get(node.id) or node.id
        return ".".join([head, *reversed(parts)])

    # changing what the tests use ----------------------------------------------------------
    def _target(self, target: ast.AST, verb: str) -> None:
        if isinstance(target, ast.Attribute):
            owner = self._dotted(target.value)
            if owner.startswith("logiserve"):
                self.found.append(f"{verb} {owner}.{target.attr}, part of the marking code")
            elif owner in ("builtins", "__builtins__"):
                self.found.append(f"{verb} the built-in {target.attr} for all code, the checks included")
            elif owner in ("sys", "os") or owner.startswith(("sys.", "os.")):
                self.found.append(f"{verb} {owner}.{target.attr}")
        elif isinstance(target, ast.Subscript):
            owner = self._dotted(target.value)
            if owner in ("sys.modules", "__builtins__", "builtins.__dict__", "globals", "vars"):
                self.found.append(f"{verb} an entry of {owner}")
            elif owner == "os.environ":
                self.found.append(f"{verb} an environment variable (os.environ), {_WHOSE_NUMBERS}")
        elif isinstance(target, ast.Name):
            self._name(target.id, verb)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                self._target(element, verb)

    def _name(self, name: str, verb: str) -> None:
        if name == "__builtins__":
            self.found.append(f"{verb} __builtins__, the built-ins the tests rely on")
        elif name in self.guarded or name.startswith("check_"):
            what = "the built-in " if name in dir(builtins) else ""
            self.found.append(f"{verb} {what}{name}, which the tests read")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, "replaces")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, "changes")
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._target(node.target, "replaces")
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._target(target, "deletes")
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._name(node.name, "redefines")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._name(node.name, "redefines")
        methods = sorted(
            item.name
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name in _COMPARISON_METHODS
        )
        if methods:
            self.found.append(
                f"defines class {node.name} that changes how its objects compare or convert "
                f"({', '.join(methods)}); answers must be plain values"
            )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = self._dotted(node.func)
        last = name.rsplit(".", 1)[-1]
        if name in _CODE_FROM_TEXT or (name.startswith("builtins.") and last in _CODE_FROM_TEXT):
            self.found.append(f"runs code built from text ({last})")
        elif name in ("setattr", "delattr", "object.__setattr__") and node.args:
            owner = self._dotted(node.args[0])
            if owner.startswith("logiserve") or owner in ("builtins", "__builtins__", "sys", "sys.modules"):
                self.found.append(f"changes {owner} with {name}(), part of the marking code")
        elif "." in name and tuple(name.split(".")[-2:]) in _STOPS:
            self.found.append(f"calls {name}(), which stops or redirects the kernel")
        elif name.startswith("sys.modules.") and last in ("update", "pop", "clear", "setdefault", "__setitem__"):
            self.found.append(f"changes sys.modules ({last})")
        elif name in _ENVIRONMENT_CALLS:
            self.found.append(f"calls {name}(): {_ENVIRONMENT_CALLS[name]}, {_WHOSE_NUMBERS}")
        elif last in ("_getframe", "settrace", "setprofile", "addaudithook") and name.startswith("sys."):
            self.found.append(f"calls {name}(), which can reach into the marking code")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self.found.append("uses __builtins__, the built-ins the tests rely on")
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            if name in self.guarded:
                self.found.append(f"declares {name} global, which the tests read")
