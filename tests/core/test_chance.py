"""logiserve.chance: the luck of a random order worked out exactly, and weights at which a blind guess nets nothing."""

import itertools
from fractions import Fraction
from statistics import mean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logiserve.chance import (
    best_blind_guess,
    beyond_chance,
    expected_longest_run,
    expected_walk_total,
    weight_for,
    wrong_weight,
)


def longest_weakly_increasing(places):
    """By brute force: the longest subsequence whose places never go down."""
    for size in range(len(places), 0, -1):
        if any(list(c) == sorted(c) for c in itertools.combinations(places, size)):
            return size
    return 0


@given(st.lists(st.integers(min_value=1, max_value=3), min_size=1, max_size=4).filter(lambda s: sum(s) <= 6))
def test_the_expected_longest_run_is_the_mean_over_every_order(sizes):
    places = [place for place, size in enumerate(sizes) for _ in range(size)]
    orders = list(itertools.permutations(places))
    by_hand = Fraction(sum(longest_weakly_increasing(o) for o in orders), len(orders))
    assert expected_longest_run(sizes) == by_hand


@pytest.mark.parametrize(("n", "luck"), [(1, 1), (2, Fraction(3, 2)), (3, 2), (4, Fraction(29, 12))])
def test_the_luck_of_small_orders(n, luck):
    assert expected_longest_run([1] * n) == luck


def test_a_group_of_every_step_is_all_luck():
    assert expected_longest_run([5]) == 5
    assert expected_longest_run([]) == 0


@given(st.lists(st.sampled_from("xyz"), min_size=2, max_size=12))
def test_one_choice_for_everything_nets_nothing(key):
    accepted = [{choice} for choice in key]
    weight, m, n = wrong_weight(accepted), best_blind_guess(accepted), len(key)
    for choice in "xyz":
        right = sum(choice == k for k in key)
        assert right - weight * (n - right) <= 0 or m == n
    assert weight == weight_for(n, m)


def test_a_random_guess_nets_at_most_nothing_on_average():
    """Every way to place 4 items in 3 columns, the key's fullest column holding 2: the mean net is below 0."""
    key = ["x", "x", "y", "z"]
    weight = wrong_weight([{k} for k in key])
    nets = [
        sum(g == k for g, k in zip(guess, key, strict=True))
        - weight * sum(g != k for g, k in zip(guess, key, strict=True))
        for guess in itertools.product("xyz", repeat=len(key))
    ]
    assert mean(nets) < 0


def test_a_choice_that_fits_several_items():
    assert best_blind_guess([{"t"}, {"t", "p"}, {"p"}, {"e"}]) == 2
    assert wrong_weight([{"t"}, {"t", "p"}, {"p"}, {"e"}]) == 1


@pytest.mark.parametrize(
    ("raw", "chance", "full", "share"),
    [(13, 5, 13, 1.0), (5, 5, 13, 0.0), (3, 5, 13, 0.0), (9, 5, 13, 0.5), (1, 1, 1, 1.0), (0, 1, 1, 0.0)],
)
def test_beyond_chance(raw, chance, full, share):
    assert beyond_chance(raw, chance, full) == share


def test_the_expected_total_of_a_random_walk():
    leads_to = {"a": {"x": "b", "y": "c"}, "b": {"p": "end", "q": "end"}, "c": {"r": "end"}, "end": {}}
    scores = {"a": {"x": 1, "y": 0}, "b": {"p": 2, "q": -2}, "c": {"r": 3}}
    # a -x-> b: 1 + (2 or -2); a -y-> c: 0 + 3; each half the time: (1 + 0) / 2 + 3 / 2
    assert expected_walk_total("a", leads_to, scores) == 2.0
