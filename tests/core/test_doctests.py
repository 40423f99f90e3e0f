"""The docstring examples of every module of the package run and are right.

Every module is found from pyproject.toml's package-dir mapping (:mod:`tests._modules`), so a new
module's examples run without being listed here.
"""

import doctest
import importlib

import pytest

from tests._modules import modules

SKIP = {"logiserve.__main__"}  # importing it runs the command line
MODULES = [m.name for m in modules() if m.name not in SKIP]


def test_every_module_is_found():
    """The walk sees the mapped packages too (an empty walk would make the examples below pass unseen)."""
    assert {"logiserve.variants", "logiserve.course", "logiserve.widgets.sorter", "logiserve.datasets._parties"} <= set(
        MODULES
    )
    assert any(name.startswith("logiserve.autograder.") for name in MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
