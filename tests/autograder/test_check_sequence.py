"""check_sequence: hand-computed scores, readable messages, and no credit for odd or lying answers."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logiserve.autograder import CheckResult, check_sequence
from logiserve.autograder.checks import longest_run_in_order

from ._hostile import AlwaysEqual, ReadOnlyAnswer, lying_dict, lying_str

ORDER = ["enquiry", "order_receipt", "picking", "delivery", "returns"]
STAGES = {
    "enquiry": "pre_transaction",
    "order_receipt": "transaction",
    "picking": "transaction",
    "delivery": "transaction",
    "returns": "post_transaction",
}
LABELS = {
    "enquiry": "Enquiry handling",
    "order_receipt": "Order receipt",
    "picking": "Picking",
    "delivery": "Delivery",
    "returns": "Returns",
}
STAGE_LABELS = {"pre_transaction": "Pre-transaction", "transaction": "Transaction", "post_transaction": "After"}
SWAPPED = ["enquiry", "picking", "order_receipt", "delivery", "returns"]


def answer(order, stages=None):
    return {"order": list(order), "stages": dict(stages or {})}


LyingStr = lying_str("enquiry")
LyingDict = lying_dict({"order": ORDER, "stages": STAGES})
LyingStages = lying_dict(STAGES)


class LyingList(list):
    def __iter__(self):
        return iter(ORDER)

    def __len__(self):
        return len(ORDER)


# -- scores ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("order", "points"),
    [
        (ORDER, 5.0),  # perfect
        (SWAPPED, 4.0),  # one adjacent pair swapped: a run of 4 of 5
        (list(reversed(ORDER)), 1.0),  # reversed: a run of 1
        (ORDER[1:] + ORDER[:1], 4.0),  # first step moved to the end: the other four are in order
        (["enquiry", "returns", "order_receipt", "picking", "delivery"], 4.0),
        (["delivery", "picking", "enquiry", "returns", "order_receipt"], 2.0),
        (ORDER[:2], 2.0),  # two placed, in order; three not placed
        (["returns", "enquiry"], 1.0),
        ([], 0.0),
    ],
)
def test_order_credit_without_stages(order, points):
    assert check_sequence(answer(order), ORDER, points=5).points == points


@pytest.mark.parametrize(
    ("given", "points"),
    [
        (answer(ORDER, STAGES), 10.0),  # perfect
        (answer(SWAPPED, STAGES), 9.0),  # order 4/5 -> 4 of the 5 order points; stages 5 of 5
        (answer(ORDER), 5.0),  # right order, no stages: half
        (answer(list(reversed(ORDER)), STAGES), 6.0),  # order 1/5 (1 point) + stages 5 of 5 (5 points)
        (answer(ORDER, {**STAGES, "enquiry": "transaction", "returns": "transaction"}), 8.0),
        (answer(ORDER[:3], {"enquiry": "pre_transaction", "picking": "transaction"}), 5.0),  # 3/5 order + 2/5 stages
        (answer([], {}), 0.0),
    ],
)
def test_order_and_stages_count_half_each(given, points):
    assert check_sequence(given, ORDER, stages=STAGES, points=10).points == points


def test_odd_points_are_rounded():
    assert check_sequence(answer(SWAPPED), ORDER, points=3).points == 2.4
    assert check_sequence(answer(ORDER[:1]), ORDER, points=2, stages=STAGES).points == 0.2


def test_a_list_of_step_ids_is_accepted_as_the_order():
    assert check_sequence(SWAPPED, ORDER, points=5).points == 4.0
    assert check_sequence(tuple(ORDER), ORDER, points=5).points == 5.0
    assert check_sequence(ORDER, ORDER, points=4, stages=STAGES).points == 2.0


# -- messages ----------------------------------------------------------------------------------
def test_graded_messages_name_steps_but_never_places_or_stages():
    given = answer(SWAPPED[:4], {**STAGES, "returns": "transaction", "delivery": "post_transaction"})
    del given["stages"]["order_receipt"]
    result = check_sequence(given, ORDER, points=10, stages=STAGES, labels=LABELS, stage_labels=STAGE_LABELS)
    assert result.messages == (
        "3 of 5 steps in the right order (longest run in order).",
        "Look again at the place of: Picking.",
        "2 of 5 stages right.",
        "Look again at the stage of: Delivery.",
        "No stage chosen for: Order receipt.",
        "Stages of steps that are not placed do not count.",
        "Not placed: Returns.",
    )
    assert result.points == 5.0  # 10 * (3/5 + 2/5) / 2
    text = str(result)
    assert text.splitlines()[0] == "Score: 5 / 10"
    for secret in ("step 3", "Transaction", "Pre-transaction", "After", "belongs"):
        assert secret not in text


def test_reveal_names_the_right_place_and_stage():
    given = answer(SWAPPED, {**STAGES, "returns": "transaction"})
    result = check_sequence(
        given, ORDER, points=10, stages=STAGES, labels=LABELS, stage_labels=STAGE_LABELS, reveal=True
    )
    assert "Picking is step 3 of 5." in result.messages
    assert "Returns belongs in After." in result.messages
    assert "4 of 5 stages right." in result.messages


def test_perfect_answer_messages():
    result = check_sequence(answer(ORDER, STAGES), ORDER, points=10, stages=STAGES)
    assert result.passed
    assert result.messages == ("5 of 5 steps in the right order (longest run in order).", "5 of 5 stages right.")


def test_without_labels_the_ids_are_named():
    result = check_sequence(answer(["returns", "enquiry"]), ORDER, points=5)
    assert result.messages == (
        "1 of 5 steps in the right order (longest run in order).",
        "Look again at the place of: returns.",
        "Not placed: order_receipt, picking, delivery.",
    )


def test_unknown_steps_are_ignored_and_repeats_count_once():
    result = check_sequence(answer(["enquiry", "ghost", "enquiry", "phantom", "ghost", *ORDER[1:]]), ORDER, points=5)
    assert result.points == 5.0
    assert "2 step(s) named are not in this exercise; ignored." in result.messages
    assert "Some steps are placed more than once; only the first place counts." in result.messages
    # a repeat cannot earn a second place: the first place is the one marked
    assert check_sequence(answer(["picking", "enquiry", "order_receipt", "picking"]), ORDER, points=5).points == 2.0


def test_unknown_stages_are_just_wrong():
    stages = {**STAGES, "enquiry": "someday"}
    assert check_sequence(answer(ORDER, stages), ORDER, points=10, stages=STAGES).points == 9.0


def test_award_prints_and_returns_points(capsys):
    value = check_sequence(answer(SWAPPED), ORDER, points=5, labels=LABELS).award()
    assert value == 4.0 and type(value) is float
    assert capsys.readouterr().out == (
        "Score: 4 / 5\n"
        "- 4 of 5 steps in the right order (longest run in order).\n"
        "- Look again at the place of: Picking.\n"
    )


# -- odd and lying answers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, "No answer yet: put the steps in order."),
        ("enquiry, picking", "found str"),
        (42, "found int"),
        (AlwaysEqual(), "found AlwaysEqual"),
        ({"stages": STAGES}, "found a mapping without 'order'"),
        ({"order": "enquiry"}, "expected 'order' to be a list of step ids, found str"),
        ({"order": {"enquiry": 1}}, "expected 'order' to be a list of step ids, found dict"),
        ({"order": [1, 2, 3]}, "expected the step ids in 'order' to be text, found int"),
        ({"order": [AlwaysEqual()] * 5}, "expected the step ids in 'order' to be text, found AlwaysEqual"),
        ({"order": ORDER, "stages": ["transaction"]}, "expected 'stages' to map step ids to stage ids, found list"),
        ([None, "enquiry"], "found NoneType"),
    ],
)
def test_odd_input_scores_zero_with_a_message(given, message):
    result = check_sequence(given, ORDER, points=10, stages=STAGES)
    assert result.points == 0.0
    assert any(message in m for m in result.messages), result.messages
    assert result.messages[0].startswith(("No answer yet", "Your answer could not be marked: expected"))


def test_the_expected_shape_is_named():
    result = check_sequence("abc", ORDER, points=5)
    assert result.messages == (
        "Your answer could not be marked: expected the sequencer's answer "
        "{'order': [step ids], 'stages': {step id: stage id}} or a list of step ids, found str.",
    )


def test_lying_objects_gain_nothing():
    assert check_sequence(answer([LyingStr("nonsense")] * 5), ORDER, points=5).points == 0.0
    assert check_sequence(
        answer(ORDER, {k: LyingStr("x") for k in STAGES}), ORDER, points=10, stages=STAGES
    ).points == (5.0)
    assert check_sequence(LyingDict(order=["returns"], stages={}), ORDER, points=10, stages=STAGES).points == 1.0
    lying_stages = LyingStages(enquiry="transaction")
    assert check_sequence({"order": ORDER, "stages": lying_stages}, ORDER, points=10, stages=STAGES).points == 5.0
    assert check_sequence({"order": LyingList(["returns"]), "stages": {}}, ORDER, points=5).points == 1.0
    assert check_sequence(LyingList(["returns"]), ORDER, points=5).points == 1.0
    # a str subclass counts for the text it holds, however it compares
    assert check_sequence(answer([LyingStr("enquiry")]), ORDER, points=5).points == 1.0


def test_a_mapping_that_is_not_a_dict_is_read_through_its_items():
    given = ReadOnlyAnswer({"order": SWAPPED, "stages": ReadOnlyAnswer(dict(STAGES))})
    assert check_sequence(given, ORDER, points=10, stages=STAGES).points == 9.0


def test_the_answer_is_not_changed():
    given = answer(["picking", "ghost", "picking"], {"picking": "transaction"})
    before = repr(given)
    check_sequence(given, ORDER, points=10, stages=STAGES)
    assert repr(given) == before


# -- the key -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("order", "stages", "message"),
    [
        ([], None, "order must hold at least one step"),
        (["a", "b", "a"], None, "order must name each step once"),
        (ORDER, {"enquiry": "pre_transaction"}, "stages must give the stage of every step"),
        (ORDER, {**STAGES, "ghost": "transaction"}, "stages must give the stage of every step"),
    ],
)
def test_a_broken_key_is_the_author_s_error(order, stages, message):
    with pytest.raises(ValueError, match=message):
        check_sequence(answer(ORDER), order, points=5, stages=stages)


def test_result_type():
    result = check_sequence(answer(ORDER), ORDER, points=5)
    assert isinstance(result, CheckResult) and result.max_score == 5


# -- the longest run in order ------------------------------------------------------------------
def test_longest_run_examples():
    assert longest_run_in_order(SWAPPED, ORDER) == ["enquiry", "order_receipt", "delivery", "returns"]
    assert longest_run_in_order(list(reversed(ORDER)), ORDER) == ["enquiry"]
    assert longest_run_in_order(["ghost", "picking", "picking", "enquiry", "delivery"], ORDER) == [
        "enquiry",
        "delivery",
    ]
    assert longest_run_in_order([], ORDER) == []


def _brute_force(sequence, order):
    rank = [order.index(step) for step in dict.fromkeys(s for s in sequence if s in order)]
    for size in range(len(rank), 0, -1):
        if any(list(c) == sorted(c) for c in itertools.combinations(rank, size)):
            return size
    return 0


@given(st.permutations([*ORDER, "x", "y", "z"]), st.integers(min_value=0, max_value=8))
def test_longest_run_is_longest_and_in_order(shuffled, cut):
    sequence = shuffled[:cut]
    run = longest_run_in_order(sequence, ORDER)
    assert len(run) == _brute_force(sequence, ORDER)
    assert [ORDER.index(step) for step in run] == sorted(ORDER.index(step) for step in run)
    remaining = iter(sequence)
    assert all(step in remaining for step in run), "the run keeps the learner's sequence"
