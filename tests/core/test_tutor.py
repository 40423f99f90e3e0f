"""The tutor's commands, for real: init, release and collect through a temporary exchange, and their errors."""

from __future__ import annotations

import pytest

from logiserve.cli import main

pytestmark = pytest.mark.pipeline


def test_init_release_collect(tmp_path, capsys, monkeypatch):
    course, exchange = tmp_path / "course", tmp_path / "exchange"
    assert main(["init", str(course)]) == 0
    assert (course / "nbgrader_config.py").is_file()
    assert sorted(p.name for p in (course / "source").iterdir())[:2] == ["00_python_for_logistics", "01_customers"]
    assert not list((course / "source").rglob("answers*.json"))

    exchange.mkdir()
    monkeypatch.chdir(course)  # a tutor runs the commands from the course folder
    assert main(["release", "01_customers", "--exchange", str(exchange)]) == 0
    outbound = exchange / "logiserve-cs-l3" / "outbound" / "01_customers"
    assert (outbound / "customers.ipynb").is_file() and (outbound / "exercises.yaml").is_file()
    assert "released 01_customers (customers.ipynb)" in capsys.readouterr().out
    assert main(["release", "01_customers", "--exchange", str(exchange)]) == 0, "releasing again is safe"

    assert main(["collect", "01_customers", "--exchange", str(exchange)]) == 0
    assert "collected 0 submission(s) of 01_customers: none" in capsys.readouterr().out


def test_tutor_errors_are_explained(tmp_path, capsys, monkeypatch):
    course = tmp_path / "course"
    assert main(["init", str(course)]) == 0
    assert main(["init", str(course)]) == 2
    assert "already exists and is not empty" in capsys.readouterr().err

    monkeypatch.chdir(course)
    missing = tmp_path / "no-exchange"
    assert main(["release", "01_customers", "--exchange", str(missing)]) == 2
    assert f"The exchange folder {missing} does not exist" in capsys.readouterr().err

    (tmp_path / "exchange").mkdir()
    assert main(["release", "07_nothing", "--exchange", str(tmp_path / "exchange")]) == 2
    err = capsys.readouterr().err
    assert "There is no assignment '07_nothing'" in err and "01_customers, 02_service_cycle" in err
    assert main(["collect", "07_nothing", "--exchange", str(tmp_path / "exchange")]) == 2
