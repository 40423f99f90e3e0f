"""Practice twins give nothing of a graded answer away, for any learner's numbers.

For every practice twin (``kind: practice_twin`` with ``for:``), played against the graded item it
twins (:mod:`tests.validity._items`), with the default numbers and 99 learners' own numbers where
the item has them:

* the twin's answer, copied into the graded task, earns nothing there;
* the graded answer, handed to the twin, never passes the twin's check (its data is other data);
* what the twin's check says (to no answer, a made-up 0, the twin's answer and the twin's slips)
  and what its hint ladder says never shows a graded answer's number.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import pytest

from logiserve.autograder.checks import mark_practice
from logiserve.content import load_exercises

from ._items import SOURCE, Item, graded_items
from .strategies import LEARNERS, _chart


@cache
def _twins() -> tuple[tuple[Item, str, Mapping[str, Any], Mapping[str, Any] | None], ...]:
    items = {(item.assignment, item.grade_id): item for item in graded_items()}
    out = []
    for folder in sorted(p for p in SOURCE.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        content = load_exercises(folder / "exercises.yaml")
        ladders = {c["for"]: c for c in content.values() if c["kind"] == "hint_ladder" and "for" in c}
        for twin_id, twin in content.items():
            if twin["kind"] == "practice_twin" and "for" in twin:
                out.append((items[(folder.name, twin["for"])], twin_id, twin, ladders.get(twin["for"])))
    return tuple(out)


def _cases() -> list[Any]:
    return [pytest.param(item, twin, ladder, id=twin_id) for item, twin_id, twin, ladder in _twins()]


def _learners(item: Item) -> tuple[str | None, ...]:
    return LEARNERS if item.has_variants else (None,)


def _pareto(counts: Mapping[str, float]) -> dict[str, Any]:
    """The right Pareto chart of ``counts``: bars largest first, the cumulative share, the 80 % line."""
    values = sorted((float(v) for v in counts.values()), reverse=True)
    total, running, cumulative = sum(values), 0.0, []
    for value in values:
        running += value
        cumulative.append(100 * running / total)
    return _chart([values], [cumulative, [80.0] * len(values)])


def _as_answer(check: str, value: Any) -> Any:
    """A key handed in as an answer (a chart of it, for a chart's check)."""
    if check == "pareto_chart":
        return _pareto(dict(value))
    return dict(value) if hasattr(value, "to_dict") else value


def _numbers(key: Any) -> Iterator[float]:
    if isinstance(key, bool):
        return
    if isinstance(key, int | float) and math.isfinite(key):
        yield float(key)
    elif hasattr(key, "to_dict") or isinstance(key, Mapping):
        for value in dict(key).values():
            yield from _numbers(value)


def _shown(number: float) -> set[str]:
    """The ways a check, a hint or an author writes ``number``."""
    forms = {f"{number:,.{p}f}" for p in (0, 1, 2, 3)} | {f"{number:.{p}f}" for p in (0, 1, 2, 3)}
    if number == int(number):
        forms |= {f"{int(number)}", f"{int(number):,}"}
    return {f for f in forms if len(f.replace(",", "").replace(".", "").lstrip("0-")) >= 3}


def _revealing(key: Any) -> set[str]:
    """The forms of the graded key's telling numbers (three significant digits or more)."""
    return {form for number in _numbers(key) for form in _shown(number)}


def _found(forms: set[str], text: str) -> list[str]:
    return [f for f in sorted(forms) if re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", text)]


@pytest.mark.parametrize(("item", "twin", "ladder"), _cases())
def test_the_twin_s_answer_earns_nothing_on_the_graded_task(item, twin, ladder):
    answer = _as_answer(twin["check"], twin["expected"])
    earned = {learner: item.call(learner).points(answer) for learner in _learners(item)}
    assert max(earned.values()) == 0.0, {k: v for k, v in earned.items() if v}


@pytest.mark.parametrize(("item", "twin", "ladder"), _cases())
def test_the_graded_answer_never_passes_the_twin(item, twin, ladder):
    for learner in _learners(item):
        result = mark_practice(twin, _as_answer(twin["check"], item.call(learner).key))
        assert not result.passed, f"{learner}: the graded answer passes the practice ({result})"


@pytest.mark.parametrize(("item", "twin", "ladder"), _cases())
def test_the_twin_and_its_hints_never_show_a_graded_number(item, twin, ladder):
    hints = "\n".join(f"{r['text']}\n{r.get('code', '')}" for r in ladder["rungs"]) if ladder else ""
    shown = [None, 0, _as_answer(twin["check"], twin["expected"]), *twin.get("slips", {}).values()]
    said_to = {repr(answer)[:40]: str(mark_practice(twin, answer)) for answer in shown}
    for learner in _learners(item):
        key = item.call(learner).key
        forms = _revealing(key) - _revealing(twin["expected"])  # a number both share is the twin's own
        for answer, text in said_to.items():  # (handed the graded answer, a check may echo it: the learner's own)
            assert not _found(forms, text), f"{learner}: told {text!r} for {answer}"
        assert not _found(forms, f"{twin['title']}\n{hints}"), (
            f"{learner}: the title or the hints show {_found(forms, hints)}"
        )


def test_every_graded_code_task_s_twin_is_played():
    played = {(item.assignment, item.grade_id) for item, *_ in _twins()}
    assert len(played) >= 40, f"only {len(played)} twins found"


def test_the_scan_finds_a_planted_graded_number():
    item, _, twin, ladder = next((i, n, t, h) for i, n, t, h in _twins() if t["check"] == "method_step")
    key = item.call(None).key
    forms = _revealing(key) - _revealing(twin["expected"])
    assert forms, f"{item.name}: its key {key!r} has no telling number"
    planted = f"{ladder['rungs'][2]['text']} For your own planter that gives {key:,.2f}."
    assert _found(forms, planted)
    assert not _found(forms, ladder["rungs"][2]["text"])
