"""ScenarioPlayer through its state, without a browser."""

import copy
import json

import pytest
from traitlets import TraitError

from logiserve.answer_store import ANSWERS_FILE
from logiserve.autograder import check_scenario
from logiserve.content.scenario import option_order
from logiserve.widgets import AnswerStore, ContentError, ScenarioPlayer

EID = "04_complaints.test_scenario"


def option(option_id, text, next_step, score, **extra):
    return {"id": option_id, "text": text, "next": next_step, "score": score, **extra}


# The strongest path is listen → log_it → timeline (2 + 2 + 2 = 6). Refunding at once scores most at
# the first step (3) but every way on from there loses, so it is not the strongest response there.
SCENARIO_CONTENT = {
    "kind": "scenario",
    "mode": "practice",
    "title": "Practice: a damaged return",
    "prompt": "Handle Priya's complaint.",
    "assesses": ["MP4", "ET4", "MC11"],
    "customer": {"name": "Priya Shah", "role": "Online shopper, Brightwater website"},
    "start": "opening",
    "steps": [
        {
            "id": "opening",
            "stage": "acknowledge",
            "say": '"My return came back to you crushed and I still have no refund."',
            "explain": "Acknowledge the complaint and let the customer tell it before anything else.",
            "options": [
                option(
                    "listen",
                    "I'm sorry to hear that. Can you tell me what happened?",
                    "details",
                    2,
                    reply='"Thank you. The courier collected it on Monday."',
                    feedback={"message": "Listening first acknowledges the complaint."},
                ),
                option(
                    "policy",
                    "Returns must be packed securely; it is in our policy.",
                    "upset",
                    -1,
                    reply='"So it\'s my fault now?"',
                    feedback={
                        "message": "Quoting policy before listening skips acknowledging.",
                        "misconception": "MC11",
                    },
                ),
                option("refund_now", "I'll refund you right away.", "unlogged", 3),
            ],
        },
        {
            "id": "details",
            "stage": "log",
            "say": "She reads out the order number, BW-1042.",
            "options": [
                option(
                    "log_it",
                    "I've logged it as complaint C-311 and will investigate with the courier.",
                    "follow",
                    2,
                    feedback={"message": "Logging it gives the complaint a reference and an owner."},
                ),
                option(
                    "promise",
                    "Leave it with me.",
                    "ending_ok",
                    0,
                    feedback={"message": "Nothing is logged, so nobody can follow it up.", "misconception": "MC11"},
                ),
            ],
        },
        {
            "id": "upset",
            "stage": "empathise",
            "say": '"That\'s not good enough!"',
            "options": [
                option("empathise", "I understand how frustrating this is. Let's sort it out.", "details", 1),
                option("repeat_policy", "As I said, it's our policy.", "ending_lost", -2),
            ],
        },
        {
            "id": "unlogged",
            "stage": "log",
            "say": "Great, but how will I know it has been done?",
            "options": [
                option("vague", "You'll see it eventually.", "ending_lost", -2),
                option("late_log", "Let me log it now and send you a reference.", "ending_ok", -1),
            ],
        },
        {
            "id": "follow",
            "stage": "inform",
            "say": "When will I get my money?",
            "options": [
                option(
                    "timeline",
                    "Within 5 working days; I'll email you when it is sent.",
                    "ending_happy",
                    2,
                    feedback={"message": "A date and an update keep the customer informed."},
                ),
                option("dunno", "I'm not sure, sorry.", "ending_ok", 0),
            ],
        },
        {
            "id": "ending_happy",
            "ending": True,
            "say": "Priya thanks you and closes the chat.",
            "explain": "Logged, investigated and kept informed: she will shop again.",
        },
        {"id": "ending_ok", "ending": True, "say": "Priya says she will wait and see."},
        {"id": "ending_lost", "ending": True, "say": "Priya asks to close her account."},
    ],
}

BEST = ["listen", "log_it", "timeline"]
SCORES = {
    step["id"]: {o["id"]: o["score"] for o in step["options"]}
    for step in SCENARIO_CONTENT["steps"]
    if "options" in step
}


def path(*pairs):
    return {"path": [{"step": step, "option": option} for step, option in pairs]}


BEST_PATH = path(("opening", "listen"), ("details", "log_it"), ("follow", "timeline"))


def graded_copy():
    content = copy.deepcopy(SCENARIO_CONTENT)
    content["mode"] = "graded"
    for step in content["steps"]:
        step.pop("explain", None)
        for o in step.get("options", []):
            o.pop("score")
            o.pop("feedback", None)
            o.pop("reply", None)  # a reply would tell how a response scored
    return content


@pytest.fixture
def practice_content():
    return copy.deepcopy(SCENARIO_CONTENT)


@pytest.fixture
def graded_content():
    return graded_copy()


def make(content, tmp_path, exercise_id=EID):
    return ScenarioPlayer(exercise_id, content, store=AnswerStore(tmp_path))


def saved(tmp_path):
    return json.loads((tmp_path / ANSWERS_FILE).read_text())


def play(player, *options):
    for option_id in options:
        player.choose(option_id)


# -- starting state --------------------------------------------------------------------------
def test_starts_at_the_start_with_an_empty_path(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    assert player.answer == {"path": []}
    assert player.current_step == "opening" and player.finished is False
    assert player.transcript == [
        '[Acknowledge] Priya Shah: "My return came back to you crushed and I still have no refund."'
    ]
    assert player.status == "No response chosen yet. The customer is waiting for your reply."
    assert player.customer == {"name": "Priya Shah", "role": "Online shopper, Brightwater website"}
    assert player.start == "opening"
    assert player.feedback == {} and player.summary == ""
    assert not (tmp_path / ANSWERS_FILE).exists(), "an untouched widget writes nothing"


def test_synced_state_is_the_step_reached_and_the_conversation_up_to_it(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    texts = {o["id"]: o["text"] for o in practice_content["steps"][0]["options"]}
    assert player.step == {
        "id": "opening",
        "number": 1,
        "stage": "acknowledge",
        "stage_label": "Acknowledge",
        "say": '"My return came back to you crushed and I still have no refund."',
        "ending": False,
        "options": [{"id": o, "text": texts[o]} for o in option_order(practice_content, "opening", exercise_id=EID)],
    }
    assert [o["id"] for o in player.step["options"]] == option_order(practice_content, "opening", exercise_id=EID)
    assert player.lines == [
        {
            "key": "say:opening",
            "kind": "customer",
            "who": "Priya Shah",
            "stage_label": "Acknowledge",
            "text": '"My return came back to you crushed and I still have no refund."',
            "step": "opening",
        }
    ]
    play(player, "listen")
    assert player.step["id"] == "details" and player.step["number"] == 2
    assert [line["kind"] for line in player.lines] == ["customer", "you", "reply", "narration"]
    assert player.lines[2]["text"] == '"Thank you. The courier collected it on Monday."'
    play(player, "promise")
    assert player.step == {
        "id": "ending_ok",
        "number": 3,
        "stage": "",
        "stage_label": "",
        "say": "Priya says she will wait and see.",
        "ending": True,
        "options": [],
    }
    assert player.lines[-1] == {
        "key": "end:ending_ok",
        "kind": "end",
        "who": "End of the conversation",
        "stage_label": "",
        "text": "Priya says she will wait and see.",
        "step": "ending_ok",
    }


def test_the_options_are_shown_in_the_learner_s_own_order(practice_content, tmp_path, monkeypatch):
    orders = {}
    for learner in ("amira", "ben", "chen", "dara"):
        monkeypatch.setenv("LOGISERVE_LEARNER", learner)
        player = make(practice_content, tmp_path / learner)
        orders[learner] = [o["id"] for o in player.step["options"]]
        assert orders[learner] == option_order(practice_content, "opening", exercise_id=EID, learner=learner)
        again = make(practice_content, tmp_path / learner)
        assert [o["id"] for o in again.step["options"]] == orders[learner], "the same learner: the same order"
        player.choose(orders[learner][0])  # saved by id, whatever its place
        assert saved(tmp_path / learner)[EID] == path(("opening", orders[learner][0]))
    assert len({tuple(order) for order in orders.values()}) > 1, "learners see different orders"


# -- choosing, going back, starting again ----------------------------------------------------
def test_choose_moves_on_and_saves_every_change(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    player.choose("listen")
    assert player.current_step == "details"
    assert saved(tmp_path) == {EID: path(("opening", "listen"))}
    assert player.status == "Saved: 1 response chosen. The customer is waiting for your reply."
    player.choose("log_it")
    assert saved(tmp_path)[EID] == path(("opening", "listen"), ("details", "log_it"))
    assert player.status == "Saved: 2 responses chosen. The customer is waiting for your reply."
    player.choose("timeline")
    assert player.finished and player.current_step == "ending_happy"
    assert player.answer == BEST_PATH
    assert player.status == "Saved: 3 responses chosen; the conversation has ended."


def test_transcript_has_the_customer_lines_the_choices_and_the_replies(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "policy", "empathise")
    assert player.transcript == [
        '[Acknowledge] Priya Shah: "My return came back to you crushed and I still have no refund."',
        "You: Returns must be packed securely; it is in our policy.",
        'Priya Shah: "So it\'s my fault now?"',
        '[Listen and empathise] Priya Shah: "That\'s not good enough!"',
        "You: I understand how frustrating this is. Let's sort it out.",
        "[Log the complaint] What happens: She reads out the order number, BW-1042.",
    ]
    play(player, "promise")
    assert player.transcript[-2:] == ["You: Leave it with me.", "[End] Priya says she will wait and see."]


@pytest.mark.parametrize(
    ("options", "option_id", "message"),
    [
        ((), "log_it", r"'log_it' is not a response at step 'opening'; choose one of: listen, policy, refund_now"),
        (("listen",), "listen", r"'listen' is not a response at step 'details'; choose one of: log_it, promise"),
        (("listen", "promise"), "log_it", r"The conversation has ended; use back\(\) or restart\(\) to choose again"),
    ],
)
def test_choose_refuses_what_is_not_open(practice_content, tmp_path, options, option_id, message):
    player = make(practice_content, tmp_path)
    play(player, *options)
    before = player.answer
    with pytest.raises(ValueError, match=message):
        player.choose(option_id)
    assert player.answer == before


def test_back_takes_the_last_response_back_and_restart_clears(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    player.back()  # nothing to take back: nothing happens, nothing is written
    assert player.answer == {"path": []} and not (tmp_path / ANSWERS_FILE).exists()
    play(player, "policy", "empathise", "log_it")
    player.back()
    assert player.answer == path(("opening", "policy"), ("upset", "empathise"))
    assert player.current_step == "details"
    assert saved(tmp_path)[EID] == player.answer
    player.choose("promise")
    assert player.finished
    player.restart()
    assert player.answer == {"path": []} and player.current_step == "opening"
    assert saved(tmp_path)[EID] == {"path": []}
    assert player.status == "No response chosen yet. The customer is waiting for your reply."


# -- saving and restoring --------------------------------------------------------------------
def test_a_new_widget_restores_the_saved_path(graded_content, tmp_path):
    first = make(graded_content, tmp_path)
    play(first, "policy", "empathise")
    second = make(graded_content, tmp_path)
    assert second.answer == path(("opening", "policy"), ("upset", "empathise"))
    assert second.current_step == "details"
    assert second.notice == ""
    assert second.status == (
        "Saved: 2 responses chosen. The customer is waiting for your reply. "
        "Each response is final; your path is marked after you submit."
    )


def test_a_damaged_path_keeps_its_longest_valid_start_and_tells(graded_content, tmp_path):
    damaged = {
        "path": [
            {"step": "opening", "option": "policy"},
            {"step": "upset", "option": "empathise"},
            {"step": "upset", "option": "empathise"},  # the conversation had moved on to 'details'
            {"step": "details", "option": "log_it"},
            {"step": "follow", "option": "timeline"},
        ]
    }
    AnswerStore(tmp_path).save(EID, damaged)
    player = make(graded_content, tmp_path)
    assert player.answer == path(("opening", "policy"), ("upset", "empathise"))
    assert player.notice == (
        "Part of your saved answer could not be used (the last 3 of 5 saved responses did not follow this "
        "conversation); the rest was restored. The conversation carries on from there."
    )
    assert AnswerStore(tmp_path).get(EID) == damaged, "restoring must not rewrite the file"


@pytest.mark.parametrize(
    ("saved_path", "kept"),
    [
        ([{"step": "opening", "option": "gone"}], []),
        ([{"step": "details", "option": "log_it"}], []),  # not where the conversation starts
        ([{"step": "opening", "option": "listen"}, "oops"], [("opening", "listen")]),
        ([{"step": "opening", "option": "listen"}, {"step": "details", "option": 3}], [("opening", "listen")]),
        (
            [{"step": "opening", "option": "listen"}, {"step": "details", "option": "promise"}, {"step": "x"}],
            [("opening", "listen"), ("details", "promise")],  # nothing can follow an ending
        ),
    ],
)
def test_restore_stops_at_the_first_entry_that_does_not_follow(graded_content, tmp_path, saved_path, kept):
    AnswerStore(tmp_path).save(EID, {"path": saved_path})
    player = make(graded_content, tmp_path)
    assert player.answer == path(*kept)
    dropped = len(saved_path) - len(kept)
    assert f"the last {dropped} of {len(saved_path)} saved responses did not follow this conversation" in player.notice


@pytest.mark.parametrize(
    ("saved_value", "message"),
    [
        ([{"step": "opening", "option": "listen"}], "expected a conversation path, found list"),
        ({"path": "listen"}, "expected the list of responses chosen"),
        ({"order": []}, "expected the list of responses chosen"),
    ],
)
def test_restore_of_a_wrong_type_starts_empty_with_notice(graded_content, tmp_path, saved_value, message):
    AnswerStore(tmp_path).save(EID, saved_value)
    player = make(graded_content, tmp_path)
    assert player.answer == {"path": []}
    assert message in player.notice
    assert AnswerStore(tmp_path).get(EID) == saved_value


def test_damaged_answers_file_starts_empty_and_tells(graded_content, tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("{oops")
    player = make(graded_content, tmp_path)
    assert player.answer == {"path": []}
    assert "could not be used" in player.notice and "answers.damaged-" in player.notice


def test_save_failure_is_shown_and_the_answer_kept(practice_content, tmp_path, monkeypatch):
    player = make(practice_content, tmp_path)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logiserve.answer_store.os.fsync", full)
    player.choose("listen")
    assert player.status_kind == "error" and "could not be saved" in player.status
    assert player.answer == path(("opening", "listen"))
    monkeypatch.undo()
    player.choose("log_it")
    assert player.status_kind == "ok"
    assert AnswerStore(tmp_path).get(EID) == path(("opening", "listen"), ("details", "log_it"))


# -- the value ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"path": [{"step": "details", "option": "log_it"}]}, "response 1 is at step 'details', but the conversation"),
        ({"path": [{"step": "opening", "option": "nope"}]}, r"'nope' is not a response at step 'opening' \(responses"),
        (
            {"path": [{"step": "opening", "option": "listen"}, {"step": "details", "option": "promise"}] * 2},
            "response 3 comes after the conversation ended",
        ),
        ({"path": ["listen"]}, "response 1 must be"),
        ({"path": [{"step": "opening"}]}, "response 1 must hold exactly 'step' and 'option'"),
        ({"path": [{"step": "opening", "option": "listen", "score": 9}]}, "must hold exactly 'step' and 'option'"),
        ({"path": "listen"}, "'path' must be a list of responses"),
        ({"path": [], "extra": 1}, "the answer holds only 'path'"),
    ],
)
def test_invalid_value_never_reaches_the_model(practice_content, tmp_path, value, message):
    player = make(practice_content, tmp_path)
    with pytest.raises(TraitError, match=message):
        player.value = value
    assert player.value == {"path": []}
    assert not (tmp_path / ANSWERS_FILE).exists()


def test_value_is_made_plain(practice_content, tmp_path):
    class Sneaky(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    player = make(practice_content, tmp_path)
    player.value = {"path": [{"step": Sneaky("opening"), "option": Sneaky("listen")}]}
    assert player.answer == path(("opening", "listen"))
    assert all(type(v) is str for v in player.value["path"][0].values())
    with pytest.raises(TraitError, match="is not a response"):
        player.value = {"path": [{"step": "opening", "option": Sneaky("nobody")}]}


def test_answer_is_a_plain_copy(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    player.choose("listen")
    answer = player.answer
    answer["path"][0]["option"] = "policy"
    answer["path"].append({"step": "details", "option": "log_it"})
    assert player.answer == path(("opening", "listen"))
    assert type(answer) is dict and json.loads(json.dumps(answer)) == answer


# -- practice feedback -----------------------------------------------------------------------
def test_reaching_an_ending_checks_at_once_and_says_what_was_better(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "policy", "empathise", "log_it")
    assert player.feedback == {} and player.summary == "", "no feedback before the end"
    player.choose("dunno")
    feedback = player.feedback
    assert list(feedback) == ["opening", "upset", "details", "follow"]
    assert feedback["opening"] == {
        "number": 1,
        "best": False,
        "message": "Quoting policy before listening skips acknowledging.",
        "misconception": "MC11",
        "misconception_title": "skipping steps of the complaint procedure",
        "explain": "Acknowledge the complaint and let the customer tell it before anything else.",
        "better_text": "I'm sorry to hear that. Can you tell me what happened?",
        "better_message": "Listening first acknowledges the complaint.",
    }
    assert feedback["upset"] == {
        "number": 2,
        "best": True,
        "message": "The strongest response open here.",
        "misconception": "",
        "misconception_title": "",
        "explain": "",
        "better_text": "",
        "better_message": "",
    }
    assert feedback["details"]["best"] is True
    assert feedback["details"]["message"] == "Logging it gives the complaint a reference and an owner."
    assert feedback["follow"]["best"] is False
    assert feedback["follow"]["message"] == "A stronger response was open here."
    assert feedback["follow"]["better_text"] == "Within 5 working days; I'll email you when it is sent."
    assert feedback["follow"]["better_message"] == "A date and an update keep the customer informed."
    # -1 + 1 + 2 + 0 = 2 of the best path's 6
    assert player.summary == "Your handling scored 2 of a possible 6: a stronger response was open at 2 of 4 steps."


def test_the_strongest_path_says_well_done_and_adds_the_ending_s_explanation(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, *BEST)
    assert all(entry["best"] for entry in player.feedback.values())
    assert player.summary == (
        "Your handling scored 6 of a possible 6: the strongest response at every step. Well done. "
        "Logged, investigated and kept informed: she will shop again."
    )


def test_the_highest_score_now_is_not_the_strongest_response(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "refund_now", "late_log")
    assert player.feedback["opening"]["best"] is False, "3 now, but every way on loses: 2 in all, not 6"
    assert player.feedback["opening"]["message"] == "A stronger response was open here."
    assert player.feedback["unlogged"]["best"] is True, "judged by what was still open from there"
    assert player.summary == "Your handling scored 2 of a possible 6: a stronger response was open at 1 of 2 steps."


@pytest.mark.parametrize(
    "options",
    [BEST, ["policy", "empathise", "log_it", "dunno"], ["listen", "promise"], ["policy", "repeat_policy"]],
)
def test_practice_and_graded_marking_agree(practice_content, tmp_path, options):
    player = make(practice_content, tmp_path)
    play(player, *options)
    graded = check_scenario(player.answer, SCENARIO_CONTENT, SCORES, points=6)
    total = float(player.summary.split("scored ")[1].split(" of")[0])
    # the same total, marked beyond what random responses score (17/12 here): 6 * (total - 17/12) / (6 - 17/12)
    assert graded.points == round(6 * max(0.0, (total - 17 / 12) / (6 - 17 / 12)), 2)
    assert f"Your path scored {total:g}; the strongest path through the conversation scores 6." in graded.messages
    labels = {line["step"]: line["stage_label"] for line in player.lines if line["key"].startswith("say:")}
    weaker = [
        f"step {entry['number']} ({labels[step]})" for step, entry in player.feedback.items() if not entry["best"]
    ]
    if weaker:
        assert f"A stronger response was open at: {', '.join(weaker)}." in graded.messages
    else:
        assert "You chose the strongest response at every step." in graded.messages


def test_going_back_from_an_ending_clears_the_feedback(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "listen", "promise")
    assert player.feedback and player.summary
    player.back()
    assert player.feedback == {} and player.summary == ""
    player.choose("log_it")
    assert player.feedback == {}, "not at an ending: no check"


def test_a_path_restored_at_an_ending_is_checked_at_once(practice_content, tmp_path):
    AnswerStore(tmp_path).save(EID, path(("opening", "listen"), ("details", "promise")))
    player = make(practice_content, tmp_path)
    assert player.finished
    assert set(player.feedback) == {"opening", "details"}
    assert player.feedback["details"]["misconception"] == "MC11"
    assert player.summary == "Your handling scored 2 of a possible 6: a stronger response was open at 1 of 2 steps."
    assert player.status == "Saved: 2 responses chosen; the conversation has ended."


def test_check_on_an_unfinished_path_says_so(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "listen")
    feedback = player.check()
    assert list(feedback) == ["opening"] and feedback["opening"]["best"] is True
    assert player.summary == (
        "Your handling scored 2 of a possible 6 so far. The conversation is not finished: "
        "the customer is waiting for your reply."
    )


def test_check_message_from_the_front_end_runs_check(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    player.choose("listen")
    player._handle_message(player, {"type": "check"}, [])
    assert player.feedback["opening"]["best"] is True
    player._handle_message(player, {"type": "nonsense"}, [])
    player._handle_message(player, "not even a dict", [])


# -- graded mode and the key -----------------------------------------------------------------
def test_graded_mode_holds_no_key_and_refuses_check(graded_content, tmp_path):
    player = make(graded_content, tmp_path)
    assert player._scores == {} and player._option_feedback == {} and player._explain == {}
    with pytest.raises(RuntimeError, match="marked after you submit"):
        player.check()
    assert player.status == (
        "No response chosen yet. The customer is waiting for your reply. Each response is final: your first "
        "path through the conversation is the one marked. Your answer is saved as you go."
    )
    play(player, *BEST)
    assert player.feedback == {} and player.summary == "", "graded: no check at the end"
    assert player.status == (
        "Saved: 3 responses chosen; the conversation has ended. This first path is the one marked after you submit."
    )


def _state_text(player):
    return json.dumps(player.get_state())


def _key_texts(content):
    texts = [s["explain"] for s in content["steps"] if "explain" in s]
    for step in content["steps"]:
        for o in step.get("options", []):
            texts += [o["feedback"]["message"]] if "feedback" in o else []
    return texts


def test_synced_state_never_carries_the_key(practice_content, graded_content, tmp_path):
    practice = make(practice_content, tmp_path, "04_complaints.practice")
    graded = make(graded_content, tmp_path, "04_complaints.graded")
    play(graded, *BEST)
    for player in (practice, graded):
        text = _state_text(player)
        assert '"score"' not in text and "MC11" not in text and '"explain"' not in text
        for secret in _key_texts(SCENARIO_CONTENT):
            assert secret not in text
    play(practice, "listen")
    assert "Listening first" not in _state_text(practice), "practice: the key stays in the kernel until a check"


def test_practice_feedback_is_synced_once_shown(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "policy", "repeat_policy")
    text = _state_text(player)
    assert "Quoting policy before listening" in text and "MC11" in text


# -- graded mode: one step at a time, and the first path is the one marked ------------------------
def _texts_of(content, step_id):
    step = next(s for s in content["steps"] if s["id"] == step_id)
    return [step["say"], *(o["text"] for o in step.get("options", []))]


def _keys(value):
    """Every key of every mapping in a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("mode", ["graded", "practice"])
def test_synced_state_holds_only_the_steps_reached(graded_content, practice_content, tmp_path, mode):
    content = graded_content if mode == "graded" else practice_content
    player = make(content, tmp_path)
    walked = ["opening"]
    for option_id in ("policy", "empathise", "log_it", None):
        state = player.get_state()
        text = json.dumps(state)
        assert not {"next", "score", "feedback", "explain", "steps", "start"} & _keys(
            {k: state[k] for k in ("step", "lines", "value", "customer")}
        ), "no step's way on, no key, no graph"
        for step in content["steps"]:
            if step["id"] in walked:
                continue
            for words in _texts_of(content, step["id"]):
                assert words not in text, f"{step['id']!r} is not reached yet, but {words!r} is synced"
        assert player.step["id"] == walked[-1]
        assert set(player.step) == {"id", "number", "stage", "stage_label", "say", "ending", "options"}
        assert all(set(o) == {"id", "text"} for o in player.step["options"])
        if option_id is None:
            break
        player.choose(option_id)
        walked.append(player.current_step)
    assert walked == ["opening", "upset", "details", "follow"]


def test_an_ending_s_words_are_synced_only_once_reached(graded_content, tmp_path):
    player = make(graded_content, tmp_path)
    endings = [s["say"] for s in graded_content["steps"] if s.get("ending")]
    play(player, "listen", "log_it")
    assert not any(words in json.dumps(player.get_state()) for words in endings)
    player.choose("timeline")
    text = json.dumps(player.get_state())
    assert [words for words in endings if words in text] == ["Priya thanks you and closes the chat."]


def test_graded_mode_refuses_back_and_start_again(graded_content, tmp_path):
    player = make(graded_content, tmp_path)
    play(player, "policy", "empathise")
    before = player.answer
    with pytest.raises(ValueError, match="In a graded role-play a response cannot be taken back: your first path"):
        player.back()
    with pytest.raises(ValueError, match="In a graded role-play a response cannot be cleared: your first path"):
        player.restart()
    assert player.answer == before and saved(tmp_path)[EID] == before
    # from the front end: the same refusal, told to the learner; the path stays
    for message in ({"type": "back"}, {"type": "restart"}):
        player.notice = ""
        player._handle_message(player, message, [])
        assert player.answer == before
        assert player.notice.startswith("In a graded role-play a response cannot be")
    # nor can the path be set to another one: a new value must carry on from the responses chosen
    with pytest.raises(TraitError, match=r"a graded role-play keeps the responses already chosen \(2 responses"):
        player.value = path(("opening", "listen"))
    with pytest.raises(TraitError, match="keeps the responses already chosen"):
        player.value = {"path": []}
    assert player.answer == before
    player.value = path(("opening", "policy"), ("upset", "empathise"), ("details", "log_it"))  # carries on: fine
    assert player.current_step == "follow"


def test_practice_mode_keeps_back_and_start_again_from_the_front_end(practice_content, tmp_path):
    player = make(practice_content, tmp_path)
    play(player, "policy", "empathise")
    player._handle_message(player, {"type": "back"}, [])
    assert player.answer == path(("opening", "policy"))
    player._handle_message(player, {"type": "restart"}, [])
    assert player.answer == {"path": []} and player.notice == ""


def test_the_first_complete_path_is_the_one_saved_and_marked(graded_content, tmp_path):
    first = path(("opening", "policy"), ("upset", "repeat_policy"))
    player = make(graded_content, tmp_path)
    play(player, "policy", "repeat_policy")
    assert player.finished and player.answer == first
    with pytest.raises(
        ValueError, match=r"The conversation has ended\. Your path is saved and is marked after you submit"
    ):
        player.choose("listen")
    with pytest.raises(TraitError, match="keeps the responses already chosen"):
        player.value = BEST_PATH
    assert saved(tmp_path)[EID] == first
    # after a restart of the kernel: the same path, finished, and still final
    again = make(graded_content, tmp_path)
    assert again.answer == first and again.finished
    with pytest.raises(ValueError, match="cannot be cleared"):
        again.restart()
    assert again.status == (
        "Saved: 2 responses chosen; the conversation has ended. This first path is the one marked after you submit."
    )
    marked = check_scenario(AnswerStore(tmp_path).get(EID), SCENARIO_CONTENT, SCORES, points=6)
    assert marked.points == 0.0 and "Your path scored -3" in marked.messages[0]


def test_the_front_end_sends_its_choice_and_a_stale_one_is_not_taken(graded_content, tmp_path):
    player = make(graded_content, tmp_path)
    sent = []
    player.send = sent.append  # what the kernel tells the front end
    player._handle_message(player, {"type": "choose", "step": "opening", "option": "listen"}, [])
    assert player.answer == path(("opening", "listen")) and sent == [{"type": "done"}]
    # a second click on its way from the step just left: not a choice at this step
    player._handle_message(player, {"type": "choose", "step": "opening", "option": "policy"}, [])
    assert player.answer == path(("opening", "listen")) and sent == [{"type": "done"}] * 2
    player._handle_message(player, {"type": "choose", "step": "details", "option": "nope"}, [])
    assert player.answer == path(("opening", "listen"))
    assert player.notice == "'nope' is not a response at step 'details'; choose one of: log_it, promise"


# -- content, text and files -----------------------------------------------------------------
def test_broken_content_is_refused_with_field_names(practice_content, tmp_path):
    practice_content["steps"][0]["options"][0]["next"] = "nowhere"
    with pytest.raises(ContentError, match=r"steps\[0\]\.options\[0\]\.next: option 'listen' leads to 'nowhere'"):
        make(practice_content, tmp_path)


def test_other_content_is_refused_by_kind(tmp_path):
    from .test_sequencer import SEQUENCER_CONTENT

    with pytest.raises(ContentError, match="is a sequencer exercise, not a scenario"):
        ScenarioPlayer("02_service_cycle.x", SEQUENCER_CONTENT, store=AnswerStore(tmp_path))


def test_repr_shows_the_path_for_feedback_pages(graded_content, tmp_path):
    player = make(graded_content, tmp_path)
    assert repr(player) == f"Graded scenario {EID}, 0 responses chosen, the customer is waiting for a reply"
    play(player, "listen", "promise")
    assert repr(player) == (
        f"Graded scenario {EID}, 2 responses chosen, the conversation has ended. "
        "1. [Acknowledge] I'm sorry to hear that. Can you tell me what happened?; "
        "2. [Log the complaint] Leave it with me."
    )


def test_from_file_finds_the_exercise(tmp_path, practice_content):
    import yaml

    path_ = tmp_path / "exercises.yaml"
    path_.write_text(yaml.safe_dump({"exercises": {EID: practice_content}}))
    player = ScenarioPlayer.from_file(path_, EID, store=AnswerStore(tmp_path))
    assert player.title == "Practice: a damaged return" and player.step["id"] == "opening"
    with pytest.raises(ContentError, match=rf"'04_complaints.missing' is not in .*exercises.yaml; it has: {EID}"):
        ScenarioPlayer.from_file(path_, "04_complaints.missing")


def test_the_front_end_uses_buttons_and_keeps_keys_from_the_notebook():
    js, css = str(ScenarioPlayer._esm), str(ScenarioPlayer._css)
    assert js.startswith("// ScenarioPlayer front end") and css.startswith("/* ScenarioPlayer.")
    assert 'class: "ls-sc-option"' in js and 'type: "button"' in js and '"data-option": option.id' in js
    assert 'holder.dataset.exerciseId = model.get("exercise_id")' in js, "the root names its exercise"
    assert "event.stopPropagation()" in js
    assert 'if (event.ctrlKey || event.metaKey || (event.shiftKey && event.key === "Enter")) return;' in js
    assert "/^[1-9]$/.test(event.key)" in js, "number keys pick a response"
    assert '"aria-live": "polite"' in js and 'class: "ls-sc-transcript"' in js
    for name in ("ls-sc-back", "ls-sc-restart", "ls-sc-status", "ls-sc-notice", "ls-sc-badge", "ls-sc-ending"):
        assert name in js and f".{name}" in css
    assert ":focus-visible" in css and "var(--jp-" in css
    assert "window.confirm" not in js, "Start again is confirmed in the widget, not by a browser dialog"
    assert 'model.get("steps")' not in js and ".next" not in js, "the front end never holds the graph"
    assert 'model.send({ type: "choose", step: at.id, option: optionId })' in js, "a choice goes to the kernel"
