"""Checks: right scores, readable messages, and no credit for odd or lying answers."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from logiserve.autograder import CheckResult, check_classification, check_names, check_number, check_series
from logiserve.autograder.checks import describe_answer

from ._hostile import AlwaysEqual, LyingFloat, lying_dict, lying_str

KEY = {"despatch": "internal", "fresco": "external", "wrapfast": "not_a_customer", "hse": "not_a_customer"}
LABELS = {"despatch": "Despatch team", "fresco": "Fresco DC", "wrapfast": "Wrapfast", "hse": "HSE"}


LyingStr = lying_str("internal")
LyingDict = lying_dict({k: "internal" for k in KEY})


# -- classification ---------------------------------------------------------------------
# KEY's fullest column holds 2 of its 4 items, so one column for all places 2 right and 2 wrong: a wrong
# placement takes back 2 / (4 - 2) = 1 right one, and that guess nets nothing.
@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (dict(KEY), 4.0),
        ({**KEY, "hse": "external"}, 2.0),  # 3 right, 1 wrong: 3 - 1
        ({"despatch": "internal"}, 1.0),  # 1 right, the rest left out: left out costs nothing
        ({}, 0.0),
        ({k: "internal" for k in KEY}, 0.0),  # one column for all: 1 right, 3 wrong
        ({k: "not_a_customer" for k in KEY}, 0.0),  # the fullest column for all: 2 right, 2 wrong
    ],
)
def test_classification_partial_credit_per_item(answer, points):
    assert check_classification(answer, KEY, points=4).points == points


def test_classification_a_guess_earns_about_nothing():
    """Every one of the 81 ways to place KEY's 4 items in its 3 columns, equally likely: about 6 % on average.

    Per item, 4 right of 4 earns 1 and 3 right earns 1/2 (3 - 1 wrong); below that a guess nets 0.  Of 81
    placements 1 is all right and 8 have 3 right: (1 + 8 / 2) / 81 = 0.062.  Per item alone it was 1/3.
    """
    columns = ["internal", "external", "not_a_customer"]
    placements = [dict(zip(KEY, p, strict=True)) for p in itertools.product(columns, repeat=len(KEY))]
    scores = [check_classification(p, KEY, points=1).score for p in placements]
    assert sum(scores) / len(scores) == pytest.approx(5 / 81)


def test_classification_k_of_n_with_odd_points():
    result = check_classification({"despatch": "internal", "fresco": "external"}, KEY, points=5)
    assert result.points == 2.5
    assert check_classification(
        {"despatch": "internal"}, {**KEY, "x": "internal", "y": "external"}, points=5
    ).points == (round(5 / 6, 2))


def test_classification_graded_message_names_items_but_not_categories():
    result = check_classification({**KEY, "wrapfast": "external", "hse": None}, KEY, points=4, labels=LABELS)
    text = str(result)
    assert text.splitlines()[0] == "Score: 1 / 4"  # 2 right, 1 wrong (taking back 1), 1 not placed
    assert "- 2 of 4 items placed correctly." in text
    assert "- Look again at: Wrapfast." in text
    assert (
        "- Each item in a wrong column takes back a right one, so that one column for every item earns nothing "
        "(one column holds 2 of the 4 items).\n"
    ) in text
    assert "- Not placed: HSE." in text
    assert "not_a_customer" not in text


def test_classification_says_when_placements_earn_nothing():
    result = check_classification(dict.fromkeys(KEY, "external"), KEY, points=4)
    assert result.messages[-1].endswith("(one column holds 2 of the 4 items): these placements earn nothing.")
    weighted = check_classification({"despatch": "internal", "fresco": "internal"}, {**KEY, "x": "internal"}, points=5)
    # 5 items, the fullest columns holding 2: a wrong placement takes back 2 / (5 - 2) of a right one
    assert any(m.startswith("Each item in a wrong column takes back 2/3 of a right one") for m in weighted.messages)
    assert weighted.points == round(5 * (1 - 2 / 3) / 5, 2)


def test_classification_reveal_names_the_right_category():
    result = check_classification(
        {**KEY, "wrapfast": "external"},
        KEY,
        points=4,
        labels=LABELS,
        category_labels={"not_a_customer": "Not a customer"},
        reveal=True,
    )
    assert "Wrapfast belongs in Not a customer." in result.messages


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "No answer yet: place each item in a category."),
        ("internal", "expected a mapping such as a dict, found str"),
        (["despatch", "internal"], "expected a mapping such as a dict, found list"),
        (AlwaysEqual(), "expected a mapping such as a dict, found AlwaysEqual"),
        (42, "expected a mapping such as a dict, found int"),
    ],
)
def test_classification_odd_input_scores_zero_with_a_message(answer, message):
    result = check_classification(answer, KEY, points=4)
    assert result.points == 0.0
    assert any(message in m for m in result.messages)


def test_classification_resists_lying_objects():
    assert check_classification({k: AlwaysEqual() for k in KEY}, KEY, points=4).points == 0.0
    assert check_classification({k: LyingStr("nonsense") for k in KEY}, KEY, points=4).points == 0.0
    assert check_classification(LyingDict(wrapfast="external"), KEY, points=4).points == 0.0
    assert check_classification({LyingStr("despatch"): "internal"}, KEY, points=4).points == 1.0


def test_classification_ignores_unknown_items_and_says_so():
    result = check_classification({**KEY, "ghost": "internal"}, KEY, points=4)
    assert result.points == 4.0
    assert "1 placement(s) named items that are not in this exercise; ignored." in result.messages


# -- names -------------------------------------------------------------------------------
NAMES = ["Despatch team", "Finance", "Night shift", "Outlet shop"]


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        (NAMES, 2.0),
        ([*list(reversed(NAMES)), "Finance"], 2.0),
        (NAMES[:2], 1.0),
        ([*NAMES[:3], "Wrapfast"], 1.0),
        ([*NAMES, "Wrapfast", "HMRC", "Fresco", "Moorside"], 0.0),
        ([], 0.0),
        (pd.Series(NAMES[:2]), 1.0),
        (pd.DataFrame({"name": NAMES, "x": range(4)}), 2.0),
        (pd.Index(NAMES), 2.0),
    ],
)
def test_names_scores(answer, points):
    assert check_names(answer, NAMES, points=2).points == points


def test_names_messages_count_and_name_the_wrong_ones():
    result = check_names([*NAMES[:3], "Wrapfast", "Wrapfast"], NAMES, points=2, what="internal customers")
    assert result.messages == (
        "3 of the 4 internal customers found.",
        "1 does not belong: Wrapfast.",
        "Some names are listed more than once.",
    )


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "No answer yet"),
        ("Despatch team", "expected a list of names, found str"),
        ({"a": 1}, "expected a list of names, found dict"),
        ([AlwaysEqual()] * 4, "expected text, found AlwaysEqual"),
        (pd.DataFrame({"a": [1], "b": [2]}), "a DataFrame needs a 'name' column"),
        (7, "expected a list of names, found int"),
    ],
)
def test_names_odd_input(answer, message):
    result = check_names(answer, NAMES, points=2)
    assert result.points == 0.0
    assert any(message in m for m in result.messages), result.messages


def test_names_resists_lying_strings():
    assert check_names([LyingStr("x") for _ in NAMES], NAMES, points=2).points == 0.0


# -- numbers -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "points"),
    [(124, 3.0), (124.0, 3.0), (np.int64(124), 3.0), (np.float64(124.004), 3.0), (125, 0.0), (-124, 0.0)],
)
def test_number(answer, points):
    assert check_number(answer, 124, points=3, tolerance=0.01).points == points


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (True, "found True/False"),
        ("124", "remove the quotes"),
        (float("nan"), "NaN"),
        (AlwaysEqual(), "expected a number, found AlwaysEqual"),
        ([124], "found list"),
        (None, "No answer yet"),
    ],
)
def test_number_odd_input(answer, message):
    result = check_number(answer, 124, points=3)
    assert result.points == 0.0 and any(message in m for m in result.messages)


def test_number_resists_a_lying_float():
    assert check_number(LyingFloat(1.0), 124, points=3).points == 0.0
    assert check_number(LyingFloat(124.0), 124, points=3).points == 3.0


# -- grouped series (method marks) -------------------------------------------------------
EXPECTED = pd.Series({"retailer": 63, "contract_client": 24, "wholesaler": 19})
# Three different numbers: one number is right for at most 1 group, so a wrong number takes back 1/2 of a
# group (one number for all three nets 1 - 2 * 1/2 = 0). The numbers carry 2 of the 3 points, the sort 1,
# the sort in proportion to the numbers' share.


@pytest.mark.parametrize(
    ("answer", "points", "first_message"),
    [
        (EXPECTED.sort_values(ascending=False), 3.0, "Right groups (3)."),
        (EXPECTED.sort_index(), 2.0, "Right groups (3)."),  # right numbers, not sorted
        # 2 right, 1 wrong (- 1/2): share 1/2, sorted: 3 * 1/2
        (pd.Series({"retailer": 63, "contract_client": 25, "wholesaler": 19}), 1.5, "Right groups (3)."),
        # 2 right, 1 not asked for (- 1), 1 missing: share 1/3, not sorted: 3 * 1/3 * 2/3
        (
            pd.Series({"retailer": 63, "contract_client": 24, "department": 100}),
            0.67,
            "Groups not right: 1 missing.",
        ),
        (EXPECTED.sort_values().to_frame("orders"), 2.0, "Right groups (3)."),
        ({"retailer": 63, "contract_client": 24, "wholesaler": 19}, 3.0, "Right groups (3)."),
    ],
)
def test_series_method_marks(answer, points, first_message):
    result = check_series(answer, EXPECTED, points=3)
    assert result.points == points
    assert result.messages[0].startswith(first_message)


@pytest.mark.parametrize(
    "answer",
    [
        dict.fromkeys(EXPECTED.index, 0),
        dict.fromkeys(EXPECTED.index, 1),
        dict.fromkeys(EXPECTED.index, 24),  # one of the right numbers, for every group: 1 right, 2 wrong
        {"retailer": 3, "contract_client": 2, "wholesaler": 1},  # made up, sorted as asked
    ],
)
def test_series_the_right_groups_without_their_numbers_earn_nothing(answer):
    result = check_series(answer, EXPECTED, points=3)
    assert result.points == 0.0
    assert result.messages[0] == "Right groups (3)."
    assert "so that one number for every group earns nothing: these numbers earn nothing." in result.messages[-2]


def test_series_a_number_shared_by_many_groups_is_no_gift():
    """Counts where most groups are 0: zeros for all would be right for 3 of 4, so a wrong number takes back 3."""
    counts = pd.Series({"a": 0, "b": 0, "c": 0, "d": 2})
    assert check_series(dict.fromkeys(counts.index, 0), counts, points=2, descending=None).points == 0.0
    assert check_series({**dict.fromkeys(counts.index, 0), "d": 2}, counts, points=2, descending=None).passed
    assert check_series({"a": 0, "b": 0, "c": 0}, counts, points=2, descending=None).points == 1.5  # d left out


def test_series_numbers_given_as_percentages_are_named():
    shares = pd.Series({"edi": 0.95, "portal": 0.9})
    result = check_series(shares * 100, shares, points=2, descending=None, tolerance=0.0005)
    assert result.points == 0.0
    assert "Those numbers look like percentages; give each share between 0 and 1." in result.messages


def test_series_without_order_gives_the_last_share_to_the_numbers():
    assert check_series(EXPECTED.sort_index(), EXPECTED, points=3, descending=None).points == 3.0


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, "No answer yet"),
        ([63, 24, 19], "expected a pandas Series of numbers by group, found list"),
        (pd.DataFrame({"a": [1], "b": [2]}), "expected one column of numbers"),
        (pd.Series({"retailer": "63"}), "remove the quotes"),
        (pd.Series({"retailer": AlwaysEqual()}), "expected a number"),
    ],
)
def test_series_odd_input(answer, message):
    result = check_series(answer, EXPECTED, points=3)
    assert result.points == 0.0 and any(message in m for m in result.messages), result.messages


# -- the result and nbgrader ---------------------------------------------------------------
def test_award_prints_message_and_returns_a_plain_float(capsys):
    value = CheckResult(1.5, 3, ("Half right.",)).award()
    assert type(value) is float and value == 1.5
    assert capsys.readouterr().out == "Score: 1.5 / 3\n- Half right.\n"


@pytest.mark.parametrize(("score", "points"), [(7, 3.0), (-2, 0.0), (math.nan, 0.0), (np.float64(1.239), 1.24)])
def test_points_are_clamped_and_plain(score, points):
    value = CheckResult(score, 3).points
    assert value == points and type(value) is float


def test_result_needs_positive_max():
    with pytest.raises(ValueError, match="max_score must be a positive number"):
        CheckResult(0, 0)


def test_describe_answer_tells_shape_without_raising(capsys):
    describe_answer(pd.DataFrame({"name": ["a", "b"]}), expect="DataFrame", name="internal_customers")
    describe_answer([1, 2], expect="Series", name="orders_by_type")
    describe_answer(True, expect="number", name="total")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "internal_customers is a pandas DataFrame (a table of rows) with 2 rows and 1 columns."
        " It is marked when you submit.",
        "Not yet: orders_by_type should be a pandas Series (one column of values), but it is list.",
        "Not yet: total should be a number, but it is bool.",
    ]


def test_number_wrong_message_gives_the_hint_and_spots_percentages():
    wrong = check_number(0.9, 0.874, points=1, tolerance=0.0005, what="OTIF", hint="Count orders, not lines.")
    assert wrong.messages == ("OTIF is not 0.9. Count orders, not lines.",)
    percent = check_number(87.4, 0.874, points=1, tolerance=0.0005, what="OTIF")
    assert percent.points == 0.0
    assert percent.messages == ("OTIF: 87.4 looks like a percentage; give it as a share between 0 and 1.",)


def test_series_with_whole_number_groups_such_as_weeks():
    weekly = pd.Series([0.9, 0.8, 0.95], index=pd.Index([1, 2, 3], name="week"))
    assert check_series(weekly, weekly, points=2, descending=None).points == 2.0
    # week 3 missing and week 4 not asked for: (2 right - 1 extra) / 3 of the points
    assert check_series(weekly.rename(index={3: 4}), weekly, points=2, descending=None).points == 0.67
    halves = pd.Series([0.9], index=[1.5])
    assert "whole numbers" in check_series(halves, weekly, points=2).messages[0]


@pytest.mark.parametrize(
    ("answer", "points", "message"),
    [
        ("delivery_window", 1.0, "Right: the weakest moment is 'delivery_window'."),
        ("  Delivery_Window ", 1.0, "Right: the weakest moment is 'Delivery_Window'."),
        ("invoice", 0.0, "The weakest moment is not 'invoice'. Look again at your results."),
        (None, 0.0, "No answer yet: give the weakest moment."),
        (["delivery_window"], 0.0, "Your answer could not be marked: expected text, found list."),
        (lying_str("delivery_window")("x"), 0.0, "The weakest moment is not 'x'. Look again at your results."),
    ],
)
def test_text(answer, points, message):
    from logiserve.autograder import check_text

    result = check_text(answer, "delivery_window", points=1, what="the weakest moment")
    assert result.points == points
    assert result.messages == (message,)
