"""The same grading against a PostgreSQL gradebook gives the scores SQLite gives.

``postgres`` starts a throwaway PostgreSQL server (Debian's ``postgresql``) for this module: a new
cluster in a temporary folder, listening on 127.0.0.1 (a free port) and on a unix socket in that
folder, with a role and a database for the gradebook.  After the module it is stopped and its
folder (so every database it made) removed, even when a test fails, and the teardown checks that
no server process is left.

The cohort (``conftest.py``) is copied twice.  One copy keeps nbgrader's SQLite gradebook; the
other's ``nbgrader_config.py`` points ``c.CourseDirectory.db_url`` at the PostgreSQL database (the
assignment generated again into it, as a course moving to PostgreSQL does).  Both are graded by
the same ``logiserve grade`` and reported by the same ``logiserve report --csv``.
"""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from nbgrader.api import Gradebook

from tests._cohort import ASSIGNMENT, COURSE_ID, copy_course
from tests.pipeline.conftest import Course, clean_env

pytestmark = pytest.mark.pipeline

SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
POSTGRES_ROOT = Path("/usr/lib/postgresql")
INSTALL = (
    "install Debian's PostgreSQL server (apt-get install -y --no-install-recommends postgresql) "
    "and the driver (.venv/bin/python -m pip install -e '.[test]')"
)
ROLE, PASSWORD, DATABASE = "logiserve", "graded-by-test", "gradebook"
STUDENTS = ["ada", "ben", "cara", "dev"]
AUTOGRADED = {"sort_parties_test": 5.0, "internal_customers_test": 2.0, "orders_by_type_test": 3.0}  # points = ada's
BROKEN = "customers.ipynb is not a valid notebook (JSON error at line 1)"


# -- the server -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A PostgreSQL cluster in ``folder`` (``data/``, ``socket/``, ``server.log``), run by ``pid``."""

    folder: Path
    port: int
    pid: int

    @property
    def url(self) -> str:
        """The gradebook's SQLAlchemy URL, as a college writes it: the role, its password, host and port."""
        return f"postgresql+psycopg://{ROLE}:{PASSWORD}@127.0.0.1:{self.port}/{DATABASE}"

    def connect(self, user: str = ROLE, dbname: str = DATABASE):
        """A psycopg connection: the superuser over the unix socket, the gradebook's role over TCP."""
        import psycopg

        if user == ROLE:
            return psycopg.connect(host="127.0.0.1", port=self.port, user=user, password=PASSWORD, dbname=dbname)
        return psycopg.connect(host=str(self.folder / "socket"), port=self.port, user=user, dbname=dbname)


def _programs() -> Path:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that holds the server programs."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.fail(f"The PostgreSQL driver psycopg is not installed: {INSTALL}.")
    found = [
        folder
        for folder in POSTGRES_ROOT.glob("*/bin")
        if folder.parent.name.isdigit() and all((folder / name).is_file() for name in SERVER_PROGRAMS)
    ]
    if not found:
        pytest.fail(
            f"PostgreSQL's server programs ({', '.join(SERVER_PROGRAMS)}) are not in "
            f"{POSTGRES_ROOT}/<version>/bin: {INSTALL}."
        )
    return max(found, key=lambda folder: int(folder.parent.name))


def _owner() -> dict:
    """initdb and postgres refuse to run as root: as root, run them as the system user ``postgres``."""
    if os.geteuid() != 0:
        return {}
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(f"There is no system user 'postgres' to run the server as: {INSTALL}.")
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


def _run(folder: Path, *cmd: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in cmd],
        cwd=folder,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **_owner(),
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaped has stopped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _log(folder: Path) -> str:
    log = folder / "server.log"
    return log.read_text(errors="replace")[-3000:] if log.is_file() else "(no server log)"


def _start(programs: Path, folder: Path) -> Server:
    data, sockets, port = folder / "data", folder / "socket", _free_port()
    init = _run(
        folder,
        programs / "initdb",
        "--pgdata",
        data,
        "--username=postgres",
        "--auth-local=trust",  # the superuser, over the socket in this 0700 folder
        "--auth-host=scram-sha-256",  # the gradebook's role, over TCP, with its password
        "--encoding=UTF8",
        "--no-locale",
        "--no-sync",
        "--no-instructions",
    )
    assert init.returncode == 0, f"initdb failed:\n{init.stdout}\n{init.stderr}"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(sockets, "postgres", "postgres")
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={sockets} -c fsync=off"
    start = _run(
        folder, programs / "pg_ctl", "start", "--wait", "--timeout=60", "-D", data, "-l", "server.log", "-o", options
    )
    assert start.returncode == 0, f"pg_ctl start failed:\n{start.stdout}\n{start.stderr}\n{_log(folder)}"
    server = Server(folder, port, int((data / "postmaster.pid").read_text().split()[0]))
    with server.connect("postgres", "postgres") as admin:
        admin.autocommit = True
        admin.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{PASSWORD}'")
        admin.execute(f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
    return server


def _stop(programs: Path, folder: Path, pid: int | None) -> list[str]:
    """Stop the server (fast, else immediate, else SIGKILL); what was wrong, if anything."""
    data, problems = folder / "data", []
    if pid is None and (data / "postmaster.pid").is_file():
        pid = int((data / "postmaster.pid").read_text().split()[0])
    if pid is None:
        return problems
    for mode in ("fast", "immediate"):
        stop = _run(folder, programs / "pg_ctl", "stop", "--wait", "--timeout=30", "-D", data, "-m", mode)
        if not _alive(pid):
            break
        problems.append(f"pg_ctl stop -m {mode} left the server running:\n{stop.stdout}{stop.stderr}")
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        problems.append(f"the server (pid {pid}) had to be killed")
    if (data / "postmaster.pid").exists():
        problems.append(f"{data / 'postmaster.pid'} is still there")
    return problems


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    """A PostgreSQL server for this module, stopped and removed after it, even when a test fails."""
    programs = _programs()
    folder = Path(tempfile.mkdtemp(prefix="logiserve-pg-"))  # in /tmp: pytest's own folders are root's alone
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    server = None
    try:
        server = _start(programs, folder)
        yield server
    finally:
        problems = _stop(programs, folder, server.pid if server else None)
        shutil.rmtree(folder, ignore_errors=True)
    assert not problems, "\n".join(problems)
    assert not _alive(server.pid), f"the PostgreSQL server (pid {server.pid}) still runs"
    assert not folder.exists(), f"the cluster folder {folder} is still there"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5).close()


# -- the two courses, graded ------------------------------------------------------------------------------------


def logiserve(course: Course, *args: str) -> subprocess.CompletedProcess:
    """The ``logiserve`` command, run by a tutor from the course folder."""
    env = clean_env() | {"COLUMNS": "200"}  # one table row per line
    return subprocess.run(
        [sys.executable, "-m", "logiserve", *args],
        cwd=course.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def graded(course: Course) -> Course:
    run = logiserve(course, "grade", ASSIGNMENT, "--workers", "2")
    assert run.returncode == 1, f"dev's notebook is broken, so grade exits with 1:\n{run.stdout}\n{run.stderr}"
    rows = {line.split("│")[1].strip(): line for line in run.stdout.splitlines() if line.count("│") > 2}
    assert sorted(rows) == STUDENTS, run.stdout
    assert "failed" in rows["dev"] and BROKEN in rows["dev"], run.stdout
    assert "3 graded, 1 failed; mean score 4.09 / 16" in run.stdout, run.stdout
    return course


@pytest.fixture(scope="module")
def on_sqlite(cohort, tmp_path_factory) -> Course:
    """The cohort graded with nbgrader's default gradebook, ``gradebook.db`` in the course folder."""
    return graded(copy_course(cohort, tmp_path_factory.mktemp("sqlite")))


@pytest.fixture(scope="module")
def on_postgres(cohort, postgres, tmp_path_factory) -> Course:
    """The cohort with its gradebook in PostgreSQL: the setting, the assignment generated into it, graded."""
    course = copy_course(cohort, tmp_path_factory.mktemp("postgres"))
    (course.root / "gradebook.db").unlink()  # nothing may come from (or go to) the SQLite file
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + f"\nc.CourseDirectory.db_url = {postgres.url!r}\n")
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    return graded(course)


def sqlite_url(course: Course) -> str:
    return f"sqlite:///{course.root / 'gradebook.db'}"


def recorded(db_url: str) -> dict[str, dict[str, tuple]]:
    """Every learner's totals, per-notebook totals, grades and comments, as nbgrader's Gradebook reads them."""
    out: dict[str, dict[str, tuple]] = {}
    with Gradebook(db_url, COURSE_ID) as gb:
        for submission in gb.find_assignment(ASSIGNMENT).submissions:
            rows: dict[str, tuple] = {
                "submission": (str(submission.timestamp), submission.score, submission.max_score),
            }
            for notebook in submission.notebooks:
                rows[notebook.name] = (notebook.score, notebook.max_score)
                for g in notebook.grades:
                    rows[f"{notebook.name}/grade/{g.name}"] = (g.auto_score, g.manual_score, g.max_score)
                for c in notebook.comments:
                    rows[f"{notebook.name}/comment/{c.name}"] = (c.auto_comment, c.manual_comment)
            out[submission.student_id] = rows
    return out


def totals(db_url: str) -> dict[str, tuple[float, float]]:
    return {student: rows["submission"][1:] for student, rows in recorded(db_url).items()}


def report_rows(course: Course) -> list[dict[str, str]]:
    run = logiserve(course, "report", "--out", "report.html", "--csv", "report.csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "wrote report.html and report.csv"
    with (course.root / "report.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# -- the tests ------------------------------------------------------------------------------------------------


def test_every_grade_and_total_is_the_one_sqlite_records(on_sqlite, on_postgres, postgres):
    in_sqlite, in_postgres = recorded(sqlite_url(on_sqlite)), recorded(postgres.url)
    assert sorted(in_postgres) == sorted(in_sqlite) == STUDENTS
    for student, rows in in_sqlite.items():
        assert in_postgres[student] == rows, student
    assert sorted(key for key in in_postgres["ada"] if "/grade/" in key) == sorted(
        f"customers/grade/{cell}" for cell in (*AUTOGRADED, "written_answer")
    )


def test_the_known_scores(on_sqlite, on_postgres, postgres):
    for url in (sqlite_url(on_sqlite), postgres.url):
        rows = recorded(url)
        assert totals(url) == {"ada": (10, 16), "ben": (0, 16), "cara": (2.27, 16), "dev": (0, 16)}, url
        # ada: full marks on the 10 autograded points (6 are the tutor's); cara: 5 of 11 sorter items, of 5 points
        assert {cell: rows["ada"][f"customers/grade/{cell}"][0] for cell in AUTOGRADED} == AUTOGRADED
        assert {cell: rows["cara"][f"customers/grade/{cell}"][0] for cell in AUTOGRADED} == {
            "sort_parties_test": 2.27,
            "internal_customers_test": 0,
            "orders_by_type_test": 0,
        }
        # dev's broken notebook was never run: a submission with no score in any cell
        assert [rows["dev"][f"customers/grade/{cell}"][0] for cell in AUTOGRADED] == [None, None, None]


def test_the_report_has_the_same_numbers(on_sqlite, on_postgres):
    from_sqlite, from_postgres = report_rows(on_sqlite), report_rows(on_postgres)
    assert from_postgres == from_sqlite
    value = {(r["section"], r["item"], r["metric"]): r["value"] for r in from_postgres}
    assert [value[("learner", s, "auto_score")] for s in ("ada", "ben", "cara")] == ["10.0", "0.0", "2.27"]
    assert value[("learner", "dev", "status")] == "grading failed"
    assert value[("to_review", "dev", "reason")] == BROKEN
    assert value[("distribution", "all", "median_percent")] == "22.7"


def test_the_feedback_pages_show_the_postgresql_scores(on_postgres):
    run = logiserve(on_postgres, "feedback", ASSIGNMENT)
    assert run.returncode == 0, run.stderr
    assert "3 page(s) for 3 learner(s), hidden tests removed" in run.stdout
    assert "no feedback, not autograded: dev" in run.stdout
    for student, score in {"ada": 10.0, "ben": 0.0, "cara": 2.27}.items():
        page = on_postgres.root / "feedback" / student / ASSIGNMENT / "customers.html"
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text()
        assert f"customers (Score: {score} / 16.0)" in text, student


def test_the_grades_are_in_postgresql_and_not_in_a_sqlite_file(on_postgres, postgres):
    assert not (on_postgres.root / "gradebook.db").exists()
    with postgres.connect() as db:
        rows = db.execute(
            "SELECT student.id, count(grade.id), sum(grade.auto_score)"
            " FROM grade"
            " JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id"
            " JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id"
            " JOIN student ON submitted_assignment.student_id = student.id"
            " GROUP BY student.id ORDER BY student.id"
        ).fetchall()
        owner = db.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'grade'").fetchone()
    assert rows == [("ada", 4, 10.0), ("ben", 4, 0.0), ("cara", 4, 2.27), ("dev", 4, None)]
    assert owner == (ROLE,), "the gradebook's tables belong to its role"


def test_nbgrader_db_lists_the_learners_from_postgresql(on_postgres):
    run = on_postgres.nbgrader("db", "student", "list")
    assert "There are 4 students in the database:" in run.stdout
    for student in STUDENTS:
        assert f"{student} (None, None) -- None, None" in run.stdout
