"""Marks that need understanding: no cheap strategy earns more than a small share of any graded item.

Every graded item of every assignment (:mod:`._items`) is played with the strategies of
:mod:`.strategies`; each strategy's expected score must be at most 15 % of the item's marks (30 %
where every choice is between two), while the source notebook's own answers still earn every
mark.  ``pytest -s`` prints the table; ``docs/validity.md`` keeps it, and must be what the code
computes.  A strategy the checks cannot defeat (the content puts its answer in a fixed place,
the data makes a constant right) is listed in :data:`.table.OPEN` and is an expected failure
here, so its test fails the day it is fixed.
"""

from __future__ import annotations

import pytest

from ._items import graded_items
from ._source import source_answers
from .strategies import CANDIDATES, STRATEGIES, strategies_for
from .table import DOC, OPEN, markdown, rows


def _cases():
    """Every (item, strategy), known without playing it; the expected scores are worked out once, by the first test."""
    cases = []
    for item in graded_items():
        for strategy in strategies_for(item):
            key = (item.name, strategy.name)
            marks = [pytest.mark.xfail(strict=True, reason=OPEN[key])] if key in OPEN else []
            cases.append(pytest.param(*key, id=f"{item.name}: {strategy.name}", marks=marks))
    return cases


@pytest.mark.parametrize(("item", "strategy"), _cases())
def test_no_cheap_strategy_earns_more_than_its_limit(item, strategy):
    row = next(row for row in rows() if (row.item, row.strategy) == (item, strategy))
    assert row.share <= row.limit, f"{row.item}: {row.strategy} earns {row.share:.1%} of {row.marks:g} marks"


def test_every_graded_item_is_played():
    """Every autograded test cell of every assignment meets at least two strategies; no strategy goes unused."""
    items = graded_items()
    assert {item.assignment for item in items} >= {
        "01_customers",
        "02_service_cycle",
        "03_moments_of_truth",
        "04_complaints",
        "05_inventory",
        "06_supply_chain",
    }
    played = {row.item for row in rows()}
    assert played == {item.name for item in items}
    for item in items:
        assert len(strategies_for(item)) >= 2, item.name
    assert {s.name for s in STRATEGIES} == {row.strategy for row in rows()}, "a strategy that plays no item"


def test_every_item_marked_by_names_or_text_has_its_candidates():
    """A new check_names or check_text item needs the values its data offers, or it would not be played."""
    needs = {item.name for item in graded_items() if item.call().check in ("check_names", "check_text")}
    assert needs == set(CANDIDATES)


def test_the_open_strategies_are_played():
    assert set(OPEN) <= {(row.item, row.strategy) for row in rows()}


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """Every assignment's source answers, run as a learner runs them (one kernel per notebook)."""
    assignments = sorted({item.assignment for item in graded_items()})
    return {a: source_answers(a, tmp_path_factory.mktemp("source") / a) for a in assignments}


@pytest.mark.parametrize("item", graded_items(), ids=lambda item: item.name)
def test_the_source_s_answers_earn_full_marks(item, source):
    code, widgets = source[item.assignment]
    answer = widgets.get(item.exercise) if item.exercise else code.get(item.answer_name)
    assert answer is not None, f"{item.name}: the source gives no answer"
    assert item.run(answer) == item.points


def test_the_table_is_printed_and_kept_in_docs():
    text = markdown(rows())
    print("\n" + text)  # pytest -s shows it
    assert DOC.read_text(encoding="utf-8") == text, "docs/validity.md is stale: run python -m tests.validity.table"
