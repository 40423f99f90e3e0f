"""The course's nbgrader steps and where each sits in nbgrader's lists.

ClearWidgetSolutions (generate_assignment) and HideMarkingCode (generate_feedback).
"""

from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from logiserve.autograder.nbgrader_steps import (
    ClearWidgetSolutions,
    HideMarkingCode,
    generate_assignment_preprocessors,
    generate_feedback_preprocessors,
)

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


# -- HideMarkingCode: feedback shows the result of a test cell, not its marking code ------------------------

TEST_CELL = """describe_answer(x, expect="DataFrame", name="x")
### BEGIN HIDDEN TESTS
from logiserve.autograder import check_names
check_names(x, KEY, points=2).award()
### END HIDDEN TESTS"""
NOTE = HideMarkingCode().note


def grade_cell(source, outputs=(), **nbgrader):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata.nbgrader = {"grade": True, "solution": False, "grade_id": "t", "points": 2, **nbgrader}
    return cell


def hide(cell):
    out, _ = HideMarkingCode().preprocess_cell(cell, {}, 0)
    return out


def test_hidden_region_becomes_one_note_and_outputs_stay():
    outputs = [
        new_output("stream", name="stdout", text="Score: 1 / 2\n- 1 of the 2 internal customers found.\n"),
        new_output("execute_result", data={"text/plain": "1.0"}, execution_count=3),
    ]
    cell = hide(grade_cell(TEST_CELL, outputs))
    assert cell.source == f'describe_answer(x, expect="DataFrame", name="x")\n{NOTE}'
    assert cell.outputs == outputs


def test_the_note_keeps_the_regions_indent():
    cell = hide(grade_cell("if True:\n    ### BEGIN HIDDEN TESTS\n    assert x == 3\n    ### END HIDDEN TESTS\nx"))
    assert cell.source == f"if True:\n    {NOTE}\nx"


def test_widget_solution_regions_are_removed():
    cell = new_code_cell(SOURCE)
    cell.metadata.nbgrader = {"grade": False, "solution": False, "locked": True, "grade_id": "w"}
    assert hide(cell).source == "w = Sorter()\nw"


@pytest.mark.parametrize(
    "cell",
    [
        new_markdown_cell("### BEGIN HIDDEN TESTS\nsecret\n### END HIDDEN TESTS"),
        grade_cell("### BEGIN HIDDEN TESTS\nmy own code\n### END HIDDEN TESTS", solution=True),
        grade_cell("x = 1"),
    ],
    ids=["markdown", "learner's answer cell", "no region"],
)
def test_other_cells_are_untouched(cell):
    before = cell.source
    assert hide(cell).source == before


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a\n### BEGIN HIDDEN TESTS\nsecret_line()", f"a\n{NOTE}"),
        ("a\n### END HIDDEN TESTS\nb", "a\nb"),
        (
            "### BEGIN HIDDEN TESTS\nsecret_one()\n### BEGIN HIDDEN TESTS\nsecret_two()\n### END HIDDEN TESTS\nb",
            f"{NOTE}\nb",
        ),
    ],
    ids=["never closed: hide the rest", "stray end: dropped", "nested begin: stays hidden"],
)
def test_broken_regions_never_stop_feedback_nor_leak(source, expected):
    assert hide(grade_cell(source)).source == expected


def test_a_traceback_loses_the_lines_that_quote_marking_code():
    red, reset = "\x1b[31m", "\x1b[39m"
    traceback = [
        f"{red}NameError{reset}                                 Traceback (most recent call last)",
        "\n".join(
            [
                "Cell In[8], line 4",
                f'      1 describe_answer(x, expect={red}"DataFrame"{reset}, name="x")',
                "      2 ### BEGIN HIDDEN TESTS",
                f"      3 {red}from{reset} logiserve.autograder {red}import{reset} check_names",
                "----> 4 check_names(x, KEY, points=2).award()",
            ]
        ),
        f"{red}NameError{reset}: name 'KEY' is not defined",
    ]
    error = new_output("error", ename="NameError", evalue="name 'KEY' is not defined", traceback=traceback)
    shown = "\n".join(hide(grade_cell(TEST_CELL, [error])).outputs[0].traceback)
    assert "check_names" not in shown and "BEGIN HIDDEN" not in shown
    assert shown.count(NOTE) == 1, "a run of hidden lines becomes one note"
    assert "describe_answer" in shown and "name 'KEY' is not defined" in shown and "Cell In[8], line 4" in shown


def test_feedback_hides_marking_code_before_any_other_step():
    from nbgrader.converters import GenerateFeedback

    steps = generate_feedback_preprocessors()
    assert steps[0] is HideMarkingCode
    assert steps[1:] == GenerateFeedback.class_traits()["preprocessors"].default(), "nbgrader's own steps, in order"


def test_the_course_config_registers_both_step_lists():
    from traitlets.config.loader import PyFileConfigLoader

    course = Path(__file__).resolve().parents[2] / "course"
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    assert config.GenerateFeedback.preprocessors == generate_feedback_preprocessors()
    assert config.GenerateAssignment.preprocessors == generate_assignment_preprocessors()
