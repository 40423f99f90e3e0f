"""Credit beyond chance: what the marking rules share, so that a guess earns about nothing.

Used by the exercise kinds' marking rules (``logiserve.content``) and by the checks
(``logiserve.autograder``).

Two rules, each worked out from the key alone:

* **Choices** (a sorter's columns, a step's stage, a touchpoint's rating, a group's number): a
  right choice earns its share and a wrong one takes back :func:`wrong_weight` of a share, the
  weight at which the best blind guess (one choice for everything: the most common right one)
  nets nothing.  A choice left out costs nothing, so leaving out what you do not know never
  scores below guessing it.  For any guess that does not look at the items (the same choice for
  all, or choices drawn at random however they are spread) the expected net is at most 0.
* **Orders**: the longest run of steps in order is compared with the run a random order of the
  same steps keeps by luck, :func:`expected_longest_run`, worked out exactly (steps of one group
  may come in any order among themselves, so a group counts as tied places).

Both give ``max(0, (raw - chance) / (full - chance))`` on a complete answer, the usual correction
for guessing.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Collection, Iterable, Mapping
from fractions import Fraction

__all__ = [
    "best_blind_guess",
    "beyond_chance",
    "expected_longest_run",
    "expected_walk_total",
    "weight_for",
    "wrong_weight",
]


def best_blind_guess(accepted: Iterable[Collection[str]]) -> int:
    """How many items one choice for every item gets right: the most items that accept any one choice.

    >>> best_blind_guess([{"internal"}, {"external"}, {"external"}, {"transaction", "post_transaction"}])
    2
    """
    counts: dict[str, int] = {}
    for choices in accepted:
        for choice in set(choices):
            counts[choice] = counts.get(choice, 0) + 1
    return max(counts.values(), default=0)


def wrong_weight(accepted: Collection[Collection[str]]) -> Fraction:
    """How much of a right choice a wrong one takes back, so that one choice for everything nets nothing.

    With ``n`` items of which one choice fits at most ``m``, the weight is ``m / (n - m)``: that
    guess gets ``m`` right and ``n - m`` wrong.  When one choice fits every item no guess can be
    told from knowledge, and a wrong choice takes back one right one.

    >>> wrong_weight([{"internal"}] * 3 + [{"external"}] * 4 + [{"not_a_customer"}] * 4)
    Fraction(4, 7)
    >>> wrong_weight([{"x"}, {"x"}])
    Fraction(1, 1)
    """
    return weight_for(len(accepted), best_blind_guess(accepted))


def weight_for(n: int, m: int) -> Fraction:
    """The weight of a wrong choice among ``n`` items when one blind guess gets ``m`` of them right: ``m / (n - m)``.

    >>> weight_for(13, 10), weight_for(4, 1), weight_for(3, 3)
    (Fraction(10, 3), Fraction(1, 3), Fraction(1, 1))
    """
    return Fraction(m, n - m) if m < n else Fraction(1)


def beyond_chance(raw: float, chance: float, full: float) -> float:
    """The share of what lies above chance that ``raw`` reaches: ``max(0, (raw - chance) / (full - chance))``.

    When chance already reaches ``full`` (nothing to tell apart), ``raw`` counts only when it is ``full``.

    >>> beyond_chance(12, 5, 13)
    0.875
    >>> beyond_chance(4, 5, 13), beyond_chance(1, 1, 1)
    (0.0, 1.0)
    """
    if full - chance <= 0:
        return 1.0 if raw >= full else 0.0
    return max(0.0, (raw - chance) / (full - chance))


def expected_longest_run(group_sizes: Iterable[int]) -> Fraction:
    """The expected longest run in order of a random order of steps, where steps of one group are interchangeable.

    ``group_sizes`` gives, for each place of the right order, how many of the steps share it (1 for
    a step on its own).  A random order of the steps is a random arrangement of their places, and
    its longest run in order is its longest weakly increasing run of places; by the RSK
    correspondence, the arrangements whose longest run is ``k`` are counted by the shapes ``λ``
    with first row ``k`` as ``f^λ K(λ, μ)`` (standard tableaux times Kostka numbers of the group
    sizes ``μ``).  Exact, for any number of steps a sequencer holds.

    >>> expected_longest_run([1, 1, 1])  # 6 orders of 3 steps: runs 3, 2, 2, 2, 2, 1
    Fraction(2, 1)
    >>> expected_longest_run([2, 1])  # aab, aba, baa: runs 3, 2, 2
    Fraction(7, 3)
    >>> round(float(expected_longest_run([1] * 13)), 2)  # about 5.1 of 13 steps stay in order by luck
    5.1
    """
    sizes = tuple(sorted((size for size in group_sizes if size > 0), reverse=True))
    n = sum(sizes)
    if n == 0:
        return Fraction(0)
    arrangements = math.factorial(n) // math.prod(math.factorial(size) for size in sizes)
    total = sum(shape[0] * _standard_tableaux(shape) * _kostka(shape, sizes) for shape in _partitions(n, n))
    return Fraction(total, arrangements)


@functools.cache
def _partitions(n: int, largest: int) -> tuple[tuple[int, ...], ...]:
    """The partitions of ``n`` into parts of at most ``largest``, largest part first."""
    if n == 0:
        return ((),)
    return tuple((part, *rest) for part in range(min(n, largest), 0, -1) for rest in _partitions(n - part, part))


@functools.cache
def _standard_tableaux(shape: tuple[int, ...]) -> int:
    """The number of standard Young tableaux of ``shape`` (the hook length formula)."""
    columns = [sum(1 for row in shape if row > j) for j in range(shape[0])] if shape else []
    hooks = math.prod(row - j + columns[j] - i - 1 for i, row in enumerate(shape) for j in range(row))
    return math.factorial(sum(shape)) // hooks


@functools.cache
def _kostka(shape: tuple[int, ...], content: tuple[int, ...]) -> int:
    """The number of semistandard tableaux of ``shape`` with ``content`` (the last entries as a horizontal strip)."""
    if not content:
        return 1 if not shape else 0
    *rest, last = content
    return sum(_kostka(inner, tuple(rest)) for inner in _strips_removed(shape, last))


def _strips_removed(shape: tuple[int, ...], size: int) -> Iterable[tuple[int, ...]]:
    """The shapes left by removing a horizontal strip of ``size`` boxes from ``shape``."""

    def remove(row: int, left: int) -> Iterable[list[int]]:
        if row == len(shape):
            if left == 0:
                yield []
            return
        below = shape[row + 1] if row + 1 < len(shape) else 0
        for taken in range(min(left, shape[row] - below) + 1):
            for tail in remove(row + 1, left - taken):
                yield [shape[row] - taken, *tail]

    for inner in remove(0, size):
        yield tuple(part for part in inner if part)


def expected_walk_total(
    start: str, leads_to: Mapping[str, Mapping[str, str]], scores: Mapping[str, Mapping[str, float]]
) -> float:
    """The total a walk that picks every response at random is expected to score, from ``start`` to an ending.

    ``leads_to`` maps every step to its options and the step each leads to (an ending has none);
    ``scores`` gives every option's score.  The graph must not loop.

    >>> expected_walk_total("a", {"a": {"good": "end", "bad": "end"}, "end": {}}, {"a": {"good": 2, "bad": -1}})
    0.5
    """
    expected: dict[str, float] = {}

    def walk(step: str) -> float:
        if step not in expected:
            options = leads_to[step]
            expected[step] = (
                sum(scores[step][option] + walk(after) for option, after in options.items()) / len(options)
                if options
                else 0.0
            )
        return expected[step]

    return walk(start)
