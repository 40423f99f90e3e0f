"""Step sequencer content: valid files load; every broken case is reported with file, exercise and field."""

import copy
from pathlib import Path

import pytest

from logiserve.content import validate_exercise
from logiserve.content.sequencer import answer_labels, pool_order, right_order, stage_labels, usable_answer
from logiserve.shuffle import learner_order
from logiserve.widgets import ContentError, load_exercises
from tests.widgets.test_sequencer import RIGHT, SEQUENCER_CONTENT

from . import _files
from ._files import write

EID = "02_service_cycle.a"


@pytest.fixture
def content():
    return copy.deepcopy(SEQUENCER_CONTENT)


def graded(content):
    return _files.graded(content, "steps", ("position", "stage", "explain", "feedback"))


def problems_of(tmp_path, exercise):
    return _files.problems(tmp_path, EID, exercise)


def test_valid_practice_graded_and_stageless_content_loads(tmp_path, content):
    stageless = copy.deepcopy(content)
    del stageless["stages"]
    for step in stageless["steps"]:
        del step["stage"]
        step.get("feedback", {}).pop("stage", None)
    exercises = {
        "02_service_cycle.practice": content,
        "02_service_cycle.graded": graded(copy.deepcopy(content)),
        "02_service_cycle.stageless": stageless,
        "02_service_cycle.graded_stageless": graded(copy.deepcopy(stageless)),
    }
    loaded = load_exercises(write(tmp_path, exercises))
    assert sorted(loaded) == sorted(exercises)
    assert loaded["02_service_cycle.practice"]["steps"][2]["feedback"]["out_of_order"]["misconception"] == "MC16"


def test_sorter_and_sequencer_share_one_file(tmp_path, content):
    from tests.widgets.conftest import SORTER_CONTENT

    path = write(tmp_path, {EID: content, "02_service_cycle.sort": copy.deepcopy(SORTER_CONTENT)})
    assert {e["kind"] for e in load_exercises(path).values()} == {"sequencer", "sorter"}


@pytest.mark.parametrize("field", ["position", "stage", "explain", "feedback"])
def test_graded_content_must_not_carry_a_key(tmp_path, content, field):
    exercise = graded(copy.deepcopy(content))
    exercise["steps"][2][field] = content["steps"][2].get(field, "x")
    message = problems_of(tmp_path, exercise)
    assert f"exercises.yaml: {EID}.steps[2]: " in message
    assert "should not be valid" in message


@pytest.mark.parametrize("field", ["position", "explain", "stage"])
def test_practice_content_must_carry_a_key(tmp_path, content, field):
    del content["steps"][1][field]
    message = problems_of(tmp_path, content)
    assert f"exercises.yaml: {EID}.steps[1]: '{field}' is a required property" in message


def test_practice_without_stages_needs_no_stage(content):
    del content["stages"]
    for step in content["steps"]:
        del step["stage"]
    del content["steps"][4]["feedback"]
    assert validate_exercise(EID, content) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["steps"][0].update(position=0), "steps[0].position: 0 is less than the minimum of 1"),
        (lambda c: c["steps"][0].update(position="1"), "steps[0].position: '1' is not of type 'integer'"),
        (lambda c: c["steps"][0].update(colour="red"), "steps[0]: Additional properties are not allowed"),
        (lambda c: c.update(stages=c["stages"][:1]), ("a.stages: [{", "'pre_transaction'", "}] is too short")),
        (lambda c: c["steps"].__delitem__(slice(1, None)), ("a.steps: [{", "'enquiry'", "}] is too short")),
        (lambda c: c["steps"][4]["feedback"].update(late={"message": "x"}), "steps[4].feedback: Additional prop"),
        (lambda c: c["steps"][2]["feedback"]["out_of_order"].pop("message"), "'message' is a required property"),
        (
            lambda c: c["steps"][4]["feedback"]["stage"]["transaction"].update(misconception="AC1"),
            "steps[4].feedback.stage.transaction.misconception: 'AC1' does not match",
        ),
        (lambda c: c.pop("assesses"), "'assesses' is a required property"),
    ],
)
def test_schema_problems_name_the_field(tmp_path, content, change, message):
    change(content)
    problems = problems_of(tmp_path, content)
    for part in (message,) if isinstance(message, str) else message:
        assert part in problems


def test_every_semantic_problem_is_reported_at_once(tmp_path, content):
    content["stages"].append({"id": "transaction", "label": "Again"})
    content["steps"][3]["id"] = "picking"
    content["steps"][1]["position"] = 3
    content["steps"][4]["position"] = 9
    content["steps"][0]["stage"] = "later"
    content["steps"][0]["feedback"] = {"stage": {"nowhere": {"message": "x"}, "pre_transaction": {"message": "y"}}}
    content["steps"][4]["feedback"]["stage"]["post_transaction"] = {"message": "z"}
    message = problems_of(tmp_path, content)
    prefix = f"exercises.yaml: {EID}"
    expected = [
        f"{prefix}.stages: ids must be unique; repeated: transaction",
        f"{prefix}.steps: ids must be unique; repeated: picking",
        f"{prefix}.steps[4].position: 9 is outside 1 to 5 (there are 5 steps)",
        f"{prefix}.steps: positions must be 1 to 5, each used once; repeated: 3; missing: 2, 5",
        f"{prefix}.steps[0].stage: 'later' is not a stage of this exercise "
        "(stages: pre_transaction, transaction, post_transaction, transaction)",
        f"{prefix}.steps[0].feedback.stage.nowhere: not a stage of this exercise",
        f"{prefix}.steps[4].feedback.stage.post_transaction: feedback is for wrong stages; "
        "this is the step's right stage (use 'explain' instead)",
    ]
    for line in expected:
        assert line in message
    assert "steps[0].feedback.stage.pre_transaction" not in message, "the step's stage is 'later', so this is fine"


def test_stages_named_where_the_exercise_has_none(tmp_path, content):
    del content["stages"]
    for step in content["steps"][1:]:
        del step["stage"]
    message = problems_of(tmp_path, content)
    assert f"{EID}.steps[0].stage: this exercise has no stages; remove 'stage' or add 'stages'" in message
    assert f"{EID}.steps[4].feedback.stage: this exercise has no stages; remove it or add 'stages'" in message


def test_syllabus_ids_must_exist(tmp_path, content):
    content["assesses"] = ["LO2", "AC99"]
    content["steps"][2]["feedback"]["out_of_order"]["misconception"] = "MC98"
    content["steps"][4]["feedback"]["stage"]["transaction"]["misconception"] = "MC99"
    message = problems_of(tmp_path, content)
    assert f"{EID}.assesses: 'AC99' is not in the syllabus" in message
    assert f"{EID}.steps[2].feedback.out_of_order.misconception: 'MC98' is not in the syllabus" in message
    assert f"{EID}.steps[4].feedback.stage.transaction.misconception: 'MC99' is not in the syllabus" in message


def test_problems_in_two_exercises_are_all_reported(tmp_path, content):
    broken = copy.deepcopy(content)
    broken["steps"][0]["position"] = 2
    del content["title"]
    with pytest.raises(ContentError) as error:
        load_exercises(write(tmp_path, {"02_service_cycle.one": content, "02_service_cycle.two": broken}))
    message = str(error.value)
    assert "exercises.yaml: 02_service_cycle.one.(top level): 'title' is a required property" in message
    assert (
        "exercises.yaml: 02_service_cycle.two.steps: positions must be 1 to 5, each used once; repeated: 2" in message
    )


def test_unknown_kind_lists_both_kinds(tmp_path):
    message = problems_of(tmp_path, {"kind": "quiz"})
    known = "sorter, sequencer, journey, scenario, practice_twin, hint_ladder, progress"
    assert f"'quiz' is not a known exercise kind (known: {known})" in message


def test_feedback_entries_of_both_kinds(content):
    from logiserve.content import feedback_entries
    from tests.widgets.conftest import SORTER_CONTENT

    assert [(e.where, e.owner, e.case, e.feedback.get("misconception")) for e in feedback_entries(content)] == [
        ("steps[2].feedback.out_of_order", "picking", "out_of_order", "MC16"),
        ("steps[4].feedback.stage.transaction", "returns", "stage transaction", "MC12"),
    ]
    assert [(e.where, e.owner, e.case) for e in feedback_entries(SORTER_CONTENT)] == [
        ("items[1].feedback.external", "wrapfast", "external")
    ]


# -- what of a saved answer a sequencer restores ------------------------------------------------
EMPTY = {"order": [], "stages": {}}


def test_nothing_saved_is_the_empty_answer(content):
    assert usable_answer(graded(content), None) == (EMPTY, "")


@pytest.mark.parametrize("saved", [3, ["enquiry", "picking"], "enquiry"])
def test_a_saved_value_of_the_wrong_type_is_dropped_whole(content, saved):
    assert usable_answer(content, saved) == (EMPTY, f"expected a step sequence, found {type(saved).__name__}")


@pytest.mark.parametrize("saved", [{"order": "enquiry"}, {"order": None}, {"stages": ["enquiry"]}])
def test_an_order_or_stages_of_the_wrong_type_drop_the_whole_answer(content, saved):
    assert usable_answer(content, saved) == (EMPTY, "expected a list of steps and their stages")


def test_unknown_repeated_and_unplaced_entries_are_dropped(content):
    saved = {
        "order": ["picking", "ghost", "enquiry", "picking", 7],
        "stages": {"enquiry": "pre_transaction", "picking": "nowhere", "returns": "post_transaction", "ghost": "x"},
        "extra": "ignored",
    }
    assert usable_answer(graded(content), saved) == (
        {"order": ["picking", "enquiry"], "stages": {"enquiry": "pre_transaction"}},
        "6 entries named unknown steps or stages",
    )


def test_one_dropped_entry_is_an_entry(content):
    assert usable_answer(content, {"order": ["enquiry", "enquiry"]}) == (
        {"order": ["enquiry"], "stages": {}},
        "1 entry named unknown steps or stages",
    )


def test_a_good_answer_is_kept_with_its_stages_in_the_order_of_its_steps(content):
    saved = {
        "order": ["order_receipt", "enquiry"],
        "stages": {"enquiry": "pre_transaction", "order_receipt": "transaction"},
    }
    assert usable_answer(graded(content), saved) == (
        {
            "order": ["order_receipt", "enquiry"],
            "stages": {"order_receipt": "transaction", "enquiry": "pre_transaction"},
        },
        "",
    )
    assert usable_answer(content, {"order": []}) == (EMPTY, "")


def test_stages_are_dropped_where_the_exercise_has_none(content):
    del content["stages"]
    assert usable_answer(content, {"order": ["enquiry"], "stages": {"enquiry": "transaction"}}) == (
        {"order": ["enquiry"], "stages": {}},
        "1 entry named unknown steps or stages",
    )


def test_labels_follow_the_pool_and_stage_labels_the_content(content):
    pool = pool_order(content, exercise_id=EID)
    assert sorted(pool) == sorted(RIGHT) and pool != RIGHT
    assert pool_order(graded(content), exercise_id=EID) == pool, "the key does not change the pool's order"
    assert list(answer_labels(content, exercise_id=EID)) == pool
    assert answer_labels(content, exercise_id=EID)["picking"] == "Picking"
    ben = answer_labels(content, exercise_id=EID, learner="ben", course="c")
    assert list(ben) == pool_order(content, exercise_id=EID, learner="ben", course="c")
    assert list(stage_labels(content).items()) == [
        ("pre_transaction", "Pre-transaction"),
        ("transaction", "Transaction"),
        ("post_transaction", "Post-transaction"),
    ]
    del content["stages"]
    assert stage_labels(content) == {}


def test_the_right_order_is_the_positions_or_else_the_content_order(content):
    assert right_order(content) == RIGHT
    shuffled = {**content, "steps": content["steps"][::-1]}
    assert right_order(shuffled) == RIGHT, "positions decide, not where the steps are written"
    assert right_order(graded(content)) == [step["id"] for step in content["steps"]]


def test_the_pool_is_the_learner_s_own_order_and_never_the_right_one(content):
    ids = [step["id"] for step in content["steps"]]
    for learner in ("amira", "ben", None):
        assert pool_order(content, exercise_id=EID, learner=learner, course="c") == learner_order(
            ids, exercise_id=EID, avoid=[RIGHT], learner=learner, course="c"
        )
    three = {"steps": [{"id": step} for step in RIGHT[:3]]}  # the right order is one of 6: often drawn
    pools = [pool_order(three, exercise_id=EID, learner=f"l{n}", course="c") for n in range(300)]
    assert RIGHT[:3] not in pools
    assert len({tuple(pool) for pool in pools}) == 5, "every other order is some learner's pool"
    amira = pool_order(content, exercise_id=EID, learner="amira", course="c")
    assert pool_order(content, exercise_id=EID, learner="ben", course="c") != amira
    assert pool_order(content, exercise_id=EID, learner="amira", course="other") != amira


REST_OF_PROCEDURE = ["investigate", "update", "resolve", "follow_up", "learn"]


@pytest.mark.parametrize(
    ("first_contact", "points"),
    [
        (["empathise", "log", "acknowledge"], 4.0),  # listen and empathise, then log: the phone call
        (["log", "empathise", "acknowledge"], 4.0),  # the portal logs it first; empathy before the acknowledgement
        (["log", "acknowledge", "empathise"], 3.02),  # empathy left until after the acknowledgement: one step out
        (["acknowledge", "log", "empathise"], 3.02),  # an acknowledgement with no reference to quote
        (["empathise", "acknowledge", "log"], 3.02),
    ],
)
def test_04_procedure_key_lets_listening_and_logging_swap_but_acknowledges_after_both(first_contact, points):
    """The course's one procedure (04, section 1a): the acknowledgement quotes the log's reference."""
    from tests.validity._items import graded_items

    item = next(item for item in graded_items() if item.name == "04_complaints/sequence_test")
    assert item.call().key == [["empathise", "log"], "acknowledge", *REST_OF_PROCEDURE]
    assert item.run({"order": [*first_contact, *REST_OF_PROCEDURE], "stages": {}}) == points


def test_04_procedure_content_lists_its_steps_in_a_right_order():
    """The graded steps are written in a right order (the pool never shows it), listening first."""
    path = Path(__file__).resolve().parents[2] / "course" / "source" / "04_complaints" / "exercises.yaml"
    content = load_exercises(path)["04_complaints.procedure_order"]
    assert right_order(content) == ["empathise", "log", "acknowledge", *REST_OF_PROCEDURE]
    labels = {step["id"]: step["label"] for step in content["steps"]}
    assert labels["empathise"] == "Listen and empathise"
    assert "not an admission of liability" in " ".join(content["steps"][0]["detail"].split())
