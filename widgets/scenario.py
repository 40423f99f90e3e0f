"""ScenarioPlayer: a branching complaint conversation; each response the learner picks leads to the next step."""

from __future__ import annotations

import copy
import pathlib
from collections.abc import Mapping
from typing import Any

from traitlets import Dict, List, TraitError, default, observe, validate

from logiserve import syllabus
from logiserve.complaints import PROCEDURE
from logiserve.content import scenario as _content

from ._exercise import ExerciseWidget
from ._frontend import front_end

__all__ = ["ScenarioPlayer"]

_HERE = pathlib.Path(__file__).parent

FINAL = "Each response is final: your first path through the conversation is the one marked."
"""What a graded player tells the learner before and while they answer."""


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
    options, shown in the learner's own order (:func:`logiserve.content.scenario.option_order`).
    Each option leads to a next step, until the conversation reaches an ending.  The
    transcript shows what the customer said, the learner's responses and (practice) the
    customer's replies, labelled with the stage of the complaint procedure where the
    content gives one.  The answer is a plain mapping (:attr:`answer`)::

        {"path": [{"step": step_id, "option": option_id}, ...]}

    the responses chosen from the start, in order, by id (never by the place an option was
    shown in); it starts empty.  The answer is saved to ``answers.json`` on every change and
    restored when the widget is created again for the same ``exercise_id`` (after a kernel
    restart, in ``nbgrader validate`` and in autograding); a saved path that no longer follows
    the scenario keeps its longest part that does.

    **What reaches the front end.**  Only the conversation walked so far: the synced
    :attr:`step` is the step the learner is on (its words and its options' ids and texts;
    never where an option leads, nor any score or feedback), and :attr:`lines` the
    transcript up to it.  The rest of the content stays in the kernel, in the widget's
    private attributes, and the front end sends only the learner's choice.

    In *practice* mode the content carries the key (each option's score) and feedback:
    :meth:`back` takes the last response back, :meth:`restart` clears the path, and when
    the conversation reaches an ending the path is checked at once (:meth:`check`): each
    response is shown as the strongest open at its step or not, with its feedback and,
    where a stronger response was open, what that response would have done.  The marking
    is :func:`logiserve.content.scenario.walk_key`, the same as the graded check's.

    In *graded* mode there is no key in the kernel at all; the widget only shows that the
    answer is saved, and a hidden test cell marks it (:func:`logiserve.autograder.check_scenario`).
    Every response is final: :meth:`back` and :meth:`restart` are refused, and a new
    :attr:`value` must carry on from the responses already chosen, so the first complete
    path is the one saved and marked.  A role-play that could be walked again would be a
    search of its endings, not a test of handling a complaint.

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
    >>> sorted(option["id"] for option in player.step["options"])
    ['sorry', 'wait']
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
    step = Dict(
        help=(
            "The step the conversation has reached, and only that one: {id, number, stage, stage_label, say, "
            "ending, options: [{id, text}]}, its options in the learner's own order; never where an option "
            "leads, nor scores, feedback or explanations."
        )
    ).tag(sync=True)
    lines = List(
        Dict(),
        help=(
            "The conversation so far, the reached step's words last: {key, kind (customer, reply, narration, "
            "you, end), who, stage_label, text, step}; only steps the learner has reached."
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
        self._start, graph = _content.scenario_steps(content)
        self._leads_to = {step_id: dict(step.options) for step_id, step in graph.items()}
        self._endings = {step_id for step_id, step in graph.items() if step.ending}
        # The words of every step, kept here in the kernel: the front end gets a step once it is reached.
        self._steps = {s["id"]: copy.deepcopy(dict(s)) for s in steps}
        self._customer = {"name": content["customer"]["name"], "role": content["customer"].get("role", "")}
        # Practice: the graph and its scores, read once for marking (graded content carries no scores).
        self._key = _content.scenario_key(content, self._scores) if practice else None

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        self._order = {
            step_id: _content.option_order(content, step_id, exercise_id=exercise_id)
            for step_id in self._leads_to
            if step_id not in self._endings
        }
        return {"customer": dict(self._customer), **self._position(_empty()["path"])}

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        path = self.value["path"]
        where = "the conversation has ended" if self.finished else "the customer is waiting for a reply"
        text = f"{self.mode.capitalize()} scenario {self.exercise_id}, {_responses(len(path))}, {where}"
        chosen = []
        for number, entry in enumerate(path, start=1):
            label = PROCEDURE.get(self._steps[entry["step"]].get("stage", ""), "")
            said = self._option_text(entry["step"], entry["option"])
            chosen.append(f"{number}. [{label}] {said}" if label else f"{number}. {said}")
        return text + (f". {'; '.join(chosen)}" if chosen else "")

    # -- the conversation --------------------------------------------------------------
    @default("value")
    def _default_value(self) -> dict[str, Any]:
        return _empty()

    @property
    def start(self) -> str:
        """The id of the step the conversation starts at."""
        return self._start

    @property
    def answer(self) -> dict[str, Any]:
        """The learner's answer as a plain ``{"path": [{"step": ..., "option": ...}, ...]}`` dict (a copy)."""
        return {"path": [dict(entry) for entry in self.value["path"]]}

    @property
    def current_step(self) -> str:
        """The id of the step the conversation has reached (an ending when :attr:`finished`)."""
        return self._reached(self.value["path"])

    @property
    def finished(self) -> bool:
        """True when the conversation has reached an ending."""
        return self.current_step in self._endings

    @property
    def transcript(self) -> list[str]:
        """The conversation so far as readable lines (what :attr:`lines` holds), the current step's words last.

        Text in quotation marks is the customer speaking; other text is what happens (narration).
        """
        out = []
        for line in self.lines:
            if line["kind"] == "end":
                out.append(f"[End] {line['text']}")
            else:
                stage = f"[{line['stage_label']}] " if line["stage_label"] else ""
                out.append(f"{stage}{line['who']}: {line['text']}")
        return out

    def choose(self, option_id: str) -> None:
        """Choose a response (by option id) at the current step; the conversation moves on."""
        step = self.current_step
        if self.finished:
            if self.mode == "graded":
                raise ValueError("The conversation has ended. Your path is saved and is marked after you submit.")
            raise ValueError("The conversation has ended; use back() or restart() to choose again.")
        if option_id not in self._leads_to[step]:
            open_here = ", ".join(sorted(self._order[step]))
            raise ValueError(f"{option_id!r} is not a response at step {step!r}; choose one of: {open_here}")
        self.value = {"path": [*self.answer["path"], {"step": step, "option": option_id}]}

    def back(self) -> None:
        """Practice: take back the last response (nothing happens at the start).  Refused in graded mode."""
        self._refuse_in_graded("taken back")
        if self.value["path"]:
            self.value = {"path": self.answer["path"][:-1]}

    def restart(self) -> None:
        """Practice: clear every response, so the conversation starts again.  Refused in graded mode."""
        self._refuse_in_graded("cleared")
        self.value = _empty()

    def _refuse_in_graded(self, done: str) -> None:
        if self.mode == "graded":
            raise ValueError(
                f"In a graded role-play a response cannot be {done}: your first path through the conversation "
                "is the one marked."
            )

    def _reached(self, path: list[dict[str, str]]) -> str:
        at = self._start
        for entry in path:
            at = self._leads_to[at][entry["option"]]
        return at

    def _option_text(self, step_id: str, option_id: str) -> str:
        return next(o["text"] for o in self._steps[step_id]["options"] if o["id"] == option_id)

    def _position(self, path: list[dict[str, str]]) -> dict[str, Any]:
        """The synced ``step`` and ``lines`` for ``path``: the step reached and the conversation up to it."""
        name = self._customer["name"]

        def who(text: str) -> tuple[str, str]:
            return (name, "customer") if _spoken(text) else ("What happens", "narration")

        def said(step_id: str) -> dict[str, Any]:
            step = self._steps[step_id]
            if step.get("ending"):
                return {
                    "key": f"end:{step_id}",
                    "kind": "end",
                    "who": "End of the conversation",
                    "stage_label": "",
                    "text": step["say"],
                    "step": step_id,
                }
            speaker, kind = who(step["say"])
            return {
                "key": f"say:{step_id}",
                "kind": kind,
                "who": speaker,
                "stage_label": PROCEDURE.get(step.get("stage", ""), ""),
                "text": step["say"],
                "step": step_id,
            }

        lines: list[dict[str, Any]] = []
        for entry in path:
            step_id, option_id = entry["step"], entry["option"]
            option = next(o for o in self._steps[step_id]["options"] if o["id"] == option_id)
            lines += [
                said(step_id),
                {
                    "key": f"you:{step_id}:{option_id}",
                    "kind": "you",
                    "who": "You",
                    "stage_label": "",
                    "text": option["text"],
                    "step": step_id,
                },
            ]
            if option.get("reply"):
                speaker, kind = who(option["reply"])
                lines.append(
                    {
                        "key": f"reply:{step_id}:{option_id}",
                        "kind": "reply" if kind == "customer" else kind,
                        "who": speaker,
                        "stage_label": "",
                        "text": option["reply"],
                        "step": step_id,
                    }
                )
        at = self._reached(path)
        lines.append(said(at))
        step = self._steps[at]
        texts = {o["id"]: o["text"] for o in step.get("options", [])}
        shown = {
            "id": at,
            "number": len(path) + 1,
            "stage": step.get("stage", ""),
            "stage_label": PROCEDURE.get(step.get("stage", ""), ""),
            "say": step["say"],
            "ending": at in self._endings,
            "options": [{"id": o, "text": texts[o]} for o in self._order.get(at, [])],
        }
        return {"step": shown, "lines": lines}

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
        at = self._start
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
                    f"(responses: {', '.join(sorted(self._order[at]))})"
                )
            path.append({"step": step, "option": option})
            at = self._leads_to[at][option]
        if self.mode == "graded" and not self._restoring:
            kept = self.value["path"]
            if path[: len(kept)] != kept:
                raise TraitError(
                    f"a graded role-play keeps the responses already chosen ({_responses(len(kept))}): "
                    f"{FINAL[:-1].lower()}, so a new path must carry on from them"
                )
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
            if self.finished:
                text += " This first path is the one marked after you submit."
            elif count:
                text += " Each response is final; your path is marked after you submit."
            else:
                text += f" {FINAL} Your answer is saved as you go."
        self.status_kind = "ok"
        self.status = text

    def _stale_feedback(self, old: Any, new: Any) -> None:
        return None  # any change of the path changes which later responses were the strongest open

    @observe("value")
    def _on_value(self, change: dict[str, Any]) -> None:
        position = self._position(change["new"]["path"])
        self.step, self.lines = position["step"], position["lines"]
        super()._on_value(change)  # clears stale feedback, saves, shows the status
        if self.mode == "practice" and self.finished and not self.feedback:
            self.check()  # practice: the conversation has ended, so show how it was handled

    def _handle_message(self, widget: Any, content: Any, buffers: Any) -> None:
        """What the front end sends: the learner's choice at a step, back and start again (practice), check."""
        kind = content.get("type") if isinstance(content, dict) else None
        try:
            if kind == "choose":
                # a choice for a step already left (a second click on its way) is not a choice at this one
                if content.get("step") == self.current_step and isinstance(content.get("option"), str):
                    self.choose(content["option"])
            elif kind == "back":
                self.back()
            elif kind == "restart":
                self.restart()
            else:
                super()._handle_message(widget, content, buffers)
        except ValueError as problem:
            self.notice = str(problem)
        if kind in {"choose", "back", "restart"}:
            self.send({"type": "done"})  # the front end waits for this before it takes the next choice

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
                "better_text": "" if choice.best else self._option_text(choice.step, choice.better),
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
