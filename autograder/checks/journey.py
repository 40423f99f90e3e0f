"""The journey map's check: ratings, critical moments and notes, by the rule in :mod:`logiserve.content.journey`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logiserve._plain import NotPlain, describe, listing, plain_mapping_of_str, plain_str, plain_str_list
from logiserve.content.journey import (
    NOTE_MIN_CHARS,
    NOTE_MIN_WORDS,
    RATINGS,
    JourneyCredit,
    JourneyMarks,
    journey_credit,
    journey_weights,
    mark_journey,
    notes_about,
)

from ._common import plain_id_list, take, takes_back
from ._result import CheckResult

__all__ = ["NOTE_REASONS", "check_journey"]


def _plain_journey(value: Any) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """``(ratings, critical, notes)`` as plain values from the journey map's answer."""
    shape = (
        "the journey map's answer {'ratings': {touchpoint id: rating}, 'critical': [touchpoint ids], "
        "'notes': {touchpoint id: text}}"
    )
    if not isinstance(value, Mapping):
        raise NotPlain(f"expected {shape}, found {describe(value)}")
    pairs = dict.items(value) if isinstance(value, dict) else list(value.items())
    fields = {plain_str(key): val for key, val in pairs if isinstance(key, str)}
    if "ratings" not in fields:
        raise NotPlain(f"expected {shape}, found a mapping without 'ratings'")
    ratings_value = fields["ratings"]
    if not isinstance(ratings_value, Mapping):
        raise NotPlain(f"expected 'ratings' to map touchpoint ids to ratings, found {describe(ratings_value)}")
    critical_value = fields.get("critical", [])
    critical = plain_id_list(critical_value if critical_value is not None else [], "'critical'", "touchpoint")
    notes_value = fields.get("notes", {})
    if notes_value is None:
        notes_value = {}
    if not isinstance(notes_value, Mapping):
        raise NotPlain(f"expected 'notes' to map touchpoint ids to text, found {describe(notes_value)}")
    return plain_mapping_of_str(ratings_value), critical, plain_mapping_of_str(notes_value)


def _checked_key(ratings: Mapping[str, str], critical: Any, min_notes: int) -> tuple[dict[str, str], list[str]]:
    """``(ratings, critical)`` of the key as plain values; ``ValueError`` if the key is not a journey's."""
    key = plain_mapping_of_str(ratings)
    if not key:
        raise ValueError("ratings must give the right rating of at least one touchpoint")
    if not isinstance(ratings, Mapping) or len(key) != len(ratings):
        raise ValueError("ratings must map touchpoint ids (text) to ratings (text)")
    odd = sorted(tp for tp, rating in key.items() if rating not in RATINGS)
    if odd:
        raise ValueError(f"ratings must be one of {', '.join(RATINGS)}; not for: {', '.join(odd)}")
    right_critical = plain_str_list(critical)
    if len(set(right_critical)) != len(right_critical) or any(tp not in key for tp in right_critical):
        raise ValueError("critical must name touchpoints of ratings, each once")
    if isinstance(min_notes, bool) or not isinstance(min_notes, int) or not 0 <= min_notes <= len(key):
        raise ValueError(f"min_notes must be a whole number from 0 to the number of touchpoints ({len(key)})")
    return key, right_critical


def _about(content: Mapping[str, Any] | None, labels: Mapping[str, str]) -> dict[str, str] | None:
    """What each touchpoint's note is read against: its name and evidence from ``content``, or its label."""
    if content is not None:
        touchpoints = [
            {key: plain_str(tp.get(key, "")) for key in ("id", "label", "evidence")} for tp in content["touchpoints"]
        ]
        return notes_about(touchpoints)
    return dict(labels) if labels else None


NOTE_REASONS = {
    "short": f"Too short to count (under {NOTE_MIN_CHARS} characters): {{}}.",
    "few words": (
        f"Too few words to count (a note needs {NOTE_MIN_WORDS} or more that say what to change, "
        "beyond words such as 'improve' or 'customer'): {}."
    ),
    "unrelated": "Not counted, as they name nothing of their touchpoint or its evidence: {}.",
    "copied": "Not counted, as they repeat their touchpoint's own words; say what you would change: {}.",
    "repeated": "Not counted, as each repeats a note on another touchpoint: {}.",
}
"""The learner's message for each reason a note does not count (:func:`logiserve.content.journey.note_problem`)."""


def _ratings_messages(
    marks: JourneyMarks, credit: JourneyCredit, n: int, name: Any, key: Mapping[str, str], reveal: bool
) -> list[str]:
    messages = [f"{len(marks.right)} of {n} ratings right."]
    if marks.wrong:
        if reveal:
            messages += [f"{name(tp)} is {key[tp]}." for tp in marks.wrong]
        else:
            messages.append(f"Look again at the rating of: {listing([name(tp) for tp in marks.wrong])}.")
        messages.append(
            f"Each wrong rating takes back {takes_back(credit.rating_weight)}, so that one rating for every "
            f"touchpoint earns nothing (one rating fits {credit.fits} of the {n})"
            + (": these ratings earn nothing." if credit.ratings == 0 else ".")
        )
    if marks.unrated:
        messages.append(f"Not rated: {listing([name(tp) for tp in marks.unrated])}.")
    return messages


def _critical_messages(
    marks: JourneyMarks, credit: JourneyCredit, k: int, name: Any, key: Mapping[str, str], reveal: bool
) -> list[str]:
    found, not_critical, missed = marks.found, marks.not_critical, marks.missed
    text = f"{len(found)} of {k} critical moments found"
    if not_critical:
        text += "; 1 marked that is not one" if len(not_critical) == 1 else f"; {len(not_critical)} marked that are not"
    messages = [text + "."]
    if not_critical and credit.mark_weight > 1:
        messages.append(
            f"Each touchpoint wrongly marked takes back {takes_back(credit.mark_weight)}, so that marking every "
            "touchpoint earns nothing."
        )
    if reveal:
        messages += [f"{name(tp)} is a critical moment." for tp in missed]
        messages += [f"{name(tp)} is not a critical moment." for tp in not_critical]
    elif missed or not_critical:
        looked = [tp for tp in key if tp in missed or tp in not_critical]
        messages.append(f"Look again at whether these are critical moments: {listing([name(tp) for tp in looked])}.")
    return messages


def check_journey(
    answer: Any,
    ratings: Mapping[str, str],
    *,
    points: float,
    critical: Any = (),
    min_notes: int = 0,
    labels: Mapping[str, str] | None = None,
    content: Mapping[str, Any] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a customer journey map: the rating of each touchpoint, its critical moments and its notes, beyond guessing.

    With ``n`` touchpoints, ``k`` critical moments (``critical``) and ``min_notes`` notes asked for
    (:func:`logiserve.content.journey.journey_credit`):

    * ratings share = max(0, right - weight * wrong) / ``n``, where a wrong rating takes back
      ``m / (n - m)`` of a right one (``m``: the most touchpoints one rating fits), so one rating
      for every touchpoint earns nothing; a touchpoint not rated costs nothing;
    * critical moments share = max(0, critical moments marked - touchpoints marked that are not
      one) / ``k`` (a wrong mark takes back more than one when critical moments are most of the
      journey), so marking every touchpoint earns nothing;
    * notes share = min(1, touchpoints whose note counts / ``min_notes``).  A note counts when it
      has :data:`NOTE_MIN_CHARS` characters or more and :data:`~logiserve.content.journey.NOTE_MIN_WORDS`
      words that say something (not "improve", "better", "customer" ...), is not the same as a note
      on another touchpoint, and, when the touchpoints' words are known (``content``, else
      ``labels``), names something of its touchpoint or its evidence in words of its own
      (:func:`logiserve.content.journey.note_problem`).

    The score is ``points * (0.5 * ratings + 0.3 * critical moments + 0.2 * notes)``.  A
    part that is not used (no critical moments, ``min_notes=0``) gives its weight to the
    ratings, so without both the ratings carry all the points.  Touchpoints not in the
    exercise are ignored (the messages say so); ratings other than positive, neutral
    and negative are simply wrong.

    **Expected score under guessing** (``tests/validity`` plays the course's journey; its table is
    ``docs/validity.md``): one rating for every touchpoint, or every touchpoint marked, earns 0;
    random ratings and marks about 3 % of the points (luck above the weights); filler notes (15
    characters of anything, a general sentence, the touchpoint's name in a general sentence, the
    evidence copied out) earn nothing.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"ratings": {touchpoint_id: rating}, "critical": [touchpoint ids],
        "notes": {touchpoint_id: text}}`` (e.g. ``journey.answer``); ``critical`` and ``notes``
        may be left out.
    ratings:
        The right rating of every touchpoint, ``{touchpoint_id: "positive" | "neutral" | "negative"}``.
    points:
        What the exercise is worth.
    critical:
        The touchpoints that are critical moments.
    min_notes:
        How many touchpoints the learner is asked to write an improvement note for.
    labels:
        Display names for touchpoints, for the messages (and the words a note is read against,
        without ``content``).
    content:
        The exercise's content (as :func:`logiserve.content.load_exercises` gives it): each note is
        read against its touchpoint's label and evidence.
    reveal:
        Name the right rating and critical-moment flag of the touchpoints to look at
        again (practice); by default the messages only name those touchpoints (graded).

    Examples
    --------
    >>> key = {"call": "positive", "delivery": "negative", "invoice": "neutral", "pod": "neutral"}
    >>> given = {"ratings": {"call": "positive", "delivery": "negative"}, "critical": ["delivery"], "notes": {}}
    >>> result = check_journey(given, key, critical=["delivery"], points=10)
    >>> result.points  # 10 * (0.7 * 2/4 + 0.3 * 1/1)
    6.5
    >>> result.messages[0]
    '2 of 4 ratings right.'
    >>> check_journey({"ratings": dict.fromkeys(key, "neutral")}, key, points=10).points  # one rating for all
    0.0
    """
    key, right_critical = _checked_key(ratings, critical, min_notes)
    tp_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    given, refused = take(answer, _plain_journey, points, "rate the touchpoints of the journey")
    if refused:
        return refused
    given_ratings, given_critical, given_notes = given
    n, k = len(key), len(right_critical)

    def name(tp: str) -> str:
        return tp_label.get(tp, tp)

    unknown = {tp for tp in [*given_ratings, *given_critical, *given_notes] if tp not in key}
    marks = mark_journey(given_ratings, given_critical, given_notes, key, right_critical, _about(content, tp_label))
    credit = journey_credit(marks, key, right_critical, min_notes)
    messages = _ratings_messages(marks, credit, n, name, key, reveal)
    weights = journey_weights(critical=bool(k), notes=bool(min_notes))
    if k:
        messages += _critical_messages(marks, credit, k, name, key, reveal)
    if min_notes:
        counted = marks.counted
        touchpoints = "touchpoint" if len(counted) == 1 else "touchpoints"
        messages.append(f"Notes on {len(counted)} {touchpoints}; {min_notes} asked for.")
        for reason, text in NOTE_REASONS.items():
            which = [name(tp) for tp in key if marks.uncounted.get(tp) == reason]
            if which:
                messages.append(text.format(listing(which)))
    if unknown:
        messages.append(f"{len(unknown)} touchpoint(s) named are not in this exercise; ignored.")
    parts = {"ratings": "ratings", "critical": "critical moments", "notes": "notes"}
    messages.append("Weights: " + ", ".join(f"{parts[part]} {round(100 * w)}%" for part, w in weights.items()) + ".")
    shares = {"ratings": credit.ratings, "critical": credit.critical, "notes": credit.notes}
    score = points * sum(weights[part] * shares[part] for part in weights)
    return CheckResult(score, points, tuple(messages))
