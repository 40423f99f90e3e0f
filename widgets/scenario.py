"""ScenarioPlayer: a branching complaint conversation; each response the learner picks leads to the next step."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from traitlets import Dict, List, TraitError, Unicode, default, observe, validate

from logiserve import syllabus
from logiserve.complaints import PROCEDURE
from logiserve.content import scenario as _content

from ._exercise import ExerciseWidget
from ._frontend import front_end

__all__ = ["ScenarioPlayer"]

_HERE = pathlib.Path(__file__).parent


def _empty() -> dict[str, Any]:
    return {"path": []}


def _plain_text(value: Any) -> str | None:
    return str.__str__(value) if isinstance(value, str) else None


def _responses(count: int) -> str:
    return f"{count} response{'' if count == 1 else 's'} chosen"


def _spoken(text: str) -> bool:
    """Whether content text is the customer's own words: it opens with a quotation mark."""
    return text.lstrip()[:1] in {'"', "\u201c", "'", "\u2018"}


class ScenarioPlayer(ExerciseWidget):
    """Handle a customer's complaint as a branching conversation, one response at a time.

    The conversation starts at the content's ``start`` step: the customer says something
    (or something happens) and the learner picks what to say or do from the step's
    options.  Each option leads to a next step, until the conversation reaches an
    ending.  The transcript shows what the customer said, the learner's responses and
    the customer's replies, labelled with the stage of the complaint procedure where
    the content gives one.  The answer is a plain mapping (:attr:`answer`)::

        {"path": [{"step": step_id, "option": option_id}, ...]}

    the responses chosen from the start, in order; it starts empty.  :meth:`back`
    takes the last response back and :meth:`restart` clears the path.  The answer is
    saved to ``answers.json`` on every change and restored when the widget is created
    again for the same ``exercise_id`` (after a kernel restart, in ``nbgrader validate``
    and in autograding); a saved path that no longer follows the scenario keeps its
    longest part that does.

    In *practice* mode the content carries the key (each option's score) and feedback:
    when the conversation reaches an ending, the path is checked at once (:meth:`check`)
    and each response is shown as the strongest open at its step or not, with its
    feedback and, where a stronger response was open, what that response would have
    done.  The marking is :func:`logiserve.content.scenario.walk_key`, the same as
    the graded check's.  In *graded* mode there is no key in the kernel at all; the
    widget only shows that the answer is saved, and a hidden test cell marks it
    (:func:`logiserve.autograder.check_scenario`).

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The exercise's content (see ``logiserve/content/schemas/scenario.schema.json``).
    store:
        Where answers are saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> import tempfile
    >>> from logiserve.widgets import AnswerStore
    >>> content = {
    ...     "kind": "scenario", "mode": "practice", "title": "A late delivery", "prompt": "Handle it.",
    ...     "customer": {"name": "Sam Patel", "role": "Goods-in manager"}, "start": "call",
    ...     "steps": [
    ...         {"id": "call", "stage": "acknowledge", "say": '"Our pallets are two hours late!"', "options": [
    ...             {"id": "sorry", "text": "I'm sorry. Let me check where they are.", "next": "calm", "score": 2},
    ...             {"id": "wait", "text": "Deliveries are often late.", "next": "cross", "score": -1},
    ...         ]},
    ...         {"id": "calm", "ending": True, "say": "Thanks. Call me back with the time."},
    ...         {"id": "cross", "ending": True, "say": "I'll take this to your manager."},
    ...     ],
    ... }
    >>> player = ScenarioPlayer("04_complaints.demo", content, store=AnswerStore(tempfile.mkdtemp()))
    >>> player.current_step, player.finished
    ('call', False)
    >>> player.choose("sorry")
    >>> player.answer
    {'path': [{'step': 'call', 'option': 'sorry'}]}
    >>> player.summary
    'Your handling scored 2 of a possible 2: the strongest response at every step. Well done.'
    >>> print("\\n".join(player.transcript))
    [Acknowledge] Sam Patel: "Our pallets are two hours late!"
    You: I'm sorry. Let me check where they are.
    [End] Thanks. Call me back with the time.
    """

    _esm, _css = front_end(_HERE / "scenario.js", _HERE / "scenario.css")

    KIND = _content.KIND
    RESTORE_HINT = "The conversation carries on from there."

    customer = Dict(help="Who raises the complaint: {name, role}.").tag(sync=True)
    start = Unicode(help="The id of the step the conversation starts at.").tag(sync=True)
    steps = List(
        Dict(),
        help=(
            "Steps as {id, stage, stage_label, say, ending, options: [{id, text, next, reply}]}, in content order; "
            "never scores, feedback or explanations."
        ),
    ).tag(sync=True)
    value = Dict(help="The learner's answer: {path: [{step, option}, ...]}, the responses chosen from the start.").tag(
        sync=True
    )
    feedback = Dict(
        help=(
            "Practice feedback by step id, once the path is checked: {number, best, message, misconception "
            "(syllabus id), misconception_title, explain, better_text, better_message}."
        )
    ).tag(sync=True)

    def _read_key(self, content: Mapping[str, Any]) -> None:
        steps = content["steps"]
        practice = content["mode"] == "practice"
        self._scores = (
            {s["id"]: {o["id"]: o["score"] for o in s.get("options", [])} for s in steps if not s.get("ending")}
            if practice
            else {}
        )
        self._option_feedback = {
            (s["id"], o["id"]): o["feedback"] for s in steps for o in s.get("options", []) if "feedback" in o
        }
        self._explain = {s["id"]: s["explain"] for s in steps if "explain" in s}
        # The graph alone (no key), for walking a path: step id -> option id -> the step it leads to.
        _start, graph = _content.scenario_steps(content)
        self._leads_to = {step_id: dict(step.options) for step_id, step in graph.items()}
        self._endings = {step_id for step_id, step in graph.items() if step.ending}
        # Practice: the graph and its scores, read once for marking (graded content carries no scores).
        self._key = _content.scenario_key(content, self._scores) if practice else None

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "customer": {"name": content["customer"]["name"], "role": content["customer"].get("role", "")},
            "start": content["start"],
            "steps": [
                {
                    "id": s["id"],
                    "stage": s.get("stage", ""),
                    "stage_label": PROCEDURE.get(s.get("stage", ""), ""),
                    "say": s["say"],
                    "ending": bool(s.get("ending")),
                    "options": [
                        {"id": o["id"], "text": o["text"], "next": o["next"], "reply": o.get("reply", "")}
                        for o in s.get("options", [])
                    ],
                }
                for s in content["steps"]
            ],
        }

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        path = self.value["path"]
        where = "the conversation has ended" if self.finished else "the customer is waiting for a reply"
        text = f"{self.mode.capitalize()} scenario {self.exercise_id}, {_responses(len(path))}, {where}"
        chosen = []
        for number, entry in enumerate(path, start=1):
            label = self._step(entry["step"])["stage_label"]
            said = self._option(entry["step"], entry["option"])["text"]
            chosen.append(f"{number}. [{label}] {said}" if label else f"{number}. {said}")
        return text + (f". {'; '.join(chosen)}" if chosen else "")

    # -- the conversation --------------------------------------------------------------
    @default("value")
    def _default_value(self) -> dict[str, Any]:
        return _empty()

    @property
    def answer(self) -> dict[str, Any]:
        """The learner's answer as a plain ``{"path": [{"step": ..., "option": ...}, ...]}`` dict (a copy)."""
        return {"path": [dict(entry) for entry in self.value["path"]]}

    @property
    def current_step(self) -> str:
        """The id of the step the conversation has reached (an ending when :attr:`finished`)."""
        path = self.value["path"]
        return self._leads_to[path[-1]["step"]][path[-1]["option"]] if path else self.start

    @property
    def finished(self) -> bool:
        """True when the conversation has reached an ending."""
        return self.current_step in self._endings

    @property
    def transcript(self) -> list[str]:
        """The conversation so far as readable lines, the current step's words last.

        Text in quotation marks is the customer speaking; other text is what happens (narration).
        """
        name = self.customer["name"]

        def who(text: str) -> str:
            return name if _spoken(text) else "What happens"

        def said(step: dict[str, Any]) -> str:
            if step["ending"]:
                return f"[End] {step['say']}"
            return (f"[{step['stage_label']}] " if step["stage_label"] else "") + f"{who(step['say'])}: {step['say']}"

        lines: list[str] = []
        for entry in self.value["path"]:
            option = self._option(entry["step"], entry["option"])
            lines += [said(self._step(entry["step"])), f"You: {option['text']}"]
            if option["reply"]:
                lines.append(f"{who(option['reply'])}: {option['reply']}")
        lines.append(said(self._step(self.current_step)))
        return lines

    def choose(self, option_id: str) -> None:
        """Choose a response (by option id) at the current step; the conversation moves on."""
        step = self.current_step
        if self.finished:
            raise ValueError("The conversation has ended; use back() or restart() to choose again.")
        if option_id not in self._leads_to[step]:
            raise ValueError(
                f"{option_id!r} is not a response at step {step!r}; choose one of: {', '.join(self._leads_to[step])}"
            )
        self.value = {"path": [*self.answer["path"], {"step": step, "option": option_id}]}

    def back(self) -> None:
        """Take back the last response (nothing happens at the start)."""
        if self.value["path"]:
            self.value = {"path": self.answer["path"][:-1]}

    def restart(self) -> None:
        """Clear every response: the conversation starts again."""
        self.value = _empty()

    def _step(self, step_id: str) -> dict[str, Any]:
        return next(step for step in self.steps if step["id"] == step_id)

    def _option(self, step_id: str, option_id: str) -> dict[str, Any]:
        return next(option for option in self._step(step_id)["options"] if option["id"] == option_id)

    @validate("value")
    def _validate_value(self, proposal: Any) -> dict[str, Any]:
        value = proposal["value"]
        fields = dict(dict.items(value))
        extra = sorted(map(repr, set(fields) - {"path"}))
        if extra:
            raise TraitError(f"the answer holds only 'path', not {', '.join(extra)}")
        entries = fields.get("path", [])
        if not isinstance(entries, list | tuple):
            raise TraitError(f"'path' must be a list of responses, not {type(entries).__name__}")
        path: list[dict[str, str]] = []
        at = self.start
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise TraitError(
                    f"response {number} must be {{'step': ..., 'option': ...}}, not {type(entry).__name__}"
                )
            entry_fields = dict(dict.items(entry))
            if set(entry_fields) != {"step", "option"}:
                raise TraitError(f"response {number} must hold exactly 'step' and 'option'")
            step, option = _plain_text(entry_fields["step"]), _plain_text(entry_fields["option"])
            if at in self._endings:
                raise TraitError(f"response {number} comes after the conversation ended (at {at!r})")
            if step != at:
                raise TraitError(
                    f"response {number} is at step {entry_fields['step']!r}, but the conversation is at {at!r}"
                )
            if option not in self._leads_to[at]:
                raise TraitError(
                    f"{entry_fields['option']!r} is not a response at step {at!r} "
                    f"(responses: {', '.join(self._leads_to[at])})"
                )
            path.append({"step": step, "option": option})
            at = self._leads_to[at][option]
        return {"path": path}

    # -- the status line and stale feedback ----------------------------------------------
    def _placed(self) -> int:
        return len(self.value["path"])

    def _show_saved_state(self) -> None:
        # A branching path has no fixed number of steps: say how many responses are saved and where things stand.
        count = self._placed()
        where = "the conversation has ended." if self.finished else "The customer is waiting for your reply."
        if count:
            text = f"Saved: {_responses(count)}; {where}" if self.finished else f"Saved: {_responses(count)}. {where}"
        else:
            text = f"No response chosen yet. {where}"
        if self.mode == "graded":
            text += " Your answer is marked after you submit." if count else " Your answer is saved as you go."
        self.status_kind = "ok"
        self.status = text

    def _stale_feedback(self, old: Any, new: Any) -> None:
        return None  # any change of the path changes which later responses were the strongest open

    @observe("value")
    def _on_value(self, change: dict[str, Any]) -> None:
        super()._on_value(change)  # clears stale feedback, saves, shows the status
        if self.mode == "practice" and self.finished and not self.feedback:
            self.check()  # practice: the conversation has ended, so show how it was handled

    # -- practice feedback ---------------------------------------------------------------
    def check(self) -> dict[str, dict[str, Any]]:
        """Practice mode: mark every response of the path; return the feedback by step id.

        Each entry says whether the response was the strongest open at its step (the one
        leading to the highest total from there), with the response's own feedback and,
        when a stronger one was open, that response and its feedback.
        """
        if self.mode != "practice" or self._key is None:  # graded content carries no key
            raise RuntimeError("Graded exercises are marked after you submit, not checked here.")
        pairs = [(entry["step"], entry["option"]) for entry in self.value["path"]]
        walk = _content.walk_key(self._key, pairs)
        feedback: dict[str, dict[str, Any]] = {}
        for choice in walk.choices:
            given = self._option_feedback.get((choice.step, choice.option), {})
            misconception = given.get("misconception", "")
            verdict = "The strongest response open here." if choice.best else "A stronger response was open here."
            better = self._option_feedback.get((choice.step, choice.better), {})
            feedback[choice.step] = {
                "number": choice.number,
                "best": choice.best,
                "message": given.get("message", verdict),
                "misconception": misconception,
                "misconception_title": syllabus.load()[misconception].title if misconception else "",
                "explain": self._explain.get(choice.step, ""),
                "better_text": "" if choice.best else self._option(choice.step, choice.better)["text"],
                "better_message": "" if choice.best else better.get("message", ""),
            }
        summary = f"Your handling scored {walk.total:g} of a possible {walk.best:g}"
        weaker = sum(not choice.best for choice in walk.choices)
        if not walk.finished:
            summary += " so far. The conversation is not finished: the customer is waiting for your reply."
        elif weaker:
            steps = "step" if len(walk.choices) == 1 else "steps"
            summary += f": a stronger response was open at {weaker} of {len(walk.choices)} {steps}."
        else:
            summary += ": the strongest response at every step. Well done."
        if walk.finished and walk.at in self._explain:
            summary += f" {self._explain[walk.at]}"
        self.feedback = feedback
        self.summary = summary
        return feedback
