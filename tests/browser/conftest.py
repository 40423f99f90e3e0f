"""JupyterLab on 127.0.0.1 over a learner copy of the course, and headless Chromium driving it."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from logiserve.course import build_learner_copy

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"

USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    # every cell stays in the page, so widgets further down can be found and clicked
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    url: str
    token: str
    root: Path

    def notebook_url(self, path: str) -> str:
        """The notebook in a fresh workspace, so no tab from an earlier test is open beside it."""
        return f"{self.url}/lab/workspaces/{secrets.token_hex(4)}/tree/{path}?token={self.token}&reset"


@contextlib.contextmanager
def running_lab(base: Path, root: Path, env: dict[str, str] | None = None) -> Iterator[Lab]:
    """JupyterLab serving ``root``, with its settings and log in ``base``.

    ``env`` adds to the server's environment, and so its kernels': a learner's server on the hub
    has ``JUPYTERHUB_USER`` set, ``env={"JUPYTERHUB_USER": "amira"}``.
    """
    settings = base / "settings"
    for name, value in USER_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port, token = free_port(), secrets.token_hex(16)
    environment = {k: v for k, v in os.environ.items() if k != "LOGISERVE_ANSWERS_DIR"}
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    environment["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    environment.update(env or {})
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=False",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = open(base / "lab.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(cmd, cwd=root, env=environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start:\n{(base / 'lab.log').read_text()}") from None
                time.sleep(0.25)
        yield Lab(url, token, root)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or `apt-get install chromium`")


@pytest.fixture(scope="session")
def learner_copy(tmp_path_factory) -> Path:
    """The learner version of every assignment, built once; each lab serves a copy of it."""
    _need_chromium()
    root = tmp_path_factory.mktemp("learner-copy") / "learner"
    build_learner_copy(REPO / "course", root)
    return root


@pytest.fixture(scope="session")
def lab(tmp_path_factory, learner_copy):
    base = tmp_path_factory.mktemp("lab")
    root = base / "learner"
    shutil.copytree(learner_copy, root)
    with running_lab(base, root) as running:
        yield running


@pytest.fixture(scope="session")
def grader(tmp_path_factory):
    """A temporary nbgrader course to submit and autograde what the browser tests answered."""
    from ._grading import Grader

    return Grader(tmp_path_factory.mktemp("grading"))


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("dialog", lambda d: d.accept())
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}.png"), full_page=True)
        (ARTIFACTS / f"FAILED-{request.node.name}.console.txt").write_text("\n".join(console))
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
