"""JupyterHub for the logiserve course on one machine: system users, their own JupyterLab, nbgrader.

``deploy/hub/install.py`` copies this file into ``PREFIX/hub/`` beside ``settings.json`` (what
the installer was told: the port, the groups, where the course's Python and the proxy are) and
the hub is started as root from there::

    cd PREFIX/hub && PREFIX/venv/bin/jupyterhub -f jupyterhub_config.py

- People sign in with their system account (PAM). Only members of the learners' or tutors'
  group may sign in.
- Each person's JupyterLab runs as that system user, in their home folder, from the course's
  Python (``PREFIX/venv``), so their files and kernels carry their own permissions.
- The hub, its proxy and every JupyterLab listen on 127.0.0.1 only; put a TLS-terminating
  reverse proxy (nginx, Caddy) in front to serve a college network.
- nbgrader's exchange folder, the course id and JupyterLab's settings come from
  ``PREFIX/venv/etc/jupyter`` and ``PREFIX/venv/share/jupyter``, written by the installer.
"""

import json
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
settings = json.loads((HERE / "settings.json").read_text())
venv = Path(settings["venv"])
port = int(settings["port"])

c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.get('hub_port', port + 1)}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.get('proxy_api_port', port + 2)}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.pid_file = str(HERE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{HERE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HERE / "jupyterhub_cookie_secret")

# who may sign in: system accounts in the course's groups
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False  # no login session (utmp, systemd-logind) for a web sign-in
c.LocalAuthenticator.allowed_groups = {settings["learners_group"], settings["tutors_group"]}

# each person's JupyterLab, as that system user
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
c.Spawner.environment = {
    "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
    # every kernel, validation and autograde sees the same course (see the README's Deploying section)
    "LOGISERVE_COURSE_ID": settings["course_id"],
}
