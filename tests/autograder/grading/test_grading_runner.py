"""The grading runner (``logiserve.autograder.grading``) against plain ``nbgrader autograde``.

* the gradebook (every grade's auto score, every comment) and the ``autograded/`` files are
  the ones plain ``nbgrader autograde`` leaves;
* a broken notebook fails with a reason, the others are graded;
* a second run skips what is graded and unchanged, regrades what changed, ``force`` regrades;
* a run killed (SIGKILL) half way and started again ends where an uninterrupted run ends,
  leaves no worker behind, and never changes a file under ``submitted/``;
* a cell that hangs is stopped at the time limit; a kernel that dies fails its submission only;
  an edited test cell flags its submission.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from rich.console import Console

from logiserve.answer_store import ANSWERS_DIR_VARIABLE as WIDGETS_ANSWERS_DIR_VARIABLE
from logiserve.autograder.grading import (
    ANSWERS_DIR_VARIABLE,
    STATE_FOLDER,
    GradeRun,
    GradingError,
    grade,
    summary_table,
)
from tests._cohort import ASSIGNMENT, COURSE_ID, NOTEBOOK, copy_course
from tests.pipeline.conftest import Course, clean_env

pytestmark = pytest.mark.pipeline

STUDENTS = ("ada", "ben", "cara", "dev")
BROKEN_REASON = f"{NOTEBOOK} is not a valid notebook (JSON error at line 1)"


# -- helpers ----------------------------------------------------------------------------------
def gradebook(root: Path) -> dict[str, dict[str, tuple]]:
    """Every grade and comment of the assignment, per learner: what nbgrader recorded."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, tuple]] = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            rows: dict[str, tuple] = {"submission": (str(submission.timestamp),)}
            for notebook in submission.notebooks:
                for g in notebook.grades:
                    rows[f"{notebook.name}/grade/{g.name}"] = (g.auto_score, g.manual_score, g.needs_manual_grade)
                for c in notebook.comments:
                    rows[f"{notebook.name}/comment/{c.name}"] = (c.auto_comment, c.manual_comment)
            out[submission.student.id] = rows
    return out


def autograded(root: Path, student: str, *, any_order: bool = False) -> dict[str, object]:
    """The files nbgrader wrote for one learner; notebooks without run times and widget ids.

    ``any_order`` compares the widgets' states whatever order their lists are in: a graded widget
    shows each learner their own order (:mod:`logiserve.shuffle`), so a learner's twin, who handed
    in the same notebook under another name, is shown the same items in another order."""
    folder = root / "autograded" / student / ASSIGNMENT
    out: dict[str, object] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        key = str(path.relative_to(folder))
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                cell.metadata.pop("execution", None)  # when each cell ran
                # whether two prints arrive as one stream output or two depends on when the kernel flushed
                merged: list = []
                for output in cell.get("outputs", []):
                    last = merged[-1] if merged else None
                    if (
                        output.output_type == "stream"
                        and last
                        and last.output_type == "stream"
                        and last.name == output.name
                    ):
                        last.text += output.text
                    else:
                        merged.append(output)
                if "outputs" in cell:
                    cell.outputs = merged
            # widget models get random ids: compare the widgets' states as a set, ids blanked
            widgets = nb.metadata.pop("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
            states = sorted(
                _no_ids(json.dumps(_orderless(v) if any_order else v, sort_keys=True))
                for v in widgets.get("state", {}).values()
            )
            out[key] = (_no_ids(nbformat.writes(nb)), states)
        else:
            out[key] = path.read_bytes()
        out[key + " mode"] = oct(path.stat().st_mode & 0o777)
    return out


def _orderless(value: object) -> object:
    """``value`` with every list sorted, at every depth."""
    if isinstance(value, dict):
        return {key: _orderless(item) for key, item in value.items()}
    if isinstance(value, list):
        return sorted((_orderless(item) for item in value), key=lambda item: json.dumps(item, sort_keys=True))
    return value


def _no_ids(text: str) -> str:
    return re.sub(r"[0-9a-f]{32}", "*", text)


def submitted_hashes(root: Path) -> dict[str, str]:
    folder = root / "submitted"
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() + oct(p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def markers(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "autograded" / STATE_FOLDER / ASSIGNMENT).glob("*.json"))


def half_done(root: Path) -> list[str]:
    """Learners with an autograded folder but no completion marker."""
    begun = {p.parent.name for p in (root / "autograded").glob(f"[!.]*/{ASSIGNMENT}")}
    return sorted(begun - set(markers(root)))


def add_learner(course: Course, like: str, name: str, edit: dict[str, str] | None = None) -> None:
    """A new submission copied from ``like``'s, with cells (by grade id) given new sources."""
    folder = course.submission(name, ASSIGNMENT)
    shutil.copytree(course.submission(like, ASSIGNMENT), folder)
    if edit:
        nb = nbformat.read(folder / NOTEBOOK, as_version=4)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in edit:
                cell.source = edit[grade_id].format(source=cell.source)
        nbformat.write(nb, folder / NOTEBOOK)


def by_student(run: GradeRun) -> dict[str, object]:
    return {r.student: r for r in run.results}


# -- one plain nbgrader run and one graded run of the cohort, shared ---------------------------
@pytest.fixture(scope="module")
def plain(autograded_cohort) -> Course:
    return autograded_cohort


@pytest.fixture(scope="module")
def graded(cohort, tmp_path_factory) -> tuple[Course, GradeRun]:
    course = copy_course(cohort, tmp_path_factory.mktemp("graded"))
    return course, grade(course.root, ASSIGNMENT, workers=2, progress=False)


def test_the_gradebook_is_the_one_plain_nbgrader_autograde_leaves(plain, graded):
    course, _ = graded
    ours, theirs = gradebook(course.root), gradebook(plain.root)
    assert sorted(ours) == sorted(STUDENTS)
    assert ours == theirs


def test_the_autograded_files_are_the_ones_plain_nbgrader_autograde_writes(plain, graded):
    course, _ = graded
    for student in STUDENTS:
        assert autograded(course.root, student) == autograded(plain.root, student), student
    ours, theirs = (
        sorted(p.relative_to(c.root) for p in (c.root / "autograded").glob("[!.]*/*")) for c in (course, plain)
    )
    assert ours == theirs and not (course.root / "autograded" / "dev" / ASSIGNMENT).exists()


def test_every_learner_is_graded_and_the_broken_notebook_fails_with_its_reason(graded):
    _, run = graded
    results = by_student(run)
    assert run.assignment == ASSIGNMENT and run.workers == 2
    assert [r.student for r in run.graded] == ["ada", "ben", "cara"]
    assert results["ada"].score == 10 and results["ada"].max_score == 16  # 6 points are the tutor's
    assert results["ben"].score == 0
    assert 0 < results["cara"].score < 10
    assert run.failed == [results["dev"]]
    assert results["dev"].reason == BROKEN_REASON and results["dev"].score is None
    assert not run.flagged and not run.skipped
    assert all(r.seconds > 0 for r in run.results)
    assert {"kernel start", "execute", "save grades"} <= set(run.phases)
    log = graded[0].root / "autograded" / STATE_FOLDER / ASSIGNMENT / "dev.log"
    assert "NotJSONError" in log.read_text()  # nbgrader's own account of it, kept for the tutor


def test_summary_table_shows_each_submission_with_its_reason(graded):
    _, run = graded
    console = Console(record=True, width=200)
    console.print(summary_table(run))
    text = console.export_text()
    for student in STUDENTS:
        assert student in text
    assert BROKEN_REASON in text
    assert "10 / 16" in text and "3 graded, 1 failed" in text


def test_graded_kernels_read_answers_beside_the_notebook():
    assert ANSWERS_DIR_VARIABLE == WIDGETS_ANSWERS_DIR_VARIABLE


# -- resuming ---------------------------------------------------------------------------------
def test_a_second_run_skips_what_is_graded_and_regrades_what_changed_or_is_forced(graded, tmp_path):
    course = Course(tmp_path / "course", tmp_path / "exchange")
    shutil.copytree(graded[0].root, course.root)
    before = gradebook(course.root)
    cara = course.submission("cara", ASSIGNMENT)
    (cara / "timestamp.txt").write_text("2026-11-21 09:00:00.000000 UTC")  # cara submitted again

    calls = []
    run = grade(course.root, ASSIGNMENT, workers=2, progress=lambda **kw: calls.append(kw))
    results = by_student(run)
    assert [r.student for r in run.skipped] == ["ada", "ben"]
    assert results["ada"].score == 10 and results["ada"].seconds == 0
    assert results["cara"].status == "graded"
    assert results["dev"].status == "failed"  # a failed submission is tried again
    assert [c["done"] for c in calls] == [1, 2, 3, 4] and {c["total"] for c in calls} == {4}
    assert {c["result"].student for c in calls} == set(STUDENTS)
    after = gradebook(course.root)
    assert after["cara"]["submission"] == ("2026-11-21 09:00:00",)
    assert {k: v for k, v in after["cara"].items() if k != "submission"} == {
        k: v for k, v in before["cara"].items() if k != "submission"
    }

    forced = grade(course.root, ASSIGNMENT, workers=2, force=True, students=["ada", "ben"], progress=False)
    assert [r.student for r in forced.graded] == ["ada", "ben"]
    assert gradebook(course.root) == after


# -- killed half way --------------------------------------------------------------------------
TWINS = {"ada2": "ada", "ada3": "ada", "ben2": "ben", "cara2": "cara", "cara3": "cara"}


def test_a_run_killed_half_way_and_started_again_ends_like_an_uninterrupted_run(cohort, graded, tmp_path):
    course = copy_course(cohort, tmp_path)
    for twin, like in TWINS.items():
        add_learner(course, like, twin)
    hashes = submitted_hashes(course.root)
    to_grade = len(TWINS) + 3  # dev fails and leaves no marker
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from logiserve.autograder.grading import grade
        grade(Path({str(course.root)!r}), {ASSIGNMENT!r}, workers=2, progress=False)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], env=clean_env(), cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not (markers(course.root) and half_done(course.root)) and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done = markers(course.root)
    assert process.returncode == -signal.SIGKILL
    assert 1 <= len(done) < to_grade, done
    assert half_done(course.root)  # an autograded folder nbgrader had begun and not finished

    # The workers die with their parent, their kernels a moment later: none is left to write behind the next run.
    deadline = time.monotonic() + 5
    while _processes_in(course.root) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_in(course.root)

    run = grade(course.root, ASSIGNMENT, workers=2, progress=False)
    assert sorted(r.student for r in run.skipped) == done
    assert not run.flagged and [r.student for r in run.failed] == ["dev"]

    reference_course = graded[0]
    reference = gradebook(reference_course.root)
    ours = gradebook(course.root)
    for student in ours:
        like = TWINS.get(student, student)
        assert ours[student] == reference[like], student
        if student != "dev":
            twin = like != student  # the same notebook as ``like``'s, shown in this learner's own order
            assert autograded(course.root, student, any_order=twin) == autograded(
                reference_course.root, like, any_order=twin
            ), student
    assert submitted_hashes(course.root) == hashes


def _processes_in(root: Path) -> list[str]:
    """Processes whose command line names ``root`` (workers) or that run inside it (kernels)."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(proc / "cwd")
        except OSError:
            continue
        if str(root) in command or cwd.startswith(str(root)):
            found.append(f"{proc.name}: {command}")
    return found


# -- hanging cells, dying kernels, edited tests -----------------------------------------------
def test_a_hanging_cell_is_stopped_a_dying_kernel_costs_its_cells_an_edited_test_is_flagged(cohort_copy):
    course = cohort_copy
    add_learner(course, "ada", "eve", {"internal_customers_answer": "import time\ntime.sleep(600)\n{source}"})
    add_learner(course, "ada", "fay", {"orders_by_type_answer": "import os\nos._exit(1)"})
    add_learner(course, "cara", "gil", {"sort_parties_test": "{source}\n# nothing to see here"})
    started = time.monotonic()
    run = grade(course.root, ASSIGNMENT, workers=2, timeout=5, students=["eve", "fay", "gil"], progress=False)
    assert time.monotonic() - started < 60
    results = by_student(run)

    eve = results["eve"]
    assert eve.status == "graded" and eve.score == 10 - 2  # the 2 points of the answer that hung
    assert "'internal_customers_answer' stopped at the 5 s time limit" in eve.reason
    assert gradebook(course.root)["eve"][f"{NOTEBOOK[:-6]}/grade/internal_customers_test"][0] == 0

    fay = results["fay"]  # the cells run before the kernel died keep their marks; that cell and the rest earn 0
    assert fay.status == "flagged" and fay.score == 10 - 3
    assert f"{NOTEBOOK}: 'orders_by_type_answer' was running when the kernel died" in fay.reason
    assert gradebook(course.root)["fay"][f"{NOTEBOOK[:-6]}/grade/orders_by_type_test"][0] == 0

    gil = results["gil"]
    assert gil.status == "flagged" and "test cell 'sort_parties_test' was edited" in gil.reason
    assert run.flagged == [fay, gil]  # fay's os._exit is flagged too


def test_a_learner_who_deleted_a_test_is_flagged(cohort_copy):
    course = cohort_copy
    add_learner(course, "ada", "hal")
    path = course.submission("hal", ASSIGNMENT) / NOTEBOOK
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "orders_by_type_test"]
    nbformat.write(nb, path)
    run = grade(course.root, ASSIGNMENT, workers=1, students=["hal", "ada"], progress=False)
    results = by_student(run)
    assert results["ada"].status == "graded"
    assert results["hal"].status == "flagged"
    assert results["hal"].reason == f"{NOTEBOOK}: test cell 'orders_by_type_test' was deleted"


# -- what a tutor is told ---------------------------------------------------------------------
def test_a_tutor_is_told_what_cannot_be_graded(cohort_copy):
    root = cohort_copy.root
    with pytest.raises(GradingError, match=r"no assignment '01_customer'.*01_customers, 02_service_cycle"):
        grade(root, "01_customer", progress=False)
    with pytest.raises(GradingError, match=r"00_python_for_logistics is practice only: it has no graded cells"):
        grade(root, "00_python_for_logistics", progress=False)
    with pytest.raises(GradingError, match=r"'02_service_cycle' is not in the gradebook yet.*generate_assignment"):
        grade(root, "02_service_cycle", workers=1, progress=False)
    with pytest.raises(GradingError, match="No submission of '01_customers' from: zed"):
        grade(root, ASSIGNMENT, workers=1, students=["ada", "zed"], progress=False)
    shutil.rmtree(root / "submitted")
    with pytest.raises(GradingError, match=r"No submissions of '01_customers'.*nbgrader collect"):
        grade(root, ASSIGNMENT, workers=1, progress=False)
    with pytest.raises(ValueError, match="workers"):
        grade(root, ASSIGNMENT, workers=0)
