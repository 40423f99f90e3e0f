"""Sorter content: what of a saved answer a sorter restores, and how its items are named."""

import pytest

from logiserve.content.sorter import answer_labels, item_order, usable_answer
from logiserve.shuffle import learner_order


def test_nothing_saved_is_the_empty_answer(graded_content):
    assert usable_answer(graded_content, None) == ({}, "")


@pytest.mark.parametrize("saved", [3, ["despatch", "internal"], "despatch", True])
def test_a_saved_value_of_the_wrong_type_is_dropped_whole(graded_content, saved):
    assert usable_answer(graded_content, saved) == ({}, f"expected item placements, found {type(saved).__name__}")


def test_unknown_items_categories_and_values_that_are_not_text_are_dropped(graded_content):
    saved = {"fresco": "external", "ghost": "internal", "despatch": "nowhere", "wrapfast": 3, "x": None}
    assert usable_answer(graded_content, saved) == (
        {"fresco": "external"},
        "4 placement(s) named unknown items or categories",
    )


def test_a_good_answer_is_kept_whole_in_its_saved_order(practice_content):
    saved = {"wrapfast": "external", "despatch": "internal", "fresco": "external"}
    answer, dropped = usable_answer(practice_content, saved)
    assert (answer, dropped) == (saved, "")
    assert list(answer) == ["wrapfast", "despatch", "fresco"]
    answer["fresco"] = "internal"
    assert saved["fresco"] == "external", "the answer is a copy, not the saved value"


def test_an_empty_answer_drops_nothing(graded_content):
    assert usable_answer(graded_content, {}) == ({}, "")


def test_a_practice_sorter_s_labels_are_its_items_in_content_order(practice_content):
    labels = answer_labels(practice_content, exercise_id="01_customers.demo", learner="amira")
    assert list(labels.items()) == [
        ("despatch", "Despatch team"),
        ("wrapfast", "Wrapfast Packaging"),
        ("fresco", "Fresco DC"),
    ]


def test_a_graded_sorter_s_labels_follow_the_learner_s_order(graded_content):
    for learner in ("amira", "ben", None):
        order = item_order(graded_content, exercise_id="01_customers.demo", learner=learner, course="c")
        assert order == learner_order(
            ["despatch", "wrapfast", "fresco"],
            exercise_id="01_customers.demo",
            avoid=[["despatch", "wrapfast", "fresco"]],
            learner=learner,
            course="c",
        )
        labels = answer_labels(graded_content, exercise_id="01_customers.demo", learner=learner, course="c")
        assert list(labels) == order
        assert labels["fresco"] == "Fresco DC"


def test_a_graded_sorter_never_shows_the_authored_order_and_shows_every_other(graded_content):
    authored = ["despatch", "wrapfast", "fresco"]
    seen = {
        tuple(item_order(graded_content, exercise_id="01_customers.demo", learner=f"l{n}", course="c"))
        for n in range(200)
    }
    assert tuple(authored) not in seen
    assert len(seen) == 5, "each of the other five orders of three items is some learner's"
