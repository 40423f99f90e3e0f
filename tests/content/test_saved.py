"""saved_exercise: a saved answer read as its widget restores it, with its labels, without the widget."""

import dataclasses
import json
from pathlib import Path

import pytest

from logiserve.answer_store import ANSWERS_FILE, read_answers_file
from logiserve.content import SUPPORT_KINDS, ContentError, SavedExercise, hint_ladder, load_exercises, saved_exercise
from logiserve.content.journey import RATINGS
from logiserve.widgets import AnswerStore, CategorySorter, HintLadder, JourneyMap, ScenarioPlayer, StepSequencer
from tests.widgets.test_journey import JOURNEY_CONTENT
from tests.widgets.test_scenario import SCENARIO_CONTENT
from tests.widgets.test_sequencer import SEQUENCER_CONTENT

REPO = Path(__file__).resolve().parents[2]
WIDGETS = {"sorter": CategorySorter, "sequencer": StepSequencer, "journey": JourneyMap, "scenario": ScenarioPlayer}
ABSENT = object()  # answers.json holds nothing for the exercise


# -- the record --------------------------------------------------------------------------------
def test_a_sorter_answer_with_its_labels(practice_content):
    graded = saved_exercise("01_customers.demo", practice_content, {"fresco": "external", "ghost": "internal"})
    assert isinstance(graded, SavedExercise)
    assert (graded.exercise_id, graded.kind) == ("01_customers.demo", "sorter")
    assert graded.answer == {"fresco": "external"}
    assert list(graded.labels.items()) == [
        ("despatch", "Despatch team"),
        ("wrapfast", "Wrapfast Packaging"),
        ("fresco", "Fresco DC"),
    ]
    assert graded.stage_labels == {}
    assert graded.dropped == "1 placement(s) named unknown items or categories"


def test_the_answer_is_a_fresh_plain_copy_each_time_and_the_record_cannot_change(practice_content):
    graded = saved_exercise("01_customers.demo", practice_content, {"fresco": "external"})
    first = graded.answer
    first["despatch"] = "internal"
    assert type(first) is dict and graded.answer == {"fresco": "external"}
    with pytest.raises(TypeError):
        graded.labels["fresco"] = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        graded.dropped = ""


def test_a_sequencer_has_stage_labels_and_its_labels_in_the_pool_order():
    graded = saved_exercise("02_service_cycle.demo", SEQUENCER_CONTENT, {"order": ["picking"]})
    assert graded.kind == "sequencer"
    assert graded.answer == {"order": ["picking"], "stages": {}}
    assert set(graded.labels) == {s["id"] for s in SEQUENCER_CONTENT["steps"]}
    assert list(graded.labels) != [s["id"] for s in SEQUENCER_CONTENT["steps"]], "the pool is shuffled"
    assert list(graded.stage_labels) == ["pre_transaction", "transaction", "post_transaction"]


def test_a_journey_and_a_scenario_have_no_stage_labels():
    journey = saved_exercise("03_moments_of_truth.demo", JOURNEY_CONTENT, None)
    assert journey.answer == {"ratings": {}, "critical": [], "notes": {}} and journey.dropped == ""
    assert list(journey.labels) == [t["id"] for t in JOURNEY_CONTENT["touchpoints"]]
    assert journey.stage_labels == {}
    scenario = saved_exercise("04_complaints.demo", SCENARIO_CONTENT, [1])
    assert (scenario.answer, scenario.labels, scenario.stage_labels) == ({"path": []}, {}, {})
    assert scenario.dropped == "expected a conversation path, found list"


def test_the_printout_says_what_was_kept_and_dropped(practice_content):
    assert repr(saved_exercise("01_customers.demo", practice_content, {"x": "y"})) == (
        "<SavedExercise 01_customers.demo (sorter): {}; 3 labels; "
        "dropped: 1 placement(s) named unknown items or categories>"
    )
    assert repr(saved_exercise("02_service_cycle.demo", SEQUENCER_CONTENT, {"order": ["picking"]})) == (
        "<SavedExercise 02_service_cycle.demo (sequencer): {'order': ['picking'], 'stages': {}}; "
        "5 labels, 3 stage labels; nothing dropped>"
    )


@pytest.mark.parametrize(
    ("content", "found"), [({"kind": "quiz"}, "found kind 'quiz'"), ({}, "found kind None"), ([], "found list")]
)
def test_content_of_no_known_kind_is_refused(content, found):
    with pytest.raises(ContentError) as error:
        saved_exercise("01_customers.demo", content, {})
    assert str(error.value) == (
        "01_customers.demo: expected the content of an exercise of a known kind "
        f"(sorter, sequencer, journey, scenario, practice_twin, hint_ladder, progress), {found}"
    )


# -- the same as the restored widget, for every exercise of the course ------------------------
def _sorter_answers(content):
    items, categories = [i["id"] for i in content["items"]], [c["id"] for c in content["categories"]]
    yield "all_to_the_first_category", {item: categories[0] for item in items}
    yield "reversed_round_robin", {item: categories[n % len(categories)] for n, item in enumerate(items[::-1])}
    yield "partly_junk", {items[-1]: categories[-1], "ghost": categories[0], items[0]: "nowhere", items[1]: 3}


def _sequencer_answers(content):
    steps, stages = [s["id"] for s in content["steps"]], [s["id"] for s in content.get("stages", [])]
    yield "content_order", {"order": steps, "stages": {step: stages[0] for step in steps} if stages else {}}
    half = steps[::-1][: len(steps) // 2 + 1]
    yield "reversed_half", {"order": half, "stages": {step: stages[-1] for step in half[::-1]} if stages else {}}
    junk_stages = {steps[0]: "nowhere", steps[-1]: stages[0] if stages else "x", steps[1]: stages[-1] if stages else 1}
    yield "partly_junk", {"order": [steps[1], "ghost", steps[1], steps[0], 7], "stages": junk_stages, "extra": True}
    yield "order_not_a_list", {"order": steps[0], "stages": {}}


def _journey_answers(content):
    tps = [t["id"] for t in content["touchpoints"]]
    note = "Call the customer back within the hour."
    yield "all_positive", {"ratings": dict.fromkeys(tps, "positive"), "critical": [tps[0]], "notes": {tps[0]: note}}
    backwards = tps[::-1]
    yield (
        "reversed_mixed",
        {
            "ratings": {tp: RATINGS[n % len(RATINGS)] for n, tp in enumerate(backwards)},
            "critical": backwards[::2],
            "notes": {tp: f"  {note}  " if n % 2 else " " for n, tp in enumerate(backwards)},
        },
    )
    yield (
        "partly_junk",
        {
            "ratings": {"ghost": "positive", tps[0]: "great", tps[1]: None, tps[2]: "negative"},
            "critical": [tps[1], tps[1], "ghost", 4],
            "notes": {tps[0]: "x" * 281, tps[1]: 5, tps[-1]: "  ", "ghost": note, tps[2]: note},
        },
    )
    yield "ratings_not_a_mapping", {"ratings": ["positive"], "critical": [], "notes": {}}


def _walk(content, pick):
    """A path from the start to an ending, choosing ``pick(options)`` at every step."""
    steps = {step["id"]: step for step in content["steps"]}
    at, path = content["start"], []
    while not steps[at].get("ending"):
        option = pick(steps[at]["options"])
        path.append({"step": at, "option": option["id"]})
        at = option["next"]
    return path, at


def _scenario_answers(content):
    first, _ = _walk(content, lambda options: options[0])
    last, ending = _walk(content, lambda options: options[-1])
    yield "first_options", {"path": first}
    yield "last_options_then_past_the_ending", {"path": [*last, {"step": ending, "option": "more"}]}
    yield "a_wrong_step_halfway", {"path": [*first[:1], {"step": "ghost", "option": "x"}, *first[1:]]}
    yield "a_wrong_option_first", {"path": [{"step": content["start"], "option": 3}, *first[1:]]}
    yield "path_not_a_list", {"path": {"step": content["start"]}}


ANSWERS = {"sorter": _sorter_answers, "sequencer": _sequencer_answers, "journey": _journey_answers}
ANSWERS["scenario"] = _scenario_answers
JUNK = [("absent", ABSENT), ("null", None), ("empty", {}), ("number", 3), ("list", [1, "a"]), ("text", "answer")]


def _cases():
    for path in sorted((REPO / "course" / "source").glob("*/exercises.yaml")):
        for exercise_id, content in load_exercises(path).items():
            if content["kind"] in SUPPORT_KINDS:  # never marked: what they keep is tested below
                continue
            for name, saved in [*ANSWERS[content["kind"]](content), *JUNK]:
                yield pytest.param(path, exercise_id, saved, id=f"{exercise_id}-{name}")


@pytest.mark.parametrize(("path", "exercise_id", "saved"), list(_cases()))
def test_the_grader_reads_what_the_restored_widget_gives(tmp_path, path, exercise_id, saved):
    (tmp_path / ANSWERS_FILE).write_text(json.dumps({} if saved is ABSENT else {exercise_id: saved}))
    content = load_exercises(path)[exercise_id]
    widget = WIDGETS[content["kind"]].from_file(path, exercise_id, store=AnswerStore(tmp_path))
    answers, problem = read_answers_file(tmp_path / ANSWERS_FILE)
    assert problem == ""
    graded = saved_exercise(exercise_id, content, answers.get(exercise_id))
    assert graded.answer == widget.answer
    assert json.dumps(graded.answer) == json.dumps(widget.answer), "the same order too"
    if content["kind"] == "scenario":
        assert not hasattr(widget, "labels") and graded.labels == {}
    else:
        assert list(graded.labels.items()) == list(widget.labels.items())
    assert graded.stage_labels == getattr(widget, "stage_labels", {})
    assert (f"({graded.dropped})" in widget.notice) if graded.dropped else widget.notice == ""


def _ladders():
    for path in sorted((REPO / "course" / "source").glob("*/exercises.yaml")):
        for exercise_id, content in load_exercises(path).items():
            if content["kind"] == hint_ladder.KIND:
                for name, saved in [
                    ("two", {"opened": 2}),
                    ("too_many", {"opened": 99}),
                    ("negative", {"opened": -1}),
                    ("a_bare_count", 1),
                    ("text", {"opened": "all"}),
                    *JUNK,
                ]:
                    yield pytest.param(path, exercise_id, saved, id=f"{exercise_id}-{name}")


@pytest.mark.parametrize(("path", "exercise_id", "saved"), list(_ladders()))
def test_the_report_reads_the_rung_the_restored_ladder_shows(tmp_path, path, exercise_id, saved):
    (tmp_path / ANSWERS_FILE).write_text(json.dumps({} if saved is ABSENT else {exercise_id: saved}))
    content = load_exercises(path)[exercise_id]
    widget = HintLadder.from_file(path, exercise_id, store=AnswerStore(tmp_path))
    answers, _ = read_answers_file(tmp_path / ANSWERS_FILE)
    assert widget.opened == hint_ladder.opened(content, answers.get(exercise_id))
    assert len(widget.rungs) == widget.opened <= len(content["rungs"])
