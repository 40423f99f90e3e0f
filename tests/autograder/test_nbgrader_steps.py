"""ClearWidgetSolutions and where it sits in nbgrader's generate step."""

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from logiserve.autograder.nbgrader_steps import ClearWidgetSolutions, generate_assignment_preprocessors

SOURCE = """w = Sorter()
### BEGIN WIDGET SOLUTION
w.value = {"a": "x"}
### END WIDGET SOLUTION
w"""


def run(source, cell_type="code"):
    cell = new_code_cell(source) if cell_type == "code" else new_markdown_cell(source)
    out, _ = ClearWidgetSolutions().preprocess_cell(cell, {}, 0)
    return out.source


def test_region_is_removed_with_its_delimiters():
    assert run(SOURCE) == "w = Sorter()\nw"


def test_cells_without_a_region_and_markdown_are_untouched():
    assert run("x = 1") == "x = 1"
    assert run(SOURCE, "markdown") == SOURCE


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN WIDGET SOLUTION\nx", "never closed"),
        ("### END WIDGET SOLUTION", "without a begin"),
        ("### BEGIN WIDGET SOLUTION\n### BEGIN WIDGET SOLUTION\n### END WIDGET SOLUTION", "nested"),
    ],
)
def test_broken_regions_fail_loudly(source, message):
    with pytest.raises(RuntimeError, match=message):
        run(source)


def test_runs_before_nbgrader_saves_and_checksums_cells():
    names = [p.__name__ for p in generate_assignment_preprocessors()]
    assert names[0] == "ClearWidgetSolutions"
    assert names.index("ClearWidgetSolutions") < names.index("ComputeChecksums") < names.index("SaveCells")
    assert names.count("ClearWidgetSolutions") == 1
