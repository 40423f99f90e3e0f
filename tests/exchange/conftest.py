"""A temporary course and exchange whose inbound folder tests fill as learners (and hostile learners) would.

:class:`Exchange` writes inbound folders the way nbgrader's submit writes them
(``<learner>+<assignment>+<time>+<random>`` holding the notebook, ``answers.json``,
``timestamp.txt`` and ``submission_secret.txt``), and then anything a test adds: links, pipes,
sockets, devices, deep folders, another owner.  ``users`` makes two throwaway system users (so
that a folder can belong to a learner other than whoever collects) and removes them afterwards.
"""

from __future__ import annotations

import datetime
import json
import os
import pwd
import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from logiserve.tutor import Collected, collect
from tests.pipeline.conftest import COURSE_ID, REPO, make_course

ASSIGNMENT = "01_customers"
NOTEBOOK = "customers.ipynb"
KEY = REPO / "course" / "source" / ASSIGNMENT / NOTEBOOK
"""The tutor's source notebook: the answer key a hostile learner would like collected as their work."""


def when(minutes: float = 0.0) -> datetime.datetime:
    """Now (UTC, no zone) plus ``minutes``: a submission's time."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(minutes=minutes)


def stamp(moment: datetime.datetime) -> str:
    """``moment`` as nbgrader's submit writes it, in names and in ``timestamp.txt``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def notebook_text(learner: str, version: str = "1") -> str:
    """A small notebook whose text says whose it is and which version, to recognise it when collected."""
    cell = {"cell_type": "markdown", "metadata": {}, "source": f"{learner}'s answers, version {version}"}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@dataclass
class Exchange:
    """The course folder, its exchange, and the inbound folder learners write into."""

    course: Path
    root: Path

    @property
    def inbound(self) -> Path:
        return self.root / COURSE_ID / "inbound"

    def submit(
        self,
        learner: str,
        moment: datetime.datetime | None = None,
        *,
        version: str = "1",
        files: dict[str, str | bytes] | None = None,
        timestamp: str | None = None,
        name: str | None = None,
    ) -> Path:
        """An inbound folder as nbgrader's submit writes it (``files`` adds to or replaces its files)."""
        moment = moment or when(-10)
        folder = self.inbound / (name or f"{learner}+{ASSIGNMENT}+{stamp(moment)}+{secrets.token_urlsafe(9)}")
        folder.mkdir()
        contents: dict[str, str | bytes] = {
            NOTEBOOK: notebook_text(learner, version),
            "answers.json": json.dumps({"01_customers.sort_the_parties": {"learner": learner, "version": version}}),
            "timestamp.txt": stamp(moment) if timestamp is None else timestamp,
            "submission_secret.txt": secrets.token_hex(64),
        }
        contents.update(files or {})
        for relative, data in contents.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data)
        return folder

    def collect(self) -> Collected:
        """``logiserve collect`` as the library function, from this course and exchange."""
        return collect(self.course, ASSIGNMENT, exchange=self.root)

    def submitted(self, learner: str) -> Path:
        return self.course / "submitted" / learner / ASSIGNMENT

    def configure(self, *lines: str) -> None:
        """Add settings to the course's ``nbgrader_config.py``."""
        config = self.course / "nbgrader_config.py"
        config.write_text(config.read_text() + "\n" + "\n".join(lines) + "\n")


@pytest.fixture
def exchange(tmp_path) -> Exchange:
    course = make_course(tmp_path)
    inbound = course.exchange / COURSE_ID / "inbound"
    inbound.mkdir(parents=True)
    os.chmod(inbound, 0o2733)  # as nbgrader's release makes it: learners may create folders, not list them
    return Exchange(course.root, course.exchange)


def outcome_of(run, folder: Path):
    """The outcome a run recorded for the inbound folder ``folder``."""
    (found,) = [o for o in run.outcomes if o.folder == folder.name]
    return found


def chown_tree(path: Path, uid: int) -> None:
    """Give ``path`` and everything in it to ``uid`` (links themselves, not what they point to)."""
    gid = pwd.getpwuid(uid).pw_gid if _has_uid(uid) else uid
    os.chown(path, uid, gid, follow_symlinks=False)
    for folder, names, files in os.walk(path):
        for name in names + files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


@dataclass(frozen=True)
class Users:
    """Two system users made for the test session; their login names are the learners' ids."""

    amira: str
    ben: str

    def uid(self, name: str) -> int:
        return pwd.getpwnam(name).pw_uid


def unused_uid() -> int:
    """A user id that no user of this machine has."""
    return next(uid for uid in range(61000, 65000) if not _has_uid(uid))


def _has_uid(uid: int) -> bool:
    try:
        pwd.getpwuid(uid)
    except KeyError:
        return False
    return True


@pytest.fixture(scope="session")
def users():
    if os.geteuid() != 0:
        pytest.skip("making system users needs root")
    tag = f"{os.getpid() % 100000}"
    names = [f"lxa{tag}", f"lxb{tag}"]
    made = []
    try:
        for name in names:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
                check=True,
                capture_output=True,
            )
            made.append(name)
        yield Users(*names)
    finally:
        for name in made:
            subprocess.run(["userdel", name], check=False, capture_output=True)
