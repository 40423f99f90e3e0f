"""What each test cell reads, and where the marker takes each name from."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from logiserve.autograder.marking.plan import PlanError, plan_notebook
from logiserve.content import load_exercises
from logiserve.course import Course

SOURCE = Path(__file__).resolve().parents[3] / "course" / "source"
NOTEBOOKS = sorted(p for a in Course.find().graded_assignments() for p in (SOURCE / a).glob("*.ipynb"))


def locked(source):
    return new_code_cell(source, metadata={"nbgrader": {"locked": True, "grade_id": f"l{hash(source)}"}})


def answer(source, grade_id="a"):
    return new_code_cell(source, metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": grade_id}})


def grade_cell(source, grade_id="t"):
    meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": grade_id, "points": 1, "locked": True}}
    return new_code_cell(source, metadata=meta)


SETUP = locked("import pandas as pd\nfrom logiserve.datasets import load\nfrom logiserve.widgets import CategorySorter")
WIDGET = locked('graded = CategorySorter.from_file("exercises.yaml", "01_customers.sort_the_parties")')


def plan(*cells, ids=("01_customers.sort_the_parties",), validating=False):
    nb = new_notebook(cells=list(cells))
    return plan_notebook(nb, nb, exercise_ids=ids, validating=validating)


def test_names_are_sorted_into_answers_widgets_imports_and_marking_code():
    (test,) = plan(
        SETUP,
        WIDGET,
        answer("share = 0.5\nnames = ['a']"),
        grade_cell(
            "from logiserve.autograder import check_number\n_data = load('orders')\n"
            "check_number(share, len(_data), points=1)\ngraded.answer\npd"
        ),
    ).tests
    assert test.answers == ("share",)
    assert test.widgets == ("graded",)
    assert set(test.imports) == {"load", "pd"}
    assert test.handed_over == ("share",)


def test_a_parameter_of_the_same_name_as_an_answer_is_not_a_read_of_it():
    (test,) = plan(answer("z = 1.64"), grade_cell("f = lambda z: z * 2\nf(3)")).tests
    assert test.answers == ()


def test_a_name_read_inside_a_function_of_the_test_is_a_read():
    (test,) = plan(answer("z = 1.64"), grade_cell("def cost():\n    return z * 2\ncost()")).tests
    assert test.answers == ("z",)


def test_names_read_through_globals_are_optional_answers():
    (test,) = plan(
        answer("annual_demand = 1\nholding_cost = 2\npareto_fig = 3"),
        grade_cell('a = globals().get("annual_demand")\nb = globals()["holding_cost"]\n"pareto_fig" in globals()'),
    ).tests
    assert test.answers == ()
    assert test.optional == ("annual_demand", "holding_cost", "pareto_fig")


def test_a_name_that_is_nothing_the_author_wrote_is_an_authoring_mistake_when_grading():
    with pytest.raises(PlanError, match="reads 'orders'"):
        plan(SETUP, locked("orders = load('orders')"), answer("x = 1"), grade_cell("len(orders) + x"))


def test_when_validating_any_other_name_is_an_answer():
    (test,) = plan(SETUP, locked("orders = load('orders')"), grade_cell("len(orders)"), validating=True).tests
    assert test.answers == ("orders",)


def test_a_name_an_earlier_test_set_is_marking_code():
    _first, second = plan(
        SETUP, answer("x = 1"), grade_cell("_data = load('orders')\nx", "t1"), grade_cell("len(_data) + x", "t2")
    ).tests
    assert second.answers == ("x",) and second.imports == ()


def test_only_read_only_cells_bind_widgets_and_imports():
    learners = new_code_cell('graded = CategorySorter.from_file("exercises.yaml", "01_customers.sort_the_parties")')
    with pytest.raises(PlanError, match="reads 'graded'"):
        plan(SETUP, learners, answer("x = 1"), grade_cell("graded.answer"))


def test_an_import_in_an_answer_cell_is_not_an_answer():
    (test,) = plan(SETUP, answer("import pandas as pd\nshare = 1"), grade_cell("pd.Series([share])")).tests
    assert test.answers == ("share",) and test.imports == ("pd",)


def test_magic_lines_are_read_past():
    (test,) = plan(answer("x = 1"), grade_cell("%matplotlib inline\nx")).tests
    assert test.answers == ("x",)


def test_a_test_cell_that_is_not_python_is_an_authoring_mistake():
    with pytest.raises(PlanError, match="not valid Python"):
        plan(answer("x = 1"), grade_cell("x ="))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_course_test_cell_is_placed_and_reads_a_learner_answer(path):
    nb = nbformat.read(path, as_version=4)
    plan = plan_notebook(nb, nb, exercise_ids=load_exercises(path.parent / "exercises.yaml"))
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    graded = [c for c in graded if not c.metadata["nbgrader"].get("solution")]
    assert len(plan.tests) == len(graded) > 0
    for test in plan.tests:
        assert test.answers or test.widgets, f"{test.grade_id} marks nothing the learner gave"
