"""A scenario's graph as its content rules read it: what is wrong with one step, and the loops of the graph.

Used by :func:`logiserve.content.scenario.check_content` (the scenario kind's content rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logiserve.complaints import PROCEDURE

from ._shared import repeated_ids

__all__ = ["loops", "step_problems"]


def step_problems(where: str, step: Mapping[str, Any], ids: list[str], known: str) -> list[str]:
    """What is wrong with one step at ``where``: its stage, its option ids, its options' count and where they lead."""
    problems: list[str] = []
    options = step.get("options", [])
    if "stage" in step and step["stage"] not in PROCEDURE:
        problems.append(
            f"{where}.stage: {step['stage']!r} is not a stage of the complaint procedure "
            f"(stages: {', '.join(PROCEDURE)})"
        )
    repeated = repeated_ids([option["id"] for option in options])
    if repeated:
        problems.append(f"{where}.options: option ids must be unique within a step; repeated: {', '.join(repeated)}")
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
    problems.extend(
        f"{where}.options[{number}].next: option {option['id']!r} leads to {option['next']!r}, "
        f"which is not a step (steps: {known})"
        for number, option in enumerate(options)
        if option["next"] not in ids
    )
    return problems


def loops(leads_to: dict[str, list[str]]) -> list[list[str]]:
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
