"""The docstring examples of every module run and are right."""

import doctest
import importlib

import pytest

MODULES = [
    "logiserve.customers",
    "logiserve.syllabus",
    "logiserve.widgets._store",
    "logiserve.widgets._frontend",
    "logiserve.widgets.sorter",
    "logiserve.widgets.sequencer",
    "logiserve.widgets.journey",
    "logiserve.widgets.scenario",
    "logiserve.autograder.checks",
    "logiserve.widgets.safety_stock_explorer",
    "logiserve.widgets.eoq_explorer",
    "logiserve.autograder.method",
    "logiserve.autograder.charts",
    "logiserve.datasets",
    "logiserve.datasets._parties",
    "logiserve.datasets._orders",
    "logiserve.kpis",
    "logiserve.journey",
    "logiserve.datasets._journey_feedback",
    "logiserve.complaints",
    "logiserve.datasets._complaints",
    "logiserve.inventory",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
