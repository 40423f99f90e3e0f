"""Practice twins, checked at once in the learner's notebook by the graded task's own check.

:func:`check_practice` reads the twin's content (``logiserve.content.practice_twin``), takes the
learner's answer from the namespace passed in, marks it with the check the graded cell uses, at
the graded cell's points and with its options, prints what the learner reads and records the best
try in ``answers.json`` (only when it is better, so a notebook run again changes nothing there).
It marks practice only: nothing here reaches a grade, and its key is the twin's, never the
graded task's.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from logiserve.answer_store import AnswerStore, StoreError
from logiserve.content import ContentError, load_exercises
from logiserve.content import practice_twin as _content

from ._result import CheckResult
from .charts import check_pareto_chart
from .method import check_method_step
from .sorter import check_sorter
from .values import check_names, check_number, check_series, check_text

__all__ = ["check_practice", "mark_practice"]

_CHECKS: dict[str, Callable[..., CheckResult]] = {
    "number": check_number,
    "method_step": check_method_step,
    "series": check_series,
    "names": check_names,
    "text": check_text,
    "pareto_chart": check_pareto_chart,
    "sorter": check_sorter,
}


def mark_practice(content: Mapping[str, Any], answer: Any) -> CheckResult:
    """Mark a practice twin's answer as its graded cell's check marks an answer (no saving, no printing).

    >>> twin = {"check": "number", "points": 1, "expected": 42, "options": {"what": "the pallets"}}
    >>> print(mark_practice(twin, 42))
    Score: 1 / 1
    - Right: the pallets is 42.
    """
    options = dict(content.get("options", {}))
    if content["check"] == "method_step" and "slips" in content:
        options["slips"] = dict(content["slips"])
    if content["check"] == "sorter" and hasattr(answer, "items") and not isinstance(answer, dict):
        answer = dict(answer.items())  # a Series of categories by item, as the graded cells take it
    return _CHECKS[content["check"]](answer, content["expected"], points=content["points"], **options)


def check_practice(
    exercise_id: str,
    namespace: Mapping[str, Any],
    *,
    path: str | os.PathLike[str] = "exercises.yaml",
    store: AnswerStore | None = None,
) -> None:
    """Check a practice answer now, with the graded check's messages, and record the try.

    Parameters
    ----------
    exercise_id:
        The practice twin's id in the content file.
    namespace:
        Where the learner's answer variable is (pass ``globals()``).
    path:
        The content file (``exercises.yaml`` beside the notebook).
    store:
        Where the try is recorded; ``answers.json`` in the working directory by default.
    """
    exercises = load_exercises(path)
    content = exercises.get(exercise_id)
    if content is None or content["kind"] != _content.KIND:
        raise ContentError(f"{exercise_id!r} is not a practice twin in {path}")
    name = content["answer"]
    print(f"Practice (not marked): {content['title'].removeprefix('Practice: ')}")
    if name not in namespace:
        print(f"- Not answered yet: store your practice answer in `{name}` in the cell above, run it, then this cell.")
        return
    result = mark_practice(content, namespace[name])
    print(result)
    if result.passed:
        print("Well done: now try the graded task below." if "for" in content else "Well done.")
    else:
        helped = "for" in content and any(
            e["kind"] == "hint_ladder" and e.get("for") == content["for"] for e in exercises.values()
        )
        print("Try again as often as you like" + ("; the hints below can help." if helped else "."))
    store = store if store is not None else AnswerStore()
    try:
        saved = store.get(exercise_id)
        after = _content.record(saved, result.points, result.max_score)
        if after != _content.usable_answer(content, saved)[0]:  # running the notebook again writes nothing
            store.save(exercise_id, after)
    except StoreError as exc:
        print(f"(Your try could not be recorded for your progress panel: {exc})")
