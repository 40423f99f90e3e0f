"""check_scenario: hand-computed scores on several paths, readable messages, no credit for odd or lying answers."""

import copy
from fractions import Fraction

import pytest

from logiserve.autograder import CheckResult, check_scenario
from logiserve.autograder.checks import walk_scenario

from ..widgets.test_scenario import SCENARIO_CONTENT, SCORES, graded_copy
from ._hostile import AlwaysEqual, ReadOnlyAnswer, lying_dict, lying_str

# The scenario's best path is listen → log_it → timeline: 2 + 2 + 2 = 6.
GRADED = graded_copy()


def random_walk_total(step="opening", chance=Fraction(1)):
    """What responses chosen at random score, worked out here from the content: every path with its chance."""
    steps = {s["id"]: s for s in SCENARIO_CONTENT["steps"]}
    options = steps[step].get("options", [])
    return sum(
        (chance / len(options) * SCORES[step][o["id"]] + random_walk_total(o["next"], chance / len(options)))
        for o in options
    )


# Responses at random score 17/12 on average (1.42); a path earns what it scores above that, as a share of what
# the best path scores above it: points * max(0, total - 17/12) / (6 - 17/12).
CHANCE = Fraction(17, 12)


def share(total, points=6):
    return round(points * max(0, float((total - CHANCE) / (6 - CHANCE))), 2)


def test_the_chance_of_random_responses():
    assert random_walk_total() == CHANCE


def answer(*options):
    """The path that chooses these options in turn, from the start."""
    steps = {s["id"]: s for s in SCENARIO_CONTENT["steps"]}
    at, entries = SCENARIO_CONTENT["start"], []
    for option in options:
        entries.append({"step": at, "option": option})
        at = next(o["next"] for o in steps[at]["options"] if o["id"] == option)
    return {"path": entries}


def mark(given, points=6, **kwargs):
    return check_scenario(given, GRADED, SCORES, points=points, **kwargs)


# -- scores ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "total", "points"),
    [
        (("listen", "log_it", "timeline"), 6, 6.0),  # the best path: every point
        (("policy", "empathise", "log_it", "timeline"), 4, 3.38),  # -1 + 1 + 2 + 2: 6 * (4 - 17/12) / (6 - 17/12)
        (("listen", "log_it", "dunno"), 4, 3.38),  # 2 + 2 + 0
        (("listen", "promise"), 2, 0.76),  # 2 + 0: 6 * (7/12) / (55/12)
        (("policy", "empathise", "promise"), 0, 0.0),  # -1 + 1 + 0: below chance
        (("refund_now", "late_log"), 2, 0.76),  # 3 - 1: the highest score at the start is not the best path
        (("refund_now", "vague"), 1, 0.0),  # 3 - 2: below chance
        (("policy", "repeat_policy"), -3, 0.0),  # -1 - 2 = -3
    ],
)
def test_finished_paths_score_their_share_of_the_best(options, total, points):
    result = mark(answer(*options))
    assert result.points == points == share(total)
    assert "You reached the end of the conversation." in result.messages


def test_the_share_is_points_times_what_lies_above_chance():
    assert mark(answer("listen", "promise"), points=10).points == 1.27 == share(2, 10)  # 10 * (7/12) / (55/12)
    assert mark(answer("policy", "empathise", "log_it", "timeline"), points=3).points == 1.69 == share(4, 3)
    assert mark(answer("listen", "log_it", "timeline"), points=2.5).passed


def test_random_responses_earn_less_than_before_the_correction_for_chance():
    """Every path with its chance: 20 % of the points on average, against 32 % for total / best.

    This scenario is short (2 to 4 responses), so luck spreads wide; the course's role-plays are longer, and
    ``tests/validity`` checks what random responses earn on them.
    """
    steps = {s["id"]: s for s in SCENARIO_CONTENT["steps"]}

    def paths(step, chance, taken, total):
        if steps[step].get("ending"):
            yield chance, taken, total
            return
        for option in steps[step]["options"]:
            chosen = chance / len(steps[step]["options"])
            yield from paths(option["next"], chosen, [*taken, option["id"]], total + SCORES[step][option["id"]])

    walks = list(paths("opening", Fraction(1), [], 0))
    assert sum(chance for chance, _, _ in walks) == 1
    expected = sum(chance * mark(answer(*taken), points=1).score for chance, taken, _ in walks)
    assert expected == pytest.approx(sum(float(chance) * share(total, 1) for chance, _, total in walks), abs=0.01)
    assert round(expected, 2) == 0.2
    assert round(sum(float(chance) * max(0, total) / 6 for chance, _, total in walks), 2) == 0.32


@pytest.mark.parametrize(
    ("options", "points", "waiting"),
    [
        (("listen",), 0.76, "step 2 (Log the complaint)"),  # 2 so far
        (("listen", "log_it"), 3.38, "step 3 (Keep the customer informed)"),  # 4 so far
        (("policy", "empathise"), 0.0, "step 3 (Log the complaint)"),  # -1 + 1
        (("refund_now",), 0.76, "step 2 (Log the complaint)"),  # 3 so far, but every way on loses at least 1: 2
    ],
)
def test_an_unfinished_path_scores_what_it_has(options, points, waiting):
    result = mark(answer(*options))
    assert result.points == points
    assert (
        "The conversation is not finished: the customer is still waiting for your response at "
        f"{waiting}. Only the responses you chose count."
    ) in result.messages[1]
    assert "You reached the end of the conversation." not in result.messages


def test_stopping_early_never_beats_finishing():
    stopped = mark(answer("refund_now"))
    assert stopped.messages[1].endswith("Every way on from there loses at least 1, so that loss counts too.")
    assert stopped.points == max(mark(answer("refund_now", o)).points for o in ("vague", "late_log"))


# -- messages ----------------------------------------------------------------------------------
def test_graded_messages_name_steps_by_number_and_stage_but_never_the_better_response():
    result = mark(answer("policy", "empathise", "log_it", "dunno"))
    assert result.messages == (
        "Your path scored 2; the strongest path through the conversation scores 6.",
        "You reached the end of the conversation.",
        "A stronger response was open at: step 1 (Acknowledge), step 4 (Keep the customer informed).",
        "Responses chosen at random would score about 1.4, so only what your path scored above that counts.",
    )
    assert result.points == 0.76  # a total of 2
    text = str(result)
    assert text.splitlines()[0] == "Score: 0.76 / 6"
    for step in GRADED["steps"]:
        for option in step.get("options", []):
            assert option["text"] not in text


def test_reveal_quotes_the_stronger_response():
    result = mark(answer("policy", "empathise", "log_it", "dunno"), reveal=True)
    assert result.messages[2:4] == (
        'At step 1 (Acknowledge) a stronger response was: "I\'m sorry to hear that. Can you tell me what happened?".',
        "At step 4 (Keep the customer informed) a stronger response was: "
        '"Within 5 working days; I\'ll email you when it is sent.".',
    )


def test_the_best_path_says_so():
    result = mark(answer("listen", "log_it", "timeline"))
    assert result.passed
    assert result.messages == (
        "Your path scored 6; the strongest path through the conversation scores 6.",
        "You reached the end of the conversation.",
        "You chose the strongest response at every step.",
    )
    assert mark(answer("listen"), reveal=True).messages[-2] == "So far you chose the strongest response at every step."


def test_a_total_at_or_below_chance_counts_as_zero():
    for options in (("policy", "repeat_policy"), ("refund_now", "vague")):
        result = mark(answer(*options))
        assert result.messages[-1] == (
            "Responses chosen at random would score about 1.4, so only what your path scored above that counts: "
            "it scored no more, so it earns nothing."
        )
        assert result.points == 0.0
    assert mark(answer("policy", "repeat_policy")).messages[0] == (
        "Your path scored -3; the strongest path through the conversation scores 6."
    )


def test_a_step_without_a_stage_is_named_by_number():
    scenario = copy.deepcopy(GRADED)
    for step in scenario["steps"]:
        step.pop("stage", None)
    result = check_scenario(answer("listen", "promise"), scenario, SCORES, points=6)
    assert result.messages[-2] == "A stronger response was open at: step 2."


def test_award_prints_and_returns_points(capsys):
    value = mark(answer("listen", "promise")).award()
    assert value == 0.76 and type(value) is float
    assert capsys.readouterr().out == (
        "Score: 0.76 / 6\n"
        "- Your path scored 2; the strongest path through the conversation scores 6.\n"
        "- You reached the end of the conversation.\n"
        "- A stronger response was open at: step 2 (Log the complaint).\n"
        "- Responses chosen at random would score about 1.4, so only what your path scored above that counts.\n"
    )


# -- a path that breaks off --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("entries", "points", "where"),
    [
        (
            [("opening", "listen"), ("upset", "empathise"), ("details", "log_it")],
            0.76,  # marked up to there: 2 so far
            "response 2, which is for step 'upset', not the step the conversation had reached",
        ),
        (
            [("opening", "listen"), ("details", "timeline")],
            0.76,
            "response 2, which names 'timeline', not a response open at that step",
        ),
        (
            [("opening", "listen"), ("details", "promise"), ("ending_ok", "again")],
            0.76,
            "response 3, which comes after the conversation had ended",
        ),
        ([("details", "log_it"), ("follow", "timeline")], 0.0, "response 1, which is for step 'details'"),
        ([("opening", "x" * 60)], 0.0, "response 1, which names 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'"),
    ],
)
def test_a_broken_path_is_marked_up_to_where_it_breaks(entries, points, where):
    result = mark({"path": [{"step": s, "option": o} for s, o in entries]})
    assert result.points == points
    assert any(m.startswith(f"Your path stops following the conversation at {where}") for m in result.messages), (
        result.messages
    )
    assert any(m.endswith("; it is marked up to there.") for m in result.messages)


# -- odd and lying answers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "message"),
    [
        (None, "No answer yet: choose your responses in the conversation."),
        ({"path": []}, "No answer yet: choose your responses in the conversation."),
        ("listen", "found str"),
        (42, "found int"),
        (AlwaysEqual(), "found AlwaysEqual"),
        ({"order": ["listen"]}, "found a mapping without 'path'"),
        ({"path": "listen"}, "expected 'path' to be a list of responses, found str"),
        ({"path": {"opening": "listen"}}, "expected 'path' to be a list of responses, found dict"),
        ({"path": ["listen"]}, "expected each response to be {'step': step id, 'option': option id}, found str"),
        ({"path": [AlwaysEqual()]}, "found AlwaysEqual"),
        ({"path": [{"step": "opening"}]}, "expected each response to name its 'step' and its 'option' as text"),
        ({"path": [{"step": "opening", "option": 1}]}, "name its 'step' and its 'option' as text"),
        ({"path": [{"step": AlwaysEqual(), "option": AlwaysEqual()}]}, "name its 'step' and its 'option' as text"),
    ],
)
def test_odd_input_scores_zero_with_a_message(given, message):
    result = mark(given)
    assert result.points == 0.0
    assert len(result.messages) == 1 and message in result.messages[0], result.messages
    assert result.messages[0].startswith(("No answer yet", "Your answer could not be marked: expected"))


def test_the_expected_shape_is_named():
    assert mark(3.5).messages == (
        "Your answer could not be marked: expected the scenario's answer "
        "{'path': [{'step': step id, 'option': option id}, ...]}, found float.",
    )


def test_a_bare_list_of_responses_is_accepted():
    assert mark(answer("listen", "log_it", "timeline")["path"]).points == 6.0
    assert mark(tuple(answer("listen", "promise")["path"])).points == 0.76


class LyingList(list):
    def __iter__(self):
        return iter(answer("listen", "log_it", "timeline")["path"])

    def __len__(self):
        return 3


def test_lying_objects_gain_nothing():
    best = answer("listen", "log_it", "timeline")
    # a dict subclass that claims to hold the best path is read for what it holds
    claims_best = lying_dict(best)
    assert mark(claims_best(path=answer("policy", "repeat_policy")["path"])).points == 0.0
    entry_claims = lying_dict({"step": "opening", "option": "listen"})
    assert mark({"path": [entry_claims(step="opening", option="policy")]}).messages[0].startswith("Your path scored -1")
    # a list subclass whose iteration claims the best path
    assert mark({"path": LyingList([{"step": "opening", "option": "policy"}])}).points == 0.0
    # str subclasses that equal everything count for the text they hold
    lying = lying_str("listen")
    result = mark({"path": [{"step": lying("opening"), "option": lying("refund_now")}, *best["path"][1:]]})
    assert result.points == 0.76, "refund_now (3), then 'details' breaks off: less the 1 every way on loses, 2"
    assert "Your path stops following the conversation at response 2" in result.messages[2]
    assert mark({"path": [{"step": lying("nowhere"), "option": lying("listen")}]}).points == 0.0
    assert mark(ReadOnlyAnswer({"path": [ReadOnlyAnswer({"step": "opening", "option": "listen"})]})).points == 0.76


def test_the_answer_is_not_changed():
    given = answer("policy", "empathise")
    given["path"].append({"step": "ghost", "option": "boo"})
    before = repr(given)
    mark(given)
    assert repr(given) == before


# -- the key -----------------------------------------------------------------------------------
def test_practice_content_carries_its_own_scores():
    assert check_scenario(answer("listen", "promise"), SCENARIO_CONTENT, points=6).points == 0.76
    result = check_scenario(answer("listen", "promise"), SCENARIO_CONTENT, points=6, reveal=True)
    assert result.messages[-2].startswith("At step 2 (Log the complaint) a stronger response was: \"I've logged it")


def without(step, option):
    scores = copy.deepcopy(SCORES)
    del scores[step][option]
    return scores


@pytest.mark.parametrize(
    ("scenario", "scores", "message"),
    [
        (GRADED, None, "the scenario gives no score for: opening.listen, opening.policy, opening.refund_now, "),
        (
            GRADED,
            without("follow", "dunno"),
            "scores must give every option of every step that is not an ending; missing: follow.dunno",
        ),
        (GRADED, {**SCORES, "ghost": {"a": 1}}, "scores name steps or options that are not in the scenario: 'ghost'"),
        (GRADED, {**SCORES, "ending_ok": {}}, "scores name steps or options that are not in the scenario: 'ending_ok'"),
        (GRADED, {**SCORES, "follow": {**SCORES["follow"], "shrug": 0}}, "not in the scenario: follow.shrug"),
        (
            GRADED,
            {**SCORES, "follow": {"timeline": "2", "dunno": 0}},
            "the score of option 'timeline' of step 'follow'",
        ),
        (GRADED, {**SCORES, "follow": {"timeline": True, "dunno": 0}}, "expected a number, found True/False"),
        (GRADED, {**SCORES, "follow": [2, 0]}, "scores['follow'] must map option ids to numbers, not list"),
        (GRADED, [("opening", "listen", 2)], "scores must map step ids to {option id: score}, not list"),
        (
            GRADED,
            {step: {option: min(score, 0) for option, score in row.items()} for step, row in SCORES.items()},
            "the best path through the scenario scores 0; it must score above 0",
        ),
        ({"steps": []}, SCORES, "scenario must be the exercise's content"),
        ("opening", SCORES, "scenario must be the exercise's content"),
    ],
)
def test_a_broken_key_is_the_author_s_error(scenario, scores, message):
    with pytest.raises(ValueError) as error:
        check_scenario(answer("listen"), scenario, scores, points=6)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["steps"][4]["options"][1].update(next="upset"), "the scenario loops back to step"),
        (lambda c: c["steps"][4]["options"][1].update(next="gone"), "option 'dunno' of step 'follow' leads to 'gone'"),
        (lambda c: c.update(start="gone"), "start 'gone' is not a step of the scenario"),
        (lambda c: c["steps"][5].update(options=[{"id": "x", "next": "opening"}]), "'ending_happy' is an ending"),
        (lambda c: c["steps"][4].update(options=[]), "step 'follow' is not an ending, so it needs options"),
        (lambda c: c["steps"].append(copy.deepcopy(c["steps"][0])), "step 'opening' appears twice"),
    ],
)
def test_a_broken_scenario_is_the_author_s_error(change, message):
    scenario = copy.deepcopy(GRADED)
    change(scenario)
    with pytest.raises(ValueError) as error:
        check_scenario(answer("listen"), scenario, SCORES, points=6)
    assert message in str(error.value)


def test_a_broken_key_raises_whatever_the_answer():
    with pytest.raises(ValueError, match="no score for"):
        check_scenario(None, GRADED, points=6)


def test_result_type():
    result = mark(answer("listen"))
    assert isinstance(result, CheckResult) and result.max_score == 6


# -- the walk shared with the widget -----------------------------------------------------------
def test_walk_marks_each_response_against_what_was_still_open():
    walk = walk_scenario([("opening", "refund_now"), ("unlogged", "late_log")], GRADED, SCORES)
    assert [(c.number, c.step, c.option, c.stage, c.score, c.best, c.better) for c in walk.choices] == [
        (1, "opening", "refund_now", "acknowledge", 3.0, False, "listen"),
        (2, "unlogged", "late_log", "log", -1.0, True, ""),
    ]
    assert (walk.at, walk.finished, walk.broken, walk.total, walk.best, walk.ahead) == (
        "ending_ok",
        True,
        "",
        2.0,
        6.0,
        0.0,
    )
    assert walk.counted == 2.0


def test_walk_of_an_unfinished_path_counts_the_loss_ahead():
    walk = walk_scenario([("opening", "refund_now")], GRADED, SCORES)
    assert (walk.at, walk.finished, walk.total, walk.ahead, walk.counted) == ("unlogged", False, 3.0, -1.0, 2.0)


def test_ties_keep_the_first_option_as_the_better_one():
    scores = copy.deepcopy(SCORES)
    scores["follow"] = {"timeline": 1, "dunno": 1}
    walk = walk_scenario([("opening", "listen"), ("details", "promise")], GRADED, scores)
    assert walk.best == 5.0
    assert [c.best for c in walk.choices] == [True, False]
    assert walk.choices[1].better == "log_it"
    tie = walk_scenario([("opening", "listen"), ("details", "log_it"), ("follow", "dunno")], GRADED, scores)
    assert all(c.best for c in tie.choices), "an option as good as the best is the best"
