"""Journey map content: valid files load; every broken case is reported with file, exercise and field."""

import copy

import pytest
import yaml

from logiserve.content import KINDS, feedback_entries, validate_exercise
from logiserve.content.journey import answer_labels, usable_answer
from logiserve.widgets import load_exercises
from tests.widgets.test_journey import JOURNEY_CONTENT

from . import _files
from ._files import write

EID = "03_moments_of_truth.a"


@pytest.fixture
def content():
    return copy.deepcopy(JOURNEY_CONTENT)


def graded(content):
    return _files.graded(content, "touchpoints", ("rating", "critical", "explain", "feedback"))


def problems_of(tmp_path, exercise):
    return _files.problems(tmp_path, EID, exercise)


def test_valid_practice_and_graded_content_loads(tmp_path, content):
    minimal = copy.deepcopy(content)
    del minimal["min_notes"]
    exercises = {
        "03_moments_of_truth.practice": content,
        "03_moments_of_truth.graded": graded(copy.deepcopy(content)),
        "03_moments_of_truth.minimal": minimal,
    }
    loaded = load_exercises(write(tmp_path, exercises))
    assert sorted(loaded) == sorted(exercises)
    practice = loaded["03_moments_of_truth.practice"]
    assert practice["touchpoints"][1]["feedback"]["rating"]["neutral"]["misconception"] == "MC8"
    assert practice["min_notes"] == 2
    assert "journey" in KINDS


def test_the_documented_example_is_valid():
    example = yaml.safe_load(
        """
        kind: journey
        mode: practice
        title: Fresco's delivery
        prompt: Rate each moment.
        assesses: [MP2, MC8, MC9]
        min_notes: 1
        touchpoints:
          - id: order_call
            label: Order call
            evidence: Answered in 20 seconds.
            rating: positive
            critical: false
            explain: Routine and good.
          - id: delivery_window
            label: Delivery window
            evidence: "Booked 06:00-07:00; the lorry arrived 09:40. Goods-in had to re-plan two bays."
            rating: negative
            critical: true
            explain: why
            feedback:
              rating:
                neutral: {message: Not neutral., misconception: MC8}
              critical:
                {message: It decides the relationship., misconception: MC9}
          - id: invoice
            label: Invoice
            evidence: Right first time.
            rating: neutral
            critical: false
            explain: Expected.
        """
    )
    assert validate_exercise(EID, example) == []


def test_kinds_share_one_file(tmp_path, content):
    from tests.widgets.conftest import SORTER_CONTENT
    from tests.widgets.test_sequencer import SEQUENCER_CONTENT

    exercises = {
        EID: content,
        "03_moments_of_truth.sort": copy.deepcopy(SORTER_CONTENT),
        "03_moments_of_truth.order": copy.deepcopy(SEQUENCER_CONTENT),
    }
    kinds = {e["kind"] for e in load_exercises(write(tmp_path, exercises)).values()}
    assert kinds == {"journey", "sequencer", "sorter"}


@pytest.mark.parametrize("field", ["rating", "critical", "explain", "feedback"])
def test_graded_content_must_not_carry_a_key(tmp_path, content, field):
    exercise = graded(copy.deepcopy(content))
    exercise["touchpoints"][1][field] = content["touchpoints"][1][field]
    message = problems_of(tmp_path, exercise)
    assert f"exercises.yaml: {EID}.touchpoints[1]: " in message
    assert "should not be valid" in message


@pytest.mark.parametrize("field", ["rating", "critical", "explain"])
def test_practice_content_must_carry_a_key(tmp_path, content, field):
    del content["touchpoints"][2][field]
    message = problems_of(tmp_path, content)
    assert f"exercises.yaml: {EID}.touchpoints[2]: '{field}' is a required property" in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["touchpoints"][0].update(rating="great"), "touchpoints[0].rating: 'great' is not one of"),
        (
            lambda c: c["touchpoints"][0].update(critical="yes"),
            "touchpoints[0].critical: 'yes' is not of type 'boolean'",
        ),
        (lambda c: c["touchpoints"][0].pop("evidence"), "touchpoints[0]: 'evidence' is a required property"),
        (lambda c: c["touchpoints"][0].update(evidence=""), "touchpoints[0].evidence: '' should be non-empty"),
        (lambda c: c["touchpoints"][0].update(colour="red"), "touchpoints[0]: Additional properties are not allowed"),
        (lambda c: c["touchpoints"][0].update(id="Order Call"), "touchpoints[0].id: 'Order Call' does not match"),
        (lambda c: c.update(touchpoints=c["touchpoints"][:2]), ("a.touchpoints: [{", "}] is too short")),
        (lambda c: c.update(touchpoints=c["touchpoints"] * 3), ("a.touchpoints: [{", "}] is too long")),
        (lambda c: c.update(min_notes=-1), "a.min_notes: -1 is less than the minimum of 0"),
        (lambda c: c.update(min_notes="2"), "a.min_notes: '2' is not of type 'integer'"),
        (
            lambda c: c["touchpoints"][1]["feedback"].update(late={"message": "x"}),
            "touchpoints[1].feedback: Additional properties are not allowed",
        ),
        (
            lambda c: c["touchpoints"][1]["feedback"]["critical"].pop("message"),
            "touchpoints[1].feedback.critical: 'message' is a required property",
        ),
        (
            lambda c: c["touchpoints"][1]["feedback"]["rating"]["neutral"].update(misconception="AC1"),
            "touchpoints[1].feedback.rating.neutral.misconception: 'AC1' does not match",
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
    content["touchpoints"][3]["id"] = "goods_in"
    content["min_notes"] = 6
    content["touchpoints"][0]["feedback"] = {"rating": {"great": {"message": "x"}, "positive": {"message": "y"}}}
    content["touchpoints"][2]["feedback"] = {"rating": {"negative": {"message": "z"}}}
    message = problems_of(tmp_path, content)
    prefix = f"exercises.yaml: {EID}"
    expected = [
        f"{prefix}.touchpoints: ids must be unique; repeated: goods_in",
        f"{prefix}.min_notes: 6 is more than the 5 touchpoints of this journey",
        f"{prefix}.touchpoints[0].feedback.rating.great: not a rating (ratings: positive, neutral, negative)",
        f"{prefix}.touchpoints[0].feedback.rating.positive: feedback is for wrong ratings; "
        "this is the touchpoint's right rating (use 'explain' instead)",
    ]
    for line in expected:
        assert line in message
    assert len(message.splitlines()) == len(expected)
    assert "touchpoints[2].feedback" not in message, "negative is a wrong rating of goods_in: fine"


def test_graded_content_may_ask_for_notes(content):
    exercise = graded(content)
    exercise["min_notes"] = 5
    assert validate_exercise(EID, exercise) == []
    exercise["min_notes"] = 13
    assert validate_exercise(EID, exercise) == [
        "<content>: 03_moments_of_truth.a.min_notes: 13 is greater than the maximum of 12"
    ]


def test_syllabus_ids_must_exist(tmp_path, content):
    content["assesses"] = ["MP2", "MP99"]
    content["touchpoints"][1]["feedback"]["rating"]["neutral"]["misconception"] = "MC98"
    content["touchpoints"][4]["feedback"]["critical"]["misconception"] = "MC99"
    message = problems_of(tmp_path, content)
    assert f"{EID}.assesses: 'MP99' is not in the syllabus" in message
    assert f"{EID}.touchpoints[1].feedback.rating.neutral.misconception: 'MC98' is not in the syllabus" in message
    assert f"{EID}.touchpoints[4].feedback.critical.misconception: 'MC99' is not in the syllabus" in message


def test_unknown_kind_lists_the_journey_map(tmp_path):
    message = problems_of(tmp_path, {"kind": "quiz"})
    assert "'quiz' is not a known exercise kind (known: " in message
    assert ", journey, " in message


def test_feedback_entries_of_a_journey(content):
    assert [(e.where, e.owner, e.case, e.feedback.get("misconception")) for e in feedback_entries(content)] == [
        ("touchpoints[1].feedback.rating.neutral", "delivery_window", "rating neutral", "MC8"),
        ("touchpoints[1].feedback.critical", "delivery_window", "critical", "MC9"),
        ("touchpoints[4].feedback.critical", "follow_up", "critical", "MC15"),
    ]
    assert feedback_entries(graded(content)) == []


def test_the_coverage_report_counts_journey_feedback(tmp_path, content):
    from logiserve.coverage import collect

    folder = tmp_path / "source" / "03_moments_of_truth"
    folder.mkdir(parents=True)
    (folder / "exercises.yaml").write_text(yaml.safe_dump({"exercises": {"03_moments_of_truth.journey": content}}))
    coverage = collect(tmp_path)
    assert [(f.ref, f.misconception) for f in coverage.feedback] == [
        ("03_moments_of_truth.journey: delivery_window → rating neutral", "MC8"),
        ("03_moments_of_truth.journey: delivery_window → critical", "MC9"),
        ("03_moments_of_truth.journey: follow_up → critical", "MC15"),
    ]
    assert [(e.ref, e.kind, e.assesses) for e in coverage.exercises] == [
        ("03_moments_of_truth.journey", "journey (practice)", ("MP2", "MC8", "MC9"))
    ]


# -- what of a saved answer a journey map restores ----------------------------------------------
EMPTY = {"ratings": {}, "critical": [], "notes": {}}
DROPPED = "named unknown touchpoints or ratings, or held a note that is not text of at most 280 characters"


def test_nothing_saved_is_the_empty_answer(content):
    assert usable_answer(graded(content), None) == (EMPTY, "")


@pytest.mark.parametrize("saved", [3, ["order_call"], "order_call", 2.5])
def test_a_saved_value_of_the_wrong_type_is_dropped_whole(content, saved):
    assert usable_answer(content, saved) == (EMPTY, f"expected a journey map, found {type(saved).__name__}")


@pytest.mark.parametrize(
    "saved", [{"ratings": ["order_call"]}, {"critical": "invoice"}, {"notes": "Call first."}, {"critical": None}]
)
def test_a_part_of_the_wrong_type_drops_the_whole_answer(content, saved):
    assert usable_answer(content, saved) == (EMPTY, "expected ratings, critical moments and notes")


def test_unknown_repeated_and_overlong_entries_are_dropped_and_blank_notes_left_out(content):
    saved = {
        "ratings": {"invoice": "negative", "ghost": "positive", "order_call": "great", "goods_in": 1},
        "critical": ["invoice", "invoice", "ghost", 4, "delivery_window"],
        "notes": {
            "invoice": "  Send it on time.  ",
            "goods_in": " ",
            "ghost": "x",
            "follow_up": "y" * 281,
            "order_call": 5,
        },
    }
    assert usable_answer(graded(content), saved) == (
        {
            "ratings": {"invoice": "negative"},
            "critical": ["delivery_window", "invoice"],
            "notes": {"invoice": "Send it on time."},
        },
        f"9 entries {DROPPED}",
    )


def test_one_dropped_entry_is_an_entry(content):
    assert usable_answer(content, {"critical": ["ghost"]}) == (EMPTY, f"1 entry {DROPPED}")


def test_a_good_answer_is_kept_in_journey_order(content):
    saved = {
        "ratings": {"follow_up": "positive", "order_call": "neutral"},
        "critical": ["follow_up", "order_call"],
        "notes": {"follow_up": "Ring back within the day.", "order_call": "x" * 280},
    }
    answer, dropped = usable_answer(graded(content), saved)
    assert (answer, dropped) == ({**saved, "critical": ["order_call", "follow_up"]}, "")
    assert [list(answer["ratings"]), answer["critical"], list(answer["notes"])] == [["order_call", "follow_up"]] * 3
    assert usable_answer(content, {}) == (EMPTY, "")


def test_labels_are_the_touchpoints_in_journey_order(content):
    assert list(answer_labels(content)) == [t["id"] for t in content["touchpoints"]]
    assert answer_labels(content) == {t["id"]: t["label"] for t in content["touchpoints"]}
