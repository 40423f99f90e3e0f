"""CategorySorter: the learner places each item into one of several categories."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import Any

import anywidget
from traitlets import Dict, Enum, List, TraitError, Unicode, observe, validate

from logiserve import syllabus

from ._content import ContentError, load_exercises, validate_exercise
from ._store import AnswerStore, StoreError

__all__ = ["CategorySorter"]

_HERE = pathlib.Path(__file__).parent
REVEAL_AFTER_WRONG_CHECKS = 2


class CategorySorter(anywidget.AnyWidget):
    """Sort items into categories, by drag and drop, by clicking, or by keyboard.

    The answer is a plain mapping ``{item_id: category_id}`` of the items placed so
    far (:attr:`answer`).  It is saved to ``answers.json`` on every change and
    restored when the widget is created again for the same ``exercise_id`` (after a
    kernel restart, in ``nbgrader validate`` and in autograding).

    In *practice* mode the content carries the key: the learner's **Check** button
    (or :meth:`check`) gives feedback per item, naming the misconception where the
    content has one, and after two wrong checks of an item reveals its answer.  In
    *graded* mode there is no key in the kernel at all; the widget only shows that
    the answer is saved, and a hidden test cell marks it.

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The exercise's content (see ``schemas/category_sorter.schema.json``).
    store:
        Where answers are saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> sorter = CategorySorter.from_file("exercises.yaml", "01_customers.who_do_we_serve")  # doctest: +SKIP
    >>> sorter  # doctest: +SKIP
    """

    _esm = _HERE / "sorter.js"
    _css = _HERE / "sorter.css"

    exercise_id = Unicode(help="Stable id of the exercise, the key in answers.json.").tag(sync=True)
    mode = Enum(
        ["practice", "graded"], default_value="practice", help="practice: instant feedback; graded: saved only."
    ).tag(sync=True)
    title = Unicode(help="Heading shown above the exercise.").tag(sync=True)
    prompt = Unicode(help="What the learner is asked to do.").tag(sync=True)
    categories = List(Dict(), help="Categories as {id, label, hint}, in display order.").tag(sync=True)
    items = List(Dict(), help="Items as {id, label, detail}; never the key.").tag(sync=True)
    value = Dict(help="The learner's answer: item id -> category id, for placed items only.").tag(sync=True)
    feedback = Dict(
        help="Practice feedback by item id: {correct, message, misconception (syllabus id), misconception_title}."
    ).tag(sync=True)
    summary = Unicode(help="Practice: the result of the last check.").tag(sync=True)
    status = Unicode(help="Whether the answer is saved, or why it is not.").tag(sync=True)
    status_kind = Enum(["ok", "error"], default_value="ok", help="ok, or error when saving failed.").tag(sync=True)
    notice = Unicode(help="A problem found with previously saved answers, told to the learner.").tag(sync=True)

    def __init__(self, exercise_id: str, content: Mapping[str, Any], *, store: AnswerStore | None = None) -> None:
        problems = validate_exercise(exercise_id, content)
        if problems:
            raise ContentError("\n".join(problems))
        self._store = store if store is not None else AnswerStore()
        self._key = {item["id"]: item["answer"] for item in content["items"] if "answer" in item}
        self._explain = {item["id"]: item.get("explain", "") for item in content["items"]}
        self._misplaced = {item["id"]: item.get("feedback", {}) for item in content["items"]}
        self._wrong_checks: dict[str, int] = {}
        self._restoring = True
        super().__init__(
            exercise_id=exercise_id,
            mode=content["mode"],
            title=content["title"],
            prompt=content["prompt"],
            categories=[{"id": c["id"], "label": c["label"], "hint": c.get("hint", "")} for c in content["categories"]],
            items=[{"id": i["id"], "label": i["label"], "detail": i.get("detail", "")} for i in content["items"]],
        )
        self._restore()
        self._restoring = False
        self.on_msg(self._handle_message)

    @classmethod
    def from_file(
        cls, path: str | os.PathLike[str], exercise_id: str, *, store: AnswerStore | None = None
    ) -> CategorySorter:
        """The sorter for ``exercise_id`` in an exercise content file (see :func:`load_exercises`)."""
        exercises = load_exercises(path)
        if exercise_id not in exercises:
            raise ContentError(f"{exercise_id!r} is not in {path}; it has: {', '.join(sorted(exercises)) or 'none'}")
        return cls(exercise_id, exercises[exercise_id], store=store)

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
        """Item labels by item id, for messages that name items."""
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

    # -- saving and restoring ------------------------------------------------------------
    def _restore(self) -> None:
        loaded = self._store.load()
        notice = loaded.notice
        saved = loaded.answers.get(self.exercise_id)
        if saved is not None:
            kept, dropped = self._usable_part(saved)
            if dropped:
                notice = (
                    f"Part of your saved answer could not be used ({dropped}); the rest was restored. "
                    "Check the placements below."
                )
            self.value = kept
        self.notice = notice
        self._show_saved_state()

    def _usable_part(self, saved: Any) -> tuple[dict[str, str], str]:
        if not isinstance(saved, dict):
            return {}, f"expected item placements, found {type(saved).__name__}"
        item_ids = {item["id"] for item in self.items}
        category_ids = {c["id"] for c in self.categories}
        kept = {k: v for k, v in saved.items() if isinstance(v, str) and k in item_ids and v in category_ids}
        skipped = len(saved) - len(kept)
        return kept, (f"{skipped} placement(s) named unknown items or categories" if skipped else "")

    @observe("value")
    def _on_value(self, change: dict[str, Any]) -> None:
        old, new = change["old"] or {}, change["new"] or {}
        moved = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        if moved and self.feedback:
            self.feedback = {k: v for k, v in self.feedback.items() if k not in moved}
            self.summary = ""
        if self._restoring:
            return
        try:
            notice = self._store.save(self.exercise_id, dict(new))
        except StoreError as exc:
            self.status_kind = "error"
            self.status = str(exc)
            return
        if notice:
            self.notice = notice
        self._show_saved_state()

    def _show_saved_state(self) -> None:
        placed, total = len(self.value), len(self.items)
        self.status_kind = "ok"
        if self.mode == "graded":
            self.status = (
                f"Saved: {placed} of {total} placed. Your answer is marked after you submit."
                if placed
                else f"Nothing placed yet (0 of {total}). Your answer is saved as you go."
            )
        else:
            self.status = f"Saved: {placed} of {total} placed." if placed else f"0 of {total} placed."

    # -- practice feedback ---------------------------------------------------------------
    def _handle_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "check":
            self.check()

    def check(self) -> dict[str, dict[str, Any]]:
        """Practice mode: mark every placed item and return the feedback by item id."""
        if self.mode != "practice":
            raise RuntimeError("Graded exercises are marked after you submit, not checked here.")
        category_label = {c["id"]: c["label"] for c in self.categories}
        feedback: dict[str, dict[str, Any]] = {}
        for item_id, placed in self.value.items():
            right = self._key[item_id]
            if placed == right:
                feedback[item_id] = {
                    "correct": True,
                    "message": self._explain[item_id],
                    "misconception": "",
                    "misconception_title": "",
                }
                continue
            self._wrong_checks[item_id] = self._wrong_checks.get(item_id, 0) + 1
            specific = self._misplaced[item_id].get(placed)
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
