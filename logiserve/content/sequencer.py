"""The sequencer kind: the steps of a process put in order, each given its stage when there are stages.

Its content rules (beyond its schema, ``schemas/sequencer.schema.json``) and its marking
rule, :func:`longest_run_in_order`, used by both the widget's practice feedback
(:class:`logiserve.widgets.StepSequencer`) and the graded check
(:func:`logiserve.autograder.check_sequence`), so the two always agree.  It also says in which
order the widget shows the steps to place (:func:`pool_order`), what of a saved answer a sequencer
restores (:func:`usable_answer`) and how its steps and stages are named (:func:`answer_labels`,
:func:`stage_labels`), so the widget and the grader, which reads ``answers.json`` without building
a widget, agree.
"""

from __future__ import annotations

import hashlib
import random
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "KIND",
    "SCHEMA",
    "answer_labels",
    "check_content",
    "longest_run_in_order",
    "pool_order",
    "stage_labels",
    "usable_answer",
]

KIND = "sequencer"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "sequencer.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""


def longest_run_in_order(sequence: list[str], order: list[str]) -> list[str]:
    """The longest part of ``sequence`` that follows ``order``, keeping the learner's sequence.

    Steps not in ``order`` are skipped, and a step placed twice counts at its first
    place.  When several runs are equally long, the same one is always chosen, so
    the widget's feedback and :func:`check_sequence` agree.

    Examples
    --------
    >>> longest_run_in_order(["a", "c", "b", "d", "e"], ["a", "b", "c", "d", "e"])
    ['a', 'b', 'd', 'e']
    >>> longest_run_in_order(["c", "b", "a"], ["a", "b", "c"])
    ['a']
    """
    rank = {step: index for index, step in enumerate(order)}
    seen: set[str] = set()
    steps: list[str] = []
    for step in sequence:
        if step in rank and step not in seen:
            seen.add(step)
            steps.append(step)
    # Patience sorting: tails[k] is the index (in steps) ending the best run of length k + 1.
    tails: list[int] = []
    tail_ranks: list[int] = []
    before: list[int] = [-1] * len(steps)
    for index, step in enumerate(steps):
        k = bisect_left(tail_ranks, rank[step])
        if k:
            before[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_ranks.append(rank[step])
        else:
            tails[k], tail_ranks[k] = index, rank[step]
    run: list[str] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(steps[index])
        index = before[index]
    return run[::-1]


def _empty() -> dict[str, Any]:
    return {"order": [], "stages": {}}


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """What of a saved answer a sequencer of ``content`` restores, and what it drops.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when nothing.

    Returns
    -------
    tuple
        The answer ``{"order": [step ids], "stages": {step id: stage id}}``: the content's
        steps in their saved order, each once (its first place), and the stages of the steps
        kept that name a stage of the content, in the order of the steps (``{"order": [],
        "stages": {}}`` when nothing is usable); and what was dropped, as words for the
        learner (``""`` when nothing was).

    Examples
    --------
    >>> content = {"steps": [{"id": "pick"}, {"id": "pack"}], "stages": [{"id": "warehouse"}]}
    >>> usable_answer(content, {"order": ["pack", "ghost", "pick", "pack"], "stages": {"pick": "warehouse"}})
    ({'order': ['pack', 'pick'], 'stages': {'pick': 'warehouse'}}, '2 entries named unknown steps or stages')
    >>> usable_answer(content, {"order": "pack"})
    ({'order': [], 'stages': {}}, 'expected a list of steps and their stages')
    >>> usable_answer(content, None)
    ({'order': [], 'stages': {}}, '')
    """
    if saved is None:
        return _empty(), ""
    if not isinstance(saved, dict):
        return _empty(), f"expected a step sequence, found {type(saved).__name__}"
    step_ids = {step["id"] for step in content["steps"]}
    stage_ids = {stage["id"] for stage in content.get("stages", [])}
    saved_order = saved.get("order", [])
    saved_stages = saved.get("stages", {})
    if not isinstance(saved_order, list) or not isinstance(saved_stages, dict):
        return _empty(), "expected a list of steps and their stages"
    order: list[str] = []
    for step in saved_order:
        if isinstance(step, str) and step in step_ids and step not in order:
            order.append(step)
    stages = {k: v for k, v in saved_stages.items() if k in order and isinstance(v, str) and v in stage_ids}
    skipped = len(saved_order) - len(order) + len(saved_stages) - len(stages)
    return {"order": order, "stages": {step: stages[step] for step in order if step in stages}}, (
        f"{skipped} entr{'y' if skipped == 1 else 'ies'} named unknown steps or stages" if skipped else ""
    )


def pool_order(content: Mapping[str, Any], *, exercise_id: str) -> list[str]:
    """The step ids in the order the widget's pool shows them: shuffled, fixed by ``exercise_id``.

    The shuffle is seeded by the exercise id, so every learner (and every restart) sees the
    same pool; it is never the right order (the steps' ``position``, or content order when the
    content gives no positions), unless there is only one step.

    >>> content = {"steps": [{"id": "a", "position": 1}, {"id": "b", "position": 2}]}
    >>> pool_order(content, exercise_id="02_service_cycle.demo")
    ['b', 'a']
    """
    steps = content["steps"]
    ids = [step["id"] for step in steps]
    positions = {step["id"]: step["position"] for step in steps if "position" in step}
    right = sorted(positions, key=positions.__getitem__) if positions else ids
    seed = int.from_bytes(hashlib.sha256(exercise_id.encode("utf-8")).digest()[:8], "big")
    out = list(ids)
    random.Random(seed).shuffle(out)
    if len(out) > 1 and out == right:
        out = out[1:] + out[:1]
    return out


def answer_labels(content: Mapping[str, Any], *, exercise_id: str) -> dict[str, str]:
    """The steps' labels by step id, in the pool's order (:func:`pool_order`), as the widget's ``labels`` gives them.

    >>> content = {"steps": [{"id": "a", "label": "Pick"}, {"id": "b", "label": "Pack"}]}
    >>> answer_labels(content, exercise_id="02_service_cycle.demo")
    {'b': 'Pack', 'a': 'Pick'}
    """
    label = {step["id"]: step["label"] for step in content["steps"]}
    return {step: label[step] for step in pool_order(content, exercise_id=exercise_id)}


def stage_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """The stages' labels by stage id, in content order (empty when the exercise has no stages).

    >>> stage_labels({"steps": [], "stages": [{"id": "warehouse", "label": "In the warehouse"}]})
    {'warehouse': 'In the warehouse'}
    """
    return {stage["id"]: stage["label"] for stage in content.get("stages", [])}


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say about a sequencer's content: unique ids, positions 1 to n, stages that exist."""
    problems: list[str] = check_syllabus_ids(prefix, content)
    steps = content["steps"]
    stage_ids = [s["id"] for s in content.get("stages", [])]
    for what, ids in (("stages", stage_ids), ("steps", [s["id"] for s in steps])):
        repeated = repeated_ids(ids)
        if repeated:
            problems.append(f"{prefix}.{what}: ids must be unique; repeated: {', '.join(repeated)}")
    return problems + _position_problems(prefix, steps) + _stage_problems(prefix, steps, stage_ids)


def _position_problems(prefix: str, steps: list[Mapping[str, Any]]) -> list[str]:
    """The steps' positions, where given, must be 1 to n, each used once."""
    problems: list[str] = []
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
    return problems


def _stage_problems(prefix: str, steps: list[Mapping[str, Any]], stage_ids: list[str]) -> list[str]:
    """Each step's stage and its stage feedback must name stages of the exercise (and there must be stages)."""
    problems: list[str] = []
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
