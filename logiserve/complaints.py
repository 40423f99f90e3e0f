"""Complaint handling: the procedure the course teaches, and the measures of a complaints log.

The procedure (``PROCEDURE``) is the order a complaint is handled in: log it, acknowledge
it, empathise, investigate, resolve, keep the customer informed, escalate when the SLA clock
or the handler's authority requires it, follow up, and learn from it.  ``LAST`` is the
learner's memory aid for the conversation itself.
"""

from __future__ import annotations

__all__ = ["LAST", "PROCEDURE"]

PROCEDURE: dict[str, str] = {
    "log": "Log the complaint",
    "acknowledge": "Acknowledge",
    "empathise": "Empathise",
    "investigate": "Investigate",
    "resolve": "Resolve",
    "inform": "Keep the customer informed",
    "escalate": "Escalate",
    "follow_up": "Follow up",
    "learn": "Learn and prevent",
}
"""The stages of the complaint procedure, by id, in the order they are taught."""

LAST: dict[str, str] = {
    "L": "Listen",
    "A": "Apologise",
    "S": "Solve",
    "T": "Thank",
}
"""The LAST memory aid: Listen, Apologise, Solve, Thank."""
