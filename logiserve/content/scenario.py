"""The scenario kind: a branching complaint conversation, each response leading to the next step.

Its content rules (beyond its schema, ``schemas/scenario.schema.json``: every step reachable,
every path ending, no loops) and its marking rule, used by both the widget's practice feedback
(:class:`logiserve.widgets.ScenarioPlayer`) and the graded check
(:func:`logiserve.autograder.check_scenario`), so the two always agree: the scenario's graph
and scores are read once into a :class:`ScenarioKey` (:func:`scenario_key`), and a path is
followed through it and marked response by response (:func:`walk_key`, :func:`walk_scenario`).
It also says what of a saved answer a scenario player restores (:func:`usable_answer`), so the
widget and the grader, which reads ``answers.json`` without building a widget, agree, and in
which order a step's options are shown: the learner's own (:func:`option_order`).  A graded
file is released with the notebook, so it ranks nothing: no ``reply`` (the schema refuses it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from logiserve._plain import NotPlain, describe, listing, plain_number
from logiserve.chance import expected_walk_total

from ._scenario_graph import loops as _loops
from ._scenario_graph import step_problems as _step_problems
from ._scenario_order import option_order
from ._shared import check_syllabus_ids, repeated_ids

__all__ = [
    "EPSILON",
    "KIND",
    "SCHEMA",
    "ScenarioChoice",
    "ScenarioKey",
    "ScenarioStep",
    "ScenarioWalk",
    "answer_labels",
    "check_content",
    "decision_marks",
    "option_order",
    "random_total",
    "scenario_key",
    "scenario_steps",
    "usable_answer",
    "walk_key",
    "walk_scenario",
]

KIND = "scenario"
"""The kind's name in content (``kind:``), in the widget (``KIND``) and here."""
SCHEMA = "scenario.schema.json"
"""Its JSON Schema, in ``logiserve/content/schemas/``."""


def check_content(prefix: str, content: Mapping[str, Any]) -> list[str]:
    """What the schema cannot say about a scenario's content: the graph's ids, reachability, endings, loops."""
    problems: list[str] = check_syllabus_ids(prefix, content)
    steps = content["steps"]
    ids = [step["id"] for step in steps]
    known = ", ".join(dict.fromkeys(ids))
    repeated = repeated_ids(ids)
    if repeated:
        problems.append(f"{prefix}.steps: ids must be unique; repeated: {', '.join(repeated)}")
    leads_to: dict[str, list[str]] = {}  # the graph: step id -> the steps its options lead to
    for index, step in enumerate(steps):
        problems += _step_problems(f"{prefix}.steps[{index}]", step, ids, known)
        if step["id"] not in leads_to:
            leads_to[step["id"]] = [o["next"] for o in step.get("options", []) if o["next"] in ids]
    start = content["start"]
    if start not in ids:
        problems.append(f"{prefix}.start: {start!r} is not a step of this scenario (steps: {known})")
    else:
        reached, waiting = {start}, [start]
        while waiting:
            for step_id in leads_to[waiting.pop()]:
                if step_id not in reached:
                    reached.add(step_id)
                    waiting.append(step_id)
        unreachable = [step_id for step_id in leads_to if step_id not in reached]
        if unreachable:
            problems.append(
                f"{prefix}.steps: not reachable from the start ({start!r}): {', '.join(unreachable)}; "
                "every step must lie on some path"
            )
    if not any(step.get("ending") for step in steps):
        problems.append(f"{prefix}.steps: no step is an ending; mark at least one with 'ending: true'")
    problems.extend(
        f"{prefix}.steps: the conversation loops back: {' → '.join(loop)}; a scenario moves forward, "
        "so no response may lead back to a step already passed"
        for loop in _loops(leads_to)
    )
    if not problems and content["mode"] == "practice":
        best = walk_scenario((), content).best
        if best <= 0:
            problems.append(
                f"{prefix}.steps: the strongest path scores {best:g}; give the strongest responses "
                "positive scores, so that a learner can earn the points"
            )
    return problems


# -- the marking -----------------------------------------------------------------------------
EPSILON = 1e-9  # scores are the author's numbers; sums of a few of them compare equal within this


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
class ScenarioStep:
    """One step of a scenario's graph, as :func:`scenario_steps` reads it."""

    stage: str
    ending: bool
    options: dict[str, str]  # option id -> the step it leads to
    texts: dict[str, str]  # option id -> what the learner says or does


def scenario_steps(scenario: Any) -> tuple[str, dict[str, ScenarioStep]]:
    """``(start, steps by id)`` of a scenario's content; ``ValueError`` when it is not a scenario."""
    shape = "scenario must be the exercise's content: a mapping with 'start' and 'steps' (as load_exercises gives it)"
    if not isinstance(scenario, Mapping):
        raise ValueError(shape)
    start, steps = scenario.get("start"), scenario.get("steps")
    if not isinstance(start, str) or not isinstance(steps, list | tuple) or not steps:
        raise ValueError(shape)
    out: dict[str, ScenarioStep] = {}
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
        next_of: dict[str, Any] = {}  # as the content gives it; checked below to lead to a step
        texts: dict[str, str] = {}
        for option in options:
            if not isinstance(option, Mapping) or not isinstance(option.get("id"), str):
                raise ValueError(f"every option of step {step_id!r} needs an 'id'")
            if option["id"] in next_of:
                raise ValueError(f"option {option['id']!r} appears twice in step {step_id!r}")
            next_of[option["id"]] = option.get("next")
            texts[option["id"]] = str(option.get("text", option["id"]))
        out[step_id] = ScenarioStep(str(step.get("stage", "")), ending, next_of, texts)
    for step_id, step in out.items():
        for option_id, leads_to in step.options.items():
            if leads_to not in out:
                raise ValueError(f"option {option_id!r} of step {step_id!r} leads to {leads_to!r}, which is not a step")
    if start not in out:
        raise ValueError(f"start {start!r} is not a step of the scenario")
    return start, out


def _scenario_scores(scenario: Any, steps: dict[str, ScenarioStep], scores: Any) -> dict[str, dict[str, float]]:
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
                f"the scenario gives no score for: {listing(missing)}; graded content carries none, "
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
            raise ValueError(f"scores name steps or options that are not in the scenario: {listing(unknown)}")
        if missing:
            raise ValueError(
                f"scores must give every option of every step that is not an ending; missing: {listing(missing)}"
            )
    for (step_id, option), number in given.items():
        try:
            table[step_id][option] = plain_number(number)
        except NotPlain as problem:
            raise ValueError(f"the score of option {option!r} of step {step_id!r}: {problem}") from None
    return table


def _best_totals(
    steps: dict[str, ScenarioStep], table: dict[str, dict[str, float]]
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
            better[step_id] = next(o for o, total in totals.items() if total >= best[step_id] - EPSILON)
    return best, better


class ScenarioKey(NamedTuple):
    """A scenario read once for marking: its graph, every option's score and the best totals."""

    start: str
    steps: dict[str, ScenarioStep]
    table: dict[str, dict[str, float]]
    best: dict[str, float]
    better: dict[str, str]


def scenario_key(scenario: Any, scores: Any) -> ScenarioKey:
    """A scenario's graph and scores, checked and worked out once (``scenario``, ``scores`` as for ``check_scenario``).

    Raises
    ------
    ValueError
        When the scenario or the scores are broken (the author's mistake, not the learner's).
    """
    start, steps = scenario_steps(scenario)
    table = _scenario_scores(scenario, steps, scores)
    return ScenarioKey(start, steps, table, *_best_totals(steps, table))


def random_total(key: ScenarioKey) -> float:
    """What a learner choosing every response at random is expected to score (each response of a step as likely)."""
    return expected_walk_total(key.start, {step: s.options for step, s in key.steps.items()}, key.table)


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:39] + "…")


def walk_scenario(path: Any, scenario: Mapping[str, Any], scores: Any = None) -> ScenarioWalk:
    """Follow a path of ``(step id, option id)`` pairs through a scenario and mark each response.

    The marking shared by :func:`logiserve.autograder.check_scenario` and the practice feedback
    of ``ScenarioPlayer``, so the two always agree.  ``path`` must be plain pairs (see
    ``check_scenario`` for reading a learner's answer); ``scenario`` and ``scores``
    are as for ``check_scenario``.

    Raises
    ------
    ValueError
        When the scenario or the scores are broken (the author's mistake, not the learner's).
    """
    return walk_key(scenario_key(scenario, scores), path)


def walk_key(key: ScenarioKey, path: Any) -> ScenarioWalk:
    """Follow a path of plain ``(step id, option id)`` pairs through a scenario read by :func:`scenario_key`."""
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
        is_best = score + best[step.options[option]] >= best[at] - EPSILON
        choices.append(
            ScenarioChoice(number, at, option, step.stage, score, is_best, "" if is_best else key.better[at])
        )
        total += score
        at = step.options[option]
    return ScenarioWalk(tuple(choices), at, steps[at].ending, broken, total, best[key.start], best[at])


def decision_marks(key: ScenarioKey, path: Any) -> dict[str, float]:
    """Each decision's own mark, for item analysis: the chosen option's score on the step's scale, 0 to 1.

    A step's mark is ``(score - lowest) / (highest - lowest)`` of the option chosen there, among
    the step's options' scores (1 when they all score alike); a step the path did not reach, or
    reached by a broken path, earns 0.  The steps are the scenario's, endings left out, in the
    key's order.  ``path`` is plain ``(step id, option id)`` pairs, as for :func:`walk_key`.

    >>> scenario = {"start": "a", "steps": [
    ...     {"id": "a", "options": [{"id": "x", "text": "X", "next": "b"}, {"id": "y", "text": "Y", "next": "b"}]},
    ...     {"id": "b", "options": [{"id": "u", "text": "U", "next": "end"}, {"id": "v", "text": "V", "next": "end"}]},
    ...     {"id": "end", "ending": True, "text": "Done."}]}
    >>> key = scenario_key(scenario, {"a": {"x": 2, "y": -1}, "b": {"u": 1, "v": 0}})
    >>> decision_marks(key, [("a", "y")])
    {'a': 0.0, 'b': 0.0}
    >>> decision_marks(key, [("a", "x"), ("b", "u")])
    {'a': 1.0, 'b': 1.0}
    """
    chosen = {choice.step: choice.score for choice in walk_key(key, path).choices}
    out = {}
    for step_id, step in key.steps.items():
        if step.ending:
            continue
        scores = key.table[step_id].values()
        low, high = min(scores), max(scores)
        if step_id not in chosen:
            out[step_id] = 0.0
        else:
            out[step_id] = 1.0 if high - low < EPSILON else (chosen[step_id] - low) / (high - low)
    return out


# -- the saved answer ------------------------------------------------------------------------
def usable_answer(content: Mapping[str, Any], saved: Any) -> tuple[dict[str, Any], str]:
    """What of a saved answer a scenario player of ``content`` restores, and what it drops.

    Parameters
    ----------
    content:
        The exercise's content, as :func:`logiserve.content.load_exercises` gives it.
    saved:
        What ``answers.json`` holds for the exercise: any JSON value, ``None`` when nothing.

    Returns
    -------
    tuple
        The answer ``{"path": [{"step": step id, "option": option id}, ...]}``: the saved path's
        longest first part that follows the scenario from its start (``{"path": []}`` when
        nothing is usable); and what was dropped, as words for the learner (``""`` when
        nothing was).

    Examples
    --------
    >>> content = {"start": "call", "steps": [
    ...     {"id": "call", "options": [{"id": "sorry", "next": "end"}, {"id": "wait", "next": "end"}]},
    ...     {"id": "end", "ending": True}]}
    >>> usable_answer(content, {"path": [{"step": "call", "option": "sorry"}, {"step": "end", "option": "x"}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    ({'path': [{'step': 'call', 'option': 'sorry'}]},
     'the last 1 of 2 saved responses did not follow this conversation')
    >>> usable_answer(content, None)
    ({'path': []}, '')
    """
    if saved is None:
        return {"path": []}, ""
    if not isinstance(saved, dict):
        return {"path": []}, f"expected a conversation path, found {type(saved).__name__}"
    entries = saved.get("path")
    if not isinstance(entries, list):
        return {"path": []}, "expected the list of responses chosen"
    at, steps = scenario_steps(content)
    path: list[dict[str, str]] = []
    for entry in entries:
        if not isinstance(entry, dict) or steps[at].ending or entry.get("step") != at:
            break
        option = entry.get("option")
        if not isinstance(option, str) or option not in steps[at].options:
            break
        path.append({"step": at, "option": option})
        at = steps[at].options[option]
    dropped = len(entries) - len(path)
    return {"path": path}, (
        f"the last {dropped} of {len(entries)} saved responses did not follow this conversation" if dropped else ""
    )


def answer_labels(content: Mapping[str, Any]) -> dict[str, str]:
    """No labels: a scenario's answer names steps and options, which its check reads from the content itself.

    The widget has no ``labels`` either; this keeps every kind's shape the same.

    >>> answer_labels({"start": "call", "steps": []})
    {}
    """
    return {}
