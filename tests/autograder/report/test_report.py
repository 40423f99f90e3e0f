"""The cohort report: its numbers against the gradebook, its safety (escaping, self-contained) and its CSV."""

from __future__ import annotations

import base64
import csv
import os
import shutil
import statistics
from datetime import UTC, datetime

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbgrader.api import Gradebook

from logiserve.autograder.report import ReportError, build_report
from logiserve.syllabus import load as load_syllabus
from logiserve.tutor import collect
from logiserve.widgets import load_exercises
from tests._cohort import ASSIGNMENT, COURSE_ID, NOTEBOOK, copy_course
from tests._modules import REPO
from tests.pipeline.conftest import Course

pytestmark = pytest.mark.pipeline

HOSTILE = "<script>alert(1)</script>"
HOSTILE_NAME = ("<b>Eve</b>", "O'Neil & <i>Co</i>")


@pytest.fixture(scope="module")
def graded(autograded_cohort, tmp_path_factory) -> Course:
    """The cohort autograded ("dev" fails), two learners with no submission (one with a hostile id and
    name), and "gus", whose submission waits in submitted/."""
    course = copy_course(autograded_cohort, tmp_path_factory.mktemp("report"))
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", COURSE_ID) as gb:
        gb.add_student(HOSTILE, first_name=HOSTILE_NAME[0], last_name=HOSTILE_NAME[1])
        gb.add_student("fay", first_name="Fay", last_name="Okafor")
    shutil.copytree(course.submission("ben", ASSIGNMENT), course.submission("gus", ASSIGNMENT))
    return course


@pytest.fixture(scope="module")
def built(graded, tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    report = build_report(graded.root, out=folder / "report.html", csv=folder / "report.csv")
    html = report.html.read_text(encoding="utf-8")
    return report, html, BeautifulSoup(html, "html.parser")


def table(soup, table_id: str) -> list[dict[str, str]]:
    """A table of the page as a list of {header: text} rows."""
    node = soup.find("table", id=table_id)
    headers = [th.get_text(strip=True) for th in node.thead.find_all("th")]
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in node.tbody.find_all("tr")]
    return [dict(zip(headers, row, strict=True)) for row in rows if row]  # a group heading row has no td


def number(text: str) -> float:
    return float(text.split()[0])


# -- what the gradebook says, computed here without the report's code ----------------------------------------


def autograded_grades(course: Course) -> dict[str, dict[str, tuple[float | None, float]]]:
    """learner -> {grade cell: (auto score, points)} for the autograded cells of every submission."""
    out = {}
    with Gradebook(f"sqlite:///{course.root / 'gradebook.db'}", COURSE_ID) as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            out[submission.student_id] = {
                grade.name: (grade.auto_score, grade.max_score)
                for notebook in submission.notebooks
                for grade in notebook.grades
                if grade.cell_type == "code"
            }
    return out


def graded_only(course: Course) -> dict[str, dict[str, tuple[float, float]]]:
    return {s: g for s, g in autograded_grades(course).items() if all(a is not None for a, _ in g.values())}


def assessed() -> dict[str, set[str]]:
    """grade cell -> the syllabus ids it assesses, read from the source notebook and exercises.yaml."""
    folder = REPO / "course" / "source" / ASSIGNMENT
    content = load_exercises(folder / "exercises.yaml")
    out = {}
    for cell in nbformat.read(folder / "customers.ipynb", 4).cells:
        meta = cell.metadata.get("logiserve", {})
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            ids = content[meta["exercise"]]["assesses"] if "exercise" in meta else meta["assesses"]
            out[cell.metadata.nbgrader["grade_id"]] = set(ids)
    return out


# -- the numbers --------------------------------------------------------------------------------------------------


def test_each_learners_score_matches_the_gradebook(graded, built):
    report, _, soup = built
    rows = {row["learner"]: row[ASSIGNMENT] for row in table(soup, "learners")}
    expected = graded_only(graded)
    assert set(expected) == {"ada", "ben", "cara"}
    for learner, grades in expected.items():
        score, available = sum(a for a, _ in grades.values()), sum(p for _, p in grades.values())
        shown = rows[learner]
        assert number(shown) == pytest.approx(score, abs=0.005)
        assert shown.split("/")[1].split()[0] == f"{available:g}"
        result = next(r for r in report.results if r.student == learner)
        assert result.score == pytest.approx(score) and result.available == available
    assert rows["ben"].startswith("0 / 10")
    assert rows["dev"] == "grading failed"
    assert rows["gus"] == "submitted, not graded yet"
    assert rows["fay"] == rows[HOSTILE] == "no submission"
    assert rows["ada"].endswith("*"), "ada's written answer waits for the tutor"


def test_distribution_matches_the_gradebook(graded, built):
    report, _, soup = built
    percents = [
        100 * sum(a for a, _ in g.values()) / sum(p for _, p in g.values()) for g in graded_only(graded).values()
    ]
    (row,) = table(soup, "distribution")
    assert row["assignment"] == ASSIGNMENT
    assert (row["graded"], row["submitted"], row["learners"]) == ("3", "5", "7")
    for header, value in [
        ("mean", statistics.fmean(percents)),
        ("median", statistics.median(percents)),
        ("min", min(percents)),
        ("max", max(percents)),
    ]:
        assert number(row[header]) == pytest.approx(value, abs=0.05), header
    (stats,) = report.distributions
    assert stats.mean == pytest.approx(statistics.fmean(percents))
    assert (stats.graded, stats.submitted, stats.learners) == (3, 5, 7)


def test_success_rate_per_exercise_matches_the_gradebook(graded, built):
    report, _, soup = built
    grades = graded_only(graded)
    rows = {row["grade cell"]: row for row in table(soup, "exercises")}
    assert set(rows) == {f"customers/{cell}" for cell in next(iter(grades.values()))}
    for item, row in rows.items():
        cell = item.split("/")[1]
        scores = [g[cell][0] for g in grades.values()]
        points = next(iter(grades.values()))[cell][1]
        success = 100 * statistics.fmean(scores) / points
        full = 100 * sum(s == points for s in scores) / len(scores)
        assert number(row["success (%)"]) == pytest.approx(success, abs=0.05)
        assert number(row["full marks (%)"]) == pytest.approx(full, abs=0.05)
        assert row["learners"] == "3"
        stats = next(c for c in report.cells if c.cell == cell)
        assert stats.success_percent == pytest.approx(success) and stats.full_marks_percent == pytest.approx(full)
    exercises = {c.cell: c.exercise for c in report.cells}
    assert exercises["sort_parties_test"] == "01_customers.sort_the_parties", "a widget's test names its exercise"
    assert exercises["internal_customers_test"] == "internal_customers_test"


def test_success_rate_per_syllabus_entry(graded, built):
    report, _, soup = built
    grades, cells = graded_only(graded), assessed()
    rows = {row["id"]: row for row in table(soup, "syllabus")}
    expected_ids = sorted({i for ids in cells.values() for i in ids if i[:2] in ("LO", "AC", "MP", "ET")})
    assert sorted(rows) == expected_ids
    for entry_id, row in rows.items():
        pairs = [g[cell] for g in grades.values() for cell, ids in cells.items() if entry_id in ids]
        success = 100 * sum(a for a, _ in pairs) / sum(p for _, p in pairs)
        assert number(row["success (%)"]) == pytest.approx(success, abs=0.05), entry_id
        assert row["cells"] == str(sum(entry_id in ids for ids in cells.values()))
    assert {e.entry_id for e in report.entries} == set(rows)


def test_misconceptions_triggered(graded, built):
    report, _, soup = built
    grades, cells, syllabus = graded_only(graded), assessed(), load_syllabus()
    rows = table(soup, "misconceptions")
    assert [r["id"] for r in rows] == [m.entry_id for m in report.misconceptions]
    for row in rows:
        mc = row["id"]
        triggered = {
            learner
            for learner, g in grades.items()
            for cell, ids in cells.items()
            if mc in ids and g[cell][0] < g[cell][1]
        }
        assert row["title"] == syllabus[mc].title
        assert row["learners triggered"] == str(len(triggered)), mc
        assert row["learners assessed"] == "3"
        assert number(row["share (%)"]) == pytest.approx(100 * len(triggered) / 3, abs=0.05)
    counts = [int(r["learners triggered"]) for r in rows]
    assert counts == sorted(counts, reverse=True), "most often triggered first"
    assert "MC7" in {r["id"] for r in rows}


def test_at_risk_lists_low_scores_missing_failed_and_waiting(built):
    report, _, soup = built
    shown = {row["learner"]: row[ASSIGNMENT] for row in table(soup, "at-risk")}
    assert shown["ben"] == "0 %: below 50 %"
    assert shown["cara"] == "22.7 %: below 50 %"
    assert shown["fay"] == shown[HOSTILE] == "no submission"
    assert shown["dev"] == "grading failed"
    assert shown["gus"] == "submitted, not graded yet"
    assert "ada" not in shown
    reasons = {a.student: a.reason for a in report.at_risk}
    assert set(reasons) == set(shown)
    assert reasons["ben"] == "autograded score below 50 % (before manual marking)"
    flagged = soup.find("table", id="at-risk").find_all("td", class_="risk")
    assert len(flagged) == len(report.at_risk), "each flag is highlighted"
    (counts,) = table(soup, "risk-counts")
    assert counts == {
        "assignment": ASSIGNMENT,
        "below threshold": "2",
        "no submission": "2",
        "grading failed": "1",
        "waiting to be graded": "1",
        "at risk": "6",
    }


def test_threshold_moves_the_line(graded, tmp_path):
    report = build_report(graded.root, [ASSIGNMENT], out=tmp_path / "r.html", threshold=0.2)
    low = {a.student for a in report.at_risk if "below" in a.reason}
    assert low == {"ben"}, "cara's 22.7 % is above 20 %"


# -- safety and shape ---------------------------------------------------------------------------------------------


def test_learner_text_is_escaped_never_markup(built):
    _, html, soup = built
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Eve" not in html and "<i>Co" not in html
    assert soup.find_all(["script", "b", "i"]) == []
    learners = {row["learner"]: row["name"] for row in table(soup, "learners")}
    assert learners[HOSTILE] == " ".join(HOSTILE_NAME)


def test_the_page_is_self_contained(built):
    _, html, soup = built
    lowered = html.lower()
    assert 'src="http' not in lowered and "<link" not in lowered and "url(" not in lowered and "@import" not in lowered
    images = soup.find_all("img")
    assert len(images) == 6  # one chart per section, the item map included
    for image in images:
        assert image["src"].startswith("data:image/png;base64,")
        assert base64.b64decode(image["src"].split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert image.get("alt")


def test_the_header_says_what_is_covered(built):
    report, _, soup = built
    header = soup.find("header").get_text(" ", strip=True)
    assert COURSE_ID in header and ASSIGNMENT in header
    assert report.generated.strftime("%Y-%m-%d %H:%M") in header
    assert "before manual marking" in header and "not included" in header
    assert "Grading failed for dev" in header


def test_the_csv_holds_the_reports_numbers(built):
    report, _, _ = built
    with report.csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["section", "assignment", "item", "metric", "value"]
    value = {(r["section"], r["assignment"], r["item"], r["metric"]): r["value"] for r in rows}
    assert len(value) == len(rows), "one value per (section, assignment, item, metric)"
    for r in report.results:
        assert value[("learner", r.assignment, r.student, "status")] == r.status
        if r.score is not None:
            assert float(value[("learner", r.assignment, r.student, "auto_score")]) == pytest.approx(r.score)
    (stats,) = report.distributions
    assert float(value[("distribution", ASSIGNMENT, "all", "median_percent")]) == pytest.approx(stats.median)
    assert int(value[("distribution", ASSIGNMENT, "all", "graded")]) == stats.graded
    for c in report.cells:
        key = ("exercise", c.assignment, f"{c.notebook}/{c.cell}")
        assert float(value[(*key, "success_percent")]) == pytest.approx(c.success_percent, abs=1e-4)
        assert float(value[(*key, "full_marks_percent")]) == pytest.approx(c.full_marks_percent, abs=1e-4)
    for e in report.entries:
        assert float(value[("syllabus", "all", e.entry_id, "success_percent")]) == pytest.approx(
            e.success_percent, 1e-4
        )
    for m in report.misconceptions:
        assert int(value[("misconception", "all", m.entry_id, "learners_triggered")]) == m.triggered
    assert {(r["item"], r["value"]) for r in rows if r["section"] == "at_risk"} == {
        (a.student, a.reason) for a in report.at_risk
    }


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("no gradebook", ReportError, r"no gradebook at .*gradebook\.db yet"),
        ("unknown assignment", ReportError, r"no assignment '02_service_cycle' \(02_service_cycle: in source/ but not"),
        ("bad threshold", ValueError, r"threshold must be a share between 0 and 1"),
    ],
)
def test_errors_tell_the_tutor_what_to_do(graded, tmp_path, case, error, message):
    course = graded.root
    arguments: dict = {"out": tmp_path / "r.html"}
    if case == "no gradebook":
        course = tmp_path / "course"
        shutil.copytree(graded.root, course, ignore=shutil.ignore_patterns("gradebook.db"))
    elif case == "unknown assignment":
        arguments["assignments"] = [ASSIGNMENT, "02_service_cycle"]
    else:
        arguments["threshold"] = 50
    with pytest.raises(error, match=message):
        build_report(course, **arguments)
    assert not (tmp_path / "r.html").exists()


def test_what_the_latest_collect_refused_set_aside_or_left_out_is_to_look_at(graded, tmp_path):
    """A real collect: a link for a notebook, a folder in ben's name made by another user, a time in the future."""
    course = copy_course(graded, tmp_path / "collected")
    inbound = course.exchange / COURSE_ID / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    hal = inbound / f"hal+{ASSIGNMENT}+{now}+a"
    hal.mkdir()
    (hal / NOTEBOOK).symlink_to(course.root / "source" / ASSIGNMENT / NOTEBOOK)
    (hal / "answers.json").write_text("{}")
    spoof = inbound / f"ben+{ASSIGNMENT}+{now}+b"
    spoof.mkdir()
    shutil.copy(course.submission("ben", ASSIGNMENT) / NOTEBOOK, spoof / NOTEBOOK)
    for path in (spoof, spoof / NOTEBOOK):
        os.chown(path, 54321, 54321)  # a user id this machine has no name for: "user id 54321"
    (inbound / f"cara+{ASSIGNMENT}+2099-01-01 09:00:00.000000 UTC+c").mkdir()

    collect(course.root, ASSIGNMENT, exchange=course.exchange)
    report = build_report(course.root, [ASSIGNMENT], out=tmp_path / "r.html")

    rows = {(v.student, v.status): v.reason for v in report.to_review}
    assert rows["user id 54321", "set aside at collect"] == "submitted in ben's name by user id 54321"
    assert "in the future" in rows["cara", "refused at collect"]
    left_out = rows["hal", "collected, entries left out"]
    assert left_out.startswith(f"{NOTEBOOK}: a symbolic link to ") and "answers.json" not in left_out
    shown = {
        (r["learner"], r["status"]) for r in table(BeautifulSoup(report.html.read_text(), "html.parser"), "to-review")
    }
    assert {("user id 54321", "set aside at collect"), ("cara", "refused at collect")} <= shown


# -- the course's own functions in answers ------------------------------------------------------------------------


def test_a_learner_who_uses_the_courses_functions_is_listed_with_the_exercise_cell_and_function(graded, tmp_path):
    """cara's answer works the internal customers out with logiserve.customers (an alias): listed, marks kept."""
    course = copy_course(graded, tmp_path / "course")
    path = course.submission("cara", ASSIGNMENT) / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "internal_customers_answer")
    cell.source = (
        "from logiserve import customers as c\n"
        'kinds = c.classify_parties(parties)\ninternal_customers = parties[kinds == "internal"]'
    )
    nbformat.write(nb, path)
    before = build_report(graded.root, out=tmp_path / "before.html")
    report = build_report(course.root, out=tmp_path / "r.html", csv=tmp_path / "r.csv")
    assert before.course_uses == ()  # the cohort's learners work everything out
    uses = [(u.student, u.assignment, u.exercise, u.cell, u.what) for u in report.course_uses]
    assert uses == [
        ("cara", ASSIGNMENT, "internal_customers_test", "cell 'internal_customers_answer'", f"imports {c}, line 1")
        for c in ("logiserve.customers",)
    ] + [
        (
            "cara",
            ASSIGNMENT,
            "internal_customers_test",
            "cell 'internal_customers_answer'",
            "calls logiserve.customers.classify_parties, line 2",
        )
    ]
    soup = BeautifulSoup(report.html.read_text(encoding="utf-8"), "html.parser")
    rows = table(soup, "course-functions")
    assert [(r["learner"], r["exercise"], r["cell"], r["what"]) for r in rows] == [u[:1] + u[2:] for u in uses]
    assert (
        soup.find("section", id="course-functions").find("h2").get_text() == "7 · The course's own functions in answers"
    )
    # the marks are the autograder's: the same as without the call
    assert [r.score for r in report.results] == [r.score for r in before.results]
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        csv_rows = [r for r in csv.DictReader(handle) if r["section"] == "course_function"]
    assert {(r["item"], r["metric"]) for r in csv_rows} == {("cara", "customers/internal_customers_test")}
    assert any("calls logiserve.customers.classify_parties" in r["value"] for r in csv_rows)
    empty = BeautifulSoup(before.html.read_text(encoding="utf-8"), "html.parser")
    assert "No learner's cell uses the course's functions" in empty.find("section", id="course-functions").get_text()
