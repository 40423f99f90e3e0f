"""The docstring examples of every module of the package run and are right.

Every module is found from pyproject.toml's package-dir mapping (:mod:`tests._modules`), so a new
module's examples run without being listed here.
"""

import doctest
import importlib

import pytest

from tests._modules import modules

SKIP = {"logiserve.__main__"}  # importing it runs the command line
# the modules whose examples are the documentation of their formulas: at least this many must run
LEAST_EXAMPLES = {
    "logiserve.kpis": 20,
    "logiserve.inventory": 15,
    "logiserve.complaints": 8,
    "logiserve.transport": 10,
    "logiserve.suppliers": 8,
    "logiserve.risk": 2,
    "logiserve.journey": 1,
    "logiserve.datasets": 1,
    "logiserve.datasets._orders": 1,
    "logiserve.datasets._complaints": 1,
    "logiserve.datasets._demand": 1,
    "logiserve.datasets._journey_feedback": 1,
    "logiserve.datasets._lanes": 1,
    "logiserve.datasets._shipments": 1,
    "logiserve.datasets._inbound": 1,
    "logiserve.widgets.eoq_explorer": 1,
    "logiserve.widgets.safety_stock_explorer": 1,
    "logiserve.variants": 1,
    "logiserve.course": 1,
}
MODULES = [m.name for m in modules() if m.name not in SKIP]


def test_every_module_is_found():
    """The walk sees the mapped packages too (an empty walk would make the examples below pass unseen)."""
    assert {"logiserve.variants", "logiserve.course", "logiserve.widgets.sorter", "logiserve.datasets._parties"} <= set(
        MODULES
    )
    assert any(name.startswith("logiserve.autograder.") for name in MODULES)
    assert set(LEAST_EXAMPLES) <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= LEAST_EXAMPLES.get(name, 0)
    assert result.failed == 0
