"""Cheap ways to answer a graded item that need no understanding, and what each is expected to earn.

A strategy gives the answers it would hand in, each with the chance that it hands that one in
(:meth:`Strategy.plays`): one answer for a fixed strategy ("every item in the first column"),
:data:`SEEDS` seeded draws for a random one, or every path with its chance when that is cheap to
list (random responses in a role-play).  Its expected score on an item is the weighted mean of the
points those answers earn, and for an item marked on each learner's own numbers, the mean over
:data:`LEARNERS` too (:func:`expected_score`).

Which strategies apply depends on the check the item's test calls.  A strategy that follows the
order a widget shows (a graded sorter's items, a sequencer's pool, a role-play's responses) is
played over :data:`ORDERS` learners' own orders, as :mod:`logiserve.shuffle` gives them
(:func:`shown_orders`).  Answers copied from the page's own teaching text are played too
(:mod:`._teaching`), and so is reading 05's explorers (:data:`EXPLORERS`).
"""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from logiserve.content import scenario, sequencer, sorter
from logiserve.content.journey import RATINGS
from logiserve.datasets import load

from ._items import COURSE_ID, Call, Item
from ._teaching import copies

__all__ = [
    "CANDIDATES",
    "LEARNERS",
    "ORDERS",
    "SEEDS",
    "STRATEGIES",
    "Strategy",
    "expected_score",
    "shown_orders",
    "strategies_for",
]

SEEDS = 2000
"""Draws of every random strategy (each seeded by its number, so the table is the same on every run)."""
LEARNERS = (None, *(f"learner{number:03d}" for number in range(1, 100)))
"""Whose numbers an item marked on each learner's own numbers is played with: the default numbers and 99 learners."""

Play = tuple[float, Any]  # (chance of handing this answer in, the answer)

# -- the order a widget shows (own block: logiserve.shuffle) ----------------------------------------------------
ORDERS = 200
"""How many learners' own orders a strategy that follows the order shown is played over."""


@functools.cache
def shown_orders(item: Item) -> tuple[tuple[str, ...], ...]:
    """The order the item's widget shows its items or steps in, for each of :data:`ORDERS` learners.

    As the learners' kernels work it out (:func:`logiserve.content.sorter.item_order`,
    :func:`logiserve.content.sequencer.pool_order`), seeded by the course, the assignment, the
    learner and the exercise.
    """
    shown = sorter.item_order if item.content["kind"] == sorter.KIND else sequencer.pool_order
    return tuple(
        tuple(shown(item.content, exercise_id=item.exercise, learner=f"learner{number:03d}", course=COURSE_ID))
        for number in range(1, ORDERS + 1)
    )


def _over_orders(answer: Callable[[list[str]], Any]) -> Callable[[Item, Call], list[Play]]:
    """The answer a strategy builds from the order shown, once for each learner's order, each equally likely."""
    return lambda item, call: [(1 / ORDERS, answer(item, call, list(order))) for order in shown_orders(item)]


@dataclass(frozen=True)
class Strategy:
    """A way to answer an item of one check without understanding it."""

    name: str
    checks: tuple[str, ...]
    answers: Callable[[Item, Call, random.Random | None], Any]
    random: bool = False
    applies: Callable[[Item, Call], bool] = lambda item, call: True
    every: Callable[[Item, Call], list[Any]] | None = None  # every answer, equally likely (exact expectation)
    weighted: Callable[[Item, Call], list[Play]] | None = None  # every answer with its chance

    def plays(self, item: Item, call: Call) -> list[Play]:
        """The answers this strategy hands in on ``item``, each with its chance."""
        if self.weighted is not None:
            return self.weighted(item, call)
        if self.every is not None:
            answers = self.every(item, call)
            return [(1 / len(answers), answer) for answer in answers]
        if self.random:
            return [(1 / SEEDS, self.answers(item, call, random.Random(seed))) for seed in range(SEEDS)]
        return [(1.0, self.answers(item, call, None))]


def expected_score(item: Item, strategy: Strategy) -> float:
    """The points ``strategy`` is expected to earn on ``item`` (over its draws, and over learners' numbers)."""
    learners: Sequence[str | None] = LEARNERS if item.has_variants else (None,)
    total = 0.0
    for learner in learners:
        call = item.call(learner)
        total += sum(chance * call.points(answer) for chance, answer in strategy.plays(item, call))
    return total / len(learners)


def strategies_for(item: Item) -> list[Strategy]:
    """The strategies that apply to ``item``, in table order."""
    call = item.call()
    return [s for s in STRATEGIES if call.check in s.checks and s.applies(item, call)]


# -- sorting: the sorter widget and a code answer marked by check_sorter ---------------------------------------
def _categories(item: Item, call: Call) -> list[str]:
    """The columns on offer: the widget's, in its order, or the key's for a code answer."""
    if item.content is not None:
        return [c["id"] for c in item.content["categories"]]
    return sorted(set(call.key.values()))


def _longest_label(options: Iterable[Mapping[str, Any]], field: str = "label") -> str:
    return max(options, key=lambda option: len(option[field]))["id"]


def _runs_as_listed(item: Item, call: Call, order: list[str]) -> dict[str, str]:
    """The items in the order shown, cut into runs as long as the key's columns, the first run in the first column.

    What earns full marks when the items are listed column by column, as authors tend to list them
    (and it is told how many items each column holds: more than any learner knows).
    """
    sizes = Counter(call.key.values())
    columns = [c for c in _categories(item, call) for _ in range(sizes[c])]
    return dict(zip(order, columns, strict=True))


def _one_column_each(item: Item, call: Call) -> list[Play]:
    """Every item in one column: the luckiest column (an upper bound on not knowing which to choose)."""
    best = max(_categories(item, call), key=lambda c: call.points(dict.fromkeys(call.key, c)))
    return [(1.0, dict.fromkeys(call.key, best))]


SORTING = (
    Strategy(
        "first option: every item in the first column",
        ("check_sorter",),
        lambda item, call, rng: dict.fromkeys(call.key, _categories(item, call)[0]),
    ),
    Strategy(
        "longest option: every item in the column with the longest name",
        ("check_sorter",),
        lambda item, call, rng: dict.fromkeys(call.key, _longest_label(item.content["categories"])),
        applies=lambda item, call: item.content is not None,
    ),
    Strategy(
        f"as listed: the items in the order shown, in runs as long as the key's columns ({ORDERS} learners' orders)",
        ("check_sorter",),
        lambda item, call, rng: None,
        applies=lambda item, call: item.content is not None,
        weighted=_over_orders(_runs_as_listed),
    ),
    Strategy(
        "every item in one column (the luckiest column)",
        ("check_sorter",),
        lambda item, call, rng: None,
        weighted=_one_column_each,
    ),
    Strategy(
        f"random columns ({SEEDS} draws)",
        ("check_sorter",),
        lambda item, call, rng: {i: rng.choice(_categories(item, call)) for i in call.key},
        random=True,
    ),
    Strategy(
        f"random columns, each as full as the key's ({SEEDS} draws)",
        ("check_sorter",),
        lambda item, call, rng: dict(zip(call.key, rng.sample(list(call.key.values()), len(call.key)), strict=True)),
        random=True,
    ),
)


# -- sequencing ----------------------------------------------------------------------------------------------
def _has_stages(item: Item, call: Call) -> bool:
    return bool(call.kwargs.get("stages"))


def _stage_ids(item: Item) -> list[str]:
    return [stage["id"] for stage in item.content.get("stages", [])]


def _sequence(order: list[str], item: Item, stage: Callable[[str], str] | None = None) -> dict[str, Any]:
    return {"order": order, "stages": {step: stage(step) for step in order} if stage else {}}


def _shuffled(item: Item, rng: random.Random) -> list[str]:
    steps = [step["id"] for step in item.content["steps"]]
    rng.shuffle(steps)
    return steps


def _random_order_one_stage(item: Item, call: Call) -> list[Play]:
    """Random orders, every step in one stage: the luckiest stage."""
    plays = []
    for stage in _stage_ids(item):
        draws = [
            _sequence(_shuffled(item, random.Random(seed)), item, lambda step, stage=stage: stage)
            for seed in range(SEEDS)
        ]
        plays.append([(1 / SEEDS, answer) for answer in draws])
    return max(plays, key=lambda draws: sum(chance * call.points(answer) for chance, answer in draws))


SEQUENCING = (
    Strategy(
        f"first option: the steps as the pool lists them (and the first stage for each) ({ORDERS} learners' pools)",
        ("check_sequence",),
        lambda item, call, rng: None,
        weighted=_over_orders(
            lambda item, call, pool: _sequence(
                pool, item, (lambda step: _stage_ids(item)[0]) if _has_stages(item, call) else None
            )
        ),
    ),
    Strategy(
        "longest option: the steps as the pool lists them, each in the stage with the longest name "
        f"({ORDERS} learners' pools)",
        ("check_sequence",),
        lambda item, call, rng: None,
        applies=_has_stages,
        weighted=_over_orders(
            lambda item, call, pool: _sequence(pool, item, lambda step: _longest_label(item.content["stages"]))
        ),
    ),
    Strategy(
        f"random order (and random stages) ({SEEDS} draws)",
        ("check_sequence",),
        lambda item, call, rng: _sequence(
            _shuffled(item, rng), item, (lambda step: rng.choice(_stage_ids(item))) if _has_stages(item, call) else None
        ),
        random=True,
    ),
    Strategy(
        f"random order, every step in one stage (the luckiest stage) ({SEEDS} draws)",
        ("check_sequence",),
        lambda item, call, rng: None,
        applies=_has_stages,
        weighted=_random_order_one_stage,
    ),
)


# -- journey maps ----------------------------------------------------------------------------------------------
def _touchpoints(item: Item) -> list[Mapping[str, Any]]:
    return list(item.content["touchpoints"])


def _journey(
    ratings: Mapping[str, str] | None = None, critical: Sequence[str] = (), notes: Mapping[str, str] | None = None
):
    return {"ratings": dict(ratings or {}), "critical": list(critical), "notes": dict(notes or {})}


FILLER = {
    "15 characters of x": lambda tp: "x" * 15,
    "one general sentence": lambda tp: "This could be improved to give the customer a better experience.",
    "the touchpoint's name in a general sentence": lambda tp: (
        f"Improve the {tp['label'].lower()} for the customer next time."
    ),
    "the touchpoint's evidence copied": lambda tp: tp["evidence"],
}


def _filler_notes(kind: str) -> Callable[[Item, Call, random.Random | None], Any]:
    return lambda item, call, rng: _journey(notes={tp["id"]: FILLER[kind](tp) for tp in _touchpoints(item)})


def _random_journey(item: Item, rng: random.Random, notes: Mapping[str, str] | None = None) -> dict[str, Any]:
    ids = [tp["id"] for tp in _touchpoints(item)]
    return _journey({tp: rng.choice(RATINGS) for tp in ids}, [tp for tp in ids if rng.random() < 0.5], notes)


def _one_rating_each(item: Item, call: Call) -> list[Play]:
    ids = [tp["id"] for tp in _touchpoints(item)]
    best = max(RATINGS, key=lambda rating: call.points(_journey(dict.fromkeys(ids, rating))))
    return [(1.0, _journey(dict.fromkeys(ids, best)))]


JOURNEY = (
    Strategy(
        "first option: every touchpoint rated with the first rating, nothing ticked",
        ("check_journey",),
        lambda item, call, rng: _journey({tp["id"]: RATINGS[0] for tp in _touchpoints(item)}),
    ),
    Strategy(
        "one rating for every touchpoint (the luckiest rating)",
        ("check_journey",),
        lambda item, call, rng: None,
        weighted=_one_rating_each,
    ),
    Strategy(
        "every touchpoint ticked as a moment of truth",
        ("check_journey",),
        lambda item, call, rng: _journey(critical=[tp["id"] for tp in _touchpoints(item)]),
    ),
    Strategy(
        f"random ratings, each touchpoint ticked with chance 1/2 ({SEEDS} draws)",
        ("check_journey",),
        lambda item, call, rng: _random_journey(item, rng),
        random=True,
    ),
    *(
        Strategy(f"filler notes: {kind}, on every touchpoint", ("check_journey",), _filler_notes(kind))
        for kind in FILLER
    ),
    Strategy(
        f"all at once: random ratings and ticks, the touchpoint's name in a general sentence ({SEEDS} draws)",
        ("check_journey",),
        lambda item, call, rng: _random_journey(
            item,
            rng,
            {tp["id"]: FILLER["the touchpoint's name in a general sentence"](tp) for tp in _touchpoints(item)},
        ),
        random=True,
    ),
)


# -- role-plays (own block: the order a scenario player shows, logiserve.content.scenario.option_order) --------
ROLE_PLAY_ORDERS = 200
"""How many learners' own orders of a role-play's options a strategy that follows the order shown is played over."""


@functools.cache
def _role_play_orders(item: Item) -> tuple[dict[str, list[Mapping[str, Any]]], ...]:
    """For each of :data:`ROLE_PLAY_ORDERS` learners, every step's options in the order their player shows them.

    As the learners' kernels work it out (:func:`logiserve.content.scenario.option_order`), seeded by the
    course, the assignment, the learner, the exercise and the step.
    """
    content = item.content
    orders = []
    for number in range(1, ROLE_PLAY_ORDERS + 1):
        shown = {}
        for step in content["steps"]:
            if step.get("ending"):
                continue
            by_id = {option["id"]: option for option in step["options"]}
            ids = scenario.option_order(
                content, step["id"], exercise_id=item.exercise, learner=f"learner{number:03d}", course=COURSE_ID
            )
            shown[step["id"]] = [by_id[option_id] for option_id in ids]
        orders.append(shown)
    return tuple(orders)


def _walk(item: Item, choose: Callable[[list[Mapping[str, Any]]], Mapping[str, Any]], shown=None) -> dict[str, Any]:
    """The path of a learner who picks ``choose(options)`` at every step, the options as ``shown`` (step -> list)."""
    steps = {step["id"]: step for step in item.content["steps"]}
    at, path = item.content["start"], []
    while not steps[at].get("ending"):
        option = choose(shown[at] if shown else steps[at]["options"])
        path.append({"step": at, "option": option["id"]})
        at = option["next"]
    return {"path": path}


def _over_learners_orders(choose: Callable[[list[Mapping[str, Any]]], Mapping[str, Any]]):
    """The path ``choose`` takes through each learner's own order, each learner equally likely."""
    return lambda item, call: [(1 / ROLE_PLAY_ORDERS, _walk(item, choose, shown)) for shown in _role_play_orders(item)]


def _longest(options: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The longest response; of equally long ones, the first shown."""
    return max(options, key=lambda o: len(o["text"]))


def _every_path(item: Item, call: Call) -> list[Play]:
    """Every path a learner choosing at random takes, with its chance (each response at a step equally likely)."""
    steps = {step["id"]: step for step in item.content["steps"]}
    plays: list[Play] = []

    def walk(at: str, chance: float, path: list[dict[str, str]]) -> None:
        if steps[at].get("ending"):
            plays.append((chance, {"path": path}))
            return
        options = steps[at]["options"]
        for option in options:
            walk(option["next"], chance / len(options), [*path, {"step": at, "option": option["id"]}])

    walk(item.content["start"], 1.0, [])
    return plays


ROLE_PLAY = (
    Strategy(
        f"first option at every step ({ROLE_PLAY_ORDERS} learners' orders)",
        ("check_scenario",),
        lambda item, call, rng: None,
        weighted=_over_learners_orders(lambda options: options[0]),
    ),
    Strategy(
        f"longest option at every step ({ROLE_PLAY_ORDERS} learners' orders)",
        ("check_scenario",),
        lambda item, call, rng: None,
        weighted=_over_learners_orders(_longest),
    ),
    Strategy(
        "first option at every step, as the author wrote them",
        ("check_scenario",),
        lambda item, call, rng: _walk(item, lambda options: options[0]),
    ),
    Strategy(
        "random responses (every path, with its chance)",
        ("check_scenario",),
        lambda item, call, rng: None,
        weighted=_every_path,
    ),
)


# -- code answers ----------------------------------------------------------------------------------------------
def _groups(call: Call) -> list[Any]:
    return list(dict(call.key.items()) if hasattr(call.key, "items") else call.key)


def _sorted_made_up(call: Call) -> dict[str, float]:
    """The right groups with made-up values 1..n, in the order the check asks for (largest first by default)."""
    groups = _groups(call)
    values = (
        range(len(groups), 0, -1) if call.kwargs.get("descending", True) is not False else range(1, len(groups) + 1)
    )
    return dict(zip(groups, map(float, values), strict=True))


CANDIDATES: Mapping[str, Callable[[], list[str]]] = {
    # the values a learner could hand in without working anything out, in the data's order
    "01_customers/internal_customers_test": lambda: list(dict.fromkeys(load("parties")["name"])),
    "03_moments_of_truth/weakest_test": lambda: list(dict.fromkeys(load("journey_feedback")["touchpoint"])),
    "04_complaints/vital_test": lambda: list(dict.fromkeys(load("complaints")["root_cause"])),
}
"""For every item marked by check_names or check_text: the names or values its data offers."""


def _candidates(item: Item) -> list[str]:
    return list(_loaded_candidates(item.name))


@functools.cache
def _loaded_candidates(name: str) -> tuple[str, ...]:
    return tuple(CANDIDATES[name]())


def _chart(bars: list[list[float]], lines: list[list[float]]) -> dict[str, Any]:
    """Chart data as :func:`logiserve.autograder.chart_data` gives it, of one Axes."""
    axes = {"title": "", "xlabel": "", "ylabel": "", "bars": bars, "lines": lines}
    return {"chart": "matplotlib", "suptitle": "", "truncated": False, "axes": [axes]}


CODE = (
    Strategy(
        "the right groups, every value 0", ("check_series",), lambda item, call, rng: dict.fromkeys(_groups(call), 0.0)
    ),
    Strategy(
        "the right groups, every value 1", ("check_series",), lambda item, call, rng: dict.fromkeys(_groups(call), 1.0)
    ),
    Strategy(
        "the right groups, made-up values sorted as asked",
        ("check_series",),
        lambda item, call, rng: _sorted_made_up(call),
    ),
    Strategy("every name there is", ("check_names",), lambda item, call, rng: _candidates(item)),
    Strategy(
        "first option: the first name in the data", ("check_names",), lambda item, call, rng: _candidates(item)[:1]
    ),
    Strategy(
        "one name at random (each equally likely)",
        ("check_names",),
        lambda item, call, rng: None,
        every=lambda item, call: [[name] for name in _candidates(item)],
    ),
    Strategy(
        f"half the names at random ({SEEDS} draws)",
        ("check_names",),
        lambda item, call, rng: rng.sample(_candidates(item), len(_candidates(item)) // 2),
        random=True,
    ),
    Strategy(
        "first option: the first value in the data", ("check_text",), lambda item, call, rng: _candidates(item)[0]
    ),
    Strategy(
        "one value at random (each equally likely)",
        ("check_text",),
        lambda item, call, rng: None,
        every=lambda item, call: _candidates(item),
    ),
    Strategy("the number 0", ("check_number", "check_method_step"), lambda item, call, rng: 0.0),
    Strategy("the number 1", ("check_number", "check_method_step"), lambda item, call, rng: 1.0),
    Strategy("an empty chart", ("check_pareto_chart",), lambda item, call, rng: _chart([], [])),
    Strategy(
        "a chart of nothing but a line at 80 %",
        ("check_pareto_chart",),
        lambda item, call, rng: _chart([], [[80.0, 80.0]]),
    ),
    Strategy(
        "equal bars for every item and a line at 80 %",
        ("check_pareto_chart",),
        lambda item, call, rng: _chart([[1.0] * len(_groups(call))], [[80.0, 80.0]]),
    ),
)


# -- answers copied from the notebook's own teaching text ------------------------------------------------------
def _copied(item: Item, call: Call) -> list[Play]:
    """The best answer the item's page gives by copying (:func:`._teaching.copies`); nothing when it gives none."""
    candidates = _candidates(item) if item.name in CANDIDATES else []
    answers = copies(item, call, candidates)
    if not answers:
        return [(1.0, None)]
    return [(1.0, max(answers, key=call.points))]


TEACHING = (
    Strategy(
        "copied from the page: what its teaching text, worked examples and practice exercises say (the best copy)",
        (
            "check_sorter",
            "check_sequence",
            "check_journey",
            "check_number",
            "check_method_step",
            "check_series",
            "check_names",
            "check_text",
        ),
        lambda item, call, rng: None,
        weighted=_copied,
    ),
)
"""Answers copied from the page that teaches the item (:mod:`._teaching`): a role-play and a chart have none."""


# -- reading the explorers (05_inventory) ---------------------------------------------------------------------
# A learner who copies a number the EOQ or safety-stock explorer shows, for the sliders set as they open, as near
# the learner's own planter as they go, or anywhere on a grid over every slider's range (3 values each, on the
# sliders' own grids). The explorers are built as 05's notebook builds them for that learner, and read as they
# show themselves (their summary, chart texts and console text: tests.widgets._course_explorers), less the
# sliders' own values. At each setting the learner copies the luckiest number shown: an upper bound on knowing
# which to copy. Played on 05's number
# items (a Series, a class table or a chart is not a number an explorer shows).
def _explorer_learner(item: Item, call: Call) -> str | None:
    """Whose numbers ``call`` was made with (the calls are kept, one per learner)."""
    return next(learner for learner in LEARNERS if item.call(learner) is call)


@functools.cache
def _explorer_readings(learner: str | None) -> dict[str, list[tuple[float, tuple[float, ...]]]]:
    """What the explorers show a learner, by where the sliders are: each setting's chance and the numbers shown."""
    from tests.widgets._course_explorers import (
        course_explorers,
        figures,
        graded_inputs,
        learner_numbers,
        nearest,
        settings,
    )

    explorers = course_explorers(learner)
    planter = graded_inputs(learner_numbers(learner))
    readings: dict[str, list[tuple[float, tuple[float, ...]]]] = {"open": [], "near": [], "grid": []}
    opening: tuple[float, ...] = ()
    near: tuple[float, ...] = ()

    def shown(explorer: Any, at: dict[str, float]) -> tuple[float, ...]:
        """The numbers shown at ``at``, less the sliders' own values (what the learner set is no reading)."""
        echoes = [v for value in at.values() for v in (value, 100 * value)]
        numbers = figures(explorer.shown_at(**at))
        return tuple(n for n in numbers if all(abs(n - e) > 0.006 * abs(e) + 0.006 for e in echoes))

    for name, explorer in explorers.items():
        opening += shown(explorer, explorer.values())
        near += shown(explorer, nearest(explorer, planter[name]))
        grid = list(settings(explorer, planter[name], per_slider=3))[2:]
        readings["grid"] += [(1 / len(explorers) / len(grid), shown(explorer, at)) for at in grid]
    readings["open"], readings["near"] = [(1.0, opening)], [(1.0, near)]
    return readings


def _luckiest(call: Call, shown: tuple[float, ...]) -> float:
    """The number shown that earns most (check_method_step credits only numbers near the key: the rest earn 0)."""
    key = float(call.key)
    near = [n for n in shown if abs(n - key) <= max(0.1, 0.05 * abs(key))]
    return max(near, key=call.points) if near else (shown[0] if shown else 0.0)


def _reading(where: str) -> Callable[[Item, Call], list[Play]]:
    def plays(item: Item, call: Call) -> list[Play]:
        chances: dict[float, float] = {}
        for chance, shown in _explorer_readings(_explorer_learner(item, call))[where]:
            answer = _luckiest(call, shown)
            chances[answer] = chances.get(answer, 0.0) + chance
        return [(chance, answer) for answer, chance in chances.items()]

    return plays


EXPLORERS = tuple(
    Strategy(
        f"reading the explorers: {where}, the luckiest number shown copied",
        ("check_method_step",),
        lambda item, call, rng: None,
        applies=lambda item, call: item.assignment == "05_inventory",
        weighted=_reading(key),
    )
    for key, where in (
        ("open", "as they open"),
        ("near", "the sliders as near the learner's planter as they go"),
        ("grid", "any setting of a grid over every slider (each equally likely)"),
    )
)


STRATEGIES: tuple[Strategy, ...] = (*SORTING, *SEQUENCING, *JOURNEY, *ROLE_PLAY, *CODE, *TEACHING, *EXPLORERS)
"""Every strategy, in table order."""
