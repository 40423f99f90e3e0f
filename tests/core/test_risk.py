"""Risk: likelihood × impact, and the bands low (1-4), medium (5-12) and high (15-25)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import risk


def test_public_names() -> None:
    assert set(risk.__all__) == {"RATINGS", "risk_rating", "risk_score"}
    assert risk.RATINGS == ("low", "medium", "high")


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "rating"),
    [(1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"), (3, 4, 12, "medium"),
     (3, 5, 15, "high"), (4, 4, 16, "high"), (5, 5, 25, "high"), (4.0, 2, 8, "medium")],
)  # fmt: skip
def test_scores_and_ratings_by_hand(likelihood, impact, score, rating) -> None:
    assert risk.risk_score(likelihood, impact) == score
    assert isinstance(risk.risk_score(likelihood, impact), int)
    assert risk.risk_rating(score) == rating


def test_every_possible_score_has_its_band() -> None:
    scores = sorted({a * b for a in range(1, 6) for b in range(1, 6)})
    assert scores == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]
    assert [risk.risk_rating(s) for s in scores] == ["low"] * 4 + ["medium"] * 6 + ["high"] * 4


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: risk.risk_score(0, 3), "risk_score(): likelihood must be a whole number from 1 to 5, not 0"),
        (lambda: risk.risk_score(3, 6), "risk_score(): impact must be a whole number from 1 to 5, not 6"),
        (lambda: risk.risk_score(2.5, 3), "likelihood must be a whole number from 1 to 5, not 2.5"),
        (lambda: risk.risk_score("3", 3), "likelihood must be a whole number from 1 to 5, not the text '3'"),
        (lambda: risk.risk_score(True, 3), "likelihood must be a whole number from 1 to 5, not True"),
        (lambda: risk.risk_rating(0), "risk_rating(): score must be a whole number from 1 to 25, not 0"),
        (lambda: risk.risk_rating(30), "score must be a whole number from 1 to 25, not 30"),
        (lambda: risk.risk_rating(13), "risk_rating(): 13 cannot be a risk score"),
        (lambda: risk.risk_rating(7), "7 cannot be a risk score"),
    ],
)
def test_bad_input_is_explained(call, expected) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        call()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5))
def test_a_more_likely_or_bigger_risk_never_rates_lower(likelihood, impact, more) -> None:
    order = {rating: n for n, rating in enumerate(risk.RATINGS)}
    rating = order[risk.risk_rating(risk.risk_score(likelihood, impact))]
    assert risk.risk_score(likelihood, impact) == risk.risk_score(impact, likelihood)
    if more >= likelihood:
        assert order[risk.risk_rating(risk.risk_score(more, impact))] >= rating
