"""Hostile and broken submissions, graded by ``logiserve grade`` beside good ones.

Each case is a copy of a real submission of ``01_customers`` (``good``: the source run as a
learner runs it, 10 of 10; ``blank``: the release untouched, 0) with one thing done to it.
All are graded in one run; each must end with its exact status, score and reason, and the
good and blank submissions keep their scores.
"""

from __future__ import annotations

import csv
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from logiserve.autograder.grading import STATE_FOLDER, GradeRun, grade, summary_table
from logiserve.autograder.report import build_report
from tests._cohort import ASSIGNMENT, NOTEBOOK, copy_course
from tests.pipeline.conftest import Course, clean_env

pytestmark = pytest.mark.pipeline

TIMEOUT = 10
MEMORY_GIB = 2  # per kernel; a kernel of this course peaks near 1 GiB of address space
ANSWERS_UNUSABLE = "answers.json could not be used ({}), so the graded widget exercise counts as not answered"
NO_ANSWERS = "answers.json is missing, so the graded widget exercise counts as not answered"
HOSTILE = "<script>alert('grade')</script>[/][bold]"  # a grade id a learner wrote: HTML and console markup
KEY = {
    "collecting_customer": "external",
    "supplier_on_site": "not_a_customer",
    "print_room": "not_a_customer",
    "racking_tenant": "external",
    "fire_service": "not_a_customer",
    "agency_picker": "internal",
    "prospect": "external",
    "group_buying": "internal",
    "customs_agent": "not_a_customer",
    "merchandiser": "internal",
    "franchisee": "external",
}


# processes that outlive the cell: one in a session of its own, one forked twice away from the kernel
LEAVES_PROCESSES = (
    "import os, subprocess\n"
    "subprocess.Popen(['sleep', '613'], start_new_session=True)\n"
    "if os.fork() == 0:\n"
    "    os.setsid()\n"
    "    if os.fork() == 0:\n"
    "        os.execvp('sleep', ['sleep', '614'])\n"
    "    os._exit(0)\n"
    "internal_customers = None"
)


def left_running() -> list[str]:
    """The command lines of the processes LEAVES_PROCESSES starts, if any still run."""
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline"]):
        line = " ".join(process.info["cmdline"] or [])
        if line in ("sleep 613", "sleep 614"):
            found.append(line)
    return found


def cell_index(nb, grade_id: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def make(course, name: str, like: str, *, answers: dict[str, str] | None = None, change=None) -> None:
    """Learner ``name``: a copy of ``like``'s submission, answer cells replaced, then ``change(nb)``."""
    folder = course.submission(name, ASSIGNMENT)
    shutil.copytree(course.submission(like, ASSIGNMENT), folder)
    nb = nbformat.read(folder / NOTEBOOK, as_version=4)
    for grade_id, source in (answers or {}).items():
        nb.cells[cell_index(nb, grade_id)].source = source
    if change is not None:
        change(nb)
    nbformat.write(nb, folder / NOTEBOOK)


def add_cell_before(grade_id: str, source: str):
    def change(nb):
        nb.cells.insert(cell_index(nb, grade_id), nbformat.v4.new_code_cell(source))

    return change


def delete_cell(grade_id: str):
    def change(nb):
        del nb.cells[cell_index(nb, grade_id)]

    return change


def edit_cell(grade_id: str, source: str):
    def change(nb):
        nb.cells[cell_index(nb, grade_id)].source = source

    return change


CASES = {
    # name: (like, answers, change, status, score, reason)
    "good": ("ada", None, None, "graded", 10, ""),
    "blank": ("ben", None, None, "graded", 0, ""),
    "innocent": (
        "ada",
        None,
        add_cell_before("orders_by_type_test", "sum = 3\nmax = 4  # shadowing built-ins the tests do not read"),
        "graded",
        10,
        "",
    ),
    "patched-check": (
        "ben",
        {
            "internal_customers_answer": "import logiserve.autograder as marking\n"
            "real = marking.check_names\n"
            "marking.check_names = lambda answer, expected, **kw: real(expected, expected, **kw)\n"
            "internal_customers = None"
        },
        None,
        "flagged",
        0,  # the check it replaced runs in the grader, not in the learner's kernel
        "customers.ipynb: cell 'internal_customers_answer': replaces logiserve.autograder.check_names, "
        "part of the marking code",
    ),
    "fake-widget": (
        "ben",
        None,
        add_cell_before(
            "sort_parties_test",
            f"graded = type('Fake', (), {{'answer': {KEY!r}, 'labels': graded.labels}})()",
        ),
        "flagged",
        0,  # the grader reads the widget's answer from answers.json itself (there is none)
        "customers.ipynb: cell 13 (added by the learner): replaces graded, which the tests read",
    ),
    "hostile-names": (
        "ben",
        None,
        lambda nb: nb.cells.insert(
            cell_index(nb, "sort_parties_test"),
            nbformat.v4.new_code_cell(
                "exec('x = 1')",
                metadata={
                    "nbgrader": {
                        "grade_id": HOSTILE,
                        "solution": True,
                        "grade": False,
                        "locked": False,
                        "schema_version": 3,
                    }
                },
            ),
        ),
        "failed",  # nbgrader refuses a grade id that is not letters, digits, _ and -; the flag still shows
        None,
        "customers.ipynb is not a valid notebook (Notebook failed to validate; the nbgrader metadata may be "
        f"corrupted.); customers.ipynb: cell '{HOSTILE}': runs code built from text (exec)",
    ),
    "lying-answer": (
        "ben",
        {
            "internal_customers_answer": "class Always:\n"
            "    def __eq__(self, other):\n        return True\n\n"
            "    def __hash__(self):\n        return 0\n\n"
            "internal_customers = Always()"
        },
        None,
        "flagged",
        0,
        "customers.ipynb: cell 'internal_customers_answer': defines class Always that changes how its objects "
        "compare or convert (__eq__, __hash__); answers must be plain values",
    ),
    "builtins": (
        "ben",
        {
            "orders_by_type_answer": "import builtins\nbuiltins.abs = lambda x: 0  # every difference looks nil\n"
            "orders_by_type = 1"
        },
        None,
        "flagged",
        0,
        "customers.ipynb: cell 'orders_by_type_answer': imports builtins, which can reach into the marking code; "
        "customers.ipynb: cell 'orders_by_type_answer': replaces the built-in abs for all code, "
        "the checks included",
    ),
    "exits": (
        "ben",
        {"internal_customers_answer": "import sys\nsys.exit('done')"},
        None,
        "flagged",
        0,
        "customers.ipynb: cell 'internal_customers_answer': calls sys.exit(), which stops or redirects the kernel",
    ),
    "deleted-test": (
        "ada",
        None,
        delete_cell("internal_customers_test"),
        "flagged",
        8,
        "customers.ipynb: test cell 'internal_customers_test' was deleted",
    ),
    "edited-read-only": (
        "ada",
        None,
        edit_cell("parties_load", 'parties = load("parties").head(3)'),
        "flagged",
        10,
        "customers.ipynb: read-only cell 'parties_load' was edited (graded with the original)",
    ),
    "answers-corrupt": (
        "ada",
        None,
        None,
        "graded",
        5,
        ANSWERS_UNUSABLE.format("it is not valid JSON (line 1, column 2)"),
    ),
    "answers-empty": ("ada", None, None, "graded", 5, ANSWERS_UNUSABLE.format("it is empty")),
    "answers-not-a-mapping": (
        "ada",
        None,
        None,
        "graded",
        5,
        ANSWERS_UNUSABLE.format("it does not hold answers keyed by exercise"),
    ),
    "answers-wrong-type": (
        "ada",
        None,
        None,
        "graded",
        5,
        "answers.json: the answer to 01_customers.sort_the_parties is not what the widget saves (a int); "
        "it counts as not answered",
    ),
    "answers-unknown-ids": ("ada", None, None, "graded", 10, ""),
    "answers-huge": ("ada", None, None, "graded", 10, "answers.json is unusually large (10.5 MB)"),
    "answers-deleted": (
        "ada",
        None,
        None,
        "graded",
        5,
        NO_ANSWERS,
    ),
    "extra-files": ("ada", None, None, "graded", 10, ""),
    "no-notebook": ("ada", None, None, "failed", None, "no notebook in the submission (expected customers.ipynb)"),
    "hangs": (
        "ben",
        {"internal_customers_answer": "while True:\n    pass"},
        None,
        "graded",
        0,
        f"customers.ipynb: 'internal_customers_answer' stopped at the {TIMEOUT} s time limit",
    ),
    "memory-bomb": (
        "ben",
        {
            "internal_customers_answer": "hoard = bytearray(3 * 1024**3)  # 3 GiB, over the limit\n"
            "internal_customers = hoard"
        },
        None,
        "graded",
        0,
        f"customers.ipynb: 'internal_customers_answer' ran out of memory (the limit is {MEMORY_GIB:g} GiB)",
    ),
    "leaves-processes": (
        "ben",
        {"internal_customers_answer": LEAVES_PROCESSES},
        None,
        "flagged",
        0,
        "customers.ipynb: cell 'internal_customers_answer': calls os._exit(), which stops or redirects the kernel",
    ),
    "kills-kernel": (
        "ada",
        {"orders_by_type_answer": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"},
        None,
        "flagged",
        7,  # the sorter's 5 and internal customers' 2 were marked before the kernel died
        "customers.ipynb: cell 'orders_by_type_answer': calls os.kill(), which stops or redirects the kernel; "
        "customers.ipynb: 'orders_by_type_answer' was running when the kernel died; the cells after it were "
        "not run and earn 0",
    ),
}

# A submission made from the untouched release has no answers.json, and grading says so after any flag.
CASES = {
    name: (
        *case[:5],
        "; ".join(filter(None, [case[5], NO_ANSWERS])) if case[0] == "ben" and case[3] != "failed" else case[5],
    )
    for name, case in CASES.items()
}


def _answers(folder: Path) -> dict:
    return json.loads((folder / "answers.json").read_text())


def _huge(folder: Path) -> None:
    answers = _answers(folder)
    answers["01_customers.padding"] = {"text": "x" * 10_500_000}  # a valid file, 10.5 MB
    (folder / "answers.json").write_text(json.dumps(answers))


def _unknown(folder: Path) -> None:
    answers = _answers(folder)
    answers["01_customers.not_an_exercise"] = {"a": "b"}
    answers["99_other.thing"] = [1, 2, 3]
    (folder / "answers.json").write_text(json.dumps(answers))


def _extra(folder: Path) -> None:
    (folder / "notes.txt").write_text("my working")
    (folder / "scratch").mkdir()
    (folder / "scratch" / "data.csv").write_text("a,b\n1,2\n")


# Changes to a submission's files (after its notebook is made)
FILES = {
    "answers-corrupt": lambda f: (f / "answers.json").write_text("{not json"),
    "answers-empty": lambda f: (f / "answers.json").write_text(""),
    "answers-not-a-mapping": lambda f: (f / "answers.json").write_text("[1, 2, 3]"),
    "answers-wrong-type": lambda f: (f / "answers.json").write_text(json.dumps({"01_customers.sort_the_parties": 42})),
    "answers-unknown-ids": _unknown,
    "answers-huge": _huge,
    "answers-deleted": lambda f: (f / "answers.json").unlink(),
    "extra-files": _extra,
    "no-notebook": lambda f: (f / NOTEBOOK).rename(f / "my_work.ipynb.bak"),
}


def submitted_files(root: Path) -> dict[str, bytes]:
    folder = root / "submitted"
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cases(cohort, tmp_path_factory) -> Course:
    """A course whose submissions are the cases (the cohort's own learners taken out), not graded yet."""
    course = copy_course(cohort, tmp_path_factory.mktemp("integrity"))
    for name, (like, answers, change, *_) in CASES.items():
        make(course, name, like, answers=answers, change=change)
    for name, damage in FILES.items():
        damage(course.submission(name, ASSIGNMENT))
    for original in ("ada", "ben", "cara", "dev"):
        shutil.rmtree(course.root / "submitted" / original)
    return course


@pytest.fixture(scope="module")
def graded(cases, tmp_path_factory):
    """Every case graded in one uninterrupted run of ``logiserve grade``."""
    course = copy_course(cases, tmp_path_factory.mktemp("graded"))
    before = submitted_files(course.root)
    run = grade(course.root, ASSIGNMENT, workers=2, timeout=TIMEOUT, memory_limit=MEMORY_GIB, progress=False)
    return course, {r.student: r for r in run.results}, before


@pytest.mark.parametrize("name", CASES)
def test_each_submission_ends_with_its_exact_status_score_and_reason(graded, name):
    _, results, _ = graded
    *_, status, score, reason = CASES[name]
    result = results[name]
    got = (result.status, result.score, result.reason)
    assert got == (status, score, reason), f"{name}: {got!r}"


def test_every_submission_was_graded_and_none_of_their_files_changed(graded):
    course, results, before = graded
    assert sorted(results) == sorted(CASES)
    assert submitted_files(course.root) == before


def test_the_good_and_blank_submissions_keep_their_scores_in_the_gradebook(graded):
    course, _, _ = graded
    assert sum(s or 0 for s in course.scores("good", ASSIGNMENT).values()) == 10
    assert sum(s or 0 for s in course.scores("blank", ASSIGNMENT).values()) == 0
    assert sum(s or 0 for s in course.scores("innocent", ASSIGNMENT).values()) == 10


def test_the_summary_table_shows_learners_text_as_text(graded):
    from rich.console import Console

    _, results, _ = graded
    run = GradeRun(ASSIGNMENT, tuple(sorted(results.values(), key=lambda r: r.student)), 1.0, 2)
    console = Console(width=400, record=True, color_system=None)
    console.print(summary_table(run))
    assert HOSTILE in console.export_text()


def test_the_report_lists_every_flagged_and_failed_submission_with_its_reason(graded, tmp_path):
    course, _, _ = graded
    report = build_report(course.root, out=tmp_path / "report.html", csv=tmp_path / "report.csv")
    expected = sorted((name, case[3], case[5]) for name, case in CASES.items() if case[3] in ("flagged", "failed"))
    assert sorted((v.student, v.status, v.reason) for v in report.to_review) == expected
    soup = BeautifulSoup(report.html.read_text(encoding="utf-8"), "html.parser")
    table = soup.find("table", id="to-review")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
    assert sorted((r[0], r[3], r[4]) for r in rows) == expected
    assert soup.find("script") is None  # the learner's grade id is text on the page, never markup
    with (tmp_path / "report.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["section"], r["metric"]) == ("to_review", "reason")]
    reasons = {(r["item"], r["value"]) for r in rows}
    assert reasons == {(name, reason) for name, _, reason in expected}


def test_a_run_killed_half_way_then_resumed_ends_like_the_uninterrupted_run(cases, graded, tmp_path):
    course = copy_course(cases, tmp_path)
    before = submitted_files(course.root)
    state = course.root / "autograded" / STATE_FOLDER / ASSIGNMENT
    script = (
        "from pathlib import Path\nfrom logiserve.autograder.grading import grade\n"
        f"grade(Path({str(course.root)!r}), {ASSIGNMENT!r}, workers=2, timeout={TIMEOUT}, "
        f"memory_limit={MEMORY_GIB}, progress=False)"
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=clean_env(), cwd=tmp_path)
    deadline = time.monotonic() + 180
    while len(list(state.glob("*.json"))) < 3 and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = len(list(state.glob("*.json")))
    assert 3 <= done < len(CASES), done

    run = grade(course.root, ASSIGNMENT, workers=2, timeout=TIMEOUT, memory_limit=MEMORY_GIB, progress=False)
    assert len(run.skipped) == done
    reference, _, _ = graded
    for name, (*_, status, score, reason) in CASES.items():
        if status != "failed":  # every grade of the submission, as the uninterrupted run left it
            assert course.scores(name, ASSIGNMENT) == reference.scores(name, ASSIGNMENT), name
        record = state / (f"{name}.json" if status != "failed" else f"{name}.failed")
        marked = json.loads(record.read_text())
        assert (marked["status"], marked["score"], marked["reason"]) == (status, score, reason), name
    assert submitted_files(course.root) == before


# Where nbgrader's own autograde differs (and where it agrees), on the same submissions.
COMPARED = ("good", "blank", "patched-check", "lying-answer", "kills-kernel", "leaves-processes")


@pytest.fixture(scope="module")
def plain(cases, tmp_path_factory):
    """The compared cases graded by plain ``nbgrader autograde``, in a copy of their own."""
    course = copy_course(cases, tmp_path_factory.mktemp("plain"))
    for folder in (course.root / "submitted").iterdir():
        if folder.name not in COMPARED:
            shutil.rmtree(folder)
    run = course.nbgrader("autograde", ASSIGNMENT, f"--ExecutePreprocessor.timeout={TIMEOUT}", check=False)
    return course, run


def test_plain_nbgrader_gives_the_same_scores_but_no_flags(graded, plain):
    _, results, _ = graded
    course, run = plain
    for name in ("good", "blank", "patched-check", "lying-answer"):
        assert sum(s or 0 for s in course.scores(name, ASSIGNMENT).values()) == results[name].score, name
    # through the course's config plain nbgrader marks outside the kernel too, so patched-check gains nothing
    # there either; only logiserve grade says what it tried
    assert "check_names" not in run.stdout + run.stderr
    assert results["patched-check"].status == "flagged"


def test_nothing_a_kernel_started_is_left_running_after_logiserve_grade_or_plain_nbgrader(graded, plain):
    assert left_running() == []


def test_plain_nbgrader_fails_a_whole_submission_whose_kernel_dies(graded, plain):
    _, results, _ = graded
    course, run = plain
    assert run.returncode == 1  # nbgrader's exit status when a submission fails
    assert "kills-kernel" in run.stdout + run.stderr
    # nbgrader keeps the submission but no score of any cell: the sorter's 5 and the 2 that ran are lost
    assert set(course.scores("kills-kernel", ASSIGNMENT).values()) == {None}
    # logiserve grade keeps the marks of the cells that ran before the kernel died
    assert (results["kills-kernel"].status, results["kills-kernel"].score) == ("flagged", 7)
