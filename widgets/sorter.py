"""CategorySorter: the learner places each item into one of several categories."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from traitlets import Dict, List, TraitError, validate

from logiserve import syllabus
from logiserve.content import sorter as _content

from ._exercise import REVEAL_AFTER_WRONG_CHECKS, ExerciseWidget
from ._frontend import front_end

__all__ = ["CategorySorter"]

_HERE = pathlib.Path(__file__).parent


class CategorySorter(ExerciseWidget):
    """Sort items into categories, by drag and drop, by clicking, or by keyboard.

    The answer is a plain mapping ``{item_id: category_id}`` of the items placed so
    far (:attr:`answer`).  It is saved to ``answers.json`` on every change and
    restored when the widget is created again for the same ``exercise_id`` (after a
    kernel restart, in ``nbgrader validate`` and in autograding).

    A graded sorter shows its items in the learner's own order, the same for that learner in
    every kernel and different for others; a practice sorter in the authored order
    (:func:`logiserve.content.sorter.item_order`).  The categories keep their authored order.

    In *practice* mode the content carries the key: the learner's **Check** button
    (or :meth:`check`) gives feedback per item, naming the misconception where the
    content has one, and after two wrong checks of an item reveals its answer.  An item
    is marked by :func:`logiserve.content.sorter.mark_placements`, as the graded check
    (:func:`logiserve.autograder.check_sorter`) marks it.  In
    *graded* mode there is no key in the kernel at all; the widget only shows that
    the answer is saved, and a hidden test cell marks it.

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The exercise's content (see ``logiserve/content/schemas/sorter.schema.json``).
    store:
        Where answers are saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> sorter = CategorySorter.from_file("exercises.yaml", "01_customers.who_do_we_serve")  # doctest: +SKIP
    >>> sorter  # doctest: +SKIP
    """

    _esm, _css = front_end(_HERE / "sorter.js", _HERE / "sorter.css")

    KIND = _content.KIND
    RESTORE_HINT = "Check the placements below."

    categories = List(Dict(), help="Categories as {id, label, hint}, in display order.").tag(sync=True)
    items = List(
        Dict(), help="Items as {id, label, detail}, in the order shown (graded: the learner's own); never the key."
    ).tag(sync=True)
    value = Dict(help="The learner's answer: item id -> category id, for placed items only.").tag(sync=True)
    feedback = Dict(
        help="Practice feedback by item id: {correct, message, misconception (syllabus id), misconception_title}."
    ).tag(sync=True)

    def _read_key(self, content: Mapping[str, Any]) -> None:
        self._key = {item["id"]: item["answer"] for item in content["items"] if "answer" in item}
        self._explain = {item["id"]: item.get("explain", "") for item in content["items"]}
        self._misplaced = {item["id"]: item.get("feedback", {}) for item in content["items"]}

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        by_id = {i["id"]: i for i in content["items"]}
        return {
            "categories": [
                {"id": c["id"], "label": c["label"], "hint": c.get("hint", "")} for c in content["categories"]
            ],
            "items": [
                {"id": i, "label": by_id[i]["label"], "detail": by_id[i].get("detail", "")}
                for i in _content.item_order(content, exercise_id=exercise_id)
            ],
        }

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        category = {c["id"]: c["label"] for c in self.categories}
        placed = "; ".join(f"{self.labels[i]}: {category[c]}" for i, c in self.value.items())
        return f"{self.mode.capitalize()} sorter {self.exercise_id}, {len(self.value)} of {len(self.items)} placed" + (
            f". {placed}" if placed else ""
        )

    # -- the answer --------------------------------------------------------------------
    @property
    def answer(self) -> dict[str, str]:
        """The learner's answer as a plain ``{item_id: category_id}`` dict (a copy)."""
        return dict(self.value)

    @property
    def labels(self) -> dict[str, str]:
        """Item labels by item id, in the order shown (as :func:`~logiserve.content.sorter.answer_labels`)."""
        return {item["id"]: item["label"] for item in self.items}

    def place(self, item_id: str, category_id: str | None) -> None:
        """Place one item (``None`` takes it back out), as the learner would."""
        new = dict(self.value)
        if category_id is None:
            new.pop(item_id, None)
        else:
            new[item_id] = category_id
        self.value = new

    @validate("value")
    def _validate_value(self, proposal: Any) -> dict[str, str]:
        value = proposal["value"]
        item_ids = {item["id"] for item in self.items}
        category_ids = {c["id"] for c in self.categories}
        for item_id, category_id in value.items():
            if item_id not in item_ids:
                raise TraitError(f"{item_id!r} is not an item of this exercise ({', '.join(sorted(item_ids))})")
            if category_id not in category_ids:
                raise TraitError(
                    f"{category_id!r} is not a category of this exercise ({', '.join(sorted(category_ids))})"
                )
        return {str(k): str(v) for k, v in value.items()}

    # -- the status line and stale feedback ----------------------------------------------
    def _placed(self) -> int:
        return len(self.value)

    def _total(self) -> int:
        return len(self.items)

    def _stale_feedback(self, old: Any, new: Any) -> set[str]:
        old, new = old or {}, new or {}
        return {k for k in set(old) | set(new) if old.get(k) != new.get(k)}

    # -- practice feedback ---------------------------------------------------------------
    def check(self) -> dict[str, dict[str, Any]]:
        """Practice mode: mark every placed item and return the feedback by item id."""
        if self.mode != "practice":
            raise RuntimeError("Graded exercises are marked after you submit, not checked here.")
        category_label = {c["id"]: c["label"] for c in self.categories}
        feedback: dict[str, dict[str, Any]] = {}
        placed_right = set(_content.mark_placements(self.value, self._key).right)
        for item_id, placed in self.value.items():
            right = self._key[item_id]
            if item_id in placed_right:
                feedback[item_id] = {
                    "correct": True,
                    "message": self._explain[item_id],
                    "misconception": "",
                    "misconception_title": "",
                }
                continue
            self._wrong_checks[item_id] = self._wrong_checks.get(item_id, 0) + 1
            specific = _content.misplaced_feedback(self._misplaced[item_id], placed)
            message = (
                specific["message"] if specific else f"Not {category_label[placed]}. Look again at the facts given."
            )
            if self._wrong_checks[item_id] >= REVEAL_AFTER_WRONG_CHECKS:
                message += f" Answer: {category_label[right]}. {self._explain[item_id]}"
            misconception = specific.get("misconception", "") if specific else ""
            feedback[item_id] = {
                "correct": False,
                "message": message,
                "misconception": misconception,
                "misconception_title": syllabus.load()[misconception].title if misconception else "",
            }
        right_count = sum(f["correct"] for f in feedback.values())
        unplaced = len(self.items) - len(self.value)
        summary = f"{right_count} of {len(self.items)} right."
        if unplaced:
            summary += f" {unplaced} not placed yet."
        elif right_count == len(self.items):
            summary += " Well done: every item is in the right place."
        self.feedback = feedback
        self.summary = summary
        return feedback
