"""Checks used by hidden test cells: each returns a :class:`CheckResult`.

A test cell ends with ``check_...(...).award()``, which prints what the learner
should read and returns the partial credit for nbgrader.  Every check first turns
the learner's answer into plain built-in values (see ``_plain``), so objects that
lie in ``__eq__``, ``__float__`` or ``__str__`` gain nothing, and odd input (None,
the wrong type) earns zero with a message that says what was expected.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from logiserve.complaints import PROCEDURE

from ._plain import NotPlain, describe, plain_mapping_of_str, plain_number, plain_str, plain_str_list
from ._result import CheckResult

__all__ = [
    "CheckResult",
    "ScenarioChoice",
    "ScenarioWalk",
    "check_classification",
    "check_journey",
    "check_names",
    "check_number",
    "check_scenario",
    "check_sequence",
    "check_series",
    "check_text",
    "describe_answer",
    "longest_run_in_order",
    "walk_scenario",
]


def _nothing(points: float, what: str) -> CheckResult:
    return CheckResult(0.0, points, (f"No answer yet: {what}.",))


def _wrong_kind(points: float, problem: NotPlain) -> CheckResult:
    return CheckResult(0.0, points, (f"Your answer could not be marked: {problem}.",))


def _plain_id_list(value: Any, field: str, kind: str) -> list[str]:
    """A list or tuple of ids as plain ``str``, read through the built-in types (lying objects gain nothing)."""
    if isinstance(value, list):
        entries = list(list.__iter__(value))
    elif isinstance(value, tuple):
        entries = list(tuple.__iter__(value))
    else:
        raise NotPlain(f"expected {field} to be a list of {kind} ids, found {describe(value)}")
    out = []
    for entry in entries:
        if not isinstance(entry, str):
            raise NotPlain(f"expected the {kind} ids in {field} to be text, found {describe(entry)}")
        out.append(plain_str(entry))
    return out


def _take(answer: Any, convert: Any, points: float, missing: str) -> tuple[Any, CheckResult | None]:
    """The answer as plain values, or the zero-score result that says why it cannot be marked."""
    if answer is None:
        return None, _nothing(points, missing)
    try:
        return convert(answer), None
    except NotPlain as problem:
        return None, _wrong_kind(points, problem)


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def check_classification(
    answer: Any,
    key: Mapping[str, str],
    *,
    points: float,
    labels: Mapping[str, str] | None = None,
    category_labels: Mapping[str, str] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a sorting answer item by item: ``points * right / items``.

    Parameters
    ----------
    answer:
        The learner's placements, ``{item_id: category_id}`` (e.g. ``sorter.answer``).
    key:
        The right category of every item, ``{item_id: category_id}``.
    points:
        What the exercise is worth.
    labels, category_labels:
        Display names for items and categories, for the messages.
    reveal:
        Name the right category of misplaced items (practice); by default the
        message only names the items to look at again (graded).

    Examples
    --------
    >>> result = check_classification({"a": "x", "b": "x"}, {"a": "x", "b": "y"}, points=2)
    >>> result.points
    1.0
    """
    key = plain_mapping_of_str(key)
    if not key:
        raise ValueError("key must map at least one item to its category")
    item_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    cat_label = {k: plain_str(v) for k, v in (category_labels or {}).items()}
    given, refused = _take(answer, plain_mapping_of_str, points, "place each item in a category")
    if refused:
        return refused
    right = [item for item in key if given.get(item) == key[item]]
    wrong = [item for item in key if item in given and given[item] != key[item]]
    unplaced = [item for item in key if item not in given]
    unknown = [item for item in given if item not in key]
    name = lambda item: item_label.get(item, item)  # noqa: E731
    messages = [f"{len(right)} of {len(key)} items placed correctly."]
    if wrong:
        if reveal:
            messages += [f"{name(i)} belongs in {cat_label.get(key[i], key[i])}." for i in wrong]
        else:
            messages.append(f"Look again at: {_listing([name(i) for i in wrong])}.")
    if unplaced:
        messages.append(f"Not placed: {_listing([name(i) for i in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} placement(s) named items that are not in this exercise; ignored.")
    return CheckResult(points * len(right) / len(key), points, tuple(messages))


def longest_run_in_order(sequence: list[str], order: list[str]) -> list[str]:
    """The longest part of ``sequence`` that follows ``order``, keeping the learner's sequence.

    Steps not in ``order`` are skipped, and a step placed twice counts at its first
    place.  When several runs are equally long, the same one is always chosen, so
    the widget's feedback and :func:`check_sequence` agree.

    Examples
    --------
    >>> longest_run_in_order(["a", "c", "b", "d", "e"], ["a", "b", "c", "d", "e"])
    ['a', 'b', 'd', 'e']
    >>> longest_run_in_order(["c", "b", "a"], ["a", "b", "c"])
    ['a']
    """
    rank = {step: index for index, step in enumerate(order)}
    seen: set[str] = set()
    steps: list[str] = []
    for step in sequence:
        if step in rank and step not in seen:
            seen.add(step)
            steps.append(step)
    # Patience sorting: tails[k] is the index (in steps) ending the best run of length k + 1.
    tails: list[int] = []
    tail_ranks: list[int] = []
    before: list[int] = [-1] * len(steps)
    for index, step in enumerate(steps):
        k = bisect_left(tail_ranks, rank[step])
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
    order = _plain_id_list(order_value, "'order'", "step")
    if stages_value is None:
        return order, {}
    if not isinstance(stages_value, Mapping):
        raise NotPlain(f"expected 'stages' to map step ids to stage ids, found {describe(stages_value)}")
    return order, plain_mapping_of_str(stages_value)


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
    given, refused = _take(answer, _plain_sequence, points, "put the steps in order")
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
    name = lambda step: step_label.get(step, step)  # noqa: E731
    stage_name = lambda stage: stage_label.get(stage, stage)  # noqa: E731
    position = {step: index + 1 for index, step in enumerate(right_order)}

    messages = [f"{len(run)} of {n} steps in the right order (longest run in order)."]
    order_credit = len(run) / n
    out_of_order = [step for step in placed if step not in run]
    if out_of_order:
        if reveal:
            messages += [f"{name(step)} is step {position[step]} of {n}." for step in out_of_order]
        else:
            messages.append(f"Look again at the place of: {_listing([name(step) for step in out_of_order])}.")
    if right_stage is None:
        score = points * order_credit
    else:
        stage_right = [step for step in placed if given_stages.get(step) == right_stage[step]]
        messages.append(f"{len(stage_right)} of {n} stages right.")
        wrong_stage = [step for step in placed if step in given_stages and step not in stage_right]
        no_stage = [step for step in placed if step not in given_stages]
        if wrong_stage:
            if reveal:
                messages += [f"{name(step)} belongs in {stage_name(right_stage[step])}." for step in wrong_stage]
            else:
                messages.append(f"Look again at the stage of: {_listing([name(step) for step in wrong_stage])}.")
        if no_stage:
            messages.append(f"No stage chosen for: {_listing([name(step) for step in no_stage])}.")
        if any(step not in placed for step in given_stages):
            messages.append("Stages of steps that are not placed do not count.")
        score = points * (order_credit + len(stage_right) / n) / 2
    unplaced = [step for step in right_order if step not in placed]
    if unplaced:
        messages.append(f"Not placed: {_listing([name(step) for step in unplaced])}.")
    if unknown:
        messages.append(f"{len(unknown)} step(s) named are not in this exercise; ignored.")
    if repeated:
        messages.append("Some steps are placed more than once; only the first place counts.")
    return CheckResult(score, points, tuple(messages))


RATINGS = ("positive", "neutral", "negative")
"""The ratings a touchpoint of a journey map can have, in display order."""
NOTE_MIN_CHARS = 15
"""A journey-map improvement note counts towards ``min_notes`` from this many characters (after trimming)."""
_JOURNEY_WEIGHTS = {"ratings": 0.5, "critical": 0.3, "notes": 0.2}


def _plain_journey(value: Any) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """``(ratings, critical, notes)`` as plain values from the journey map's answer."""
    shape = (
        "the journey map's answer {'ratings': {touchpoint id: rating}, 'critical': [touchpoint ids], "
        "'notes': {touchpoint id: text}}"
    )
    if not isinstance(value, Mapping):
        raise NotPlain(f"expected {shape}, found {describe(value)}")
    pairs = dict.items(value) if isinstance(value, dict) else list(value.items())
    fields = {plain_str(key): val for key, val in pairs if isinstance(key, str)}
    if "ratings" not in fields:
        raise NotPlain(f"expected {shape}, found a mapping without 'ratings'")
    ratings_value = fields["ratings"]
    if not isinstance(ratings_value, Mapping):
        raise NotPlain(f"expected 'ratings' to map touchpoint ids to ratings, found {describe(ratings_value)}")
    critical_value = fields.get("critical", [])
    critical = _plain_id_list(critical_value if critical_value is not None else [], "'critical'", "touchpoint")
    notes_value = fields.get("notes", {})
    if notes_value is None:
        notes_value = {}
    if not isinstance(notes_value, Mapping):
        raise NotPlain(f"expected 'notes' to map touchpoint ids to text, found {describe(notes_value)}")
    return plain_mapping_of_str(ratings_value), critical, plain_mapping_of_str(notes_value)


def check_journey(
    answer: Any,
    ratings: Mapping[str, str],
    *,
    points: float,
    critical: Any = (),
    min_notes: int = 0,
    labels: Mapping[str, str] | None = None,
    reveal: bool = False,
) -> CheckResult:
    """Mark a customer journey map: the rating of each touchpoint, its moments of truth and its notes.

    With ``n`` touchpoints, ``k`` moments of truth (``critical``) and ``min_notes`` notes asked for:

    * ratings share = touchpoints given their right rating / ``n``;
    * moments of truth share = max(0, moments of truth marked - touchpoints marked that
      are not one) / ``k``, so marking every touchpoint earns nothing;
    * notes share = min(1, touchpoints with a note of at least 15 characters / ``min_notes``).

    The score is ``points * (0.5 * ratings + 0.3 * moments of truth + 0.2 * notes)``.  A
    part that is not used (no moments of truth, ``min_notes=0``) gives its weight to the
    ratings, so without both the ratings carry all the points.  Touchpoints not in the
    exercise are ignored (the messages say so); ratings other than positive, neutral
    and negative are simply wrong.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"ratings": {touchpoint_id: rating}, "critical": [touchpoint ids],
        "notes": {touchpoint_id: text}}`` (e.g. ``journey.answer``); ``critical`` and ``notes``
        may be left out.
    ratings:
        The right rating of every touchpoint, ``{touchpoint_id: "positive" | "neutral" | "negative"}``.
    points:
        What the exercise is worth.
    critical:
        The touchpoints that are moments of truth (critical moments).
    min_notes:
        How many touchpoints the learner is asked to write an improvement note for.
    labels:
        Display names for touchpoints, for the messages.
    reveal:
        Name the right rating and moment-of-truth flag of the touchpoints to look at
        again (practice); by default the messages only name those touchpoints (graded).

    Examples
    --------
    >>> key = {"call": "positive", "delivery": "negative", "invoice": "neutral", "pod": "neutral"}
    >>> given = {"ratings": {"call": "positive", "delivery": "negative"}, "critical": ["delivery"], "notes": {}}
    >>> result = check_journey(given, key, critical=["delivery"], points=10)
    >>> result.points  # 10 * (0.7 * 2/4 + 0.3 * 1/1)
    6.5
    >>> result.messages[0]
    '2 of 4 ratings right.'
    """
    key = plain_mapping_of_str(ratings)
    if not key:
        raise ValueError("ratings must give the right rating of at least one touchpoint")
    if not isinstance(ratings, Mapping) or len(key) != len(ratings):
        raise ValueError("ratings must map touchpoint ids (text) to ratings (text)")
    odd = sorted(tp for tp, rating in key.items() if rating not in RATINGS)
    if odd:
        raise ValueError(f"ratings must be one of {', '.join(RATINGS)}; not for: {', '.join(odd)}")
    right_critical = plain_str_list(critical)
    if len(set(right_critical)) != len(right_critical) or any(tp not in key for tp in right_critical):
        raise ValueError("critical must name touchpoints of ratings, each once")
    if isinstance(min_notes, bool) or not isinstance(min_notes, int) or not 0 <= min_notes <= len(key):
        raise ValueError(f"min_notes must be a whole number from 0 to the number of touchpoints ({len(key)})")
    tp_label = {k: plain_str(v) for k, v in (labels or {}).items()}
    given, refused = _take(answer, _plain_journey, points, "rate the touchpoints of the journey")
    if refused:
        return refused
    given_ratings, given_critical, given_notes = given
    n, k = len(key), len(right_critical)
    name = lambda tp: tp_label.get(tp, tp)  # noqa: E731
    unknown = {tp for tp in [*given_ratings, *given_critical, *given_notes] if tp not in key}

    right = [tp for tp in key if given_ratings.get(tp) == key[tp]]
    wrong = [tp for tp in key if tp in given_ratings and given_ratings[tp] != key[tp]]
    unrated = [tp for tp in key if tp not in given_ratings]
    messages = [f"{len(right)} of {n} ratings right."]
    if wrong:
        if reveal:
            messages += [f"{name(tp)} is {key[tp]}." for tp in wrong]
        else:
            messages.append(f"Look again at the rating of: {_listing([name(tp) for tp in wrong])}.")
    if unrated:
        messages.append(f"Not rated: {_listing([name(tp) for tp in unrated])}.")

    weights = dict(_JOURNEY_WEIGHTS)
    shares = {"ratings": len(right) / n, "critical": 0.0, "notes": 0.0}
    marked = [tp for tp in key if tp in given_critical]
    if k:
        found = [tp for tp in marked if tp in right_critical]
        not_critical = [tp for tp in marked if tp not in right_critical]
        missed = [tp for tp in right_critical if tp not in marked]
        shares["critical"] = max(0, len(found) - len(not_critical)) / k
        text = f"{len(found)} of {k} moments of truth found"
        if not_critical:
            text += (
                "; 1 marked that is not one" if len(not_critical) == 1 else f"; {len(not_critical)} marked that are not"
            )
        messages.append(text + ".")
        if reveal:
            messages += [f"{name(tp)} is a moment of truth." for tp in missed]
            messages += [f"{name(tp)} is not a moment of truth." for tp in not_critical]
        elif missed or not_critical:
            looked = [tp for tp in key if tp in missed or tp in not_critical]
            messages.append(
                f"Look again at whether these are moments of truth: {_listing([name(tp) for tp in looked])}."
            )
    else:
        weights["ratings"] += weights.pop("critical")
    if min_notes:
        written = [tp for tp in key if given_notes.get(tp, "").strip()]
        counted = [tp for tp in written if len(given_notes[tp].strip()) >= NOTE_MIN_CHARS]
        shares["notes"] = min(1.0, len(counted) / min_notes)
        touchpoints = "touchpoint" if len(counted) == 1 else "touchpoints"
        messages.append(f"Notes on {len(counted)} {touchpoints}; {min_notes} asked for.")
        short = [tp for tp in written if tp not in counted]
        if short:
            messages.append(
                f"Too short to count (under {NOTE_MIN_CHARS} characters): {_listing([name(tp) for tp in short])}."
            )
    else:
        weights["ratings"] += weights.pop("notes")
    if unknown:
        messages.append(f"{len(unknown)} touchpoint(s) named are not in this exercise; ignored.")
    parts = {"ratings": "ratings", "critical": "moments of truth", "notes": "notes"}
    messages.append("Weights: " + ", ".join(f"{parts[part]} {round(100 * w)}%" for part, w in weights.items()) + ".")
    score = points * sum(weights[part] * shares[part] for part in weights)
    return CheckResult(score, points, tuple(messages))


# -- branching scenarios ---------------------------------------------------------------------
_EPSILON = 1e-9  # scores are the author's numbers; sums of a few of them compare equal within this


@dataclass(frozen=True)
class ScenarioChoice:
    """One response of a learner's path through a scenario, as marked.

    Attributes
    ----------
    number:
        Its place in the path: 1 for the response at the start, and so on.
    step, option:
        The step it was chosen at and the option chosen.
    stage:
        The step's stage of the complaint procedure (a ``PROCEDURE`` id), or ``""``.
    score:
        The option's score.
    best:
        True when no other option of the step leads to a higher total from here on.
    better:
        When not ``best``: the first option of the step that does (``""`` otherwise).
    """

    number: int
    step: str
    option: str
    stage: str
    score: float
    best: bool
    better: str


@dataclass(frozen=True)
class ScenarioWalk:
    """A learner's path through a scenario, followed from the start and marked response by response.

    Attributes
    ----------
    choices:
        The responses that follow the scenario, in order.
    at:
        The step the path has reached (an ending when ``finished``).
    finished:
        True when the path has reached an ending.
    broken:
        Where and why the path stops following the scenario (``""`` when every entry follows it);
        the entries from there on are not marked.
    total:
        The sum of the chosen options' scores.
    best:
        The highest total of any path from the start to an ending.
    ahead:
        The highest total still open from ``at`` (0 at an ending).
    """

    choices: tuple[ScenarioChoice, ...]
    at: str
    finished: bool
    broken: str
    total: float
    best: float
    ahead: float

    @property
    def counted(self) -> float:
        """The total that is marked: ``total``, less whatever loss every way on from ``at`` brings.

        A finished path counts its total.  An unfinished one counts what it has so far, unless every
        way on loses points: that loss counts too, so stopping early never beats finishing.
        """
        return self.total if self.finished else self.total + min(0.0, self.ahead)


@dataclass(frozen=True)
class _Step:
    stage: str
    ending: bool
    options: dict[str, str]  # option id -> the step it leads to
    texts: dict[str, str]  # option id -> what the learner says or does


def _scenario_steps(scenario: Any) -> tuple[str, dict[str, _Step]]:
    """``(start, steps by id)`` of a scenario's content; ``ValueError`` when it is not a scenario."""
    shape = "scenario must be the exercise's content: a mapping with 'start' and 'steps' (as load_exercises gives it)"
    if not isinstance(scenario, Mapping):
        raise ValueError(shape)
    start, steps = scenario.get("start"), scenario.get("steps")
    if not isinstance(start, str) or not isinstance(steps, list | tuple) or not steps:
        raise ValueError(shape)
    out: dict[str, _Step] = {}
    for step in steps:
        if not isinstance(step, Mapping) or not isinstance(step.get("id"), str):
            raise ValueError("every step of the scenario needs an 'id'")
        step_id, options = step["id"], step.get("options", [])
        if step_id in out:
            raise ValueError(f"step {step_id!r} appears twice in the scenario")
        ending = step.get("ending", False) is True
        if ending and options:
            raise ValueError(f"step {step_id!r} is an ending, so it must have no options")
        if not ending and not options:
            raise ValueError(f"step {step_id!r} is not an ending, so it needs options")
        next_of: dict[str, str] = {}
        texts: dict[str, str] = {}
        for option in options:
            if not isinstance(option, Mapping) or not isinstance(option.get("id"), str):
                raise ValueError(f"every option of step {step_id!r} needs an 'id'")
            if option["id"] in next_of:
                raise ValueError(f"option {option['id']!r} appears twice in step {step_id!r}")
            next_of[option["id"]] = option.get("next")
            texts[option["id"]] = str(option.get("text", option["id"]))
        out[step_id] = _Step(str(step.get("stage", "")), ending, next_of, texts)
    for step_id, step in out.items():
        for option_id, leads_to in step.options.items():
            if leads_to not in out:
                raise ValueError(f"option {option_id!r} of step {step_id!r} leads to {leads_to!r}, which is not a step")
    if start not in out:
        raise ValueError(f"start {start!r} is not a step of the scenario")
    return start, out


def _scenario_scores(scenario: Any, steps: dict[str, _Step], scores: Any) -> dict[str, dict[str, float]]:
    """Every option's score, from ``scores`` or (when ``None``) from the options' own ``score`` fields."""
    wanted = [(step_id, option) for step_id, step in steps.items() for option in step.options]
    table: dict[str, dict[str, float]] = {step_id: {} for step_id, step in steps.items() if not step.ending}
    if scores is None:
        given = {
            (step["id"], option["id"]): option["score"]
            for step in scenario["steps"]
            for option in step.get("options", [])
            if "score" in option
        }
        missing = [f"{step}.{option}" for step, option in wanted if (step, option) not in given]
        if missing:
            raise ValueError(
                f"the scenario gives no score for: {_listing(missing)}; graded content carries none, "
                "so pass scores={step id: {option id: score}} from the hidden test cell"
            )
    else:
        if not isinstance(scores, Mapping):
            raise ValueError(f"scores must map step ids to {{option id: score}}, not {describe(scores)}")
        given, unknown = {}, []
        for step_id, row in scores.items():
            if step_id not in table:
                unknown.append(repr(step_id))
                continue
            if not isinstance(row, Mapping):
                raise ValueError(f"scores[{step_id!r}] must map option ids to numbers, not {describe(row)}")
            for option, number in row.items():
                if option in steps[step_id].options:
                    given[(step_id, option)] = number
                else:
                    unknown.append(f"{step_id}.{option}")
        missing = [f"{step}.{option}" for step, option in wanted if (step, option) not in given]
        if unknown:
            raise ValueError(f"scores name steps or options that are not in the scenario: {_listing(unknown)}")
        if missing:
            raise ValueError(
                f"scores must give every option of every step that is not an ending; missing: {_listing(missing)}"
            )
    for (step_id, option), number in given.items():
        try:
            table[step_id][option] = plain_number(number)
        except NotPlain as problem:
            raise ValueError(f"the score of option {option!r} of step {step_id!r}: {problem}") from None
    return table


def _best_totals(
    steps: dict[str, _Step], table: dict[str, dict[str, float]]
) -> tuple[dict[str, float], dict[str, str]]:
    """The highest total from each step to an ending, and the first option that reaches it.

    A depth-first walk over the scenario's graph (which must not loop), each step worked out once.
    """
    best: dict[str, float] = {}
    better: dict[str, str] = {}
    open_steps: set[str] = set()  # started but not finished: the steps on the way to the current one
    for root in steps:
        stack = [(root, False)]
        while stack:
            step_id, children_done = stack.pop()
            if step_id in best:
                continue
            step = steps[step_id]
            if not children_done:
                if step_id in open_steps:
                    raise ValueError(f"the scenario loops back to step {step_id!r}; every path must reach an ending")
                open_steps.add(step_id)
                stack.append((step_id, True))
                stack += [(leads_to, False) for leads_to in step.options.values() if leads_to not in best]
                continue
            open_steps.discard(step_id)
            if step.ending:
                best[step_id] = 0.0
                continue
            totals = {option: table[step_id][option] + best[leads_to] for option, leads_to in step.options.items()}
            best[step_id] = max(totals.values())
            better[step_id] = next(o for o, total in totals.items() if total >= best[step_id] - _EPSILON)
    return best, better


class _Key(NamedTuple):
    start: str
    steps: dict[str, _Step]
    table: dict[str, dict[str, float]]
    best: dict[str, float]
    better: dict[str, str]


def _scenario_key(scenario: Any, scores: Any) -> _Key:
    start, steps = _scenario_steps(scenario)
    table = _scenario_scores(scenario, steps, scores)
    return _Key(start, steps, table, *_best_totals(steps, table))


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


def walk_scenario(path: Any, scenario: Mapping[str, Any], scores: Any = None) -> ScenarioWalk:
    """Follow a path of ``(step id, option id)`` pairs through a scenario and mark each response.

    The marking shared by :func:`check_scenario` and the practice feedback of
    ``ScenarioPlayer``, so the two always agree.  ``path`` must be plain pairs (see
    :func:`check_scenario` for reading a learner's answer); ``scenario`` and ``scores``
    are as for :func:`check_scenario`.

    Raises
    ------
    ValueError
        When the scenario or the scores are broken (the author's mistake, not the learner's).
    """
    return _walk(_scenario_key(scenario, scores), path)


def _walk(key: _Key, path: Any) -> ScenarioWalk:
    steps, best = key.steps, key.best
    at, total, broken = key.start, 0.0, ""
    choices: list[ScenarioChoice] = []
    for number, (step_id, option) in enumerate(path, start=1):
        step = steps[at]
        if step.ending:
            broken = f"response {number}, which comes after the conversation had ended"
        elif step_id != at:
            broken = (
                f"response {number}, which is for step {_short(step_id)}, not the step the conversation had reached"
            )
        elif option not in step.options:
            broken = f"response {number}, which names {_short(option)}, not a response open at that step"
        if broken:
            break
        score = key.table[at][option]
        is_best = score + best[step.options[option]] >= best[at] - _EPSILON
        choices.append(
            ScenarioChoice(number, at, option, step.stage, score, is_best, "" if is_best else key.better[at])
        )
        total += score
        at = step.options[option]
    return ScenarioWalk(tuple(choices), at, steps[at].ending, broken, total, best[key.start], best[at])


def _plain_fields(value: Mapping[Any, Any]) -> dict[str, Any]:
    pairs = dict.items(value) if isinstance(value, dict) else list(value.items())
    return {plain_str(key): val for key, val in pairs if isinstance(key, str)}


def _plain_path(value: Any) -> list[tuple[str, str]]:
    """The ``(step, option)`` pairs of a scenario answer, read through the built-in types."""
    shape = "the scenario's answer {'path': [{'step': step id, 'option': option id}, ...]}"
    if isinstance(value, Mapping):
        fields = _plain_fields(value)
        if "path" not in fields:
            raise NotPlain(f"expected {shape}, found a mapping without 'path'")
        entries = fields["path"]
    elif isinstance(value, list | tuple):
        entries = value
    else:
        raise NotPlain(f"expected {shape}, found {describe(value)}")
    if isinstance(entries, list):
        items = list(list.__iter__(entries))
    elif isinstance(entries, tuple):
        items = list(tuple.__iter__(entries))
    else:
        raise NotPlain(f"expected 'path' to be a list of responses, found {describe(entries)}")
    out = []
    for entry in items:
        if not isinstance(entry, Mapping):
            raise NotPlain(
                f"expected each response to be {{'step': step id, 'option': option id}}, found {describe(entry)}"
            )
        fields = _plain_fields(entry)
        step, option = fields.get("step"), fields.get("option")
        if not isinstance(step, str) or not isinstance(option, str):
            raise NotPlain("expected each response to name its 'step' and its 'option' as text")
        out.append((plain_str(step), plain_str(option)))
    return out


def check_scenario(
    answer: Any, scenario: Mapping[str, Any], scores: Any = None, *, points: float, reveal: bool = False
) -> CheckResult:
    """Mark a learner's path through a branching complaint scenario against the best path.

    Each option of each step has a score (how well it follows the complaint procedure; it may
    be 0 or negative).  The learner's path is followed from ``start``; its total is the sum of
    the chosen options' scores, and ``best`` is the highest total of any path from the start
    to an ending.  The score is::

        points * max(0, total) / best

    so the best path earns every point and a path whose total is below zero earns none.  A
    conversation left unfinished scores the responses chosen so far (less any loss that every
    way on from there would bring, so stopping early never beats finishing).  An entry that
    does not follow the scenario (at the wrong step, naming no option of it, or after an
    ending) stops the walk: the path is marked up to there.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"path": [{"step": step_id, "option": option_id}, ...]}`` from the
        start, in order (e.g. ``player.answer``); a bare list of such entries is accepted too.
    scenario:
        The exercise's content (``start``, ``steps`` with their ``options``, ``next`` and ``stage``),
        as :func:`logiserve.widgets.load_exercises` gives it.
    scores:
        The graded key, ``{step_id: {option_id: score}}`` for every option of every step that is not
        an ending.  ``None`` reads the options' own ``score`` fields (practice content).
    points:
        What the exercise is worth.
    reveal:
        Also quote the stronger response where one was open (practice); by default the messages
        only name those steps, by number and stage (graded).

    Raises
    ------
    ValueError
        When the scenario or the scores are broken: scores missing for an option or naming
        unknown ones, a loop, a best path that does not score above 0.

    Examples
    --------
    >>> scenario = {
    ...     "start": "opening",
    ...     "steps": [
    ...         {"id": "opening", "stage": "acknowledge", "say": "My parcel arrived crushed.", "options": [
    ...             {"id": "listen", "text": "I'm sorry. Tell me what happened.", "next": "done"},
    ...             {"id": "blame", "text": "The courier did that, not us.", "next": "cross"},
    ...         ]},
    ...         {"id": "done", "ending": True, "say": "Thank you for listening."},
    ...         {"id": "cross", "ending": True, "say": "Then I'll shop elsewhere."},
    ...     ],
    ... }
    >>> scores = {"opening": {"listen": 2, "blame": 1}}
    >>> check_scenario({"path": [{"step": "opening", "option": "listen"}]}, scenario, scores, points=4).points
    4.0
    >>> result = check_scenario({"path": [{"step": "opening", "option": "blame"}]}, scenario, scores, points=4)
    >>> result.points  # 4 * 1 / 2
    2.0
    >>> result.messages[-1]
    'A stronger response was open at: step 1 (Acknowledge).'
    """
    key = _scenario_key(scenario, scores)  # the author's part first: a broken key is an error, whatever the answer
    if key.best[key.start] <= _EPSILON:
        raise ValueError(f"the best path through the scenario scores {key.best[key.start]:g}; it must score above 0")
    path, refused = _take(answer, _plain_path, points, "choose your responses in the conversation")
    if refused:
        return refused
    if not path:
        return _nothing(points, "choose your responses in the conversation")
    walk = _walk(key, path)
    steps = key.steps

    def where(number: int, stage: str) -> str:
        return f"step {number}" + (f" ({PROCEDURE.get(stage, stage)})" if stage else "")

    messages = [f"Your path scored {walk.total:g}; the strongest path through the conversation scores {walk.best:g}."]
    if walk.finished:
        messages.append("You reached the end of the conversation.")
    else:
        text = (
            "The conversation is not finished: the customer is still waiting for your response at "
            f"{where(len(walk.choices) + 1, steps[walk.at].stage)}. Only the responses you chose count."
        )
        if walk.ahead < 0:
            text += f" Every way on from there loses at least {-walk.ahead:g}, so that loss counts too."
        messages.append(text)
    if walk.broken:
        messages.append(f"Your path stops following the conversation at {walk.broken}; it is marked up to there.")
    weaker = [choice for choice in walk.choices if not choice.best]
    if not weaker and walk.choices:
        messages.append(
            "You chose the strongest response at every step."
            if walk.finished
            else "So far you chose the strongest response at every step."
        )
    elif reveal:
        messages += [
            f'At {where(c.number, c.stage)} a stronger response was: "{steps[c.step].texts[c.better]}".' for c in weaker
        ]
    elif weaker:
        messages.append(f"A stronger response was open at: {', '.join(where(c.number, c.stage) for c in weaker)}.")
    if walk.counted < 0:
        messages.append("A total below zero counts as 0.")
    return CheckResult(points * max(0.0, walk.counted) / walk.best, points, tuple(messages))


def check_names(answer: Any, expected: Any, *, points: float, what: str = "names") -> CheckResult:
    """Mark a list of names: each right name earns a share, each wrong one takes a share back.

    ``score = points * max(0, right - wrong) / len(expected)``, so listing every
    name in the dataset earns nothing.  Order and repeats do not matter.  A list,
    tuple, set, pandas Series/Index, or a DataFrame with a ``name`` column is accepted.
    """
    wanted = set(plain_str_list(expected))
    if not wanted:
        raise ValueError("expected must hold at least one name")
    given_list, refused = _take(answer, plain_str_list, points, f"store the {what}")
    if refused:
        return refused
    given = set(given_list)
    right, extra = given & wanted, sorted(given - wanted)
    messages = [f"{len(right)} of the {len(wanted)} {what} found."]
    if extra:
        messages.append(f"{len(extra)} {'does' if len(extra) == 1 else 'do'} not belong: {_listing(extra)}.")
    if len(given_list) != len(given):
        messages.append("Some names are listed more than once.")
    if not given:
        messages.append("Your answer is empty.")
    return CheckResult(points * max(0, len(right) - len(extra)) / len(wanted), points, tuple(messages))


def check_text(answer: Any, expected: str, *, points: float, what: str = "the answer") -> CheckResult:
    """All points when the text equals ``expected``, ignoring case and surrounding spaces; none otherwise.

    >>> check_text(" Delivery_Window", "delivery_window", points=1).points
    1.0
    """
    wanted = plain_str(expected).strip().casefold()
    given, refused = _take(answer, plain_str, points, f"give {what}")
    if refused:
        return refused
    if given.strip().casefold() == wanted:
        return CheckResult(points, points, (f"Right: {what} is {given.strip()!r}.",))
    return CheckResult(
        0.0, points, (f"{what[0].upper()}{what[1:]} is not {given.strip()[:60]!r}. Look again at your results.",)
    )


def check_number(
    answer: Any,
    expected: float,
    *,
    points: float,
    tolerance: float = 0.0,
    what: str = "the answer",
    unit: str = "",
    hint: str = "Check each step of your method.",
) -> CheckResult:
    """All points when ``|answer - expected| <= tolerance``, none otherwise.

    A share given as a percentage (87.4 for 0.874) is recognised and the message says so.
    """
    expected = plain_number(expected)
    given, refused = _take(answer, plain_number, points, f"calculate {what}")
    if refused:
        return refused
    if abs(given - expected) <= tolerance:
        return CheckResult(points, points, (f"Right: {what} is {given:g}{unit}.",))
    message = f"{what[0].upper()}{what[1:]} is not {given:g}{unit}. {hint}"
    if expected and abs(given - 100 * expected) <= 100 * tolerance + 1e-9:
        message = f"{what[0].upper()}{what[1:]}: {given:g} looks like a percentage; give it as a share between 0 and 1."
    return CheckResult(0.0, points, (message,))


def check_series(
    answer: Any,
    expected: Any,
    *,
    points: float,
    what: str = "the table",
    descending: bool | None = True,
    tolerance: float = 1e-6,
) -> CheckResult:
    """Method marks for a grouped result (a pandas Series of numbers by group).

    Three equal shares: the right groups; the right number for every group; sorted
    by value as asked (``descending=True``/``False``; ``None`` means order does not
    matter and the last share goes to the numbers).  A dict or a one-column
    DataFrame is accepted too.
    """
    try:
        want = _plain_series(expected)
    except NotPlain as problem:
        raise ValueError(f"expected: {problem}") from None
    given, refused = _take(answer, _plain_series, points, f"build {what}")
    if refused:
        return refused
    share = points / 3
    score, messages = 0.0, []
    groups_right = set(given) == set(want)
    if groups_right:
        score += share
        messages.append(f"Right groups ({len(want)}).")
    else:
        missing, extra = sorted(set(want) - set(given)), sorted(set(given) - set(want))
        text = "Groups not right:"
        if missing:
            text += f" {len(missing)} missing."
        if extra:
            text += f" Not asked for: {_listing(extra)}."
        messages.append(text + " Check which rows you kept before grouping.")
    common = [g for g in want if g in given]
    values_right = bool(common) and groups_right and all(abs(given[g] - want[g]) <= tolerance for g in common)
    if values_right:
        score += share
        messages.append("Right numbers for every group.")
    else:
        wrong = [g for g in common if abs(given[g] - want[g]) > tolerance]
        messages.append(
            f"Numbers not right for: {_listing(wrong)}."
            if wrong
            else "Numbers cannot be credited until the groups are right."
        )
    if descending is None:
        if values_right:
            score += share
    else:
        values = list(given.values())
        in_order = values == sorted(values, reverse=descending)
        if in_order and groups_right:
            score += share
            messages.append(f"Sorted {'largest' if descending else 'smallest'} first, as asked.")
        else:
            messages.append(f"Sort the result {'largest' if descending else 'smallest'} first.")
    return CheckResult(score, points, tuple(messages))


def _plain_series(value: Any) -> dict[str, float]:
    if type(value).__module__.startswith("pandas"):
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            numeric = value.select_dtypes("number")
            if numeric.shape[1] != 1:
                raise NotPlain("expected one column of numbers by group (a Series), found a table")
            value = numeric.iloc[:, 0]
        if not isinstance(value, pd.Series):
            raise NotPlain(f"expected a pandas Series of numbers by group, found {type(value).__name__}")
        pairs = list(zip(value.index.tolist(), value.tolist(), strict=True))
    elif isinstance(value, dict):
        pairs = list(dict.items(value))
    else:
        raise NotPlain(f"expected a pandas Series of numbers by group, found {type(value).__name__}")
    out: dict[str, float] = {}
    for key, number in pairs:
        out[_group_name(key)] = plain_number(number)
    return out


def _group_name(key: Any) -> str:
    """A group label as plain text: text as it is, whole numbers (e.g. week 3) as their digits."""
    if isinstance(key, str):
        return plain_str(key)
    number = plain_number(key)
    if number != int(number):
        raise NotPlain(f"expected group labels as text or whole numbers, found {number:g}")
    return str(int(number))


_KINDS = {
    "DataFrame": ("a pandas DataFrame (a table of rows)", lambda v: _is_pandas(v, "DataFrame")),
    "Series": ("a pandas Series (one column of values)", lambda v: _is_pandas(v, "Series")),
    "number": ("a number", lambda v: _is_number(v)),
}


def _is_pandas(value: Any, kind: str) -> bool:
    import pandas as pd

    return isinstance(value, getattr(pd, kind))


def _is_number(value: Any) -> bool:
    try:
        plain_number(value)
    except NotPlain:
        return False
    return True


def describe_answer(value: Any, *, expect: str, name: str) -> None:
    """Tell the learner whether an answer has the shape asked for. Prints; never marks, never raises.

    For the visible part of a test cell: the marking itself is hidden, but a learner
    should know before submitting that ``name`` exists and is, say, a DataFrame.
    """
    if expect not in _KINDS:
        raise ValueError(f"expect must be one of {', '.join(_KINDS)}")
    wanted, matches = _KINDS[expect]
    if not matches(value):
        print(f"Not yet: {name} should be {wanted}, but it is {type(value).__name__}.")
        return
    if expect == "DataFrame":
        shape = f" with {len(value)} rows and {value.shape[1]} columns"
    elif expect == "Series":
        shape = f" with {len(value)} values"
    else:
        shape = ""
    print(f"{name} is {wanted}{shape}. It is marked when you submit.")
