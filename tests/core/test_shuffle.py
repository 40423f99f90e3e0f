"""The per-learner order of what a graded widget shows (logiserve.shuffle)."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from logiserve.shuffle import learner_order
from logiserve.variants import LEARNER_ENV

IDS = ["log", "acknowledge", "empathise", "investigate", "resolve", "follow_up"]
EID = "04_complaints.demo"


def test_the_same_learner_always_gets_the_same_order():
    first = learner_order(IDS, exercise_id=EID, learner="amira", course="c")
    assert all(learner_order(IDS, exercise_id=EID, learner="amira", course="c") == first for _ in range(5))
    assert sorted(first) == sorted(IDS)


def test_learners_exercises_courses_and_salts_change_the_order():
    base = learner_order(IDS, exercise_id=EID, learner="amira", course="c")
    assert learner_order(IDS, exercise_id=EID, learner="ben", course="c") != base
    assert learner_order(IDS, exercise_id="04_complaints.other", learner="amira", course="c") != base
    assert learner_order(IDS, exercise_id=EID, learner="amira", course="d") != base
    assert learner_order(IDS, exercise_id=EID, learner="amira", course="c", salt="step2") != base


def test_each_id_is_first_about_equally_often_across_a_cohort():
    firsts = Counter(learner_order(IDS, exercise_id=EID, learner=f"l{n}", course="c")[0] for n in range(1200))
    assert set(firsts) == set(IDS)
    assert max(firsts.values()) < 1.3 * 1200 / len(IDS), firsts


def test_adding_an_id_keeps_the_others_relative_order():
    """Ids are ranked by their own hash, so a new option never reshuffles the rest."""
    before = learner_order(IDS, exercise_id=EID, learner="amira", course="c")
    after = learner_order([*IDS, "escalate"], exercise_id=EID, learner="amira", course="c")
    assert [i for i in after if i != "escalate"] == before


@pytest.mark.parametrize("learner", [f"l{n}" for n in range(40)])
def test_an_order_to_avoid_is_never_shown(learner):
    two = ["a", "b"]
    for avoid in (["a", "b"], ["b", "a"]):
        assert learner_order(two, exercise_id=EID, learner=learner, course="c", avoid=[avoid]) != avoid
    three = ["a", "b", "c"]
    for avoid in itertools.permutations(three, 3):
        got = learner_order(three, exercise_id=EID, learner=learner, course="c", avoid=[list(avoid)])
        assert got != list(avoid) and sorted(got) == three


def test_with_no_learner_id_the_order_is_fixed_and_not_any_learner_s(monkeypatch):
    monkeypatch.delenv(LEARNER_ENV, raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    nobody = learner_order(IDS, exercise_id=EID, course="c")
    assert nobody == learner_order(IDS, exercise_id=EID, course="c")
    monkeypatch.setenv(LEARNER_ENV, "amira")
    assert learner_order(IDS, exercise_id=EID, course="c") == learner_order(
        IDS, exercise_id=EID, learner="amira", course="c"
    )


def test_the_same_id_twice_is_refused():
    with pytest.raises(ValueError, match="distinct"):
        learner_order(["a", "a"], exercise_id=EID)
