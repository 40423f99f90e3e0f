"""The course folder helpers and the command line."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from logiserve.cli import main
from logiserve.course import CourseError, assignments, build_learner_copy, course_dir, refresh_outputs


def test_course_dir_and_assignments():
    assert assignments(course_dir())[0] == "01_customers"


def test_course_dir_explains_a_missing_course(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(tmp_path))
    with pytest.raises(CourseError, match=r"nbgrader_config\.py is missing"):
        course_dir()
    assert main(["learner-copy", str(tmp_path / "lab")]) == 2


def test_learner_copy_is_the_release_and_never_overwrites_work(tmp_path):
    dest = tmp_path / "lab"
    first = build_learner_copy(course_dir(), dest)
    assert [(r.assignment, r.created) for r in first][:1] == [("01_customers", True)]
    notebook = dest / "01_customers" / "customers.ipynb"
    text = notebook.read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "WIDGET SOLUTION" not in text and "YOUR CODE HERE" in text
    assert (dest / "01_customers" / "exercises.yaml").exists()
    (dest / "01_customers" / "answers.json").write_text(json.dumps({"01_customers.x": 1}))
    notebook.write_text(text + " ")
    second = build_learner_copy(course_dir(), dest)
    assert [(r.assignment, r.created) for r in second][:1] == [("01_customers", False)]
    assert notebook.read_text() == text + " "
    assert json.loads((dest / "01_customers" / "answers.json").read_text()) == {"01_customers.x": 1}


def test_refresh_outputs_stores_outputs_and_leaves_no_answers(tmp_path):
    path = tmp_path / "demo.ipynb"
    nb = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    refresh_outputs(path)
    out = nbformat.read(path, 4)
    assert out.cells[0].outputs[0]["text"] == "42\n"
    assert "widgets" not in out.metadata
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.ipynb"]


def test_cli_datasets(capsys):
    assert main(["datasets"]) == 0
    assert capsys.readouterr().out.split() == ["complaints", "demand", "journey_feedback", "orders", "parties"]
    assert main(["datasets", "parties"]) == 0
    assert "inside_organisation" in capsys.readouterr().out
    assert main(["datasets", "partys"]) == 2
    assert "Did you mean 'parties'?" in capsys.readouterr().err


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("logiserve ")
