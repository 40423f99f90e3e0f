"""The learner code cells of ``test_learner_code``: each one tries to change marks from the learner's kernel.

Every attack is general (it names no assignment, test cell or learner variable) and uses the
public workings of IPython, Python and the course's packages, one family at a time.
"""

from __future__ import annotations

import textwrap

__all__ = ["ATTACKS"]

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
    "custom-exc": textwrap.dedent(
        """\
        def _forget(shell, etype, value, tb, tb_offset=None):
            shell.displayhook.exec_result.error_in_exec = None  # the cell counts as having run cleanly
            return []


        get_ipython().set_custom_exc((Exception,), _forget)
        """
    ),
    "showtraceback": textwrap.dedent(
        """\
        def _no_traceback(*args, **kwargs):
            get_ipython().displayhook.exec_result.error_in_exec = None  # the cell counts as having run cleanly


        get_ipython().showtraceback = _no_traceback
        """
    ),
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


        def _forget(shell, etype, value, tb, tb_offset=None):
            shell.displayhook.exec_result.error_in_exec = None
            return []


        def _keep_patching(shell):
            while True:
                CheckResult.award = lambda self: float(self.max_score)
                shell.set_custom_exc((Exception,), _forget)
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
        import sys

        _shell = get_ipython()
        _shown = set()


        class _Stream:
            def __init__(self, stream):
                self._stream = stream

            def __getattr__(self, name):
                return getattr(self._stream, name)

            def _first(self):
                if _shell.execution_count not in _shown:  # a result before anything else the cell shows
                    _shown.add(_shell.execution_count)
                    _shell.displayhook("all done")

            def write(self, text):
                self._first()
                return self._stream.write(text)

            def flush(self):
                self._first()  # an error's traceback flushes the streams first
                return self._stream.flush()


        sys.stdout = _Stream(sys.stdout)
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
