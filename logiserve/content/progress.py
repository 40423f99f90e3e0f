"""Progress panels: a notebook's outcomes with the practice behind them, and its graded exercises.

What the panel shows is worked out by :func:`progress_of` from what ``answers.json`` holds and
which answer variables the learner's kernel has, so the same rule serves the widget and a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["KIND", "SCHEMA", "Progress", "answer_labels", "check_content", "progress_of", "usable_answer"]

KIND = "progress"
SCHEMA = "progress.schema.json"


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """Graded entries named once each."""
    names = [entry.get("answer") or entry.get("exercise") for entry in content["graded"]]
    repeated = sorted({n for n in names if names.count(n) > 1})
    return [f"{prefix}.graded: each exercise once; repeated: {', '.join(repeated)}"] if repeated else []


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """A panel saves nothing."""
    return {}, ""


def answer_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """A panel has no items to name."""
    return {}


@dataclass(frozen=True)
class Progress:
    """What a progress panel lists.

    Attributes
    ----------
    outcomes:
        ``(outcome text, practice exercises tried, practice exercises in all)`` per learning outcome.
    answered, unanswered:
        The labels of the graded exercises with an answer so far, and without one.
    """

    outcomes: tuple[tuple[str, int, int], ...]
    answered: tuple[str, ...]
    unanswered: tuple[str, ...]


def _has_answer(value: Any) -> bool:
    if value is None or value is Ellipsis:
        return False
    if isinstance(value, dict | list | tuple | str):
        return bool(value)
    return True


def progress_of(content: Mapping[str, Any], saved: Mapping[str, Any], namespace: Mapping[str, Any]) -> Progress:
    """The panel's lists from the saved answers (``answers.json``) and the learner's variables.

    A practice exercise counts as tried when ``answers.json`` holds something for it (a widget's
    answer, a practice twin's tries). A graded widget is answered when its saved answer is not
    empty; a code answer when its variable exists and is not ``None`` or ``...``.

    >>> content = {"outcomes": [{"text": "Sort parties", "practice": ["01_customers.a", "01_customers.b"]}],
    ...            "graded": [{"label": "Step 1", "answer": "total"},
    ...                       {"label": "Sorter", "exercise": "01_customers.c"}]}
    >>> progress_of(content, {"01_customers.a": {"x": "y"}}, {"total": 3})
    Progress(outcomes=(('Sort parties', 1, 2),), answered=('Step 1',), unanswered=('Sorter',))
    """
    outcomes = tuple(
        (o["text"], sum(_has_answer(saved.get(p)) for p in o["practice"]), len(o["practice"]))
        for o in content["outcomes"]
    )
    answered: list[str] = []
    unanswered: list[str] = []
    for entry in content["graded"]:
        value = namespace.get(entry["answer"]) if "answer" in entry else saved.get(entry["exercise"])
        (answered if _has_answer(value) else unanswered).append(entry["label"])
    return Progress(outcomes, tuple(answered), tuple(unanswered))
