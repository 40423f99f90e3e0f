"""The nbgrader course folder: where it is, its assignments, its learner version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "ASSIGNMENT_PATTERN",
    "CourseError",
    "LearnerCopy",
    "assignments",
    "build_learner_copy",
    "course_dir",
    "refresh_outputs",
]

ASSIGNMENT_PATTERN = re.compile(r"^\d\d_[a-z][a-z0-9_]*$")


class CourseError(RuntimeError):
    """A course-folder problem, explained for a tutor."""


def course_dir() -> Path:
    """The course folder: ``$LOGISERVE_COURSE_DIR``, else ``course/`` of this source tree."""
    configured = os.environ.get("LOGISERVE_COURSE_DIR")
    folder = Path(configured) if configured else Path(__file__).resolve().parent.parent / "course"
    if not (folder / "nbgrader_config.py").is_file():
        raise CourseError(
            f"No nbgrader course at {folder} (nbgrader_config.py is missing). "
            "Set LOGISERVE_COURSE_DIR to the course folder, or run from a clone of the repository."
        )
    return folder


def assignments(course: Path) -> list[str]:
    """The assignments in ``course/source``, in order (``NN_topic`` folders)."""
    source = course / "source"
    return sorted(p.name for p in source.iterdir() if p.is_dir() and ASSIGNMENT_PATTERN.match(p.name))


def _tool_env() -> dict[str, str]:
    """This environment, with this interpreter's scripts (nbgrader needs ``alembic``) first on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


@dataclass(frozen=True)
class LearnerCopy:
    """What :func:`build_learner_copy` did with one assignment."""

    assignment: str
    folder: Path
    created: bool


def build_learner_copy(course: Path, dest: Path) -> list[LearnerCopy]:
    """Generate the learner (release) version of every assignment into ``dest``.

    Runs ``nbgrader generate_assignment`` in a temporary copy of the course (so the
    course folder gains no gradebook), then copies each released assignment to
    ``dest/<assignment>``.  An assignment folder that already exists in ``dest`` is
    kept as it is: it may hold a learner's work.
    """
    dest.mkdir(parents=True, exist_ok=True)
    names = assignments(course)
    todo = [name for name in names if not (dest / name).exists()]
    results = [LearnerCopy(name, dest / name, False) for name in names if name not in todo]
    if not todo:
        return results
    with tempfile.TemporaryDirectory(prefix="logiserve-build-") as tmp:
        work = Path(tmp) / "course"
        shutil.copytree(
            course,
            work,
            ignore=shutil.ignore_patterns(
                "release", "autograded", "submitted", "feedback", "gradebook.db", "answers.json"
            ),
        )
        for name in todo:
            run = subprocess.run(
                [sys.executable, "-m", "nbgrader", "generate_assignment", name, "--force", "--log-level=WARN"],
                cwd=work,
                capture_output=True,
                text=True,
                env=_tool_env(),
            )
            if run.returncode != 0:
                raise CourseError(f"nbgrader could not generate {name}:\n{run.stdout}{run.stderr}")
            shutil.copytree(work / "release" / name, dest / name)
            results.append(LearnerCopy(name, dest / name, True))
    return sorted(results, key=lambda r: r.assignment)


def refresh_outputs(notebook: Path, timeout: int = 120) -> None:
    """Run a source notebook and store its outputs in place, for authors (nbval compares them).

    The notebook runs in a scratch copy of its folder, so no ``answers.json`` is left
    beside the source, and with no learner id, so it shows the course's default numbers
    (:mod:`logiserve.variants`), as nbval runs it; widget state is not stored (it would hold a graded widget's
    answer and bloat the file).
    """
    import nbformat
    from nbclient import NotebookClient

    notebook = Path(notebook).resolve()
    nb = nbformat.read(notebook, as_version=4)
    with tempfile.TemporaryDirectory(prefix="logiserve-run-") as tmp:
        for path in notebook.parent.iterdir():
            if path.is_file() and not path.name.startswith("answers"):
                shutil.copy(path, tmp)
        # no answers folder, and no learner: the stored outputs show the course's default numbers
        unset = ("LOGISERVE_ANSWERS_DIR", "JUPYTERHUB_USER", "LOGISERVE_LEARNER")
        saved = {name: os.environ.pop(name) for name in unset if name in os.environ}
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": tmp}}).execute()
        finally:
            os.environ.update(saved)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, notebook)
