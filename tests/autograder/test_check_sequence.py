"""check_sequence: hand-computed scores, readable messages, and no credit for odd or lying answers."""

import itertools
from fractions import Fraction
from statistics import mean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logiserve.autograder import CheckResult, check_sequence
from logiserve.autograder.checks import longest_run_in_order
from logiserve.content.sequencer import chance_run

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

# The run in order a random order keeps by luck, counted by hand over every order of k steps:
# 2 steps: runs 2, 1; 3 steps: 3, 2, 2, 2, 2, 1 (mean 2); 4 steps: 58/24; 5 steps: 335/120.
LUCK = {1: Fraction(1), 2: Fraction(3, 2), 3: Fraction(2), 4: Fraction(58, 24), 5: Fraction(335, 120)}


def beyond_luck(run, placed, n=5):
    """The order credit by hand: the run beyond the luck of a random order of the steps placed."""
    return max(0.0, float((run - LUCK[placed]) / (n - LUCK[placed])))


SWAP = beyond_luck(4, 5)  # one neighbour pair of 5 swapped: (4 - 2.79) / (5 - 2.79) = 29/53


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
        (SWAPPED, round(5 * SWAP, 2)),  # one adjacent pair swapped: a run of 4 of 5, 2.79 of it luck
        (list(reversed(ORDER)), 0.0),  # reversed: a run of 1, below luck
        (ORDER[1:] + ORDER[:1], round(5 * SWAP, 2)),  # first step moved to the end: the other four are in order
        (["enquiry", "returns", "order_receipt", "picking", "delivery"], round(5 * SWAP, 2)),
        (["delivery", "picking", "enquiry", "returns", "order_receipt"], 0.0),  # a run of 2: less than luck
        (ORDER[:2], round(5 * beyond_luck(2, 2), 2)),  # two placed, in order: (2 - 1.5) / (5 - 1.5)
        (["returns", "enquiry"], 0.0),
        ([], 0.0),
    ],
)
def test_order_credit_without_stages(order, points):
    assert check_sequence(answer(order), ORDER, points=5).points == points
    assert points in (0.0, 0.71, 2.74, 5.0)  # the hand-worked values: 5/7, 5 * 29/53


@pytest.mark.parametrize(
    ("given", "points"),
    [
        (answer(ORDER, STAGES), 10.0),  # perfect
        (answer(SWAPPED, STAGES), round(5 * SWAP + 5, 2)),  # order 29/53 of its 5 points; stages 5 of 5
        (answer(ORDER), 5.0),  # right order, no stages: half
        (answer(list(reversed(ORDER)), STAGES), 5.0),  # order below luck (0) + stages 5 of 5 (5 points)
        # every step in "transaction": 3 right, 2 wrong, and each wrong one takes back 3/2 of a right one
        (answer(ORDER, {**STAGES, "enquiry": "transaction", "returns": "transaction"}), 5.0),
        # 3 placed in order, (3 - 2) / (5 - 2) of the order; 2 stages right of 5, none wrong
        (answer(ORDER[:3], {"enquiry": "pre_transaction", "picking": "transaction"}), round(5 / 3 + 2, 2)),
        (answer([], {}), 0.0),
    ],
)
def test_order_and_stages_count_half_each(given, points):
    assert check_sequence(given, ORDER, stages=STAGES, points=10).points == points


def test_odd_points_are_rounded():
    assert check_sequence(answer(SWAPPED), ORDER, points=3).points == 1.64  # 3 * 29/53 = 1.6415
    # order (2 - 1.5) / (5 - 1.5) = 1/7, stages 1 of 5: 2 * (1/7 + 1/5) / 2 = 0.3429
    assert check_sequence(answer(ORDER[:2], {"enquiry": "pre_transaction"}), ORDER, points=2, stages=STAGES).points == (
        0.34
    )


def test_a_list_of_step_ids_is_accepted_as_the_order():
    assert check_sequence(SWAPPED, ORDER, points=5).points == 2.74
    assert check_sequence(tuple(ORDER), ORDER, points=5).points == 5.0
    assert check_sequence(ORDER, ORDER, points=4, stages=STAGES).points == 2.0


# -- messages ----------------------------------------------------------------------------------
def test_graded_messages_name_steps_but_never_places_or_stages():
    given = answer(SWAPPED[:4], {**STAGES, "returns": "transaction", "delivery": "post_transaction"})
    del given["stages"]["order_receipt"]
    result = check_sequence(given, ORDER, points=10, stages=STAGES, labels=LABELS, stage_labels=STAGE_LABELS)
    assert result.messages == (
        "3 of 5 steps in the right order (longest run in order).",
        "A random order of the 4 steps you placed keeps about 2.4 in order by luck, so the order earns credit "
        "only for a run longer than that.",
        "Look again at the place of: Picking.",
        "2 of 5 stages right.",
        "Look again at the stage of: Delivery.",
        "Each wrong stage takes back 1.5 right ones, so that one stage for every step earns nothing "
        "(one stage fits 3 of the 5 steps).",
        "No stage chosen for: Order receipt.",
        "Stages of steps that are not placed do not count.",
        "Not placed: Returns.",
    )
    # order (3 - 29/12) / (5 - 29/12) = 7/31; stages (2 right - 1.5 * 1 wrong) / 5 = 0.1
    assert result.points == round(10 * (7 / 31 + 0.1) / 2, 2) == 1.63
    text = str(result)
    assert text.splitlines()[0] == "Score: 1.63 / 10"
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
        "A random order of the 2 steps you placed keeps about 1.5 in order by luck, so the order earns credit "
        "only for a run longer than that: it earns nothing here.",
        "Look again at the place of: returns.",
        "Not placed: order_receipt, picking, delivery.",
    )


def test_unknown_steps_are_ignored_and_repeats_count_once():
    result = check_sequence(answer(["enquiry", "ghost", "enquiry", "phantom", "ghost", *ORDER[1:]]), ORDER, points=5)
    assert result.points == 5.0
    assert "2 step(s) named are not in this exercise; ignored." in result.messages
    assert "Some steps are placed more than once; only the first place counts." in result.messages
    # a repeat cannot earn a second place: the first place is the one marked (at its second, all 5 are in order)
    repeat = ["enquiry", "picking", "order_receipt", "picking", "delivery", "returns"]
    assert check_sequence(answer(repeat), ORDER, points=5).points == 2.74  # a run of 4 of 5


def test_unknown_stages_are_just_wrong():
    stages = {**STAGES, "enquiry": "someday"}
    # order in full (5) + stages (4 right - 1.5 * 1 wrong) / 5 of 5
    assert check_sequence(answer(ORDER, stages), ORDER, points=10, stages=STAGES).points == 7.5


def test_award_prints_and_returns_points(capsys):
    value = check_sequence(answer(SWAPPED), ORDER, points=5, labels=LABELS).award()
    assert value == 2.74 and type(value) is float
    assert capsys.readouterr().out == (
        "Score: 2.74 / 5\n"
        "- 4 of 5 steps in the right order (longest run in order).\n"
        "- A random order of the 5 steps you placed keeps about 2.8 in order by luck, so the order earns credit "
        "only for a run longer than that.\n"
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
    # what is marked is what the objects hold (two steps in order: 1/7 of the order), never what they claim
    two = ["enquiry", "order_receipt"]
    assert check_sequence(LyingDict(order=two, stages={}), ORDER, points=10, stages=STAGES).points == 0.71
    lying_stages = LyingStages(enquiry="transaction")
    assert check_sequence({"order": ORDER, "stages": lying_stages}, ORDER, points=10, stages=STAGES).points == 5.0
    assert check_sequence({"order": LyingList(two), "stages": {}}, ORDER, points=5).points == 0.71
    assert check_sequence(LyingList(two), ORDER, points=5).points == 0.71
    # a str subclass counts for the text it holds, however it compares
    assert check_sequence(answer([LyingStr("enquiry"), LyingStr("order_receipt")]), ORDER, points=5).points == 0.71


def test_a_mapping_that_is_not_a_dict_is_read_through_its_items():
    given = ReadOnlyAnswer({"order": SWAPPED, "stages": ReadOnlyAnswer(dict(STAGES))})
    assert check_sequence(given, ORDER, points=10, stages=STAGES).points == 7.74


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
        (ORDER, {**STAGES, "enquiry": []}, "stages must give the stage of every step"),
        ([["enquiry"], *ORDER[1:]], None, "a group in order must hold at least two steps"),
        ([["enquiry", "picking"], *ORDER[1:]], None, "order must name each step once"),
        ("enquiry", None, "order must list the step ids"),
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


# -- what guessing earns -----------------------------------------------------------------------
def _every_order(steps):
    return [list(order) for order in itertools.permutations(steps)]


@pytest.mark.parametrize(
    "order",
    [
        ORDER,
        [["enquiry", "order_receipt", "picking"], "delivery", "returns"],
        [["enquiry", "order_receipt"], *ORDER[2:]],
    ],
)
def test_the_luck_of_a_random_order_is_worked_out_exactly(order):
    steps = [step for entry in order for step in ([entry] if isinstance(entry, str) else entry)]
    by_hand = mean(len(longest_run_in_order(o, order)) for o in _every_order(steps))
    assert chance_run(steps, order) == Fraction(by_hand).limit_denominator(1000)
    placed = steps[:3]
    assert chance_run(placed, order) == Fraction(
        mean(len(longest_run_in_order(o, order)) for o in _every_order(placed))
    ).limit_denominator(1000)


def test_a_random_order_earns_about_nothing():
    """Over all 120 orders of 5 steps the order credit averages 13 % (the docstring's figure), and reversed earns 0.

    Without the correction for luck it averaged 56 % (the mean run, 2.79, of 5).
    """
    credits = [check_sequence(answer(o), ORDER, points=1).score for o in _every_order(ORDER)]
    assert 0.125 < mean(credits) < 0.135
    assert credits.count(1.0) == 1  # only the right order earns it all
    assert check_sequence(answer(list(reversed(ORDER))), ORDER, points=1).score == 0.0


@pytest.mark.parametrize("stage", ["pre_transaction", "transaction", "post_transaction", "someday"])
def test_one_stage_for_every_step_earns_no_stage_credit(stage):
    result = check_sequence(answer(ORDER, dict.fromkeys(ORDER, stage)), ORDER, points=10, stages=STAGES)
    assert result.points == 5.0  # the order's half, nothing for the stages
    assert any(m.endswith(": the stages earn nothing here.") for m in result.messages) or stage == "someday"


def test_random_stages_earn_about_nothing():
    """Every assignment of 3 stages to 5 steps (243 of them), in the right order: the stage half averages under 10 %."""
    stage_ids = sorted(set(STAGES.values()))
    shares = [
        check_sequence(answer(ORDER, dict(zip(ORDER, stages, strict=True))), ORDER, points=2, stages=STAGES).score - 1
        for stages in itertools.product(stage_ids, repeat=len(ORDER))
    ]
    assert 0 < mean(shares) < 0.10


# -- groups of steps in any order, and steps with more than one right stage ----------------------
GROUPED = [["enquiry", "order_receipt"], "picking", "delivery", "returns"]


def test_steps_of_a_group_may_come_in_either_order():
    assert check_sequence(answer(SWAPPED), [ORDER[0], ["order_receipt", "picking"], *ORDER[3:]], points=5).passed
    assert check_sequence(answer(["order_receipt", "enquiry", *ORDER[2:]]), GROUPED, points=5).passed
    # outside the group the order still counts: picking before the group is out of place
    result = check_sequence(answer(["picking", "order_receipt", "enquiry", "delivery", "returns"]), GROUPED, points=5)
    assert result.messages[0] == "4 of 5 steps in the right order (longest run in order)."
    # with the group, luck is a longer run (3 rather than 2.79: see the exact luck above), so the same run earns less
    assert chance_run(ORDER, GROUPED) == 3
    assert result.points == 5 * (4 - 3) / (5 - 3) == 2.5
    revealed = check_sequence(answer(["picking", "enquiry"]), GROUPED, points=5, labels=LABELS, reveal=True)
    assert "Picking is step 3 of 5." in revealed.messages


def test_reveal_names_where_a_step_of_a_group_belongs():
    given = answer(["picking", "delivery", "order_receipt"])
    result = check_sequence(given, GROUPED, points=5, labels=LABELS, reveal=True)
    assert "Order receipt is one of steps 1 to 2 of 5." in result.messages
    graded = str(check_sequence(given, GROUPED, points=5, labels=LABELS))
    assert "Look again at the place of: Order receipt." in graded and "steps 1 to 2" not in graded


def test_a_step_may_accept_more_than_one_stage():
    either = {**STAGES, "returns": ["transaction", "post_transaction"]}
    for stage in ("transaction", "post_transaction"):
        assert check_sequence(answer(ORDER, {**STAGES, "returns": stage}), ORDER, points=10, stages=either).passed
    wrong = check_sequence(
        answer(ORDER, {**STAGES, "returns": "pre_transaction"}),
        ORDER,
        points=10,
        stages=either,
        stage_labels=STAGE_LABELS,
        reveal=True,
    )
    assert "returns belongs in Transaction or After." in wrong.messages
    # one stage fits 4 of the 5 steps now, so a wrong stage takes back 4 right ones: (4 - 4) / 5
    assert wrong.points == 5.0
