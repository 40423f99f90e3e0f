"""The sequencer's check: steps in order (and their stages), by the rule in :mod:`logiserve.content.sequencer`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from logiserve._plain import NotPlain, describe, listing, plain_mapping_of_str, plain_str, plain_str_list
from logiserve.content.sequencer import best_order, chance_run, longest_run_in_order, order_credit, stage_credit

from ._common import plain_id_list, take, takes_back
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


def _right_order(order: Any) -> list[str | list[str]]:
    """The key's order as plain values: step ids, or groups (lists) of steps in any order among themselves."""
    if isinstance(order, str | bytes) or not isinstance(order, list | tuple):
        raise ValueError("order must list the step ids, first step first")
    out: list[str | list[str]] = []
    for entry in order:
        if isinstance(entry, list | tuple):
            group = plain_str_list(entry)
            if len(group) < 2:
                raise ValueError("a group in order must hold at least two steps")
            out.append(group)
        else:
            out.append(plain_str(entry))
    steps = [step for entry in out for step in ([entry] if isinstance(entry, str) else entry)]
    if not steps:
        raise ValueError("order must hold at least one step")
    if len(set(steps)) != len(steps):
        raise ValueError("order must name each step once")
    return out


def _right_stages(stages: Mapping[str, Any], steps: list[str]) -> dict[str, list[str]]:
    """The key's stages as plain values: for every step, the stages that are right for it."""
    accepted = {
        plain_str(step): [plain_str(s) for s in value] if isinstance(value, list | tuple) else [plain_str(value)]
        for step, value in stages.items()
    }
    if set(accepted) != set(steps) or not all(accepted.values()):
        raise ValueError("stages must give the stage of every step in order, and no other step")
    return accepted


def _mark_stages(
    placed: list[str],
    given_stages: Mapping[str, str],
    accepted: Mapping[str, list[str]],
    name: Callable[[str], str],
    stage_label: Mapping[str, str],
    reveal: bool,
) -> tuple[float, list[str]]:
    """The stages' share of the credit (:func:`logiserve.content.sequencer.stage_credit`), and their messages."""
    credit = stage_credit(given_stages, accepted, placed)
    n, wrong_stage = len(accepted), credit.wrong
    messages = [f"{len(credit.right)} of {n} stages right."]
    no_stage = [step for step in placed if step not in given_stages]
    if wrong_stage:
        if reveal:
            messages += [
                f"{name(step)} belongs in {' or '.join(stage_label.get(s, s) for s in accepted[step])}."
                for step in wrong_stage
            ]
        else:
            messages.append(f"Look again at the stage of: {listing([name(step) for step in wrong_stage])}.")
        messages.append(
            f"Each wrong stage takes back {takes_back(credit.weight)}, so that one stage for every step earns "
            f"nothing (one stage fits {credit.fits} of the {n} steps)"
            + (": the stages earn nothing here." if credit.share == 0 else ".")
        )
    if no_stage:
        messages.append(f"No stage chosen for: {listing([name(step) for step in no_stage])}.")
    if any(step not in placed for step in given_stages):
        messages.append("Stages of steps that are not placed do not count.")
    return credit.share, messages


def _where(step: str, order: list[str | list[str]], n: int) -> str:
    """Where ``step`` belongs, for a practice message: ``step 3 of 8`` or ``one of steps 1 to 3 of 8``."""
    first = 1
    for entry in order:
        group = [entry] if isinstance(entry, str) else entry
        if step in group:
            return (
                f"step {first} of {n}"
                if len(group) == 1
                else f"one of steps {first} to {first + len(group) - 1} of {n}"
            )
        first += len(group)
    return f"not a step of {n}"


def check_sequence(
    answer: Any,
    order: Any,
    *,
    points: float,
    stages: Mapping[str, Any] | None = None,
    also_right: Sequence[Any] = (),
    labels: Mapping[str, str] | None = None,
    stage_labels: Mapping[str, str] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a sequence of steps, and the stage of each step when the exercise has stages, beyond what guessing earns.

    With ``n`` steps in the right ``order``:

    * order credit: the longest run of the learner's placed steps that follows the right order
      (not necessarily side by side), beyond the run a random order of those steps keeps by
      luck: ``max(0, (run - chance) / (n - chance))``
      (:func:`logiserve.content.sequencer.order_credit`).  The right order earns 1; swapping two
      neighbours of 13 steps keeps 12 in order and earns 0.87; a random order earns about nothing;
    * stage credit (:func:`logiserve.content.sequencer.stage_credit`): each placed step with a
      right stage earns ``1 / n``, each with a wrong stage takes back ``weight / n``, where the
      weight makes one stage for every step earn nothing.

    With ``stages`` the score is ``points * (order credit + stage credit) / 2``; without,
    ``points * order credit``.  Steps not placed earn nothing (and cost nothing beyond that);
    steps not in the exercise are ignored, and a step placed twice counts at its first place.

    **Expected score under guessing** (the course's items are played by ``tests/validity``,
    whose table is ``docs/validity.md``): a uniformly random order earns about 13 % of the order
    credit for 5 steps, 8 % for 8 and 5 % for 13; one stage for every step earns no stage
    credit, and random stages about none.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"order": [step ids], "stages": {step_id: stage_id}}``
        (e.g. ``sequencer.answer``), or just a list of step ids in order.
    order:
        The right order: every step id, first step first.  An entry may be a list of steps whose
        order among themselves does not matter (``["log", ["acknowledge", "empathise"], ...]``).
    points:
        What the exercise is worth.
    stages:
        The right stage of every step, ``{step_id: stage_id}``, when the exercise has stages; a
        step may accept more than one stage (``{"invoicing": ["transaction", "post_transaction"]}``).
    also_right:
        Other orders that are right too (each of the same steps, written as ``order`` is), for a
        step whose place the textbooks disagree on: the order earns the credit of the right order
        it follows best, and its messages speak of that one.
    labels, stage_labels:
        Display names for steps and stages, for the messages.
    reveal:
        Name the right position and stage of the steps to look at again (practice);
        by default the messages only name those steps (graded).

    Examples
    --------
    >>> result = check_sequence({"order": ["a", "b", "d", "c", "e"], "stages": {}}, ["a", "b", "c", "d", "e"], points=5)
    >>> result.points  # a run of 4 of 5; a random order of 5 keeps about 2.79: 5 * (4 - 2.79) / (5 - 2.79)
    2.74
    >>> result.messages[0]
    '4 of 5 steps in the right order (longest run in order).'
    >>> check_sequence(["b", "a", "c"], [["a", "b"], "c"], points=2).points  # a and b in either order
    2.0
    >>> check_sequence(["a", "c", "b"], ["a", "b", "c"], also_right=[["a", "c", "b"]], points=2).points
    2.0
    """
    right_order = _right_order(order)
    steps = [step for entry in right_order for step in ([entry] if isinstance(entry, str) else entry)]
    if isinstance(also_right, str | bytes) or not isinstance(also_right, Sequence):
        raise ValueError("also_right must list other right orders, each as order is written")
    alternatives = [right_order, *(_right_order(other) for other in also_right)]
    for other in alternatives[1:]:
        other_steps = [step for entry in other for step in ([entry] if isinstance(entry, str) else entry)]
        if sorted(other_steps) != sorted(steps):
            raise ValueError("every order in also_right must hold the same steps as order")
    accepted = _right_stages(stages, steps) if stages is not None else None
    step_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    stage_label = {k: plain_str(v) for k, v in (stage_labels or {}).items()}
    given, refused = take(answer, _plain_sequence, points, "put the steps in order")
    if refused:
        return refused
    given_order, given_stages = given
    n = len(steps)
    known = set(steps)
    placed: list[str] = []
    for step in given_order:
        if step in known and step not in placed:
            placed.append(step)
    unknown = sorted({step for step in given_order if step not in known})
    repeated = len(given_order) - len(placed) - sum(given_order.count(step) for step in unknown)
    right_order = list(best_order(placed, alternatives))
    run = longest_run_in_order(placed, right_order)

    def name(step: str) -> str:
        return step_label.get(step, step)

    messages = [f"{len(run)} of {n} steps in the right order (longest run in order)."]
    order_share = order_credit(len(run), placed, right_order)
    if len(run) < n and placed:
        chance = float(chance_run(placed, right_order))
        messages.append(
            f"A random order of the {len(placed)} steps you placed keeps about {chance:.1f} in order by luck, "
            "so the order earns credit only for a run longer than that"
            + (": it earns nothing here." if order_share == 0 else ".")
        )
    out_of_order = [step for step in placed if step not in run]
    if out_of_order:
        if reveal:
            messages += [f"{name(step)} is {_where(step, right_order, n)}." for step in out_of_order]
        else:
            messages.append(f"Look again at the place of: {listing([name(step) for step in out_of_order])}.")
    if accepted is None:
        score = points * order_share
    else:
        stage_share, stage_messages = _mark_stages(placed, given_stages, accepted, name, stage_label, reveal)
        messages += stage_messages
        score = points * (order_share + stage_share) / 2
    unplaced = [step for step in steps if step not in placed]
    if unplaced:
        messages.append(f"Not placed: {listing([name(step) for step in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} step(s) named are not in this exercise; ignored.")
    if repeated:
        messages.append("Some steps are placed more than once; only the first place counts.")
    return CheckResult(score, points, tuple(messages))
