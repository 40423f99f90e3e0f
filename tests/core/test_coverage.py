"""Every syllabus entry of an existing assignment is assessed, by graded evidence unless the syllabus says why.

Graded, written and practice evidence are told apart from what each exercise is (nbgrader's cell metadata and
the test cells' code), first in a small course built here, then in the real one.
"""

import copy
import re
import shutil
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from logiserve import coverage as coverage_module
from logiserve import syllabus
from logiserve.cli import main
from logiserve.course import course_dir
from logiserve.coverage import collect

REPO = Path(__file__).resolve().parents[2]


# -- a small course: one practice sorter, one graded sorter, an autograded step, a written answer, a chart --------
SYLLABUS = {
    "entries": [
        {"id": "LO1", "statement": "Identify the customers of a warehouse.", "assignments": ["01_customers"]},
        {"id": "AC1", "statement": "Tell internal customers from external ones.", "assignments": ["01_customers"]},
        {
            "id": "AC2",
            "statement": "Explain why the difference matters to a warehouse.",
            "assignments": ["01_customers"],
        },
        {
            "id": "MC1",
            "title": "mixing up internal and external customers",
            "statement": "Putting a colleague outside the company.",
            "assignments": ["01_customers"],
        },
        {
            "id": "MC2",
            "title": "calling a supplier a customer",
            "statement": "Treating a supplier as a customer.",
            "assignments": ["01_customers"],
        },
        {"id": "ET1", "statement": "Set every answer in a warehouse context.", "assignments": ["01_customers"]},
        {
            "id": "ET2",
            "statement": "A tip of an assignment that does not exist yet.",
            "assignments": ["02_service_cycle"],
        },
    ]
}
CLASSES = [{"id": "internal", "label": "Internal"}, {"id": "external", "label": "External"}]


def content():
    practice_item = {
        "id": "despatch",
        "label": "Despatch",
        "answer": "internal",
        "explain": "A Brightwater team.",
        "feedback": {"external": {"message": "Despatch is one of ours.", "misconception": "MC1"}},
    }
    supplier = {
        "id": "wrapfast",
        "label": "Wrapfast",
        "answer": "external",
        "explain": "A supplier.",
        "feedback": {"internal": {"message": "A supplier is another company.", "misconception": "MC2"}},
    }
    common = {"kind": "sorter", "title": "Sort", "prompt": "Sort them.", "categories": CLASSES}
    return {
        "exercises": {
            "01_customers.practice": {
                **common,
                "mode": "practice",
                "assesses": ["AC1", "MC1", "MC2"],
                "items": [practice_item, supplier],
            },
            "01_customers.graded": {
                **common,
                "mode": "graded",
                "assesses": ["LO1", "MC2"],
                "items": [{"id": "pickers", "label": "Pickers"}, {"id": "fresco", "label": "Fresco"}],
            },
        }
    }


def cell(kind, source, grade_id, logiserve=None, **nbgrader):
    meta = {"nbgrader": {"grade_id": grade_id, "locked": False, "grade": False, "solution": False, **nbgrader}}
    if logiserve is not None:
        meta["logiserve"] = logiserve
    return (new_code_cell if kind == "code" else new_markdown_cell)(source, metadata=meta)


def notebook():
    test = "check_sorter(graded.answer, {'pickers': 'internal', 'fresco': 'external'}, points=2).award()"
    return new_notebook(
        cells=[
            cell("code", "from logiserve.widgets import CategorySorter", "setup", locked=True),
            cell(
                "code",
                'practice = CategorySorter.from_file("exercises.yaml", "01_customers.practice")',
                "p",
                locked=True,
            ),
            cell(
                "code", 'graded = CategorySorter.from_file("exercises.yaml", "01_customers.graded")', "g", locked=True
            ),
            cell("code", test, "graded_test", {"exercise": "01_customers.graded"}, grade=True, locked=True, points=2),
            cell("code", "share = 0.5", "share_answer", solution=True),
            cell(
                "code",
                "check_number(share, 0.5, points=1).award()",
                "share_test",
                {"assesses": ["AC1"]},
                grade=True,
                locked=True,
                points=1,
            ),
            cell(
                "markdown",
                "Model answer.",
                "written_answer",
                {"assesses": ["AC2", "ET1"]},
                grade=True,
                solution=True,
                points=4,
            ),
            cell(
                "code", "plt.plot([1, 2])", "chart_answer", {"assesses": ["AC2"]}, grade=True, solution=True, points=2
            ),
        ]
    )


@pytest.fixture
def small(tmp_path):
    folder = tmp_path / "source" / "01_customers"
    folder.mkdir(parents=True)
    (folder / "exercises.yaml").write_text(yaml.safe_dump(content(), sort_keys=False))
    nbformat.write(notebook(), folder / "customers.ipynb")
    return tmp_path


def marked(**marks):
    data = copy.deepcopy(SYLLABUS)
    for entry in data["entries"]:
        if entry["id"] in marks:
            entry["evidence"], entry["why"] = marks[entry["id"]]
    return syllabus.parse(data)


def kinds(coverage, entry_id):
    return {k: [e.ref for e in coverage.exercises_for(entry_id, k)] for k in ("graded", "written", "practice")}


WRITTEN_WHY = "Only the learner's own writing can show it, so a tutor marks it."
PRACTICE_WHY = "It is practised with feedback here, and the graded sorter cannot show it."


def test_each_exercise_gives_the_evidence_it_really_is(small):
    coverage = collect(small, syllabus=marked())
    assert [(e.ref, e.kind, e.evidence, e.marked_by) for e in coverage.exercises] == [
        ("01_customers.practice", "sorter (practice)", "practice", ()),
        ("01_customers.graded", "sorter (graded)", "graded", ("01_customers/customers.ipynb#graded_test",)),
        ("01_customers/customers.ipynb#share_test", "autograded cell", "graded", ()),
        ("01_customers/customers.ipynb#written_answer", "written answer", "written", ()),
        ("01_customers/customers.ipynb#chart_answer", "tutor-marked cell", "written", ()),
    ]
    assert coverage.reading_problems == []


def test_the_three_kinds_of_evidence_for_each_entry_of_a_small_course(small):
    coverage = collect(small, syllabus=marked())
    p, g, share = "01_customers.practice", "01_customers.graded", "01_customers/customers.ipynb#share_test"
    written, chart = "01_customers/customers.ipynb#written_answer", "01_customers/customers.ipynb#chart_answer"
    assert {i: kinds(coverage, i) for i in coverage.syllabus.ids} == {
        "LO1": {"graded": [g], "written": [], "practice": []},
        "AC1": {"graded": [share], "written": [], "practice": [p]},
        "AC2": {"graded": [], "written": [written, chart], "practice": []},
        "MC1": {"graded": [], "written": [], "practice": [p]},
        "MC2": {"graded": [g], "written": [], "practice": [p]},
        "ET1": {"graded": [], "written": [written], "practice": []},
        "ET2": {"graded": [], "written": [], "practice": []},
    }
    assert {i: coverage.evidence_of(i) for i in coverage.due()} == {
        "LO1": "graded",
        "AC1": "graded",
        "AC2": "written",
        "MC1": "practice",
        "MC2": "graded",
        "ET1": "written",
    }
    assert coverage.graded() == ["LO1", "AC1", "MC2"]
    assert coverage.summary().startswith(
        "3 of 6 syllabus entries of the assignments that exist (50 %) are assessed by graded (autograded) exercises. "
        "Of the other 3, 2 are assessed only in written answers a tutor marks and 1 only in practice exercises, which "
        "give no marks; it does not say why for AC2, MC1, ET1."
    )


def test_entries_without_graded_evidence_are_problems_unless_the_syllabus_says_why(small):
    assert collect(small, syllabus=marked()).problems() == [
        "AC2 (assessment criterion of 01_customers) has no graded evidence (written only: "
        "01_customers/customers.ipynb#written_answer, 01_customers/customers.ipynb#chart_answer): add an "
        "autograded exercise that can show it, or say in logiserve/syllabus.yaml why it is not graded "
        "(evidence: written, why: ...)",
        "MC1 (common mistake or misconception of 01_customers) has no graded evidence (practice only: "
        "01_customers.practice): add an autograded exercise that can show it, or say in logiserve/syllabus.yaml why "
        "it is not graded (evidence: practice, why: ...)",
        "ET1 (exam tip of 01_customers) has no graded evidence (written only: "
        "01_customers/customers.ipynb#written_answer): add an autograded exercise that can show it, or say in "
        "logiserve/syllabus.yaml why it is not graded (evidence: written, why: ...)",
    ]
    on_purpose = collect(
        small,
        syllabus=marked(AC2=("written", WRITTEN_WHY), MC1=("practice", PRACTICE_WHY), ET1=("written", WRITTEN_WHY)),
    )
    assert on_purpose.problems() == []
    assert on_purpose.covered() == on_purpose.due()
    assert on_purpose.summary().startswith("3 of 6 syllabus entries")
    assert "; the syllabus says why for each. 7 entries in all, assignments present: 01_customers." in (
        on_purpose.summary()
    )
    rows = {row[0]: row for row in on_purpose.rows()}
    assert rows["MC1"][3:6] == (f"none, on purpose (practice only): {PRACTICE_WHY}", "", "01_customers.practice")
    assert rows["LO1"][3] == "01_customers.graded"
    assert rows["ET2"][3] == "—", "its assignment does not exist yet"
    assert "| MC1 | Mixing up internal and external customers: Putting a colleague outside the company. | " in (
        on_purpose.markdown()
    )


def test_a_mark_must_say_what_is_true(small):
    wrong = collect(
        small,
        syllabus=marked(
            LO1=("written", WRITTEN_WHY),
            AC2=("practice", PRACTICE_WHY),
            MC1=("written", WRITTEN_WHY),
            ET1=("written", WRITTEN_WHY),
        ),
    ).problems()
    assert wrong == [
        "LO1 (learning outcome of 01_customers) is marked `evidence: written` in the syllabus, but autograded "
        "exercises assess it (01_customers.graded): remove the mark, or the tag of a cell that cannot show it",
        "AC2 (assessment criterion of 01_customers) is marked `evidence: practice`, but answers a tutor marks assess "
        "it (01_customers/customers.ipynb#written_answer, 01_customers/customers.ipynb#chart_answer): mark it "
        "`evidence: written`",
        "MC1 (common mistake or misconception of 01_customers) is marked `evidence: written`, but no answer a tutor "
        "marks assesses it (practice only: 01_customers.practice)",
    ]


def rewrite(small, change):
    path = small / "source" / "01_customers" / "customers.ipynb"
    nb = nbformat.read(path, 4)
    change({c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells})
    nbformat.write(nb, path)


def test_a_graded_exercise_counts_only_when_an_autograded_test_reads_its_widget(small):
    def test_reads_something_else(cells):
        cells["graded_test"].source = "check_sorter(practice.answer, {'despatch': 'internal'}, points=2).award()"

    rewrite(small, test_reads_something_else)
    coverage = collect(small, syllabus=marked())
    assert coverage.evidence_of("LO1") == ""
    assert coverage.reading_problems == [
        "01_customers/customers.ipynb#graded_test: says it marks exercise '01_customers.graded', but reads no widget "
        "that a read-only cell builds from it"
    ]
    assert (
        "01_customers.graded: a graded exercise that no autograded test cell marks (a test must read the widget "
        "that a read-only cell builds from it), so it is evidence of nothing"
    ) in coverage.problems()
    assert "LO1 (learning outcome of 01_customers) has no exercise that assesses it" in coverage.problems()


def test_a_widget_built_in_a_cell_the_learner_may_edit_is_no_graded_evidence(small):
    rewrite(small, lambda cells: cells["g"].metadata["nbgrader"].update(locked=False))
    coverage = collect(small, syllabus=marked())
    assert coverage.evidence_of("LO1") == "" and coverage.evidence_of("MC2") == "practice"


def test_grade_cells_that_cannot_be_evidence_are_problems(small):
    def break_them(cells):
        cells["share_test"].metadata["nbgrader"]["points"] = 0
        cells["written_answer"].metadata["nbgrader"]["solution"] = False
        cells["chart_answer"].metadata["logiserve"] = {"exercise": "01_customers.graded"}

    rewrite(small, break_them)
    coverage = collect(small, syllabus=marked())
    assert coverage.reading_problems == [
        "01_customers/customers.ipynb#share_test: a grade cell worth no points (nbgrader's points) is evidence of "
        "nothing",
        "01_customers/customers.ipynb#written_answer: a Markdown grade cell must also be an answer (solution) for "
        "nbgrader",
        "01_customers/customers.ipynb#chart_answer: names exercise '01_customers.graded', but only an autograded "
        "test cell can mark a widget exercise",
    ]
    assert kinds(coverage, "AC1") == {"graded": [], "written": [], "practice": ["01_customers.practice"]}
    assert kinds(coverage, "AC2") == {"graded": [], "written": [], "practice": []}


# -- the real course -----------------------------------------------------------------------------------------------
GRADED = [
    "LO1", "LO2", "AC1", "AC2", "AC3", "AC4", "AC5", "AC6",
    "KC1", "KC2", "KC3", "KC4", "KC5", "KC6", "KC7",
    "MP1", "MP2", "MP4",
    "MC1", "MC2", "MC3", "MC4", "MC5", "MC6", "MC7", "MC8", "MC9", "MC11", "MC12", "MC14", "MC16", "MC17", "MC18",
    "ET2", "ET4", "ET6", "ET8", "ET10",
]  # fmt: skip
WRITTEN_ONLY = ["AC7", "MP3", "MC10", "MC13", "MC15", "ET1", "ET3", "ET5", "ET7", "ET9"]
PRACTICE_ONLY: list[str] = []  # 06_supply_chain grades the two that were met only in practice (MC16, MC18)


def test_the_course_breaks_no_coverage_rule():
    coverage = collect(course_dir())
    assert coverage.problems() == []
    assert coverage.covered() == coverage.due()
    if len(coverage.assignments) == 6:
        assert coverage.due() == [e.id for e in coverage.syllabus.entries], "all six exist: every entry is due"


def test_the_three_kinds_of_evidence_in_the_course():
    coverage = collect(course_dir())
    by_kind = {
        k: [i for i in coverage.due() if coverage.evidence_of(i) == k] for k in ("graded", "written", "practice")
    }
    assert by_kind == {"graded": GRADED, "written": WRITTEN_ONLY, "practice": PRACTICE_ONLY}
    assert [e.id for e in coverage.syllabus.entries if e.evidence == "written"] == WRITTEN_ONLY
    assert [e.id for e in coverage.syllabus.entries if e.evidence == "practice"] == PRACTICE_ONLY
    assert coverage.summary().startswith(
        "38 of 48 syllabus entries of the assignments that exist (79 %) are assessed by graded (autograded) "
        "exercises. The other 10 are assessed only in written answers a tutor marks; the syllabus says why for each."
    )
    for mc in ("MC1", "MC3"):
        assert kinds(coverage, mc) == {
            "graded": ["01_customers.sort_the_parties"],
            "written": [],
            "practice": ["01_customers.who_do_we_serve"],
        }
    assert kinds(coverage, "ET6") == {
        "graded": ["02_service_cycle.order_to_returns"],
        "written": [],
        "practice": ["02_service_cycle.parcel_journey"],
    }


def test_what_each_course_exercise_is_comes_from_its_metadata_and_code():
    exercises = {e.ref: e for e in collect(course_dir()).exercises}
    assert exercises["01_customers.sort_the_parties"].marked_by == ("01_customers/customers.ipynb#sort_parties_test",)
    assert exercises["01_customers.who_do_we_serve"].evidence == "practice"
    chart = exercises["02_service_cycle/service_cycle.ipynb#chart_answer"]
    assert (chart.kind, chart.evidence) == ("tutor-marked cell", "written"), "the learner's chart is the tutor's"
    pareto = exercises["04_complaints/complaints.ipynb#chart_test"]
    assert (pareto.evidence, pareto.assesses) == ("graded", ("MP4",)), "a chart test cannot show ET1"
    assert "AC7" not in exercises["05_inventory/eoq_safety_stock.ipynb#value_test"].assesses
    graded_widgets = [e for e in exercises.values() if e.kind.endswith("(graded)")]
    assert len(graded_widgets) == 10 and all(e.evidence == "graded" and e.marked_by for e in graded_widgets)


def test_the_readme_gives_the_graded_figure():
    readme = " ".join((REPO / "README.md").read_text().split())
    coverage = collect(course_dir())
    figure = re.match(r"(\d+ of \d+) syllabus entries of the assignments that exist \((\d+ %)\)", coverage.summary())
    assert figure
    assert f"**Graded coverage: {figure[1]} syllabus entries ({figure[2]}) have graded evidence**" in readme
    written = [i for i in coverage.due() if coverage.evidence_of(i) == "written"]
    practice = [i for i in coverage.due() if coverage.evidence_of(i) == "practice"]
    if practice:
        assert (
            f"The other {len(written) + len(practice)} are assessed on purpose only in written answers a tutor "
            f"marks ({len(written)}) or only in practice exercises ({len(practice)}: {' and '.join(practice)})"
        ) in readme
    else:
        assert (
            f"The other {len(written)} are assessed on purpose only in written answers a tutor marks, each with the "
            "syllabus's reason beside it; none is met only in practice."
        ) in readme


def test_the_published_coverage_table_is_current():
    published = (REPO / "docs" / "syllabus-coverage.md").read_text()
    assert published == collect(course_dir()).markdown(), "run: logiserve syllabus --markdown docs/syllabus-coverage.md"


def test_widget_tests_point_at_graded_exercises_and_graded_cells_declare():
    coverage = collect(course_dir())
    refs = {e.ref for e in coverage.exercises}
    assert "01_customers.sort_the_parties" in refs
    assert "01_customers/customers.ipynb#written_answer" in refs
    assert "01_customers/customers.ipynb#sort_parties_test" not in refs  # counted through its exercise


@pytest.fixture
def course_copy(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(course_dir(), root, ignore=shutil.ignore_patterns("release", "submitted", "autograded", "*.db"))
    return root


def edit_notebook(root, change):
    path = root / "source" / "01_customers" / "customers.ipynb"
    nb = nbformat.read(path, 4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    change(cells)
    nbformat.write(nb, path)


def edit_content(root, change):
    path = root / "source" / "01_customers" / "exercises.yaml"
    data = yaml.safe_load(path.read_text())
    change(data["exercises"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def test_an_undeclared_grade_cell_is_a_problem(course_copy):
    edit_notebook(course_copy, lambda cells: cells["orders_by_type_test"].metadata.pop("logiserve"))
    assert any("orders_by_type_test: a grade cell must declare" in p for p in collect(course_copy).problems())


def test_a_widget_test_must_name_a_graded_exercise(course_copy):
    def point_at_practice(cells):
        cells["sort_parties_test"].metadata["logiserve"] = {"exercise": "01_customers.who_do_we_serve"}

    edit_notebook(course_copy, point_at_practice)
    assert any("which is not a graded exercise" in p for p in collect(course_copy).problems())


def test_an_unknown_id_is_a_problem(course_copy):
    edit_notebook(course_copy, lambda cells: cells["written_answer"].metadata["logiserve"]["assesses"].append("AC42"))
    assert "01_customers/customers.ipynb#written_answer: assesses 'AC42', which is not in the syllabus" in (
        collect(course_copy).problems()
    )


def test_an_entry_without_exercise_is_a_problem():
    data = yaml.safe_load((REPO / "logiserve" / "syllabus.yaml").read_text())
    count = sum(1 for e in data["entries"] if e["id"].startswith("AC"))
    data["entries"].append(
        {"id": f"AC{count + 1}", "statement": "A criterion nothing assesses yet.", "assignments": ["01_customers"]}
    )
    problems = collect(course_dir(), syllabus=syllabus.parse(data)).problems()
    assert problems == [f"AC{count + 1} (assessment criterion of 01_customers) has no exercise that assesses it"]


def test_a_misconception_without_feedback_is_a_problem(course_copy):
    def drop_mc6(exercises):
        for item in exercises["01_customers.who_do_we_serve"]["items"]:
            for feedback in item.get("feedback", {}).values():
                if feedback.get("misconception") == "MC6":
                    del feedback["misconception"]

    edit_content(course_copy, drop_mc6)
    assert "MC6 (misconception of 01_customers) is named by no feedback message" in collect(course_copy).problems()


def test_cli_prints_the_three_kinds_writes_markdown_and_checks(course_copy, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(course_copy))
    assert main(["syllabus", "--check", "--markdown", str(tmp_path / "cov.md")]) == 0
    out = capsys.readouterr().out
    assert "38 of 48 syllabus entries of the assignments that exist (79 %) are assessed by graded" in out
    assert (
        "\n      assignments: 01_customers\n      graded:      01_customers.sort_the_parties\n"
        "      written:     —\n      practice:    01_customers.who_do_we_serve\n"
    ) in out
    assert "ET9   Use real companies as examples" in out
    assert "      graded:      none, on purpose (written only): Using real companies as examples can only" in out
    assert (tmp_path / "cov.md").read_text().startswith("# Syllabus coverage")
    edit_notebook(course_copy, lambda cells: cells["orders_by_type_test"].metadata.pop("logiserve"))
    assert main(["syllabus", "--check"]) == 1
    assert "Problems:" in capsys.readouterr().out


def without_mc1_and_mc3(exercises):
    assesses = exercises["01_customers.sort_the_parties"]["assesses"]
    assesses.remove("MC1")
    assesses.remove("MC3")


def test_check_fails_for_entries_with_practice_evidence_only(course_copy, monkeypatch, capsys):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(course_copy))
    edit_content(course_copy, without_mc1_and_mc3)
    assert main(["syllabus", "--check"]) == 1
    out = capsys.readouterr().out
    assert (
        "No graded evidence, and the syllabus does not say why: MC1, MC3. Add an autograded exercise that can show "
        "each, or give it evidence: written or practice, with why:, in logiserve/syllabus.yaml."
    ) in out
    assert (
        "  - MC1 (common mistake or misconception of 01_customers) has no graded evidence (practice only: "
        "01_customers.who_do_we_serve): add an autograded exercise that can show it, or say in "
        "logiserve/syllabus.yaml why it is not graded (evidence: practice, why: ...)"
    ) in out
    assert "  - MC3 (common mistake or misconception of 01_customers) has no graded evidence" in out
    assert "MC1   Mixing up internal and external customers" in out and "      graded:      MISSING" in out
    assert "36 of 48 syllabus entries" in out and "; it does not say why for MC1, MC3." in out
    assert main(["syllabus"]) == 0, "without --check it only reports"


def test_check_passes_when_the_syllabus_says_practice_only_on_purpose(course_copy, monkeypatch, capsys):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(course_copy))
    edit_content(course_copy, without_mc1_and_mc3)
    data = yaml.safe_load((REPO / "logiserve" / "syllabus.yaml").read_text())
    for entry in data["entries"]:
        if entry["id"] in ("MC1", "MC3"):
            entry.update(evidence="practice", why=PRACTICE_WHY)
    monkeypatch.setattr(coverage_module, "load_syllabus", lambda: syllabus.parse(data))
    assert main(["syllabus", "--check"]) == 0
    out = capsys.readouterr().out
    assert f"      graded:      none, on purpose (practice only): {PRACTICE_WHY}" in out
    assert "No graded evidence" not in out and "Problems:" not in out
    assert "Of the other 12, 10 are assessed only in written answers a tutor marks and 2 only in practice" in out
