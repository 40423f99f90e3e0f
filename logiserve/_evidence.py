"""What kind of evidence each marked cell of a notebook gives, read from what the cell is.

The kind comes from nbgrader's own cell metadata and from the code, never from names:

* an **autograder tests** cell (code, ``grade``, not ``solution``, worth ``points``) is *graded*
  evidence: its mark is decided by a check;
* a **manually graded answer** (``grade`` and ``solution``, Markdown or code) and a **manually
  graded task** (``task``) are *written* evidence: a tutor marks them against a rubric;
* a widget exercise is *graded* evidence only when an autograded test cell reads the widget that a
  read-only (``locked``) cell builds from it (``graded = CategorySorter.from_file("exercises.yaml",
  "01_customers.sort_the_parties")`` and ``check_sorter(graded.answer, ...)``); a practice exercise
  is *practice* evidence: it gives feedback and no marks.

:func:`read_notebook` returns the cells that declare syllabus ids, which graded widget exercises
each autograded test marks, and the authoring mistakes found on the way.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "GRADED",
    "KINDS_OF_EVIDENCE",
    "PRACTICE",
    "WRITTEN",
    "MarkedCell",
    "NotebookEvidence",
    "cell_kind",
    "read_notebook",
]

GRADED = "graded"
"""Autograded: an autograder tests cell, or a graded widget exercise such a cell marks."""
WRITTEN = "written"
"""Marked by a tutor: a manually graded answer (written, or a chart) or task."""
PRACTICE = "practice"
"""A practice exercise: instant feedback, no marks."""
KINDS_OF_EVIDENCE = (GRADED, WRITTEN, PRACTICE)
"""The kinds, strongest first."""


@dataclass(frozen=True)
class MarkedCell:
    """A cell nbgrader gives marks for, with what it declares it assesses."""

    ref: str
    kind: str
    evidence: str
    assesses: tuple[str, ...]


@dataclass
class NotebookEvidence:
    """What one notebook's marked cells are and what they assess."""

    cells: list[MarkedCell] = field(default_factory=list)
    marks: dict[str, list[str]] = field(default_factory=dict)
    """Graded widget exercise id -> the autograded test cells (refs) that read its widget."""
    problems: list[str] = field(default_factory=list)


def _meta(cell: Any) -> dict[str, Any]:
    return dict(cell.metadata.get("nbgrader", {}))


def cell_kind(cell: Any) -> tuple[str, str] | None:
    """``(description, evidence)`` of a cell nbgrader gives marks for; ``None`` for any other cell.

    >>> from nbformat.v4 import new_code_cell, new_markdown_cell
    >>> cell_kind(new_code_cell(metadata={"nbgrader": {"grade": True, "solution": False}}))
    ('autograded cell', 'graded')
    >>> cell_kind(new_code_cell(metadata={"nbgrader": {"grade": True, "solution": True}}))
    ('tutor-marked cell', 'written')
    >>> cell_kind(new_markdown_cell(metadata={"nbgrader": {"grade": True, "solution": True}}))
    ('written answer', 'written')
    >>> cell_kind(new_code_cell(metadata={"nbgrader": {"solution": True}})) is None  # an autograded answer
    True
    """
    meta = _meta(cell)
    if meta.get("task"):
        return "tutor-marked task", WRITTEN
    if not meta.get("grade"):
        return None
    if meta.get("solution"):
        return ("written answer" if cell.cell_type == "markdown" else "tutor-marked cell"), WRITTEN
    if cell.cell_type == "code":
        return "autograded cell", GRADED
    return "Markdown grade cell that is no answer", ""


def _python(source: str) -> ast.Module | None:
    """The cell's code as Python (lines starting with a magic read as blank); ``None`` if it is not Python."""
    for text in (source, "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n"))):
        try:
            return ast.parse(text)
        except SyntaxError:
            continue
    return None


def _widgets(cells: list[Any], exercise_ids: set[str]) -> dict[str, str]:
    """Name -> exercise id, for every widget a read-only code cell builds from the assignment's content."""
    found: dict[str, str] = {}
    for cell in cells:
        meta = _meta(cell)
        if cell.cell_type != "code" or not meta.get("locked") or meta.get("grade") or meta.get("solution"):
            continue
        tree = _python(cell.source)
        for node in tree.body if tree else []:
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
                continue
            if not isinstance(node.value, ast.Call):
                continue
            for arg in [*node.value.args, *(k.value for k in node.value.keywords)]:
                if isinstance(arg, ast.Constant) and arg.value in exercise_ids:
                    found[node.targets[0].id] = str(arg.value)
    return found


def _reads(source: str) -> set[str]:
    tree = _python(source)
    if tree is None:
        return set()
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def read_notebook(path: Path, assignment: str, exercises: Mapping[str, Mapping[str, Any]]) -> NotebookEvidence:
    """The marked cells of the notebook at ``path`` and the graded exercises its tests mark.

    ``exercises`` is the assignment's content (exercise id -> content, with its ``mode``).
    """
    notebook = nbformat.read(path, as_version=4)
    widgets = _widgets(notebook.cells, set(exercises))
    out = NotebookEvidence()
    for cell in notebook.cells:
        kind = cell_kind(cell)
        if kind is None:
            continue
        meta = _meta(cell)
        ref = f"{assignment}/{path.name}#{meta.get('grade_id')}"
        description, evidence = kind
        if not evidence:
            out.problems.append(f"{ref}: a Markdown grade cell must also be an answer (solution) for nbgrader")
            continue
        if not float(meta.get("points") or 0) > 0:
            out.problems.append(f"{ref}: a grade cell worth no points (nbgrader's points) is evidence of nothing")
            continue
        read = {widgets[name] for name in _reads(cell.source) if name in widgets} if evidence == GRADED else set()
        for exercise_id in sorted(read):
            if exercises[exercise_id].get("mode") == "graded":
                out.marks.setdefault(exercise_id, []).append(ref)
        declared = cell.metadata.get("logiserve", {})
        if "exercise" in declared:
            out.problems += _widget_test_problems(ref, evidence, str(declared["exercise"]), read, assignment, exercises)
            continue
        if not declared.get("assesses"):
            out.problems.append(
                f"{ref}: a grade cell must declare what it assesses (cell metadata logiserve.assesses, "
                "or logiserve.exercise for a widget's test)"
            )
            continue
        out.cells.append(MarkedCell(ref, description, evidence, tuple(declared["assesses"])))
    return out


def _widget_test_problems(
    ref: str, evidence: str, exercise_id: str, read: set[str], assignment: str, exercises: Mapping[str, Any]
) -> list[str]:
    """What is wrong with a cell that says it marks the widget exercise ``exercise_id`` (``logiserve.exercise``)."""
    if exercises.get(exercise_id, {}).get("mode") != "graded":
        return [f"{ref}: marks exercise {exercise_id!r}, which is not a graded exercise of {assignment}"]
    if evidence != GRADED:
        return [f"{ref}: names exercise {exercise_id!r}, but only an autograded test cell can mark a widget exercise"]
    if exercise_id not in read:
        return [
            f"{ref}: says it marks exercise {exercise_id!r}, but reads no widget that a read-only cell builds from it"
        ]
    return []
