"""The course's marks by how they are earned: at most 35 % need code, and the README shows the split."""

from __future__ import annotations

from collections import Counter

from logiserve.course import Course
from logiserve.mark_split import CODE_SHARE_LIMIT, Split, course_split, problems

COURSE = Course.find()
README = (COURSE.root.parent / "README.md").read_text(encoding="utf-8")


def test_every_autograded_cell_says_how_it_is_answered():
    assert problems(COURSE) == []


def test_code_is_at_most_35_percent_of_the_course_s_marks():
    total = sum(course_split(COURSE).values(), Split(Counter()))
    assert total.total >= 150
    assert total.share("code") <= CODE_SHARE_LIMIT, total.row()
    assert total.points["widget"] + total.points["number"] + total.points["tutor"] >= 0.65 * total.total


def test_the_readme_shows_each_assignment_s_split_and_the_course_s():
    split = course_split(COURSE)
    for assignment, row in split.items():
        line = next(line for line in README.splitlines() if line.startswith(f"| `{assignment}` |"))
        assert row.row() in line, f"README's row for {assignment} shows {row.row()}"
    total = sum(split.values(), Split(Counter()))
    assert f"{total.row()} ({100 * total.share('code'):.0f} % code)" in README


def test_a_cell_that_does_not_say_counts_as_code(tmp_path):
    import shutil

    import nbformat

    course = tmp_path / "course"
    shutil.copytree(COURSE.root, course, ignore=shutil.ignore_patterns("release", "submitted", "autograded", "*.db"))
    (path,) = (course / "source" / "05_inventory").glob("*.ipynb")
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("logiserve", {}).get("answer") == "number")
    del cell.metadata["logiserve"]["answer"]
    nbformat.write(nb, path)
    before, after = course_split(COURSE)["05_inventory"], course_split(Course(course))["05_inventory"]
    points = cell.metadata["nbgrader"]["points"]
    assert after.points["code"] == before.points["code"] + points
    assert after.points["number"] == before.points["number"] - points
    assert any(cell.metadata["nbgrader"]["grade_id"] in p for p in problems(Course(course)))


def test_logiserve_marks_prints_the_split_and_checks_the_limit(capsys, monkeypatch):
    from logiserve import mark_split
    from logiserve.cli import main

    assert main(["marks", "--check"]) == 0
    out = capsys.readouterr().out
    total = sum(course_split(COURSE).values(), Split(Counter()))
    course_line = next(line for line in out.splitlines() if line.startswith("course "))
    assert course_line.split()[1:5] == [f"{total.points[k]:g}" for k in ("widget", "number", "code", "tutor")]
    assert course_line.endswith(f"{100 * total.share('code'):3.0f} %")
    monkeypatch.setattr(mark_split, "CODE_SHARE_LIMIT", 0.1)
    assert main(["marks", "--check"]) == 1
    assert "at most 10 %" in capsys.readouterr().out
