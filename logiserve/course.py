"""The nbgrader course folder: where it is, its assignments, its learner version."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LogiserveError

__all__ = [
    "ASSIGNMENT_PATTERN",
    "COURSE_DIR_ENV",
    "COURSE_ID_ENV",
    "DEFAULT_COURSE_ID",
    "Course",
    "CourseError",
    "CourseId",
    "LearnerCopy",
    "assignments",
    "build_learner_copy",
    "collect_log_file",
    "course_dir",
    "course_id_here",
    "refresh_outputs",
]

ASSIGNMENT_PATTERN = re.compile(r"^\d\d_[a-z][a-z0-9_]*$")
"""An assignment's folder name: ``NN_topic``."""
CONFIG_FILE = "nbgrader_config.py"
COURSE_DIR_ENV = "LOGISERVE_COURSE_DIR"
"""Environment variable naming the course folder (else ``course/`` of this source tree)."""
COURSE_ID_ENV = "LOGISERVE_COURSE_ID"
"""Environment variable that overrides the course id of the course's ``nbgrader_config.py``."""
DEFAULT_COURSE_ID = "logiserve-cs-l3"
"""The course id when neither :data:`COURSE_ID_ENV` nor any nbgrader config sets one."""
DEFAULT_CELL_TIMEOUT = 120
"""Seconds a cell may run when the course's config sets no ``Execute.timeout``."""
COLLECT_LOG_FOLDER = "collect-log"
"""The course folder's record of what each collect did (:mod:`logiserve.exchange.record`)."""
_NOT_A_COURSE_ID = "course101"  # nbgrader's own default: a config that never set course_id


class CourseError(LogiserveError, RuntimeError):
    """A course-folder problem, explained for a tutor."""


def _load_config(folders: Sequence[str | Path]) -> Any:
    """Every ``nbgrader_config.py`` in ``folders`` (lowest priority first, each read once), merged."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    for folder in dict.fromkeys(str(f) for f in folders):
        if (Path(folder) / CONFIG_FILE).is_file():
            try:
                config.merge(PyFileConfigLoader(CONFIG_FILE, path=folder).load_config())
            except Exception as problem:  # noqa: BLE001  # the file is Python: anything it raises is the file's fault
                raise CourseError(
                    f"The course settings in {Path(folder) / CONFIG_FILE} could not be read "
                    f"({type(problem).__name__}: {problem}). Nothing you saved was changed; "
                    "the course team must mend that file."
                ) from None
    return config


def _jupyter_config_folders() -> list[str]:
    """Jupyter's config path, lowest priority first (the system's, the environment's, the user's)."""
    from jupyter_core.paths import jupyter_config_path

    return list(reversed(jupyter_config_path()))


def _configured_id(config: Any) -> str | None:
    """The course id a config sets, or ``None`` (nbgrader's placeholder ``course101`` counts as unset)."""
    if "CourseDirectory" not in config or "course_id" not in config.CourseDirectory:
        return None
    value = str(config.CourseDirectory.course_id).strip()
    return value if value and value != _NOT_A_COURSE_ID else None


@dataclass(frozen=True)
class CourseId:
    """The course id in force, and where it was read (said by the CLI and the variants listing).

    The learners' numbers (:mod:`logiserve.variants`) are seeded from it, so a college that
    changes ``c.CourseDirectory.course_id`` for a new cohort gives that cohort new numbers.
    """

    value: str
    source: str

    def __str__(self) -> str:
        return f"{self.value} (from {self.source})"


class Course:
    """One nbgrader course folder: its layout, its nbgrader config, its course id, nbgrader's API.

    A folder with ``nbgrader_config.py`` is a course; so is one with ``source/`` alone (an
    author's content, read by :mod:`logiserve.coverage`; nbgrader's defaults apply).
    Everything that needs to know where ``source/`` or ``submitted/`` is, which assignments
    exist, the course id, the gradebook's URL or a cell's time limit asks a ``Course``; nothing
    else knows the layout.  The config is read as nbgrader's own commands read it: every
    ``nbgrader_config.py`` on Jupyter's config path (on a hub, where the exchange is set), then
    the course folder's, which wins.

    >>> course = Course.find()
    >>> course.assignments()[:2], course.source("01_customers").name
    (['00_python_for_logistics', '01_customers'], '01_customers')
    >>> course.graded_assignments()[0]
    '01_customers'
    >>> course.course_id.value, course.cell_timeout
    ('logiserve-cs-l3', 120)
    """

    def __init__(self, root: str | os.PathLike[str], *, exchange: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).resolve()
        if not (self.root / CONFIG_FILE).is_file() and not (self.root / "source").is_dir():
            raise CourseError(
                f"No nbgrader course at {self.root} ({CONFIG_FILE} is missing). "
                f"Set {COURSE_DIR_ENV} to the course folder, or run from a clone of the repository."
            )
        self.exchange = Path(exchange).resolve() if exchange is not None else None
        self._config: Any = None

    @classmethod
    def find(cls) -> Course:
        """The course of ``$LOGISERVE_COURSE_DIR``, else ``course/`` of this source tree."""
        configured = os.environ.get(COURSE_DIR_ENV)
        return cls(Path(configured) if configured else Path(__file__).resolve().parent.parent / "course")

    @classmethod
    def of(cls, course: Course | str | os.PathLike[str], *, exchange: str | os.PathLike[str] | None = None) -> Course:
        """``course`` itself when it is a :class:`Course` (with ``exchange``, if given), else the course there."""
        if isinstance(course, Course):
            return course if exchange is None else cls(course.root, exchange=exchange)
        return cls(course, exchange=exchange)

    def __repr__(self) -> str:
        return f"Course({str(self.root)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Course) and (self.root, self.exchange) == (other.root, other.exchange)

    def __hash__(self) -> int:
        return hash((self.root, self.exchange))

    # -- layout (nbgrader's CourseDirectory folder names, which a config may change) ----------------------------
    def _folder(self, trait: str) -> Path:
        if "CourseDirectory" in self.config and trait in self.config.CourseDirectory:
            return self.root / str(self.config.CourseDirectory[trait])
        from nbgrader.coursedir import CourseDirectory

        return self.root / str(CourseDirectory.class_traits()[trait].default_value)

    @property
    def source_dir(self) -> Path:
        """``source/``: the assignments as authored, with solutions and hidden tests."""
        return self._folder("source_directory")

    @property
    def release_dir(self) -> Path:
        """``release/``: the learner versions nbgrader generates."""
        return self._folder("release_directory")

    @property
    def submitted_dir(self) -> Path:
        """``submitted/``: collected submissions, ``<student>/<assignment>``."""
        return self._folder("submitted_directory")

    @property
    def autograded_dir(self) -> Path:
        """``autograded/``: submissions as nbgrader re-ran and marked them."""
        return self._folder("autograded_directory")

    @property
    def feedback_dir(self) -> Path:
        """``feedback/``: the learners' feedback pages."""
        return self._folder("feedback_directory")

    def source(self, assignment: str) -> Path:
        """``source/<assignment>``: the notebooks with their solutions and hidden tests."""
        return self.source_dir / assignment

    def exercises_file(self, assignment: str) -> Path:
        """``source/<assignment>/exercises.yaml``: the assignment's widget content and variants."""
        return self.source(assignment) / "exercises.yaml"

    def released(self, assignment: str) -> Path:
        """``release/<assignment>``: the learner version."""
        return self.release_dir / assignment

    def submitted(self, student: str, assignment: str) -> Path:
        """``submitted/<student>/<assignment>``: a collected submission."""
        return self.submitted_dir / student / assignment

    def autograded(self, student: str, assignment: str) -> Path:
        """``autograded/<student>/<assignment>``: where nbgrader re-runs a submission."""
        return self.autograded_dir / student / assignment

    def collect_log(self, assignment: str) -> Path:
        """``collect-log/<assignment>.json``: what each collect did with every inbound folder."""
        return collect_log_file(self.root, assignment)

    def assignments(self) -> list[str]:
        """The assignments in ``source/``, in order (``NN_topic`` folders)."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p.name for p in self.source_dir.iterdir() if p.is_dir() and ASSIGNMENT_PATTERN.match(p.name))

    def graded_assignments(self) -> list[str]:
        """The assignments with marks to give: those whose source notebooks have a grade cell with points.

        A practice-only assignment (the Python primer) is released like the rest but never graded.
        """
        import nbformat

        def graded(name: str) -> bool:
            for path in sorted(self.source(name).glob("*.ipynb")):
                cells = nbformat.read(path, as_version=4).cells
                if any(cell.metadata.get("nbgrader", {}).get("points") for cell in cells):
                    return True
            return False

        return [name for name in self.assignments() if graded(name)]

    def check_assignment(self, assignment: str, error: type[Exception] = CourseError) -> None:
        """Raise ``error`` naming the assignments there are when ``assignment`` is not one of them."""
        known = self.assignments()
        if assignment not in known:
            raise error(
                f"There is no assignment {assignment!r} in {self.source_dir}. "
                f"Assignments: {', '.join(known) or 'none yet'}."
            )

    def students(self, assignment: str) -> list[str]:
        """Learners with a folder for ``assignment`` in ``submitted/`` or ``autograded/``."""
        found: set[str] = set()
        for root in (self.submitted_dir, self.autograded_dir):
            if root.is_dir():
                found |= {path.parent.name for path in root.glob(f"*/{assignment}") if path.is_dir()}
        return sorted(found)

    # -- nbgrader's config -------------------------------------------------------------------------------------
    @property
    def config(self) -> Any:
        """nbgrader's configuration for this course, as nbgrader's commands read it (read once)."""
        if self._config is None:
            config = _load_config([*_jupyter_config_folders(), self.root])
            config.CourseDirectory.root = str(self.root)
            if self.exchange is not None:
                config.Exchange.root = str(self.exchange)
            self._config = config
        return self._config

    @property
    def course_id(self) -> CourseId:
        """The course id in force: ``LOGISERVE_COURSE_ID``, else the config's, else :data:`DEFAULT_COURSE_ID`."""
        return _course_id(self.config, f"{self.root / CONFIG_FILE}")

    @property
    def db_url(self) -> str:
        """The gradebook's SQLAlchemy URL (nbgrader's ``CourseDirectory.db_url``)."""
        return str(self.coursedir().db_url)

    def has_gradebook(self) -> bool:
        """Whether there is a gradebook to read (a SQLite gradebook exists once nbgrader has made it)."""
        url = self.db_url
        return not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).is_file()

    @property
    def exchange_root(self) -> Path:
        """The exchange folder: the one given, else nbgrader's ``Exchange.root`` setting."""
        from nbgrader.exchange.default.exchange import Exchange

        return Path(Exchange(coursedir=self.coursedir(), config=self.config).root)

    @property
    def cell_timeout(self) -> int:
        """Seconds a cell may run before it fails: the config's ``Execute.timeout``, else the default."""
        for section in ("Execute", "ExecutePreprocessor"):
            if section in self.config and "timeout" in self.config[section]:
                return int(self.config[section].timeout)
        return DEFAULT_CELL_TIMEOUT

    def coursedir(self) -> Any:
        """nbgrader's :class:`~nbgrader.coursedir.CourseDirectory` for this course."""
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)

    def api(self) -> Any:
        """nbgrader's :class:`~nbgrader.apps.api.NbGraderAPI` for this course (and its exchange, if given)."""
        from nbgrader.apps.api import NbGraderAPI

        use_this_python()
        return NbGraderAPI(coursedir=self.coursedir(), config=self.config)

    def gradebook(self) -> Any:
        """nbgrader's :class:`~nbgrader.api.Gradebook` for this course (a context manager).

        It is opened with nbgrader's own course id (the config's), as nbgrader's commands open it;
        ``LOGISERVE_COURSE_ID`` changes the learners' numbers, not which gradebook course is read.
        """
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, str(self.coursedir().course_id))


def use_this_python() -> None:
    """Put this interpreter's scripts first on ``PATH``: nbgrader runs helper programs (alembic) that live there."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])


def tool_env() -> dict[str, str]:
    """This environment, with this interpreter's scripts (nbgrader needs ``alembic``) first on ``PATH``."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def _course_id(config: Any, where: str) -> CourseId:
    override = os.environ.get(COURSE_ID_ENV, "").strip()
    if override:
        return CourseId(override, COURSE_ID_ENV)
    configured = _configured_id(config)
    if configured:
        return CourseId(configured, where)
    return CourseId(DEFAULT_COURSE_ID, "logiserve's default")


_READ: dict[tuple[str, ...], tuple[tuple[tuple[int, int], ...], CourseId]] = {}  # configs -> (their stamps, the id)


def course_id_here(folder: str | os.PathLike[str] | None = None) -> CourseId:
    """The course id for a kernel working in ``folder`` (the current folder by default).

    ``LOGISERVE_COURSE_ID`` when set; else the ``nbgrader_config.py`` of the course folder that
    holds ``folder`` (``source/<a>``, ``release/<a>`` or ``autograded/<student>/<a>``: up to three
    folders up), merged over Jupyter's config path as nbgrader merges it (on a hub, the course's
    settings are there); else :data:`DEFAULT_COURSE_ID`.  Read again only when a config changes.
    """
    override = os.environ.get(COURSE_ID_ENV, "").strip()
    if override:
        return CourseId(override, COURSE_ID_ENV)
    try:
        here = Path(folder).resolve() if folder is not None else Path.cwd()
        above = [here, *here.parents][1:4]
    except OSError:  # the working folder was deleted
        above = []
    course = next((up for up in above if (up / CONFIG_FILE).is_file()), None)
    folders = list(dict.fromkeys(str(f) for f in [*_jupyter_config_folders(), *([course] if course else [])]))
    files = [Path(f) / CONFIG_FILE for f in folders]
    stamps = tuple((f.stat().st_mtime_ns, f.stat().st_size) if f.is_file() else (-1, -1) for f in files)
    key = tuple(folders)
    if key not in _READ or _READ[key][0] != stamps:
        where = str(course / CONFIG_FILE) if course else "Jupyter's nbgrader_config.py"
        _READ[key] = (stamps, _course_id(_load_config(folders), where))
    return _READ[key][1]


def collect_log_file(root: str | os.PathLike[str], assignment: str) -> Path:
    """``collect-log/<assignment>.json`` in the course folder ``root`` (what :meth:`Course.collect_log` gives)."""
    return Path(root) / COLLECT_LOG_FOLDER / f"{assignment}.json"


def course_dir() -> Path:
    """The course folder: ``$LOGISERVE_COURSE_DIR``, else ``course/`` of this source tree."""
    return Course.find().root


def assignments(course: Course | str | os.PathLike[str]) -> list[str]:
    """The assignments in ``course/source``, in order (``NN_topic`` folders)."""
    return Course.of(course).assignments()


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
                env=tool_env(),
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
