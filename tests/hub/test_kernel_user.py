"""``logiserve grade --kernel-user``: learners' code runs as an unprivileged user and can reach nothing.

Grading runs as root here, with the course's Python installed for all users (the hub fixture's
``PREFIX/venv``), on a course folder that only root can open.  One submission answers well; the
other tries, from its answer cell, to read and write the gradebook, another learner's submission,
the course's source and the real autograded folder, and leaves a process running.  Every attempt
must fail with a permission error, the kernel must have run as the kernel user in a folder of its
own, nothing it started may outlive it, and both learners get the scores they earned, the same
with warm and cold kernels.
"""

from __future__ import annotations

import json
import pwd
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from .conftest import Hub
from .test_hub_end_to_end import model_answers, sorter_key

pytestmark = pytest.mark.pipeline

NOTEBOOK = "customers.ipynb"
ASSIGNMENT = "01_customers"

HOSTILE = """import json, os, subprocess

tried = {{}}

def attempt(name, action):
    try:
        action()
        tried[name] = "allowed"
    except OSError as exc:
        tried[name] = type(exc).__name__

course = {course!r}
attempt("read the gradebook", lambda: open(course + "/gradebook.db", "rb").read(1))
attempt("write the gradebook", lambda: open(course + "/gradebook.db", "ab").close())
attempt("read another submission", lambda: open(course + "/submitted/ada/01_customers/customers.ipynb").read(1))
attempt("write the course source", lambda: open(course + "/source/01_customers/customers.ipynb", "a").close())
attempt("write the autograded folder", lambda: open(course + "/autograded/mallory/01_customers/note.txt", "w").close())
attempt("list /root", lambda: os.listdir("/root"))
subprocess.Popen(["sleep", "300"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print("TRIED", json.dumps(tried, sort_keys=True))
print("RAN AS", os.getuid(), os.getcwd())
internal_customers = parties[parties["inside_organisation"] & (parties["provided_for"] == "them")]"""


def _answer(release: Path, dest: Path, answers: list[str]) -> None:
    shutil.copytree(release, dest)
    notebook = nbformat.read(dest / NOTEBOOK, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    for cell, answer in zip(cells, answers, strict=False):
        cell.source = answer
    nbformat.write(notebook, dest / NOTEBOOK)
    (dest.parent / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")


@pytest.fixture(scope="module")
def course(hub: Hub) -> Path:
    """A course folder only root can open, with ada's good submission and mallory's hostile one."""
    private = hub.root / "graded-as-root"
    private.mkdir(mode=0o700)
    course = private / "course"
    _root(hub, "logiserve", "init", str(course), "--source", str(hub.pack), cwd=private)
    _root(hub, "nbgrader", "generate_assignment", ASSIGNMENT, "--force", cwd=course)
    release = course / "release" / ASSIGNMENT
    _answer(release, course / "submitted" / "ada" / ASSIGNMENT, model_answers(ASSIGNMENT))
    answers = {"01_customers.sort_the_parties": sorter_key()}
    (course / "submitted" / "ada" / ASSIGNMENT / "answers.json").write_text(json.dumps(answers))
    _answer(release, course / "submitted" / "mallory" / ASSIGNMENT, [HOSTILE.format(course=str(course))])
    return course


def _root(hub: Hub, program: str, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    """A command of the course's Python, as root (the administrator grading for the tutors)."""
    done = subprocess.run(
        [str(hub.venv / "bin" / program), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": f"{hub.venv / 'bin'}:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "COLUMNS": "200"},
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{program} {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def _grade(hub: Hub, course: Path, *options: str) -> subprocess.CompletedProcess:
    users = ",".join(hub.kernel_users)
    return _root(
        hub, "logiserve", "grade", ASSIGNMENT, "--force", "--kernel-user", users, *options, cwd=course, check=False
    )


def _outputs(course: Path, student: str) -> str:
    notebook = nbformat.read(course / "autograded" / student / ASSIGNMENT / NOTEBOOK, as_version=4)
    return "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))


def _left_behind(hub: Hub) -> dict[str, list[str]]:
    """Processes still running as a kernel user (a killed one waiting to be reaped, a zombie, has stopped)."""
    uids = {pwd.getpwnam(user).pw_uid: user for user in hub.kernel_users}
    left: dict[str, list[str]] = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            status = dict(line.split(":", 1) for line in (proc / "status").read_text().splitlines() if ":" in line)
        except OSError:
            continue
        uid = int(status["Uid"].split()[0])
        if uid in uids and not status["State"].strip().startswith("Z"):
            left.setdefault(uids[uid], []).append(f"{proc.name} {status['Name'].strip()}")
    return left


@pytest.mark.parametrize("kernels", ["warm", "cold"])
def test_learners_code_runs_as_the_kernel_user_and_reaches_nothing(hub: Hub, course: Path, kernels: str):
    done = _grade(hub, course, *(["--cold-kernels"] if kernels == "cold" else []))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 graded" in done.stdout, done.stdout

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        scores = {s: gradebook.find_submission(ASSIGNMENT, s).score for s in ("ada", "mallory")}
    assert scores == {"ada": 10.0, "mallory": 2.0}

    out = _outputs(course, "mallory")
    tried = json.loads(out.split("TRIED ", 1)[1].splitlines()[0])
    assert tried == {
        "list /root": "PermissionError",
        "read another submission": "PermissionError",
        "read the gradebook": "PermissionError",
        "write the autograded folder": "PermissionError",
        "write the course source": "PermissionError",
        "write the gradebook": "PermissionError",
    }
    uid, cwd = out.split("RAN AS ", 1)[1].splitlines()[0].split(" ", 1)
    assert int(uid) in {pwd.getpwnam(user).pw_uid for user in hub.kernel_users}
    assert cwd.startswith("/tmp/logiserve-kernel-ls-") and cwd.endswith("/autograded/mallory/01_customers"), cwd

    # nothing the kernels started is still running, and their folders are gone
    assert _left_behind(hub) == {}
    assert not list(Path("/tmp").glob("logiserve-kernel-ls-*")), list(Path("/tmp").glob("logiserve-kernel-ls-*"))
    assert not (course / "autograded" / "mallory" / ASSIGNMENT / "note.txt").exists()


def test_only_root_can_run_kernels_as_another_user(hub: Hub, course: Path):
    as_tutor = hub.run_as(
        hub.tutor,
        str(hub.venv / "bin" / "logiserve"),
        "grade",
        ASSIGNMENT,
        "--course",
        str(hub.pack),
        "--kernel-user",
        hub.kernel_users[0],
        check=False,
    )
    assert as_tutor.returncode == 2
    assert "Kernels can run as another user only when grading runs as root" in as_tutor.stderr
    assert "Traceback" not in as_tutor.stderr

    unknown = _root(hub, "logiserve", "grade", ASSIGNMENT, "--kernel-user", "ls-no-such-user", cwd=course, check=False)
    assert unknown.returncode == 2
    assert (
        unknown.stderr.strip()
        == "logiserve: --kernel-user: there is no system user 'ls-no-such-user' to run kernels as."
    )
