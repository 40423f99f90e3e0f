"""The journey kind: the touchpoints of a customer journey rated, its moments of truth marked, notes written.

Its content rules (beyond its schema, ``schemas/journey.schema.json``) and its marking
rule, used by both the widget's practice feedback (:class:`logiserve.widgets.JourneyMap`) and
the graded check (:func:`logiserve.autograder.check_journey`): the ratings vocabulary
:data:`RATINGS`, which ratings and moment-of-truth marks are right (:func:`mark_journey`), when
a note counts (:data:`NOTE_MIN_CHARS`) and how the parts are weighted (:func:`journey_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "KIND",
    "NOTE_MIN_CHARS",
    "RATINGS",
    "SCHEMA",
    "WEIGHTS",
    "JourneyMarks",
    "check_content",
    "journey_weights",
    "mark_journey",
]

KIND = "journey"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "journey.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""

RATINGS = ("positive", "neutral", "negative")
"""The ratings a touchpoint of a journey map can have, in display order."""
NOTE_MIN_CHARS = 15
"""A journey-map improvement note counts towards ``min_notes`` from this many characters (after trimming)."""
WEIGHTS = {"ratings": 0.5, "critical": 0.3, "notes": 0.2}
"""The share of a journey map's points each part carries (see :func:`journey_weights`)."""


def journey_weights(*, critical: bool, notes: bool) -> dict[str, float]:
    """The weight of each part used; a part not used (no moments of truth, no notes) gives its weight to the ratings.

    >>> journey_weights(critical=True, notes=False)
    {'ratings': 0.7, 'critical': 0.3}
    """
    weights = dict(WEIGHTS)
    if not critical:
        weights["ratings"] += weights.pop("critical")
    if not notes:
        weights["ratings"] += weights.pop("notes")
    return weights


class JourneyMarks(NamedTuple):
    """A journey map answer marked touchpoint by touchpoint; each list in the key's order (``missed``: the moments')."""

    right: list[str]
    """Touchpoints given their right rating."""
    wrong: list[str]
    """Touchpoints given another rating."""
    unrated: list[str]
    """Touchpoints not rated."""
    found: list[str]
    """Moments of truth marked as such."""
    not_critical: list[str]
    """Touchpoints marked as moments of truth that are not one."""
    missed: list[str]
    """Moments of truth not marked."""
    written: list[str]
    """Touchpoints with a note."""
    counted: list[str]
    """Touchpoints whose note is long enough to count (:data:`NOTE_MIN_CHARS`)."""


def mark_journey(
    ratings: Mapping[str, str],
    critical: Sequence[str],
    notes: Mapping[str, str],
    key: Mapping[str, str],
    key_critical: Sequence[str],
) -> JourneyMarks:
    """Mark the ratings, moment-of-truth marks and notes of an answer against the key.

    ``key`` is the right rating of every touchpoint; ``key_critical`` the moments of truth.
    Touchpoints not in ``key`` are not marked.

    >>> mark_journey({"a": "positive", "b": "neutral"}, ["b"], {"a": "Call before you arrive."},
    ...              {"a": "positive", "b": "negative", "c": "neutral"}, ["c"])  # doctest: +NORMALIZE_WHITESPACE
    JourneyMarks(right=['a'], wrong=['b'], unrated=['c'], found=[], not_critical=['b'], missed=['c'],
                 written=['a'], counted=['a'])
    """
    right = [tp for tp in key if ratings.get(tp) == key[tp]]
    wrong = [tp for tp in key if tp in ratings and ratings[tp] != key[tp]]
    unrated = [tp for tp in key if tp not in ratings]
    marked = [tp for tp in key if tp in critical]
    found = [tp for tp in marked if tp in key_critical]
    not_critical = [tp for tp in marked if tp not in key_critical]
    missed = [tp for tp in key_critical if tp not in marked]
    written = [tp for tp in key if notes.get(tp, "").strip()]
    counted = [tp for tp in written if len(notes[tp].strip()) >= NOTE_MIN_CHARS]
    return JourneyMarks(right, wrong, unrated, found, not_critical, missed, written, counted)


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say about a journey's content: unique ids, notes asked for, feedback for wrong ratings."""
    problems: list[str] = check_syllabus_ids(prefix, content)
    touchpoints = content["touchpoints"]
    repeated = repeated_ids([t["id"] for t in touchpoints])
    if repeated:
        problems.append(f"{prefix}.touchpoints: ids must be unique; repeated: {', '.join(repeated)}")
    n = len(touchpoints)
    if content.get("min_notes", 0) > n:
        problems.append(f"{prefix}.min_notes: {content['min_notes']} is more than the {n} touchpoints of this journey")
    ratings = RATINGS
    for index, touchpoint in enumerate(touchpoints):
        where = f"{prefix}.touchpoints[{index}].feedback.rating"
        for rating in touchpoint.get("feedback", {}).get("rating", {}):
            if rating not in ratings:
                problems.append(f"{where}.{rating}: not a rating (ratings: {', '.join(ratings)})")
            elif rating == touchpoint.get("rating"):
                problems.append(
                    f"{where}.{rating}: feedback is for wrong ratings; "
                    "this is the touchpoint's right rating (use 'explain' instead)"
                )
    return problems
