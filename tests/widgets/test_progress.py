"""ProgressPanel: what the learner has practised and which graded exercises wait, as HTML and as text."""

from __future__ import annotations

import json

import pytest

from logiserve.content import ContentError
from logiserve.widgets import AnswerStore, ProgressPanel
from tests.content.test_support_kinds import PANEL, TWIN

ID = "05_inventory.progress"


def test_the_panel_lists_outcomes_and_unanswered_exercises(tmp_path):
    panel = ProgressPanel(ID, PANEL, {}, store=AnswerStore(tmp_path))
    html = panel._repr_html_()
    assert "not yet (0 of 1)" in html and "Graded exercises not answered yet (2 of 2)" in html
    assert "<li>Step 1</li>" in html and "<li>Sorter</li>" in html
    assert repr(panel) == "Before you submit\n- Work out an EOQ: practised 0 of 1\nNot answered yet (2): Step 1; Sorter"


def test_the_panel_reads_answers_json_and_the_learner_s_variables(tmp_path):
    saved = {"05_inventory.demand_practice": {"best": 1.0, "passed": True}, "05_inventory.abc": {"x": "A"}}
    (tmp_path / "answers.json").write_text(json.dumps(saved))
    panel = ProgressPanel(ID, PANEL, {"annual_demand": 4380}, store=AnswerStore(tmp_path))
    html = panel._repr_html_()
    assert "&#10003; all 1" in html and "Every graded exercise has an answer (2)" in html
    assert repr(panel).endswith("Every graded exercise has an answer.")


def test_learner_text_in_content_is_escaped(tmp_path):
    content = {**PANEL, "graded": [{"label": "<b>x</b>", "answer": "y"}]}
    assert "&lt;b&gt;x&lt;/b&gt;" in ProgressPanel(ID, content, {}, store=AnswerStore(tmp_path))._repr_html_()


def test_a_panel_from_the_wrong_kind_is_refused(tmp_path):
    with pytest.raises(ContentError, match="not a progress"):
        ProgressPanel(ID, TWIN, {}, store=AnswerStore(tmp_path))


def test_an_outcome_with_no_practice_says_the_graded_exercises_assess_it(tmp_path):
    content = {**PANEL, "outcomes": [*PANEL["outcomes"], {"text": "Choose JIT or a buffer", "practice": []}]}
    panel = ProgressPanel(ID, content, {}, store=AnswerStore(tmp_path))
    assert "no practice here: the graded exercises assess it" in panel._repr_html_()
    assert "- Choose JIT or a buffer: graded exercises only" in repr(panel)
