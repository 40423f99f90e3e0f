"""Tests for the ``journey_feedback`` dataset: the shipped file, its invariants and the story it tells."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import datasets, journey

_journey_feedback = datasets._journey_feedback

CUSTOMER_TYPES = {"retail_dc", "garden_centre", "wholesaler", "e_commerce"}
IDS = [touchpoint for touchpoint, _ in journey.TOUCHPOINTS]
STEPS = {touchpoint: step for step, touchpoint in enumerate(IDS, start=1)}
CORE = IDS[:8]


def check_journey_feedback(frame: pd.DataFrame) -> None:
    """Assert the invariants every ``journey_feedback`` table must keep, whatever the seed."""
    assert list(frame.columns) == list(_journey_feedback.COLUMNS)
    assert frame.notna().all().all()
    assert frame.index.tolist() == list(range(len(frame)))

    # Customers: C001 upwards, 280 to 320 of them, each of one type, sorted by customer then step.
    customers = frame["customer_id"].drop_duplicates()
    assert 280 <= len(customers) <= 320
    assert customers.tolist() == [f"C{n:03d}" for n in range(1, len(customers) + 1)]
    assert set(frame["customer_type"]) == CUSTOMER_TYPES
    assert frame.groupby("customer_id")["customer_type"].nunique().eq(1).all()
    assert frame.sort_values(["customer_id", "step"]).index.tolist() == frame.index.tolist()

    # Touchpoints: every customer has the first eight, once each; steps follow TOUCHPOINTS.
    assert set(frame["touchpoint"]) <= set(IDS)
    assert (frame["step"] == frame["touchpoint"].map(STEPS)).all()
    assert not frame.duplicated(["customer_id", "touchpoint"]).any()
    core = frame[frame["touchpoint"].isin(CORE)]
    assert core.groupby("customer_id").size().eq(len(CORE)).all()
    assert core["customer_id"].nunique() == len(customers)
    per_customer = frame.groupby("customer_id").size()
    assert per_customer.between(8, 10).all()
    assert len(customers) * 8 <= len(frame) <= len(customers) * 10

    # Optional touchpoints: about a fifth had a return collected, about a sixth a complaint call.
    returns = (frame["touchpoint"] == "return_collection").sum() / len(customers)
    complaints = (frame["touchpoint"] == "complaint_call").sum() / len(customers)
    assert 0.10 <= returns <= 0.30
    assert 0.07 <= complaints <= 0.25

    # Scores and re-orders.
    assert frame["score"].between(1, 5).all()
    assert set(frame["score"]) == {1, 2, 3, 4, 5}
    assert frame["expected"].between(1, 5).all()
    assert frame["expected"].mean() >= 3.5  # customers expect good service
    assert frame.groupby("customer_id")["reordered_90d"].nunique().eq(1).all()
    assert 0.4 <= frame.drop_duplicates("customer_id")["reordered_90d"].mean() <= 0.9

    # Every measure accepts the table as it is.
    assert journey.mean_score_by_touchpoint(frame).between(1, 5).all()
    assert journey.reorder_rate_by_negatives(frame, cap=3).between(0, 1).all()
    assert journey.negative_moments(frame).between(0, len(IDS)).all()
    assert journey.service_gap(frame).between(-4, 4).all()


@pytest.fixture(scope="module")
def shipped() -> pd.DataFrame:
    return datasets.load("journey_feedback")


def delivery_window_negative(feedback: pd.DataFrame) -> pd.Series:
    """Per customer: whether the delivery window was a negative moment (using the course's own rule)."""
    window = feedback[feedback["touchpoint"] == "delivery_window"].set_index("customer_id")["score"]
    return window.map(journey.classify_moment).eq("negative").sort_index()


def reordered(feedback: pd.DataFrame) -> pd.Series:
    return feedback.groupby("customer_id", sort=True)["reordered_90d"].first()


# --- the shipped file ---------------------------------------------------------------------------------------------


def test_registered() -> None:
    assert "journey_feedback" in datasets.names()
    assert datasets.describe("journey_feedback") == _journey_feedback.COLUMNS
    assert list(_journey_feedback.DTYPES) == list(_journey_feedback.COLUMNS)


def test_shipped_csv_equals_fresh_generate(shipped) -> None:
    pd.testing.assert_frame_equal(shipped, datasets.generate("journey_feedback"), check_exact=True)
    assert shipped.dtypes.equals(datasets.generate("journey_feedback").dtypes)


def test_generate_default_seed_is_module_seed() -> None:
    pd.testing.assert_frame_equal(
        datasets.generate("journey_feedback"), _journey_feedback.generate(_journey_feedback.SEED)
    )


def test_load_dtypes(shipped) -> None:
    assert shipped["step"].dtype == "int64"
    assert shipped["score"].dtype == "int64"
    assert shipped["expected"].dtype == "int64"
    assert shipped["reordered_90d"].dtype == bool
    for column in ["customer_id", "customer_type", "touchpoint"]:
        assert pd.api.types.is_string_dtype(shipped[column]), column
        assert shipped[column].map(type).eq(str).all(), column


def test_load_returns_a_copy(shipped) -> None:
    first = datasets.load(" Journey_Feedback ")
    first.loc[0, "score"] = 99
    pd.testing.assert_frame_equal(datasets.load("journey_feedback"), shipped)


def test_write_round_trip(tmp_path) -> None:
    path = datasets.write("journey_feedback", tmp_path)
    assert path == tmp_path / "journey_feedback.csv"
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(_journey_feedback.COLUMNS)
    shipped_file = Path(str(resources.files(datasets).joinpath("data", "journey_feedback.csv")))
    assert path.read_bytes() == shipped_file.read_bytes()


def test_describe_gives_meanings_with_units() -> None:
    meanings = datasets.describe("journey_feedback")
    assert list(meanings) == list(datasets.load("journey_feedback").columns)
    assert all(isinstance(text, str) and len(text) > 30 for text in meanings.values())
    assert "CSAT" in meanings["score"]
    assert "1" in meanings["score"] and "5" in meanings["score"]
    assert "90 days" in meanings["reordered_90d"]
    assert "expected" in meanings["expected"] and "same scale as score" in meanings["expected"]
    for touchpoint in IDS:
        assert touchpoint in meanings["touchpoint"], touchpoint
    for customer_type in CUSTOMER_TYPES:
        assert customer_type in meanings["customer_type"], customer_type


def test_shipped_invariants(shipped) -> None:
    check_journey_feedback(shipped)


def test_generate_is_deterministic_and_depends_on_the_seed() -> None:
    pd.testing.assert_frame_equal(datasets.generate("journey_feedback", 7), datasets.generate("journey_feedback", 7))
    assert not datasets.generate("journey_feedback", 7).equals(datasets.generate("journey_feedback", 8))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=100_000))
def test_invariants_hold_for_any_seed(seed: int) -> None:
    check_journey_feedback(datasets.generate("journey_feedback", seed))


# --- the story, for the shipped seed, measured with logiserve.journey ---------------------------------------------


def test_story_delivery_window_is_the_weakest_moment(shipped) -> None:
    means = journey.mean_score_by_touchpoint(shipped)
    assert list(means.index) == IDS
    assert journey.weakest_moment(shipped) == "delivery_window"
    assert means["delivery_window"] <= means.drop("delivery_window").min() - 0.3, means.to_dict()


def test_story_positive_moments_exist(shipped) -> None:
    means = journey.mean_score_by_touchpoint(shipped)
    assert means["driver_at_door"] >= 4
    assert means["order_confirmation"] >= 4
    positive = shipped["score"].map(journey.classify_moment).eq("positive")
    assert positive[shipped["touchpoint"] == "driver_at_door"].mean() >= 0.8


def test_story_negative_moments_accumulate(shipped) -> None:
    rates = journey.reorder_rate_by_negatives(shipped, cap=3)
    assert rates.index.tolist() == [0, 1, 2, 3]
    assert rates.is_monotonic_decreasing and rates.is_unique, rates.to_dict()
    assert (rates.diff().dropna() <= -0.15).all(), rates.to_dict()
    assert rates[0] >= 0.85
    assert rates[3] <= 0.35
    counts = journey.negative_moments(shipped).clip(upper=3).value_counts()
    assert (counts >= 30).all(), counts.to_dict()  # every group is big enough to mean something


def test_story_a_bad_delivery_window_costs_reorders(shipped) -> None:
    bad = delivery_window_negative(shipped)
    again = reordered(shipped)
    rate = again.groupby(bad).mean()
    assert rate[True] <= rate[False] - 0.25, rate.to_dict()
    assert bad[~again].mean() > 0.6  # most customers who did not re-order had a negative delivery window


def test_story_complaint_calls_follow_bad_deliveries(shipped) -> None:
    bad = delivery_window_negative(shipped)
    callers = shipped.loc[shipped["touchpoint"] == "complaint_call", "customer_id"]
    assert bad[callers].mean() > 0.6


def test_story_the_widest_service_gap_is_the_delivery_window(shipped) -> None:
    gaps = journey.service_gap(shipped)
    assert list(gaps.index) == IDS
    assert gaps.idxmin() == "delivery_window"
    assert gaps["delivery_window"] <= -1.2, gaps.to_dict()
    assert gaps["delivery_window"] <= gaps.drop("delivery_window").min() - 0.8, gaps.to_dict()
    assert gaps["driver_at_door"] >= 0.4  # better than expected


def test_story_online_shoppers_expect_tracking_and_returns(shipped) -> None:
    online = shipped["customer_type"] == "e_commerce"
    for touchpoint in ("despatch_notification", "return_collection"):
        at = shipped["touchpoint"] == touchpoint
        assert shipped.loc[at & online, "expected"].mean() >= shipped.loc[at & ~online, "expected"].mean() + 0.5
    online_gaps = journey.service_gap(shipped[online])
    trade_gaps = journey.service_gap(shipped[~online])
    assert online_gaps["despatch_notification"] <= -0.5, online_gaps.to_dict()
    assert online_gaps["despatch_notification"] <= trade_gaps["despatch_notification"] - 0.4


def test_expected_scores_left_the_other_columns_as_they_were() -> None:
    """The expectations have a random stream of their own: without them the table is what it was before them."""
    frame = _journey_feedback.generate()
    assert frame.loc[:4, "score"].tolist() == [3, 4, 4, 4, 1]
    assert len(frame) == 2597 and frame["customer_id"].nunique() == 311
    assert journey.mean_score_by_touchpoint(frame)["delivery_window"] == pytest.approx(2.797427652733119)
