"""The sequencer's check: steps in order (and their stages), by the rule in :mod:`logiserve.content.sequencer`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from logiserve._plain import NotPlain, describe, listing, plain_mapping_of_str, plain_str, plain_str_list
from logiserve.content.sequencer import longest_run_in_order

from ._common import plain_id_list, take
from ._result import CheckResult

__all__ = ["check_sequence"]


def _plain_sequence(value: Any) -> tuple[list[str], dict[str, str]]:
    """``(order, stages)`` as plain values from the sequencer's answer, or from a list of step ids."""
    shape = "the sequencer's answer {'order': [step ids], 'stages': {step id: stage id}} or a list of step ids"
    if isinstance(value, Mapping):
        pairs = dict.items(value) if isinstance(value, dict) else list(value.items())
        fields = {plain_str(key): val for key, val in pairs if isinstance(key, str)}
        if "order" not in fields:
            raise NotPlain(f"expected {shape}, found a mapping without 'order'")
        order_value, stages_value = fields["order"], fields.get("stages")
    elif isinstance(value, list | tuple):
        order_value, stages_value = value, None
    else:
        raise NotPlain(f"expected {shape}, found {describe(value)}")
    order = plain_id_list(order_value, "'order'", "step")
    if stages_value is None:
        return order, {}
    if not isinstance(stages_value, Mapping):
        raise NotPlain(f"expected 'stages' to map step ids to stage ids, found {describe(stages_value)}")
    return order, plain_mapping_of_str(stages_value)


def _mark_stages(
    placed: list[str],
    given_stages: Mapping[str, str],
    right_stage: Mapping[str, str],
    name: Callable[[str], str],
    stage_label: Mapping[str, str],
    reveal: bool,
) -> tuple[int, list[str]]:
    """How many ``placed`` steps have their right stage, and the messages about the stages."""
    stage_right = [step for step in placed if given_stages.get(step) == right_stage[step]]
    messages = [f"{len(stage_right)} of {len(right_stage)} stages right."]
    wrong_stage = [step for step in placed if step in given_stages and step not in stage_right]
    no_stage = [step for step in placed if step not in given_stages]
    if wrong_stage:
        if reveal:
            messages += [
                f"{name(step)} belongs in {stage_label.get(right_stage[step], right_stage[step])}."
                for step in wrong_stage
            ]
        else:
            messages.append(f"Look again at the stage of: {listing([name(step) for step in wrong_stage])}.")
    if no_stage:
        messages.append(f"No stage chosen for: {listing([name(step) for step in no_stage])}.")
    if any(step not in placed for step in given_stages):
        messages.append("Stages of steps that are not placed do not count.")
    return len(stage_right), messages


def check_sequence(
    answer: Any,
    order: Any,
    *,
    points: float,
    stages: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    stage_labels: Mapping[str, str] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a sequence of steps, and the stage of each step when the exercise has stages.

    With ``n`` steps in the right ``order``:

    * order credit = (length of the longest run of the learner's placed steps that
      follows the right order, not necessarily side by side) / ``n``.  Swapping two
      neighbours of five steps keeps a run of 4 (4/5); a fully reversed order keeps 1 (1/n);
    * stage credit = (placed steps given their right stage) / ``n``.

    With ``stages`` the score is ``points * (order credit + stage credit) / 2``;
    without, ``points * order credit``.  Steps not placed earn nothing; steps not in
    the exercise are ignored, and a step placed twice counts at its first place.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"order": [step ids], "stages": {step_id: stage_id}}``
        (e.g. ``sequencer.answer``), or just a list of step ids in order.
    order:
        The right order: every step id, first step first.
    points:
        What the exercise is worth.
    stages:
        The right stage of every step, ``{step_id: stage_id}``, when the exercise has stages.
    labels, stage_labels:
        Display names for steps and stages, for the messages.
    reveal:
        Name the right position and stage of the steps to look at again (practice);
        by default the messages only name those steps (graded).

    Examples
    --------
    >>> result = check_sequence({"order": ["a", "c", "b"], "stages": {}}, ["a", "b", "c"], points=3)
    >>> result.points
    2.0
    >>> result.messages[0]
    '2 of 3 steps in the right order (longest run in order).'
    """
    right_order = plain_str_list(order)
    if not right_order:
        raise ValueError("order must hold at least one step")
    if len(set(right_order)) != len(right_order):
        raise ValueError("order must name each step once")
    right_stage = plain_mapping_of_str(stages) if stages is not None else None
    if right_stage is not None and set(right_stage) != set(right_order):
        raise ValueError("stages must give the stage of every step in order, and no other step")
    step_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    stage_label = {k: plain_str(v) for k, v in (stage_labels or {}).items()}
    given, refused = take(answer, _plain_sequence, points, "put the steps in order")
    if refused:
        return refused
    given_order, given_stages = given
    n = len(right_order)
    known = set(right_order)
    placed: list[str] = []
    for step in given_order:
        if step in known and step not in placed:
            placed.append(step)
    unknown = sorted({step for step in given_order if step not in known})
    repeated = len(given_order) - len(placed) - sum(given_order.count(step) for step in unknown)
    run = longest_run_in_order(placed, right_order)

    def name(step: str) -> str:
        return step_label.get(step, step)

    position = {step: index + 1 for index, step in enumerate(right_order)}

    messages = [f"{len(run)} of {n} steps in the right order (longest run in order)."]
    order_credit = len(run) / n
    out_of_order = [step for step in placed if step not in run]
    if out_of_order:
        if reveal:
            messages += [f"{name(step)} is step {position[step]} of {n}." for step in out_of_order]
        else:
            messages.append(f"Look again at the place of: {listing([name(step) for step in out_of_order])}.")
    if right_stage is None:
        score = points * order_credit
    else:
        stages_right, stage_messages = _mark_stages(placed, given_stages, right_stage, name, stage_label, reveal)
        messages += stage_messages
        score = points * (order_credit + stages_right / n) / 2
    unplaced = [step for step in right_order if step not in placed]
    if unplaced:
        messages.append(f"Not placed: {listing([name(step) for step in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} step(s) named are not in this exercise; ignored.")
    if repeated:
        messages.append("Some steps are placed more than once; only the first place counts.")
    return CheckResult(score, points, tuple(messages))
