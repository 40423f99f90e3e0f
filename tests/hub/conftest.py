"""A real JupyterHub on this machine, as ``deploy/hub/install.py`` sets one up, with real system users.

``hub`` (one per test session) needs root, as a college's administrator does:

- installs the course for all users with ``deploy/hub/install.py``, run by the system's Python
  (``/usr/bin/python3``: every user must be able to read it), into a new folder under ``/tmp``;
- creates a tutor, two learners and a hostile third learner (who only ever uses a terminal) as
  system users (private home folders, passwords, the course's groups), with names of their own
  for this run;
- starts JupyterHub (PAM sign-in, each person's JupyterLab as that user, configurable-http-proxy
  from ``make node``), all on 127.0.0.1;
- and afterwards stops the hub and everything the users still run, deletes the users, their
  home folders and groups and the install folder, and checks that none of it is left.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
SYSTEM_PYTHON = Path("/usr/bin/python3")
STALE_USER = re.compile(r"^ls-[0-9a-f]{4}-(tutor|ada|ben|cas|kernel[0-9])$")
LAB_SETTINGS = {
    # a learner's own preference: every cell stays in the page, so the test can find each one
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port(count: int = 1) -> int:
    """A port with ``count`` free ports from it on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65000 and all(_free(port + i) for i in range(count)):
            return port
    raise RuntimeError("no free ports on 127.0.0.1")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Hub:
    """The installed course and its running hub."""

    root: Path
    venv: Path
    exchange: Path
    pack: Path
    url: str
    tutor: str
    learners: list[str]
    hostile: str = ""
    kernel_users: list[str] = field(default_factory=list)
    passwords: dict[str, str] = field(default_factory=dict)
    log: Path | None = None

    def run_as(self, user: str, *cmd: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
        """``cmd`` as the system user ``user`` (their groups, home and environment), as a terminal of theirs runs it."""
        entry = pwd.getpwnam(user)
        env = {
            "HOME": entry.pw_dir,
            "USER": user,
            "LOGNAME": user,
            "PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
        }
        done = subprocess.run(
            list(cmd),
            user=entry.pw_uid,
            group=entry.pw_gid,
            extra_groups=os.getgrouplist(user, entry.pw_gid),
            env=env,
            cwd=str(cwd or entry.pw_dir),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} as {user} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def logiserve(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """A ``logiserve`` command of the tutor's, run in their course folder."""
        return self.run_as(
            self.tutor, str(self.venv / "bin" / "logiserve"), *args, cwd=self.home(self.tutor) / "course", check=check
        )

    def log_tail(self, lines: int = 60) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _sh(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def _processes_of(user: str) -> list[str]:
    done = subprocess.run(["pgrep", "-a", "-u", user], capture_output=True, text=True)
    return done.stdout.splitlines()


def _remove_user(user: str) -> None:
    for _ in range(20):
        if not _processes_of(user):
            break
        subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
        time.sleep(0.25)
    subprocess.run(["userdel", "--remove", user], capture_output=True)


def _remove_stale_users() -> None:
    """Users left by an earlier run that was killed before it could clean up."""
    for entry in pwd.getpwall():
        if STALE_USER.match(entry.pw_name):
            _remove_user(entry.pw_name)
    with open("/etc/group") as groups:
        for line in groups:
            name = line.split(":", 1)[0]
            if re.match(r"^ls-[0-9a-f]{4}-(learners|tutors)$", name):
                subprocess.run(["groupdel", name], capture_output=True)


def _add_user(name: str, password: str, group: str) -> None:
    # a private home folder (0700), whatever the system's default is
    _sh("useradd", "--create-home", "--key", "HOME_MODE=0700", "--shell", "/bin/bash", "--groups", group, name)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True, capture_output=True)


def _preferences(user: str) -> None:
    home = Path(pwd.getpwnam(user).pw_dir)
    for name, value in LAB_SETTINGS.items():
        path = home / ".jupyter" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    entry = pwd.getpwnam(user)
    for folder, _, files in os.walk(home / ".jupyter"):
        os.chown(folder, entry.pw_uid, entry.pw_gid)
        for file in files:
            os.chown(os.path.join(folder, file), entry.pw_uid, entry.pw_gid)


def _wait_up(hub: Hub, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"JupyterHub exited with {process.returncode}:\n{hub.log_tail()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{hub.url}/hub/api", timeout=5) as reply:
            if reply.status == 200 and "version" in json.loads(reply.read()):
                return
        time.sleep(0.5)
    raise AssertionError(f"JupyterHub did not answer within {timeout:.0f} s:\n{hub.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the hub stops the JupyterLab servers and the proxy it started
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the proxy, if the hub left it


def _requirements() -> None:
    problems = []
    if os.geteuid() != 0:
        problems.append("the hub test makes system users and runs a hub: run it as root")
    if not SYSTEM_PYTHON.exists() or subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"]).returncode:
        problems.append("the system's Python with venv is missing: apt-get install -y python3 python3-venv")
    if not PROXY.exists():
        problems.append(f"{PROXY} is missing: run `make node` (make test does)")
    if not Path(CHROMIUM).exists():
        problems.append("Debian's chromium is missing: run `make test` (it installs it) or `apt-get install chromium`")
    if not shutil.which("useradd"):
        problems.append("useradd is missing (Debian's passwd package)")
    if problems:
        pytest.fail("; ".join(problems))


@pytest.fixture(scope="session")
def hub() -> Iterator[Hub]:
    _requirements()
    _remove_stale_users()
    tag = secrets.token_hex(2)
    root = Path(f"/tmp/logiserve-hub-{tag}")
    root.mkdir(mode=0o755)
    os.chmod(root, 0o755)
    learners_group, tutors_group = f"ls-{tag}-learners", f"ls-{tag}-tutors"
    tutor, learners = f"ls-{tag}-tutor", [f"ls-{tag}-ada", f"ls-{tag}-ben"]
    port = free_port(3)
    hub = Hub(
        root=root,
        venv=root / "venv",
        exchange=root / "exchange",
        pack=root / "course-pack",
        url=f"http://127.0.0.1:{port}",
        tutor=tutor,
        learners=learners,
        hostile=f"ls-{tag}-cas",
        kernel_users=[f"ls-{tag}-kernel1", f"ls-{tag}-kernel2"],
        log=root / "hub.log",
    )
    made_users: list[str] = []
    made_groups: list[str] = []
    process = None
    try:
        install = subprocess.run(
            [
                str(SYSTEM_PYTHON),
                str(REPO / "deploy" / "hub" / "install.py"),
                "--prefix",
                str(root),
                "--exchange",
                str(hub.exchange),
                "--proxy",
                str(PROXY),
                "--port",
                str(port),
                "--learners-group",
                learners_group,
                "--tutors-group",
                tutors_group,
                "--pip-quiet",
            ],
            capture_output=True,
            text=True,
        )
        assert install.returncode == 0, f"install.py failed:\n{install.stdout[-3000:]}\n{install.stderr[-3000:]}"

        for group in (learners_group, tutors_group):
            _sh("groupadd", group)
            made_groups.append(group)
        for user, group in [(tutor, tutors_group)] + [(name, learners_group) for name in (*learners, hub.hostile)]:
            hub.passwords[user] = secrets.token_urlsafe(12)
            _add_user(user, hub.passwords[user], group)
            made_users.append(user)
        for user in learners:
            _preferences(user)
        for user in hub.kernel_users:  # for grading as root: users that exist only to run learners' code
            _sh(
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                user,
            )
            made_users.append(user)

        # the tutor pack: the course's source notebooks, handed to the tutor (not part of the package)
        shutil.copytree(
            REPO / "course",
            hub.pack,
            ignore=shutil.ignore_patterns(
                "release", "submitted", "autograded", "feedback", "gradebook.db", "answers*.json", ".ipynb_checkpoints"
            ),
        )
        subprocess.run(["chmod", "-R", "a+rX", str(hub.pack)], check=True)

        with open(hub.log, "w") as log:
            process = subprocess.Popen(
                [str(hub.venv / "bin" / "jupyterhub"), "-f", "jupyterhub_config.py"],
                cwd=root / "hub",
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env={"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"},  # nothing of this test session's
            )
        _wait_up(hub, process)
        yield hub
    finally:
        if process is not None:
            _stop(process)
        for user in made_users:
            _remove_user(user)
        for group in made_groups:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
        left = {user: _processes_of(user) for user in made_users if _processes_of(user)}
        users = [user for user in made_users if user in {e.pw_name for e in pwd.getpwall()}]
        assert not left, f"processes left running: {left}"
        assert not users, f"users not removed: {users}"
        assert not root.exists(), f"{root} not removed"
        assert not _listening(port), f"something still listens on 127.0.0.1:{port}"
