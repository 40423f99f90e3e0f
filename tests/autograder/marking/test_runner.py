"""Test cells run in the grader on handed-over answers, with the outputs nbgrader reads."""

from __future__ import annotations

import nbformat
import pytest

from logiserve.autograder.marking.plan import TestCell
from logiserve.autograder.marking.runner import NOT_ANSWERED, Handover, Marker

IMPORTS = {"check_number": "from logiserve.autograder import check_number", "math": "import math"}


def cell(source, answers=(), optional=(), imports=(), grade_id="t"):
    return TestCell(0, grade_id, source, tuple(answers), tuple(optional), (), tuple(imports))


def run(test, answers=None, problems=None, marker=None):
    marker = marker or Marker(IMPORTS, {})
    outputs = marker.run(test, Handover(answers or {}, problems or {}), 7)
    for output in outputs:
        nbformat.validator.validate(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[output])]))
    return outputs


def test_a_check_prints_its_message_and_ends_with_the_score_as_the_cells_result():
    test = cell("check_number(share, 0.25, points=2, what='the share').award()", ["share"], imports=["check_number"])
    stdout, result = run(test, {"share": 0.25})
    assert stdout.name == "stdout" and stdout.text.startswith("Score: 2 / 2")
    assert result.output_type == "execute_result" and result.data["text/plain"] == "2.0"
    assert result.execution_count == 7


def test_a_wrong_answer_scores_what_the_check_gives():
    test = cell("check_number(share, 0.25, points=2, what='the share').award()", ["share"], imports=["check_number"])
    assert run(test, {"share": 0.5})[-1].data["text/plain"] == "0.0"


def test_an_answer_that_was_not_handed_over_is_a_note_and_the_code_never_runs():
    test = cell("raise SystemExit('must not run')", ["share"])
    (note,) = run(test, {}, {"share": "was not set when your notebook ran this cell"})
    assert note.output_type == "error" and note.ename == NOT_ANSWERED
    assert note.evalue == "share was not set when your notebook ran this cell. This exercise counts as not answered."
    assert note.traceback == [f"{NOT_ANSWERED}: {note.evalue}"]


def test_an_optional_answer_that_is_missing_reads_as_absent():
    test = cell('globals().get("annual_demand", "absent")', optional=["annual_demand"])
    assert run(test)[-1].data["text/plain"] == "'absent'"
    assert run(test, {"annual_demand": 5})[-1].data["text/plain"] == "5"


def test_marking_code_that_fails_earns_zero_with_the_error_and_no_line_of_code():
    (error,) = run(cell("secret_key = 42\nrecord.items()", ["record"]), {"record": [1, 2]})
    assert error.ename == "AttributeError"
    assert error.traceback == ["AttributeError: 'list' object has no attribute 'items'"]
    assert "secret_key" not in str(error)


def test_text_written_to_stderr_is_kept_as_stderr_so_nbgrader_gives_zero():
    outputs = run(cell("import sys\nprint('oops', file=sys.stderr)\n1.0"))
    assert [(o.output_type, o.get("name")) for o in outputs] == [("stream", "stderr"), ("execute_result", None)]
    assert outputs[0].text == "oops\n"


def test_a_warning_in_marking_code_is_logged_not_shown(caplog):
    outputs = run(cell("import warnings\nwarnings.warn('deprecated thing')\n1.0"))
    assert [o.output_type for o in outputs] == ["execute_result"]
    assert "deprecated thing" in caplog.text


def test_a_cell_that_ends_in_a_statement_or_none_shows_no_result():
    assert run(cell("x = 1")) == []
    assert run(cell("None")) == []


def test_test_cells_share_one_namespace_as_in_a_kernel():
    marker = Marker(IMPORTS, {})
    run(cell("_data = [1, 2, 3]", grade_id="t1"), marker=marker)
    assert run(cell("len(_data)", grade_id="t2"), marker=marker)[-1].data["text/plain"] == "3"


def test_an_import_that_fails_earns_zero_and_says_so():
    marker = Marker({"nothing": "import logiserve_no_such_module"}, {})
    (error,) = run(cell("nothing", imports=["nothing"]), marker=marker)
    assert error.output_type == "error" and "could not import" in error.evalue


@pytest.mark.parametrize("answer", [None, "", [], {}])
def test_answers_are_set_before_each_cell_even_falsy_ones(answer):
    assert run(cell("repr(x)", ["x"]), {"x": answer})[-1].data["text/plain"] == repr(repr(answer))
