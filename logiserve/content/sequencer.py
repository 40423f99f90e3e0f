"""The sequencer kind: the steps of a process put in order, each given its stage when there are stages.

Its content rules (beyond its schema, ``schemas/sequencer.schema.json``) and its marking
rule, :func:`longest_run_in_order`, used by both the widget's practice feedback
(:class:`logiserve.widgets.StepSequencer`) and the graded check
(:func:`logiserve.autograder.check_sequence`), so the two always agree; and the credit the check
gives beyond what guessing earns (:func:`order_credit`, :func:`stage_credit`).  A right order
may hold groups of steps whose order among themselves does not matter (:func:`step_places`).  It also says in which
order the widget shows the steps to place (:func:`pool_order`), what of a saved answer a sequencer
restores (:func:`usable_answer`) and how its steps and stages are named (:func:`answer_labels`,
:func:`stage_labels`), so the widget and the grader, which reads ``answers.json`` without building
a widget, agree.

**The order shown.**  The pool lists the steps in the learner's own order
(:func:`logiserve.shuffle.learner_order`), never in the right order (:func:`right_order`), in
graded and practice mode alike: a practice exercise's steps are often written in the right order
too, so its authored order cannot be shown either.  The stages keep their authored order: their
names say when each happens, so shuffling them would hide nothing.  The order is only how the
steps are shown: an answer is saved and marked by step id, never by place in the pool.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

from logiserve.chance import best_blind_guess, beyond_chance, expected_longest_run, wrong_weight

from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "KIND",
    "SCHEMA",
    "Place",
    "StageCredit",
    "answer_labels",
    "best_order",
    "chance_run",
    "check_content",
    "longest_run_in_order",
    "order_credit",
    "pool_order",
    "right_order",
    "stage_credit",
    "stage_labels",
    "step_marks",
    "step_places",
    "usable_answer",
]

KIND = "sequencer"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "sequencer.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""


Place = str | list[str]
"""One place of a right order: a step id, or a group of step ids that may come in any order among themselves."""


def step_places(order: Sequence[Place]) -> dict[str, int]:
    """Each step's place (0 for the first) in a right order whose entries are step ids or groups of them.

    >>> step_places(["log", ["acknowledge", "empathise"], "investigate"])
    {'log': 0, 'acknowledge': 1, 'empathise': 1, 'investigate': 2}
    """
    places: dict[str, int] = {}
    for place, entry in enumerate(order):
        for step in [entry] if isinstance(entry, str) else entry:
            places[step] = place
    return places


def longest_run_in_order(sequence: list[str], order: Sequence[Place]) -> list[str]:
    """The longest part of ``sequence`` that follows ``order``, keeping the learner's sequence.

    ``order`` lists the steps, first step first; an entry may be a group (a list) of steps that
    may come in any order among themselves.  Steps not in ``order`` are skipped, and a step
    placed twice counts at its first place.  When several runs are equally long, the same one is
    always chosen, so the widget's feedback and :func:`check_sequence` agree.

    Examples
    --------
    >>> longest_run_in_order(["a", "c", "b", "d", "e"], ["a", "b", "c", "d", "e"])
    ['a', 'b', 'd', 'e']
    >>> longest_run_in_order(["c", "b", "a"], ["a", "b", "c"])
    ['a']
    >>> longest_run_in_order(["b", "a", "c"], [["a", "b"], "c"])  # a and b in either order
    ['b', 'a', 'c']
    """
    rank = step_places(order)
    seen: set[str] = set()
    steps: list[str] = []
    for step in sequence:
        if step in rank and step not in seen:
            seen.add(step)
            steps.append(step)
    # Patience sorting: tails[k] is the index (in steps) ending the best run of length k + 1; steps of
    # one place (a group) may follow each other, so a run's places need only not go down.
    tails: list[int] = []
    tail_ranks: list[int] = []
    before: list[int] = [-1] * len(steps)
    for index, step in enumerate(steps):
        k = bisect_right(tail_ranks, rank[step])
        if k:
            before[index] = tails[k - 1]
        if k == len(tails):
            tails.append(index)
            tail_ranks.append(rank[step])
        else:
            tails[k], tail_ranks[k] = index, rank[step]
    run: list[str] = []
    index = tails[-1] if tails else -1
    while index >= 0:
        run.append(steps[index])
        index = before[index]
    return run[::-1]


def chance_run(placed: Sequence[str], order: Sequence[Place]) -> Fraction:
    """The run in order that a random order of the steps ``placed`` keeps by luck, on average (exact).

    Steps of one group of ``order`` count as one place, as :func:`longest_run_in_order` counts them.

    >>> chance_run(["a", "b", "c"], ["a", "b", "c", "d"])
    Fraction(2, 1)
    >>> chance_run(["a", "b", "c"], [["a", "b"], "c"])  # a and b may swap: 7 of 3 orders' run lengths
    Fraction(7, 3)
    """
    rank = step_places(order)
    return expected_longest_run(Counter(rank[step] for step in placed if step in rank).values())


def order_credit(run: int, placed: Sequence[str], order: Sequence[Place]) -> float:
    """The order's share of the credit: the run beyond what a random order of the placed steps keeps.

    ``max(0, (run - chance) / (n - chance))`` with ``n`` the steps of ``order`` and ``chance`` the
    :func:`chance_run` of the steps placed, so a random order of every step earns about nothing
    (its run is as often below ``chance`` as above it), the right order earns 1, and a step left
    out costs no more than the luck it would have brought.

    Under guessing (a uniformly random order of every step) the expected share is about 0.13 for 5
    steps, 0.08 for 8 and 0.05 for 13 (``tests/validity`` plays it).

    >>> order_credit(3, ["a", "b", "c"], ["a", "b", "c"])
    1.0
    >>> order_credit(2, ["a", "c", "b"], ["a", "b", "c"])  # swapping two neighbours of 3
    0.0
    >>> round(order_credit(4, ["a", "b", "d", "c", "e"], ["a", "b", "c", "d", "e"]), 3)
    0.547
    """
    n = sum(1 if isinstance(entry, str) else len(entry) for entry in order)
    return beyond_chance(run, float(chance_run(placed, order)), n)


def best_order(placed: Sequence[str], orders: Sequence[Sequence[Place]]) -> Sequence[Place]:
    """Of the right ``orders`` (the key's first), the one the steps ``placed`` earn most order credit by.

    An exercise whose textbooks disagree on a step's place has more than one right order; an
    answer is marked by the one it follows best (the first of equals).

    >>> best_order(["a", "c", "b"], [["a", "b", "c"], ["a", "c", "b"]])
    ['a', 'c', 'b']
    """
    return max(orders, key=lambda order: order_credit(len(longest_run_in_order(list(placed), order)), placed, order))


def step_marks(
    given: Sequence[str],
    orders: Sequence[Sequence[Place]],
    given_stages: Mapping[str, str] | None = None,
    accepted: Mapping[str, Collection[str]] | None = None,
) -> dict[str, float]:
    """Each step's own mark, for item analysis: in the longest run in order, and (with stages) its stage right.

    The steps placed are those of ``given`` in the exercise, each at its first place; the order is
    the right one they follow best (:func:`best_order`).  A step earns 1 when it is in the longest
    run in order (:func:`longest_run_in_order`), else 0; with ``accepted`` stages, the mean of that
    and 1 for a right stage (:func:`stage_credit`'s right ones), so 0, 0.5 or 1.  A step not placed
    earns 0.  In the steps' order of the key's first order.

    >>> step_marks(["a", "c", "b"], [["a", "b", "c"]])
    {'a': 1.0, 'b': 1.0, 'c': 0.0}
    >>> step_marks(["a", "b"], [["a", "b", "c"]], {"a": "x", "b": "x"}, {"a": ["x"], "b": ["y"], "c": ["y"]})
    {'a': 1.0, 'b': 0.5, 'c': 0.0}
    """
    steps = list(step_places(orders[0]))
    placed = list(dict.fromkeys(step for step in given if step in set(steps)))
    run = set(longest_run_in_order(placed, best_order(placed, orders)))
    if accepted is None:
        return {step: float(step in run) for step in steps}
    staged = set(stage_credit(given_stages or {}, accepted, placed).right)
    return {step: ((step in run) + (step in staged)) / 2 for step in steps}


class StageCredit(NamedTuple):
    """The stages of a sequence marked: their share of the credit, and how it was found."""

    share: float
    """``max(0, right - weight * wrong) / n``: the stages' share of the credit, 0 to 1."""
    right: list[str]
    """Placed steps given a right stage, in the learner's order."""
    wrong: list[str]
    """Placed steps given a stage that is not right for them."""
    weight: Fraction
    """How much of a right stage a wrong one takes back."""
    fits: int
    """How many steps one stage for every step would get right (the best blind guess)."""


def stage_credit(
    given: Mapping[str, str], accepted: Mapping[str, Collection[str]], placed: Sequence[str]
) -> StageCredit:
    """The stages' share of the credit, beyond what one stage for every step earns.

    ``accepted`` gives, for every step, the stages that are right for it (usually one).  A right
    stage earns ``1 / n``; a wrong one takes back ``weight / n``, where ``weight`` makes one stage
    for every step net nothing (the most steps one stage fits, ``m``: ``weight = m / (n - m)``); a
    step without a stage, or not placed, earns nothing.  So one stage for everything, or stages at
    random, earn about nothing: with 13 steps of which one stage fits 10, each wrong stage takes
    back 10/3 of a right one.

    >>> accepted = {"enquiry": ["pre"], "picking": ["transaction"], "packing": ["transaction"], "returns": ["post"]}
    >>> stage_credit(dict.fromkeys(accepted, "transaction"), accepted, list(accepted))
    StageCredit(share=0.0, right=['picking', 'packing'], wrong=['enquiry', 'returns'], weight=Fraction(1, 1), fits=2)
    >>> stage_credit({**dict.fromkeys(accepted, "transaction"), "enquiry": "pre"}, accepted, list(accepted)).share
    0.5
    """
    right = [step for step in placed if step in given and given[step] in accepted[step]]
    wrong = [step for step in placed if step in given and given[step] not in accepted[step]]
    choices = [set(stages) for stages in accepted.values()]
    weight = wrong_weight(choices)
    share = max(0.0, float(len(right) - weight * len(wrong)) / len(accepted))
    return StageCredit(share, right, wrong, weight, best_blind_guess(choices))


def _empty() -> dict[str, Any]:
    return {"order": [], "stages": {}}


def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """What of a saved answer a sequencer of ``content`` restores, and what it drops.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when nothing.

    Returns
    -------
    tuple
        The answer ``{"order": [step ids], "stages": {step id: stage id}}``: the content's
        steps in their saved order, each once (its first place), and the stages of the steps
        kept that name a stage of the content, in the order of the steps (``{"order": [],
        "stages": {}}`` when nothing is usable); and what was dropped, as words for the
        learner (``""`` when nothing was).

    Examples
    --------
    >>> content = {"steps": [{"id": "pick"}, {"id": "pack"}], "stages": [{"id": "warehouse"}]}
    >>> usable_answer(content, {"order": ["pack", "ghost", "pick", "pack"], "stages": {"pick": "warehouse"}})
    ({'order': ['pack', 'pick'], 'stages': {'pick': 'warehouse'}}, '2 entries named unknown steps or stages')
    >>> usable_answer(content, {"order": "pack"})
    ({'order': [], 'stages': {}}, 'expected a list of steps and their stages')
    >>> usable_answer(content, None)
    ({'order': [], 'stages': {}}, '')
    """
    if saved is None:
        return _empty(), ""
    if not isinstance(saved, dict):
        return _empty(), f"expected a step sequence, found {type(saved).__name__}"
    step_ids = {step["id"] for step in content["steps"]}
    stage_ids = {stage["id"] for stage in content.get("stages", [])}
    saved_order = saved.get("order", [])
    saved_stages = saved.get("stages", {})
    if not isinstance(saved_order, list) or not isinstance(saved_stages, dict):
        return _empty(), "expected a list of steps and their stages"
    order: list[str] = []
    for step in saved_order:
        if isinstance(step, str) and step in step_ids and step not in order:
            order.append(step)
    stages = {k: v for k, v in saved_stages.items() if k in order and isinstance(v, str) and v in stage_ids}
    skipped = len(saved_order) - len(order) + len(saved_stages) - len(stages)
    return {"order": order, "stages": {step: stages[step] for step in order if step in stages}}, (
        f"{skipped} entr{'y' if skipped == 1 else 'ies'} named unknown steps or stages" if skipped else ""
    )


def right_order(content: Mapping[str, Any]) -> list[str]:
    """The step ids in the right order as the content gives it: by ``position``, else in content order.

    A graded exercise carries no positions (its key is in the hidden test), and its steps are
    written in a right order, first step first; that is the order its pool must never show.

    >>> right_order({"steps": [{"id": "pack", "position": 2}, {"id": "pick", "position": 1}]})
    ['pick', 'pack']
    >>> right_order({"steps": [{"id": "pick"}, {"id": "pack"}]})
    ['pick', 'pack']
    """
    steps = content["steps"]
    positions = {step["id"]: step["position"] for step in steps if "position" in step}
    return sorted(positions, key=positions.__getitem__) if positions else [step["id"] for step in steps]


def pool_order(
    content: Mapping[str, Any], *, exercise_id: str, learner: str | None = None, course: str | None = None
) -> list[str]:
    """The step ids in the order the widget's pool shows them: this learner's own order, never a right one.

    The order is :func:`logiserve.shuffle.learner_order`'s, seeded by the course, the assignment,
    the learner (found at call time: the autograde folder, ``LOGISERVE_LEARNER`` or
    ``JUPYTERHUB_USER``, as :func:`logiserve.variants.find_learner` finds it) and the exercise: the
    same learner sees the same pool after a restart, in ``nbgrader validate`` and at autograde,
    and two learners almost always see different pools, so "the steps as the pool lists them" is
    no answer anyone can share.  The pool is never in :func:`right_order` (with two steps or more).
    Practice exercises are shown in the learner's order too: their authored order is often the
    right one, and one rule for both modes keeps the widget simple.

    The stages keep their authored order (:func:`stage_labels`): their names say when each stage
    happens (pre-transaction, transaction, post-transaction), so a shuffled list would hide
    nothing and only make the choice harder to read.

    When the graded key lets a group of steps come in any order among themselves, the widget,
    which holds no key, avoids only the authored order: another order of the group is a right
    one too, and a pool lands on one of those with a chance of about ``(g! - 1) / n!`` for a group
    of ``g`` of ``n`` steps (5 in 40,320 for ``04_complaints.procedure_order``).

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    exercise_id:
        The exercise, ``"NN_topic.name"``; its assignment is part of the seed.
    learner, course:
        Whose order, in which course; by default the learner of this kernel and the course's id
        (tests and ``tests/validity`` name them).

    >>> content = {"steps": [{"id": "a", "position": 1}, {"id": "b", "position": 2}, {"id": "c", "position": 3}]}
    >>> pool_order(content, exercise_id="02_service_cycle.demo", learner="amira", course="demo-course")
    ['c', 'b', 'a']
    >>> pool_order(content, exercise_id="02_service_cycle.demo", learner="ben", course="demo-course")
    ['b', 'c', 'a']
    """
    ids = [step["id"] for step in content["steps"]]
    from logiserve.shuffle import learner_order  # here: logiserve.shuffle imports variants, which imports content

    return learner_order(ids, exercise_id=exercise_id, avoid=[right_order(content)], learner=learner, course=course)


def answer_labels(
    content: Mapping[str, Any], *, exercise_id: str, learner: str | None = None, course: str | None = None
) -> dict[str, str]:
    """The steps' labels by step id, in the pool's order (:func:`pool_order`), as the widget's ``labels`` gives them.

    Only the order of the labels depends on the learner; a label is always found by its step's id.

    >>> content = {"steps": [{"id": "a", "label": "Pick"}, {"id": "b", "label": "Pack"}]}
    >>> answer_labels(content, exercise_id="02_service_cycle.demo", learner="amira", course="demo-course")
    {'b': 'Pack', 'a': 'Pick'}
    """
    label = {step["id"]: step["label"] for step in content["steps"]}
    return {step: label[step] for step in pool_order(content, exercise_id=exercise_id, learner=learner, course=course)}


def stage_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """The stages' labels by stage id, in content order (empty when the exercise has no stages).

    >>> stage_labels({"steps": [], "stages": [{"id": "warehouse", "label": "In the warehouse"}]})
    {'warehouse': 'In the warehouse'}
    """
    return {stage["id"]: stage["label"] for stage in content.get("stages", [])}


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say about a sequencer's content: unique ids, positions 1 to n, stages that exist."""
    problems: list[str] = check_syllabus_ids(prefix, content)
    steps = content["steps"]
    stage_ids = [s["id"] for s in content.get("stages", [])]
    for what, ids in (("stages", stage_ids), ("steps", [s["id"] for s in steps])):
        repeated = repeated_ids(ids)
        if repeated:
            problems.append(f"{prefix}.{what}: ids must be unique; repeated: {', '.join(repeated)}")
    return problems + _position_problems(prefix, steps) + _stage_problems(prefix, steps, stage_ids)


def _position_problems(prefix: str, steps: list[Mapping[str, Any]]) -> list[str]:
    """The steps' positions, where given, must be 1 to n, each used once."""
    problems: list[str] = []
    n = len(steps)
    positions = [step["position"] for step in steps if "position" in step]
    for index, step in enumerate(steps):
        if "position" in step and not 1 <= step["position"] <= n:
            problems.append(
                f"{prefix}.steps[{index}].position: {step['position']} is outside 1 to {n} (there are {n} steps)"
            )
    if positions:
        repeated_positions = sorted({p for p in positions if positions.count(p) > 1})
        missing = [p for p in range(1, n + 1) if p not in positions]
        if repeated_positions or missing:
            text = f"{prefix}.steps: positions must be 1 to {n}, each used once"
            if repeated_positions:
                text += f"; repeated: {', '.join(map(str, repeated_positions))}"
            if missing:
                text += f"; missing: {', '.join(map(str, missing))}"
            problems.append(text)
    return problems


def _stage_problems(prefix: str, steps: list[Mapping[str, Any]], stage_ids: list[str]) -> list[str]:
    """Each step's stage and its stage feedback must name stages of the exercise (and there must be stages)."""
    problems: list[str] = []
    known = ", ".join(stage_ids)
    for index, step in enumerate(steps):
        where = f"{prefix}.steps[{index}]"
        stage_feedback = step.get("feedback", {}).get("stage", {})
        if not stage_ids:
            if "stage" in step:
                problems.append(f"{where}.stage: this exercise has no stages; remove 'stage' or add 'stages'")
            if stage_feedback:
                problems.append(f"{where}.feedback.stage: this exercise has no stages; remove it or add 'stages'")
            continue
        if "stage" in step and step["stage"] not in stage_ids:
            problems.append(f"{where}.stage: {step['stage']!r} is not a stage of this exercise (stages: {known})")
        for stage in stage_feedback:
            if stage not in stage_ids:
                problems.append(f"{where}.feedback.stage.{stage}: not a stage of this exercise (stages: {known})")
            elif stage == step.get("stage"):
                problems.append(
                    f"{where}.feedback.stage.{stage}: feedback is for wrong stages; "
                    "this is the step's right stage (use 'explain' instead)"
                )
    return problems
