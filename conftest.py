"""Test-session set-up shared by every suite, the notebook (nbval) runs included."""

import os
import tempfile

# Source notebooks run under nbval save widget answers; never into course/source/
# (nbgrader would release the file and autograde would copy it over submissions).
os.environ.setdefault("LOGISERVE_ANSWERS_DIR", tempfile.mkdtemp(prefix="logiserve-nbval-answers-"))

# Source notebooks store the course's default variant (logiserve.variants): no learner id, even
# when the tests run on a hub (JUPYTERHUB_USER) or with a learner named for a preview.
os.environ.pop("JUPYTERHUB_USER", None)
os.environ.pop("LOGISERVE_LEARNER", None)
