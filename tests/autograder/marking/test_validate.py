"""``nbgrader validate`` (the learner's Validate button) shows what the grader's marking shows.

Validate runs in the learner's own JupyterLab, with the Jupyter config a hub installs
(``deploy/hub/install.py`` writes the same lines as here).  A cell that makes the kernel run
nothing (an input transformer) used to make every test cell look passed; with the marking
outside the kernel, the test cells' answers are simply not handed over.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests._cohort import ASSIGNMENT, NOTEBOOK
from tests.pipeline.conftest import clean_env

pytestmark = pytest.mark.pipeline

HUB_CONFIG = (
    "from logiserve.autograder.marking import autograde_steps, validate_here\n"
    "c = get_config()  # noqa: F821\n"
    "c.Autograde.autograde_preprocessors = autograde_steps()\n"
    "validate_here()\n"
)
SILENCER = 'get_ipython().input_transformers_post.append(lambda lines: ["pass\\n"])  # every later cell runs nothing'


def validate(folder: Path, config_dir: Path | None) -> str:
    env = clean_env()
    env["JUPYTER_CONFIG_DIR"] = str(config_dir or folder / ".no-config")
    run = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", NOTEBOOK],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return run.stdout + run.stderr


@pytest.fixture(scope="module")
def folders(cohort, tmp_path_factory):
    """A learner's copy of the blank release with the silencing cell first, and one of the answered submission."""
    root = tmp_path_factory.mktemp("validate")
    config = root / "jupyter"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(HUB_CONFIG)
    silenced = root / "silenced"
    shutil.copytree(cohort.release(ASSIGNMENT), silenced)
    nb = nbformat.read(silenced / NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(SILENCER))
    nbformat.write(nb, silenced / NOTEBOOK)
    answered = root / "answered"
    shutil.copytree(cohort.submission("ada", ASSIGNMENT), answered)
    return config, silenced, answered


def test_without_the_marking_step_a_silenced_blank_notebook_passes_every_code_test(folders):
    _config, silenced, _ = folders
    out = validate(silenced, None)
    # only the written answer, which no kernel runs, is found missing
    assert "VALIDATION FAILED ON 1 CELL(S)!" in out and "You did not provide a response." in out


def test_with_it_the_silenced_blank_notebook_fails_naming_the_answers_not_handed_over(folders):
    config, silenced, _ = folders
    out = validate(silenced, config)
    assert "VALIDATION FAILED ON 3 CELL(S)!" in out  # the two code answers and the written one
    assert "NotAnswered: internal_customers was not handed over" in out
    assert "NotAnswered: orders_by_type was not handed over" in out


def test_with_it_an_answered_notebook_passes_and_shows_the_same_shape_messages(folders):
    config, _, answered = folders
    assert "Success! Your notebook passes all the tests." in validate(answered, config)


REPLACER = (
    "import sys, types\n"
    "sys.modules['logiserve.autograder'] = types.ModuleType('logiserve.autograder')  # not a package any more\n"
)


def test_a_cell_that_replaces_the_marking_package_still_hands_the_answers_over(folders, tmp_path):
    """The handover is loaded before the first cell, in a kernel started from scratch too."""
    config, _, answered = folders
    folder = tmp_path / "replaced"
    shutil.copytree(answered, folder)
    nb = nbformat.read(folder / NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(REPLACER))
    nbformat.write(nb, folder / NOTEBOOK)
    out = validate(folder, config)
    assert "Success! Your notebook passes all the tests." in out, out[-2000:]
