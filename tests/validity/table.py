"""What cheap strategies are expected to earn on every graded item of the course, as a table.

``tests/validity`` asserts on these figures; this module works them out and writes them as
``docs/validity.md``, and a test checks that the committed file is what the code computes::

    python -m tests.validity.table            # write docs/validity.md (also: make validity-table)
    python -m tests.validity.table --check    # exit 1 when docs/validity.md is out of date
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ._items import REPO, Item, graded_items
from .strategies import CANDIDATES, ORDERS, SEEDS, expected_score, strategies_for

__all__ = ["DOC", "LIMIT", "OPEN", "TWO_WAY_LIMIT", "Row", "limit_for", "main", "markdown", "rows"]

DOC = REPO / "docs" / "validity.md"
LIMIT = 0.15
"""The most a strategy that needs no understanding may be expected to earn, as a share of an item's marks."""
TWO_WAY_LIMIT = 0.30
"""... for an item whose every choice is between two."""


OPEN: dict[tuple[str, str], str] = {}
"""Strategies that still earn more than the limit, by (item, strategy), with why and what would fix them.

Each is an expected failure of ``test_validity``: it fails the day the item is fixed, so it is taken
off this list then."""


@dataclass(frozen=True)
class Row:
    """One strategy played on one item."""

    item: str
    marks: float
    strategy: str
    expected: float
    limit: float

    @property
    def share(self) -> float:
        return self.expected / self.marks

    @property
    def open(self) -> str:
        """Why this strategy still earns more than the limit (``""`` when it does not, or is not known to)."""
        return OPEN.get((self.item, self.strategy), "")


def limit_for(item: Item) -> float:
    """:data:`TWO_WAY_LIMIT` for an item whose every choice is between two (columns, values), else :data:`LIMIT`."""
    call = item.call()
    if call.check == "check_sorter":
        choices = len(item.content["categories"]) if item.content else len(set(call.key.values()))
    elif item.name in CANDIDATES:
        choices = len(CANDIDATES[item.name]())
    else:
        choices = 0
    return TWO_WAY_LIMIT if choices == 2 else LIMIT


@functools.cache
def rows() -> tuple[Row, ...]:
    """Every strategy that applies, played on every graded item, in course order."""
    return tuple(
        Row(item.name, item.points, strategy.name, expected_score(item, strategy), limit_for(item))
        for item in graded_items()
        for strategy in strategies_for(item)
    )


def markdown(table: Sequence[Row]) -> str:
    """The table as the markdown page ``docs/validity.md``."""
    lines = [
        "# What guessing earns",
        "",
        "<!-- Made by `python -m tests.validity.table` (or `make validity-table`); a test fails when it is stale. -->",
        "",
        "Every graded item of every assignment (each autograded test cell of `course/source/`, its key read from",
        "its hidden test) played with cheap strategies that need no understanding, and what each is expected to",
        f"earn: the mean over its answers ({SEEDS} seeded draws for a random strategy, or every answer with its",
        "chance), and over the default numbers and 99 learners' own numbers where an item is marked on them.",
        f"`tests/validity` asserts that each earns at most {LIMIT:.0%} of the item's marks ({TWO_WAY_LIMIT:.0%} where",
        "every choice is between two), and that the source's answers still earn full marks. A strategy marked",
        "**open** still earns more; the last column says why and what would fix it (its test is an expected",
        "failure until then).",
        "",
        "A graded sorter shows its items, and a sequencer its pool of steps, in each learner's own order",
        "(`logiserve.shuffle`), so a strategy that follows the order shown (`first option`, `longest option`",
        f"and `as listed` there) is played over {ORDERS} learners' orders and its expected score is the mean",
        "over them. A journey map's touchpoints keep their chronology, and a sorter's categories, a sequencer's",
        "stages and the ratings their authored order, so the other strategies there do not depend on a learner.",
        "",
        "A graded role-play's responses are in each learner's own order too, played the same way. Answers",
        "copied from the notebook's own page (its teaching text, worked examples, the outputs of its read-only",
        "cells and its practice exercises) are played (`tests/validity/_teaching.py`), and so is reading",
        "`05_inventory`'s explorers: every number they show, as they open, dragged as near the learner's",
        "planter as they go, and over a grid of every slider. That a graded role-play cannot be searched (it",
        "shows only the step reached, and every response is final) is not a strategy here: the scenario's",
        "widget and browser tests prove it.",
        "",
        "| item | marks | strategy | expected | of the marks | limit | open |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for row in table:
        flag = f"**open**: {row.open}" if row.open else ""
        lines.append(
            f"| `{row.item}` | {row.marks:g} | {row.strategy} | {row.expected:.2f} | {row.share:.1%} | "
            f"{row.limit:.0%} | {flag} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.validity.table", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/validity.md is out of date")
    parser.add_argument("--out", type=Path, default=DOC, help="where to write the table (default: docs/validity.md)")
    args = parser.parse_args(argv)
    text = markdown(rows())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m tests.validity.table", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
