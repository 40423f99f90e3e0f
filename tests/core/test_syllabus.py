"""The syllabus file: schema, stable ids, no repeated points."""

import copy

import pytest
import yaml

from logiserve import syllabus
from logiserve.course import course_dir

ASSIGNMENTS = [
    "01_customers",
    "02_service_cycle",
    "03_moments_of_truth",
    "04_complaints",
    "05_inventory",
    "06_supply_chain",
]


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
    for assignment in ASSIGNMENTS:
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
    assert "repeated: AC1" in break_it(lambda e: e.append({**by_id(e, "AC1")}))


def test_repeated_statements_are_refused():
    def repeat(entries):
        entries.append({**by_id(entries, "AC1"), "id": "AC8"})

    assert "the same statement appears twice (AC1, AC8)" in break_it(repeat)


def by_id(entries, entry_id):
    return next(entry for entry in entries if entry["id"] == entry_id)


def test_gaps_in_numbering_are_refused():
    def gap(entries):
        entries.remove(by_id(entries, "MP1"))  # MP2.. are left, and the last entry becomes MP7
        entries[-1]["id"] = "MP7"

    count = sum(entry["id"].startswith("MP") for entry in raw()["entries"])
    assert f"MP ids must run 1..{count} with no gaps" in break_it(gap)


def test_misconceptions_need_a_title_and_others_must_not_have_one():
    assert "'title' is a required property" in break_it(lambda e: [x.pop("title") for x in e if x["id"] == "MC1"])
    assert "should not be valid" in break_it(lambda e: e[0].update(title="A title"))


def test_unknown_assignments_are_refused():
    assert "is not one of" in break_it(lambda e: e[0].update(assignments=["06_unknown"]))


# -- an entry with no graded evidence on purpose says so, and why --------------------------------------------------
WHY = "Using the sector's terms is something only a piece of writing can show."


def with_mark(**fields):
    data = copy.deepcopy(raw())
    entry = next(e for e in data["entries"] if e["id"] == "ET5")
    for name in ("evidence", "why"):
        entry.pop(name, None)
    entry.update(fields)
    return data


def test_an_entry_may_say_it_is_assessed_in_writing_only_and_why():
    entry = syllabus.parse(with_mark(evidence="written", why=f"  {WHY}\n"))["ET5"]
    assert (entry.evidence, entry.why) == ("written", WHY)
    assert syllabus.parse(with_mark())["ET5"].evidence == ""


def test_a_practice_mark_without_a_reason_is_refused():
    with pytest.raises(syllabus.SyllabusError) as error:
        syllabus.parse(with_mark(evidence="practice"))
    index = [e["id"] for e in raw()["entries"]].index("ET5")
    assert str(error.value) == f"syllabus.yaml: entries.{index} (ET5): 'why' is a dependency of 'evidence'"


def test_a_reason_without_a_mark_and_unknown_kinds_and_short_reasons_are_refused():
    def message(**fields):
        with pytest.raises(syllabus.SyllabusError) as error:
            syllabus.parse(with_mark(**fields))
        return str(error.value)

    assert message(why=WHY).endswith("(ET5): 'evidence' is a dependency of 'why'")
    assert message(evidence="graded", why=WHY).endswith(
        "(ET5).evidence: 'graded' is not one of ['written', 'practice']"
    )
    assert message(evidence="written", why="Writing.").endswith("(ET5).why: 'Writing.' is too short")
    assert "does not match" in message(evidence="written", why=WHY.rstrip("."))


def test_key_concepts_of_both_documents_are_there_once_each():
    """The two documents' key concept lists, merged where they repeat: seven concepts, one entry each."""
    concepts = {entry.id: entry.statement.lower() for entry in syllabus.load().of_kind("KC")}
    words = {
        "integration": ["integration", "procurement", "warehousing", "transport", "customer service"],
        "inventory": ["just-in-time", "eoq", "safety stock", "abc"],
        "transport": ["road", "rail", "sea", "air", "modal shift", "consolidation"],
        "procurement": ["procurement", "supplier", "otif"],
        "measurement": ["on-time", "order accuracy", "inventory turnover", "supply chain cycle time"],
        "risk": ["risk", "supplier failing", "port strike", "contingenc"],
        "sustainability": ["sustainability", "carbon", "packaging", "reverse logistics"],
    }
    assert len(concepts) == len(words)
    for concept, needed in words.items():
        holders = [i for i, text in concepts.items() if all(word in text for word in needed)]
        assert len(holders) == 1, (concept, holders)
    assert syllabus.KINDS["KC"] == "key concept"
    every = {a for entry in syllabus.load().of_kind("KC") for a in entry.assignments}
    assert "06_supply_chain" in every
