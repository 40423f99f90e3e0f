"""ProgressPanel: before submitting, what the learner has practised and which graded exercises wait."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2

from logiserve.answer_store import AnswerStore
from logiserve.content import ContentError
from logiserve.content import progress as _content

from ._exercise import exercise_in_file

__all__ = ["ProgressPanel"]

_HERE = pathlib.Path(__file__).parent


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string((_HERE / "progress.html.j2").read_text(encoding="utf-8"))


class ProgressPanel:
    """A short panel at the end of a notebook, from the saved answers and the learner's variables.

    It lists the notebook's learning outcomes with how many of the practice exercises behind each
    the learner has tried (a practice widget answered, a practice twin checked), and the graded
    exercises still without an answer (a widget with nothing saved, a code answer whose variable
    is missing, ``None`` or ``...``). Run its cell again to bring it up to date. It reads only; it
    never marks or saves anything.

    Parameters
    ----------
    exercise_id:
        The panel's id in the content file (``NN_topic.progress``).
    content:
        Its content (``logiserve/content/schemas/progress.schema.json``).
    namespace:
        Where the learner's code answers are (pass ``globals()``).
    store:
        Where the answers are saved; ``answers.json`` in the working directory by default.
    """

    def __init__(
        self,
        exercise_id: str,
        content: Mapping[str, Any],
        namespace: Mapping[str, Any],
        *,
        store: AnswerStore | None = None,
    ) -> None:
        if content.get("kind") != _content.KIND:
            raise ContentError(f"{exercise_id} is a {content.get('kind')} exercise, not a {_content.KIND}")
        loaded = (store if store is not None else AnswerStore()).load()
        self.exercise_id = exercise_id
        self.title = content["title"]
        self.notice = loaded.notice
        self.progress = _content.progress_of(content, loaded.answers, namespace)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        exercise_id: str,
        namespace: Mapping[str, Any],
        *,
        store: AnswerStore | None = None,
    ) -> ProgressPanel:
        """The panel ``exercise_id`` of an exercise content file (see :func:`load_exercises`)."""
        return cls(exercise_id, exercise_in_file(path, exercise_id), namespace, store=store)

    def _repr_html_(self) -> str:
        return _template().render(panel=self, progress=self.progress)

    def __repr__(self) -> str:
        lines = [self.title]
        for text, tried, total in self.progress.outcomes:
            lines.append(f"- {text}: practised {tried} of {total}" if total else f"- {text}: graded exercises only")
        if self.progress.unanswered:
            lines.append(f"Not answered yet ({len(self.progress.unanswered)}): " + "; ".join(self.progress.unanswered))
        elif self.progress.answered:
            lines.append("Every graded exercise has an answer.")
        return "\n".join(lines)
