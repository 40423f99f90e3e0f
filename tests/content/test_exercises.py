"""Exercise content files: every course file is valid; broken ones fail with clear messages."""

from pathlib import Path

import pytest
import yaml

from logiserve.widgets import ContentError, load_exercises

COURSE = Path(__file__).resolve().parents[2] / "course" / "source"
CONTENT_FILES = sorted(COURSE.glob("*/exercises.yaml"))


def test_the_course_has_content_files():
    assert [p.parent.name for p in CONTENT_FILES][:2] == ["00_python_for_logistics", "01_customers"]


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.parent.name)
def test_course_content_is_valid_and_ids_belong_to_the_assignment(path):
    exercises = load_exercises(path)
    assert exercises
    for exercise_id, content in exercises.items():
        assert exercise_id.startswith(path.parent.name + ".")
        if content["mode"] == "graded" and content["kind"] == "scenario":
            steps = content["steps"]
            assert all(set(step) <= {"id", "stage", "say", "ending", "options"} for step in steps)
            options = [option for step in steps for option in step.get("options", [])]
            assert options and all(set(option) <= {"id", "text", "next", "reply"} for option in options)
        elif content["mode"] == "graded":
            entries = content.get("items") or content.get("steps") or content.get("touchpoints") or []
            assert entries and all(set(entry) <= {"id", "label", "detail", "evidence"} for entry in entries)


def write(tmp_path, data):
    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def test_every_problem_is_reported_with_file_exercise_and_field(tmp_path, practice_content):
    practice_content["items"][1]["answer"] = "supplier"
    practice_content["items"][2]["id"] = "despatch"
    del practice_content["title"]
    bad = {"exercises": {"01_customers.a": practice_content, "01_customers.b": {"kind": "quiz"}}}
    with pytest.raises(ContentError) as error:
        load_exercises(write(tmp_path, bad))
    message = str(error.value)
    assert "exercises.yaml: 01_customers.a.(top level): 'title' is a required property" in message
    assert "exercises.yaml: 01_customers.b.kind: 'quiz' is not a known exercise kind" in message


def test_semantic_problems_are_reported(tmp_path, practice_content):
    practice_content["items"][1]["answer"] = "supplier"
    practice_content["items"][2]["id"] = "despatch"
    practice_content["items"][0]["feedback"] = {"internal": {"message": "x"}}
    with pytest.raises(ContentError) as error:
        load_exercises(write(tmp_path, {"exercises": {"01_customers.a": practice_content}}))
    message = str(error.value)
    assert "01_customers.a.items: ids must be unique; repeated: despatch" in message
    assert "items[1].answer: 'supplier' is not a category of this exercise" in message
    assert "items[0].feedback.internal: feedback is for wrong placements" in message


def test_graded_content_must_not_carry_a_key(tmp_path, graded_content):
    graded_content["items"][0]["answer"] = "internal"
    with pytest.raises(ContentError, match=r"01_customers.a.items\[0\]"):
        load_exercises(write(tmp_path, {"exercises": {"01_customers.a": graded_content}}))


def test_practice_content_must_carry_a_key(tmp_path, practice_content):
    del practice_content["items"][0]["answer"]
    with pytest.raises(ContentError, match=r"items\[0\]: 'answer' is a required property"):
        load_exercises(write(tmp_path, {"exercises": {"01_customers.a": practice_content}}))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exercises: [1, 2]", "expected a top-level 'exercises' mapping"),
        ("exercises: {}\nextra: 1", "unknown top-level key(s) extra"),
        ("exercises: {a: [", "not readable as YAML"),
        ("exercises:\n  Customers.x: {kind: sorter}", "must look like 'NN_topic.name'"),
    ],
)
def test_unreadable_files(tmp_path, text, message):
    path = tmp_path / "exercises.yaml"
    path.write_text(text)
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        load_exercises(path)


def test_missing_file_says_where_it_looked(tmp_path):
    with pytest.raises(ContentError, match="exercise file not found"):
        load_exercises(tmp_path / "nope.yaml")


def test_syllabus_ids_must_exist(tmp_path, practice_content):
    practice_content["assesses"] = ["LO1", "AC99"]
    practice_content["items"][1]["feedback"]["external"]["misconception"] = "MC99"
    with pytest.raises(ContentError) as error:
        load_exercises(write(tmp_path, {"exercises": {"01_customers.a": practice_content}}))
    message = str(error.value)
    assert "01_customers.a.assesses: 'AC99' is not in the syllabus" in message
    assert "items[1].feedback.external.misconception: 'MC99' is not in the syllabus" in message


def test_exercises_must_say_what_they_assess(tmp_path, practice_content):
    del practice_content["assesses"]
    with pytest.raises(ContentError, match="'assesses' is a required property"):
        load_exercises(write(tmp_path, {"exercises": {"01_customers.a": practice_content}}))


@pytest.mark.parametrize(
    ("older", "kind"), [("category_sorter", "sorter"), ("step_sequencer", "sequencer"), ("journey_map", "journey")]
)
def test_an_older_kind_name_is_read_as_todays(tmp_path, older, kind):
    from tests.widgets.conftest import SORTER_CONTENT
    from tests.widgets.test_journey import JOURNEY_CONTENT
    from tests.widgets.test_sequencer import SEQUENCER_CONTENT

    content = {"sorter": SORTER_CONTENT, "sequencer": SEQUENCER_CONTENT, "journey": JOURNEY_CONTENT}[kind]
    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": {"03_moments_of_truth.a": {**content, "kind": older}}}))
    assert load_exercises(path)["03_moments_of_truth.a"]["kind"] == kind


def test_variants_and_exercises_read_the_file_through_one_reader():
    from logiserve import variants
    from logiserve.content import _exercises, _file

    assert variants.read_exercises_file is _file.read_exercises_file
    assert _exercises.read_exercises_file is _file.read_exercises_file
