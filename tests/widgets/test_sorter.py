"""CategorySorter through its state, without a browser."""

import contextlib
import json

import pytest
from traitlets import TraitError

from logiserve.answer_store import ANSWERS_FILE
from logiserve.shuffle import learner_order
from logiserve.widgets import AnswerStore, CategorySorter, ContentError

EID = "01_customers.test_sort"


def make(content, tmp_path):
    return CategorySorter(EID, content, store=AnswerStore(tmp_path))


def test_every_change_is_saved_at_once(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.place("despatch", "internal")
    assert json.loads((tmp_path / ANSWERS_FILE).read_text()) == {EID: {"despatch": "internal"}}
    sorter.place("wrapfast", "external")
    sorter.place("despatch", None)
    assert AnswerStore(tmp_path).get(EID) == {"wrapfast": "external"}
    assert sorter.status == "Saved: 1 of 3 placed."


def test_a_new_widget_restores_the_saved_answer(graded_content, tmp_path):
    first = make(graded_content, tmp_path)
    first.value = {"despatch": "internal", "fresco": "external"}
    second = make(graded_content, tmp_path)
    assert second.answer == {"despatch": "internal", "fresco": "external"}
    assert second.notice == ""
    assert "Saved: 2 of 3 placed" in second.status


def test_restore_keeps_usable_part_and_tells_the_learner(graded_content, tmp_path):
    AnswerStore(tmp_path).save(EID, {"despatch": "internal", "ghost": "external", "fresco": "nowhere", "x": 3})
    sorter = make(graded_content, tmp_path)
    assert sorter.answer == {"despatch": "internal"}
    assert "3 placement(s) named unknown items or categories" in sorter.notice


def test_restore_of_a_wrong_type_starts_empty_with_notice(graded_content, tmp_path):
    AnswerStore(tmp_path).save(EID, ["not", "a", "mapping"])
    sorter = make(graded_content, tmp_path)
    assert sorter.answer == {}
    assert "expected item placements, found list" in sorter.notice
    assert AnswerStore(tmp_path).get(EID) == ["not", "a", "mapping"], "restoring must not rewrite the file"


def test_damaged_answers_file_starts_empty_and_tells(graded_content, tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("{oops")
    sorter = make(graded_content, tmp_path)
    assert sorter.answer == {}
    assert "could not be used" in sorter.notice and "answers.damaged-" in sorter.notice
    assert [p.read_text() for p in tmp_path.glob("answers.damaged-*.json")] == ["{oops"]


def test_invalid_value_never_reaches_the_model(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    with pytest.raises(TraitError, match="not an item"):
        sorter.value = {"nobody": "internal"}
    with pytest.raises(TraitError, match="not a category"):
        sorter.value = {"despatch": "suppliers"}
    assert sorter.value == {}
    assert not (tmp_path / ANSWERS_FILE).exists()


def test_answer_is_a_plain_copy(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.place("despatch", "internal")
    answer = sorter.answer
    answer["fresco"] = "external"
    assert sorter.answer == {"despatch": "internal"}
    assert type(answer) is dict and json.loads(json.dumps(answer)) == answer


def test_practice_check_gives_feedback_naming_the_misconception(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.value = {"despatch": "internal", "wrapfast": "external"}
    feedback = sorter.check()
    assert feedback["despatch"] == {
        "correct": True,
        "message": "Inside; receives picks.",
        "misconception": "",
        "misconception_title": "",
    }
    assert feedback["wrapfast"]["correct"] is False
    assert feedback["wrapfast"]["message"] == "Goods flow to us: a supplier is a partner."
    assert feedback["wrapfast"]["misconception"] == "MC2"
    assert feedback["wrapfast"]["misconception_title"] == "calling a supplier an external customer"
    assert sorter.summary == "1 of 3 right. 1 not placed yet."


def test_practice_reveals_answer_after_two_wrong_checks(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.place("fresco", "internal")
    assert sorter.check()["fresco"]["message"] == "Not Internal customer. Look again at the facts given."
    sorter.check()
    assert "Answer: External customer. A retailer's DC." in sorter.feedback["fresco"]["message"]


def test_feedback_of_a_moved_item_is_cleared(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.value = {"despatch": "internal", "fresco": "internal"}
    sorter.check()
    sorter.place("fresco", "external")
    assert set(sorter.feedback) == {"despatch"}
    assert sorter.summary == ""


def test_all_right_says_well_done(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.value = {"despatch": "internal", "wrapfast": "not_a_customer", "fresco": "external"}
    sorter.check()
    assert sorter.summary == "3 of 3 right. Well done: every item is in the right place."


def test_check_message_from_the_front_end_runs_check(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    sorter.place("despatch", "internal")
    sorter._handle_message(sorter, {"type": "check"}, [])
    assert sorter.feedback["despatch"]["correct"] is True
    sorter.place("fresco", "external")
    sorter._handle_message(sorter, {"type": "nonsense"}, [])
    sorter._handle_message(sorter, "not even a dict", [])
    assert set(sorter.feedback) == {"despatch"}, "only a check message may run the check"


def test_graded_mode_holds_no_key_and_refuses_check(graded_content, tmp_path):
    sorter = make(graded_content, tmp_path)
    assert sorter._key == {} and all(not f for f in sorter._misplaced.values())
    assert "answer" not in json.dumps(sorter.items)
    with pytest.raises(RuntimeError, match="marked after you submit"):
        sorter.check()
    assert sorter.status == "Nothing placed yet (0 of 3). Your answer is saved as you go."
    sorter.place("despatch", "internal")
    assert sorter.status == "Saved: 1 of 3 placed. Your answer is marked after you submit."


def test_synced_state_never_carries_the_practice_key(practice_content, tmp_path):
    sorter = make(practice_content, tmp_path)
    state = json.dumps(sorter.get_state())
    assert 'not_a_customer"' not in state.replace('"id": "not_a_customer"', "")
    assert "A supplier." not in state and "Goods flow to us" not in state


def test_save_failure_is_shown_and_the_answer_kept(practice_content, tmp_path, monkeypatch):
    sorter = make(practice_content, tmp_path)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logiserve.answer_store.os.fsync", full)
    sorter.place("despatch", "internal")
    assert sorter.status_kind == "error"
    assert "could not be saved" in sorter.status
    assert sorter.answer == {"despatch": "internal"}
    monkeypatch.undo()
    sorter.place("fresco", "external")  # the next change saves everything shown
    assert sorter.status_kind == "ok"
    assert AnswerStore(tmp_path).get(EID) == {"despatch": "internal", "fresco": "external"}


def test_broken_content_is_refused_with_field_names(practice_content, tmp_path):
    practice_content["items"][0]["answer"] = "suppliers"
    with pytest.raises(ContentError, match=r"items\[0\]\.answer: 'suppliers' is not a category"):
        make(practice_content, tmp_path)


def test_repr_shows_the_answer_for_feedback_pages(graded_content, tmp_path):
    sorter = make(graded_content, tmp_path)
    sorter.place("despatch", "internal")
    assert repr(sorter) == f"Graded sorter {EID}, 1 of 3 placed. Despatch team: Internal customer"


def test_from_file_names_the_exercises_that_exist(tmp_path):
    (tmp_path / "ex.yaml").write_text("exercises: {}\n")
    with pytest.raises(ContentError, match=r"'01_customers.missing' is not in .*ex.yaml; it has: none"):
        CategorySorter.from_file(tmp_path / "ex.yaml", "01_customers.missing")


def test_content_errors_show_a_message_not_a_traceback_in_notebooks(tmp_path):
    with pytest.raises(ContentError) as error:
        CategorySorter.from_file(tmp_path / "gone.yaml", "01_customers.x")
    lines = error.value._render_traceback_()
    assert "This exercise could not be loaded." in lines[0]
    assert any("exercise file not found" in line for line in lines)
    assert "Traceback" not in "\n".join(lines)


# -- the order shown ---------------------------------------------------------------------------
PARTIES = [{"id": f"party_{n}", "label": f"Party {n}"} for n in range(8)]
PARTY_IDS = [party["id"] for party in PARTIES]


@pytest.fixture
def learner(monkeypatch):
    """``learner(name)`` makes ``name`` this kernel's learner, as the hub does (``JUPYTERHUB_USER``)."""
    from logiserve import variants

    monkeypatch.setattr(variants, "_AUTOGRADED_HERE", {})
    monkeypatch.delenv("LOGISERVE_LEARNER", raising=False)
    monkeypatch.setenv("LOGISERVE_COURSE_ID", "test-course")
    return lambda name: monkeypatch.setenv("JUPYTERHUB_USER", name)


def shown(content, tmp_path) -> list[str]:
    return [item["id"] for item in make(content, tmp_path).items]


def test_a_graded_sorter_shows_its_items_in_the_learner_s_own_order(graded_content, tmp_path, learner):
    graded_content["items"] = PARTIES
    learner("amira")
    amira = shown(graded_content, tmp_path)
    assert amira == learner_order(PARTY_IDS, exercise_id=EID, avoid=[PARTY_IDS], learner="amira")
    assert amira != PARTY_IDS and sorted(amira) == sorted(PARTY_IDS)
    assert shown(graded_content, tmp_path) == amira, "the same after a kernel restart (a new widget)"
    assert list(make(graded_content, tmp_path).labels) == amira
    learner("ben")
    ben = shown(graded_content, tmp_path)
    assert ben != amira and ben == learner_order(PARTY_IDS, exercise_id=EID, avoid=[PARTY_IDS], learner="ben")


def test_a_graded_sorter_never_shows_the_authored_order(graded_content, tmp_path, learner):
    authored = [item["id"] for item in graded_content["items"]]
    orders = set()
    for number in range(60):
        learner(f"learner{number}")
        orders.add(tuple(shown(graded_content, tmp_path)))
    assert tuple(authored) not in orders and len(orders) == 5


def test_at_autograde_the_folder_names_the_learner_not_the_tutor_s_hub_name(graded_content, tmp_path, learner):
    graded_content["items"] = PARTIES
    learner("amira")
    on_the_hub = shown(graded_content, tmp_path)
    folder = tmp_path / "course" / "autograded" / "amira" / "01_customers"
    folder.mkdir(parents=True)
    learner("tutor-sam")  # the tutor grading on the hub
    with contextlib.chdir(folder):
        assert shown(graded_content, folder) == on_the_hub


def test_a_practice_sorter_keeps_the_authored_order(practice_content, tmp_path, learner):
    for name in ("amira", "ben"):
        learner(name)
        assert shown(practice_content, tmp_path) == [item["id"] for item in practice_content["items"]]
