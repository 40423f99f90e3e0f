"""The parts of graded cells that item analysis looks at: widget items and method-mark steps.

Read in the tutor's process, never in a learner's kernel:

* a graded widget's key comes from the literal arguments of the check its hidden test cell calls
  in ``course/source/`` (where the key lives, and only there), its content from ``exercises.yaml``;
* each learner's answer from ``answers.json`` in ``autograded/<learner>/<assignment>/``, read as the
  widget restores it (:func:`logiserve.content.saved_exercise`);
* each item's mark from its kind's marking rule in :mod:`logiserve.content` (the rule the check
  scores by): :func:`~logiserve.content.sorter.item_marks`,
  :func:`~logiserve.content.sequencer.step_marks`, :func:`~logiserve.content.journey.rating_marks`,
  :func:`~logiserve.content.scenario.decision_marks`.

:func:`method_steps` finds the grade cells marked by ``check_method_step``, and the calculation
(the notebook's heading above them) each belongs to.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from logiserve.answer_store import ANSWERS_FILE, read_answers_file
from logiserve.content import ContentError, load_exercises, saved_exercise
from logiserve.content import journey as journey_kind
from logiserve.content import scenario as scenario_kind
from logiserve.content import sequencer as sequencer_kind
from logiserve.content import sorter as sorter_kind
from logiserve.course import Course

__all__ = ["WidgetCell", "method_steps", "widget_cells"]

_CHECKS = {
    "check_sorter": sorter_kind.KIND,
    "check_classification": sorter_kind.KIND,
    "check_sequence": sequencer_kind.KIND,
    "check_journey": journey_kind.KIND,
    "check_scenario": scenario_kind.KIND,
}
KIND_NAMES = {
    sorter_kind.KIND: "sorter item",
    sequencer_kind.KIND: "sequence step",
    journey_kind.KIND: "journey rating",
    scenario_kind.KIND: "role-play decision",
}
"""What one part of each kind is called on the page."""


@dataclass
class WidgetCell:
    """One graded widget cell's parts: each learner's mark and choice on each of its items.

    ``marks`` and ``choices`` are learners × items (item ids as columns, in the key's order);
    ``choices`` is empty for a sequence.  ``options``: the options an item offers (for a distractor
    analysis), ``right``: its right options, ``labels``/``option_labels``: names from the content.
    """

    exercise: str
    kind: str
    marks: pd.DataFrame
    choices: pd.DataFrame
    labels: dict[str, str]
    options: dict[str, tuple[str, ...]] = field(default_factory=dict)
    right: dict[str, tuple[str, ...]] = field(default_factory=dict)
    option_labels: dict[str, str] = field(default_factory=dict)


def _hidden_call(source: str) -> ast.Call | None:
    """The call of a widget check in a hidden test cell's source, or ``None``."""
    text = source.replace("### BEGIN HIDDEN TESTS", "").replace("### END HIDDEN TESTS", "")
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in _CHECKS:
            return node
    return None


def _literal(node: ast.AST | None) -> Any:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _read_answers(course: Course, learner: str, assignment: str) -> dict[str, Any]:
    answers, _ = read_answers_file(course.autograded(learner, assignment) / ANSWERS_FILE)
    return answers


def _content(folder: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path in sorted(folder.glob("exercises.y*ml")):
        try:
            out.update(load_exercises(path))
        except ContentError:
            continue
    return out


def widget_cells(course: Course, assignment: str, learners: list[str]) -> dict[tuple[str, str], WidgetCell]:
    """Every graded widget cell of ``assignment`` whose key its hidden test gives, keyed ``(notebook, grade_id)``."""
    folder = course.source(assignment)
    content = _content(folder)
    answers = {learner: _read_answers(course, learner, assignment) for learner in learners}
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            grading = cell.metadata.get("nbgrader", {})
            exercise = cell.metadata.get("logiserve", {}).get("exercise")
            if not grading.get("grade") or exercise not in content:
                continue
            call = _hidden_call(cell.source)
            if call is None or _CHECKS[getattr(call.func, "id", "")] != content[exercise].get("kind"):
                continue
            saved = {
                learner: saved_exercise(exercise, content[exercise], answers[learner].get(exercise)).answer
                for learner in learners
            }
            parts = _parts(exercise, content[exercise], call, saved)
            if parts is not None:
                out[(path.stem, grading["grade_id"])] = parts
    return out


def _keywords(call: ast.Call) -> dict[str, Any]:
    return {k.arg: _literal(k.value) for k in call.keywords if k.arg}


def _parts(exercise: str, content: Mapping[str, Any], call: ast.Call, saved: dict[str, Any]) -> WidgetCell | None:
    """The parts of one widget cell, by its kind; ``None`` when its key is not literal in the hidden test."""
    kind, args, keywords = content["kind"], [_literal(a) for a in call.args], _keywords(call)
    reader = _PARTS_OF.get(kind)
    return reader(exercise, content, args, keywords, saved) if reader else None


def _sorter_parts(
    exercise: str, content: Mapping[str, Any], args: list, keywords: dict, saved: dict
) -> WidgetCell | None:
    key = args[1] if len(args) > 1 else None
    if not isinstance(key, dict):
        return None
    learners = list(saved)
    marks = {learner: sorter_kind.item_marks(answer, key) for learner, answer in saved.items()}
    choices = {learner: {item: answer.get(item, "") for item in key} for learner, answer in saved.items()}
    categories = tuple(c["id"] for c in content["categories"])
    return WidgetCell(
        exercise,
        sorter_kind.KIND,
        _frame(marks, list(key), learners),
        _frame(choices, list(key), learners, ""),
        {i["id"]: i["label"] for i in content["items"]},
        dict.fromkeys(key, categories),
        {item: (category,) for item, category in key.items()},
        {c["id"]: c["label"] for c in content["categories"]},
    )


def _sequencer_parts(
    exercise: str, content: Mapping[str, Any], args: list, keywords: dict, saved: dict
) -> WidgetCell | None:
    order = args[1] if len(args) > 1 else None
    if not isinstance(order, list):
        return None
    orders = [order, *(keywords.get("also_right") or [])]
    stages = keywords.get("stages")
    accepted = (
        {step: [v] if isinstance(v, str) else list(v) for step, v in stages.items()}
        if isinstance(stages, dict)
        else None
    )
    marks = {
        learner: sequencer_kind.step_marks(answer.get("order", []), orders, answer.get("stages", {}), accepted)
        for learner, answer in saved.items()
    }
    steps = list(sequencer_kind.step_places(order))
    labels = {s["id"]: s["label"] for s in content["steps"]}
    return WidgetCell(exercise, sequencer_kind.KIND, _frame(marks, steps, list(saved)), pd.DataFrame(), labels)


def _journey_parts(
    exercise: str, content: Mapping[str, Any], args: list, keywords: dict, saved: dict
) -> WidgetCell | None:
    key = args[1] if len(args) > 1 else None
    if not isinstance(key, dict):
        return None
    learners = list(saved)
    marks = {learner: journey_kind.rating_marks(answer.get("ratings", {}), key) for learner, answer in saved.items()}
    choices = {learner: {tp: answer.get("ratings", {}).get(tp, "") for tp in key} for learner, answer in saved.items()}
    return WidgetCell(
        exercise,
        journey_kind.KIND,
        _frame(marks, list(key), learners),
        _frame(choices, list(key), learners, ""),
        journey_kind.answer_labels(content),
        dict.fromkeys(key, journey_kind.RATINGS),
        {tp: (rating,) for tp, rating in key.items()},
    )


def _scenario_parts(
    exercise: str, content: Mapping[str, Any], args: list, keywords: dict, saved: dict
) -> WidgetCell | None:
    scores = args[2] if len(args) > 2 else None
    if not isinstance(scores, dict):
        return None
    learners = list(saved)
    key = scenario_kind.scenario_key(content, scores)
    paths = {
        learner: [(entry.get("step"), entry.get("option")) for entry in answer.get("path", [])]
        for learner, answer in saved.items()
    }
    marks = {learner: scenario_kind.decision_marks(key, path) for learner, path in paths.items()}
    steps = [step for step, s in key.steps.items() if not s.ending]
    choices = {learner: {step: dict(path).get(step, "") for step in steps} for learner, path in paths.items()}
    best = {step: tuple(o for o, v in key.table[step].items() if v == max(key.table[step].values())) for step in steps}
    return WidgetCell(
        exercise,
        scenario_kind.KIND,
        _frame(marks, steps, learners),
        _frame(choices, steps, learners, ""),
        {step: f"{step} ({key.steps[step].stage})" if key.steps[step].stage else step for step in steps},
        {step: tuple(key.steps[step].options) for step in steps},
        best,
    )


_PARTS_OF = {
    sorter_kind.KIND: _sorter_parts,
    sequencer_kind.KIND: _sequencer_parts,
    journey_kind.KIND: _journey_parts,
    scenario_kind.KIND: _scenario_parts,
}


def _frame(rows: dict[str, dict[str, Any]], columns: list[str], learners: list[str], fill: Any = 0.0) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index").reindex(index=learners, columns=columns).fillna(fill)


def method_steps(course: Course, assignment: str) -> dict[tuple[str, str], str]:
    """The grade cells whose hidden test marks a method step, keyed ``(notebook, grade_id)``, with their calculation.

    A calculation is named by the notebook's nearest heading (``#`` to ``###``) above the step.
    """
    out = {}
    for path in sorted(course.source(assignment).glob("*.ipynb")):
        heading = ""
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
                if first.startswith("#") and len(first) - len(first.lstrip("#")) <= 3:
                    heading = first.lstrip("#").strip()
                continue
            grading = cell.metadata.get("nbgrader", {})
            if grading.get("grade") and "check_method_step(" in cell.source:
                out[(path.stem, grading["grade_id"])] = heading
    return out
