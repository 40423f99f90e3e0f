"""check_journey: hand-computed scores, readable messages, and no credit for odd or lying answers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logiserve.autograder import CheckResult, check_journey
from logiserve.autograder.checks import RATINGS

from ._hostile import AlwaysEqual, LyingFloat, ReadOnlyAnswer, lying_dict, lying_str

KEY = {
    "order_call": "positive",
    "delivery_window": "negative",
    "goods_in": "neutral",
    "invoice": "negative",
    "follow_up": "positive",
}
CRITICAL = ["delivery_window", "invoice"]
LABELS = {
    "order_call": "Order call",
    "delivery_window": "Delivery window",
    "goods_in": "Goods-in check",
    "invoice": "Invoice",
    "follow_up": "Follow-up call",
}
GOOD_NOTE = "Check pallet counts against the POD."  # 15 characters or more, 5 words that say something
NOTES = {  # a different note for each touchpoint, each naming something of its touchpoint in words of its own
    "order_call": "Confirm the details of each order call by email within the hour.",
    "delivery_window": "Book realistic delivery windows and phone goods-in when a lorry runs late.",
    "goods_in": "Print every pallet label at goods-in instead of writing it by hand.",
    "invoice": "Check pallet counts against the POD before the invoice goes out.",
    "follow_up": "Follow up each delivery with a call the next morning to check the count.",
}
EVIDENCE = {
    "order_call": "The buyer's call was answered in 20 seconds; the order was confirmed within the hour.",
    "delivery_window": "Booked 06:00-07:00; the lorry arrived 09:40. Goods-in had to re-plan two bays.",
    "goods_in": "Pallets were checked in as booked; one label was hand-written.",
    "invoice": "The invoice charged for 26 pallets; 24 were delivered. Accounts disputed it twice.",
    "follow_up": "Nobody called after the disputed invoice was settled.",
}
WRONG_TWO = {**KEY, "order_call": "neutral", "goods_in": "negative"}  # 3 of 5 right
# Two touchpoints are positive and two negative: one rating for all gets at most 2 of the 5 right, so a
# wrong rating takes back 2 / (5 - 2) = 2/3 of a right one. WRONG_TWO: (3 - 2 * 2/3) / 5 = 1/3 of the ratings.


def answer(ratings=None, critical=(), notes=None):
    return {"ratings": dict(ratings or {}), "critical": list(critical), "notes": dict(notes or {})}


def mark(given, **options):
    options = {"points": 10, "critical": CRITICAL, "min_notes": 2, **options}
    return check_journey(given, KEY, **options)


LyingRating = lying_str("negative")


class LyingList(list):
    def __iter__(self):
        return iter(CRITICAL)

    def __len__(self):
        return len(CRITICAL)

    def __contains__(self, item):
        return True


# -- scores: each part and the weights ---------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "points"),
    [
        # ratings 0.5, critical moments 0.3, notes 0.2 of 10 points
        (answer(KEY, CRITICAL, {"invoice": NOTES["invoice"], "delivery_window": NOTES["delivery_window"]}), 10.0),
        (answer(KEY), 5.0),  # ratings 5/5 only: 0.5 * 10
        (answer(KEY, CRITICAL), 8.0),  # + 2 of 2 critical moments: 0.3 * 10
        (answer(KEY, [*CRITICAL, "follow_up"]), 6.5),  # critical moments (2 - 1) / 2 -> 1.5
        (answer(KEY, list(KEY)), 5.0),  # every touchpoint marked: max(0, 2 - 3) -> nothing
        (answer({}, CRITICAL), 3.0),  # critical moments alone
        (answer(WRONG_TWO, ["invoice"], {"invoice": GOOD_NOTE}), 4.17),  # 0.5 * 1/3 + 0.3 * 1/2 + 0.2 * 1/2
        (answer(notes={tp: NOTES[tp] for tp in ("invoice", "goods_in", "order_call")}), 2.0),  # capped at 1
        (answer(notes=dict.fromkeys(KEY, GOOD_NOTE)), 1.0),  # one note on every touchpoint counts once
        (answer(notes={"invoice": GOOD_NOTE}), 1.0),
        (answer(), 0.0),
    ],
)
def test_each_part_scores_its_share(given, points):
    assert mark(given).points == points


def test_a_note_counts_when_it_says_something():
    assert mark(answer(notes={"invoice": "Count pallets before invoicing."})).points == 1.0  # 4 words, 31 characters
    assert mark(answer(notes={"invoice": "Ring goods-in."})).points == 0.0  # 14 characters
    assert mark(answer(notes={"invoice": "   Ring goods-in.   "})).points == 0.0  # 14 after trimming
    assert mark(answer(notes={"invoice": "x" * 15})).points == 0.0  # 15 characters, no word
    assert mark(answer(notes={"invoice": "Count pallets carefully."})).points == 0.0  # 3 words
    assert mark(answer(notes={"invoice": "Make it better for the customer next time."})).points == 0.0  # all filler


@pytest.mark.parametrize(
    ("note", "reason"),
    [
        ("x" * 15, "Too few words to count"),
        ("Improve the invoice for the customer next time.", "Too few words to count"),
        ("Ring the driver before the lorry sets off.", "Not counted, as they name nothing of their touchpoint"),
        ("The invoice charged for 26 pallets; 24 were delivered.", "Not counted, as they repeat their touchpoint"),
    ],
)
def test_a_note_is_read_against_its_touchpoint_s_name_and_evidence(note, reason):
    content = {"touchpoints": [{"id": tp, "label": LABELS[tp], "evidence": EVIDENCE[tp]} for tp in KEY]}
    result = mark(answer(notes={"invoice": note}), content=content, labels=LABELS)
    assert result.points == 0.0
    assert any(m.startswith(reason) and m.endswith(": Invoice.") for m in result.messages), result.messages
    assert mark(answer(notes={"invoice": NOTES["invoice"]}), content=content).points == 1.0


def test_without_content_the_labels_are_what_a_note_is_read_against():
    assert mark(answer(notes={"invoice": GOOD_NOTE}), labels=LABELS).points == 0.0  # names nothing of "Invoice"
    assert mark(answer(notes={"invoice": NOTES["invoice"]}), labels=LABELS).points == 1.0


def test_a_note_repeated_on_another_touchpoint_counts_once():
    result = mark(answer(notes={"invoice": GOOD_NOTE, "goods_in": " check PALLET counts against the POD "}))
    assert result.points == 1.0
    assert "Not counted, as each repeats a note on another touchpoint: invoice." in result.messages


@pytest.mark.parametrize(
    ("options", "given", "points"),
    [
        # no critical moments: ratings 0.8, notes 0.2 -> 0.8 * (4 - 2/3) / 5 + 0.2 * 1/2
        ({"critical": ()}, answer({**KEY, "invoice": "neutral"}, notes={"invoice": GOOD_NOTE}), 6.33),
        # no notes asked: ratings 0.7, critical moments 0.3 -> 0.7 * 2/3 + 0.3
        ({"min_notes": 0}, answer({**KEY, "invoice": "neutral"}, CRITICAL), 7.67),
        # neither: the ratings carry every point -> 1/3
        ({"critical": [], "min_notes": 0}, answer(WRONG_TWO, ["invoice"], {"invoice": GOOD_NOTE}), 3.33),
        ({"critical": [], "min_notes": 0}, answer(KEY), 10.0),
    ],
)
def test_the_weight_of_an_unused_part_goes_to_the_ratings(options, given, points):
    assert mark(given, **options).points == points


def test_odd_points_are_rounded():
    assert mark(answer(WRONG_TWO), points=3).points == 0.5  # 3 * 0.5 * 1/3
    assert mark(answer({"invoice": "negative"}), points=1, critical=(), min_notes=0).points == 0.2


# -- messages ----------------------------------------------------------------------------------
def test_graded_messages_name_touchpoints_but_never_the_right_rating():
    given = answer(
        {"order_call": "neutral", "delivery_window": "negative", "goods_in": "negative", "invoice": "negative"},
        ["delivery_window", "follow_up"],
        {"invoice": NOTES["invoice"], "goods_in": "Print labels."},
    )
    result = mark(given, labels=LABELS)
    assert result.messages == (
        "2 of 5 ratings right.",
        "Look again at the rating of: Order call, Goods-in check.",
        "Each wrong rating takes back 2/3 of a right one, so that one rating for every touchpoint earns nothing "
        "(one rating fits 2 of the 5).",
        "Not rated: Follow-up call.",
        "1 of 2 critical moments found; 1 marked that is not one.",
        "Look again at whether these are critical moments: Invoice, Follow-up call.",
        "Notes on 1 touchpoint; 2 asked for.",
        "Too short to count (under 15 characters): Goods-in check.",
        "Weights: ratings 50%, critical moments 30%, notes 20%.",
    )
    assert result.points == 1.67  # 10 * (0.5 * (2 - 2 * 2/3)/5 + 0.3 * max(0, 1 - 1)/2 + 0.2 * 1/2)
    text = str(result)
    assert text.splitlines()[0] == "Score: 1.67 / 10"
    for secret in ("positive", "neutral", "is a moment", "is not a moment", "is negative"):
        assert secret not in text


def test_reveal_names_the_right_rating_and_flag():
    given = answer({**KEY, "order_call": "neutral"}, ["delivery_window", "follow_up"])
    result = mark(given, labels=LABELS, reveal=True)
    assert "Order call is positive." in result.messages
    assert "Invoice is a critical moment." in result.messages
    assert "Follow-up call is not a critical moment." in result.messages
    assert "1 of 2 critical moments found; 1 marked that is not one." in result.messages


def test_the_example_messages():
    given = answer(WRONG_TWO, ["delivery_window", "goods_in", "order_call"], {"invoice": GOOD_NOTE})
    result = mark(given)
    assert "3 of 5 ratings right." in result.messages
    assert "1 of 2 critical moments found; 2 marked that are not." in result.messages
    assert "Notes on 1 touchpoint; 2 asked for." in result.messages


def test_perfect_answer_messages():
    result = mark(answer(KEY, CRITICAL, {"invoice": NOTES["invoice"], "delivery_window": NOTES["delivery_window"]}))
    assert result.passed
    assert result.messages == (
        "5 of 5 ratings right.",
        "2 of 2 critical moments found.",
        "Notes on 2 touchpoints; 2 asked for.",
        "Weights: ratings 50%, critical moments 30%, notes 20%.",
    )


def test_without_moments_of_truth_or_notes_only_ratings_are_spoken_of():
    result = check_journey(answer({"invoice": "neutral"}, ["invoice"]), KEY, points=5)
    assert result.messages == (
        "0 of 5 ratings right.",
        "Look again at the rating of: invoice.",
        "Each wrong rating takes back 2/3 of a right one, so that one rating for every touchpoint earns nothing "
        "(one rating fits 2 of the 5): these ratings earn nothing.",
        "Not rated: order_call, delivery_window, goods_in, follow_up.",
        "Weights: ratings 100%.",
    )


def test_unknown_touchpoints_are_ignored_with_a_message():
    given = answer({**KEY, "ghost": "positive"}, [*CRITICAL, "phantom"], {"ghost": GOOD_NOTE, "invoice": GOOD_NOTE})
    result = mark(given)
    assert result.points == 9.0  # 5 + 3 + 0.2 * 10 * 1/2
    assert "2 touchpoint(s) named are not in this exercise; ignored." in result.messages


def test_unknown_ratings_are_just_wrong():
    assert mark(answer({**KEY, "invoice": "awful"}), min_notes=0, critical=()).points == 6.67  # (4 - 2/3) / 5


def test_critical_and_notes_may_be_left_out_of_the_answer():
    assert mark({"ratings": KEY}).points == 5.0
    assert mark({"ratings": KEY, "critical": None, "notes": None}).points == 5.0
    assert mark({"ratings": KEY, "critical": tuple(CRITICAL)}).points == 8.0


def test_award_prints_and_returns_points(capsys):
    value = check_journey(answer(KEY, CRITICAL), KEY, points=5, critical=CRITICAL).award()
    assert value == 5.0 and type(value) is float
    assert capsys.readouterr().out == (
        "Score: 5 / 5\n"
        "- 5 of 5 ratings right.\n"
        "- 2 of 2 critical moments found.\n"
        "- Weights: ratings 70%, critical moments 30%.\n"
    )


# -- odd and lying answers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, "No answer yet: rate the touchpoints of the journey."),
        ("invoice: negative", "found str"),
        (42, "found int"),
        (["invoice"], "found list"),
        (AlwaysEqual(), "found AlwaysEqual"),
        ({"critical": CRITICAL}, "found a mapping without 'ratings'"),
        ({"ratings": ["negative"] * 5}, "expected 'ratings' to map touchpoint ids to ratings, found list"),
        ({"ratings": None}, "expected 'ratings' to map touchpoint ids to ratings, found NoneType"),
        ({"ratings": KEY, "critical": "invoice"}, "expected 'critical' to be a list of touchpoint ids, found str"),
        ({"ratings": KEY, "critical": {"invoice"}}, "expected 'critical' to be a list of touchpoint ids, found set"),
        ({"ratings": KEY, "critical": [1, 2]}, "expected the touchpoint ids in 'critical' to be text, found int"),
        ({"ratings": KEY, "critical": [AlwaysEqual()]}, "ids in 'critical' to be text, found AlwaysEqual"),
        ({"ratings": KEY, "notes": ["a note"]}, "expected 'notes' to map touchpoint ids to text, found list"),
    ],
)
def test_odd_input_scores_zero_with_a_message(given, message):
    result = mark(given)
    assert result.points == 0.0
    assert any(message in m for m in result.messages), result.messages
    assert len(result.messages) == 1
    assert result.messages[0].startswith(("No answer yet", "Your answer could not be marked: expected"))


def test_the_expected_shape_is_named():
    result = mark("abc")
    assert result.messages == (
        "Your answer could not be marked: expected the journey map's answer {'ratings': {touchpoint id: rating}, "
        "'critical': [touchpoint ids], 'notes': {touchpoint id: text}}, found str.",
    )


def test_lying_objects_gain_nothing():
    # a str subclass counts for the text it holds, however it compares or prints
    assert mark(answer({tp: LyingRating("nonsense") for tp in KEY}), min_notes=0, critical=()).points == 0.0
    assert mark(answer({"invoice": LyingRating("negative")}), min_notes=0, critical=()).points == 2.0
    assert mark(answer(KEY, [LyingRating("goods_in")] * 2)).points == 5.0
    # dicts and lists are read through the built-in types, not their overrides
    LyingRatings = lying_dict(KEY)
    assert mark(answer(LyingRatings(invoice="negative")), min_notes=0, critical=()).points == 2.0
    LyingAnswer = lying_dict(answer(KEY, CRITICAL, {"invoice": GOOD_NOTE, "goods_in": GOOD_NOTE}))
    assert mark(LyingAnswer(ratings={}, critical=[], notes={})).points == 0.0
    assert mark({"ratings": {}, "critical": LyingList(["goods_in"])}).points == 0.0
    assert mark({"ratings": {}, "critical": LyingList()}).points == 0.0

    class LongNote(str):
        def __len__(self):
            return 100

        def strip(self, chars=None):
            return "x" * 100

    assert mark(answer(notes={"invoice": LongNote("short"), "goods_in": LongNote("tiny")})).points == 0.0
    # numbers and objects are not text: dropped from ratings and notes, refused in critical
    assert mark(answer({"invoice": LyingFloat(1.0)}, notes={"invoice": AlwaysEqual()})).points == 0.0


def test_a_mapping_that_is_not_a_dict_is_read_through_its_items():
    given = ReadOnlyAnswer({"ratings": ReadOnlyAnswer(dict(KEY)), "critical": CRITICAL, "notes": ReadOnlyAnswer({})})
    assert mark(given).points == 8.0


def test_the_answer_is_not_changed():
    given = answer({"invoice": "neutral", "ghost": "x"}, ["invoice", "invoice"], {"invoice": "  note  "})
    before = repr(given)
    mark(given)
    assert repr(given) == before


# -- the key -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("ratings", "options", "message"),
    [
        ({}, {}, "ratings must give the right rating of at least one touchpoint"),
        ({**KEY, "invoice": "awful"}, {}, "ratings must be one of positive, neutral, negative; not for: invoice"),
        ({**KEY, "invoice": 3}, {}, "ratings must map touchpoint ids"),
        (KEY, {"critical": ["ghost"]}, "critical must name touchpoints of ratings, each once"),
        (KEY, {"critical": ["invoice", "invoice"]}, "critical must name touchpoints of ratings, each once"),
        (KEY, {"min_notes": 6}, "min_notes must be a whole number from 0 to the number of touchpoints"),
        (KEY, {"min_notes": -1}, "min_notes must be a whole number"),
        (KEY, {"min_notes": True}, "min_notes must be a whole number"),
        (KEY, {"min_notes": 1.5}, "min_notes must be a whole number"),
    ],
)
def test_a_broken_key_is_the_author_s_error(ratings, options, message):
    with pytest.raises(ValueError, match=message):
        check_journey(answer(KEY), ratings, points=5, **options)


def test_result_type():
    result = check_journey(answer(KEY), KEY, points=5)
    assert isinstance(result, CheckResult) and result.max_score == 5


# -- any answer --------------------------------------------------------------------------------
@given(
    st.dictionaries(st.sampled_from([*KEY, "ghost"]), st.sampled_from(["positive", "neutral", "negative", "x"])),
    st.lists(st.sampled_from([*KEY, "ghost"])),
    st.dictionaries(st.sampled_from([*KEY, "ghost"]), st.text(max_size=40)),
    st.integers(min_value=0, max_value=5),
)
def test_any_answer_scores_between_zero_and_the_points(ratings, critical, notes, min_notes):
    result = check_journey(answer(ratings, critical, notes), KEY, points=4, critical=CRITICAL, min_notes=min_notes)
    assert 0.0 <= result.points <= 4.0
    assert result.messages[-1].startswith("Weights: ratings ")
    perfect = answer(KEY, CRITICAL, NOTES)
    assert check_journey(perfect, KEY, points=4, critical=CRITICAL, min_notes=min_notes).passed


# -- what guessing earns -----------------------------------------------------------------------
@pytest.mark.parametrize("rating", ["positive", "neutral", "negative"])
def test_one_rating_for_every_touchpoint_earns_nothing(rating):
    assert mark(answer(dict.fromkeys(KEY, rating))).points == 0.0
    assert mark(answer(dict.fromkeys(KEY, rating)), critical=(), min_notes=0).points == 0.0


def test_random_ratings_earn_about_nothing():
    """Every one of the 3^5 = 243 ways to rate the 5 touchpoints, equally likely: 8.6 % of the ratings.

    With R right and 5 - R wrong the share is (R - 2/3 (5 - R)) / 5 = (R - 2) / 3 from R = 2 up. R is
    binomial (5, 1/3): 40, 10 and 1 of the 243 have 3, 4 and 5 right, so the mean is (40/3 + 20/3 + 1) / 243
    = 21/243.  Per touchpoint alone a random rating was right a third of the time (33 % of the ratings' part).
    """
    ratings = [dict(zip(KEY, r, strict=True)) for r in itertools.product(RATINGS, repeat=len(KEY))]
    shares = [check_journey(answer(r), KEY, points=1).score for r in ratings]
    assert sum(shares) / len(shares) == pytest.approx(21 / 243)


def test_marking_every_touchpoint_or_none_earns_nothing_for_the_moments():
    assert mark(answer(critical=list(KEY))).points == 0.0
    assert mark(answer(critical=list(KEY)), critical=list(KEY)[:4], min_notes=0).points == 0.0  # 4 of 5 moments
    # where critical moments are most of the journey a wrong mark takes back more than one found
    result = mark(answer(critical=[*list(KEY)[:4], "follow_up"]), critical=list(KEY)[:4], min_notes=0)
    assert (
        "Each touchpoint wrongly marked takes back 4 right ones, so that marking every touchpoint earns nothing."
        in (result.messages)
    )
