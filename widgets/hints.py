"""HintLadder: hints for a graded code task, opened one rung at a time, saved as they open."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from typing import Any

import anywidget
from markdown_it import MarkdownIt
from traitlets import Dict, Int, List, Unicode

from logiserve.answer_store import AnswerStore, StoreError
from logiserve.content import hint_ladder as _content

from ._exercise import check_kind, exercise_in_file
from ._frontend import front_end

__all__ = ["HintLadder"]

_HERE = pathlib.Path(__file__).parent
_MARKDOWN = MarkdownIt("commonmark", {"html": False})  # raw HTML in content is shown as text, never run


class HintLadder(anywidget.AnyWidget):
    """Hints for a graded code task: the idea, the method, a worked step on the practice data, a skeleton.

    The learner opens one rung at a time (the button, by mouse or by keyboard). Only opened rungs
    are sent to the page, so a later rung cannot be read before it is opened. How many are open is
    saved to ``answers.json`` at once (``{"opened": n}``) and restored when the widget is built
    again, so a restart or a reload shows the same hints; the cohort report shows how far each
    learner climbed. Opening hints never changes a mark.

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The ladder's content (``logiserve/content/schemas/hint_ladder.schema.json``).
    store:
        Where the rung reached is saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> ladder = HintLadder.from_file("exercises.yaml", "05_inventory.demand_hints")  # doctest: +SKIP
    >>> ladder.open_next()  # doctest: +SKIP
    """

    _esm, _css = front_end(_HERE / "hints.js", _HERE / "hints.css")

    exercise_id = Unicode(help="Stable id of the ladder, the key in answers.json.").tag(sync=True)
    title = Unicode(help="Heading shown above the hints.").tag(sync=True)
    levels = List(Unicode(), help="Every rung's name in order ('the idea', ...), for the next button.").tag(sync=True)
    opened = Int(0, help="How many rungs are open.").tag(sync=True)
    rungs = List(Dict(), help="Only the open rungs, as {level, name, html, code}; the rest stay in the kernel.").tag(
        sync=True
    )
    status = Unicode(help="Whether the rung reached is saved, or why it is not.").tag(sync=True)
    notice = Unicode(help="A problem found with previously saved answers, told to the learner.").tag(sync=True)

    def __init__(self, exercise_id: str, content: Mapping[str, Any], *, store: AnswerStore | None = None) -> None:
        check_kind(exercise_id, content, _content.KIND)
        self._store = store if store is not None else AnswerStore()
        self._all = [
            {
                "level": rung["level"],
                "name": _content.LEVELS[rung["level"]],
                "html": _MARKDOWN.render(rung["text"]),
                "code": rung.get("code", ""),
            }
            for rung in content["rungs"]
        ]
        loaded = self._store.load()
        super().__init__(
            exercise_id=exercise_id,
            title=content["title"],
            levels=[rung["name"] for rung in self._all],
            notice=loaded.notice,
        )
        self._show(_content.opened(content, loaded.answers.get(exercise_id)))
        self.on_msg(self._handle_message)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str], exercise_id: str, *, store: AnswerStore | None = None) -> Any:
        """The ladder ``exercise_id`` of an exercise content file (see :func:`load_exercises`)."""
        return cls(exercise_id, exercise_in_file(path, exercise_id), store=store)

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        return f"Hints {self.exercise_id}: {self.opened} of {len(self.levels)} opened"

    def _show(self, count: int) -> None:
        self.opened = count
        self.rungs = self._all[:count]
        self.status = (
            f"{count} of {len(self._all)} hints open. Hints never change your mark."
            if count
            else f"{len(self._all)} hints, one at a time. Hints never change your mark."
        )

    def open_next(self) -> None:
        """Open the next rung (as the button does) and save how far the learner has climbed."""
        if self.opened >= len(self._all):
            return
        try:
            notice = self._store.save(self.exercise_id, {"opened": self.opened + 1})
        except StoreError as exc:
            self._show(self.opened + 1)
            self.status = f"This hint is open, but how far you got could not be saved: {exc}"
            return
        if notice:
            self.notice = notice
        self._show(self.opened + 1)

    def _handle_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "open":
            self.open_next()
