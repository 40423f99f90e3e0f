"""ScenarioPlayer in real JupyterLab: mouse, keyboard only, practice feedback, saved paths, restart and reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ._grading import assert_graded_as_clicked
from ._lab import kernel_answer, open_notebook, run_all, snapshot, wait_saved

pytestmark = pytest.mark.browser

NOTEBOOK = "04_complaints/complaints.ipynb"
PRACTICE_ID, GRADED_ID = "04_complaints.damaged_return", "04_complaints.missed_slot"
PRACTICE = f'.ls-sc[data-exercise-id="{PRACTICE_ID}"]'
GRADED = f'.ls-sc[data-exercise-id="{GRADED_ID}"]'
CELLS = 42


def path(*pairs: str) -> dict:
    return {"path": [{"step": s, "option": o} for s, o in (p.split(":") for p in pairs)]}


def option(widget, option_id: str):
    return widget.locator(f'.ls-sc-option[data-option="{option_id}"]')


def test_practice_scenario_by_mouse_ends_with_feedback_per_step(page: Page, lab):
    folder = lab.root / "04_complaints"
    open_notebook(page, lab, NOTEBOOK, GRADED)
    practice = page.locator(PRACTICE)
    expect(practice.locator(".ls-sc-option")).to_have_count(3)

    taken = [
        "opening:transfer",
        "details_cross:log_now",
        "investigate:check_records",
        "resolve:her_choice",
        "follow_up:call_and_close",
        "learn:file_it",
    ]
    for number, pair in enumerate(taken, start=1):
        option(practice, pair.split(":")[1]).click()
        wait_saved(folder, PRACTICE_ID, path(*taken[:number]))
    expect(practice.locator(".ls-sc-transcript")).to_contain_text("Next month three more customers complain")
    expect(practice.locator(".ls-sc-ending")).to_be_focused()
    review = practice.locator(".ls-sc-review")
    expect(review.locator(".ls-sc-fb")).to_have_count(6)
    transfer = review.locator('.ls-sc-fb[data-step="opening"]')
    expect(transfer).to_contain_text("A stronger response was open")
    expect(transfer).to_contain_text("skipping steps of the complaint procedure")
    expect(transfer.locator(".ls-sc-better")).to_contain_text("I'm going to log this now")
    expect(review.locator('.ls-sc-fb[data-step="investigate"]')).to_contain_text("Strongest response")
    expect(review.locator('.ls-sc-fb[data-step="learn"]')).to_contain_text("no feedback loop")
    expect(practice.locator(".ls-sc-summary")).to_have_text(
        "Your handling scored 7 of a possible 12: a stronger response was open at 2 of 6 steps."
    )
    page.set_viewport_size({"width": 1400, "height": 2800})  # the whole conversation and its review in view
    snapshot(practice, "scenario-practice-feedback")
    page.set_viewport_size({"width": 1400, "height": 1600})

    # go back one step by mouse: the ending and its feedback go, the last response can be chosen again
    practice.locator(".ls-sc-back").click()
    wait_saved(folder, PRACTICE_ID, path(*taken[:5]))
    expect(practice.locator(".ls-sc-review")).to_have_count(0)
    expect(option(practice, "root_cause")).to_be_visible()


def test_graded_scenario_by_keyboard_only_survives_restart_and_reload(page: Page, lab, grader):
    folder = lab.root / "04_complaints"
    open_notebook(page, lab, NOTEBOOK, GRADED)
    graded = page.locator(GRADED)
    expect(graded.locator(".ls-sc-badge")).to_contain_text("Graded")
    expect(graded.locator(".ls-sc-status")).to_contain_text("Your answer is saved as you go")

    # Tab into the widget's first response, Enter picks it; focus follows to the next step's first response
    first = option(graded, "log_and_own")
    first.focus()
    page.keyboard.press("Enter")
    wait_saved(folder, GRADED_ID, path("opening:log_and_own"))
    expect(option(graded, "set_time")).to_be_focused()
    # a number key picks the response with that number
    page.keyboard.press("2")
    wait_saved(folder, GRADED_ID, path("opening:log_and_own", "timescale:vague"))
    expect(option(graded, "update_and_escalate")).to_be_focused()
    # Tab to the second response of this step and press Space
    page.keyboard.press("Tab")
    expect(option(graded, "approve_yourself")).to_be_focused()
    page.keyboard.press("Space")
    expected = path("opening:log_and_own", "timescale:vague", "investigate:approve_yourself")
    wait_saved(folder, GRADED_ID, expected)
    # take it back with the keyboard: reach "Go back one step" and press Enter
    graded.locator(".ls-sc-back").focus()
    page.keyboard.press("Enter")
    wait_saved(folder, GRADED_ID, path("opening:log_and_own", "timescale:vague"))
    option(graded, "update_and_escalate").focus()
    page.keyboard.press("Enter")
    expected = path("opening:log_and_own", "timescale:vague", "investigate:update_and_escalate")
    wait_saved(folder, GRADED_ID, expected)
    expect(graded.locator(".ls-sc-status")).to_contain_text("3 responses chosen")
    expect(graded.locator(".ls-sc-review")).to_have_count(0)  # graded: no feedback before submission
    assert page.locator(".jp-Notebook .jp-Cell").count() == CELLS, "keys in the widget must not add or delete cells"
    snapshot(graded, "scenario-graded")

    # restart the kernel and run everything: the path comes back, with its transcript
    run_all(page, GRADED, restart=True)
    expect(graded.locator(".ls-sc-status")).to_contain_text("3 responses chosen")
    expect(graded.locator(".ls-sc-transcript")).to_contain_text("As soon as we know anything.")
    expect(option(graded, "full_reply")).to_be_visible()

    # reload the page and run again: the same
    page.reload()
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page, GRADED)
    expect(page.locator(GRADED).locator(".ls-sc-status")).to_contain_text("3 responses chosen")
    expect(option(page.locator(GRADED), "full_reply")).to_be_visible()
    wait_saved(folder, GRADED_ID, expected)

    # the kernel holds that path; submitted and autograded, it earns what check_scenario gives it
    assert kernel_answer(page, GRADED_ID) == expected
    earned, points = assert_graded_as_clicked(grader, folder, "04_complaints", GRADED_ID, expected)
    assert 0 < earned < points  # three of the conversation's steps, one of them a weak response
