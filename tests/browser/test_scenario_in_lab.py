"""ScenarioPlayer in real JupyterLab: mouse, keyboard only, practice feedback, saved paths, restart and reload.

The graded role-play is walked as a learner walks it: the page never holds a step before it is
reached (nor the ending's words), each choice is final, the options come in the learner's own
order (another learner's differs; a restart keeps it), and what was clicked is what is marked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from logiserve.content import load_exercises
from logiserve.content.scenario import option_order

from ._grading import assert_graded_as_clicked
from ._lab import (
    KERNEL_IDLE,
    KERNEL_OUTPUT,
    cells_in_file,
    kernel_answer,
    open_notebook,
    run_all,
    run_cell_with,
    snapshot,
    wait_saved,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "04_complaints/complaints.ipynb"
PRACTICE_ID, GRADED_ID = "04_complaints.damaged_return", "04_complaints.missed_slot"
PRACTICE = f'.ls-sc[data-exercise-id="{PRACTICE_ID}"]'
GRADED = f'.ls-sc[data-exercise-id="{GRADED_ID}"]'


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
    expect(transfer.locator(".ls-sc-better")).to_contain_text("I'm logging this now and I'll handle it myself")
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


def shown(widget) -> list[str]:
    """The ids of the responses the widget shows now, top to bottom."""
    return widget.locator(".ls-sc-option").evaluate_all("(nodes) => nodes.map((n) => n.dataset.option)")


def expect_shown(widget, ids: list[str]) -> None:
    """Wait until the widget shows exactly these responses, in this order."""
    expect(widget.locator(".ls-sc-option")).to_have_count(len(ids))
    for place, option_id in enumerate(ids):
        expect(widget.locator(".ls-sc-option").nth(place)).to_have_attribute("data-option", option_id)


def page_text(page: Page) -> str:
    """Every text node of the page, shown or not, its white space run together."""
    return " ".join(page.evaluate("() => document.body.textContent").split())


def words_of(step: dict) -> list[str]:
    return [" ".join(text.split()) for text in (step["say"], *(o["text"] for o in step.get("options", [])))]


def assert_nothing_ahead(page: Page, steps: list[dict], reached: int) -> None:
    """No words of a step after the ``reached``-th (0-based, in the conversation's order) are on the page."""
    text = page_text(page)
    for step in steps[reached + 1 :]:
        for words in words_of(step):
            assert words not in text, f"step {step['id']!r} is not reached yet, but the page holds {words!r}"


def in_kernel(page: Page, code: str) -> str:
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    return page.evaluate(KERNEL_OUTPUT, code)


def test_graded_scenario_one_final_step_at_a_time_in_the_learner_s_order(page: Page, lab, grader):
    folder = lab.root / "04_complaints"
    content = load_exercises(Path(folder) / "exercises.yaml")[GRADED_ID]
    steps = content["steps"]  # every response of a step leads on to the next one here, the ending last
    order = [s["id"] for s in steps]
    ending = " ".join(steps[-1]["say"].split())
    open_notebook(page, lab, NOTEBOOK, GRADED)
    graded = page.locator(GRADED)
    expect(graded.locator(".ls-sc-badge")).to_contain_text("Graded")
    expect(graded.locator(".ls-sc-status")).to_contain_text("Each response is final")
    expect(graded.locator(".ls-sc-status")).to_contain_text("Your answer is saved as you go")
    expect(graded.locator(".ls-sc-help")).to_contain_text("Each response is final.")
    expect(graded.locator(".ls-sc-back")).to_have_count(0)  # no going back
    expect(graded.locator(".ls-sc-restart")).to_have_count(0)  # and no starting again

    # the order shown is this lab's learner's own (no hub user: the course's fixed order, not the author's),
    # in the course the learner's kernel works in
    course = in_kernel(page, "from logiserve.variants import course_id as _c\nprint(_c())").strip()

    def own(step_id: str, learner: str | None = None) -> list[str]:
        return option_order(content, step_id, exercise_id=GRADED_ID, learner=learner, course=course)

    expect_shown(graded, own("opening"))
    assert_nothing_ahead(page, steps, 0)
    assert ending not in page_text(page)

    taken: list[str] = []

    def took(step_id: str, option_id: str) -> None:
        taken.append(f"{step_id}:{option_id}")
        wait_saved(folder, GRADED_ID, path(*taken))
        at = order.index(step_id) + 1
        if not steps[at].get("ending"):
            expect_shown(graded, own(steps[at]["id"]))
            assert_nothing_ahead(page, steps, at)
            assert ending not in page_text(page)

    # keyboard only: focus a response and press Enter; focus follows to the next step's first response
    option(graded, "log_ref").focus()
    page.keyboard.press("Enter")
    took("opening", "log_ref")
    expect(option(graded, own("timescale")[0])).to_be_focused()
    # a number key picks the response shown with that number
    page.keyboard.press(str(own("timescale").index("later_today") + 1))
    took("timescale", "later_today")
    # Tab down to a response and press Space
    expect(option(graded, own("investigate")[0])).to_be_focused()
    for _ in range(own("investigate").index("escalate_claim")):
        page.keyboard.press("Tab")
    expect(option(graded, "escalate_claim")).to_be_focused()
    page.keyboard.press("Space")
    took("investigate", "escalate_claim")
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "keys in the widget must not add or delete cells"
    )
    expect(graded.locator(".ls-sc-transcript")).not_to_contain_text("Joanne thanks")  # no replies in graded mode
    snapshot(graded, "scenario-graded")

    # another learner sees this step's responses in another order; the path restores by id
    other = next(who for who in ("amira", "ben", "chen", "dara", "eli") if own("resolve", who) != own("resolve"))
    in_kernel(page, f"import os as _os\n_os.environ['LOGISERVE_LEARNER'] = {other!r}")
    run_cell_with(page, "fresco = ScenarioPlayer.from_file")
    expect_shown(page.locator(GRADED), own("resolve", other))
    expect(page.locator(GRADED).locator(".ls-sc-status")).to_contain_text("3 responses chosen")
    in_kernel(page, "del _os.environ['LOGISERVE_LEARNER']")

    # restart the kernel and run everything: the same path, the same order, and nothing ahead
    run_all(page, GRADED, restart=True)
    graded = page.locator(GRADED)
    expect(graded.locator(".ls-sc-status")).to_contain_text("3 responses chosen")
    expect_shown(graded, own("resolve"))
    assert_nothing_ahead(page, steps, order.index("resolve"))
    expect(graded.locator(".ls-sc-transcript")).to_contain_text("Later today, once I've been through the tracking")

    # by mouse to the end: the ending's words appear only now, and nothing can be chosen again
    for step_id, option_id in (("resolve", "cause_and_change"), ("follow_up", "ring_and_close")):
        option(graded, option_id).click()
        took(step_id, option_id)
    assert ending not in page_text(page)
    option(graded, "root_cause").click()
    taken.append("learn:root_cause")
    expected = path(*taken)
    wait_saved(folder, GRADED_ID, expected)
    expect(graded.locator(".ls-sc-transcript")).to_contain_text(ending)
    expect(graded.locator(".ls-sc-ending")).to_be_focused()
    expect(graded.locator(".ls-sc-ending")).to_contain_text(
        "This first path through the conversation is the one marked"
    )
    expect(graded.locator(".ls-sc-option")).to_have_count(0)
    expect(graded.locator(".ls-sc-back")).to_have_count(0)
    page.keyboard.press("1")
    assert kernel_answer(page, GRADED_ID) == expected, "the first complete path stays the answer"
    assert json.loads((folder / "answers.json").read_text())[GRADED_ID] == expected

    # reload the page and run again: the same path, finished
    page.reload()
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page, GRADED)
    expect(page.locator(GRADED).locator(".ls-sc-status")).to_contain_text(
        "6 responses chosen; the conversation has ended"
    )
    expect(page.locator(GRADED).locator(".ls-sc-transcript")).to_contain_text(ending)

    # submitted and autograded, it earns what check_scenario gives it: all but the call-back's two points
    earned, points = assert_graded_as_clicked(grader, folder, "04_complaints", GRADED_ID, expected)
    assert 0 < earned < points
