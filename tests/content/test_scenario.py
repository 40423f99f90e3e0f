"""Scenario content: valid files load; every broken graph is reported with file, exercise and field."""

import copy
from pathlib import Path

import pytest
import yaml

from logiserve.complaints import PROCEDURE
from logiserve.content import KINDS, feedback_entries, validate_exercise
from logiserve.content.scenario import answer_labels, usable_answer
from logiserve.widgets import load_exercises
from tests.widgets.test_scenario import SCENARIO_CONTENT, graded_copy

from . import _files
from ._files import write

EID = "04_complaints.a"
PREFIX = f"exercises.yaml: {EID}"
STEP_IDS = "opening, details, upset, unlogged, follow, ending_happy, ending_ok, ending_lost"
GRADED_KEY = (
    "not allowed in a graded exercise: its key (scores, feedback and explanations) belongs in the hidden test cell, "
    "never in content that is released to learners"
)


@pytest.fixture
def content():
    return copy.deepcopy(SCENARIO_CONTENT)


def problems_of(tmp_path, exercise):
    return _files.problems(tmp_path, EID, exercise)


def lines_of(tmp_path, exercise):
    return problems_of(tmp_path, exercise).splitlines()


def step(content, step_id):
    return next(s for s in content["steps"] if s["id"] == step_id)


def test_valid_practice_and_graded_content_loads(tmp_path, content):
    minimal = copy.deepcopy(content)
    del minimal["assesses"]
    del minimal["customer"]["role"]
    exercises = {
        "04_complaints.practice": content,
        "04_complaints.graded": graded_copy(),
        "04_complaints.bare": minimal,
    }
    loaded = load_exercises(write(tmp_path, exercises))
    assert sorted(loaded) == sorted(exercises)
    assert loaded["04_complaints.practice"]["steps"][0]["options"][1]["feedback"]["misconception"] == "MC11"
    assert "scenario" in KINDS


def test_the_documented_example_is_valid():
    example = yaml.safe_load(
        """
        kind: scenario
        mode: practice
        title: "Practice: a damaged return"
        prompt: "What the learner is asked to do."
        assesses: [MP4, ET4]
        customer:
          name: Priya Shah
          role: "Online shopper, Brightwater website"
        start: opening
        steps:
          - id: opening
            stage: acknowledge
            say: "What the customer says or what happens (shown in the transcript)."
            explain: "Practice only, optional: what the procedure asks for at this point."
            options:
              - id: listen_first
                text: "What the learner says or does."
                next: take_details
                reply: "Optional: how the customer reacts (shown in the transcript after the choice)."
                score: 2
                feedback:
                  message: "Why this response is strong/weak."
                  misconception: MC11
              - id: brush_off
                text: "Not our problem."
                next: sad_ending
                score: -1
          - id: take_details
            stage: log
            say: "Here is my order number."
            options:
              - {id: log_it, text: "Logged.", next: happy_ending, score: 2}
              - {id: forget, text: "Fine.", next: sad_ending, score: 0}
          - id: happy_ending
            ending: true
            say: "How the conversation ends."
          - id: sad_ending
            ending: true
            say: "The customer leaves."
        """
    )
    assert validate_exercise(EID, example) == []


def test_kinds_share_one_file(tmp_path, content):
    from tests.widgets.conftest import SORTER_CONTENT
    from tests.widgets.test_journey import JOURNEY_CONTENT
    from tests.widgets.test_sequencer import SEQUENCER_CONTENT

    exercises = {
        EID: content,
        "04_complaints.sort": copy.deepcopy(SORTER_CONTENT),
        "04_complaints.order": copy.deepcopy(SEQUENCER_CONTENT),
        "04_complaints.journey": copy.deepcopy(JOURNEY_CONTENT),
    }
    kinds = {e["kind"] for e in load_exercises(write(tmp_path, exercises)).values()}
    assert kinds == {"scenario", "journey", "sequencer", "sorter"}


# -- graded content carries no key -----------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("steps[0].options[1].score", lambda c: c["steps"][0]["options"][1].update(score=-1)),
        ("steps[4].options[0].feedback", lambda c: c["steps"][4]["options"][0].update(feedback={"message": "Good."})),
        ("steps[0].explain", lambda c: c["steps"][0].update(explain="Acknowledge first.")),
        ("steps[5].explain", lambda c: c["steps"][5].update(explain="A good ending.")),
    ],
)
def test_graded_content_must_not_carry_a_key(tmp_path, where, change):
    exercise = graded_copy()
    change(exercise)
    assert lines_of(tmp_path, exercise) == [f"{PREFIX}.{where}: {GRADED_KEY}"]


def test_every_key_field_of_graded_content_is_reported_at_once(tmp_path):
    exercise = graded_copy()
    practice = SCENARIO_CONTENT["steps"][0]
    exercise["steps"][0]["explain"] = practice["explain"]
    exercise["steps"][0]["options"][0].update(score=2, feedback=practice["options"][0]["feedback"])
    assert lines_of(tmp_path, exercise) == [
        f"{PREFIX}.steps[0].explain: {GRADED_KEY}",
        f"{PREFIX}.steps[0].options[0].feedback: {GRADED_KEY}",
        f"{PREFIX}.steps[0].options[0].score: {GRADED_KEY}",
    ]


def test_practice_options_must_carry_a_score(tmp_path, content):
    del content["steps"][3]["options"][1]["score"]
    assert lines_of(tmp_path, content) == [f"{PREFIX}.steps[3].options[1]: 'score' is a required property"]


# -- the schema ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.pop("customer"), "a.(top level): 'customer' is a required property"),
        (lambda c: c.pop("start"), "a.(top level): 'start' is a required property"),
        (lambda c: c["customer"].pop("name"), "a.customer: 'name' is a required property"),
        (lambda c: c["customer"].update(email="p@example.com"), "a.customer: Additional properties are not allowed"),
        (lambda c: c["steps"][1].pop("say"), "steps[1]: 'say' is a required property"),
        (lambda c: c["steps"][1].update(says="Hi"), "steps[1]: Additional properties are not allowed ('says'"),
        (lambda c: c["steps"][1].update(id="Details"), "steps[1].id: 'Details' does not match"),
        (lambda c: c["steps"][1]["options"][0].pop("next"), "steps[1].options[0]: 'next' is a required property"),
        (lambda c: c["steps"][1]["options"][0].update(score="2"), "steps[1].options[0].score: '2' is not of type"),
        (lambda c: c["steps"][1]["options"][0].update(score=True), "steps[1].options[0].score: True is not of type"),
        (lambda c: c["steps"][1]["options"][0].update(points=2), "options[0]: Additional properties are not allowed"),
        (lambda c: c["steps"][0]["options"][1]["feedback"].pop("message"), "feedback: 'message' is a required"),
        (
            lambda c: c["steps"][0]["options"][1]["feedback"].update(misconception="AC1"),
            "steps[0].options[1].feedback.misconception: 'AC1' does not match",
        ),
        (lambda c: c["steps"][5].update(ending="yes"), "steps[5].ending: 'yes' is not of type 'boolean'"),
        (lambda c: c["steps"][0]["options"].extend(c["steps"][0]["options"] * 3), "steps[0].options: [{"),
        (lambda c: c.update(steps=c["steps"][:1]), "a.steps: [{"),
        (lambda c: c.update(mode="exam"), "a.mode: 'exam' is not one of ['practice', 'graded']"),
    ],
)
def test_schema_problems_name_the_field(tmp_path, content, change, message):
    change(content)
    assert message in problems_of(tmp_path, content)


# -- the graph -------------------------------------------------------------------------------
def test_a_dangling_option_names_the_option_and_the_steps(tmp_path, content):
    step(content, "details")["options"][1]["next"] = "ending_fine"
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps[1].options[1].next: option 'promise' leads to 'ending_fine', which is not a step "
        f"(steps: {STEP_IDS})"
    ]


def test_an_unknown_start(tmp_path, content):
    content["start"] = "hello"
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.start: 'hello' is not a step of this scenario (steps: {STEP_IDS})"
    ]


def test_unreachable_steps_are_named(tmp_path, content):
    step(content, "opening")["options"][2]["next"] = "details"  # nothing leads to 'unlogged' any more
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps: not reachable from the start ('opening'): unlogged; every step must lie on some path"
    ]


def test_a_scenario_without_an_ending(tmp_path, content):
    for s in content["steps"][5:]:
        del s["ending"]
        s["options"] = [
            {"id": "again", "text": "Again", "next": "opening", "score": 0},
            {"id": "more", "text": "More", "next": "opening", "score": 0},
        ]
    content["steps"][5].pop("explain")
    problems = lines_of(tmp_path, content)
    assert f"{PREFIX}.steps: no step is an ending; mark at least one with 'ending: true'" in problems
    assert any(line.startswith(f"{PREFIX}.steps: the conversation loops back: ") for line in problems)


def test_a_loop_names_its_steps(tmp_path, content):
    step(content, "follow")["options"][1]["next"] = "upset"  # follow -> upset -> details -> follow
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps: the conversation loops back: details → follow → upset → details; a scenario moves "
        "forward, so no response may lead back to a step already passed"
    ]


def test_a_response_that_leads_to_its_own_step_is_a_loop(tmp_path, content):
    step(content, "upset")["options"][1]["next"] = "upset"
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps: the conversation loops back: upset → upset; a scenario moves forward, "
        "so no response may lead back to a step already passed"
    ]


def test_a_step_with_one_option(tmp_path, content):
    step(content, "follow")["options"].pop()
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps[4]: step 'follow' needs at least 2 options to choose from (it has 1); "
        "a step where the conversation ends is marked 'ending: true'"
    ]


def test_a_step_with_no_options_that_is_not_an_ending(tmp_path, content):
    del step(content, "ending_ok")["ending"]
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps[6]: step 'ending_ok' needs at least 2 options to choose from (it has 0); "
        "a step where the conversation ends is marked 'ending: true'"
    ]


def test_an_ending_with_options(tmp_path, content):
    step(content, "follow")["ending"] = True
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps[4]: step 'follow' is an ending, so it has no options (remove them, or remove 'ending: true')"
    ]


def test_duplicate_step_and_option_ids(tmp_path, content):
    step(content, "unlogged")["id"] = "upset"
    step(content, "follow")["options"][1]["id"] = "timeline"
    problems = lines_of(tmp_path, content)
    assert f"{PREFIX}.steps: ids must be unique; repeated: upset" in problems
    assert f"{PREFIX}.steps[4].options: option ids must be unique within a step; repeated: timeline" in problems


def test_a_stage_outside_the_procedure(tmp_path, content):
    step(content, "details")["stage"] = "apologise"
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps[1].stage: 'apologise' is not a stage of the complaint procedure "
        f"(stages: {', '.join(PROCEDURE)})"
    ]


def test_every_stage_of_the_procedure_is_accepted(content):
    for stage in PROCEDURE:
        step(content, "details")["stage"] = stage
        assert validate_exercise(EID, content) == []


def test_a_practice_scenario_must_be_winnable(tmp_path, content):
    for s in content["steps"]:
        for o in s.get("options", []):
            o["score"] = min(o["score"], 0)
    assert lines_of(tmp_path, content) == [
        f"{PREFIX}.steps: the strongest path scores 0; give the strongest responses positive scores, "
        "so that a learner can earn the points"
    ]


def test_every_graph_problem_is_reported_at_once(tmp_path, content):
    content["start"] = "hello"
    step(content, "details")["options"][1]["next"] = "nowhere"
    step(content, "follow")["options"].pop()
    step(content, "ending_ok")["options"] = [{"id": "x", "text": "X", "next": "ending_lost", "score": 0}]
    problems = lines_of(tmp_path, content)
    assert problems == [
        f"{PREFIX}.steps[1].options[1].next: option 'promise' leads to 'nowhere', which is not a step "
        f"(steps: {STEP_IDS})",
        f"{PREFIX}.steps[4]: step 'follow' needs at least 2 options to choose from (it has 1); "
        "a step where the conversation ends is marked 'ending: true'",
        f"{PREFIX}.steps[6]: step 'ending_ok' is an ending, so it has no options (remove them, or remove "
        "'ending: true')",
        f"{PREFIX}.start: 'hello' is not a step of this scenario (steps: {STEP_IDS})",
    ]


def test_syllabus_ids_must_exist(tmp_path, content):
    content["assesses"] = ["MP4", "MP99"]
    step(content, "details")["options"][1]["feedback"]["misconception"] = "MC98"
    problems = lines_of(tmp_path, content)
    assert problems == [
        f"{PREFIX}.assesses: 'MP99' is not in the syllabus (logiserve/syllabus.yaml)",
        f"{PREFIX}.steps[1].options[1].feedback.misconception: 'MC98' is not in the syllabus",
    ]


# -- feedback entries and the coverage report ------------------------------------------------
def test_feedback_entries_of_a_scenario(content):
    assert [(e.where, e.owner, e.case, e.feedback.get("misconception")) for e in feedback_entries(content)] == [
        ("steps[0].options[0].feedback", "opening", "option listen", None),
        ("steps[0].options[1].feedback", "opening", "option policy", "MC11"),
        ("steps[1].options[0].feedback", "details", "option log_it", None),
        ("steps[1].options[1].feedback", "details", "option promise", "MC11"),
        ("steps[4].options[0].feedback", "follow", "option timeline", None),
    ]
    assert feedback_entries(graded_copy()) == []


def test_the_coverage_report_counts_scenario_feedback(tmp_path, content):
    from logiserve.coverage import collect

    folder = tmp_path / "source" / "04_complaints"
    folder.mkdir(parents=True)
    exercises = {"04_complaints.damaged_return": content, "04_complaints.graded_return": graded_copy()}
    (folder / "exercises.yaml").write_text(yaml.safe_dump({"exercises": exercises}))
    coverage = collect(tmp_path)
    assert coverage.reading_problems == []
    assert [(f.ref, f.misconception) for f in coverage.feedback] == [
        ("04_complaints.damaged_return: opening → option policy", "MC11"),
        ("04_complaints.damaged_return: details → option promise", "MC11"),
    ]
    assert [(e.ref, e.kind, e.assesses) for e in coverage.exercises] == [
        ("04_complaints.damaged_return", "scenario (practice)", ("MP4", "ET4", "MC11")),
        ("04_complaints.graded_return", "scenario (graded)", ("MP4", "ET4", "MC11")),
    ]


def test_the_coverage_report_reads_a_scenario_that_assesses_nothing(tmp_path, content):
    from logiserve.coverage import collect

    del content["assesses"]
    folder = tmp_path / "source" / "04_complaints"
    folder.mkdir(parents=True)
    (folder / "exercises.yaml").write_text(yaml.safe_dump({"exercises": {EID: content}}))
    coverage = collect(tmp_path)
    assert [(e.ref, e.assesses) for e in coverage.exercises] == [(EID, ())]
    assert len(coverage.feedback) == 2, "its feedback still counts for the misconceptions it names"


# -- what of a saved answer a scenario player restores ------------------------------------------
def entries(*pairs):
    return [{"step": s, "option": o} for s, o in pairs]


BEST = entries(("opening", "listen"), ("details", "log_it"), ("follow", "timeline"))


def test_nothing_saved_is_the_empty_answer(content):
    assert usable_answer(graded_copy(), None) == ({"path": []}, "")


@pytest.mark.parametrize("saved", [3, BEST, "opening", 1.5])
def test_a_saved_value_of_the_wrong_type_is_dropped_whole(content, saved):
    assert usable_answer(content, saved) == (
        {"path": []},
        f"expected a conversation path, found {type(saved).__name__}",
    )


@pytest.mark.parametrize("saved", [{}, {"path": "opening"}, {"path": {"opening": "listen"}}, {"steps": BEST}])
def test_a_path_that_is_not_a_list_drops_the_whole_answer(content, saved):
    assert usable_answer(content, saved) == ({"path": []}, "expected the list of responses chosen")


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ([*BEST[:1], {"step": "ghost", "option": "listen"}, *BEST[1:]], 1),  # an unknown step
        ([*BEST[:2], {"step": "follow", "option": "ghost"}], 2),  # an unknown option
        ([*BEST[:1], {"step": "details", "option": 3}], 1),  # an option that is not text
        ([*BEST[:1], "details", *BEST[1:]], 1),  # an entry that is not a mapping
        ([*BEST, {"step": "ending_happy", "option": "x"}], 3),  # after the ending
        ([*BEST[1:]], 0),  # not from the start
        ([*BEST[:1], *BEST[:1]], 1),  # the same response twice
    ],
)
def test_the_path_is_kept_up_to_its_first_entry_that_does_not_follow(content, path, kept):
    assert usable_answer(graded_copy(), {"path": path}) == (
        {"path": path[:kept]},
        f"the last {len(path) - kept} of {len(path)} saved responses did not follow this conversation",
    )


def test_a_good_path_is_kept_whole_as_plain_pairs(content):
    saved = {"path": [{**entry, "said": "extra"} for entry in BEST], "extra": 1}
    assert usable_answer(graded_copy(), saved) == ({"path": BEST}, "")
    assert usable_answer(content, {"path": BEST[:2]}) == ({"path": BEST[:2]}, ""), "an unfinished path is kept"


def test_a_scenario_names_no_items(content):
    assert answer_labels(content) == {}


# The course's one complaint procedure (04, section 1a) as places: steps of one place may swap.
COURSE_PLACES = {
    "empathise": 0,
    "log": 0,
    "acknowledge": 1,
    "investigate": 2,
    "inform": 3,
    "escalate": 3,
    "resolve": 4,
    "follow_up": 5,
    "learn": 6,
}
COMPLAINTS_04 = Path(__file__).resolve().parents[2] / "course" / "source" / "04_complaints" / "exercises.yaml"


@pytest.mark.parametrize("exercise_id", ["04_complaints.damaged_return", "04_complaints.missed_slot"])
def test_04_role_plays_follow_the_course_s_procedure(exercise_id):
    """Every response leads to a step of the same place of the procedure or a later one, starting with listening."""
    assert set(COURSE_PLACES) == set(PROCEDURE)
    content = load_exercises(COMPLAINTS_04)[exercise_id]
    steps = {step["id"]: step for step in content["steps"]}
    assert steps[content["start"]]["stage"] == "empathise"
    for step in content["steps"]:
        for option in step.get("options", []):
            after = steps[option["next"]]
            if "stage" in after:
                assert COURSE_PLACES[after["stage"]] >= COURSE_PLACES[step["stage"]], (step["id"], option["id"])


def test_04_fresco_role_play_states_fresco_s_complaint_clocks():
    import re

    from logiserve import world

    the_world = world.load()
    content = load_exercises(COMPLAINTS_04)["04_complaints.missed_slot"]
    text = " ".join(" ".join(str(v).split()) for step in content["steps"] for v in _texts(step))
    clock = the_world.complaint_clock(the_world.party("Fresco").customer_type)
    assert clock == (4, 48)
    assert [tuple(map(int, m)) for m in re.findall(r"within (\d+) hours and resolved within (\d+)", text)] == [clock]
    assert re.findall(r"SLA's (\d+) hours", text) == [str(clock[1])]
    assert "Harrow Garden Centres" not in text and "Greenacre Garden Centres" in text
    assert "Greenacre Garden Centres" in the_world.names


def _texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)
