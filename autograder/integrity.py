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
"""

from __future__ import annotations

import ast
import builtins
import functools
import importlib
import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ALWAYS_GUARDED",
    "CourseCall",
    "course_functions",
    "domain_modules",
    "find_course_calls",
    "names_tests_read",
    "scan_notebook",
    "scan_source",
]

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


# -- the course's own functions in a learner's answers ------------------------------------------------------------
# The course's domain core works out the graded figures (logiserve.inventory.eoq is the EOQ step's answer), and a
# learner's kernel can import it. That is not a trick on the marking, so it is not flagged above; it is reported to
# the tutor (logiserve.autograder.report), per learner and exercise, and the tutor decides: no mark changes here.
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
    package (its only imports of ``logiserve`` are private helpers, ``_tables``): the formulas and
    KPIs, not the course machinery; and that the hidden tests ``tests`` (test cells' sources)
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


@functools.cache
def _core_leaves() -> frozenset[str]:
    """Top-level public modules of ``logiserve`` whose only imports of the package are private helpers."""
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
        if all(name.startswith("_") for name in uses):
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
    from logiserve import widgets
    from logiserve.widgets._explorer import Explorer

    for attr in widgets.__all__:
        value = getattr(widgets, attr)
        if inspect.isclass(value) and issubclass(value, Explorer):
            home = f"logiserve.widgets.{attr}"
            names[home] = names[f"{value.__module__}.{attr}"] = home
    return names


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
        self.cell, self.number, self.report, self.answers = "", 0, False, ()

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
