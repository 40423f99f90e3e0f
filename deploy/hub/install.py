"""Install the logiserve course and a JupyterHub for it on one machine (run as root).

    python3 deploy/hub/install.py --prefix /opt/logiserve --exchange /srv/nbgrader/exchange \\
        --proxy "$(command -v configurable-http-proxy)"

What it makes (it changes nothing outside these folders; users and groups are yours to make):

- ``PREFIX/venv``: a virtual environment of the Python that runs this script (use the system's
  ``/usr/bin/python3``: every user must be able to read it, and a Python under ``/root`` is not
  readable by anyone else), with logiserve from this checkout and JupyterHub 6.
- ``PREFIX/venv/etc/jupyter/nbgrader_config.py``: the exchange folder, the course id, the
  trusted marking step and the guarded collect (``logiserve.exchange.GuardedCollect``), read by
  every nbgrader command run with this Python (learners' assignment panel and Validate button,
  tutors' commands).
- ``PREFIX/venv/share/jupyter/lab/settings/overrides.json``: JupyterLab without its news pop-up.
- nbgrader's tutor panels (formgrader, course list, "Create Assignment") switched off in
  JupyterLab: learners see only the assignment list and "Validate"; tutors run the ``logiserve``
  commands in a terminal (the README's tutor guide).
- ``PREFIX/hub/``: ``jupyterhub_config.py`` and its ``settings.json``; the hub's database,
  cookie secret and proxy pid file are kept here too (readable by root only).
- the exchange folder, writable by everyone as nbgrader's filesystem exchange needs
  (nbgrader then keeps each submission and each feedback file out of other learners' sight).

Run it again to upgrade logiserve; the hub's database and the exchange are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parents[1]
COURSE_ID = "logiserve-cs-l3"
TUTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
TUTOR_LAB_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:create-assignment",
)


def nbgrader_config(exchange: Path, course_id: str) -> str:
    """The hub's ``nbgrader_config.py``: exchange, course id, marking outside the kernel, the guarded collect."""
    return (
        "# Written by deploy/hub/install.py: every nbgrader command run with this Python uses this exchange,\n"
        "# marks outside the learner's kernel (autograde, and Validate in a learner's JupyterLab), and collects\n"
        "# only each learner's own regular files, in their own name (never a link or a classmate's folder).\n"
        "from logiserve.autograder.marking import autograde_steps, validate_here\n\n"
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
        "c.Autograde.autograde_preprocessors = autograde_steps()\n"
        'c.ExchangeFactory.collect = "logiserve.exchange.GuardedCollect"\n'
        "validate_here()\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", type=Path, required=True, help="where to install (e.g. /opt/logiserve)")
    parser.add_argument("--exchange", type=Path, required=True, help="nbgrader's exchange folder")
    parser.add_argument("--proxy", required=True, help="the configurable-http-proxy command")
    parser.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1 (default 8000)")
    parser.add_argument("--learners-group", default="learners", help="the group whose members are learners")
    parser.add_argument("--tutors-group", default="tutors", help="the group whose members are tutors")
    parser.add_argument("--course-id", default=COURSE_ID, help=f"nbgrader's course id (default {COURSE_ID})")
    parser.add_argument("--source", type=Path, default=CHECKOUT, help="the logiserve checkout to install")
    parser.add_argument("--pip-quiet", action="store_true", help="less pip output")
    args = parser.parse_args(argv)

    prefix = args.prefix.resolve()
    venv, hub = prefix / "venv", prefix / "hub"
    for folder in (prefix, hub):
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(prefix, 0o755)  # everyone runs the course's Python from here
    os.chmod(hub, 0o700)  # the hub's database and cookie secret: root only

    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", *(["--quiet"] if args.pip_quiet else [])]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, f"{args.source.resolve()}[hub]"], check=True)

    config = venv / "etc" / "jupyter" / "nbgrader_config.py"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(nbgrader_config(args.exchange.resolve(), args.course_id))
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(
        json.dumps({"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}})
    )

    # learners see the assignment list and Validate; the tutors' panels are switched off for all
    server = venv / "etc" / "jupyter" / "jupyter_server_config.d" / "zz-logiserve.json"
    server.parent.mkdir(parents=True, exist_ok=True)
    server.write_text(json.dumps({"ServerApp": {"jpserver_extensions": dict.fromkeys(TUTOR_SERVER_EXTENSIONS, False)}}))
    page = venv / "etc" / "jupyter" / "labconfig" / "page_config.json"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(json.dumps({"disabledExtensions": dict.fromkeys(TUTOR_LAB_PLUGINS, True)}, indent=2))

    args.exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(args.exchange, 0o777)  # nbgrader's filesystem exchange: everyone may create their entries

    shutil.copy(HERE / "jupyterhub_config.py", hub / "jupyterhub_config.py")
    settings = {
        "venv": str(venv),
        "port": args.port,
        "proxy": args.proxy,
        "learners_group": args.learners_group,
        "tutors_group": args.tutors_group,
        "course_id": args.course_id,
    }
    (hub / "settings.json").write_text(json.dumps(settings, indent=2) + "\n")
    print(f"Installed. Start the hub as root:\n  cd {hub} && {venv}/bin/jupyterhub -f jupyterhub_config.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
