"""What every exercise widget shares: content checks, saving, restoring, status and the Check message.

A widget kind subclasses :class:`ExerciseWidget` and supplies its own answer shape:
``KIND`` (its content kind), the synced traits that show its content (never the key),
``_read_key`` (the practice key, kept in the kernel only), ``_content_traits``, ``_placed``
and ``_total`` (for the status line), ``_stale_feedback`` and ``check``.  What of a saved
answer a widget restores is its kind's rule in ``logiserve.content``, read through
:func:`logiserve.content.saved_exercise`, the reading the grader uses too.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, ClassVar

import anywidget
from traitlets import Dict, Enum, Unicode, observe

from logiserve.answer_store import AnswerStore, StoreError
from logiserve.content import ContentError, load_exercises, saved_exercise, validate_exercise

__all__ = ["REVEAL_AFTER_WRONG_CHECKS", "ExerciseWidget", "check_kind", "exercise_in_file"]

REVEAL_AFTER_WRONG_CHECKS = 2


def check_kind(exercise_id: str, content: Mapping[str, Any], kind: str) -> None:
    """Raise :class:`ContentError` with every problem of the content, or when it is not of ``kind``."""
    problems = validate_exercise(exercise_id, content)
    if problems:
        raise ContentError("\n".join(problems))
    if content["kind"] != kind:
        raise ContentError(f"{exercise_id} is a {content['kind']} exercise, not a {kind}")


def exercise_in_file(path: str | os.PathLike[str], exercise_id: str) -> dict[str, Any]:
    """The content of ``exercise_id`` in an exercise content file (see :func:`load_exercises`)."""
    exercises = load_exercises(path)
    if exercise_id not in exercises:
        raise ContentError(f"{exercise_id!r} is not in {path}; it has: {', '.join(sorted(exercises)) or 'none'}")
    return exercises[exercise_id]


class ExerciseWidget(anywidget.AnyWidget):
    """Base of the exercise widgets (see the module docstring)."""

    KIND: ClassVar[str] = ""
    RESTORE_HINT: ClassVar[str] = "Check your answer below."
    DONE_WORD: ClassVar[str] = "placed"  # what the status line counts: "Saved: 3 of 5 placed."

    exercise_id = Unicode(help="Stable id of the exercise, the key in answers.json.").tag(sync=True)
    mode = Enum(
        ["practice", "graded"], default_value="practice", help="practice: instant feedback; graded: saved only."
    ).tag(sync=True)
    title = Unicode(help="Heading shown above the exercise.").tag(sync=True)
    prompt = Unicode(help="What the learner is asked to do.").tag(sync=True)
    summary = Unicode(help="Practice: the result of the last check.").tag(sync=True)
    status = Unicode(help="Whether the answer is saved, or why it is not.").tag(sync=True)
    status_kind = Enum(["ok", "error"], default_value="ok", help="ok, or error when saving failed.").tag(sync=True)
    notice = Unicode(help="A problem found with previously saved answers, told to the learner.").tag(sync=True)
    feedback = Dict(help="Practice feedback by item or step id (see the widget kind).").tag(sync=True)

    def __init__(self, exercise_id: str, content: Mapping[str, Any], *, store: AnswerStore | None = None) -> None:
        check_kind(exercise_id, content, self.KIND)
        self._store = store if store is not None else AnswerStore()
        self._wrong_checks: dict[str, int] = {}
        self._restoring = True
        self._read_key(content)
        super().__init__(
            exercise_id=exercise_id,
            mode=content["mode"],
            title=content["title"],
            prompt=content["prompt"],
            **self._content_traits(exercise_id, content),
        )
        self._restore(content)
        self._restoring = False
        self.on_msg(self._handle_message)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], exercise_id: str, *, store: AnswerStore | None = None) -> Any:
        """The widget for ``exercise_id`` in an exercise content file (see :func:`load_exercises`)."""
        return cls(exercise_id, exercise_in_file(path, exercise_id), store=store)

    # -- what each kind supplies ---------------------------------------------------------
    def _read_key(self, content: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def _placed(self) -> int:
        raise NotImplementedError

    def _total(self) -> int:
        raise NotImplementedError

    def _stale_feedback(self, old: Any, new: Any) -> set[str] | None:
        """Ids whose feedback a change makes stale; ``None`` for all of them."""
        raise NotImplementedError

    @property
    def answer(self) -> Any:
        raise NotImplementedError

    def check(self) -> dict[str, dict[str, Any]]:
        raise NotImplementedError

    # -- saving and restoring ------------------------------------------------------------
    def _restore(self, content: Mapping[str, Any]) -> None:
        loaded = self._store.load()
        notice = loaded.notice
        saved = loaded.answers.get(self.exercise_id)
        if saved is not None:
            restored = saved_exercise(self.exercise_id, content, saved)
            if restored.dropped:
                notice = (
                    f"Part of your saved answer could not be used ({restored.dropped}); the rest was restored. "
                    f"{self.RESTORE_HINT}"
                )
            self.value = restored.answer
        self.notice = notice
        self._show_saved_state()

    @observe("value")
    def _on_value(self, change: dict[str, Any]) -> None:
        if self.feedback:
            stale = self._stale_feedback(change["old"], change["new"])
            if stale is None:
                self.feedback = {}
            elif stale:
                self.feedback = {k: v for k, v in self.feedback.items() if k not in stale}
            if stale is None or stale:
                self.summary = ""
        if self._restoring:
            return
        try:
            notice = self._store.save(self.exercise_id, self.answer)
        except StoreError as exc:
            self.status_kind = "error"
            self.status = str(exc)
            return
        if notice:
            self.notice = notice
        self._show_saved_state()

    def _show_saved_state(self) -> None:
        placed, total = self._placed(), self._total()
        self.status_kind = "ok"
        if self.mode == "graded":
            self.status = (
                f"Saved: {placed} of {total} {self.DONE_WORD}. Your answer is marked after you submit."
                if placed
                else f"Nothing {self.DONE_WORD} yet (0 of {total}). Your answer is saved as you go."
            )
        else:
            done = f"{placed} of {total} {self.DONE_WORD}"
            self.status = f"Saved: {done}." if placed else f"{done}."

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "check":
            self.check()
