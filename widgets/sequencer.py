"""StepSequencer: the learner puts the steps of a process in order, and gives each step its stage."""

from __future__ import annotations

import pathlib
from collections.abc import Mapping
from typing import Any

from traitlets import Dict, List, TraitError, default, validate

from logiserve import syllabus
from logiserve.content import sequencer as _content

from ._exercise import REVEAL_AFTER_WRONG_CHECKS, ExerciseWidget
from ._frontend import front_end

__all__ = ["StepSequencer"]

_HERE = pathlib.Path(__file__).parent


def _empty() -> dict[str, Any]:
    return {"order": [], "stages": {}}


class StepSequencer(ExerciseWidget):
    """Put steps in order (and give each its stage), by drag and drop, by buttons, or by keyboard.

    Every step starts in the "Steps to place" pool, in the learner's own order (the same for
    that learner in every kernel, different for others, never a right order:
    :func:`logiserve.content.sequencer.pool_order`), and the sequence starts empty.  The
    answer is a plain mapping (:attr:`answer`)::

        {"order": [step ids placed, first step first], "stages": {step_id: stage_id}}

    ``order`` holds only the steps placed so far; ``stages`` only placed steps (and
    stays empty when the exercise has no stages).  The answer is saved to
    ``answers.json`` on every change and restored when the widget is created again
    for the same ``exercise_id`` (after a kernel restart, in ``nbgrader validate`` and
    in autograding).

    In *practice* mode the content carries the key: the learner's **Check** button
    (or :meth:`check`) says, for each placed step, whether it is in order (part of the
    longest run of the sequence that follows the right order) and whether its stage is
    right, naming the misconception where the content has one; after two wrong checks
    of a step it reveals the step's place and stage.  In *graded* mode there is no key
    in the kernel at all; the widget only shows that the answer is saved, and a hidden
    test cell marks it (:func:`logiserve.autograder.check_sequence`).

    Parameters
    ----------
    exercise_id:
        Stable id, ``"NN_topic.name"``; the key in ``answers.json``.
    content:
        The exercise's content (see ``logiserve/content/schemas/sequencer.schema.json``).
    store:
        Where answers are saved; ``answers.json`` in the working directory by default.

    Examples
    --------
    >>> sequencer = StepSequencer.from_file("exercises.yaml", "02_service_cycle.parcel_journey")  # doctest: +SKIP
    >>> sequencer  # doctest: +SKIP
    """

    _esm, _css = front_end(_HERE / "sequencer.js", _HERE / "sequencer.css")

    KIND = _content.KIND
    RESTORE_HINT = "Check your sequence below."

    stages = List(Dict(), help="Stages as {id, label, hint}, in display order; empty when there are none.").tag(
        sync=True
    )
    steps = List(Dict(), help="Steps as {id, label, detail}, in the learner's own pool order; never the key.").tag(
        sync=True
    )
    value = Dict(help="The learner's answer: {order: [placed step ids], stages: {step id: stage id}}.").tag(sync=True)
    feedback = Dict(
        help=(
            "Practice feedback by step id: {in_order, stage_correct (None without stages), message, "
            "misconception (syllabus id), misconception_title}."
        )
    ).tag(sync=True)

    def _read_key(self, content: Mapping[str, Any]) -> None:
        steps = content["steps"]
        self._positions = {s["id"]: s["position"] for s in steps if "position" in s}
        self._key_stages = {s["id"]: s["stage"] for s in steps if "stage" in s}
        self._explain = {s["id"]: s["explain"] for s in steps if "explain" in s}
        self._step_feedback = {s["id"]: s["feedback"] for s in steps if "feedback" in s}

    def _content_traits(self, exercise_id: str, content: Mapping[str, Any]) -> dict[str, Any]:
        by_id = {s["id"]: s for s in content["steps"]}
        return {
            "stages": [
                {"id": s["id"], "label": s["label"], "hint": s.get("hint", "")} for s in content.get("stages", [])
            ],
            "steps": [
                {"id": i, "label": by_id[i]["label"], "detail": by_id[i].get("detail", "")}
                for i in _content.pool_order(content, exercise_id=exercise_id)
            ],
        }

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (e.g. nbgrader's feedback pages).
        labels = self.labels
        stage_label = {s["id"]: s["label"] for s in self.stages}
        order, stages = self.value["order"], self.value["stages"]
        placed = "; ".join(
            f"{number}. {labels[step]}" + (f" ({stage_label[stages[step]]})" if step in stages else "")
            for number, step in enumerate(order, start=1)
        )
        return f"{self.mode.capitalize()} sequencer {self.exercise_id}, {len(order)} of {len(self.steps)} placed" + (
            f". {placed}" if placed else ""
        )

    # -- the answer --------------------------------------------------------------------
    @default("value")
    def _default_value(self) -> dict[str, Any]:
        return _empty()

    @property
    def answer(self) -> dict[str, Any]:
        """The learner's answer as a plain ``{"order": [...], "stages": {...}}`` dict (a copy)."""
        return {"order": list(self.value["order"]), "stages": dict(self.value["stages"])}

    @property
    def labels(self) -> dict[str, str]:
        """Step labels by step id, in the pool's order (as ``content.sequencer.answer_labels``), for messages."""
        return {step["id"]: step["label"] for step in self.steps}

    @property
    def stage_labels(self) -> dict[str, str]:
        """Stage labels by stage id, empty when the exercise has no stages (as ``content.sequencer.stage_labels``)."""
        return {stage["id"]: stage["label"] for stage in self.stages}

    def place(self, step_id: str, position: int | None = None) -> None:
        """Put a step at ``position`` (1 = first) of the sequence, or at the end; a placed step moves there."""
        order = [s for s in self.value["order"] if s != step_id]
        index = len(order) if position is None else min(max(position - 1, 0), len(order))
        order.insert(index, step_id)
        self.value = {"order": order, "stages": dict(self.value["stages"])}

    def remove(self, step_id: str) -> None:
        """Take a step back out of the sequence (and forget its stage), as the learner would."""
        order = [s for s in self.value["order"] if s != step_id]
        stages = {k: v for k, v in self.value["stages"].items() if k != step_id}
        self.value = {"order": order, "stages": stages}

    def set_stage(self, step_id: str, stage_id: str | None) -> None:
        """Give a placed step its stage (``None`` clears it)."""
        stages = dict(self.value["stages"])
        if stage_id is None:
            stages.pop(step_id, None)
        else:
            stages[step_id] = stage_id
        self.value = {"order": list(self.value["order"]), "stages": stages}

    @validate("value")
    def _validate_value(self, proposal: Any) -> dict[str, Any]:
        value = proposal["value"]
        step_ids = {step["id"] for step in self.steps}
        stage_ids = {stage["id"] for stage in self.stages}
        fields = dict(dict.items(value))
        extra = sorted(map(repr, set(fields) - {"order", "stages"}))
        if extra:
            raise TraitError(f"the answer holds only 'order' and 'stages', not {', '.join(extra)}")
        order_value, stages_value = fields.get("order", []), fields.get("stages", {})
        if not isinstance(order_value, list | tuple):
            raise TraitError(f"'order' must be a list of step ids, not {type(order_value).__name__}")
        order: list[str] = []
        for step in order_value:
            plain = str.__str__(step) if isinstance(step, str) else None
            if plain is None or plain not in step_ids:
                raise TraitError(f"{step!r} is not a step of this exercise ({', '.join(sorted(step_ids))})")
            if plain in order:
                raise TraitError(f"{plain!r} is placed twice; each step has one place")
            order.append(plain)
        if not isinstance(stages_value, dict):
            raise TraitError(f"'stages' must map step ids to stage ids, not {type(stages_value).__name__}")
        stages: dict[str, str] = {}
        for step, stage in dict.items(stages_value):
            plain_step = str.__str__(step) if isinstance(step, str) else None
            plain_stage = str.__str__(stage) if isinstance(stage, str) else None
            if plain_step is None or plain_step not in order:
                raise TraitError(f"{step!r} has a stage but is not placed in the sequence")
            if not stage_ids:
                raise TraitError("this exercise has no stages; 'stages' must be empty")
            if plain_stage is None or plain_stage not in stage_ids:
                raise TraitError(f"{stage!r} is not a stage of this exercise ({', '.join(sorted(stage_ids))})")
            stages[plain_step] = plain_stage
        return {"order": order, "stages": {step: stages[step] for step in order if step in stages}}

    # -- the status line and stale feedback ----------------------------------------------
    def _placed(self) -> int:
        return len(self.value["order"])

    def _total(self) -> int:
        return len(self.steps)

    def _stale_feedback(self, old: Any, new: Any) -> set[str] | None:
        old, new = old or _empty(), new or _empty()
        if old.get("order") != new["order"]:
            return None  # a move can change whether other steps are in order
        old_stages, new_stages = old.get("stages", {}), new["stages"]
        return {k for k in set(old_stages) | set(new_stages) if old_stages.get(k) != new_stages.get(k)}

    # -- practice feedback ---------------------------------------------------------------
    def check(self) -> dict[str, dict[str, Any]]:
        """Practice mode: mark every placed step and return the feedback by step id."""
        if self.mode != "practice":
            raise RuntimeError("Graded exercises are marked after you submit, not checked here.")
        has_stages = bool(self.stages)
        stage_label = self.stage_labels
        right_order = sorted(self._positions, key=self._positions.__getitem__)
        order, stages = self.value["order"], self.value["stages"]
        run = set(_content.longest_run_in_order(order, right_order))
        total = len(self.steps)
        feedback: dict[str, dict[str, Any]] = {}
        for step in order:
            in_order = step in run
            chosen = stages.get(step)
            stage_correct = (chosen == self._key_stages[step]) if has_stages else None
            wrong = not in_order or (chosen is not None and stage_correct is False)
            texts: list[str] = []
            misconception = ""
            given = self._step_feedback.get(step, {})
            if not in_order:
                specific = given.get("out_of_order")
                texts.append(
                    specific["message"] if specific else "Out of order. Think about what must happen before this step."
                )
                misconception = specific.get("misconception", "") if specific else ""
            if has_stages and chosen is None:
                texts.append("Choose its stage too.")
            elif stage_correct is False:
                specific = given.get("stage", {}).get(chosen)
                texts.append(
                    specific["message"] if specific else f"Not {stage_label[chosen]}. Look again at when this happens."
                )
                misconception = misconception or (specific.get("misconception", "") if specific else "")
            if wrong:
                self._wrong_checks[step] = self._wrong_checks.get(step, 0) + 1
                if self._wrong_checks[step] >= REVEAL_AFTER_WRONG_CHECKS:
                    where = f"step {self._positions[step]} of {total}"
                    if has_stages:
                        where += f", {stage_label[self._key_stages[step]]}"
                    texts.append(f"Answer: {where}. {self._explain[step]}")
            elif not texts:
                texts.append(self._explain[step])
            feedback[step] = {
                "in_order": in_order,
                "stage_correct": stage_correct,
                "message": " ".join(texts),
                "misconception": misconception,
                "misconception_title": syllabus.load()[misconception].title if misconception else "",
            }
        in_order_count = len(run)
        summary = f"{in_order_count} of {total} steps in order"
        stages_right = sum(f["stage_correct"] is True for f in feedback.values())
        if has_stages:
            summary += f"; {stages_right} of {total} stages right"
        summary += "."
        unplaced = total - len(order)
        if unplaced:
            summary += f" {unplaced} not placed yet."
        elif in_order_count == total and (not has_stages or stages_right == total):
            summary += " Well done: every step is in the right place" + (" and stage." if has_stages else ".")
        self.feedback = feedback
        self.summary = summary
        return feedback
