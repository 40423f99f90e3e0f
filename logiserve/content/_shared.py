"""What the content rules of every exercise kind share: the error, feedback entries, syllabus ids."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from logiserve.errors import LogiserveError

__all__ = ["ContentError", "FeedbackEntry", "check_syllabus_ids", "feedback_entries", "repeated_ids"]


class ContentError(LogiserveError, ValueError):
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


def check_syllabus_ids(prefix: str, content: Mapping[str, Any]) -> list[str]:
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


def repeated_ids(ids: list[str]) -> list[str]:
    """The ids that appear more than once, sorted."""
    return sorted({x for x in ids if ids.count(x) > 1})
