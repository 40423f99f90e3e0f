"""The tutor's side of nbgrader, through nbgrader's own Python API: set up, release, collect.

Every function here loads the course's ``nbgrader_config.py`` (so the course's own
preprocessors and settings apply, exactly as for the ``nbgrader`` command) and drives
:class:`nbgrader.apps.api.NbGraderAPI`.  Problems a tutor can fix (a missing or read-only
exchange folder, an assignment that does not exist) raise :class:`TutorError` with a message
that says what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .course import ASSIGNMENT_PATTERN, assignments, course_dir

__all__ = ["TutorError", "collect", "init_course", "load_api", "release"]


class TutorError(RuntimeError):
    """Something the tutor can fix; the message says what."""


def _config(course: Path, exchange: Path | None) -> Any:
    """nbgrader's configuration as its own commands read it: every ``nbgrader_config.py`` on
    Jupyter's config path (the system's, the environment's, then the user's: on a hub that is
    where the exchange folder is set), then the course folder's, which wins."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    folders = [*reversed(jupyter_config_path()), str(course)]
    for folder in dict.fromkeys(folders):  # lowest priority first; a folder listed twice is read once
        if (Path(folder) / "nbgrader_config.py").is_file():
            config.merge(PyFileConfigLoader("nbgrader_config.py", path=folder).load_config())
    config.CourseDirectory.root = str(course)
    if exchange is not None:
        config.Exchange.root = str(exchange)
    return config


def load_api(course: Path, exchange: Path | None = None) -> Any:
    """nbgrader's API for the course folder, with the course's config (and an exchange folder, if given)."""
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs helper programs (alembic) that live beside this interpreter
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])
    config = _config(course, exchange)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _check_assignment(course: Path, assignment: str) -> None:
    known = assignments(course)
    if assignment not in known:
        raise TutorError(
            f"There is no assignment {assignment!r} in {course / 'source'}. "
            f"Assignments: {', '.join(known) or 'none yet'}."
        )


def _check_exchange(api: Any) -> Path:
    root = Path(api.exchange.exchange(coursedir=api.coursedir, parent=api).root)
    if not root.is_dir():
        raise TutorError(
            f"The exchange folder {root} does not exist. Create it (on a JupyterHub: "
            f"`mkdir -p {root} && chmod 777 {root}`), or pass --exchange with the right folder."
        )
    if not os.access(root, os.W_OK | os.X_OK):
        raise TutorError(f"The exchange folder {root} is not writable by this user; ask the hub's administrator.")
    return root


_EXCEPTION_LINE = re.compile(r"^\s*([A-Za-z_.]*(Error|Exception)): (.+)$")


def _result(what: str, outcome: dict[str, Any]) -> None:
    """Raise a TutorError naming the cause when an nbgrader API call failed."""
    if outcome.get("success"):
        return
    lines = [*(outcome.get("log") or "").splitlines(), *(outcome.get("error") or "").splitlines()]
    causes = [
        m.group(0).strip() for m in map(_EXCEPTION_LINE.match, lines) if m and "NbGraderException" not in m.group(1)
    ]
    detail = causes[0] if causes else next((ln for ln in reversed(lines) if ln.strip()), "no details")
    raise TutorError(f"{what} failed: {detail}")


@dataclass(frozen=True)
class Released:
    """One assignment generated from ``source/`` and released to the exchange."""

    assignment: str
    notebooks: tuple[str, ...]
    exchange: Path


def release(course: Path, names: Sequence[str] = (), *, exchange: Path | None = None) -> list[Released]:
    """Generate each assignment (all of them when ``names`` is empty) and release it to the exchange.

    A released assignment is released again (nbgrader's ``--force``), so fixing a typo and
    releasing again is safe before learners fetch it.
    """
    api = load_api(course, exchange)
    root = _check_exchange(api)
    names = list(names) or assignments(course)
    for name in names:
        _check_assignment(course, name)
    out = []
    for name in names:
        _result(f"Generating {name}", api.generate_assignment(name, force=True, create=True))
        outbound = root / api.coursedir.course_id / "outbound" / name
        if outbound.exists():
            shutil.rmtree(outbound)
        _result(f"Releasing {name}", api.release_assignment(name))
        notebooks = tuple(sorted(p.name for p in (course / "release" / name).glob("*.ipynb")))
        out.append(Released(name, notebooks, root))
    return out


@dataclass(frozen=True)
class Collected:
    """Submissions collected from the exchange into ``submitted/``."""

    assignment: str
    students: tuple[str, ...]


def collect(course: Path, assignment: str, *, exchange: Path | None = None) -> Collected:
    """Collect every learner's latest submission of ``assignment`` into ``submitted/`` (newer ones replace older)."""
    _check_assignment(course, assignment)
    api = load_api(course, exchange)
    _check_exchange(api)
    _result(f"Collecting {assignment}", api.collect(assignment, update=True))
    submitted = course / "submitted"
    students = tuple(
        sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir()) if submitted.is_dir() else ()
    )
    return Collected(assignment, students)


def init_course(dest: Path, *, source: Path | None = None) -> list[str]:
    """Make a fresh nbgrader course folder at ``dest``: ``nbgrader_config.py`` and ``source/``.

    The course's source notebooks hold the answer keys, so they are not part of the
    installed package (learners install it too).  They come from ``source``: a course
    folder such as ``course/`` of a clone of the repository (the default when this package
    runs from one), or the folder of the tutor pack the course team hands out.
    """
    origin = source or course_dir()
    if not (origin / "nbgrader_config.py").is_file() or not (origin / "source").is_dir():
        raise TutorError(f"{origin} is not a course folder (it needs nbgrader_config.py and source/).")
    if dest.exists() and any(dest.iterdir()):
        raise TutorError(f"{dest} already exists and is not empty; choose a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(origin / "nbgrader_config.py", dest / "nbgrader_config.py")
    names = [p.name for p in sorted((origin / "source").iterdir()) if ASSIGNMENT_PATTERN.match(p.name)]
    for name in names:
        shutil.copytree(
            origin / "source" / name,
            dest / "source" / name,
            ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints", "__pycache__", ".answers.json.lock"),
        )
    return names
