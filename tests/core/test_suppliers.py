"""Suppliers: on time (the booked day), in full (nothing rejected), OTIF, quality, lead time and the scorecard."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import suppliers

S = suppliers

# Four deliveries from A (all on the day, in full, lead times 4 and 4 ...) and four from B, worked by hand.
DAYS = pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"] * 2)
DELIVERIES = pd.DataFrame(
    {
        "po": [f"PO-{n}" for n in range(1, 9)],
        "supplier": ["A"] * 4 + ["B"] * 4,
        "ordered_qty": [100] * 8,
        "received_qty": [100, 100, 100, 100, 100, 90, 100, 110],
        "rejected_qty": [0, 0, 0, 0, 0, 0, 20, 0],
        "booked_date": DAYS,
        "arrived_date": DAYS + pd.to_timedelta([0, 0, 0, 0, 0, 0, 0, -1], unit="D"),
        "lead_time_days": [4, 4, 5, 3, 6, 10, 8, 4],
    }
)

D = DELIVERIES


def test_public_names() -> None:
    assert set(suppliers.__all__) == {
        "DEFAULT_WEIGHTS",
        "delivery_in_full",
        "delivery_on_time",
        "lead_time_stats",
        "quality_rate",
        "scorecard",
        "supplier_otif",
    }
    assert suppliers.DEFAULT_WEIGHTS == {"otif": 0.5, "quality": 0.3, "consistency": 0.2}
    assert sum(suppliers.DEFAULT_WEIGHTS.values()) == pytest.approx(1)


def test_early_is_not_on_time_and_over_short_or_rejected_is_not_in_full() -> None:
    assert suppliers.delivery_on_time(DELIVERIES).tolist() == [True] * 7 + [False]  # PO-8 a day early
    # PO-6 short, PO-7 with 20 rejected, PO-8 ten over
    assert suppliers.delivery_in_full(DELIVERIES).tolist() == [True] * 5 + [False] * 3
    assert suppliers.delivery_on_time(DELIVERIES).name == "on_time"
    assert suppliers.delivery_in_full(DELIVERIES).index.equals(DELIVERIES.index)


def test_otif_quality_and_lead_time_by_hand() -> None:
    a, b = DELIVERIES.iloc[:4], DELIVERIES.iloc[4:]
    assert suppliers.supplier_otif(a) == 1.0
    assert suppliers.supplier_otif(b) == 0.25  # only PO-5
    assert suppliers.supplier_otif(DELIVERIES) == 5 / 8
    assert suppliers.quality_rate(b) == pytest.approx(1 - 20 / 400)  # 100 + 90 + 100 + 110 received
    assert suppliers.quality_rate(a) == 1.0
    mean, sd = suppliers.lead_time_stats(a)  # 4, 4, 5, 3: mean 4, squares 0 + 0 + 1 + 1 = 2, / 3
    assert (mean, sd) == (4.0, pytest.approx(math.sqrt(2 / 3)))
    mean, sd = suppliers.lead_time_stats(b)  # 6, 10, 8, 4: mean 7, squares 1 + 9 + 1 + 9 = 20, / 3
    assert (mean, sd) == (7.0, pytest.approx(math.sqrt(20 / 3)))


def test_scorecard_by_hand() -> None:
    card = suppliers.scorecard(DELIVERIES)
    assert card.index.tolist() == ["A", "B"] and card.index.name == "supplier"
    assert list(card.columns) == ["otif", "quality", "lead_time_mean", "lead_time_sd", "consistency", "score"]
    consistency_b = 1 - math.sqrt(20 / 3) / 7
    assert card.loc["B", "consistency"] == pytest.approx(consistency_b)
    assert card.loc["B", "score"] == pytest.approx(100 * (0.5 * 0.25 + 0.3 * 0.95 + 0.2 * consistency_b))
    assert card.loc["A", "score"] == pytest.approx(100 * (0.5 + 0.3 + 0.2 * (1 - math.sqrt(2 / 3) / 4)))
    only_otif = suppliers.scorecard(DELIVERIES, weights={"otif": 2, "quality": 0, "consistency": 0})
    assert only_otif["score"].tolist() == pytest.approx([100.0, 25.0])


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda: S.delivery_on_time(D.drop(columns="booked_date")), "no column booked_date"),
        (lambda: S.delivery_in_full(D.iloc[:0]), "the table is empty"),
        (lambda: S.quality_rate(D.assign(rejected_qty=200)), "more than received_qty, e.g. purchase order PO-1"),
        (lambda: S.quality_rate(D.assign(received_qty=0, rejected_qty=0)), "no units were received"),
        (lambda: S.delivery_in_full(D.assign(ordered_qty=-1)), "negative, e.g. purchase order PO-1 has -1"),
        (lambda: S.lead_time_stats(D.iloc[:1]), "at least two deliveries"),
        (lambda: S.lead_time_stats(D.assign(lead_time_days=float("nan"))), "lead_time_days is empty (NaN) on 8"),
        (lambda: S.delivery_on_time(D.assign(arrived_date="soon")), "arrived_date must hold dates"),
        (lambda: S.scorecard(D, weights={"otif": 1}), "a number for each of otif, quality, consistency"),
        (lambda: S.scorecard(D, weights={"otif": -1, "quality": 1, "consistency": 1}), "the weight for otif"),
        (lambda: S.scorecard(D, weights={"otif": 0, "quality": 0, "consistency": 0}), "at least one weight"),
        (lambda: S.scorecard(D.iloc[:5]), "B has only one delivery"),
        (lambda: S.supplier_otif("deliveries"), "needs a table"),
    ],
)  # fmt: skip
def test_bad_input_is_explained(call, expected) -> None:
    with pytest.raises(ValueError, match=re.escape(expected)):
        call()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 500), st.integers(0, 500), st.integers(0, 500), st.integers(-2, 3), st.integers(1, 60)
        ),
        min_size=2,
        max_size=30,
    )
)
def test_the_measures_stay_in_range_and_otif_is_never_above_on_time_or_in_full(rows) -> None:
    days = pd.Timestamp("2026-03-02") + pd.to_timedelta(range(len(rows)), unit="D")
    frame = pd.DataFrame(
        {
            "po": [f"PO-{n}" for n in range(len(rows))],
            "supplier": "A",
            "ordered_qty": [r[0] for r in rows],
            "received_qty": [r[1] for r in rows],
            "rejected_qty": [min(r[2], r[1]) for r in rows],
            "booked_date": days,
            "arrived_date": days + pd.to_timedelta([r[3] for r in rows], unit="D"),
            "lead_time_days": [r[4] for r in rows],
        }
    )
    otif = suppliers.supplier_otif(frame)
    assert 0 <= otif <= min(suppliers.delivery_on_time(frame).mean(), suppliers.delivery_in_full(frame).mean())
    if frame["received_qty"].sum() > 0:
        assert 0 <= suppliers.quality_rate(frame) <= 1
        assert 0 <= suppliers.scorecard(frame).loc["A", "score"] <= 100
    mean, sd = suppliers.lead_time_stats(frame)
    assert sd >= 0 and mean == pytest.approx(frame["lead_time_days"].mean())
