"""The syllabus file: schema, stable ids, no repeated points."""

import copy

import pytest
import yaml

from logiserve import syllabus
from logiserve.course import course_dir

FIVE = ["01_customers", "02_service_cycle", "03_moments_of_truth", "04_complaints", "05_inventory"]


def raw():
    path = course_dir().parent / "logiserve" / "syllabus.yaml"
    return yaml.safe_load(path.read_text())


def test_the_syllabus_loads_with_every_kind():
    s = syllabus.load()
    assert {e.kind for e in s.entries} == set(syllabus.KINDS)
    assert [e.id for e in s.of_kind("LO")] == ["LO1", "LO2"]
    assert len(s.of_kind("MP")) == 4, "the seeds' eight marking points are four, each said twice"
    assert s["MC2"].title == "calling a supplier an external customer"
    assert "MC99" not in s


def test_every_assignment_has_syllabus_entries():
    for assignment in FIVE:
        assert any(assignment in e.assignments for e in syllabus.load().entries), assignment


def test_statements_are_tidy_text():
    for entry in syllabus.load().entries:
        assert entry.statement == " ".join(entry.statement.split())
        assert entry.statement[-1] in ".)", entry.id


def break_it(change):
    data = copy.deepcopy(raw())
    change(data["entries"])
    with pytest.raises(syllabus.SyllabusError) as error:
        syllabus.parse(data)
    return str(error.value)


def test_repeated_ids_are_refused():
    assert "repeated: AC1" in break_it(lambda e: e.append({**e[2]}))


def test_repeated_statements_are_refused():
    def repeat(entries):
        entries.append({**entries[2], "id": "AC8"})

    assert "the same statement appears twice (AC1, AC8)" in break_it(repeat)


def test_gaps_in_numbering_are_refused():
    assert "MP ids must run 1..4 with no gaps" in break_it(lambda e: e[-1].update(id="MP7") or e.pop(9))


def test_misconceptions_need_a_title_and_others_must_not_have_one():
    assert "'title' is a required property" in break_it(lambda e: [x.pop("title") for x in e if x["id"] == "MC1"])
    assert "should not be valid" in break_it(lambda e: e[0].update(title="A title"))


def test_unknown_assignments_are_refused():
    assert "is not one of" in break_it(lambda e: e[0].update(assignments=["06_unknown"]))
