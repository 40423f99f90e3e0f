"""Reading a submission's code for attempts to change how it is marked."""

from __future__ import annotations

import nbformat
import pytest

from logiserve.autograder.integrity import names_tests_read, scan_notebook, scan_source

TESTS = [
    'describe_answer(total, expect="number", name="total")\n'
    "### BEGIN HIDDEN TESTS\n"
    "from logiserve.autograder import check_number\n"
    'rows = load("orders")\n'
    "check_number(total, rows['units'].sum(), points=2).award()\n"
    "### END HIDDEN TESTS"
]
ANSWERS = ['total = load("orders")["units"].sum()']
GUARDED = names_tests_read(TESTS, ANSWERS)


def test_the_names_tests_read_are_what_they_load_and_do_not_define_less_the_answers():
    assert names_tests_read(TESTS, ANSWERS) == {"describe_answer", "load"}


@pytest.mark.parametrize(
    ("code", "finding"),
    [
        (
            "from logiserve.autograder import checks\nchecks.check_number = lambda *a, **k: None",
            "replaces logiserve.autograder.checks.check_number, part of the marking code",
        ),
        (
            "import logiserve.autograder.checks as c\nc.check_number = print",
            "replaces logiserve.autograder.checks.check_number, part of the marking code",
        ),
        (
            "import logiserve\nlogiserve.autograder.check_number = None",
            "replaces logiserve.autograder.check_number, part of the marking code",
        ),
        (
            "from logiserve import autograder\nsetattr(autograder, 'check_number', None)",
            "changes logiserve.autograder with setattr(), part of the marking code",
        ),
        ("load = lambda name: None", "replaces load, which the tests read"),
        ("def describe_answer(*args, **kwargs):\n    pass", "redefines describe_answer, which the tests read"),
        ("def check_number(*args, **kwargs):\n    pass", "redefines check_number, which the tests read"),
        ("import builtins\nbuiltins.float = int", "replaces the built-in float for all code, the checks included"),
        ("__builtins__.isinstance = lambda *a: True", "uses __builtins__, the built-ins the tests rely on"),
        ("import sys\nsys.modules['logiserve.autograder'] = None", "replaces an entry of sys.modules"),
        ("import sys\ndel sys.modules['logiserve']", "deletes an entry of sys.modules"),
        ("import sys\nsys.modules.update({'logiserve': None})", "changes sys.modules (update)"),
        (
            "class Always:\n    def __eq__(self, other):\n        return True\ntotal = Always()",
            "defines class Always that changes how its objects compare or convert (__eq__); "
            "answers must be plain values",
        ),
        (
            "class Liar(float):\n    def __float__(self):\n        return 42.0",
            "defines class Liar that changes how its objects compare or convert (__float__); "
            "answers must be plain values",
        ),
        ("exec('total = 1')", "runs code built from text (exec)"),
        ("total = eval('6 * 7')", "runs code built from text (eval)"),
        ("import os\nos._exit(0)", "calls os._exit(), which stops or redirects the kernel"),
        ("import sys\nsys.exit()", "calls sys.exit(), which stops or redirects the kernel"),
        ("import ctypes", "imports ctypes, which can reach into the marking code"),
        ("import inspect\nframe = inspect.currentframe()", "imports inspect, which can reach into the marking code"),
        ("import sys\nsys.settrace(None)", "calls sys.settrace(), which can reach into the marking code"),
        # whose numbers (logiserve.variants): the autograde folder and the environment
        (
            "import os\nos.chdir('/')",
            "calls os.chdir(): changes the working folder, which the marking reads to know whose numbers to use",
        ),
        (
            "import os\nos.environ['LOGISERVE_LEARNER'] = 'amira'",
            "replaces an environment variable (os.environ), which the marking reads to know whose numbers to use",
        ),
        (
            "from os import environ\nenviron.update(JUPYTERHUB_USER='amira')",
            "calls os.environ.update(): changes the environment, which the marking reads to know whose numbers to use",
        ),
        (
            "import logiserve.variants as v\nv.variant = lambda *a: None",
            "replaces logiserve.variants.variant, part of the marking code",
        ),
    ],
)
def test_each_way_of_changing_the_marking_is_found(code, finding):
    assert finding in scan_source(code, GUARDED)


@pytest.mark.parametrize(
    "code",
    [
        'total = load("orders")["units"].sum()',
        "sum = 3\nmax = 4\nlist = [1, 2]\nprint = print",  # shadowing built-ins the tests do not read
        "import pandas as pd\nframe = pd.DataFrame({'a': [1]})\nframe.loc[0, 'a'] = 2",
        "%matplotlib inline\n!ls\ntotal = 3",
        "def helper(x):\n    return x * 2\n\ntotal = helper(21)",
        "class Parcel:\n    def __init__(self, weight):\n        self.weight = weight",
        "this is not python (",  # fails when run; marked wrong, nothing to flag
        "raise NotImplementedError()",
        "import os\nhome = os.environ.get('HOME')\nfiles = os.listdir('.')",  # reading is fine
    ],
)
def test_ordinary_learner_code_is_not_flagged(code):
    assert scan_source(code, GUARDED) == []


def test_a_notebook_scan_reads_learner_cells_only_and_names_them():
    def cell(source, grade_id=None, locked=False):
        meta = {"nbgrader": {"grade_id": grade_id, "locked": locked}} if grade_id else {}
        return nbformat.v4.new_code_cell(source, metadata=meta)

    cells = [
        nbformat.v4.new_markdown_cell("exec('x')"),
        cell("from logiserve.datasets import load\nexec('given code may do anything')", "setup", locked=True),
        cell("total = eval('1')", "total_answer"),
        cell("load = None"),
        cell("describe_answer(total)\ncheck_number(total, 1, points=1)", "total_test", locked=True),
    ]
    assert scan_notebook(cells, read_only={"setup", "total_test"}, guarded=GUARDED) == [
        "cell 'total_answer': runs code built from text (eval)",
        "cell 4 (added by the learner): replaces load, which the tests read",
    ]
