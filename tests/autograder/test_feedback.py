"""Feedback pages show each check's messages and score, never the hidden tests; release and fetch work."""

from __future__ import annotations

import getpass
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from logiserve.autograder.feedback import FeedbackError, generate_feedback
from tests._cohort import ASSIGNMENT, COURSE_ID, NOTEBOOK, copy_course
from tests.pipeline.conftest import REPO, Course

pytestmark = pytest.mark.pipeline

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)
NOTE = "# The marking code is hidden. Your result is below."


def hidden_lines(assignment: str = ASSIGNMENT) -> set[str]:
    """Lines of the source's hidden-test regions that stand nowhere else in the source notebooks."""
    lines, public = set(), []
    for path in (REPO / "course" / "source" / assignment).glob("*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            for match in HIDDEN.finditer(cell.source):
                lines |= {line.strip() for line in match.group(1).splitlines() if len(line.strip()) >= 8}
            public.append(HIDDEN.sub("", cell.source))
    public_text = "\n".join(public)
    return {line for line in lines if line not in public_text}


def page_text(path: Path) -> str:
    """Everything a reader (or a view-source) of an HTML page gets: its text, scripts and styles included."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()


def leaks(folder: Path) -> list[tuple[str, str]]:
    secrets = hidden_lines()
    return [(p.name, line) for p in sorted(folder.rglob("*.html")) for line in secrets if line in page_text(p)]


@pytest.fixture(scope="module")
def graded(autograded_cohort, tmp_path_factory) -> Course:
    """The cohort, autograded ("dev" fails: a broken notebook)."""
    return copy_course(autograded_cohort, tmp_path_factory.mktemp("graded"))


@pytest.fixture(scope="module")
def feedback(graded):
    return generate_feedback(graded.root, ASSIGNMENT)


def test_the_scan_has_secrets_to_look_for():
    secrets = hidden_lines()
    assert len(secrets) >= 10
    assert "from logiserve.autograder import check_names" in secrets


def test_the_scan_finds_the_hidden_tests_in_nbgraders_plain_html(graded):
    """The gap being fixed: without HideMarkingCode, an autograded notebook's page shows its hidden tests."""
    body, _ = HTMLExporter().from_filename(str(graded.root / "autograded" / "ada" / ASSIGNMENT / NOTEBOOK))
    plain = graded.root.parent / "plain.html"
    plain.write_text(body, encoding="utf-8")
    assert {line for line in hidden_lines() if line in page_text(plain)} == hidden_lines()


def test_every_graded_learner_gets_a_page(graded, feedback):
    assert feedback.learners == ("ada", "ben", "cara")
    assert feedback.not_graded == ("dev",)
    assert feedback.failed == ()
    assert [p.relative_to(graded.root / "feedback").as_posix() for p in feedback.pages] == [
        f"{learner}/{ASSIGNMENT}/customers.html" for learner in ("ada", "ben", "cara")
    ]
    assert "dev" in str(feedback) and "3 page(s)" in str(feedback)


def test_no_hidden_test_line_in_any_feedback_page(graded, feedback):
    assert leaks(graded.root / "feedback") == []


@pytest.mark.parametrize(
    ("learner", "messages"),
    [
        ("ada", ["11 of 11 items placed correctly", "13 of the 13 internal customers found", "Sorted largest first"]),
        (
            "ben",
            [
                "0 of 11 items placed correctly",
                "NotAnswered: internal_customers was not set when your notebook ran this cell",
            ],
        ),
        ("cara", ["5 of 11 items placed correctly", "Score: 2.27 / 5"]),
    ],
)
def test_the_checks_messages_and_scores_stay(graded, feedback, learner, messages):
    text = page_text(graded.root / "feedback" / learner / ASSIGNMENT / "customers.html")
    for message in messages:
        assert message in text
    assert text.count(NOTE) >= 3, "each test cell says its marking code is hidden"


def test_the_page_shows_the_gradebook_score(graded, feedback):
    """GetGrades runs after HideMarkingCode and still finds every grade."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded.root / 'gradebook.db'}", COURSE_ID) as gb:
        for learner in feedback.learners:
            notebook = gb.find_submission_notebook("customers", ASSIGNMENT, learner)
            text = page_text(graded.root / "feedback" / learner / ASSIGNMENT / "customers.html")
            assert f"customers (Score: {round(notebook.score, 2)} / {round(notebook.max_score, 2)})" in text


def test_plain_nbgrader_generate_feedback_hides_them_too(graded, tmp_path):
    course = copy_course(graded, tmp_path)
    shutil.rmtree(course.root / "feedback", ignore_errors=True)
    course.nbgrader("generate_feedback", ASSIGNMENT)
    assert len(list((course.root / "feedback").rglob("*.html"))) == 3
    assert leaks(course.root / "feedback") == []
    assert "items placed correctly" in page_text(course.root / "feedback" / "ada" / ASSIGNMENT / "customers.html")


def test_hidden_even_when_the_course_config_predates_it(graded, tmp_path):
    """A course folder whose nbgrader_config.py does not list HideMarkingCode still gets safe feedback."""
    course = copy_course(graded, tmp_path)
    config = course.root / "nbgrader_config.py"
    config.write_text(
        "\n".join(line for line in config.read_text().splitlines() if "GenerateFeedback" not in line) + "\n"
    )
    shutil.rmtree(course.root / "feedback", ignore_errors=True)
    run = generate_feedback(course.root, ASSIGNMENT)
    assert run.learners == ("ada", "ben", "cara")
    assert leaks(course.root / "feedback") == []


def test_released_feedback_reaches_the_learner(graded, tmp_path):
    """A learner who submitted through the exchange fetches their page with ``nbgrader fetch_feedback``."""
    course = copy_course(graded, tmp_path)
    learner, home, cache = getpass.getuser(), tmp_path / "home", f"--Exchange.cache={tmp_path / 'cache'}"
    home.mkdir()
    course.nbgrader("release_assignment", ASSIGNMENT, "--force")
    course.nbgrader("fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}", cache, cwd=home)
    course.nbgrader("submit", ASSIGNMENT, f"--course={COURSE_ID}", cache, cwd=home)
    course.nbgrader("collect", ASSIGNMENT, "--update")
    course.nbgrader("autograde", ASSIGNMENT, f"--student={learner}")

    run = generate_feedback(course.root, ASSIGNMENT, release=True, exchange=course.exchange)

    assert run.released == (learner,)
    assert {name for name, _ in run.not_released} == {"ada", "ben", "cara"}, "they did not submit via the exchange"
    assert all("submission_secret.txt" in why for _, why in run.not_released)
    assert run.exchange == course.exchange
    course.nbgrader("fetch_feedback", ASSIGNMENT, f"--course={COURSE_ID}", cache, cwd=home)
    pages = list((home / ASSIGNMENT / "feedback").glob("*/customers.html"))
    assert len(pages) == 1
    text = page_text(pages[0])
    assert "items placed correctly" in text and NOTE in text
    assert [line for line in hidden_lines() if line in text] == []


def test_feedback_for_named_learners_only(graded, tmp_path):
    course = copy_course(graded, tmp_path)
    shutil.rmtree(course.root / "feedback", ignore_errors=True)
    run = generate_feedback(course.root, ASSIGNMENT, students=["cara"])
    assert run.learners == ("cara",)
    assert sorted(p.parent.parent.name for p in (course.root / "feedback").rglob("*.html")) == ["cara"]


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this user cannot write to (root ignores permission bits: use /proc then)."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return Path("/proc") if os.geteuid() == 0 else folder


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("unknown assignment", r"no assignment '07_nothing'.*Assignments: 00_python_for_logistics, 01_customers, "),
        ("nothing autograded", r"Nothing of 02_service_cycle is autograded yet.*logiserve grade 02_service_cycle"),
        ("learner not graded", r"No autograded submission of 01_customers for dev, zoe\. Autograded learners: ada"),
        ("exchange missing", r"exchange folder .*missing-exchange does not exist.*mkdir -p"),
        ("exchange read-only", r"exchange folder .* is not writable"),
    ],
)
def test_errors_tell_the_tutor_what_to_do(graded, tmp_path, case, message):
    arguments = {
        "unknown assignment": {"assignment": "07_nothing"},
        "nothing autograded": {"assignment": "02_service_cycle"},
        "learner not graded": {"assignment": ASSIGNMENT, "students": ["dev", "zoe", "ada"]},
        "exchange missing": {"assignment": ASSIGNMENT, "release": True, "exchange": tmp_path / "missing-exchange"},
        "exchange read-only": {"assignment": ASSIGNMENT, "release": True, "exchange": _read_only_folder(tmp_path)},
    }[case]
    with pytest.raises(FeedbackError, match=message):
        generate_feedback(graded.root, **arguments)
