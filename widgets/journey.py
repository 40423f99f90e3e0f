"""JourneyMap: the learner rates each touchpoint of a customer journey and marks its critical moments."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from traitlets import Dict, Int, List, TraitError, default, validate

from logiserve import syllabus
from logiserve.content import journey as _content
from logiserve.content.journey import MAX_NOTE_CHARS, RATINGS

from ._exercise import REVEAL_AFTER_WRONG_CHECKS, ExerciseWidget
from ._frontend import front_end

__all__ = ["MAX_NOTE_CHARS", "JourneyMap"]

_HERE = pathlib.Path(__file__).parent

_RATING_LABEL = {"positive": "Positive", "neutral": "Neutral", "negative": "Negative"}
_NOTES_CHANGED = "#notes"  # not a touchpoint id (ids start with a letter): marks a note change as stale


def _empty() -> dict[str, Any]:
    return {"ratings": {}, "critical": [], "notes": {}}


def _plain_text(value: Any) -> str | None:
    return str.__str__(value) if isinstance(value, str) else None


def _valid_notes(notes_value: Any, order: list[str]) -> dict[str, str]:
    """The ``notes`` of an answer, trimmed (empty ones dropped); ``TraitError`` if they are not notes on touchpoints."""
    if not isinstance(notes_value, dict):
        raise TraitError(f"'notes' must map touchpoint ids to text, not {type(notes_value).__name__}")
    notes: dict[str, str] = {}
    for touchpoint, text in dict.items(notes_value):
        plain_tp, plain_note = _plain_text(touchpoint), _plain_text(text)
        if plain_tp is None or plain_tp not in order:
            raise TraitError(f"{touchpoint!r} is not a touchpoint of this exercise ({', '.join(order)})")
        if plain_note is None:
            raise TraitError(f"the note for {plain_tp!r} must be text, not {type(text).__name__}")
        plain_note = plain_note.strip()
        if len(plain_note) > MAX_NOTE_CHARS:
            raise TraitError(
                f"the note for {plain_tp!r} has {len(plain_note)} characters; a note can have at most {MAX_NOTE_CHARS}"
            )
        if plain_note:
            notes[plain_tp] = plain_note
    return notes


class JourneyMap(ExerciseWidget):
    """Rate the touchpoints of a customer journey, mark its critical moments, and note improvements.

    The touchpoints are shown in journey order, each with the evidence the learner
    rates it from; unlike a sorter's items and a sequencer's steps they are not shuffled
    for each learner, as that order is the journey itself and is not marked (see
    :mod:`logiserve.content.journey`).  For each, the learner chooses a rating (positive, neutral or
    negative), marks whether it is a critical moment, and may
    write a short improvement note.  The answer is a plain mapping (:attr:`answer`)::

        {"ratings": {touchpoint_id: rating}, "critical": [touchpoint ids], "notes": {touchpoint_id: text}}

    It starts empty, so an untouched widget answers nothing.  ``critical`` keeps
    journey order; notes are trimmed, at most 280 characters, and an empty note is
    dropped.  The answer is saved to ``answers.json`` on every change and restored
    when the widget is created again for the same ``exercise_id`` (after a kernel
    restart, in ``nbgrader validate`` and in autograding).

    In *practice* mode the content carries the key: the learner's **Check** button
    (or :meth:`check`) says, for each touchpoint rated or marked, whether its rating
    and its critical-moment mark are right, naming the misconception where the content
    has one; after two wrong checks of a touchpoint it reveals the right rating and
    mark with the explanation.  Ratings, marks and notes are marked by
    :func:`logiserve.content.journey.mark_journey`, as the graded check marks them.
    In *graded* mode there is no key in the kernel at all; the widget only shows that
    the answer is saved, and a hidden test cell marks it
    (:func:`logiserve.autograder.check_journey`).

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The exercise's content (see ``logiserve/content/schemas/journey.schema.json``).
    store:
        Where answers are saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> journey = JourneyMap.from_file("exercises.yaml", "03_moments_of_truth.fresco_journey")  # doctest: +SKIP
    >>> journey  # doctest: +SKIP
    """

    _esm, _css = front_end(_HERE / "journey.js", _HERE / "journey.css")

    KIND = _content.KIND
    DONE_WORD = "rated"
    RESTORE_HINT = "Check your journey map below."

    touchpoints = List(Dict(), help="Touchpoints as {id, label, evidence}, in journey order; never the key.").tag(
        sync=True
    )
    min_notes = Int(0, help="How many touchpoints the learner is asked to write an improvement note for.").tag(
        sync=True
    )
    value = Dict(
        help="The learner's answer: {ratings: {touchpoint id: rating}, critical: [ids], notes: {id: text}}."
    ).tag(sync=True)
    feedback = Dict(
        help=(
            "Practice feedback by touchpoint id: {rating_correct (None when not rated), critical_correct, "
            "message, misconception (syllabus id), misconception_title}."
        )
    ).tag(sync=True)

    def _read_key(self, content: Mapping[str, Any]) -> None:
        touchpoints = content["touchpoints"]
        self._key_ratings = {t["id"]: t["rating"] for t in touchpoints if "rating" in t}
        self._key_critical = {t["id"]: t["critical"] for t in touchpoints if "critical" in t}
        self._explain = {t["id"]: t["explain"] for t in touchpoints if "explain" in t}
        self._tp_feedback = {t["id"]: t["feedback"] for t in touchpoints if "feedback" in t}

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "touchpoints": [
                {"id": t["id"], "label": t["label"], "evidence": t["evidence"]} for t in content["touchpoints"]
            ],
            "min_notes": content.get("min_notes", 0),
        }

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        labels = self.labels
        ratings, critical, notes = self.value["ratings"], self.value["critical"], self.value["notes"]
        text = f"{self.mode.capitalize()} journey map {self.exercise_id}, {len(ratings)} of {len(labels)} rated"
        if critical:
            text += f", critical: {', '.join(labels[tp] for tp in critical)}"
        if ratings:
            text += ". Ratings: " + "; ".join(f"{labels[tp]}: {_RATING_LABEL[r]}" for tp, r in ratings.items())
        if notes:
            text += ". Notes: " + "; ".join(f'{labels[tp]}: "{note}"' for tp, note in notes.items())
        return text

    # -- the answer --------------------------------------------------------------------
    @default("value")
    def _default_value(self) -> dict[str, Any]:
        return _empty()

    @property
    def answer(self) -> dict[str, Any]:
        """The learner's answer as a plain ``{"ratings": {...}, "critical": [...], "notes": {...}}`` dict (a copy)."""
        return {
            "ratings": dict(self.value["ratings"]),
            "critical": list(self.value["critical"]),
            "notes": dict(self.value["notes"]),
        }

    @property
    def labels(self) -> dict[str, str]:
        """Touchpoint labels by touchpoint id, in journey order (as ``content.journey.answer_labels``), for messages."""
        return {touchpoint["id"]: touchpoint["label"] for touchpoint in self.touchpoints}

    def rate(self, touchpoint_id: str, rating: str | None) -> None:
        """Give a touchpoint its rating, ``"positive"``, ``"neutral"`` or ``"negative"`` (``None`` clears it)."""
        new = self.answer
        if rating is None:
            new["ratings"].pop(touchpoint_id, None)
        else:
            new["ratings"][touchpoint_id] = rating
        self.value = new

    def mark_critical(self, touchpoint_id: str, critical: bool = True) -> None:
        """Mark a touchpoint as a critical moment (``False`` takes the mark away)."""
        new = self.answer
        new["critical"] = [tp for tp in new["critical"] if tp != touchpoint_id] + ([touchpoint_id] if critical else [])
        self.value = new

    def note(self, touchpoint_id: str, text: str) -> None:
        """Write a touchpoint's improvement note (trimmed; an empty note removes it)."""
        new = self.answer
        new["notes"][touchpoint_id] = text
        self.value = new

    @validate("value")
    def _validate_value(self, proposal: Any) -> dict[str, Any]:
        value = proposal["value"]
        order = [touchpoint["id"] for touchpoint in self.touchpoints]
        known = ", ".join(order)
        fields = dict(dict.items(value))
        extra = sorted(map(repr, set(fields) - {"ratings", "critical", "notes"}))
        if extra:
            raise TraitError(f"the answer holds only 'ratings', 'critical' and 'notes', not {', '.join(extra)}")
        ratings_value = fields.get("ratings", {})
        critical_value = fields.get("critical", [])
        notes_value = fields.get("notes", {})
        if not isinstance(ratings_value, dict):
            raise TraitError(f"'ratings' must map touchpoint ids to ratings, not {type(ratings_value).__name__}")
        ratings: dict[str, str] = {}
        for touchpoint, rating in dict.items(ratings_value):
            plain_tp, plain_rating = _plain_text(touchpoint), _plain_text(rating)
            if plain_tp is None or plain_tp not in order:
                raise TraitError(f"{touchpoint!r} is not a touchpoint of this exercise ({known})")
            if plain_rating is None or plain_rating not in RATINGS:
                raise TraitError(f"{rating!r} is not a rating; choose one of {', '.join(RATINGS)}")
            ratings[plain_tp] = plain_rating
        if not isinstance(critical_value, list | tuple):
            raise TraitError(f"'critical' must be a list of touchpoint ids, not {type(critical_value).__name__}")
        critical: set[str] = set()
        for touchpoint in critical_value:
            plain_tp = _plain_text(touchpoint)
            if plain_tp is None or plain_tp not in order:
                raise TraitError(f"{touchpoint!r} is not a touchpoint of this exercise ({known})")
            if plain_tp in critical:
                raise TraitError(f"{plain_tp!r} is marked critical twice; mark each touchpoint once")
            critical.add(plain_tp)
        notes = _valid_notes(notes_value, order)
        return {
            "ratings": {tp: ratings[tp] for tp in order if tp in ratings},
            "critical": [tp for tp in order if tp in critical],
            "notes": {tp: notes[tp] for tp in order if tp in notes},
        }

    # -- the status line and stale feedback ----------------------------------------------
    def _placed(self) -> int:
        return len(self.value["ratings"])

    def _total(self) -> int:
        return len(self.touchpoints)

    def _stale_feedback(self, old: Any, new: Any) -> set[str]:
        old, new = old or _empty(), new or _empty()
        old_ratings, new_ratings = old.get("ratings", {}), new["ratings"]
        old_critical, new_critical = set(old.get("critical", [])), set(new["critical"])
        stale = {k for k in set(old_ratings) | set(new_ratings) if old_ratings.get(k) != new_ratings.get(k)}
        stale |= old_critical ^ new_critical
        if self.min_notes and old.get("notes", {}) != new["notes"]:
            stale.add(_NOTES_CHANGED)  # the summary counts notes; no touchpoint's feedback does
        return stale

    # -- practice feedback ---------------------------------------------------------------
    def check(self) -> dict[str, dict[str, Any]]:
        """Practice mode: mark every touchpoint rated or marked critical; return the feedback by touchpoint id."""
        if self.mode != "practice":
            raise RuntimeError("Graded exercises are marked after you submit, not checked here.")
        ratings, marked, notes = self.value["ratings"], set(self.value["critical"]), self.value["notes"]
        key_critical = [tp for tp, flag in self._key_critical.items() if flag]
        about = _content.notes_about(self.touchpoints)
        marks = _content.mark_journey(ratings, self.value["critical"], notes, self._key_ratings, key_critical, about)
        feedback = {
            touchpoint: self._touchpoint_feedback(touchpoint, ratings.get(touchpoint), marks)
            for touchpoint in self.labels
            if touchpoint in ratings or touchpoint in marked
        }
        self.feedback = feedback
        self.summary = self._summary(ratings, key_critical, marks)
        return feedback

    def _touchpoint_feedback(self, touchpoint: str, chosen: str | None, marks: _content.JourneyMarks) -> dict[str, Any]:
        """The feedback on one touchpoint rated (``chosen``) or marked critical; counts a wrong check."""
        is_critical = self._key_critical[touchpoint]
        rating_correct = None if chosen is None else touchpoint in marks.right
        critical_correct = touchpoint not in marks.missed and touchpoint not in marks.not_critical
        given = self._tp_feedback.get(touchpoint, {})
        texts: list[str] = []
        misconception = ""
        if chosen is None:
            texts.append("Rate this moment too.")
        elif not rating_correct:
            specific = given.get("rating", {}).get(chosen)
            texts.append(
                specific["message"]
                if specific
                else f"Not {_RATING_LABEL[chosen]}. Look again at the evidence for this moment."
            )
            misconception = specific.get("misconception", "") if specific else ""
        if not critical_correct:
            specific = given.get("critical")
            if specific:
                texts.append(specific["message"])
            elif is_critical:
                texts.append(
                    "Look again: would a failure here do the most damage, "
                    "or does the customer decide here whether to stay?"
                )
            else:
                texts.append(
                    "Look again: every contact is a moment of truth, but is this one where a failure does the most "
                    "damage or the customer decides whether to stay?"
                )
            misconception = misconception or (specific.get("misconception", "") if specific else "")
        if rating_correct is False or not critical_correct:
            self._wrong_checks[touchpoint] = self._wrong_checks.get(touchpoint, 0) + 1
            if self._wrong_checks[touchpoint] >= REVEAL_AFTER_WRONG_CHECKS:
                flag = "a critical moment" if is_critical else "not a critical moment"
                rating = _RATING_LABEL[self._key_ratings[touchpoint]]
                texts.append(f"Answer: {rating}, {flag}. {self._explain[touchpoint]}")
        elif rating_correct:
            texts.append(self._explain[touchpoint])
        return {
            "rating_correct": rating_correct,
            "critical_correct": critical_correct,
            "message": " ".join(texts),
            "misconception": misconception,
            "misconception_title": syllabus.load()[misconception].title if misconception else "",
        }

    def _summary(self, ratings: dict[str, str], key_critical: list[str], marks: _content.JourneyMarks) -> str:
        """The line above the touchpoints after a check: ratings right, critical moments found, notes."""
        total = len(self.touchpoints)
        right = len(marks.right)
        found, not_critical = len(marks.found), len(marks.not_critical)
        summary = f"{right} of {total} ratings right"
        if key_critical:
            summary += f"; {found} of {len(key_critical)} critical moments found"
            if not_critical:
                summary += f", {not_critical} marked that {'is' if not_critical == 1 else 'are'} not critical"
        elif not_critical:
            summary += f"; {not_critical} marked critical that {'is' if not_critical == 1 else 'are'} not"
        summary += "."
        counted = len(marks.counted)
        if self.min_notes:
            summary += (
                f" Notes on {counted} {'touchpoint' if counted == 1 else 'touchpoints'}; {self.min_notes} asked for."
            )
        unrated = total - len(ratings)
        if unrated:
            summary += f" {unrated} not rated yet."
        elif right == total and found == len(key_critical) and not not_critical and counted >= self.min_notes:
            summary += " Well done: every rating and every critical moment is right."
        return summary
