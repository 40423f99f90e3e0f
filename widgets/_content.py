"""Exercise content: data files a course author edits, checked against a schema.

An assignment keeps its exercises in one YAML (or JSON) file beside the notebook::

    exercises:
      01_customers.who_do_we_serve:
        kind: category_sorter
        mode: practice
        ...

Each exercise is checked against the JSON Schema of its ``kind`` (in
``logiserve/widgets/schemas/``) and then for what a schema cannot say (unique ids,
keys that name real categories or stages, positions that run 1 to n, notes asked for
that the journey has touchpoints for, a scenario whose every step is reachable and
whose every path ends).  Every problem is reported at once, naming the file, the
exercise and the field.  A schema may give a failing rule its own message with the
annotation ``errorMessage`` (as ajv-errors does); jsonschema itself ignores it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from logiserve import _jsonschema
from logiserve.autograder.checks import walk_scenario
from logiserve.complaints import PROCEDURE
from logiserve.variants import VariantError, parameters_from

__all__ = [
    "EXERCISE_ID_PATTERN",
    "ContentError",
    "FeedbackEntry",
    "feedback_entries",
    "load_exercises",
    "validate_exercise",
]

EXERCISE_ID_PATTERN = re.compile(r"^\d\d_[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
KINDS = ("category_sorter", "step_sequencer", "journey_map", "scenario")


class ContentError(ValueError):
    """An exercise content file is broken; the message lists every problem found.

    In a notebook, IPython shows the message alone (no traceback): the learner
    cannot fix course files, but can tell their tutor exactly what is wrong.
    """

    def _render_traceback_(self) -> list[str]:
        return [
            "\x1b[31mThis exercise could not be loaded.\x1b[0m",
            *str(self).splitlines(),
            "Nothing you saved was changed. Please tell your tutor, and include the lines above.",
        ]


@cache
def _schema(kind: str) -> dict[str, Any]:
    text = resources.files("logiserve.widgets").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validate_exercise(exercise_id: str, content: Any, source: str = "<content>") -> list[str]:
    """Every problem with one exercise's content, as readable lines (empty when fine)."""
    prefix = f"{source}: {exercise_id}"
    if not EXERCISE_ID_PATTERN.match(exercise_id):
        return [f"{prefix}: the exercise id must look like 'NN_topic.name' (e.g. '01_customers.classify')"]
    if not isinstance(content, Mapping):
        return [f"{prefix}: expected a mapping of fields, found {type(content).__name__}"]
    kind = content.get("kind")
    if kind not in KINDS:
        return [f"{prefix}.kind: {kind!r} is not a known exercise kind (known: {', '.join(KINDS)})"]
    validator = _jsonschema.validator(_schema(kind))
    problems = [
        f"{prefix}.{_where(error.absolute_path)}: {_message(error)}"
        for error in sorted(validator.iter_errors(content), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    if kind == "step_sequencer":
        return _check_sequencer(prefix, content)
    if kind == "journey_map":
        return _check_journey(prefix, content)
    if kind == "scenario":
        return _check_scenario(prefix, content)
    return _check_sorter(prefix, content)


def _message(error: Any) -> str:
    """The schema's own ``errorMessage`` for the rule that failed, else jsonschema's message."""
    custom = error.schema.get("errorMessage") if isinstance(error.schema, Mapping) else None
    return custom or error.message


class FeedbackEntry(NamedTuple):
    """One feedback entry of an exercise's content (for messages and the syllabus coverage)."""

    where: str
    """Its field path, e.g. ``items[1].feedback.external``, ``steps[0].feedback.stage.transaction``,
    ``touchpoints[2].feedback.rating.neutral`` or ``steps[0].options[1].feedback``."""
    owner: str
    """The id of the item, step or touchpoint it belongs to (for a scenario's option: its step)."""
    case: str
    """When it is shown: a wrong category id, ``out_of_order``, ``stage <wrong stage id>``,
    ``rating <wrong rating>``, ``critical`` (a wrong moment-of-truth mark) or ``option <option id>``
    (a scenario's response, after the conversation)."""
    feedback: Mapping[str, Any]
    """The entry itself: ``message`` and, optionally, ``misconception``."""


def feedback_entries(content: Mapping[str, Any]) -> list[FeedbackEntry]:
    """Every feedback entry of an exercise of any kind, in file order."""
    entries: list[FeedbackEntry] = []
    for index, item in enumerate(content.get("items", [])):
        for category, feedback in item.get("feedback", {}).items():
            entries.append(FeedbackEntry(f"items[{index}].feedback.{category}", item["id"], category, feedback))
    for index, step in enumerate(content.get("steps", [])):
        feedback = step.get("feedback", {})
        if "out_of_order" in feedback:
            where = f"steps[{index}].feedback.out_of_order"
            entries.append(FeedbackEntry(where, step["id"], "out_of_order", feedback["out_of_order"]))
        for stage, entry in feedback.get("stage", {}).items():
            entries.append(FeedbackEntry(f"steps[{index}].feedback.stage.{stage}", step["id"], f"stage {stage}", entry))
        for number, option in enumerate(step.get("options", [])):
            if "feedback" in option:
                where = f"steps[{index}].options[{number}].feedback"
                entries.append(FeedbackEntry(where, step["id"], f"option {option['id']}", option["feedback"]))
    for index, touchpoint in enumerate(content.get("touchpoints", [])):
        feedback = touchpoint.get("feedback", {})
        for rating, entry in feedback.get("rating", {}).items():
            where = f"touchpoints[{index}].feedback.rating.{rating}"
            entries.append(FeedbackEntry(where, touchpoint["id"], f"rating {rating}", entry))
        if "critical" in feedback:
            where = f"touchpoints[{index}].feedback.critical"
            entries.append(FeedbackEntry(where, touchpoint["id"], "critical", feedback["critical"]))
    return entries


def _check_syllabus_ids(prefix: str, content: Mapping[str, Any]) -> list[str]:
    from logiserve import syllabus

    known = syllabus.load()
    problems = [
        f"{prefix}.assesses: {entry_id!r} is not in the syllabus (logiserve/syllabus.yaml)"
        for entry_id in content.get("assesses", [])
        if entry_id not in known
    ]
    for entry in feedback_entries(content):
        entry_id = entry.feedback.get("misconception")
        if entry_id and entry_id not in known:
            problems.append(f"{prefix}.{entry.where}.misconception: {entry_id!r} is not in the syllabus")
    return problems


def _repeated(ids: list[str]) -> list[str]:
    return sorted({x for x in ids if ids.count(x) > 1})


def _check_sorter(prefix: str, content: Mapping[str, Any]) -> list[str]:
    problems: list[str] = _check_syllabus_ids(prefix, content)
    category_ids = [c["id"] for c in content["categories"]]
    item_ids = [i["id"] for i in content["items"]]
    for what, ids in (("categories", category_ids), ("items", item_ids)):
        repeated = sorted({x for x in ids if ids.count(x) > 1})
        if repeated:
            problems.append(f"{prefix}.{what}: ids must be unique; repeated: {', '.join(repeated)}")
    known = ", ".join(category_ids)
    for index, item in enumerate(content["items"]):
        if "answer" in item and item["answer"] not in category_ids:
            problems.append(
                f"{prefix}.items[{index}].answer: {item['answer']!r} is not a category of this exercise "
                f"(categories: {known})"
            )
        for category in item.get("feedback", {}):
            if category not in category_ids:
                problems.append(
                    f"{prefix}.items[{index}].feedback.{category}: not a category of this exercise "
                    f"(categories: {known})"
                )
            elif category == item.get("answer"):
                problems.append(
                    f"{prefix}.items[{index}].feedback.{category}: feedback is for wrong placements; "
                    "this is the item's right answer (use 'explain' instead)"
                )
    return problems


def _check_sequencer(prefix: str, content: Mapping[str, Any]) -> list[str]:
    problems: list[str] = _check_syllabus_ids(prefix, content)
    steps = content["steps"]
    stage_ids = [s["id"] for s in content.get("stages", [])]
    for what, ids in (("stages", stage_ids), ("steps", [s["id"] for s in steps])):
        repeated = _repeated(ids)
        if repeated:
            problems.append(f"{prefix}.{what}: ids must be unique; repeated: {', '.join(repeated)}")
    n = len(steps)
    positions = [step["position"] for step in steps if "position" in step]
    for index, step in enumerate(steps):
        if "position" in step and not 1 <= step["position"] <= n:
            problems.append(
                f"{prefix}.steps[{index}].position: {step['position']} is outside 1 to {n} (there are {n} steps)"
            )
    if positions:
        repeated_positions = sorted({p for p in positions if positions.count(p) > 1})
        missing = [p for p in range(1, n + 1) if p not in positions]
        if repeated_positions or missing:
            text = f"{prefix}.steps: positions must be 1 to {n}, each used once"
            if repeated_positions:
                text += f"; repeated: {', '.join(map(str, repeated_positions))}"
            if missing:
                text += f"; missing: {', '.join(map(str, missing))}"
            problems.append(text)
    known = ", ".join(stage_ids)
    for index, step in enumerate(steps):
        where = f"{prefix}.steps[{index}]"
        stage_feedback = step.get("feedback", {}).get("stage", {})
        if not stage_ids:
            if "stage" in step:
                problems.append(f"{where}.stage: this exercise has no stages; remove 'stage' or add 'stages'")
            if stage_feedback:
                problems.append(f"{where}.feedback.stage: this exercise has no stages; remove it or add 'stages'")
            continue
        if "stage" in step and step["stage"] not in stage_ids:
            problems.append(f"{where}.stage: {step['stage']!r} is not a stage of this exercise (stages: {known})")
        for stage in stage_feedback:
            if stage not in stage_ids:
                problems.append(f"{where}.feedback.stage.{stage}: not a stage of this exercise (stages: {known})")
            elif stage == step.get("stage"):
                problems.append(
                    f"{where}.feedback.stage.{stage}: feedback is for wrong stages; "
                    "this is the step's right stage (use 'explain' instead)"
                )
    return problems


def _check_journey(prefix: str, content: Mapping[str, Any]) -> list[str]:
    problems: list[str] = _check_syllabus_ids(prefix, content)
    touchpoints = content["touchpoints"]
    repeated = _repeated([t["id"] for t in touchpoints])
    if repeated:
        problems.append(f"{prefix}.touchpoints: ids must be unique; repeated: {', '.join(repeated)}")
    n = len(touchpoints)
    if content.get("min_notes", 0) > n:
        problems.append(f"{prefix}.min_notes: {content['min_notes']} is more than the {n} touchpoints of this journey")
    ratings = ("positive", "neutral", "negative")
    for index, touchpoint in enumerate(touchpoints):
        where = f"{prefix}.touchpoints[{index}].feedback.rating"
        for rating in touchpoint.get("feedback", {}).get("rating", {}):
            if rating not in ratings:
                problems.append(f"{where}.{rating}: not a rating (ratings: {', '.join(ratings)})")
            elif rating == touchpoint.get("rating"):
                problems.append(
                    f"{where}.{rating}: feedback is for wrong ratings; "
                    "this is the touchpoint's right rating (use 'explain' instead)"
                )
    return problems


def _check_scenario(prefix: str, content: Mapping[str, Any]) -> list[str]:
    problems: list[str] = _check_syllabus_ids(prefix, content)
    steps = content["steps"]
    ids = [step["id"] for step in steps]
    known = ", ".join(dict.fromkeys(ids))
    repeated = _repeated(ids)
    if repeated:
        problems.append(f"{prefix}.steps: ids must be unique; repeated: {', '.join(repeated)}")
    leads_to: dict[str, list[str]] = {}  # the graph: step id -> the steps its options lead to
    for index, step in enumerate(steps):
        where, options = f"{prefix}.steps[{index}]", step.get("options", [])
        if "stage" in step and step["stage"] not in PROCEDURE:
            problems.append(
                f"{where}.stage: {step['stage']!r} is not a stage of the complaint procedure "
                f"(stages: {', '.join(PROCEDURE)})"
            )
        repeated = _repeated([option["id"] for option in options])
        if repeated:
            problems.append(
                f"{where}.options: option ids must be unique within a step; repeated: {', '.join(repeated)}"
            )
        if step.get("ending"):
            if options:
                problems.append(
                    f"{where}: step {step['id']!r} is an ending, so it has no options "
                    "(remove them, or remove 'ending: true')"
                )
        elif len(options) < 2:
            problems.append(
                f"{where}: step {step['id']!r} needs at least 2 options to choose from (it has {len(options)}); "
                "a step where the conversation ends is marked 'ending: true'"
            )
        for number, option in enumerate(options):
            if option["next"] not in ids:
                problems.append(
                    f"{where}.options[{number}].next: option {option['id']!r} leads to {option['next']!r}, "
                    f"which is not a step (steps: {known})"
                )
        if step["id"] not in leads_to:
            leads_to[step["id"]] = [o["next"] for o in options if o["next"] in ids]
    start = content["start"]
    if start not in ids:
        problems.append(f"{prefix}.start: {start!r} is not a step of this scenario (steps: {known})")
    else:
        reached, waiting = {start}, [start]
        while waiting:
            for step_id in leads_to[waiting.pop()]:
                if step_id not in reached:
                    reached.add(step_id)
                    waiting.append(step_id)
        unreachable = [step_id for step_id in leads_to if step_id not in reached]
        if unreachable:
            problems.append(
                f"{prefix}.steps: not reachable from the start ({start!r}): {', '.join(unreachable)}; "
                "every step must lie on some path"
            )
    if not any(step.get("ending") for step in steps):
        problems.append(f"{prefix}.steps: no step is an ending; mark at least one with 'ending: true'")
    for loop in _loops(leads_to):
        problems.append(
            f"{prefix}.steps: the conversation loops back: {' → '.join(loop)}; a scenario moves forward, "
            "so no response may lead back to a step already passed"
        )
    if not problems and content["mode"] == "practice":
        best = walk_scenario((), content).best
        if best <= 0:
            problems.append(
                f"{prefix}.steps: the strongest path scores {best:g}; give the strongest responses "
                "positive scores, so that a learner can earn the points"
            )
    return problems


def _loops(leads_to: dict[str, list[str]]) -> list[list[str]]:
    """Each loop of a graph once, as the steps round it (the first step repeated at the end)."""
    loops: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    done: set[str] = set()
    trail: list[str] = []

    def visit(step_id: str) -> None:
        trail.append(step_id)
        for next_id in leads_to[step_id]:
            if next_id in trail:
                loop = [*trail[trail.index(next_id) :], next_id]
                if frozenset(loop) not in seen:
                    seen.add(frozenset(loop))
                    loops.append(loop)
            elif next_id not in done:
                visit(next_id)
        trail.pop()
        done.add(step_id)

    for step_id in leads_to:
        if step_id not in done:
            visit(step_id)
    return loops


def load_exercises(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Load and check an exercise content file.

    Parameters
    ----------
    path:
        A ``.yaml``/``.yml`` or ``.json`` file with a top-level ``exercises`` mapping
        of ``exercise_id`` to content (and, optionally, a ``variants`` block: each
        learner's numbers, see :mod:`logiserve.variants`, checked here too).

    Raises
    ------
    ContentError
        When the file is missing, unreadable or any exercise breaks its schema; the
        message lists every problem with the file, exercise and field.
    """
    path = Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(
            f"{path}: exercise file not found (looked in {Path.cwd()}); it belongs beside the notebook"
        ) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ContentError(f"{source}: not readable as {path.suffix.lstrip('.').upper()}: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("exercises"), Mapping):
        raise ContentError(f"{source}: expected a top-level 'exercises' mapping of exercise id to content")
    unknown = sorted(set(data) - {"exercises", "shared", "variants"})
    if unknown:
        raise ContentError(
            f"{source}: unknown top-level key(s) {', '.join(map(str, unknown))}; "
            "only 'exercises', 'variants' (each learner's numbers) and 'shared' (for YAML anchors) are read"
        )
    problems = [
        problem
        for exercise_id, content in data["exercises"].items()
        for problem in validate_exercise(str(exercise_id), content, source)
    ]
    if "variants" in data:
        try:
            parameters_from(data["variants"], source)
        except VariantError as exc:
            problems.extend(str(exc).splitlines())
    if problems:
        raise ContentError("\n".join(problems))
    return {str(k): dict(v) for k, v in data["exercises"].items()}
