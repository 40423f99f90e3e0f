"""A learner's answer cells that use the course's own functions for graded figures: found by reading, for the tutor."""

from __future__ import annotations

import nbformat
import pytest

from logiserve.autograder.course_functions import course_functions, domain_modules, find_course_calls
from tests._modules import REPO

SOURCE = REPO / "course" / "source"


def _tests() -> list[str]:
    """Every test cell of every source notebook, hidden tests included."""
    out = []
    for path in sorted(SOURCE.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        out += [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    return out


FUNCTIONS = course_functions(_tests())
SETUP = (
    "import math\n"
    "from logiserve.autograder.checks import describe_answer\n"
    "from logiserve.datasets import load\n"
    "from logiserve.variants import variant\n"
    "from logiserve.widgets import CategorySorter, EOQExplorer, SafetyStockExplorer\n"
    'planter = variant("05_inventory")'
)


def notebook(*answers: str, setup: str = SETUP, test: str = "") -> list[nbformat.NotebookNode]:
    """A notebook: the course's setup cell, then one answer cell per source (``answer1``, ...), then a test cell."""
    cells = [nbformat.v4.new_code_cell(setup, metadata={"nbgrader": {"grade_id": "setup", "locked": True}})]
    for number, source in enumerate(answers, start=1):
        cells.append(
            nbformat.v4.new_code_cell(source, metadata={"nbgrader": {"grade_id": f"answer{number}", "solution": True}})
        )
    if test:
        cells.append(nbformat.v4.new_code_cell(test, metadata={"nbgrader": {"grade_id": "a_test", "locked": True}}))
    return cells


def found(*answers: str, **kwargs: str) -> list[tuple[str, str, str]]:
    cells = notebook(*answers, **kwargs)
    return [(c.cell, c.how, c.name) for c in find_course_calls(cells, FUNCTIONS, read_only={"setup", "a_test"})]


def test_the_domain_modules_are_read_from_the_package_and_the_hidden_tests():
    assert domain_modules(_tests()) == {
        "logiserve.complaints",
        "logiserve.customers",
        "logiserve.inventory",
        "logiserve.journey",
        "logiserve.kpis",
        "logiserve.risk",
        "logiserve.suppliers",
        "logiserve.transport",
    }
    # every public function of theirs, none of the course machinery's
    import logiserve.inventory
    import logiserve.kpis
    import logiserve.risk
    import logiserve.suppliers
    import logiserve.transport

    for module in (logiserve.inventory, logiserve.kpis, logiserve.risk, logiserve.suppliers, logiserve.transport):
        functions = {n for n in module.__all__ if callable(getattr(module, n)) and n.islower()}
        assert {f"{module.__name__}.{n}" for n in functions} <= set(FUNCTIONS)
    assert "logiserve.classify_party" in FUNCTIONS  # re-exported by the package
    assert FUNCTIONS["logiserve.widgets.eoq_explorer.EOQExplorer"] == "logiserve.widgets.EOQExplorer"
    for helper in ("logiserve.datasets.load", "logiserve.variants.variant", "logiserve.widgets.CategorySorter"):
        assert helper not in FUNCTIONS
    assert not any(
        name.startswith(("logiserve.chance", "logiserve.errors", "logiserve.autograder")) for name in FUNCTIONS
    )
    assert domain_modules(["from logiserve import kpis"]) == {"logiserve.kpis"}  # only what the tests import


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "from logiserve import inventory\norder_quantity = inventory.eoq(11804, 50, 2.4)",
            [("imports", "logiserve.inventory"), ("calls", "logiserve.inventory.eoq")],
        ),
        (
            "from logiserve import kpis as k\nrate = k.otif(load('orders'))",
            [("imports", "logiserve.kpis"), ("calls", "logiserve.kpis.otif")],
        ),
        (
            "import logiserve.kpis\nrate = logiserve.kpis.otif(rows)",
            [("imports", "logiserve.kpis"), ("calls", "logiserve.kpis.otif")],
        ),
        (
            "import logiserve.complaints as c\ntop = c.pareto(rows)",
            [("imports", "logiserve.complaints"), ("calls", "logiserve.complaints.pareto")],
        ),
        (
            "from logiserve.customers import classify_parties as sort_them\nkinds = sort_them(parties)",
            [("imports", "logiserve.customers.classify_parties"), ("calls", "logiserve.customers.classify_parties")],
        ),
        (
            "import logiserve\nz = logiserve.inventory.z_for_service_level(0.95)",
            [("calls", "logiserve.inventory.z_for_service_level")],
        ),
        (
            'from logiserve import classify_party\nkind = classify_party(True, "them")',
            [("imports", "logiserve.customers.classify_party"), ("calls", "logiserve.customers.classify_party")],
        ),
        (
            "import logiserve\nf = getattr(logiserve.inventory, 'safety_stock')\n"
            "safety_stock_units = f(0.95, 15.8, 10)",
            [("calls", "logiserve.inventory.safety_stock")],
        ),
        (
            "import logiserve.inventory as inv\nname = 'reorder' + '_point'\n"
            "reorder_level = getattr(inv, name)(1, 2, 3)",
            [("imports", "logiserve.inventory"), ("reaches", "logiserve.inventory.*")],
        ),
        (
            "import importlib\nm = importlib.import_module('logiserve.inventory')\nz = m.z_for_service_level(0.9)",
            [("calls", "logiserve.inventory.z_for_service_level")],
        ),
        (
            "from importlib import import_module as im\nz = im('logiserve.inventory').z_for_service_level(0.9)",
            [("calls", "logiserve.inventory.z_for_service_level")],
        ),
        (
            "lib = __import__('logiserve.inventory')\nz = lib.inventory.z_for_service_level(0.9)",
            [("calls", "logiserve.inventory.z_for_service_level")],
        ),
        (
            "from logiserve import journey\nworst = vars(journey)['weakest_moment'](rows)",
            [("imports", "logiserve.journey"), ("calls", "logiserve.journey.weakest_moment")],
        ),
        (
            "from logiserve.inventory import *\norder_quantity = eoq(11804, 50, 2.4)",
            [("imports", "logiserve.inventory.*"), ("calls", "logiserve.inventory.eoq")],
        ),
        (
            "e = SafetyStockExplorer(mean_demand=32.34, mean_demand_range=(1, 50))\n"
            "safety_stock_units = e.result.safety_stock",
            [("calls", "logiserve.widgets.SafetyStockExplorer")],
        ),
    ],
)
def test_a_course_function_in_an_answer_cell_is_found_however_it_is_named(code, expected):
    assert found(code) == [("answer1", how, name) for how, name in expected]


def test_names_carry_from_cell_to_cell_as_in_the_kernel():
    calls = found("from logiserve import inventory as inv", "order_quantity = inv.eoq(11804, 50, 2.4)")
    assert calls == [("answer1", "imports", "logiserve.inventory"), ("answer2", "calls", "logiserve.inventory.eoq")]


def test_a_name_the_hidden_tests_bind_counts_when_the_learner_uses_it():
    # at autograde the test cell's hidden import binds `inventory`; a later answer cell can use it without importing
    test = "describe_answer(x)\n### BEGIN HIDDEN TESTS\nfrom logiserve import inventory\n### END HIDDEN TESTS"
    cells = notebook("x = 1", "z = inventory.z_for_service_level(0.95)", test=test)
    cells.append(cells.pop(2))  # the answer after the test
    calls = find_course_calls(cells, FUNCTIONS, read_only={"setup": SETUP, "a_test": test})
    assert [(c.cell, c.how, c.name, c.line, c.answers) for c in calls] == [
        ("answer2", "calls", "logiserve.inventory.z_for_service_level", 1, ("z",))
    ]


@pytest.mark.parametrize(
    "code",
    [
        'annual_demand = planter["daily_demand"] * 365',  # the learner's own numbers: the course gives them
        'order_quantity = math.sqrt(2 * planter["daily_demand"] * 365 * planter["order_cost"] / 2.4)',
        'demand = load("demand")\nannual_value = (demand["units"] * demand["unit_cost"]).groupby(demand["sku"]).sum()',
        "from statistics import NormalDist\nz = NormalDist().inv_cdf(0.95)",
        "from logiserve.datasets import load\nrows = load('orders')",
        "describe_answer(1.0, expect='number', name='x')",
        # their own function, of the same name
        "def eoq(d, s, h):\n    return (2 * d * s / h) ** 0.5\norder_quantity = eoq(11804, 50, 2.4)",
        "inventory = {'eoq': 1}\norder_quantity = inventory['eoq']",
        "from logiserve import inventory\ninventory = None\nx = 1",  # imported: that alone is found, nothing after
        "text = 'logiserve.inventory.eoq(1, 2, 3)'",
        "%timeit 1 + 1\nx = 2",
    ],
)
def test_own_work_and_the_courses_helpers_are_not_found(code):
    calls = found(code)
    assert calls in ([], [("answer1", "imports", "logiserve.inventory")]), calls
    if "inventory = None" in code:
        assert calls == [("answer1", "imports", "logiserve.inventory")]


def test_the_courses_own_cells_are_never_reported():
    setup = SETUP + "\nfrom logiserve import inventory\ne = EOQExplorer()\nq = inventory.eoq(1, 2, 3)"
    assert found("x = 1", setup=setup) == []
    assert found("q = inventory.eoq(1, 2, 3)", setup=setup) == [("answer1", "calls", "logiserve.inventory.eoq")]


def test_a_cell_the_learner_added_is_read_and_named_by_its_place():
    cells = notebook("x = 1")
    cells.append(nbformat.v4.new_code_cell("from logiserve import kpis\nrate = kpis.otif(rows)"))
    calls = find_course_calls(cells, FUNCTIONS, read_only={"setup"})
    assert [c.text() for c in calls] == [
        "cell 3 (added by the learner), line 1: imports logiserve.kpis, which works out graded figures",
        "cell 3 (added by the learner), line 2: calls logiserve.kpis.otif, which works out graded figures",
    ]


def test_the_released_notebooks_answered_with_the_model_solutions_use_no_course_function():
    """The course's own answers work everything out: a learner who answers as the model does is never reported."""
    for path in sorted(SOURCE.glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        locked = {
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("locked")
        }
        assert find_course_calls(nb.cells, FUNCTIONS, read_only=locked) == [], path.name
