"""A temporary nbgrader course, driven through nbgrader's own commands."""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from logiserve.autograder.grading.warm_kernels import Template, manager_for

REPO = Path(__file__).resolve().parents[2]
COURSE_ID = "logiserve-cs-l3"
ALL_ASSIGNMENTS = sorted(p.name for p in (REPO / "course" / "source").iterdir() if p.is_dir() and p.name[:2].isdigit())


def _graded(assignment: str) -> bool:
    return any(
        cell.metadata.get("nbgrader", {}).get("points")
        for path in (REPO / "course" / "source" / assignment).glob("*.ipynb")
        for cell in nbformat.read(path, 4).cells
    )


ASSIGNMENTS = [a for a in ALL_ASSIGNMENTS if _graded(a)]
"""The graded assignments (a practice-only one, the primer, has no grade cell to be honest about)."""


def is_practice(cell) -> bool:
    """A practice twin's answer cell: its solution is practice content, never marked and not secret."""
    return bool(cell.metadata.get("logiserve", {}).get("practice"))


def clean_env() -> dict[str, str]:
    """The environment for nbgrader and kernels: answers.json in the notebook's own folder."""
    env = dict(os.environ)
    env.pop("LOGISERVE_ANSWERS_DIR", None)
    # nbgrader runs helper programs (alembic) that live beside this interpreter
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@dataclass
class Course:
    root: Path
    exchange: Path
    log: list[str] = field(default_factory=list)

    def nbgrader(self, *args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={self.exchange}"]
        run = subprocess.run(cmd, cwd=cwd or self.root, env=clean_env(), capture_output=True, text=True, timeout=900)
        self.log.append(f"$ {' '.join(args)}\n{run.stdout}{run.stderr}")
        if check and run.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}")
        return run

    def release(self, assignment: str) -> Path:
        return self.root / "release" / assignment

    def submission(self, student: str, assignment: str) -> Path:
        return self.root / "submitted" / student / assignment

    def scores(self, student: str, assignment: str) -> dict[str, float | None]:
        """Autograded score of every grade cell of every notebook, keyed ``notebook/grade_id``."""
        from nbgrader.api import Gradebook

        out = {}
        with Gradebook(f"sqlite:///{self.root / 'gradebook.db'}", COURSE_ID) as gb:
            submission = gb.find_submission(assignment, student)
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    out[f"{notebook.name}/{grade.name}"] = grade.auto_score
        return out


def make_course(tmp: Path) -> Course:
    root = tmp / "course"
    root.mkdir(parents=True)
    shutil.copy(REPO / "course" / "nbgrader_config.py", root)
    shutil.copytree(REPO / "course" / "source", root / "source", ignore=shutil.ignore_patterns("answers*.json"))
    exchange = tmp / "exchange"
    exchange.mkdir()
    return Course(root, exchange)


def cell_ids(nb) -> list[str]:
    return [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]


def autograded_points(nb) -> dict[str, float]:
    """Points of every autograded test cell, keyed by grade id."""
    return {
        c.metadata.nbgrader["grade_id"]: float(c.metadata.nbgrader["points"])
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata.nbgrader.get("solution")
    }


def answer_cells(source, release) -> dict[str, str]:
    """Each cell a learner answers in (code or widget solution), mapped to the test cell that marks it."""
    tests = autograded_points(source)
    out, pending = {}, []
    for src, rel in zip(source.cells, release.cells, strict=True):
        meta = src.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id in tests:
            for answer in pending:
                out[answer] = grade_id
            pending = []
        elif src.cell_type == "code" and src.source != rel.source and not is_practice(src):
            pending.append(grade_id)
    return out


@functools.cache
def _kernels() -> type:
    """Kernels forked from one warm template for the whole test run (what ``logiserve grade`` does).

    They give the outputs a kernel started from scratch gives (``tests/autograder/grading/test_warm_kernels.py``
    proves it for every course notebook), in half the time.  Grading in these tests is still
    plain ``nbgrader autograde``, with kernels started as nbgrader starts them.
    """
    template = Template()
    atexit.register(template.close)
    return manager_for(template)


def execute_in(folder: Path, notebook_path: Path, env: dict[str, str] | None = None) -> None:
    """Run a notebook as a learner would, in its folder (widget answers land in answers.json).

    ``env`` adds to the kernel's environment, e.g. ``{"JUPYTERHUB_USER": "amira"}`` to run it as
    that learner on a hub would (their own numbers, :mod:`logiserve.variants`).
    """
    nb = nbformat.read(notebook_path, as_version=4)
    saved = os.environ.pop("LOGISERVE_ANSWERS_DIR", None)
    before = {name: os.environ.get(name) for name in env or {}}
    os.environ.update(env or {})  # the kernel is started (forked) with this process's environment
    try:
        NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            kernel_manager_class=_kernels(),
            allow_errors=True,
            resources={"metadata": {"path": str(folder)}},
        ).execute()
    finally:
        if saved is not None:
            os.environ["LOGISERVE_ANSWERS_DIR"] = saved
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    nbformat.write(nb, notebook_path)


def read_answers(folder: Path) -> dict:
    path = folder / "answers.json"
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture(scope="session")
def course(tmp_path_factory) -> Course:
    course = make_course(tmp_path_factory.mktemp("pipeline"))
    for assignment in ALL_ASSIGNMENTS:
        course.nbgrader("generate_assignment", assignment, "--force")
    return course
