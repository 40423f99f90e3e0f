"""Every way a tutor collects goes through GuardedCollect: ``logiserve collect``, plain ``nbgrader collect``
from the course folder (formgrader's button calls the same API with the same config), and the hub's config.
"""

from __future__ import annotations

import importlib.util
import json
import os

import pytest
from traitlets.config import Config

from logiserve.cli import main
from logiserve.course import Course
from logiserve.exchange import GuardedCollect, Status, read_collect_log
from tests.pipeline.conftest import COURSE_ID, REPO
from tests.pipeline.conftest import Course as Pipeline

from .conftest import ASSIGNMENT, KEY, NOTEBOOK, chown_tree, notebook_text, outcome_of, when

pytestmark = pytest.mark.pipeline


def test_the_course_config_selects_the_guarded_collect():
    from nbgrader.apps.api import NbGraderAPI

    course = Course(REPO / "course")
    assert course.config.ExchangeFactory.collect == "logiserve.exchange.GuardedCollect"
    api = NbGraderAPI(coursedir=course.coursedir(), config=course.config)
    assert api.exchange.collect is GuardedCollect  # what formgrader's collect button runs


def test_the_hub_config_selects_the_guarded_collect(tmp_path):
    spec = importlib.util.spec_from_file_location("hub_install", REPO / "deploy" / "hub" / "install.py")
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    text = install.nbgrader_config(tmp_path / "exchange", COURSE_ID)
    config = Config()
    namespace = {"get_config": lambda: config}
    exec(compile("from traitlets.config import Config\n" + text, "nbgrader_config.py", "exec"), namespace)
    assert config.ExchangeFactory.collect == "logiserve.exchange.GuardedCollect"
    assert config.Exchange.root == str(tmp_path / "exchange")


def test_logiserve_collect_ends_with_the_table(exchange, users, capsys, monkeypatch):
    amira, ben = users.amira, users.ben
    own = exchange.submit(amira, when(-30), version="amira's own")
    forged = exchange.submit(amira, when(-5), version="written by ben")
    bens = exchange.submit(ben, when(-20))
    os.symlink(KEY, bens / "key.ipynb")
    chown_tree(own, users.uid(amira))
    chown_tree(forged, users.uid(ben))
    chown_tree(bens, users.uid(ben))
    huge = exchange.submit("cara", when(-5))
    for n in range(600):
        (huge / f"f{n}").write_text("")
    monkeypatch.chdir(exchange.course)
    monkeypatch.setenv("COLUMNS", "220")

    assert main(["collect", ASSIGNMENT, "--exchange", str(exchange.root)]) == 0
    out, err = capsys.readouterr()
    first, second, *rest = out.splitlines()
    assert first == f"collected 2 submission(s) of {ASSIGNMENT}: {', '.join(sorted([amira, ben]))}"
    assert second == (
        "this collect: 2 collected, 1 refused, 1 set aside; 1 entry left out "
        f"(recorded in {exchange.course / 'collect-log' / (ASSIGNMENT + '.json')})"
    )
    assert rest == [], "learners are named once on stdout, in the first line"
    rows = {" ".join(line.strip("│┃ ").split()) for line in err.splitlines() if "│" in line}
    size = sum((own / name).stat().st_size for name in (NOTEBOOK, "answers.json", "submission_secret.txt"))
    assert f"{amira} │ collected │ {stamp_of(own)[:19]} │ 3 files, {size} bytes" in rows, rows
    assert f"{amira} │ set aside │ {stamp_of(forged)[:19]} │ submitted in {amira}'s name by {ben}" in rows
    link = f"key.ipynb: a symbolic link to '{KEY}'; only files and folders are collected"
    assert f"{ben} │ left out │ {stamp_of(bens)[:19]} │ {link}" in rows
    over = "it holds more than 500 files and folders (GuardedCollect.max_entries)"
    assert f"cara │ refused │ {stamp_of(huge)[:19]} │ {over}" in rows
    assert "2 collected, 1 refused, 1 set aside; 1 entry left out" in err


def test_logiserve_collect_uses_the_guarded_collect_even_when_the_config_does_not(exchange):
    config = exchange.course / "nbgrader_config.py"
    config.write_text("\n".join(line for line in config.read_text().splitlines() if "ExchangeFactory" not in line))
    folder = exchange.submit("ada")
    os.symlink(KEY, folder / "key.ipynb")
    done = exchange.collect()
    assert [e.path for e in outcome_of(done.run, folder).left_out] == ["key.ipynb"]
    assert not (exchange.submitted("ada") / "key.ipynb").exists()


def stamp_of(folder) -> str:
    return folder.name.split("+")[2]


def _nbgrader(exchange) -> Pipeline:
    return Pipeline(exchange.course, exchange.root)


def test_plain_nbgrader_collect_from_the_course_folder_goes_the_same_way(exchange, users):
    amira, ben = users.amira, users.ben
    own = exchange.submit(amira, when(-30), version="amira's own")
    (own / NOTEBOOK).unlink()
    os.symlink(KEY, own / NOTEBOOK)
    os.mkfifo(own / "pipe")
    forged = exchange.submit(amira, when(-5), version="written by ben")
    chown_tree(own, users.uid(amira))
    chown_tree(forged, users.uid(ben))
    deep = exchange.submit(ben, when(-5), files={"a/b/c/d/e/f.txt": "deep"})
    chown_tree(deep, users.uid(ben))

    run = _nbgrader(exchange).nbgrader("collect", ASSIGNMENT, "--update")
    log = run.stdout + run.stderr
    assert f"{forged.name}: set aside (submitted in {amira}'s name by {ben})" in log
    assert f"{own.name}: left out {NOTEBOOK}: a symbolic link to '{KEY}'" in log
    assert f"{deep.name}: refused (its folders are nested more than 4 deep" in log

    latest = read_collect_log(exchange.course, ASSIGNMENT).latest
    assert {o.folder: o.status for o in latest.outcomes} == {
        own.name: Status.COLLECTED,
        forged.name: Status.SET_ASIDE,
        deep.name: Status.REFUSED,
    }
    assert sorted(e.path for e in outcome_of(latest, own).left_out) == [NOTEBOOK, "pipe"]
    assert sorted(p.name for p in exchange.submitted(amira).iterdir()) == [
        "answers.json",
        "submission_secret.txt",
        "timestamp.txt",
    ]
    assert not exchange.submitted(ben).exists()

    again = _nbgrader(exchange).nbgrader("collect", ASSIGNMENT)  # without --update: nothing is replaced
    assert f"{own.name}: unchanged (already collected)" in again.stdout + again.stderr


def test_a_submission_made_by_nbgrader_submit_is_collected(exchange, tmp_path):
    """The names and files nbgrader's own submit writes are read as they are; a link added later is left out."""
    nbgrader = _nbgrader(exchange)
    nbgrader.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    nbgrader.nbgrader("release_assignment", ASSIGNMENT, "--force")
    home = tmp_path / "home"
    home.mkdir()
    cache = f"--Exchange.cache={tmp_path / 'cache'}"
    nbgrader.nbgrader("fetch_assignment", ASSIGNMENT, f"--course={COURSE_ID}", cache, cwd=home)
    (home / ASSIGNMENT / NOTEBOOK).write_text(notebook_text("ada", "fetched and submitted"))
    nbgrader.nbgrader("submit", ASSIGNMENT, f"--course={COURSE_ID}", "--student=ada", cache, cwd=home)
    (folder,) = exchange.inbound.iterdir()
    os.symlink(KEY, folder / "key.ipynb")  # the inbound folder is writable by all (nbgrader makes it 0777)

    done = exchange.collect()
    outcome = outcome_of(done.run, folder)
    assert outcome.status == Status.COLLECTED and [e.path for e in outcome.left_out] == ["key.ipynb"]
    assert (exchange.submitted("ada") / NOTEBOOK).read_text() == notebook_text("ada", "fetched and submitted")
    assert (exchange.submitted("ada") / "timestamp.txt").read_text() == (folder / "timestamp.txt").read_text()
    assert (exchange.submitted("ada") / "exercises.yaml").is_file()
    record = json.loads((exchange.course / "collect-log" / f"{ASSIGNMENT}.json").read_text())
    assert record["runs"][-1]["outcomes"][0]["left_out"] == [
        {"path": "key.ipynb", "reason": f"a symbolic link to '{KEY}'; only files and folders are collected"}
    ]
