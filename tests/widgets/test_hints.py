"""HintLadder through its state: one rung at a time, only open rungs in the model, saved, restored, never lost."""

from __future__ import annotations

import json

import pytest

from logiserve.content import ContentError
from logiserve.widgets import AnswerStore, HintLadder
from tests.content.test_support_kinds import LADDER

ID = "05_inventory.demand_hints"


def test_it_opens_one_rung_at_a_time_and_sends_only_open_rungs(tmp_path):
    ladder = HintLadder(ID, LADDER, store=AnswerStore(tmp_path))
    assert ladder.opened == 0 and ladder.rungs == []
    assert ladder.levels == ["the idea", "the method", "a worked step", "a skeleton"]
    assert "annual_demand = ..." not in json.dumps(ladder.get_state()), "a closed rung is not in the model"
    ladder.open_next()
    assert [r["level"] for r in ladder.rungs] == ["concept"]
    assert ladder.rungs[0]["html"] == "<p>A year is 365 days.</p>\n"
    assert json.loads((tmp_path / "answers.json").read_text()) == {ID: {"opened": 1}}
    ladder._handle_message(None, {"type": "open"}, [])  # the button
    assert ladder.opened == 2 and ladder.status == "2 of 4 hints open. Hints never change your mark."
    for _ in range(5):
        ladder.open_next()
    assert ladder.opened == 4 and ladder.rungs[-1]["code"] == "annual_demand = ... * ..."
    assert json.loads((tmp_path / "answers.json").read_text()) == {ID: {"opened": 4}}


def test_a_new_widget_restores_the_rung_reached(tmp_path):
    HintLadder(ID, LADDER, store=AnswerStore(tmp_path)).open_next()
    again = HintLadder(ID, LADDER, store=AnswerStore(tmp_path))
    assert again.opened == 1 and len(again.rungs) == 1
    assert repr(again) == f"Hints {ID}: 1 of 4 opened"


def test_markdown_is_rendered_and_raw_html_is_shown_as_text(tmp_path):
    content = {**LADDER, "rungs": [{**LADDER["rungs"][0], "text": "Use **pandas** <script>alert(1)</script>"}]}
    content["rungs"] += LADDER["rungs"][1:]
    ladder = HintLadder(ID, content, store=AnswerStore(tmp_path))
    ladder.open_next()
    assert "<strong>pandas</strong>" in ladder.rungs[0]["html"]
    assert "<script>" not in ladder.rungs[0]["html"] and "&lt;script&gt;" in ladder.rungs[0]["html"]


def test_a_failed_save_keeps_the_hint_open_and_says_why(tmp_path, monkeypatch):
    from logiserve.answer_store import StoreError

    store = AnswerStore(tmp_path)
    ladder = HintLadder(ID, LADDER, store=store)

    def refuse(*_args):
        raise StoreError("the disk is full")

    monkeypatch.setattr(store, "save", refuse)
    ladder.open_next()
    assert ladder.opened == 1 and ladder.status.endswith("could not be saved: the disk is full")


def test_damaged_answers_are_told_and_the_ladder_starts_closed(tmp_path):
    (tmp_path / "answers.json").write_text("{not json")
    ladder = HintLadder(ID, LADDER, store=AnswerStore(tmp_path))
    assert ladder.opened == 0 and "answers.damaged-" in ladder.notice


def test_content_of_another_kind_or_broken_is_refused():
    with pytest.raises(ContentError, match="is a practice_twin exercise, not a hint_ladder"):
        from tests.content.test_support_kinds import TWIN

        HintLadder(ID, TWIN)
    with pytest.raises(ContentError, match="rungs"):
        HintLadder(ID, {**LADDER, "rungs": []})
