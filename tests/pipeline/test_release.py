"""No graded answer key reaches a learner: the released course is scanned for every secret line."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from .conftest import ALL_ASSIGNMENTS, ASSIGNMENTS, REPO, is_practice

pytestmark = pytest.mark.pipeline

REGIONS = re.compile(r"### BEGIN (HIDDEN TESTS|SOLUTION|WIDGET SOLUTION|MARK SCHEME)\n(.*?)### END \1", re.DOTALL)


def secret_lines(assignment: str) -> set[str]:
    """Lines inside hidden tests, solutions and widget solutions of the source notebooks.

    A line that also stands in the public part of the source (e.g. a variable name the
    task text mentions) is not a secret, nor is a practice twin's solution (practice content,
    which its hints may show).
    """
    lines, public = set(), []
    for path in (REPO / "course" / "source" / assignment).glob("*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            if is_practice(cell):
                continue
            for match in REGIONS.finditer(cell.source):
                lines |= {line.strip() for line in match.group(2).splitlines() if len(line.strip()) >= 8}
            if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "markdown":
                lines |= {line.strip() for line in cell.source.splitlines() if len(line.strip()) >= 20}
            else:
                public.append(REGIONS.sub("", cell.source))
    public_text = "\n".join(public)
    return {line for line in lines if line not in public_text}


def released_text(folder: Path) -> dict[str, str]:
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            if path.suffix == ".ipynb":
                nb = nbformat.read(path, 4)
                out[str(path)] = (
                    "\n".join(c.source for c in nb.cells) + "\n" + str([c.get("outputs", []) for c in nb.cells])
                )
            else:
                out[str(path)] = path.read_text(errors="replace")
    return out


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_secret_line_is_released(course, assignment):
    secrets = secret_lines(assignment)
    assert len(secrets) >= 10, "the scan needs the source's secret lines to find"
    leaks = [
        (path, line)
        for path, text in released_text(course.release(assignment)).items()
        for line in secrets
        if line in text
    ]
    assert leaks == []


@pytest.mark.parametrize("assignment", ALL_ASSIGNMENTS)
def test_release_has_no_saved_answers_and_no_outputs(course, assignment):
    release = course.release(assignment)
    assert not list(release.rglob("answers*.json"))
    for path in release.glob("*.ipynb"):
        assert all(not c.get("outputs") for c in nbformat.read(path, 4).cells)


def test_the_scan_finds_a_planted_leak(course, tmp_path):
    secrets = secret_lines("01_customers")
    planted = tmp_path / "notes.txt"
    planted.write_text(f"copied from a friend:\n{sorted(secrets)[0]}\n")
    assert any(line in released_text(tmp_path)[str(planted)] for line in secrets)


def test_source_folders_hold_no_saved_answers():
    assert not list((REPO / "course" / "source").rglob("answers*.json"))


@pytest.mark.parametrize("assignment", ALL_ASSIGNMENTS)
def test_notebooks_store_no_widget_state(course, assignment):
    """Saved widget state would carry a graded widget's answer inside the notebook file."""
    for folder in (REPO / "course" / "source" / assignment, course.release(assignment)):
        for path in folder.glob("*.ipynb"):
            assert "widgets" not in nbformat.read(path, 4).metadata, path
