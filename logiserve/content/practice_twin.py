"""Practice twins: a graded code task's skill on other data, checked at once by the task's own check.

A twin is practice content (its key may be read by the learner: it is not the graded task's).
The learner stores an answer in the twin's ``answer`` variable and runs
:func:`logiserve.autograder.checks.check_practice`, which marks it with the check the graded
cell uses (``check``), at the graded cell's ``points`` and with its ``options``, and records the
try in ``answers.json`` (:func:`usable_answer` reads the record back).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._shared import check_syllabus_ids

__all__ = ["CHECKS", "KIND", "SCHEMA", "answer_labels", "check_content", "record", "usable_answer"]

KIND = "practice_twin"
SCHEMA = "practice_twin.schema.json"

CHECKS = {
    "number": "check_number",
    "method_step": "check_method_step",
    "series": "check_series",
    "names": "check_names",
    "text": "check_text",
    "pareto_chart": "check_pareto_chart",
    "sorter": "check_sorter",
}
"""Each ``check:`` name and the function of ``logiserve.autograder.checks`` it names."""

_EXPECTED = {
    "number": (int, float),
    "method_step": (int, float),
    "series": (dict,),
    "pareto_chart": (dict,),
    "names": (list,),
    "text": (str,),
    "sorter": (dict,),
}


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say: the expected answer's shape fits the check; slips only for method steps."""
    problems = check_syllabus_ids(prefix, content)
    check, expected = content["check"], content["expected"]
    if isinstance(expected, bool) or not isinstance(expected, _EXPECTED[check]):
        shape = {
            "number": "a number",
            "method_step": "a number",
            "series": "a mapping of group to number",
            "pareto_chart": "a mapping of cause to count",
            "names": "a list of names",
            "text": "a text",
            "sorter": "a mapping of item to category",
        }[check]
        problems.append(f"{prefix}.expected: a {check} check needs {shape}, found {type(expected).__name__}")
    elif not isinstance(expected, dict):
        pass
    elif check == "sorter" and not all(isinstance(v, str) for v in expected.values()):
        problems.append(f"{prefix}.expected: every value must be a category (a text)")
    elif check in ("series", "pareto_chart") and not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in expected.values()
    ):
        problems.append(f"{prefix}.expected: every value must be a number")
    if "slips" in content and check != "method_step":
        problems.append(f"{prefix}.slips: only a method_step check names slips")
    return problems


def record(saved: Any, points: float, max_points: float) -> dict[str, Any]:
    """What ``answers.json`` holds after a try: the best score so far and whether a try earned every point.

    A try that does no better leaves the record as it was, so running a notebook again (as
    ``nbgrader validate`` and autograding do) changes nothing in the learner's file.

    >>> record(None, 1.0, 2)
    {'best': 1.0, 'passed': False}
    >>> record({'best': 1.0, 'passed': False}, 2.0, 2)
    {'best': 2.0, 'passed': True}
    >>> record({'best': 2.0, 'passed': True}, 0.0, 2)
    {'best': 2.0, 'passed': True}
    """
    before, _ = usable_answer({}, saved)
    best = max(before.get("best", 0.0), float(points))
    return {"best": best, "passed": before.get("passed", False) or best >= max_points}


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """A twin's saved record: ``{"best", "passed"}`` (``{}`` when none), and what was dropped.

    >>> usable_answer({}, {"best": 1, "passed": True})
    ({'best': 1.0, 'passed': True}, '')
    >>> usable_answer({}, "nonsense")
    ({}, 'expected a record of practice tries, found str')
    """
    if saved is None:
        return {}, ""
    if not isinstance(saved, dict):
        return {}, f"expected a record of practice tries, found {type(saved).__name__}"
    best = saved.get("best")
    if not (isinstance(best, int | float) and not isinstance(best, bool) and best >= 0):
        return {}, "the practice record's best score is not a number"
    return {"best": float(best), "passed": saved.get("passed") is True}, ""


def answer_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """A twin's record has no items to name."""
    return {}
