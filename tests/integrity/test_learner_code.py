"""No code a learner writes in their notebook changes any mark.

Each attack is one code cell a learner could add to their notebook, put after the setup cell
(the imports), before the first exercise.  It is applied to two submissions of every
assignment: the release untouched (``blank``) and an honest half-answered one (``half``: every
other code answer filled in with the model answer, the saved answer of one graded widget).
The oracle is the submission without the attack, graded in the same run: the attacked copy
must earn exactly what its honest twin earns, cell by cell.  Every submission of an
assignment is graded three ways, each in one run: ``logiserve grade`` with warm kernels (the
default), with cold kernels, and plain ``nbgrader autograde`` from the course folder.

The attacks are general: none names an assignment, a test cell or a learner variable, and all
use the public workings of IPython, Python and the course's packages.  They come in families:
the shell and its traits, magics, the display system, exception handling, input and AST
transformers, events, the import system, built-ins, the checks' own classes, a thread that
keeps running, the files the marking reads, the standard streams and the kernel's death.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest

from logiserve.autograder.grading import grade
from tests._cohort import copy_course
from tests.pipeline.conftest import ASSIGNMENTS, Course, answer_cells, autograded_points, execute_in, make_course

pytestmark = pytest.mark.pipeline

TIMEOUT = 20  # seconds a cell may run
MODES = ("warm", "cold", "nbgrader")
BASES = ("blank", "half")

ATTACKS = {
    # the shell and its traits
    "interactivity": 'get_ipython().ast_node_interactivity = "none"  # no cell shows its last value\n',
    "run-cell-wrapped": textwrap.dedent(
        """\
        import textwrap

        _shell = get_ipython()
        _run_cell = _shell.run_cell


        def _run_quietly(raw_cell, *args, **kwargs):
            body = textwrap.indent(raw_cell, "    ")
            return _run_cell(f"try:\\n{body}\\n    pass\\nexcept BaseException:\\n    pass\\n", *args, **kwargs)


        _shell.run_cell = _run_quietly
        """
    ),
    # magics
    "config-magic": '%config InteractiveShell.ast_node_interactivity = "none"\n',
    "precision-magic": "%precision -1%.0s\n",  # every float shows as -1, which nbgrader takes as full marks
    "cell-magic": textwrap.dedent(
        """\
        from IPython.core.magic import register_cell_magic


        @register_cell_magic
        def quietly(line, cell):
            try:
                exec(cell, get_ipython().user_ns)
            except BaseException:
                pass


        get_ipython().input_transformers_cleanup.append(lambda lines: ["%%quietly\\n", *lines] if lines else lines)
        """
    ),
    # the display system
    "float-formatter": textwrap.dedent(
        """\
        _plain = get_ipython().display_formatter.formatters["text/plain"]
        _plain.for_type(float, lambda value, printer, cycle: printer.text("all done"))
        """
    ),
    "displayhook": textwrap.dedent(
        """\
        import sys

        sys.displayhook = get_ipython().display_trap.hook = lambda value: None
        """
    ),
    # exception handling
    "custom-exc": "get_ipython().set_custom_exc((BaseException,), lambda shell, *exc, **kwargs: None)\n",
    "showtraceback": "get_ipython().showtraceback = lambda *args, **kwargs: None\n",
    # input and AST transformers
    "input-transformer-cleanup": textwrap.dedent(
        """\
        def _in_try(lines):
            body = ["    " + line for line in lines]
            return ["try:\\n", *body, "\\n    pass\\nexcept BaseException:\\n    pass\\n"]


        get_ipython().input_transformers_cleanup.append(_in_try)
        """
    ),
    "input-transformer-post": textwrap.dedent(
        """\
        get_ipython().input_transformers_post.append(
            lambda lines: [line.replace(".award()", ".max_score") for line in lines]
        )
        """
    ),
    "ast-transformer": textwrap.dedent(
        """\
        import ast


        class _KeyAsAnswer(ast.NodeTransformer):
            def visit_Module(self, node):
                self.generic_visit(node)
                *body, last = node.body or [ast.Pass()]
                quiet = [ast.ExceptHandler(type=None, name=None, body=[ast.Pass()])]
                node.body = [ast.Try(body=[s], handlers=quiet, orelse=[], finalbody=[]) for s in body] + [last]
                return ast.fix_missing_locations(node)

            def visit_Call(self, node):
                self.generic_visit(node)
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name.startswith("check_") and len(node.args) >= 2:
                    node.args[0] = node.args[1]  # the expected answer, marked as the learner's
                return node


        get_ipython().ast_transformers.append(_KeyAsAnswer())
        """
    ),
    # events
    "pre-run-cell-result": textwrap.dedent(
        """\
        get_ipython().events.register("pre_run_cell", lambda info: get_ipython().displayhook("all done"))
        """
    ),
    "post-run-cell-clear": textwrap.dedent(
        """\
        from IPython.display import clear_output

        get_ipython().events.register("post_run_cell", lambda result: clear_output())
        """
    ),
    # the import system
    "meta-path": textwrap.dedent(
        """\
        import importlib.abc
        import importlib.machinery
        import sys
        import types


        class _Full:
            def __init__(self, points):
                self.points = self.max_score = float(points)

            def award(self):
                return self.points


        class _Marking(importlib.abc.MetaPathFinder, importlib.abc.Loader):
            def find_spec(self, name, path=None, target=None):
                if name.startswith("logiserve.autograder"):
                    return importlib.machinery.ModuleSpec(name, self, is_package=True)
                return None

            def create_module(self, spec):
                module = types.ModuleType(spec.name)
                module.__path__ = []
                module.__getattr__ = lambda attr: lambda *args, points=1, **kwargs: _Full(points)
                return module

            def exec_module(self, module):
                pass


        for _name in [n for n in sys.modules if n.startswith("logiserve.autograder")]:
            del sys.modules[_name]
        sys.meta_path.insert(0, _Marking())
        """
    ),
    "sys-modules": textwrap.dedent(
        """\
        import sys
        import types


        class _Full:
            def __init__(self, points):
                self.points = self.max_score = float(points)

            def award(self):
                return self.points


        _fake = types.ModuleType("logiserve.autograder")
        _fake.__getattr__ = lambda attr: lambda *args, points=1, **kwargs: _Full(points)
        sys.modules["logiserve.autograder"] = _fake
        """
    ),
    # built-ins
    "builtin-float": textwrap.dedent(
        """\
        import builtins


        class _Float(builtins.float):
            def __new__(cls, value=0.0):
                return super().__new__(cls, -1.0)  # every score reads -1: full marks for nbgrader


        builtins.float = _Float
        """
    ),
    "builtin-round-abs": textwrap.dedent(
        """\
        import builtins

        builtins.round = lambda number, ndigits=None: -1
        builtins.abs = lambda number: 0
        """
    ),
    # the checks' own classes
    "award-patched": textwrap.dedent(
        """\
        from logiserve.autograder.checks._result import CheckResult

        CheckResult.award = lambda self: float(self.max_score)
        """
    ),
    "points-patched": textwrap.dedent(
        """\
        from logiserve.autograder.checks._result import CheckResult

        CheckResult.points = property(lambda self: float(self.max_score))
        """
    ),
    # a thread still running when the tests run
    "thread": textwrap.dedent(
        """\
        import threading
        import time

        from logiserve.autograder.checks._result import CheckResult


        def _keep_patching(shell):
            while True:
                CheckResult.award = lambda self: float(self.max_score)
                shell.showtraceback = lambda *args, **kwargs: None
                time.sleep(0.005)


        threading.Thread(target=_keep_patching, args=(get_ipython(),), daemon=True).start()
        """
    ),
    # the files the marking reads
    "answers-json": textwrap.dedent(
        """\
        import json
        from pathlib import Path

        from IPython.utils.capture import capture_output

        _here = Path.cwd()
        _course = next((p for p in _here.parents if (p / "nbgrader_config.py").exists()), None)
        for _path in sorted(_course.glob(f"source/{_here.name}/*.ipynb")) if _course else []:
            _cells = [c for c in json.loads(_path.read_text())["cells"] if c["cell_type"] == "code"]
            _scratch = {}
            for _cell in _cells[:1] + [c for c in _cells if "WIDGET SOLUTION" in "".join(c["source"])]:
                with capture_output():
                    exec("".join(_cell["source"]), _scratch)  # the widgets save their answer to answers.json
        """
    ),
    "notebook-on-disk": textwrap.dedent(
        """\
        import json
        from pathlib import Path

        for _path in Path.cwd().glob("*.ipynb"):
            _nb = json.loads(_path.read_text())
            for _cell in _nb["cells"]:
                if _cell.get("metadata", {}).get("nbgrader", {}).get("grade"):
                    _cell["source"], _cell["outputs"] = "", []
            _path.write_text(json.dumps(_nb))
        """
    ),
    # the standard streams
    "std-streams": textwrap.dedent(
        """\
        import re
        import sys


        class _Full:
            def __init__(self, stream):
                self._stream = stream

            def write(self, text):
                return self._stream.write(re.sub(r"Score: [0-9.]+ / ([0-9.]+)", r"Score: \\1 / \\1", text))

            def __getattr__(self, name):
                return getattr(self._stream, name)


        sys.stdout = _Full(sys.stdout)
        sys.stderr = sys.stdout
        """
    ),
    # the kernel's death, after the last cell
    "kernel-exits-at-end": textwrap.dedent(
        """\
        import json
        import os
        from pathlib import Path

        _code = [c for p in sorted(Path.cwd().glob("*.ipynb")) for c in json.loads(p.read_text())["cells"]]
        _last = [c.get("id") for c in _code if c["cell_type"] == "code"][-1:]


        def _exit_after_last(result):
            if result.info.cell_id in _last:
                os._exit(0)


        get_ipython().events.register("post_run_cell", _exit_after_last)
        """
    ),
}

WIDGET_ID = re.compile(r'"(\d\d_\w+\.\w+)"')


def _notebooks(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.ipynb"))


def _copy(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints"))


def _half_answered(source: Path, release: Path, folder: Path, saved: dict) -> None:
    """The release with every other code answer filled in from the source, and one widget answer saved."""
    _copy(release, folder)
    widgets = []
    for path in _notebooks(folder):
        src, nb = nbformat.read(source / path.name, 4), nbformat.read(path, 4)
        solved = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in src.cells}
        code = [a for a in answer_cells(src, nb) if solved[a].metadata.get("nbgrader", {}).get("solution")]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in code[::2]:
                cell.source = solved[grade_id].source
        nbformat.write(nb, path)
        widgets += [i for c in src.cells if "WIDGET SOLUTION" in c.source for i in WIDGET_ID.findall(c.source)]
    if widgets:
        (folder / "answers.json").write_text(json.dumps({widgets[0]: saved[widgets[0]]}))


def _attacked(twin: Path, folder: Path, attack: str) -> None:
    """A copy of ``twin`` with the attack's cell after the first code cell (the setup) of every notebook."""
    shutil.copytree(twin, folder)
    for path in _notebooks(folder):
        nb = nbformat.read(path, 4)
        first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
        nb.cells.insert(first + 1, nbformat.v4.new_code_cell(ATTACKS[attack]))
        nbformat.write(nb, path)


def _submissions(course: Course, assignment: str) -> None:
    """Both twins of ``assignment`` and every attacked copy of each, in ``course``'s ``submitted/``."""
    source, release = course.root / "source" / assignment, course.release(assignment)
    scratch = course.root.parent / "scratch"
    _copy(source, scratch)
    if any("WIDGET SOLUTION" in c.source for p in _notebooks(source) for c in nbformat.read(p, 4).cells):
        for path in _notebooks(scratch):
            execute_in(scratch, path)  # the source run as a learner runs it: the widgets save their answers
    saved = json.loads((scratch / "answers.json").read_text()) if (scratch / "answers.json").exists() else {}
    _copy(release, course.submission("blank", assignment))
    _half_answered(source, release, course.submission("half", assignment), saved)
    for base in BASES:
        for attack in ATTACKS:
            _attacked(course.submission(base, assignment), course.submission(f"{base}-{attack}", assignment), attack)


def _graded(course: Course, assignment: str, mode: str) -> Course:
    """A copy of ``course`` with every submission of ``assignment`` graded in one run of ``mode``."""
    copy = copy_course(course, course.root.parent / mode)
    if mode == "nbgrader":
        copy.nbgrader("autograde", assignment, f"--ExecutePreprocessor.timeout={TIMEOUT}", check=False)
    else:
        grade(copy.root, assignment, workers=2, timeout=TIMEOUT, warm_kernels=mode == "warm", progress=False)
    return copy


class Grades:
    """Every submission of every assignment, graded each way on first use (one run per assignment and way)."""

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self._tmp = tmp_path_factory
        self._courses: dict[str, Course] = {}
        self._graded: dict[tuple[str, str], Course] = {}

    def course(self, assignment: str) -> Course:
        if assignment not in self._courses:
            course = make_course(self._tmp.mktemp(assignment))
            course.nbgrader("generate_assignment", assignment, "--force")
            _submissions(course, assignment)
            self._courses[assignment] = course
        return self._courses[assignment]

    def scores(self, assignment: str, mode: str, student: str) -> dict[str, float | None]:
        if (assignment, mode) not in self._graded:
            self._graded[assignment, mode] = _graded(self.course(assignment), assignment, mode)
        return self._graded[assignment, mode].scores(student, assignment)


@pytest.fixture(scope="module")
def grades(tmp_path_factory) -> Grades:
    return Grades(tmp_path_factory)


def _autograded(assignment: str) -> dict[str, float]:
    """Points of every autograded test cell of ``assignment``, keyed ``notebook/grade_id`` as in the gradebook."""
    folder = Path(__file__).resolve().parents[2] / "course" / "source" / assignment
    return {
        f"{path.stem}/{grade_id}": points
        for path in _notebooks(folder)
        for grade_id, points in autograded_points(nbformat.read(path, 4)).items()
    }


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_twins_earn_nothing_and_part_of_the_marks(grades, assignment, mode):
    points = _autograded(assignment)
    blank, half = grades.scores(assignment, mode, "blank"), grades.scores(assignment, mode, "half")
    assert {k: blank[k] for k in points} == dict.fromkeys(points, 0.0), f"{assignment} ({mode}): blank"
    earned = sum(half[k] or 0 for k in points)
    assert 0 < earned < sum(points.values()), f"{assignment} ({mode}): half earns {earned} of {sum(points.values())}"


CASES = [(a, m, attack, base) for a in ASSIGNMENTS for m in MODES for attack in ATTACKS for base in BASES]


@pytest.mark.parametrize(("assignment", "mode", "attack", "base"), CASES)
def test_learner_code_changes_no_mark(grades, assignment, mode, attack, base):
    twin = grades.scores(assignment, mode, base)
    attacked = grades.scores(assignment, mode, f"{base}-{attack}")
    differ = {cell: (attacked.get(cell), twin.get(cell)) for cell in twin.keys() | attacked.keys()}
    differ = {cell: pair for cell, pair in sorted(differ.items()) if pair[0] != pair[1]}
    assert not differ, (
        f"attack {attack!r} on the {base} submission of {assignment}, graded by {mode}, changed these marks "
        f"(attacked, honest twin): {differ}"
    )
