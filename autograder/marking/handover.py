"""The learner's kernel's side of marking: hand the answers a test reads out, as plain data.

While a notebook is graded, each test cell runs in the learner's kernel as one call::

    __import__("logiserve.autograder.marking.handover", fromlist=["hand_over"]).hand_over(globals(), ["otif_share"])

which publishes one output of type :data:`MIME` holding, for every name, its value as plain
data (:func:`~logiserve.autograder.marking.codec.encode`), or why it has none.  Nothing else the
kernel shows is read by the grader.  The call is the learner's kernel's to change like anything
else there; whatever it does, it can only hand over other answers, or none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .codec import NotPlainData, encode

__all__ = ["MIME", "hand_over", "payload", "stub"]

MIME = "application/vnd.logiserve.answers+json"
"""The output type of a handover."""


def payload(namespace: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """What :func:`hand_over` publishes: ``{"answers": {name: data}, "missing": [...], "unusable": {name: why}}``."""
    answers: dict[str, Any] = {}
    missing: list[str] = []
    unusable: dict[str, str] = {}
    for name in names:
        if name not in namespace:
            missing.append(name)
            continue
        try:
            answers[name] = encode(namespace[name])
        except NotPlainData as problem:
            unusable[name] = str(problem)
        except Exception as exc:  # noqa: BLE001  # a learner's object may raise anything when read
            unusable[name] = f"reading it raised {type(exc).__name__}"
    return {"answers": answers, "missing": missing, "unusable": unusable}


def hand_over(namespace: Mapping[str, Any], names: Sequence[str]) -> None:
    """Publish the answers ``names`` of ``namespace`` for the grader (see the module docstring)."""
    from IPython.display import publish_display_data

    publish_display_data({MIME: payload(namespace, names), "text/plain": f"Handed to the marker: {', '.join(names)}"})


def stub(names: Sequence[str]) -> str:
    """The code a test cell runs in the learner's kernel instead of its own: one :func:`hand_over` call."""
    return (
        "# Your answers are handed to the marker here; the marking runs outside your notebook.\n"
        f'__import__("{__name__}", fromlist=["hand_over"]).hand_over(globals(), {list(names)!r})'
    )
