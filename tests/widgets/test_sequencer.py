"""StepSequencer through its state, without a browser."""

import contextlib
import copy
import json

import pytest
from traitlets import TraitError

from logiserve.answer_store import ANSWERS_FILE
from logiserve.shuffle import learner_order
from logiserve.widgets import AnswerStore, ContentError, StepSequencer

EID = "02_service_cycle.test_sequence"
RIGHT = ["enquiry", "order_receipt", "picking", "delivery", "returns"]

SEQUENCER_CONTENT = {
    "kind": "sequencer",
    "mode": "practice",
    "title": "Test",
    "prompt": "Put them in order.",
    "assesses": ["LO2", "AC2", "AC5"],
    "stages": [
        {"id": "pre_transaction", "label": "Pre-transaction", "hint": "Before the order."},
        {"id": "transaction", "label": "Transaction"},
        {"id": "post_transaction", "label": "Post-transaction"},
    ],
    "steps": [
        {
            "id": "enquiry",
            "label": "Enquiry handling",
            "detail": "A buyer asks about lead times.",
            "position": 1,
            "stage": "pre_transaction",
            "explain": "Answering questions sets expectations before any order.",
        },
        {
            "id": "order_receipt",
            "label": "Order receipt",
            "position": 2,
            "stage": "transaction",
            "explain": "Receiving the order starts the transaction.",
        },
        {
            "id": "picking",
            "label": "Picking",
            "position": 3,
            "stage": "transaction",
            "explain": "Allocated stock is picked.",
            "feedback": {
                "out_of_order": {"message": "Nothing can be picked before the order arrives.", "misconception": "MC16"}
            },
        },
        {
            "id": "delivery",
            "label": "Delivery",
            "position": 4,
            "stage": "transaction",
            "explain": "Delivery completes the transaction.",
        },
        {
            "id": "returns",
            "label": "Returns",
            "position": 5,
            "stage": "post_transaction",
            "explain": "Returns come after delivery.",
            "feedback": {"stage": {"transaction": {"message": "The sale ended at delivery.", "misconception": "MC12"}}},
        },
    ],
}


@pytest.fixture
def practice_content():
    return copy.deepcopy(SEQUENCER_CONTENT)


@pytest.fixture
def graded_content():
    content = copy.deepcopy(SEQUENCER_CONTENT)
    content["mode"] = "graded"
    for step in content["steps"]:
        for field in ("position", "stage", "explain", "feedback"):
            step.pop(field, None)
    return content


@pytest.fixture
def plain_content():
    """Practice content without stages: only the order counts."""
    content = copy.deepcopy(SEQUENCER_CONTENT)
    del content["stages"]
    for step in content["steps"]:
        step.pop("stage")
        step.pop("feedback", None)
    return content


def make(content, tmp_path, exercise_id=EID):
    return StepSequencer(exercise_id, content, store=AnswerStore(tmp_path))


def saved(tmp_path):
    return json.loads((tmp_path / ANSWERS_FILE).read_text())


# -- starting state --------------------------------------------------------------------------
def test_starts_with_every_step_in_the_pool_and_an_empty_sequence(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    assert sequencer.answer == {"order": [], "stages": {}}
    assert sorted(s["id"] for s in sequencer.steps) == sorted(RIGHT)
    assert [s["id"] for s in sequencer.steps] != RIGHT, "the pool must not show the right order"
    assert all(set(s) == {"id", "label", "detail"} for s in sequencer.steps)
    assert sequencer.status == "0 of 5 placed."
    assert not (tmp_path / ANSWERS_FILE).exists(), "an untouched widget writes nothing"


@pytest.fixture
def learner(monkeypatch):
    """``learner(name)`` makes ``name`` this kernel's learner, as the hub does (``JUPYTERHUB_USER``)."""
    from logiserve import variants

    monkeypatch.setattr(variants, "_AUTOGRADED_HERE", {})
    monkeypatch.delenv("LOGISERVE_LEARNER", raising=False)
    monkeypatch.setenv("LOGISERVE_COURSE_ID", "test-course")
    return lambda name: monkeypatch.setenv("JUPYTERHUB_USER", name)


def pool(content, tmp_path, exercise_id=EID) -> list[str]:
    return [s["id"] for s in make(content, tmp_path, exercise_id).steps]


def test_the_pool_is_the_learner_s_own_order_in_both_modes(practice_content, graded_content, tmp_path, learner):
    ids = [s["id"] for s in graded_content["steps"]]
    learner("amira")
    amira = pool(graded_content, tmp_path)
    assert amira == learner_order(ids, exercise_id=EID, avoid=[ids], learner="amira")
    assert pool(copy.deepcopy(graded_content), tmp_path) == amira, "the same after a kernel restart (a new widget)"
    assert list(make(graded_content, tmp_path).labels) == amira
    assert pool(practice_content, tmp_path) == learner_order(ids, exercise_id=EID, avoid=[RIGHT], learner="amira")
    assert pool(graded_content, tmp_path, "02_service_cycle.other") != amira, "each exercise has its own order"
    learner("ben")
    ben = pool(graded_content, tmp_path)
    assert ben != amira and ben == learner_order(ids, exercise_id=EID, avoid=[ids], learner="ben")


def test_the_pool_never_shows_the_key_s_order(graded_content, practice_content, tmp_path, learner):
    graded_content["steps"] = graded_content["steps"][:3]  # the right order is one of 6: often drawn
    graded_pools, practice_pools = set(), set()
    for number in range(60):
        learner(f"learner{number}")
        graded_pools.add(tuple(pool(graded_content, tmp_path)))
    assert tuple(RIGHT[:3]) not in graded_pools and len(graded_pools) == 5
    practice_content["steps"] = [s for s in practice_content["steps"] if s["position"] <= 3][::-1]  # written backwards
    for number in range(60):
        learner(f"learner{number}")
        practice_pools.add(tuple(pool(copy.deepcopy(practice_content), tmp_path)))
    assert tuple(RIGHT[:3]) not in practice_pools and len(practice_pools) == 5


def test_at_autograde_the_folder_names_the_learner(graded_content, tmp_path, learner):
    learner("amira")
    on_the_hub = pool(graded_content, tmp_path)
    folder = tmp_path / "course" / "autograded" / "amira" / "02_service_cycle"
    folder.mkdir(parents=True)
    learner("tutor-sam")  # the tutor grading on the hub
    with contextlib.chdir(folder):
        assert pool(graded_content, folder) == on_the_hub


def test_two_step_exercise_is_still_shuffled(plain_content, tmp_path):
    plain_content["steps"] = plain_content["steps"][:2]
    for number in range(6):
        sequencer = make(copy.deepcopy(plain_content), tmp_path, f"02_service_cycle.pair_{number}")
        assert [s["id"] for s in sequencer.steps] == ["order_receipt", "enquiry"]


# -- saving and restoring --------------------------------------------------------------------
def test_every_change_is_saved_at_once(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.place("picking")
    assert saved(tmp_path) == {EID: {"order": ["picking"], "stages": {}}}
    sequencer.place("enquiry", 1)
    sequencer.set_stage("picking", "transaction")
    assert saved(tmp_path)[EID] == {"order": ["enquiry", "picking"], "stages": {"picking": "transaction"}}
    sequencer.remove("picking")
    assert saved(tmp_path)[EID] == {"order": ["enquiry"], "stages": {}}
    assert sequencer.status == "Saved: 1 of 5 placed."


def test_place_moves_a_placed_step_and_clamps_the_position(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    for step in ("enquiry", "order_receipt", "picking"):
        sequencer.place(step)
    sequencer.place("picking", 1)
    assert sequencer.answer["order"] == ["picking", "enquiry", "order_receipt"]
    sequencer.place("picking", 99)
    assert sequencer.answer["order"] == ["enquiry", "order_receipt", "picking"]
    sequencer.set_stage("enquiry", "pre_transaction")
    sequencer.set_stage("enquiry", None)
    assert sequencer.answer["stages"] == {}


def test_a_new_widget_restores_the_saved_answer(graded_content, tmp_path):
    first = make(graded_content, tmp_path)
    first.value = {"order": ["enquiry", "picking"], "stages": {"picking": "transaction"}}
    second = make(graded_content, tmp_path)
    assert second.answer == {"order": ["enquiry", "picking"], "stages": {"picking": "transaction"}}
    assert second.notice == ""
    assert second.status == "Saved: 2 of 5 placed. Your answer is marked after you submit."


def test_restore_keeps_usable_part_and_tells_the_learner(graded_content, tmp_path):
    AnswerStore(tmp_path).save(
        EID,
        {
            "order": ["enquiry", "ghost", "enquiry", 3, "delivery"],
            "stages": {"enquiry": "pre_transaction", "delivery": "nowhere", "ghost": "transaction", "picking": "x"},
        },
    )
    sequencer = make(graded_content, tmp_path)
    assert sequencer.answer == {"order": ["enquiry", "delivery"], "stages": {"enquiry": "pre_transaction"}}
    assert "Part of your saved answer could not be used (6 entries named unknown steps or stages)" in sequencer.notice
    assert AnswerStore(tmp_path).get(EID)["order"][1] == "ghost", "restoring must not rewrite the file"


@pytest.mark.parametrize(
    ("saved_value", "message"),
    [
        (["enquiry", "picking"], "expected a step sequence, found list"),
        ({"order": "enquiry", "stages": {}}, "expected a list of steps and their stages"),
        ({"order": [], "stages": ["x"]}, "expected a list of steps and their stages"),
    ],
)
def test_restore_of_a_wrong_type_starts_empty_with_notice(graded_content, tmp_path, saved_value, message):
    AnswerStore(tmp_path).save(EID, saved_value)
    sequencer = make(graded_content, tmp_path)
    assert sequencer.answer == {"order": [], "stages": {}}
    assert message in sequencer.notice
    assert AnswerStore(tmp_path).get(EID) == saved_value, "restoring must not rewrite the file"


def test_damaged_answers_file_starts_empty_and_tells(graded_content, tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("{oops")
    sequencer = make(graded_content, tmp_path)
    assert sequencer.answer == {"order": [], "stages": {}}
    assert "could not be used" in sequencer.notice and "answers.damaged-" in sequencer.notice
    assert [p.read_text() for p in tmp_path.glob("answers.damaged-*.json")] == ["{oops"]


def test_save_failure_is_shown_and_the_answer_kept(practice_content, tmp_path, monkeypatch):
    sequencer = make(practice_content, tmp_path)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logiserve.answer_store.os.fsync", full)
    sequencer.place("enquiry")
    assert sequencer.status_kind == "error"
    assert "could not be saved" in sequencer.status
    assert sequencer.answer == {"order": ["enquiry"], "stages": {}}
    monkeypatch.undo()
    sequencer.place("picking")  # the next change saves everything shown
    assert sequencer.status_kind == "ok"
    assert AnswerStore(tmp_path).get(EID) == {"order": ["enquiry", "picking"], "stages": {}}


# -- the value ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"order": ["nobody"], "stages": {}}, "not a step of this exercise"),
        ({"order": ["enquiry", "enquiry"], "stages": {}}, "placed twice"),
        ({"order": [3], "stages": {}}, "not a step of this exercise"),
        ({"order": ["enquiry"], "stages": {"enquiry": "later"}}, "not a stage of this exercise"),
        ({"order": ["enquiry"], "stages": {"picking": "transaction"}}, "has a stage but is not placed"),
        ({"order": "enquiry", "stages": {}}, "'order' must be a list of step ids"),
        ({"order": [], "stages": []}, "'stages' must map step ids to stage ids"),
        ({"order": [], "stages": {}, "extra": 1}, "holds only 'order' and 'stages'"),
    ],
)
def test_invalid_value_never_reaches_the_model(practice_content, tmp_path, value, message):
    sequencer = make(practice_content, tmp_path)
    with pytest.raises(TraitError, match=message):
        sequencer.value = value
    assert sequencer.value == {"order": [], "stages": {}}
    assert not (tmp_path / ANSWERS_FILE).exists()


def test_stages_are_refused_when_the_exercise_has_none(plain_content, tmp_path):
    sequencer = make(plain_content, tmp_path)
    with pytest.raises(TraitError, match="this exercise has no stages"):
        sequencer.value = {"order": ["enquiry"], "stages": {"enquiry": "transaction"}}


def test_value_is_made_plain_and_tidy(practice_content, tmp_path):
    class Sneaky(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    sequencer = make(practice_content, tmp_path)
    sequencer.value = {"order": [Sneaky("picking"), "enquiry"], "stages": {"enquiry": "pre_transaction"}}
    assert sequencer.value == {"order": ["picking", "enquiry"], "stages": {"enquiry": "pre_transaction"}}
    assert all(type(step) is str for step in sequencer.value["order"])
    with pytest.raises(TraitError, match="not a step"):
        sequencer.value = {"order": [Sneaky("nobody")], "stages": {}}
    sequencer.value = {"order": ["enquiry"]}
    assert sequencer.value == {"order": ["enquiry"], "stages": {}}


def test_answer_is_a_plain_copy(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.place("enquiry")
    answer = sequencer.answer
    answer["order"].append("picking")
    answer["stages"]["enquiry"] = "transaction"
    assert sequencer.answer == {"order": ["enquiry"], "stages": {}}
    assert type(answer) is dict and json.loads(json.dumps(answer)) == answer


def test_labels(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    assert sequencer.labels["picking"] == "Picking" and len(sequencer.labels) == 5
    assert sequencer.stage_labels == {
        "pre_transaction": "Pre-transaction",
        "transaction": "Transaction",
        "post_transaction": "Post-transaction",
    }


# -- practice feedback -----------------------------------------------------------------------
def test_practice_check_gives_feedback_naming_the_misconception(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.value = {
        "order": ["enquiry", "picking", "order_receipt", "delivery", "returns"],
        "stages": {
            "enquiry": "pre_transaction",
            "picking": "transaction",
            "delivery": "transaction",
            "returns": "transaction",
        },
    }
    feedback = sequencer.check()
    assert feedback["enquiry"] == {
        "in_order": True,
        "stage_correct": True,
        "message": "Answering questions sets expectations before any order.",
        "misconception": "",
        "misconception_title": "",
    }
    assert feedback["picking"] == {
        "in_order": False,
        "stage_correct": True,
        "message": "Nothing can be picked before the order arrives.",
        "misconception": "MC16",
        "misconception_title": "thinking logistics is only moving goods",
    }
    assert feedback["order_receipt"]["in_order"] is True
    assert feedback["order_receipt"]["stage_correct"] is False
    assert feedback["order_receipt"]["message"] == "Choose its stage too."
    assert feedback["returns"]["in_order"] is True and feedback["returns"]["stage_correct"] is False
    assert feedback["returns"]["message"] == "The sale ended at delivery."
    assert feedback["returns"]["misconception"] == "MC12"
    assert feedback["returns"]["misconception_title"] == "forgetting post-transaction service and returns"
    assert sequencer.summary == "4 of 5 steps in order; 3 of 5 stages right."


def test_summary_counts_unplaced_steps(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.value = {"order": ["delivery", "enquiry", "returns"], "stages": {"enquiry": "pre_transaction"}}
    feedback = sequencer.check()
    assert set(feedback) == {"delivery", "enquiry", "returns"}
    assert sum(f["in_order"] for f in feedback.values()) == 2
    assert sequencer.summary == "2 of 5 steps in order; 1 of 5 stages right. 2 not placed yet."


def test_practice_reveals_place_and_stage_after_two_wrong_checks(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.value = {"order": ["delivery", "enquiry"], "stages": {"delivery": "post_transaction"}}
    first = sequencer.check()["delivery"]
    assert first["in_order"] is False and first["stage_correct"] is False
    assert first["message"] == (
        "Out of order. Think about what must happen before this step. "
        "Not Post-transaction. Look again at when this happens."
    )
    assert "Answer" not in first["message"]
    sequencer.check()
    assert sequencer.feedback["delivery"]["message"].endswith(
        "Answer: step 4 of 5, Transaction. Delivery completes the transaction."
    )
    assert "Answer" not in sequencer.feedback["enquiry"]["message"]


def test_a_missing_stage_alone_is_not_a_wrong_check(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.place("enquiry")
    sequencer.check()
    sequencer.check()
    assert sequencer.feedback["enquiry"]["message"] == "Choose its stage too."


def test_a_move_clears_all_feedback_a_stage_change_only_its_own(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.value = {"order": ["enquiry", "picking"], "stages": {"enquiry": "transaction", "picking": "transaction"}}
    sequencer.check()
    sequencer.set_stage("enquiry", "pre_transaction")
    assert set(sequencer.feedback) == {"picking"}
    assert sequencer.summary == ""
    sequencer.check()
    sequencer.place("order_receipt", 2)
    assert sequencer.feedback == {} and sequencer.summary == ""


def test_all_right_says_well_done(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    stages = {s["id"]: s["stage"] for s in practice_content["steps"]}
    sequencer.value = {"order": RIGHT, "stages": stages}
    feedback = sequencer.check()
    assert all(f["in_order"] and f["stage_correct"] for f in feedback.values())
    assert sequencer.summary == (
        "5 of 5 steps in order; 5 of 5 stages right. Well done: every step is in the right place and stage."
    )


def test_without_stages_only_the_order_is_checked(plain_content, tmp_path):
    sequencer = make(plain_content, tmp_path)
    sequencer.value = {"order": ["order_receipt", "enquiry", "picking"], "stages": {}}
    feedback = sequencer.check()
    assert feedback["enquiry"]["stage_correct"] is None
    assert [f["in_order"] for f in feedback.values()] == [False, True, True]
    assert sequencer.summary == "2 of 5 steps in order. 2 not placed yet."
    sequencer.value = {"order": RIGHT, "stages": {}}
    sequencer.check()
    assert sequencer.summary == "5 of 5 steps in order. Well done: every step is in the right place."


def test_check_message_from_the_front_end_runs_check(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    sequencer.place("enquiry")
    sequencer._handle_message(sequencer, {"type": "check"}, [])
    assert sequencer.feedback["enquiry"]["in_order"] is True
    sequencer._handle_message(sequencer, {"type": "nonsense"}, [])
    sequencer._handle_message(sequencer, "not even a dict", [])


# -- graded mode and the key -----------------------------------------------------------------
def test_graded_mode_holds_no_key_and_refuses_check(graded_content, tmp_path):
    sequencer = make(graded_content, tmp_path)
    assert sequencer._positions == {} and sequencer._key_stages == {}
    assert sequencer._explain == {} and sequencer._step_feedback == {}
    with pytest.raises(RuntimeError, match="marked after you submit"):
        sequencer.check()
    assert sequencer.status == "Nothing placed yet (0 of 5). Your answer is saved as you go."
    for step in ("enquiry", "order_receipt", "picking", "delivery", "returns"):
        sequencer.place(step)
    assert sequencer.status == "Saved: 5 of 5 placed. Your answer is marked after you submit."


def test_synced_state_never_carries_the_practice_key(practice_content, tmp_path):
    sequencer = make(practice_content, tmp_path)
    state = sequencer.get_state()
    text = json.dumps(state)
    for step in practice_content["steps"]:
        assert step["explain"] not in text
    assert "Nothing can be picked" not in text and "The sale ended" not in text
    assert '"position"' not in text and '"stage":' not in text
    assert [s["id"] for s in state["steps"]] != RIGHT


# -- content, text and files -----------------------------------------------------------------
def test_broken_content_is_refused_with_field_names(practice_content, tmp_path):
    practice_content["steps"][0]["stage"] = "later"
    with pytest.raises(ContentError, match=r"steps\[0\]\.stage: 'later' is not a stage of this exercise"):
        make(practice_content, tmp_path)


def test_sorter_content_is_refused_by_kind(tmp_path):
    from .conftest import SORTER_CONTENT

    with pytest.raises(ContentError, match="is a sorter exercise, not a sequencer"):
        StepSequencer("01_customers.x", SORTER_CONTENT, store=AnswerStore(tmp_path))


def test_repr_shows_the_answer_for_feedback_pages(graded_content, tmp_path):
    sequencer = make(graded_content, tmp_path)
    assert repr(sequencer) == f"Graded sequencer {EID}, 0 of 5 placed"
    sequencer.value = {"order": ["enquiry", "picking"], "stages": {"enquiry": "pre_transaction"}}
    assert repr(sequencer) == (
        f"Graded sequencer {EID}, 2 of 5 placed. 1. Enquiry handling (Pre-transaction); 2. Picking"
    )


def test_from_file_finds_the_exercise(tmp_path, practice_content):
    import yaml

    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": {EID: practice_content}}))
    sequencer = StepSequencer.from_file(path, EID, store=AnswerStore(tmp_path))
    assert sequencer.title == "Test" and len(sequencer.steps) == 5
    with pytest.raises(ContentError, match=rf"'02_service_cycle.missing' is not in .*exercises.yaml; it has: {EID}"):
        StepSequencer.from_file(path, "02_service_cycle.missing")


def test_content_errors_show_a_message_not_a_traceback_in_notebooks(tmp_path):
    with pytest.raises(ContentError) as error:
        StepSequencer.from_file(tmp_path / "gone.yaml", "02_service_cycle.x")
    lines = error.value._render_traceback_()
    assert "This exercise could not be loaded." in lines[0]
    assert any("exercise file not found" in line for line in lines)
