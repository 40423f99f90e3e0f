"""The scenario's check: a learner's path marked against the best path, by :mod:`logiserve.content.scenario`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from logiserve._plain import NotPlain, describe, plain_str
from logiserve.chance import beyond_chance
from logiserve.complaints import PROCEDURE
from logiserve.content.scenario import EPSILON, random_total, scenario_key, walk_key

from ._common import nothing, plain_items, take
from ._result import CheckResult

__all__ = ["check_scenario"]


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
    items = plain_items(entries, "'path' to be a list of responses")
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
    """Mark a learner's path through a branching complaint scenario against the best path, beyond chance.

    Each option of each step has a score (how well it follows the complaint procedure; it may
    be 0 or negative).  The learner's path is followed from ``start``; its total is the sum of
    the chosen options' scores, ``best`` is the highest total of any path from the start to an
    ending, and ``chance`` the total that responses chosen at random are expected to score
    (each response of a step as likely; :func:`logiserve.content.scenario.random_total`).  The
    score is::

        points * max(0, total - chance) / (best - chance)

    so the best path earns every point and a path that scores no more than chance earns none.  A
    conversation left unfinished scores the responses chosen so far (less any loss that every
    way on from there would bring, so stopping early never beats finishing).  An entry that
    does not follow the scenario (at the wrong step, naming no option of it, or after an
    ending) stops the walk: the path is marked up to there.

    **Expected score under guessing** (``tests/validity`` plays the course's role-plays; its table
    is ``docs/validity.md``): responses chosen at random earn a few per cent of the points (the
    luck of paths above chance).  A strategy that follows where the content puts its best
    responses (always the first, always the longest) is not a guess the check can tell apart:
    the content must not put the best response in a fixed place.

    Parameters
    ----------
    answer:
        The learner's answer, ``{"path": [{"step": step_id, "option": option_id}, ...]}`` from the
        start, in order (e.g. ``player.answer``); a bare list of such entries is accepted too.
    scenario:
        The exercise's content (``start``, ``steps`` with their ``options``, ``next`` and ``stage``),
        as :func:`logiserve.content.load_exercises` gives it.
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
    >>> scores = {"opening": {"listen": 2, "blame": -1}}
    >>> check_scenario({"path": [{"step": "opening", "option": "listen"}]}, scenario, scores, points=4).points
    4.0
    >>> random_total(scenario_key(scenario, scores))  # (2 - 1) / 2
    0.5
    >>> result = check_scenario({"path": [{"step": "opening", "option": "blame"}]}, scenario, scores, points=4)
    >>> result.points  # 4 * max(0, -1 - 0.5) / (2 - 0.5)
    0.0
    >>> result.messages[-2:]  # doctest: +NORMALIZE_WHITESPACE
    ('A stronger response was open at: step 1 (Acknowledge).',
     'Responses chosen at random would score about 0.5, so only what your path scored above that counts: it
     scored no more, so it earns nothing.')
    """
    key = scenario_key(scenario, scores)  # the author's part first: a broken key is an error, whatever the answer
    if key.best[key.start] <= EPSILON:
        raise ValueError(f"the best path through the scenario scores {key.best[key.start]:g}; it must score above 0")
    path, refused = take(answer, _plain_path, points, "choose your responses in the conversation")
    if refused:
        return refused
    if not path:
        return nothing(points, "choose your responses in the conversation")
    walk = walk_key(key, path)
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
    chance = random_total(key)
    credit = beyond_chance(walk.counted, chance, walk.best)
    if credit < 1:
        messages.append(
            f"Responses chosen at random would score about {chance:.2g}, so only what your path scored above that "
            "counts" + (": it scored no more, so it earns nothing." if credit == 0 else ".")
        )
    return CheckResult(points * credit, points, tuple(messages))
