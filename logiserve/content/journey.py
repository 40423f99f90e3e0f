"""The journey kind: the touchpoints of a customer journey rated, its moments of truth marked, notes written.

Its content rules (beyond its schema, ``schemas/journey.schema.json``) and its marking
rule, used by both the widget's practice feedback (:class:`logiserve.widgets.JourneyMap`) and
the graded check (:func:`logiserve.autograder.check_journey`): the ratings vocabulary
:data:`RATINGS`, which ratings and moment-of-truth marks are right (:func:`mark_journey`), when
a note counts (:data:`NOTE_MIN_CHARS`) and how the parts are weighted (:func:`journey_weights`).
It also says what of a saved answer a journey map restores (:func:`usable_answer`, notes of at
most :data:`MAX_NOTE_CHARS`) and how its touchpoints are named (:func:`answer_labels`), so the
widget and the grader, which reads ``answers.json`` without building a widget, agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "KIND",
    "MAX_NOTE_CHARS",
    "NOTE_MIN_CHARS",
    "RATINGS",
    "SCHEMA",
    "WEIGHTS",
    "JourneyMarks",
    "answer_labels",
    "check_content",
    "journey_weights",
    "mark_journey",
    "usable_answer",
]

KIND = "journey"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "journey.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""

RATINGS = ("positive", "neutral", "negative")
"""The ratings a touchpoint of a journey map can have, in display order."""
NOTE_MIN_CHARS = 15
"""A journey-map improvement note counts towards ``min_notes`` from this many characters (after trimming)."""
MAX_NOTE_CHARS = 280
"""The longest improvement note (after trimming) an answer keeps."""
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


def _empty() -> dict[str, Any]:
    return {"ratings": {}, "critical": [], "notes": {}}


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """What of a saved answer a journey map of ``content`` restores, and what it drops.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when nothing.

    Returns
    -------
    tuple
        The answer ``{"ratings": {touchpoint id: rating}, "critical": [touchpoint ids],
        "notes": {touchpoint id: text}}``, each part in journey order: the ratings of the content's
        touchpoints that are one of :data:`RATINGS`, its touchpoints marked critical, and their
        notes trimmed, of at most :data:`MAX_NOTE_CHARS` characters (a blank note is left out
        without a word); ``{"ratings": {}, "critical": [], "notes": {}}`` when nothing is usable.
        And what was dropped, as words for the learner (``""`` when nothing was).

    Examples
    --------
    >>> content = {"touchpoints": [{"id": "first_call"}, {"id": "label"}]}
    >>> saved = {"ratings": {"label": "positive", "first_call": "great"}, "critical": ["first_call"],
    ...          "notes": {"first_call": " Call. "}}
    >>> usable_answer(content, saved)  # doctest: +NORMALIZE_WHITESPACE
    ({'ratings': {'label': 'positive'}, 'critical': ['first_call'], 'notes': {'first_call': 'Call.'}},
     '1 entry named unknown touchpoints or ratings, or held a note that is not text of at most 280 characters')
    >>> usable_answer(content, None)
    ({'ratings': {}, 'critical': [], 'notes': {}}, '')
    """
    if saved is None:
        return _empty(), ""
    if not isinstance(saved, dict):
        return _empty(), f"expected a journey map, found {type(saved).__name__}"
    order = [touchpoint["id"] for touchpoint in content["touchpoints"]]
    saved_ratings = saved.get("ratings", {})
    saved_critical = saved.get("critical", [])
    saved_notes = saved.get("notes", {})
    if not (isinstance(saved_ratings, dict) and isinstance(saved_critical, list) and isinstance(saved_notes, dict)):
        return _empty(), "expected ratings, moments of truth and notes"
    ratings = {k: v for k, v in saved_ratings.items() if k in order and v in RATINGS}
    critical = [tp for tp in order if tp in saved_critical]
    notes = {
        k: v.strip()
        for k, v in saved_notes.items()
        if k in order and isinstance(v, str) and 0 < len(v.strip()) <= MAX_NOTE_CHARS
    }
    blank = sum(isinstance(v, str) and not v.strip() for k, v in saved_notes.items() if k in order)
    skipped = len(saved_ratings) - len(ratings) + len(saved_critical) - len(critical)
    skipped += len(saved_notes) - len(notes) - blank
    kept = {
        "ratings": {tp: ratings[tp] for tp in order if tp in ratings},
        "critical": critical,
        "notes": {tp: notes[tp] for tp in order if tp in notes},
    }
    return kept, (
        f"{skipped} entr{'y' if skipped == 1 else 'ies'} named unknown touchpoints or ratings, "
        f"or held a note that is not text of at most {MAX_NOTE_CHARS} characters"
        if skipped
        else ""
    )


def answer_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """The touchpoints' labels by touchpoint id, in journey order (as the widget's ``labels`` gives them).

    >>> answer_labels({"touchpoints": [{"id": "first_call", "label": "First call"}, {"id": "label", "label": "Label"}]})
    {'first_call': 'First call', 'label': 'Label'}
    """
    return {touchpoint["id"]: touchpoint["label"] for touchpoint in content["touchpoints"]}


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
