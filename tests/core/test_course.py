"""The course folder helpers and the command line."""

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from logiserve.cli import main
from logiserve.course import Course, CourseError, assignments, build_learner_copy, course_dir, refresh_outputs


def test_course_dir_and_assignments():
    assert assignments(course_dir())[:2] == ["00_python_for_logistics", "01_customers"]
    graded = Course(course_dir()).graded_assignments()
    assert graded[0] == "01_customers" and "00_python_for_logistics" not in graded
    assert set(assignments(course_dir())) - set(graded) == {"00_python_for_logistics"}


def test_course_dir_explains_a_missing_course(tmp_path, monkeypatch):
    monkeypatch.setenv("LOGISERVE_COURSE_DIR", str(tmp_path))
    with pytest.raises(CourseError, match=r"nbgrader_config\.py is missing"):
        course_dir()
    assert main(["learner-copy", str(tmp_path / "lab")]) == 2


def test_learner_copy_is_the_release_and_never_overwrites_work(tmp_path):
    dest = tmp_path / "lab"
    first = build_learner_copy(course_dir(), dest)
    assert [(r.assignment, r.created) for r in first][:2] == [("00_python_for_logistics", True), ("01_customers", True)]
    notebook = dest / "01_customers" / "customers.ipynb"
    text = notebook.read_text()
    assert "BEGIN HIDDEN TESTS" not in text and "WIDGET SOLUTION" not in text and "YOUR CODE HERE" in text
    assert (dest / "01_customers" / "exercises.yaml").exists()
    (dest / "01_customers" / "answers.json").write_text(json.dumps({"01_customers.x": 1}))
    notebook.write_text(text + " ")
    second = build_learner_copy(course_dir(), dest)
    assert [(r.assignment, r.created) for r in second][:2] == [
        ("00_python_for_logistics", False),
        ("01_customers", False),
    ]
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
    assert capsys.readouterr().out.split() == [
        "complaints",
        "demand",
        "inbound",
        "journey_feedback",
        "lanes",
        "orders",
        "parties",
        "shipments",
    ]
    assert main(["datasets", "parties"]) == 0
    assert "inside_organisation" in capsys.readouterr().out
    assert main(["datasets", "partys"]) == 2
    assert "Did you mean 'parties'?" in capsys.readouterr().err


def test_cli_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("logiserve ")


# -- the course id: one source of truth -----------------------------------------------------------------------
def _course_with_id(root, course_id):
    """A course folder with 05_inventory's content and ``course_id`` in its nbgrader_config.py."""
    import shutil

    from logiserve.course import Course

    shutil.copytree(course_dir() / "source" / "05_inventory", root / "source" / "05_inventory")
    config = (course_dir() / "nbgrader_config.py").read_text()
    assert 'c.CourseDirectory.course_id = "logiserve-cs-l3"' in config
    (root / "nbgrader_config.py").write_text(config.replace('"logiserve-cs-l3"', repr(course_id)))
    return Course(root)


def _graded_numbers(course, learner, monkeypatch):
    """The numbers a kernel grading ``learner``'s 05_inventory in ``course`` works out."""
    import shutil

    from logiserve import variants

    folder = course.autograded(learner, "05_inventory")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(course.exercises_file("05_inventory"), folder)  # nbgrader copies the submission's files
    monkeypatch.chdir(folder)
    monkeypatch.setattr(variants, "_AUTOGRADED_HERE", {})
    return dict(variants.variant("05_inventory"))


def test_changing_the_course_id_in_the_config_changes_the_learner_numbers(tmp_path, monkeypatch, capsys):
    from logiserve import variants
    from logiserve.learner_variants import cohort_variants

    monkeypatch.delenv("LOGISERVE_COURSE_ID", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    course = _course_with_id(tmp_path / "course", "college-a-2026")
    first = _graded_numbers(course, "amira", monkeypatch)
    parameters = variants.load_parameters(course.exercises_file("05_inventory"))
    assert first == dict(variants.Variant.pick("05_inventory", parameters, learner="amira", course_id="college-a-2026"))
    assert cohort_variants(course, "05_inventory", ["amira"]).variants[0].values == first

    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text().replace("'college-a-2026'", "'college-b-2027'"))
    second = _graded_numbers(type(course)(course.root), "amira", monkeypatch)
    assert second != first
    expected = variants.Variant.pick("05_inventory", parameters, learner="amira", course_id="college-b-2027")
    assert second == dict(expected)

    assert main(["variants", "05_inventory", "--course", str(course.root), "--learner", "amira"]) == 0
    out = capsys.readouterr().out
    squeezed = "".join(out.split())  # rich folds a long path over lines
    assert "(courseidcollege-b-2027)" in squeezed and f"Courseidcollege-b-2027,from{config}." in squeezed
    assert main(["course", "--course", str(course.root)]) == 0
    assert f"college-b-2027 (from {config})" in capsys.readouterr().out

    monkeypatch.setenv("LOGISERVE_COURSE_ID", "override-2028")
    assert _graded_numbers(course, "amira", monkeypatch) == dict(
        variants.Variant.pick("05_inventory", parameters, learner="amira", course_id="override-2028")
    )
    assert main(["course", "--course", str(course.root)]) == 0
    assert "override-2028 (from LOGISERVE_COURSE_ID)" in capsys.readouterr().out


def test_a_config_without_a_course_id_gives_the_default(tmp_path, monkeypatch):
    from logiserve.course import DEFAULT_COURSE_ID, course_id_here

    monkeypatch.delenv("LOGISERVE_COURSE_ID", raising=False)
    course = _course_with_id(tmp_path / "course", "x")
    config = course.root / "nbgrader_config.py"
    config.write_text("\n".join(ln for ln in config.read_text().splitlines() if "course_id" not in ln))
    assert course.course_id.value == DEFAULT_COURSE_ID and course.course_id.source == "logiserve's default"
    assert course_id_here(course.source("05_inventory")).value == DEFAULT_COURSE_ID


def test_a_broken_course_config_is_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from logiserve.course import CourseError, course_id_here

    monkeypatch.delenv("LOGISERVE_COURSE_ID", raising=False)
    course = _course_with_id(tmp_path / "course", "x")
    config = course.root / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.CourseDirectory.course_id = undefined_name\n")
    with pytest.raises(CourseError, match=r"course settings in .*nbgrader_config\.py could not be read \(NameError"):
        course_id_here(course.source("05_inventory"))
    assert main(["course", "--course", str(course.root)]) == 2
    err = capsys.readouterr().err
    assert "could not be read (NameError" in err and "Traceback" not in err
