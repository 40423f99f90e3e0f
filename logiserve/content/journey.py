"""The journey kind: the touchpoints of a customer journey rated, its critical moments marked, notes written.

Its content rules (beyond its schema, ``schemas/journey.schema.json``) and its marking
rule, used by both the widget's practice feedback (:class:`logiserve.widgets.JourneyMap`) and
the graded check (:func:`logiserve.autograder.check_journey`): the ratings vocabulary
:data:`RATINGS`, which ratings and critical-moment marks are right (:func:`mark_journey`), when
a note counts (:func:`note_problem`), how the parts are weighted (:func:`journey_weights`) and the
credit of each part beyond what guessing earns (:func:`journey_credit`).
It also says what of a saved answer a journey map restores (:func:`usable_answer`, notes of at
most :data:`MAX_NOTE_CHARS`) and how its touchpoints are named (:func:`answer_labels`), so the
widget and the grader, which reads ``answers.json`` without building a widget, agree.

**The order shown.**  Unlike a sorter's items or a sequencer's steps, a journey map's touchpoints
are not shuffled for each learner, in either mode: their order is the journey's chronology, which
is the content itself (a moment is read after the ones before it, and its impact adds to theirs),
and it is not what is marked (the ratings, the critical moments and the notes are, by touchpoint
id).  The rating choices keep the fixed order of :data:`RATINGS`, the same for every touchpoint, so
"the first choice" is one rating for everything, which :func:`journey_credit` already gives
nothing for beyond chance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from logiserve.chance import best_blind_guess, wrong_weight

from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "FILLER_WORDS",
    "KIND",
    "MAX_NOTE_CHARS",
    "NOTE_MIN_CHARS",
    "NOTE_MIN_WORDS",
    "NOTE_OWN_WORDS",
    "RATINGS",
    "SCHEMA",
    "WEIGHTS",
    "JourneyCredit",
    "JourneyMarks",
    "answer_labels",
    "check_content",
    "journey_credit",
    "journey_weights",
    "mark_journey",
    "note_problem",
    "notes_about",
    "rating_marks",
    "touchpoint_words",
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
NOTE_MIN_WORDS = 4
"""... and from this many different words that say something (3 letters or more, not :data:`FILLER_WORDS`)."""
NOTE_OWN_WORDS = 2
"""... of which this many are the note's own: not words of its touchpoint's name or evidence."""
_FILLER = """
    the and for are but not all any can had has have her his its our out was who will with you your yours
    this that these those them they their there then than here what when where which while why how also
    just very really quite more most less some each every other such only into onto from about over under
    been being were would could should must might may need needs shall does did done doing get gets got
    give gives make makes made let lets put use used try tried one two way ways thing things something
    anything everything nothing lot lots etc okay yes please thank thanks able sure well
    customer customers service services experience improve improved improves improvement improvements
    better best good great nice bad worse worst poor happy happier satisfied satisfaction quality overall
    touchpoint touchpoints moment moments truth journey next time times always never again
"""
FILLER_WORDS = frozenset(_FILLER.split())
"""Words that fit any note (and so show nothing about its touchpoint): they do not count as words of a note."""
MAX_NOTE_CHARS = 280
"""The longest improvement note (after trimming) an answer keeps."""
WEIGHTS = {"ratings": 0.5, "critical": 0.3, "notes": 0.2}
"""The share of a journey map's points each part carries (see :func:`journey_weights`)."""


def journey_weights(*, critical: bool, notes: bool) -> dict[str, float]:
    """The weight of each part used; a part not used (no critical moments, no notes) gives its weight to the ratings.

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
    """Critical moments marked as such."""
    not_critical: list[str]
    """Touchpoints marked as critical moments that are not one."""
    missed: list[str]
    """Critical moments not marked."""
    written: list[str]
    """Touchpoints with a note."""
    counted: list[str]
    """Touchpoints whose note counts (:func:`note_problem`)."""
    uncounted: dict[str, str]
    """Touchpoints whose note does not count, with why (one of :func:`note_problem`'s reasons)."""


def touchpoint_words(text: str) -> set[str]:
    """The words of ``text`` that say something, as compared in notes: 3 letters or more, not filler, first 5 letters.

    Words are compared by their first five letters, so "prices" meets "price" and "delivered" meets "delivery".

    >>> sorted(touchpoint_words("Check prices against Fresco's price file before the invoice is raised."))
    ['again', 'befor', 'check', 'file', 'fresc', 'invoi', 'price', 'raise']
    """
    words = re.findall(r"[a-z]+", text.lower())
    return {word[:5] for word in words if len(word) >= 3 and word not in FILLER_WORDS}


def _same_note(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def note_problem(note: str, about: str | None = None, earlier: Iterable[str] = ()) -> str:
    """Why an improvement note does not count, or ``""`` when it does.

    A note counts when it says something about its touchpoint, in words of its own:

    * ``"short"``: under :data:`NOTE_MIN_CHARS` characters (after trimming);
    * ``"repeated"``: the same note (ignoring case, spaces and punctuation) as an ``earlier`` one;
    * ``"few words"``: fewer than :data:`NOTE_MIN_WORDS` different words that say something (not
      :data:`FILLER_WORDS` such as "improve", "better", "customer");
    * with ``about`` (the touchpoint's name and evidence): ``"unrelated"`` when none of its words
      is a word of ``about``, and ``"copied"`` when fewer than :data:`NOTE_OWN_WORDS` of its words
      are not (the evidence copied out is not an improvement).

    No machine reads whether a note is a good idea: the tutor reads the notes.  These rules only
    keep filler from counting: 15 characters of anything, one sentence pasted on every touchpoint,
    a general sentence ("This could be improved for the customer."), or the evidence copied out.

    >>> about = "Invoice. Three invoice lines had the wrong price, and Fresco's accounts team had to query them."
    >>> note_problem("Check prices against Fresco's price file before the invoice is raised.", about)
    ''
    >>> note_problem("Improve the invoice for the customer next time.", about)
    'few words'
    >>> note_problem("Three invoice lines had the wrong price.", about)
    'copied'
    >>> note_problem("Ring goods-in an hour before the lorry arrives.", about)
    'unrelated'
    """
    text = note.strip()
    if len(text) < NOTE_MIN_CHARS:
        return "short"
    if _same_note(text) in {_same_note(other) for other in earlier}:
        return "repeated"
    words = touchpoint_words(text)
    if len(words) < NOTE_MIN_WORDS:
        return "few words"
    if about is not None:
        known = touchpoint_words(about)
        if not words & known:
            return "unrelated"
        if len(words - known) < NOTE_OWN_WORDS:
            return "copied"
    return ""


def notes_about(touchpoints: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """What each touchpoint's note is read against (:func:`note_problem`): its name and its evidence.

    >>> notes_about([{"id": "invoice", "label": "Invoice", "evidence": "Two lines had the wrong price."}])
    {'invoice': 'Invoice. Two lines had the wrong price.'}
    """
    return {str(tp["id"]): f"{tp.get('label', '')}. {tp.get('evidence', '')}" for tp in touchpoints}


def mark_journey(
    ratings: Mapping[str, str],
    critical: Sequence[str],
    notes: Mapping[str, str],
    key: Mapping[str, str],
    key_critical: Sequence[str],
    about: Mapping[str, str] | None = None,
) -> JourneyMarks:
    """Mark the ratings, critical-moment marks and notes of an answer against the key.

    ``key`` is the right rating of every touchpoint; ``key_critical`` the critical moments; ``about``
    the words of each touchpoint (its name and evidence) that its note is read against
    (:func:`note_problem`; without it a note is not compared with its touchpoint).  Touchpoints not
    in ``key`` are not marked.

    >>> mark_journey({"a": "positive", "b": "neutral"}, ["b"], {"a": "Call the goods-in team before you arrive."},
    ...              {"a": "positive", "b": "negative", "c": "neutral"}, ["c"])  # doctest: +NORMALIZE_WHITESPACE
    JourneyMarks(right=['a'], wrong=['b'], unrated=['c'], found=[], not_critical=['b'], missed=['c'],
                 written=['a'], counted=['a'], uncounted={})
    """
    right = [tp for tp in key if ratings.get(tp) == key[tp]]
    wrong = [tp for tp in key if tp in ratings and ratings[tp] != key[tp]]
    unrated = [tp for tp in key if tp not in ratings]
    marked = [tp for tp in key if tp in critical]
    found = [tp for tp in marked if tp in key_critical]
    not_critical = [tp for tp in marked if tp not in key_critical]
    missed = [tp for tp in key_critical if tp not in marked]
    written = [tp for tp in key if notes.get(tp, "").strip()]
    uncounted: dict[str, str] = {}
    for number, tp in enumerate(written):
        problem = note_problem(notes[tp], (about or {}).get(tp), [notes[other] for other in written[:number]])
        if problem:
            uncounted[tp] = problem
    counted = [tp for tp in written if tp not in uncounted]
    return JourneyMarks(right, wrong, unrated, found, not_critical, missed, written, counted, uncounted)


def rating_marks(ratings: Mapping[str, str], key: Mapping[str, str]) -> dict[str, float]:
    """Each touchpoint's rating mark by :func:`mark_journey`, for item analysis: 1 rated right, 0 otherwise.

    >>> rating_marks({"a": "positive", "b": "neutral"}, {"a": "positive", "b": "negative", "c": "neutral"})
    {'a': 1.0, 'b': 0.0, 'c': 0.0}
    """
    right = set(mark_journey(ratings, [], {}, key, []).right)
    return {tp: float(tp in right) for tp in key}


class JourneyCredit(NamedTuple):
    """Each part of a journey map's credit, 0 to 1, beyond what guessing earns, and the weights that make it so."""

    ratings: float
    """``max(0, right - rating_weight * wrong) / n``."""
    critical: float
    """``max(0, found - mark_weight * not_critical) / k`` (0 when the journey has no critical moments)."""
    notes: float
    """``min(1, counted notes / min_notes)`` (0 when no notes are asked for)."""
    rating_weight: Fraction
    """How much of a right rating a wrong one takes back: one rating for every touchpoint nets nothing."""
    fits: int
    """How many touchpoints one rating for every touchpoint gets right."""
    mark_weight: Fraction
    """How much of a moment found a wrongly ticked touchpoint takes back: at least 1, and so much that
    ticking every touchpoint nets nothing."""


def journey_credit(
    marks: JourneyMarks, key: Mapping[str, str], key_critical: Sequence[str], min_notes: int
) -> JourneyCredit:
    """The credit of each part of a marked journey map (see :class:`JourneyCredit`).

    A right rating earns ``1 / n`` of the ratings' part and a wrong one takes back
    ``m / (n - m)`` of that, ``m`` being the most touchpoints one rating fits, so one rating for
    every touchpoint earns nothing and random ratings about nothing; a touchpoint not rated costs
    nothing.  A touchpoint wrongly ticked as a critical moment takes back one moment found (more
    when critical moments are most of the journey), so ticking every touchpoint earns nothing.

    >>> key = {"a": "positive", "b": "positive", "c": "negative", "d": "neutral"}
    >>> marks = mark_journey(dict.fromkeys(key, "positive"), list(key), {}, key, ["c"])
    >>> journey_credit(marks, key, ["c"], 0)[:3]  # one rating for all, every touchpoint ticked, no notes asked
    (0.0, 0.0, 0.0)
    >>> given = {"a": "positive", "b": "positive", "c": "negative", "d": "positive"}
    >>> journey_credit(mark_journey(given, ["c"], {}, key, ["c"]), key, ["c"], 0)[:2]  # 3 right, 1 wrong: (3 - 1) / 4
    (0.5, 1.0)
    """
    n, k = len(key), len(key_critical)
    choices = [{rating} for rating in key.values()]
    rating_weight = wrong_weight(choices)
    mark_weight = max(Fraction(1), Fraction(k, n - k)) if k < n else Fraction(1)
    ratings = max(0.0, float(len(marks.right) - rating_weight * len(marks.wrong)) / n)
    critical = max(0.0, float(len(marks.found) - mark_weight * len(marks.not_critical)) / k) if k else 0.0
    notes = min(1.0, len(marks.counted) / min_notes) if min_notes else 0.0
    return JourneyCredit(ratings, critical, notes, rating_weight, best_blind_guess(choices), mark_weight)


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
        return _empty(), "expected ratings, critical moments and notes"
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
