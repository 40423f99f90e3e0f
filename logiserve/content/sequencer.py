"""The sequencer kind: the steps of a process put in order, each given its stage when there are stages.

Its content rules (beyond its schema, ``schemas/sequencer.schema.json``) and its marking
rule, :func:`longest_run_in_order`, used by both the widget's practice feedback
(:class:`logiserve.widgets.StepSequencer`) and the graded check
(:func:`logiserve.autograder.check_sequence`), so the two always agree.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from ._shared import check_syllabus_ids, repeated_ids

__all__ = ["KIND", "SCHEMA", "check_content", "longest_run_in_order"]

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
