"""The service KPIs: hand-worked tables, grouping, learner-readable errors and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logiserve import kpis, world

NAN = float("nan")


def worked_lines() -> pd.DataFrame:
    """Four orders, seven lines, worked out by hand (an online shopper's, so a day early is on time).

    ====  ========  =======  ============  =========  ===========  ========  ========  =========
    order channel   carrier  on time?      in full?   all picked?  complaint hours     cycle days
    ====  ========  =======  ============  =========  ===========  ========  ========  =========
    A     EDI       Fleet    yes           yes        yes          no        -         2
    B     EDI       Swift    no (1 day)    yes        yes          yes       20        4
    C     phone     Fleet    yes           no (6/8)   no           yes       30        2
    D     phone     Swift    no (3 days)   no (1/3)   no           yes       50        6
    ====  ========  =======  ============  =========  ===========  ========  ========  =========
    """
    return pd.DataFrame(
        {
            "order_id": ["A", "A", "B", "B", "C", "D", "D"],
            "customer_type": ["e_commerce"] * 7,
            "channel": ["EDI", "EDI", "EDI", "EDI", "phone", "phone", "phone"],
            "carrier": ["Fleet", "Fleet", "Swift", "Swift", "Fleet", "Swift", "Swift"],
            "order_date": pd.to_datetime(["2026-01-05"] * 4 + ["2026-01-06"] * 3),
            "promised_date": pd.to_datetime(
                ["2026-01-07", "2026-01-07", "2026-01-08", "2026-01-08", "2026-01-08", "2026-01-09", "2026-01-09"]
            ),
            "delivered_date": pd.to_datetime(
                ["2026-01-07", "2026-01-06", "2026-01-09", "2026-01-09", "2026-01-08", "2026-01-12", "2026-01-09"]
            ),
            "qty_ordered": [10, 5, 4, 6, 8, 3, 2],
            "qty_delivered": [10, 5, 4, 6, 6, 1, 2],
            "picked_correctly": [True, True, True, True, False, False, True],
            "damaged": [False] * 7,
            "complaint": [False, False, True, True, True, True, True],
            "resolution_hours": [NAN, NAN, 20.0, 20.0, 30.0, 50.0, 50.0],
        }
    )


ORDER_KPIS = {
    "otif": kpis.otif,
    "on_time_rate": kpis.on_time_rate,
    "in_full_rate": kpis.in_full_rate,
    "order_accuracy": kpis.order_accuracy,
    "order_cycle_time": kpis.order_cycle_time,
    "mean_resolution_hours": kpis.mean_resolution_hours,
}


def series(values: dict, name: str, index_name: str | list[str]) -> pd.Series:
    if isinstance(index_name, list):
        index = pd.MultiIndex.from_tuples(list(values), names=index_name)
    else:
        index = pd.Index(list(values), name=index_name)
    return pd.Series(list(values.values()), index=index, name=name, dtype=float)


# --- the worked example -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (kpis.otif, 0.25),
        (kpis.difot, 0.25),
        (kpis.on_time_rate, 0.5),
        (kpis.in_full_rate, 0.5),
        (kpis.order_accuracy, 0.5),
        (kpis.order_cycle_time, 3.5),
        (kpis.mean_resolution_hours, 100 / 3),
        (lambda lines: kpis.fill_rate(lines), 5 / 7),
        (lambda lines: kpis.fill_rate(lines, basis="lines"), 5 / 7),
        (lambda lines: kpis.fill_rate(lines, basis="units"), 34 / 38),
        (lambda lines: kpis.complaint_resolution(lines, 24), 1 / 3),
        (lambda lines: kpis.complaint_resolution(lines, sla_hours=30), 2 / 3),  # 30 h within a 30 h SLA counts
        (lambda lines: kpis.complaint_resolution(lines, 49.9), 2 / 3),
        (lambda lines: kpis.complaint_resolution(lines, 50), 1.0),
    ],
)
def test_worked_example(function, expected) -> None:
    result = function(worked_lines())
    assert type(result) is float
    assert result == pytest.approx(expected, abs=1e-12)


def test_difot_is_otif() -> None:
    assert kpis.difot is kpis.otif
    assert "DIFOT" in kpis.otif.__doc__


def test_public_names() -> None:
    assert set(kpis.__all__) == {
        "FILL_RATE_BASES",
        "MEASURING_POINTS",
        "ON_TIME_WINDOWS",
        "OTIF_UNITS",
        "perfect_order_rate",
        "complaint_resolution",
        "difot",
        "fill_rate",
        "in_full_rate",
        "mean_resolution_hours",
        "on_time_rate",
        "order_accuracy",
        "order_cycle_time",
        "otif",
        "supply_chain_cycle_time",
    }
    assert kpis.FILL_RATE_BASES == ("lines", "units")


@pytest.mark.parametrize(
    ("function", "name", "expected"),
    [
        (kpis.otif, "otif", {"EDI": 0.5, "phone": 0.0}),
        (kpis.on_time_rate, "on_time_rate", {"EDI": 0.5, "phone": 0.5}),
        (kpis.in_full_rate, "in_full_rate", {"EDI": 1.0, "phone": 0.0}),
        (kpis.order_accuracy, "order_accuracy", {"EDI": 1.0, "phone": 0.0}),
        (kpis.order_cycle_time, "order_cycle_time", {"EDI": 3.0, "phone": 4.0}),
        (kpis.mean_resolution_hours, "mean_resolution_hours", {"EDI": 20.0, "phone": 40.0}),
        (lambda lines, by: kpis.fill_rate(lines, by=by), "fill_rate", {"EDI": 1.0, "phone": 1 / 3}),
        (lambda lines, by: kpis.fill_rate(lines, "units", by=by), "fill_rate", {"EDI": 1.0, "phone": 9 / 13}),
        (lambda lines, by: kpis.complaint_resolution(lines, 24, by=by), "complaint_resolution", {"EDI": 1, "phone": 0}),
        (lambda lines, by: kpis.complaint_resolution(lines, 30, by), "complaint_resolution", {"EDI": 1, "phone": 0.5}),
    ],
)
def test_worked_example_by_channel(function, name, expected) -> None:
    result = function(worked_lines(), by="channel")
    pd.testing.assert_series_equal(result, series(expected, name, "channel"))


def test_by_carrier_and_by_two_columns() -> None:
    lines = worked_lines()
    pd.testing.assert_series_equal(
        kpis.on_time_rate(lines, by="carrier"), series({"Fleet": 1.0, "Swift": 0.0}, "on_time_rate", "carrier")
    )
    expected = {("EDI", "Fleet"): 1.0, ("EDI", "Swift"): 0.0, ("phone", "Fleet"): 0.0, ("phone", "Swift"): 0.0}
    pd.testing.assert_series_equal(
        kpis.otif(lines, by=["channel", "carrier"]), series(expected, "otif", ["channel", "carrier"])
    )
    one = kpis.otif(lines, by=["channel"])
    assert one.index.names == ["channel"]
    assert one.tolist() == [0.5, 0.0]


def test_group_without_complaints_is_nan() -> None:
    lines = worked_lines()
    result = kpis.complaint_resolution(lines, 24, by="order_id")
    assert math.isnan(result["A"])
    assert result.drop("A").tolist() == [1.0, 0.0, 0.0]
    hours = kpis.mean_resolution_hours(lines, by="order_id")
    assert math.isnan(hours["A"])
    assert hours.drop("A").tolist() == [20.0, 30.0, 50.0]
    no_complaints = lines[lines["order_id"] == "A"]
    assert math.isnan(kpis.complaint_resolution(no_complaints, 24))
    assert math.isnan(kpis.mean_resolution_hours(no_complaints))


def test_sla_hours_can_be_a_column() -> None:
    lines = worked_lines().assign(sla_target_hours=[48, 48, 24, 24, 24, 48, 48])
    # B: 20 <= 24 yes; C: 30 > 24 no; D: 50 > 48 no.
    assert kpis.complaint_resolution(lines, "sla_target_hours") == pytest.approx(1 / 3)
    lines["sla_target_hours"] = 48
    assert kpis.complaint_resolution(lines, "sla_target_hours") == pytest.approx(2 / 3)


def test_an_order_goes_to_the_group_of_its_first_line() -> None:
    lines = worked_lines().assign(week=[1, 1, 1, 2, 2, 1, 2])  # B and D straddle two weeks
    # Week 1: A, B, D; week 2: C.  Nothing is counted twice.
    pd.testing.assert_series_equal(kpis.otif(lines, by="week"), series({1: 1 / 3, 2: 0.0}, "otif", "week"))
    pd.testing.assert_series_equal(
        kpis.fill_rate(lines, by="week"), series({1: 5 / 6, 2: 0.0}, "fill_rate", "week")
    )  # week 1 has A's, B's and D's lines: 5 of 6 in full


def test_dates_are_compared_by_day_and_text_dates_are_read() -> None:
    lines = worked_lines()
    late_in_the_day = lines.assign(delivered_date=lines["delivered_date"] + pd.Timedelta(hours=18))
    assert kpis.on_time_rate(late_in_the_day) == 0.5
    as_text = lines.assign(
        order_date=lines["order_date"].dt.strftime("%Y-%m-%d"),
        promised_date=lines["promised_date"].dt.strftime("%Y-%m-%d"),
        delivered_date=lines["delivered_date"].dt.strftime("%Y-%m-%d"),
    )
    assert kpis.otif(as_text) == 0.25
    assert kpis.order_cycle_time(as_text) == 3.5
    assert as_text["promised_date"].dtype != "datetime64[ns]"  # the caller's table is not changed


def test_text_dates_are_read_before_delivery_is_compared_with_ordering() -> None:
    """The order of the table checks matters: compared as text, "5 January" comes after "4 February"."""
    lines = worked_lines()
    spelled = {
        column: lines[column].dt.strftime("%-d %B %Y") for column in ("order_date", "promised_date", "delivered_date")
    }
    assert (spelled["delivered_date"] < spelled["order_date"]).any()  # as text, some would look delivered early
    assert kpis.otif(lines.assign(**spelled)) == kpis.otif(lines)


def test_object_booleans_and_nullable_integers_are_accepted() -> None:
    lines = worked_lines()
    lines["picked_correctly"] = lines["picked_correctly"].astype(object)
    lines["qty_delivered"] = lines["qty_delivered"].astype("Int64")
    assert kpis.order_accuracy(lines) == 0.5
    assert kpis.in_full_rate(lines) == 0.5


def test_over_delivery_is_in_full_but_does_not_raise_the_unit_fill_rate() -> None:
    lines = worked_lines().assign(qty_delivered=[12, 5, 4, 6, 10, 3, 2], picked_correctly=True)  # all in full
    assert kpis.in_full_rate(lines) == 1.0
    assert kpis.fill_rate(lines, "units") == 1.0


def test_fill_rate_on_lines_can_be_below_the_in_full_rate() -> None:
    """Why the tests do not claim fill_rate(lines) >= in_full_rate: it fails when short orders are big."""
    lines = pd.DataFrame(
        {
            "order_id": ["big", "big", "big", "small"],
            "promised_date": pd.to_datetime(["2026-01-07"] * 4),
            "delivered_date": pd.to_datetime(["2026-01-07"] * 4),
            "qty_ordered": [5, 5, 5, 5],
            "qty_delivered": [0, 0, 0, 5],
            "picked_correctly": [True] * 4,
            "damaged": [False] * 4,
        }
    )
    assert kpis.in_full_rate(lines) == 0.5
    assert kpis.fill_rate(lines) == 0.25


def test_every_public_function_is_documented() -> None:
    for name in kpis.__all__:
        if name.isupper():
            continue
        doc = getattr(kpis, name).__doc__
        for section in ("Formula", "Parameters", "Returns", "Examples", ">>> "):
            assert section in doc, (name, section)


# --- the delivery SLA's definitions (window, in full, unit, point of measurement) ---------------------------------


def booked_day_lines() -> pd.DataFrame:
    """Five orders of one day, worked out by hand against Brightwater's delivery SLA.

    ====  =============  =========  ====================  =============================
    order customer       arrived    on time? (SLA)        in full?
    ====  =============  =========  ====================  =============================
    A     retail_dc      on day     yes                   yes (2 lines: 10 + 10 units)
    B     retail_dc      day early  no: booked slot       yes (1 line: 20 units)
    C     garden_centre  on day     yes                   no: line 2 is the wrong item (6 of 6 units)
    D     e_commerce     day early  yes: by promised day  yes (1 line: 1 unit)
    E     wholesaler     on day     yes                   no: line 1 arrived damaged (3 units)
    ====  =============  =========  ====================  =============================
    """
    day, early = pd.Timestamp("2026-03-04"), pd.Timestamp("2026-03-03")
    return pd.DataFrame(
        {
            "order_id": ["A", "A", "B", "C", "C", "D", "E", "E"],
            "customer_type": ["retail_dc"] * 3 + ["garden_centre"] * 2 + ["e_commerce"] + ["wholesaler"] * 2,
            "order_date": [pd.Timestamp("2026-03-01")] * 8,
            "promised_date": [day] * 8,
            "delivered_date": [day, day, early, day, day, early, day, day],
            "qty_ordered": [10, 10, 20, 4, 6, 1, 3, 5],
            "qty_delivered": [10, 10, 20, 4, 6, 1, 3, 5],
            "picked_correctly": [True, True, True, True, False, True, True, True],
            "damaged": [False] * 6 + [True, False],
            "documents_correct": [True, True, True, True, True, False, True, True],
        }
    )


def test_the_defaults_are_the_world_s_delivery_sla() -> None:
    sla = world.load().delivery_sla
    assert (sla.unit, sla.point_of_measurement, sla.otif_target) == ("order", "receipt", 0.95)
    lines = booked_day_lines()
    assert kpis.otif(lines) == kpis.otif(lines, unit=sla.unit, point=sla.point_of_measurement)
    assert set(sla.booked_slot) == {"retail_dc", "garden_centre", "wholesaler", "contract_client", "business_buyer"}
    assert sla.by_promised_day == ("e_commerce",)


def test_early_delivery_to_a_booked_slot_is_not_on_time() -> None:
    lines = booked_day_lines()
    on_time = kpis.on_time_rate(lines, by="order_id")
    assert on_time.to_dict() == {"A": 1.0, "B": 0.0, "C": 1.0, "D": 1.0, "E": 1.0}  # B early, D early but online
    assert kpis.on_time_rate(lines) == 0.8
    assert kpis.on_time_rate(lines, window="by_promised_day") == 1.0  # habit: early counted as on time
    assert kpis.on_time_rate(lines, window="booked_slot") == 0.6  # D's early parcel too, if it had a slot
    late = lines.assign(delivered_date=pd.Timestamp("2026-03-05"))
    assert kpis.on_time_rate(late) == 0.0  # late is late for every window


def test_a_mis_pick_in_the_right_quantity_is_not_in_full() -> None:
    lines = booked_day_lines()
    in_full = kpis.in_full_rate(lines, by="order_id")
    assert in_full.to_dict() == {"A": 1.0, "B": 1.0, "C": 0.0, "D": 1.0, "E": 0.0}  # C wrong item, E damaged
    assert kpis.fill_rate(lines, "units") == 1.0  # every quantity was right: fill rate sees no failure
    assert kpis.order_accuracy(lines) == 0.8


def test_otif_per_order_line_and_unit() -> None:
    lines = booked_day_lines()
    assert kpis.otif(lines) == 0.4  # A and D of 5 orders
    assert kpis.otif(lines, unit="line") == 5 / 8  # all but B's early line, C's wrong item and E's damaged one
    assert kpis.otif(lines, unit="unit") == (10 + 10 + 4 + 1 + 5) / 59  # C's good line counts per unit too
    assert kpis.otif(lines, window="by_promised_day") == 0.6  # with early counted, B passes
    assert kpis.difot(lines, unit="line") == kpis.otif(lines, unit="line")
    by_type = kpis.otif(lines, by="customer_type", unit="line")
    assert by_type.to_dict() == {"e_commerce": 1.0, "garden_centre": 0.5, "retail_dc": 2 / 3, "wholesaler": 0.5}
    assert kpis.in_full_rate(lines, unit="unit") == (59 - 6 - 3) / 59
    assert kpis.on_time_rate(lines, unit="line") == 7 / 8


def test_per_unit_a_short_line_earns_the_units_it_brought() -> None:
    lines = booked_day_lines()
    lines.loc[0, "qty_delivered"] = 7  # A's first line: 7 of 10 units, on its day
    assert kpis.otif(lines, unit="unit") == (7 + 10 + 4 + 1 + 5) / 59
    assert kpis.otif(lines, unit="line") == 4 / 8  # per line, the short line fails
    assert kpis.otif(lines) == 0.2  # and per order, A fails: only D is left
    assert kpis.in_full_rate(lines, unit="unit") == (59 - 3 - 6 - 3) / 59


def test_measured_at_despatch_a_late_carrier_does_not_show() -> None:
    lines = booked_day_lines().assign(
        despatch_due_date=pd.Timestamp("2026-03-03"), despatched_date=pd.Timestamp("2026-03-03")
    )
    lines["delivered_date"] = pd.Timestamp("2026-03-05")  # the carrier was a day late with every order
    assert kpis.on_time_rate(lines) == 0.0
    assert kpis.on_time_rate(lines, point="despatch") == 1.0
    assert kpis.otif(lines, point="despatch") == 0.6  # C and E are still not in full
    assert raises(kpis.otif, booked_day_lines(), point="despatch").endswith(
        "the table has no column despatch_due_date, despatched_date"
    )


def test_perfect_order_rate() -> None:
    lines = booked_day_lines()
    assert kpis.perfect_order_rate(lines) == 0.2  # A only: D's paperwork was wrong
    assert kpis.perfect_order_rate(lines, window="by_promised_day") == 0.4  # B too
    result = kpis.perfect_order_rate(lines, by="customer_type")
    assert result.name == "perfect_order_rate"
    assert result.to_dict() == {"e_commerce": 0.0, "garden_centre": 0.0, "retail_dc": 0.5, "wholesaler": 0.0}
    assert "documents_correct" in raises(kpis.perfect_order_rate, lines.drop(columns="documents_correct"))


@pytest.mark.parametrize(
    ("keyword", "value", "choices"),
    [
        ("window", "early_ok", "'booked_slot', 'by_promised_day'"),
        ("unit", "pallet", "'order', 'line', 'unit'"),
        ("point", "collection", "'receipt', 'despatch'"),
        ("unit", 1, "'order', 'line', 'unit'"),
    ],
)
def test_sla_parameters_must_be_one_of_their_choices(keyword, value, choices) -> None:
    assert raises(kpis.otif, booked_day_lines(), **{keyword: value}) == (
        f"otif(): {keyword} must be one of {choices}, not {value!r}"
    )


def test_a_customer_type_without_an_on_time_rule() -> None:
    lines = booked_day_lines()
    lines.loc[3, "customer_type"] = "prospect"
    assert raises(kpis.on_time_rate, lines) == (
        "on_time_rate(): the SLA has no on-time rule for customer_type 'prospect' (order C); "
        "give window='booked_slot' or window='by_promised_day'"
    )
    assert kpis.on_time_rate(lines, window="by_promised_day") == 1.0


# --- learner-readable errors --------------------------------------------------------------------------------------


def raises(function, *args, **kwargs) -> str:
    with pytest.raises(ValueError) as error:
        function(*args, **kwargs)
    return str(error.value)


def test_missing_columns_are_named_with_the_columns_needed() -> None:
    lines = worked_lines().drop(columns=["qty_delivered", "promised_date"])
    assert raises(kpis.otif, lines) == (
        "otif() needs the columns order_id, customer_type, promised_date, delivered_date, qty_ordered, "
        "qty_delivered, picked_correctly, damaged; the table has no column promised_date, qty_delivered"
    )
    assert raises(kpis.order_accuracy, worked_lines().drop(columns="picked_correctly")) == (
        "order_accuracy() needs the columns order_id, picked_correctly; the table has no column picked_correctly"
    )
    assert raises(kpis.fill_rate, worked_lines().drop(columns="order_id")) == (
        "fill_rate() needs the columns order_id, qty_ordered, qty_delivered; the table has no column order_id"
    )
    assert raises(kpis.complaint_resolution, worked_lines().drop(columns="resolution_hours"), 24) == (
        "complaint_resolution() needs the columns order_id, complaint, resolution_hours; "
        "the table has no column resolution_hours"
    )
    assert "the table has no column sla_target_hours" in raises(
        kpis.complaint_resolution, worked_lines(), "sla_target_hours"
    )


def test_missing_by_column() -> None:
    assert raises(kpis.otif, worked_lines(), by=["channel", "customer"]) == (
        "otif() needs the columns order_id, customer_type, promised_date, delivered_date, qty_ordered, "
        "qty_delivered, picked_correctly, damaged (and the by column(s) channel, customer); "
        "the table has no column customer"
    )


@pytest.mark.parametrize("by", [3, [], ["channel", 3]])
def test_bad_by(by) -> None:
    assert raises(kpis.on_time_rate, worked_lines(), by=by).startswith(
        "on_time_rate(): by must be a column name or a list of column names, not "
    )


@pytest.mark.parametrize("function", list(ORDER_KPIS.values()))
def test_empty_table(function) -> None:
    message = raises(function, worked_lines().iloc[:0])
    assert message.endswith("() needs at least one order line, but the table is empty")


def test_not_a_dataframe() -> None:
    assert raises(kpis.otif, [1, 2]) == "otif() needs a pandas DataFrame of order lines, not list"


def test_negative_quantities_count_lines_and_give_an_order() -> None:
    lines = worked_lines()
    lines.loc[[4, 5], "qty_delivered"] = -1
    assert raises(kpis.in_full_rate, lines) == (
        "qty_delivered is negative on 2 line(s), e.g. order C; quantities are numbers of units and cannot be below 0"
    )
    lines = worked_lines()
    lines.loc[2, "qty_ordered"] = -4
    assert raises(kpis.fill_rate, lines, "units").startswith("qty_ordered is negative on 1 line(s), e.g. order B;")


def test_zero_ordered() -> None:
    lines = worked_lines()
    lines.loc[6, "qty_ordered"] = 0
    assert raises(kpis.fill_rate, lines) == (
        "qty_ordered is 0 on 1 line(s), e.g. order D; an order line is for at least 1 unit"
    )


def test_quantities_must_be_numbers() -> None:
    lines = worked_lines().assign(qty_ordered=["ten"] * 7)
    assert raises(kpis.fill_rate, lines) == "qty_ordered must hold numbers of units, but it holds str values"


def test_delivered_before_ordered() -> None:
    lines = worked_lines()
    lines.loc[[2, 3], "delivered_date"] = pd.Timestamp("2026-01-02")
    expected = (
        "delivered_date is before order_date on 2 line(s), e.g. order B; "
        "a line cannot be delivered before it was ordered"
    )
    assert raises(kpis.order_cycle_time, lines) == expected
    assert raises(kpis.otif, lines) == expected  # checked whenever the table has both dates


def test_unreadable_dates() -> None:
    lines = worked_lines().astype({"promised_date": object})
    lines.loc[5, "promised_date"] = "next Tuesday"
    assert raises(kpis.otif, lines) == (
        "promised_date must hold dates such as 2026-01-05, but 'next Tuesday' (order D) is not a date; "
        "fix it, or convert the column with pd.to_datetime"
    )
    numbers = worked_lines().assign(order_date=20260105)
    assert raises(kpis.order_cycle_time, numbers) == (
        "order_date must hold dates such as 2026-01-05, but it holds numbers (int64)"
    )


@pytest.mark.parametrize(
    ("column", "empty", "function", "expected"),
    [
        ("qty_ordered", NAN, kpis.otif, "qty_ordered is empty (NaN) on 1 line(s), e.g. order C; otif() needs"),
        ("delivered_date", pd.NaT, kpis.on_time_rate, "delivered_date is empty (NaN) on 1 line(s), e.g. order C;"),
        ("picked_correctly", None, kpis.order_accuracy, "picked_correctly is empty (NaN) on 1 line(s), e.g. order C"),
        ("order_date", "", kpis.order_cycle_time, "order_date is empty (NaN) on 1 line(s), e.g. order C;"),
        ("complaint", None, kpis.mean_resolution_hours, "complaint is empty (NaN) on 1 line(s), e.g. order C;"),
        ("channel", None, kpis.otif, "channel is empty (NaN) on 1 line(s), e.g. order C;"),
    ],
)
def test_empty_cells_in_needed_columns(column, empty, function, expected) -> None:
    lines = worked_lines()
    lines[column] = lines[column].astype(object)
    lines.loc[4, column] = empty
    message = raises(function, lines, by="channel") if column == "channel" else raises(function, lines)
    assert message.startswith(expected)
    assert "fill them in or drop those lines first" in message


def test_empty_order_id_names_the_row() -> None:
    lines = worked_lines()
    lines.loc[3, "order_id"] = None
    assert raises(kpis.order_accuracy, lines).startswith("order_id is empty (NaN) on 1 line(s), e.g. row 3;")


def test_nan_in_a_column_the_kpi_does_not_need_is_fine() -> None:
    lines = worked_lines().astype({"picked_correctly": object})
    lines.loc[0, "picked_correctly"] = None
    assert kpis.on_time_rate(lines) == 0.5


def test_flags_must_be_true_or_false() -> None:
    lines = worked_lines().assign(picked_correctly=["yes"] * 7)
    assert raises(kpis.order_accuracy, lines) == "picked_correctly must be True or False, but it is 'yes' on order A"


def test_complaint_without_resolution_hours() -> None:
    lines = worked_lines()
    lines.loc[[5, 6], "resolution_hours"] = NAN
    assert raises(kpis.complaint_resolution, lines, 24) == (
        "resolution_hours is empty (NaN) on 2 complaint line(s), e.g. order D; "
        "every complaint needs the hours it took to resolve"
    )
    lines = worked_lines()
    lines.loc[2, "resolution_hours"] = -3.0
    assert raises(kpis.mean_resolution_hours, lines).startswith(
        "resolution_hours is negative on 1 line(s), e.g. order B"
    )


@pytest.mark.parametrize("sla", [0, -5, NAN, math.inf, True, None, [24]])
def test_sla_hours_must_be_positive(sla) -> None:
    assert raises(kpis.complaint_resolution, worked_lines(), sla) == (
        f"complaint_resolution(): sla_hours must be a positive number of hours (or an SLA column name), not {sla!r}"
    )


def test_sla_column_must_be_positive() -> None:
    lines = worked_lines().assign(sla_target_hours=0)
    assert raises(kpis.complaint_resolution, lines, "sla_target_hours") == (
        "complaint_resolution(): the SLA column sla_target_hours must hold positive numbers of hours"
    )


@pytest.mark.parametrize("basis", ["orders", "Lines", None])
def test_fill_rate_basis(basis) -> None:
    assert raises(kpis.fill_rate, worked_lines(), basis) == (
        f"fill_rate(): basis must be one of 'lines', 'units', not {basis!r}"
    )


def test_no_asserts_in_the_module() -> None:
    import inspect

    assert "assert " not in inspect.getsource(kpis)


# --- properties on random small valid tables ----------------------------------------------------------------------

DAY = pd.Timedelta(days=1)


@st.composite
def order_lines(draw) -> pd.DataFrame:
    """A valid table of 1 to 8 orders with 1 to 4 lines each."""
    rows = []
    for number in range(draw(st.integers(1, 8))):
        ordered = pd.Timestamp("2026-01-05") + draw(st.integers(0, 20)) * DAY
        promised = ordered + draw(st.integers(0, 5)) * DAY
        channel = draw(st.sampled_from(["EDI", "phone", "email"]))
        customer_type = draw(st.sampled_from(["retail_dc", "garden_centre", "e_commerce"]))
        carrier = draw(st.sampled_from(["Fleet", "Swift"]))
        complaint = draw(st.booleans())
        hours = draw(st.floats(0, 120, allow_nan=False).map(lambda h: round(h, 1))) if complaint else NAN
        for _ in range(draw(st.integers(1, 4))):
            qty = draw(st.integers(1, 20))
            rows.append(
                {
                    "order_id": f"SO-{number}",
                    "customer_type": customer_type,
                    "channel": channel,
                    "carrier": carrier,
                    "order_date": ordered,
                    "promised_date": promised,
                    "delivered_date": ordered + draw(st.integers(0, 8)) * DAY,
                    "qty_ordered": qty,
                    "qty_delivered": draw(st.integers(0, qty + 3)),
                    "picked_correctly": draw(st.booleans()),
                    "damaged": draw(st.booleans()),
                    "complaint": complaint,
                    "resolution_hours": hours,
                }
            )
    return pd.DataFrame(rows)


def reference(lines: pd.DataFrame) -> dict[str, dict]:
    """Per-order facts, worked out line by line in plain Python."""
    facts: dict[str, dict] = {}
    for row in lines.itertuples():
        order = facts.setdefault(
            row.order_id,
            {"on_time": True, "in_full": True, "accurate": True, "lines": 0, "last": row.order_date},
        )
        if row.customer_type == "e_commerce":  # the SLA: on or before the promised day
            order["on_time"] &= row.delivered_date <= row.promised_date
        else:  # a booked goods-in slot: on the promised day, neither earlier nor later
            order["on_time"] &= row.delivered_date == row.promised_date
        order["in_full"] &= row.qty_delivered >= row.qty_ordered and row.picked_correctly and not row.damaged
        order["accurate"] &= bool(row.picked_correctly)
        order["lines"] += 1
        order["last"] = max(order["last"], row.delivered_date)
        order["days"] = (order["last"] - row.order_date).days
    return facts


def line_facts(lines: pd.DataFrame) -> list[tuple[bool, int, int]]:
    """For each line: is it on time and in full as the SLA counts it, units ordered, units that count per unit."""
    facts = []
    for row in lines.itertuples():
        if row.customer_type == "e_commerce":
            on_time = row.delivered_date <= row.promised_date
        else:
            on_time = row.delivered_date == row.promised_date
        right = row.picked_correctly and not row.damaged
        in_full = row.qty_delivered >= row.qty_ordered and right
        good_units = min(row.qty_delivered, row.qty_ordered) if on_time and right else 0
        facts.append((bool(on_time and in_full), int(row.qty_ordered), int(good_units)))
    return facts


@settings(max_examples=150, deadline=None)
@given(lines=order_lines())
def test_properties_of_the_order_kpis(lines: pd.DataFrame) -> None:
    facts = list(reference(lines).values())
    n = len(facts)
    otif, on_time, in_full = kpis.otif(lines), kpis.on_time_rate(lines), kpis.in_full_rate(lines)
    assert 0 <= otif <= min(on_time, in_full) <= 1
    failed = sum(not (order["on_time"] and order["in_full"]) for order in facts) / n
    assert otif + failed == pytest.approx(1)
    either = sum(order["on_time"] or order["in_full"] for order in facts) / n
    assert otif == pytest.approx(on_time + in_full - either)  # inclusion-exclusion
    assert on_time == pytest.approx(sum(order["on_time"] for order in facts) / n)
    assert in_full == pytest.approx(sum(order["in_full"] for order in facts) / n)

    accuracy = kpis.order_accuracy(lines)
    assert 0 <= accuracy <= 1
    assert accuracy == pytest.approx(sum(order["accurate"] for order in facts) / n)

    units, by_line = kpis.fill_rate(lines, "units"), kpis.fill_rate(lines, "lines")
    assert 0 <= units <= 1
    assert 0 <= by_line <= 1
    # Every line of an in-full order is in full, so the line fill rate is at least the share of lines
    # that belong to in-full orders (it is not always >= the in-full rate: see the test above).
    lines_of_full_orders = sum(order["lines"] for order in facts if order["in_full"]) / len(lines)
    assert by_line >= lines_of_full_orders - 1e-12
    if in_full == 1:  # (not the other way round: a full quantity of the wrong item fills the line, not the order)
        assert by_line == 1
    if by_line == 0:
        assert in_full == 0
    # Per line and per unit: the share of the lines (units ordered) whose line passes.
    passing = line_facts(lines)
    assert kpis.otif(lines, unit="line") == pytest.approx(np.mean([ok for ok, _, _ in passing]))
    units = sum(qty for _, qty, _ in passing)
    assert kpis.otif(lines, unit="unit") == pytest.approx(sum(good for _, _, good in passing) / units)
    # Counting early as on time can only raise the on-time rate.
    assert kpis.on_time_rate(lines, window="by_promised_day") >= on_time - 1e-12
    assert kpis.on_time_rate(lines, window="booked_slot") <= on_time + 1e-12
    assert kpis.order_cycle_time(lines) == pytest.approx(np.mean([order["days"] for order in facts]))


@settings(max_examples=150, deadline=None)
@given(lines=order_lines(), by=st.sampled_from(["channel", "carrier", ["channel", "carrier"]]))
def test_grouping_then_weighting_reproduces_the_overall_value(lines: pd.DataFrame, by) -> None:
    orders = lines.groupby("order_id").first()
    keys = [by] if isinstance(by, str) else by
    order_counts = orders.groupby(keys).size()
    for name, function in ORDER_KPIS.items():
        if name == "mean_resolution_hours":
            continue
        grouped = function(lines, by=by)
        assert grouped.name == name
        assert sorted(grouped.index) == sorted(order_counts.index)
        weighted = (grouped * order_counts).sum() / order_counts.sum()
        assert weighted == pytest.approx(function(lines)), name

    line_counts = lines.groupby(keys).size()
    grouped = kpis.fill_rate(lines, by=by)
    assert (grouped * line_counts).sum() / line_counts.sum() == pytest.approx(kpis.fill_rate(lines))
    units = lines.groupby(keys)["qty_ordered"].sum()
    grouped = kpis.fill_rate(lines, "units", by=by)
    assert (grouped * units).sum() / units.sum() == pytest.approx(kpis.fill_rate(lines, "units"))

    complaints = orders[orders["complaint"]].groupby(keys).size().reindex(order_counts.index, fill_value=0)
    for function in (lambda frame, by=None: kpis.complaint_resolution(frame, 36, by=by), kpis.mean_resolution_hours):
        overall, grouped = function(lines), function(lines, by=by)
        if complaints.sum() == 0:
            assert math.isnan(overall)
            assert grouped.isna().all()
            continue
        assert grouped[complaints == 0].isna().all()
        assert grouped[complaints > 0].notna().all()
        weighted = (grouped[complaints > 0] * complaints[complaints > 0]).sum() / complaints.sum()
        assert weighted == pytest.approx(overall)


# --- supply chain cycle time: the days of every stage, end to end ------------------------------------------------


def test_supply_chain_cycle_time_by_hand() -> None:
    # 9 days' supplier lead time + 1 day at goods-in + 24 days in stock + a 2-day order cycle time
    stages = {"supplier lead time": 9, "goods-in": 1, "days in stock": 24, "order cycle time": 2}
    assert kpis.supply_chain_cycle_time(stages) == 36.0
    assert kpis.supply_chain_cycle_time({"lead time": 45.5, "transit": 0}) == 45.5
    assert kpis.supply_chain_cycle_time({"in stock": np.float64(12.25)}) == 12.25
    assert isinstance(kpis.supply_chain_cycle_time({"a": 1}), float)


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ({}, "stage_days is empty"),
        ([9, 1, 24], "stage_days must be a dict of stage names and their days"),
        ({"days in stock": -3}, "the days of stage 'days in stock' must be 0 or more"),
        ({"transit": "2"}, "the days of stage 'transit' must be a number (days, such as 10), not the text '2'"),
        ({"transit": float("nan")}, "the days of stage 'transit' must be a finite number"),
        ({"transit": None}, "the days of stage 'transit' must be a number"),
    ],
)
def test_supply_chain_cycle_time_bad_input(stages, expected) -> None:
    import re

    with pytest.raises(ValueError, match=re.escape(expected)):
        kpis.supply_chain_cycle_time(stages)


@settings(deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.floats(0, 400), min_size=1, max_size=6))
def test_supply_chain_cycle_time_is_the_sum_and_grows_with_any_stage(stages) -> None:
    total = kpis.supply_chain_cycle_time(stages)
    assert total == pytest.approx(sum(stages.values()))
    longer = {**stages, next(iter(stages)): next(iter(stages.values())) + 1}
    assert kpis.supply_chain_cycle_time(longer) == pytest.approx(total + 1)
