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
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .course import Course
from .errors import LogiserveError

if TYPE_CHECKING:
    from .exchange import CollectRun

__all__ = ["TutorError", "collect", "init_course", "load_api", "release"]


class TutorError(LogiserveError, RuntimeError):
    """Something the tutor can fix; the message says what."""


CourseLike = Course | str | os.PathLike[str]


def load_api(course: CourseLike, exchange: Path | None = None) -> Any:
    """nbgrader's API for the course folder, with the course's config (and an exchange folder, if given)."""
    return Course.of(course, exchange=exchange).api()


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


def release(course: CourseLike, names: Sequence[str] = (), *, exchange: Path | None = None) -> list[Released]:
    """Generate each assignment (all of them when ``names`` is empty) and release it to the exchange.

    A released assignment is released again (nbgrader's ``--force``), so fixing a typo and
    releasing again is safe before learners fetch it.
    """
    course = Course.of(course, exchange=exchange)
    api = course.api()
    root = _check_exchange(api)
    names = list(names) or course.assignments()
    for name in names:
        course.check_assignment(name, TutorError)
    out = []
    for name in names:
        _result(f"Generating {name}", api.generate_assignment(name, force=True, create=True))
        outbound = root / api.coursedir.course_id / "outbound" / name
        if outbound.exists():
            shutil.rmtree(outbound)
        _result(f"Releasing {name}", api.release_assignment(name))
        notebooks = tuple(sorted(p.name for p in course.released(name).glob("*.ipynb")))
        out.append(Released(name, notebooks, root))
    return out


@dataclass(frozen=True)
class Collected:
    """Submissions collected from the exchange into ``submitted/``, and what this collect did."""

    assignment: str
    students: tuple[str, ...]
    """Every learner with a collected submission of the assignment in ``submitted/``."""
    run: CollectRun | None = None
    """This collect's outcome for every inbound folder (also in ``collect-log/<assignment>.json``)."""


def collect(course: CourseLike, assignment: str, *, exchange: Path | None = None) -> Collected:
    """Collect every learner's latest valid submission of ``assignment`` into ``submitted/``.

    Newer submissions replace older ones.  The collect is always
    :class:`~logiserve.exchange.GuardedCollect` (a course whose config names a subclass of it uses
    that): only each learner's own regular files, in their own name; a submission over a limit or
    in a classmate's name is refused or set aside, and that learner's latest earlier valid one is
    collected.  What happened to every inbound folder is in :attr:`Collected.run`.
    """
    from .exchange import GuardedCollect, read_collect_log

    course = Course.of(course, exchange=exchange)
    course.check_assignment(assignment, TutorError)
    api = course.api()
    _check_exchange(api)
    if not (isinstance(api.exchange.collect, type) and issubclass(api.exchange.collect, GuardedCollect)):
        api.exchange.collect = GuardedCollect
    record = uuid.uuid4().hex
    api.config.GuardedCollect.record_id = record  # the collect's record in collect-log/ carries it
    try:
        _result(f"Collecting {assignment}", api.collect(assignment, update=True))
    finally:
        del api.config.GuardedCollect["record_id"]
    submitted = course.submitted_dir
    students = tuple(
        sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir()) if submitted.is_dir() else ()
    )
    return Collected(assignment, students, read_collect_log(course, assignment).run(record))


def init_course(dest: Path, *, source: Path | None = None) -> list[str]:
    """Make a fresh nbgrader course folder at ``dest``: ``nbgrader_config.py`` and ``source/``.

    The course's source notebooks hold the answer keys, so they are not part of the
    installed package (learners install it too).  They come from ``source``: a course
    folder such as ``course/`` of a clone of the repository (the default when this package
    runs from one), or the folder of the tutor pack the course team hands out.
    """
    origin = source or Course.find().root
    if not (origin / "nbgrader_config.py").is_file() or not (origin / "source").is_dir():
        raise TutorError(f"{origin} is not a course folder (it needs nbgrader_config.py and source/).")
    if dest.exists() and any(dest.iterdir()):
        raise TutorError(f"{dest} already exists and is not empty; choose a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(origin / "nbgrader_config.py", dest / "nbgrader_config.py")
    names = Course(origin).assignments()
    for name in names:
        shutil.copytree(
            origin / "source" / name,
            dest / "source" / name,
            ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints", "__pycache__", ".answers.json.lock"),
        )
    return names
