"""The Moments of Truth measures: hand-worked tables, learner-readable errors and properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import journey

IDS = [touchpoint for touchpoint, _ in journey.TOUCHPOINTS]
NAN = float("nan")


def worked_feedback() -> pd.DataFrame:
    """Four customers, worked out by hand.

    ========  =======  ===============  ==============  =======  =========  =========
    customer  quote    delivery_window  driver_at_door  invoice  negatives  re-order?
    ========  =======  ===============  ==============  =======  =========  =========
    C001      4        5                5               4        0          yes
    C002      3        2                4               -        1          yes
    C003      2        1                5               1        3          no
    C004      5        2                4               3        1          no
    ========  =======  ===============  ==============  =======  =========  =========

    Mean scores: quote 3.5, delivery_window 2.5, driver_at_door 4.5, invoice 8 / 3.
    Re-order rate: 0 negatives 1/1, 1 negative 1/2 (C002, C004), 3 negatives 0/1; nobody has 2.
    """
    rows = [
        ("C001", "quote", 4, True),
        ("C001", "delivery_window", 5, True),
        ("C001", "driver_at_door", 5, True),
        ("C001", "invoice", 4, True),
        ("C002", "quote", 3, True),
        ("C002", "delivery_window", 2, True),
        ("C002", "driver_at_door", 4, True),
        ("C003", "invoice", 1, False),  # rows need not be in journey order
        ("C003", "quote", 2, False),
        ("C003", "delivery_window", 1, False),
        ("C003", "driver_at_door", 5, False),
        ("C004", "quote", 5, False),
        ("C004", "delivery_window", 2, False),
        ("C004", "driver_at_door", 4, False),
        ("C004", "invoice", 3, False),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "touchpoint", "score", "reordered_90d"])


# --- the rules and the worked example -----------------------------------------------------------------------------


def test_touchpoints_in_journey_order() -> None:
    assert journey.TOUCHPOINTS == (
        ("enquiry", "Enquiry"),
        ("quote", "Quote"),
        ("order_confirmation", "Order confirmation"),
        ("despatch_notification", "Despatch notification"),
        ("delivery_window", "Delivery window"),
        ("driver_at_door", "Driver at the door"),
        ("proof_of_delivery", "Proof of delivery"),
        ("invoice", "Invoice"),
        ("return_collection", "Return collection"),
        ("complaint_call", "Complaint call"),
    )


def test_public_names() -> None:
    assert set(journey.__all__) == {
        "TOUCHPOINTS",
        "classify_moment",
        "mean_score_by_touchpoint",
        "negative_moments",
        "reorder_rate_by_negatives",
        "service_gap",
        "weakest_moment",
    }


@pytest.mark.parametrize(
    ("score", "moment"),
    [
        (1, "negative"),
        (2, "negative"),
        (3, "neutral"),
        (4, "positive"),
        (5, "positive"),
        (np.int64(2), "negative"),
        (4.0, "positive"),
        (np.float64(3.0), "neutral"),
    ],
)
def test_classify_moment(score, moment) -> None:
    assert journey.classify_moment(score) == moment


@pytest.mark.parametrize("score", [0, 6, -1, 2.5, NAN, float("inf"), True, False, "4", None, np.bool_(True)])
def test_classify_moment_rejects_anything_but_a_score(score) -> None:
    with pytest.raises(ValueError) as error:
        journey.classify_moment(score)
    assert str(error.value) == f"classify_moment(): a CSAT score is a whole number from 1 to 5, not {score!r}"


def test_mean_score_by_touchpoint_worked_example() -> None:
    expected = pd.Series(
        [3.5, 2.5, 4.5, 8 / 3],
        index=pd.Index(["quote", "delivery_window", "driver_at_door", "invoice"], name="touchpoint"),
        name="mean_score",
    )
    pd.testing.assert_series_equal(journey.mean_score_by_touchpoint(worked_feedback()), expected)


def test_mean_score_leaves_out_absent_touchpoints_and_keeps_journey_order() -> None:
    feedback = pd.DataFrame({"touchpoint": ["complaint_call", "enquiry", "complaint_call"], "score": [1, 4, 2]})
    result = journey.mean_score_by_touchpoint(feedback)
    assert result.index.tolist() == ["enquiry", "complaint_call"]
    assert result.tolist() == [4.0, 1.5]


def test_weakest_moment_worked_example() -> None:
    assert journey.weakest_moment(worked_feedback()) == "delivery_window"


def test_weakest_moment_tie_goes_to_the_earlier_touchpoint() -> None:
    feedback = pd.DataFrame({"touchpoint": ["invoice", "quote", "enquiry", "quote"], "score": [2, 1, 4, 3]})
    assert journey.weakest_moment(feedback) == "quote"  # quote 2.0 and invoice 2.0: quote comes first
    assert journey.weakest_moment(feedback.iloc[::-1]) == "quote"  # whatever the row order


def test_negative_moments_worked_example() -> None:
    expected = pd.Series(
        [0, 1, 3, 1], index=pd.Index(["C001", "C002", "C003", "C004"], name="customer_id"), name="negative_moments"
    )
    pd.testing.assert_series_equal(journey.negative_moments(worked_feedback()), expected)


def test_negative_moments_does_not_need_the_reorder_flag() -> None:
    feedback = worked_feedback().drop(columns="reordered_90d")
    assert journey.negative_moments(feedback).tolist() == [0, 1, 3, 1]


def test_reorder_rate_by_negatives_worked_example() -> None:
    expected = pd.Series([1.0, 0.5, 0.0], index=pd.Index([0, 1, 3], name="negative_moments"), name="reorder_rate")
    pd.testing.assert_series_equal(journey.reorder_rate_by_negatives(worked_feedback()), expected)


def test_reorder_rate_with_a_cap_groups_the_tail() -> None:
    feedback = worked_feedback()
    capped = journey.reorder_rate_by_negatives(feedback, cap=1)  # 0 and "1 or more" (C002, C003, C004)
    expected = pd.Series([1.0, 1 / 3], index=pd.Index([0, 1], name="negative_moments"), name="reorder_rate")
    pd.testing.assert_series_equal(capped, expected)
    two = journey.reorder_rate_by_negatives(feedback, cap=np.int64(2))  # C003's 3 counts as "2 or more"
    assert two.index.tolist() == [0, 1, 2]
    assert two.tolist() == [1.0, 0.5, 0.0]
    assert journey.reorder_rate_by_negatives(feedback, cap=10).equals(journey.reorder_rate_by_negatives(feedback))


def test_reorder_rate_counts_each_customer_once() -> None:
    feedback = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "B"],
            "touchpoint": ["enquiry", "quote", "order_confirmation", "invoice", "enquiry"],
            "score": [5, 5, 5, 5, 4],
            "reordered_90d": [False, False, False, False, True],
        }
    )
    assert journey.reorder_rate_by_negatives(feedback).tolist() == [0.5]  # not 1 / 5


def test_object_and_float_columns_are_accepted() -> None:
    feedback = worked_feedback()
    feedback["score"] = feedback["score"].astype(float)
    feedback["reordered_90d"] = feedback["reordered_90d"].astype(object)
    assert journey.negative_moments(feedback).tolist() == [0, 1, 3, 1]
    assert journey.reorder_rate_by_negatives(feedback).tolist() == [1.0, 0.5, 0.0]
    assert journey.negative_moments(feedback).dtype == "int64"


def test_the_callers_table_is_not_changed() -> None:
    feedback = worked_feedback()
    feedback["score"] = feedback["score"].astype(float)
    before = feedback.copy()
    journey.reorder_rate_by_negatives(feedback, cap=2)
    journey.mean_score_by_touchpoint(feedback)
    pd.testing.assert_frame_equal(feedback, before)


def test_every_public_function_is_documented() -> None:
    for name in journey.__all__:
        function = getattr(journey, name)
        if not callable(function):
            continue
        doc = function.__doc__
        assert doc and "Examples" in doc and ">>>" in doc, name
        assert "Returns" in doc and "Raises" in doc, name


# --- errors a learner can act on ----------------------------------------------------------------------------------

MEASURES = {
    "mean_score_by_touchpoint": (journey.mean_score_by_touchpoint, "touchpoint, score"),
    "weakest_moment": (journey.weakest_moment, "touchpoint, score"),
    "negative_moments": (journey.negative_moments, "customer_id, touchpoint, score"),
    "reorder_rate_by_negatives": (journey.reorder_rate_by_negatives, "customer_id, touchpoint, score, reordered_90d"),
}


@pytest.mark.parametrize("name", list(MEASURES))
def test_not_a_dataframe(name) -> None:
    function, _ = MEASURES[name]
    with pytest.raises(ValueError) as error:
        function([1, 2, 3])
    assert str(error.value) == f"{name}() needs a pandas DataFrame of journey feedback, not list"


@pytest.mark.parametrize("name", list(MEASURES))
def test_missing_columns_are_named(name) -> None:
    function, needed = MEASURES[name]
    with pytest.raises(ValueError) as error:
        function(worked_feedback().drop(columns="score"))
    assert str(error.value) == f"{name}() needs the columns {needed}; the table has no column score"


def test_several_missing_columns_are_all_named() -> None:
    with pytest.raises(ValueError) as error:
        journey.reorder_rate_by_negatives(worked_feedback()[["touchpoint", "score"]])
    assert str(error.value) == (
        "reorder_rate_by_negatives() needs the columns customer_id, touchpoint, score, reordered_90d; "
        "the table has no column customer_id, reordered_90d"
    )


@pytest.mark.parametrize("name", list(MEASURES))
def test_empty_table(name) -> None:
    function, _ = MEASURES[name]
    with pytest.raises(ValueError) as error:
        function(worked_feedback().iloc[0:0])
    assert str(error.value) == f"{name}() needs at least one row of feedback, but the table is empty"


def test_empty_cells() -> None:
    feedback = worked_feedback()
    feedback["score"] = feedback["score"].astype(float)
    feedback.loc[[4, 5], "score"] = NAN
    with pytest.raises(ValueError) as error:
        journey.negative_moments(feedback)
    assert str(error.value) == (
        "score is empty (NaN) on 2 row(s), e.g. customer C002; "
        "negative_moments() needs a value on every row: fill them in or drop those rows first"
    )
    feedback = worked_feedback()
    feedback.loc[3, "customer_id"] = None
    with pytest.raises(ValueError) as error:
        journey.negative_moments(feedback)
    assert str(error.value).startswith("customer_id is empty (NaN) on 1 row(s), e.g. row 3;")


def test_unknown_touchpoint() -> None:
    feedback = worked_feedback()
    feedback.loc[2, "touchpoint"] = "Driver at the door"  # the label, not the id
    with pytest.raises(ValueError) as error:
        journey.mean_score_by_touchpoint(feedback)
    assert str(error.value) == (
        "touchpoint 'Driver at the door' (row 2) is not a touchpoint of the journey; use one of "
        "enquiry, quote, order_confirmation, despatch_notification, delivery_window, driver_at_door, "
        "proof_of_delivery, invoice, return_collection, complaint_call"
    )
    with pytest.raises(ValueError, match=r"\(customer C001\) is not a touchpoint"):
        journey.negative_moments(feedback)


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (6, "6"), (10, "10"), (-2, "-2")])
def test_scores_outside_one_to_five(value, shown) -> None:
    feedback = worked_feedback()
    feedback.loc[[5, 9], "score"] = value
    with pytest.raises(ValueError) as error:
        journey.negative_moments(feedback)
    assert str(error.value) == (
        f"score must be a whole number from 1 to 5 (a CSAT score), but it is {shown} on 2 row(s), e.g. customer C002"
    )


def test_scores_that_are_not_whole_numbers() -> None:
    feedback = worked_feedback()
    feedback["score"] = feedback["score"].astype(float)
    feedback.loc[0, "score"] = 4.5
    with pytest.raises(ValueError) as error:
        journey.mean_score_by_touchpoint(feedback)
    assert str(error.value) == (
        "score must be a whole number from 1 to 5 (a CSAT score), but it is 4.5 on 1 row(s), e.g. row 0"
    )
    feedback = worked_feedback().astype({"score": object})
    feedback.loc[1, "score"] = "5"
    with pytest.raises(ValueError) as error:
        journey.weakest_moment(feedback)
    assert str(error.value) == (
        "score must be a whole number from 1 to 5 (a CSAT score), but it is '5' on 1 row(s), e.g. row 1"
    )


def test_a_touchpoint_scored_twice_by_one_customer() -> None:
    feedback = pd.concat([worked_feedback(), worked_feedback().iloc[[5]]], ignore_index=True)
    with pytest.raises(ValueError) as error:
        journey.negative_moments(feedback)
    assert str(error.value) == (
        "customer C002 scores the touchpoint delivery_window more than once; "
        "the table needs one row per customer per touchpoint"
    )
    assert journey.mean_score_by_touchpoint(feedback)["delivery_window"] == 2.4  # without customers, rows count


def test_reorder_flag_must_be_constant_per_customer() -> None:
    feedback = worked_feedback()
    feedback.loc[[5, 9], "reordered_90d"] = [False, True]
    with pytest.raises(ValueError) as error:
        journey.reorder_rate_by_negatives(feedback)
    assert str(error.value) == (
        "reordered_90d must be the same on every row of a customer, but it is True on some rows and "
        "False on others for 2 customer(s), e.g. customer C002"
    )
    assert journey.negative_moments(feedback).tolist() == [0, 1, 3, 1]  # that measure does not read the flag


def test_reorder_flag_must_be_true_or_false() -> None:
    feedback = worked_feedback().astype({"reordered_90d": object})
    feedback.loc[4, "reordered_90d"] = "yes"
    with pytest.raises(ValueError) as error:
        journey.reorder_rate_by_negatives(feedback)
    assert str(error.value) == "reordered_90d must be True or False, but it is 'yes' on customer C002"


@pytest.mark.parametrize("cap", [0, -1, 1.5, 2.0, "3", True])
def test_cap_must_be_a_whole_number_from_one(cap) -> None:
    with pytest.raises(ValueError) as error:
        journey.reorder_rate_by_negatives(worked_feedback(), cap=cap)
    assert str(error.value) == (
        f"reorder_rate_by_negatives(): cap must be a whole number of negative moments, 1 or more, not {cap!r}"
    )


def test_no_asserts_in_the_module() -> None:
    source = Path(journey.__file__).read_text(encoding="utf-8")
    assert "assert " not in source


# --- properties ---------------------------------------------------------------------------------------------------


@st.composite
def feedback_tables(draw) -> pd.DataFrame:
    """Random valid feedback: 1 to 12 customers, each with 1 to 10 distinct touchpoints."""
    rows = []
    for number in range(1, draw(st.integers(1, 12)) + 1):
        touchpoints = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=len(IDS), unique=True))
        again = draw(st.booleans())
        for touchpoint in touchpoints:
            rows.append((f"C{number:03d}", touchpoint, draw(st.integers(1, 5)), again))
    frame = pd.DataFrame(rows, columns=["customer_id", "touchpoint", "score", "reordered_90d"])
    return frame.sample(frac=1, random_state=draw(st.integers(0, 1000))).reset_index(drop=True)


@settings(max_examples=150, deadline=None)
@given(feedback=feedback_tables())
def test_properties_of_the_measures(feedback: pd.DataFrame) -> None:
    means = journey.mean_score_by_touchpoint(feedback)
    assert means.between(1, 5).all()
    assert set(means.index) == set(feedback["touchpoint"])
    assert [IDS.index(touchpoint) for touchpoint in means.index] == sorted(IDS.index(t) for t in means.index)
    weakest = journey.weakest_moment(feedback)
    assert means[weakest] == means.min()
    assert all(IDS.index(weakest) < IDS.index(t) for t in means.index[means == means.min()] if t != weakest)

    negatives = journey.negative_moments(feedback)
    assert negatives.between(0, len(IDS)).all()
    assert negatives.index.tolist() == sorted(feedback["customer_id"].unique())
    assert negatives.sum() == (feedback["score"] <= 2).sum()
    per_customer = feedback.groupby("customer_id").size()
    assert (negatives <= per_customer).all()

    rates = journey.reorder_rate_by_negatives(feedback)
    assert rates.between(0, 1).all()
    assert rates.index.tolist() == sorted(set(negatives))
    # Weighting each group's rate by its customers gives back the overall re-order rate.
    sizes = negatives.value_counts()
    overall = feedback.groupby("customer_id")["reordered_90d"].first().mean()
    assert (rates * sizes[rates.index]).sum() / sizes.sum() == pytest.approx(overall)


@settings(max_examples=100, deadline=None)
@given(feedback=feedback_tables(), cap=st.integers(1, 4))
def test_a_cap_only_merges_the_tail(feedback: pd.DataFrame, cap: int) -> None:
    full = journey.reorder_rate_by_negatives(feedback)
    capped = journey.reorder_rate_by_negatives(feedback, cap=cap)
    assert capped.index.max() <= cap
    pd.testing.assert_series_equal(capped[capped.index < cap], full[full.index < cap])
    assert capped.between(0, 1).all()


@given(score=st.integers(1, 5))
def test_classify_moment_agrees_with_the_count(score: int) -> None:
    feedback = pd.DataFrame({"customer_id": ["C001"], "touchpoint": ["invoice"], "score": [score]})
    assert (journey.classify_moment(score) == "negative") == (journey.negative_moments(feedback).iloc[0] == 1)


# --- service gaps ------------------------------------------------------------------------------------------------


def gap_feedback() -> pd.DataFrame:
    """Three customers' expected and perceived scores, worked by hand.

    delivery_window: (2 - 5) + (3 - 4) + (1 - 4) = -7 over 3 customers; driver_at_door: (5 - 3) + (4 - 4) = 2 over 2;
    invoice: 4 - 4 = 0.
    """
    rows = [
        ("C001", "delivery_window", 5, 2),
        ("C001", "driver_at_door", 3, 5),
        ("C002", "invoice", 4, 4),
        ("C002", "delivery_window", 4, 3),
        ("C002", "driver_at_door", 4, 4),
        ("C003", "delivery_window", 4, 1),
    ]
    return pd.DataFrame(rows, columns=["customer_id", "touchpoint", "expected", "score"])


def test_service_gap_is_perceived_less_expected() -> None:
    gaps = journey.service_gap(gap_feedback())
    expected = pd.Series(
        [-7 / 3, 1.0, 0.0],
        index=pd.Index(["delivery_window", "driver_at_door", "invoice"], name="touchpoint"),
        name="service_gap",
    )
    pd.testing.assert_series_equal(gaps, expected)


def test_service_gap_negative_means_short_of_expectation() -> None:
    """A service that fell short of what the customer expected is a negative gap, whatever its own score."""
    fell_short = pd.DataFrame({"touchpoint": ["despatch_notification"], "expected": [5], "score": [4]})
    did_better = pd.DataFrame({"touchpoint": ["despatch_notification"], "expected": [2], "score": [3]})
    assert journey.service_gap(fell_short)["despatch_notification"] == -1.0  # a positive score, yet a gap
    assert journey.service_gap(did_better)["despatch_notification"] == 1.0  # a neutral score, better than expected


def test_service_gap_needs_the_expected_column() -> None:
    with pytest.raises(ValueError, match="expected"):
        journey.service_gap(gap_feedback().drop(columns="expected"))


@pytest.mark.parametrize("value", [0, 6, 2.5, "4"])
def test_service_gap_rejects_an_expected_score_outside_one_to_five(value) -> None:
    feedback = gap_feedback().astype({"expected": object})
    feedback.loc[2, "expected"] = value
    with pytest.raises(ValueError) as error:
        journey.service_gap(feedback)
    assert str(error.value).startswith("expected must be a whole number from 1 to 5")
    assert str(error.value).endswith("e.g. row 2")  # service_gap does not read customer_id
