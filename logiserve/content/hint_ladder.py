"""Hint ladders: hints for a graded code task, opened one rung at a time.

The rungs go from the idea to a skeleton: ``concept`` (the idea, in logistics words),
``method`` (how, in spreadsheet or pandas words), ``worked`` (a worked step on the practice
twin's data) and ``skeleton`` (code for the graded task with blanks). A ladder for a graded task
(with ``for``) has all four; the primer's may stop earlier. How far a learner climbed is saved in
``answers.json`` as ``{"opened": n}`` (:func:`usable_answer`); the tutor's report shows it. No
rung is ever the graded answer; the learner's own file says how far they climbed, so it never
changes a mark.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["KIND", "LEVELS", "SCHEMA", "answer_labels", "check_content", "opened", "usable_answer"]

KIND = "hint_ladder"
SCHEMA = "hint_ladder.schema.json"

LEVELS = {"concept": "the idea", "method": "the method", "worked": "a worked step", "skeleton": "a skeleton"}
"""The rungs, in the order they open, with the words the button uses."""


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """Rungs in the order of :data:`LEVELS`, each level once; all four on a graded task's ladder."""
    levels = [rung["level"] for rung in content["rungs"]]
    order = list(LEVELS)
    problems = []
    if levels != sorted(levels, key=order.index) or len(set(levels)) != len(levels):
        problems.append(f"{prefix}.rungs: the levels go {' → '.join(order)}, each once; found {' → '.join(levels)}")
    if "for" in content and levels != order:
        problems.append(f"{prefix}.rungs: a graded task's ladder has all four rungs ({', '.join(order)})")
    return problems


def opened(content: Mapping[str, Any], saved: Any) -> int:
    """How many rungs a saved answer has opened, within the ladder's length."""
    return usable_answer(content, saved)[0].get("opened", 0)


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, int], str]:
    """A ladder's saved record ``{"opened": n}`` (``{}`` when none), and what was dropped.

    >>> ladder = {"rungs": [{"level": "concept"}, {"level": "method"}]}
    >>> usable_answer(ladder, {"opened": 1})
    ({'opened': 1}, '')
    >>> usable_answer(ladder, {"opened": 9})
    ({'opened': 2}, '')
    >>> usable_answer(ladder, {"opened": "all"})
    ({}, 'expected how many hints were opened, found str')
    """
    if saved is None:
        return {}, ""
    count = saved.get("opened") if isinstance(saved, dict) else saved
    if not isinstance(count, int) or isinstance(count, bool):
        return {}, f"expected how many hints were opened, found {type(count).__name__}"
    return {"opened": max(0, min(count, len(content.get("rungs", ()))))}, ""


def answer_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """The rungs' names by level."""
    return {rung["level"]: LEVELS[rung["level"]] for rung in content.get("rungs", ())}
