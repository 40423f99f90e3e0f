"""JourneyMap through its state, without a browser."""

import copy
import json

import pytest
from traitlets import TraitError

from logiserve.answer_store import ANSWERS_FILE
from logiserve.widgets import AnswerStore, ContentError, JourneyMap

EID = "03_moments_of_truth.test_journey"
ORDER = ["order_call", "delivery_window", "goods_in", "invoice", "follow_up"]
EMPTY = {"ratings": {}, "critical": [], "notes": {}}

JOURNEY_CONTENT = {
    "kind": "journey",
    "mode": "practice",
    "title": "Test",
    "prompt": "Rate each moment.",
    "assesses": ["MP2", "MC8", "MC9"],
    "min_notes": 2,
    "touchpoints": [
        {
            "id": "order_call",
            "label": "Order call",
            "evidence": "The buyer's call was answered in 20 seconds; the order was confirmed within the hour.",
            "rating": "positive",
            "critical": False,
            "explain": "Fast answer and confirmation: a good moment, but routine.",
        },
        {
            "id": "delivery_window",
            "label": "Delivery window",
            "evidence": "Booked 06:00-07:00; the lorry arrived 09:40. Goods-in had to re-plan two bays.",
            "rating": "negative",
            "critical": True,
            "explain": "A missed booking costs the customer labour: it decides how they see us.",
            "feedback": {
                "rating": {
                    "neutral": {"message": "Late by almost three hours is not neutral.", "misconception": "MC8"}
                },
                "critical": {"message": "A missed window shapes the whole relationship.", "misconception": "MC9"},
            },
        },
        {
            "id": "goods_in",
            "label": "Goods-in check",
            "evidence": "Pallets were checked in as booked; one label was hand-written.",
            "rating": "neutral",
            "critical": False,
            "explain": "Nothing went wrong and nothing stood out.",
        },
        {
            "id": "invoice",
            "label": "Invoice",
            "evidence": "The invoice charged for 26 pallets; 24 were delivered. Accounts disputed it twice.",
            "rating": "negative",
            "critical": True,
            "explain": "A wrong invoice makes the customer do our work twice.",
        },
        {
            "id": "follow_up",
            "label": "Follow-up call",
            "evidence": "The account manager rang the next morning to explain the late delivery.",
            "rating": "positive",
            "critical": False,
            "explain": "Early, proactive contact limits the damage.",
            "feedback": {
                "critical": {"message": "Helpful, but it does not decide the outcome.", "misconception": "MC15"}
            },
        },
    ],
}


@pytest.fixture
def practice_content():
    return copy.deepcopy(JOURNEY_CONTENT)


@pytest.fixture
def graded_content():
    content = copy.deepcopy(JOURNEY_CONTENT)
    content["mode"] = "graded"
    for touchpoint in content["touchpoints"]:
        for field in ("rating", "critical", "explain", "feedback"):
            touchpoint.pop(field, None)
    return content


def make(content, tmp_path, exercise_id=EID):
    return JourneyMap(exercise_id, content, store=AnswerStore(tmp_path))


def saved(tmp_path):
    return json.loads((tmp_path / ANSWERS_FILE).read_text())


# -- starting state --------------------------------------------------------------------------
def test_starts_empty_in_journey_order_without_the_key(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    assert journey.answer == EMPTY
    assert [t["id"] for t in journey.touchpoints] == ORDER
    assert all(set(t) == {"id", "label", "evidence"} for t in journey.touchpoints)
    assert journey.touchpoints[1]["evidence"].startswith("Booked 06:00-07:00")
    assert journey.min_notes == 2
    assert journey.status == "0 of 5 rated."
    assert not (tmp_path / ANSWERS_FILE).exists(), "an untouched widget writes nothing"


def test_min_notes_defaults_to_zero(practice_content, tmp_path):
    del practice_content["min_notes"]
    assert make(practice_content, tmp_path).min_notes == 0


# -- saving and restoring --------------------------------------------------------------------
def test_every_change_is_saved_at_once(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.rate("invoice", "negative")
    assert saved(tmp_path) == {EID: {"ratings": {"invoice": "negative"}, "critical": [], "notes": {}}}
    journey.rate("order_call", "positive")
    journey.mark_critical("invoice", True)
    journey.mark_critical("delivery_window")
    journey.note("invoice", "  Check pallet counts against the POD before invoicing.  ")
    assert saved(tmp_path)[EID] == {
        "ratings": {"order_call": "positive", "invoice": "negative"},
        "critical": ["delivery_window", "invoice"],
        "notes": {"invoice": "Check pallet counts against the POD before invoicing."},
    }
    journey.mark_critical("delivery_window", False)
    journey.rate("order_call", None)
    journey.note("invoice", "   ")
    assert saved(tmp_path)[EID] == {"ratings": {"invoice": "negative"}, "critical": ["invoice"], "notes": {}}
    assert journey.status == "Saved: 1 of 5 rated."


def test_a_new_widget_restores_the_saved_answer(graded_content, tmp_path):
    first = make(graded_content, tmp_path)
    answer = {
        "ratings": {"delivery_window": "negative", "goods_in": "neutral"},
        "critical": ["delivery_window"],
        "notes": {"delivery_window": "Book realistic windows."},
    }
    first.value = answer
    second = make(graded_content, tmp_path)
    assert second.answer == answer
    assert second.notice == ""
    assert second.status == "Saved: 2 of 5 rated. Your answer is marked after you submit."


def test_restore_keeps_usable_part_and_tells_the_learner(graded_content, tmp_path):
    stored = {
        "ratings": {"invoice": "negative", "ghost": "positive", "goods_in": "great", "order_call": 3},
        "critical": ["invoice", "ghost", "invoice", 7],
        "notes": {"invoice": "  Count before invoicing.  ", "ghost": "x", "goods_in": 5, "order_call": "y" * 281},
        "extra": "ignored",
    }
    AnswerStore(tmp_path).save(EID, stored)
    journey = make(graded_content, tmp_path)
    assert journey.answer == {
        "ratings": {"invoice": "negative"},
        "critical": ["invoice"],
        "notes": {"invoice": "Count before invoicing."},
    }
    assert journey.notice == (
        "Part of your saved answer could not be used (9 entries named unknown touchpoints or ratings, "
        "or held a note that is not text of at most 280 characters); the rest was restored. "
        "Check your journey map below."
    )
    assert AnswerStore(tmp_path).get(EID) == stored, "restoring must not rewrite the file"


def test_restore_drops_blank_notes_without_a_notice(graded_content, tmp_path):
    AnswerStore(tmp_path).save(EID, {"ratings": {}, "critical": [], "notes": {"invoice": "  "}})
    journey = make(graded_content, tmp_path)
    assert journey.answer == EMPTY and journey.notice == ""


@pytest.mark.parametrize(
    ("saved_value", "message"),
    [
        (["invoice"], "expected a journey map, found list"),
        ({"ratings": ["invoice"], "critical": [], "notes": {}}, "expected ratings, critical moments and notes"),
        ({"ratings": {}, "critical": "invoice", "notes": {}}, "expected ratings, critical moments and notes"),
        ({"ratings": {}, "critical": [], "notes": "x"}, "expected ratings, critical moments and notes"),
    ],
)
def test_restore_of_a_wrong_type_starts_empty_with_notice(graded_content, tmp_path, saved_value, message):
    AnswerStore(tmp_path).save(EID, saved_value)
    journey = make(graded_content, tmp_path)
    assert journey.answer == EMPTY
    assert message in journey.notice
    assert AnswerStore(tmp_path).get(EID) == saved_value, "restoring must not rewrite the file"


def test_damaged_answers_file_starts_empty_and_tells(graded_content, tmp_path):
    (tmp_path / ANSWERS_FILE).write_text("{oops")
    journey = make(graded_content, tmp_path)
    assert journey.answer == EMPTY
    assert "could not be used" in journey.notice and "answers.damaged-" in journey.notice
    assert [p.read_text() for p in tmp_path.glob("answers.damaged-*.json")] == ["{oops"]


def test_save_failure_is_shown_and_the_answer_kept(practice_content, tmp_path, monkeypatch):
    journey = make(practice_content, tmp_path)

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("logiserve.answer_store.os.fsync", full)
    journey.note("invoice", "Count pallets before invoicing.")
    assert journey.status_kind == "error"
    assert "could not be saved" in journey.status
    assert journey.answer == {"ratings": {}, "critical": [], "notes": {"invoice": "Count pallets before invoicing."}}
    monkeypatch.undo()
    journey.rate("invoice", "negative")  # the next change saves everything shown
    assert journey.status_kind == "ok"
    assert AnswerStore(tmp_path).get(EID) == {
        "ratings": {"invoice": "negative"},
        "critical": [],
        "notes": {"invoice": "Count pallets before invoicing."},
    }


# -- the value ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"ratings": {"nobody": "positive"}}, "'nobody' is not a touchpoint of this exercise"),
        ({"ratings": {"invoice": "great"}}, "'great' is not a rating; choose one of positive, neutral, negative"),
        ({"ratings": {"invoice": 1}}, "1 is not a rating"),
        ({"ratings": ["invoice"]}, "'ratings' must map touchpoint ids to ratings, not list"),
        ({"critical": "invoice"}, "'critical' must be a list of touchpoint ids, not str"),
        ({"critical": ["invoice", "invoice"]}, "'invoice' is marked critical twice"),
        ({"critical": ["nobody"]}, "'nobody' is not a touchpoint of this exercise"),
        ({"critical": [3]}, "3 is not a touchpoint of this exercise"),
        ({"notes": {"invoice": 3}}, "the note for 'invoice' must be text, not int"),
        ({"notes": {"nobody": "text"}}, "'nobody' is not a touchpoint of this exercise"),
        ({"notes": ["text"]}, "'notes' must map touchpoint ids to text, not list"),
        ({"notes": {"invoice": "x" * 281}}, "the note for 'invoice' has 281 characters; a note can have at most 280"),
        ({**EMPTY, "extra": 1}, "holds only 'ratings', 'critical' and 'notes'"),
    ],
)
def test_invalid_value_never_reaches_the_model(practice_content, tmp_path, value, message):
    journey = make(practice_content, tmp_path)
    with pytest.raises(TraitError, match=message):
        journey.value = value
    assert journey.value == EMPTY
    assert not (tmp_path / ANSWERS_FILE).exists()


def test_a_281_character_note_is_refused_by_the_helper_too(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.note("invoice", "first")
    with pytest.raises(TraitError, match="has 281 characters; a note can have at most 280"):
        journey.note("invoice", "y" * 281)
    assert journey.answer["notes"] == {"invoice": "first"}
    assert AnswerStore(tmp_path).get(EID)["notes"] == {"invoice": "first"}


def test_notes_are_trimmed_before_they_are_measured(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.note("invoice", "   " + "z" * 280 + "\n\n")
    assert journey.answer["notes"]["invoice"] == "z" * 280
    journey.note("goods_in", "line one\nline two")
    assert journey.answer["notes"]["goods_in"] == "line one\nline two"


def test_value_is_made_plain_and_in_journey_order(practice_content, tmp_path):
    class Sneaky(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

    journey = make(practice_content, tmp_path)
    journey.value = {
        "ratings": {"invoice": Sneaky("negative"), Sneaky("order_call"): "positive"},
        "critical": ("invoice", Sneaky("delivery_window")),
        "notes": {"invoice": Sneaky(" Count pallets. "), "order_call": ""},
    }
    assert journey.value == {
        "ratings": {"order_call": "positive", "invoice": "negative"},
        "critical": ["delivery_window", "invoice"],
        "notes": {"invoice": "Count pallets."},
    }
    assert list(journey.value["ratings"]) == ["order_call", "invoice"]
    assert all(type(tp) is str for tp in [*journey.value["ratings"], *journey.value["critical"]])
    assert all(type(r) is str for r in journey.value["ratings"].values())
    assert type(journey.value["notes"]["invoice"]) is str
    with pytest.raises(TraitError, match="not a touchpoint"):
        journey.value = {"critical": [Sneaky("nobody")]}
    journey.value = {"ratings": {"goods_in": "neutral"}}
    assert journey.value == {"ratings": {"goods_in": "neutral"}, "critical": [], "notes": {}}


def test_answer_is_a_plain_copy(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.rate("invoice", "negative")
    answer = journey.answer
    answer["ratings"]["goods_in"] = "neutral"
    answer["critical"].append("invoice")
    answer["notes"]["invoice"] = "x"
    assert journey.answer == {"ratings": {"invoice": "negative"}, "critical": [], "notes": {}}
    assert type(answer) is dict and json.loads(json.dumps(answer)) == answer


def test_labels_in_journey_order(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    assert list(journey.labels) == ORDER
    assert journey.labels["delivery_window"] == "Delivery window"


# -- practice feedback -----------------------------------------------------------------------
def test_practice_check_gives_feedback_naming_the_misconception(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.value = {
        "ratings": {
            "order_call": "positive",
            "delivery_window": "neutral",
            "goods_in": "negative",
            "invoice": "negative",
        },
        "critical": ["delivery_window", "follow_up"],
        "notes": {"invoice": "Too short"},
    }
    feedback = journey.check()
    assert set(feedback) == {"order_call", "delivery_window", "goods_in", "invoice", "follow_up"}
    assert feedback["order_call"] == {
        "rating_correct": True,
        "critical_correct": True,
        "message": "Fast answer and confirmation: a good moment, but routine.",
        "misconception": "",
        "misconception_title": "",
    }
    assert feedback["delivery_window"] == {
        "rating_correct": False,
        "critical_correct": True,
        "message": "Late by almost three hours is not neutral.",
        "misconception": "MC8",
        "misconception_title": "looking only at the negative moments",
    }
    assert feedback["goods_in"] == {
        "rating_correct": False,
        "critical_correct": True,
        "message": "Not Negative. Look again at the evidence for this moment.",
        "misconception": "",
        "misconception_title": "",
    }
    assert feedback["invoice"] == {
        "rating_correct": True,
        "critical_correct": False,
        "message": (
            "Look again: would a failure here do the most damage, or does the customer decide here whether to stay?"
        ),
        "misconception": "",
        "misconception_title": "",
    }
    assert feedback["follow_up"] == {
        "rating_correct": None,
        "critical_correct": False,
        "message": "Rate this moment too. Helpful, but it does not decide the outcome.",
        "misconception": "MC15",
        "misconception_title": "seeing customer service as only reactive",
    }
    assert journey.summary == (
        "2 of 5 ratings right; 1 of 2 critical moments found, 1 marked that is not critical. "
        "Notes on 0 touchpoints; 2 asked for. 1 not rated yet."
    )
    assert journey.feedback == feedback


def test_a_missed_moment_of_truth_names_its_misconception(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.rate("delivery_window", "negative")
    feedback = journey.check()["delivery_window"]
    assert feedback["rating_correct"] is True and feedback["critical_correct"] is False
    assert feedback["message"] == "A missed window shapes the whole relationship."
    assert (feedback["misconception"], feedback["misconception_title"]) == (
        "MC9",
        "ignoring the cumulative effect of touchpoints",
    )


def test_unrated_and_unmarked_touchpoints_get_no_feedback(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.note("invoice", "Count pallets against the POD before invoicing.")
    assert journey.check() == {}
    assert journey.summary == (
        "0 of 5 ratings right; 0 of 2 critical moments found. Notes on 1 touchpoint; 2 asked for. 5 not rated yet."
    )


def test_practice_reveals_rating_and_flag_after_two_wrong_checks(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.value = {"ratings": {"delivery_window": "positive", "order_call": "positive"}, "critical": ["goods_in"]}
    first = journey.check()
    assert "Answer" not in first["delivery_window"]["message"]
    assert "Answer" not in first["goods_in"]["message"]
    journey.check()
    assert journey.feedback["delivery_window"]["message"] == (
        "Not Positive. Look again at the evidence for this moment. "
        "A missed window shapes the whole relationship. "
        "Answer: Negative, a critical moment. A missed booking costs the customer labour: it decides how they see us."
    )
    assert journey.feedback["goods_in"]["message"] == (
        "Rate this moment too. Look again: every contact is a moment of truth, but is this one where a failure "
        "does the most damage or the customer decides whether to stay? "
        "Answer: Neutral, not a critical moment. Nothing went wrong and nothing stood out."
    )
    assert journey.feedback["order_call"]["message"] == "Fast answer and confirmation: a good moment, but routine."


def test_a_missing_rating_alone_is_not_a_wrong_check(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.mark_critical("invoice")
    journey.check()
    journey.check()
    assert journey.feedback["invoice"] == {
        "rating_correct": None,
        "critical_correct": True,
        "message": "Rate this moment too.",
        "misconception": "",
        "misconception_title": "",
    }


def test_a_change_clears_only_the_feedback_it_makes_stale(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.value = {"ratings": {"order_call": "negative", "goods_in": "neutral", "invoice": "negative"}}
    journey.check()
    journey.rate("order_call", "positive")
    assert set(journey.feedback) == {"goods_in", "invoice"} and journey.summary == ""
    journey.check()
    journey.mark_critical("invoice")
    assert set(journey.feedback) == {"order_call", "goods_in"}
    journey.check()
    journey.note("invoice", "Check counts.")
    assert set(journey.feedback) == {"order_call", "goods_in", "invoice"}
    assert journey.summary == "", "the summary counts notes"


def test_without_notes_asked_a_note_keeps_the_summary(practice_content, tmp_path):
    practice_content["min_notes"] = 0
    journey = make(practice_content, tmp_path)
    journey.rate("goods_in", "neutral")
    journey.check()
    journey.note("goods_in", "Print labels.")
    assert journey.summary == "1 of 5 ratings right; 0 of 2 critical moments found. 4 not rated yet."


def test_all_right_says_well_done(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.value = {
        "ratings": {t["id"]: t["rating"] for t in practice_content["touchpoints"]},
        "critical": ["delivery_window", "invoice"],
        "notes": {
            "invoice": "Count pallets against the POD.",
            "delivery_window": "Agree realistic delivery windows with the goods-in team.",
        },
    }
    feedback = journey.check()
    assert all(f["rating_correct"] and f["critical_correct"] for f in feedback.values())
    assert set(feedback) == set(ORDER)
    assert journey.summary == (
        "5 of 5 ratings right; 2 of 2 critical moments found. Notes on 2 touchpoints; 2 asked for. "
        "Well done: every rating and every critical moment is right."
    )


def test_the_summary_counts_notes_as_the_graded_check_does(practice_content, tmp_path):
    """Filler, a note naming nothing of its touchpoint, and the evidence copied out do not count."""
    journey = make(practice_content, tmp_path)
    journey.value = {
        "ratings": {"invoice": "negative"},
        "notes": {
            "order_call": "This could be better for the customer next time.",
            "goods_in": "Ring the driver before the lorry sets off.",
            "invoice": "The invoice charged for 26 pallets; 24 were delivered.",
            "delivery_window": "Agree realistic delivery windows with the goods-in team.",
        },
    }
    journey.check()
    assert "Notes on 1 touchpoint; 2 asked for." in journey.summary


def test_no_well_done_while_notes_are_missing(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.value = {
        "ratings": {t["id"]: t["rating"] for t in practice_content["touchpoints"]},
        "critical": ["delivery_window", "invoice"],
    }
    journey.check()
    assert (
        journey.summary == "5 of 5 ratings right; 2 of 2 critical moments found. Notes on 0 touchpoints; 2 asked for."
    )


def test_a_journey_without_moments_of_truth(practice_content, tmp_path):
    for touchpoint in practice_content["touchpoints"]:
        touchpoint["critical"] = False
        touchpoint.pop("feedback", None)
    practice_content["min_notes"] = 0
    journey = make(practice_content, tmp_path)
    journey.value = {"ratings": {"invoice": "negative"}, "critical": ["invoice", "goods_in"]}
    journey.check()
    assert journey.summary == "1 of 5 ratings right; 2 marked critical that are not. 4 not rated yet."


def test_check_message_from_the_front_end_runs_check(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    journey.rate("invoice", "negative")
    journey._handle_message(journey, {"type": "check"}, [])
    assert journey.feedback["invoice"]["rating_correct"] is True
    journey._handle_message(journey, {"type": "nonsense"}, [])
    journey._handle_message(journey, "not even a dict", [])


# -- graded mode and the key -----------------------------------------------------------------
def test_graded_mode_holds_no_key_and_refuses_check(graded_content, tmp_path):
    journey = make(graded_content, tmp_path)
    assert journey._key_ratings == {} and journey._key_critical == {}
    assert journey._explain == {} and journey._tp_feedback == {}
    with pytest.raises(RuntimeError, match="marked after you submit"):
        journey.check()
    assert journey.status == "Nothing rated yet (0 of 5). Your answer is saved as you go."
    journey.rate("invoice", "negative")
    assert journey.status == "Saved: 1 of 5 rated. Your answer is marked after you submit."


def test_synced_state_never_carries_the_practice_key(practice_content, tmp_path):
    journey = make(practice_content, tmp_path)
    text = json.dumps(journey.get_state())
    for touchpoint in practice_content["touchpoints"]:
        assert touchpoint["explain"] not in text
    assert "Late by almost three hours" not in text and "A missed window" not in text and "MC15" not in text
    assert '"rating":' not in text and '"critical": true' not in text and '"critical": false' not in text


# -- content, text and files -----------------------------------------------------------------
def test_broken_content_is_refused_with_field_names(practice_content, tmp_path):
    practice_content["touchpoints"][0]["rating"] = "great"
    with pytest.raises(ContentError, match=r"touchpoints\[0\]\.rating: 'great' is not one of"):
        make(practice_content, tmp_path)


def test_sequencer_content_is_refused_by_kind(tmp_path):
    from .test_sequencer import SEQUENCER_CONTENT

    with pytest.raises(ContentError, match="is a sequencer exercise, not a journey"):
        JourneyMap("02_service_cycle.x", SEQUENCER_CONTENT, store=AnswerStore(tmp_path))


def test_repr_shows_the_answer_for_feedback_pages(graded_content, tmp_path):
    journey = make(graded_content, tmp_path)
    assert repr(journey) == f"Graded journey map {EID}, 0 of 5 rated"
    journey.value = {
        "ratings": {"invoice": "negative", "order_call": "positive"},
        "critical": ["invoice", "delivery_window"],
        "notes": {"delivery_window": "Book realistic windows."},
    }
    assert repr(journey) == (
        f"Graded journey map {EID}, 2 of 5 rated, critical: Delivery window, Invoice. "
        'Ratings: Order call: Positive; Invoice: Negative. Notes: Delivery window: "Book realistic windows."'
    )


def test_from_file_finds_the_exercise(tmp_path, practice_content):
    import yaml

    path = tmp_path / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": {EID: practice_content}}))
    journey = JourneyMap.from_file(path, EID, store=AnswerStore(tmp_path))
    assert journey.title == "Test" and len(journey.touchpoints) == 5
    with pytest.raises(ContentError, match=rf"'03_moments_of_truth.missing' is not in .*exercises.yaml; it has: {EID}"):
        JourneyMap.from_file(path, "03_moments_of_truth.missing")


def test_the_front_end_uses_native_controls_and_keeps_keys_from_the_notebook():
    js, css = str(JourneyMap._esm), str(JourneyMap._css)
    assert js.startswith("// JourneyMap front end") and css.startswith("/* JourneyMap.")
    for needle in ('type: "radio"', 'type: "checkbox"', '"textarea"', "maxlength: MAX_NOTE", "const MAX_NOTE = 280"):
        assert needle in js
    assert "onchange: (event) => {" in js and "saveNote(tp.id, event.target.value)" in js, "notes save on change"
    assert "oninput: (event) => {\n        const text = event.target.value;\n        drafts.set" in js, (
        "typing only drafts"
    )
    assert "event.stopPropagation()" in js and "window.confirm" in js
    assert ":focus-visible" in css and "var(--jp-" in css


def test_the_touchpoints_keep_journey_order_for_every_learner(graded_content, practice_content, tmp_path, monkeypatch):
    # a journey's order is its chronology, the content itself, and is not marked: it is not shuffled
    from logiserve import variants

    monkeypatch.setattr(variants, "_AUTOGRADED_HERE", {})
    for learner in ("amira", "ben", "chris"):
        monkeypatch.setenv("JUPYTERHUB_USER", learner)
        for content in (graded_content, practice_content):
            journey = make(content, tmp_path)
            assert [t["id"] for t in journey.touchpoints] == [t["id"] for t in content["touchpoints"]]
            assert list(journey.labels) == [t["id"] for t in content["touchpoints"]]
