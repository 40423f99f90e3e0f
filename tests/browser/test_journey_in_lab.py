"""JourneyMap in real JupyterLab: ratings, critical moments and notes by mouse and by keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ._grading import assert_graded_as_clicked
from ._lab import cells_in_file, kernel_answer, open_notebook, run_all, saved, snapshot, wait_saved

pytestmark = pytest.mark.browser

NOTEBOOK = "03_moments_of_truth/moments_of_truth.ipynb"
PRACTICE_ID, GRADED_ID = "03_moments_of_truth.greenacre_journey", "03_moments_of_truth.fresco_journey"
PRACTICE, GRADED = f'.ls-jm[data-exercise="{PRACTICE_ID}"]', f'.ls-jm[data-exercise="{GRADED_ID}"]'


def card(page: Page, widget: str, touchpoint: str):
    return page.locator(f'{widget} .ls-jm-card[data-touchpoint="{touchpoint}"]')


def test_journey_map_by_mouse_keyboard_and_restart(page: Page, lab, grader):
    folder = lab.root / "03_moments_of_truth"
    open_notebook(page, lab, NOTEBOOK, GRADED)
    expect(page.locator(f"{PRACTICE} .ls-jm-card")).to_have_count(6)

    # mouse: rate, tick a critical moment, check; the feedback names the misconception
    card(page, PRACTICE, "driver_at_door").get_by_label("Neutral").click()
    card(page, PRACTICE, "delivery_window").get_by_label("Negative").click()
    card(page, PRACTICE, "delivery_window").get_by_label("Critical moment").check()
    expected = {
        "ratings": {"driver_at_door": "neutral", "delivery_window": "negative"},
        "critical": ["delivery_window"],
        "notes": {},
    }
    wait_saved(folder, PRACTICE_ID, expected)
    page.locator(f"{PRACTICE} .ls-jm-check").click()
    feedback = card(page, PRACTICE, "driver_at_door").locator(".ls-jm-feedback")
    expect(feedback).to_contain_text("Common mistake MC8: looking only at the negative moments.")
    snapshot(page.locator(PRACTICE), "journey-practice-feedback")

    # keyboard only on the graded map: arrows in the radio group, Space on the box, typing a note
    card(page, GRADED, "recovery_trailer").get_by_label("Positive").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves the choice to Neutral
    page.keyboard.press("ArrowLeft")  # and back to Positive
    page.keyboard.press("Tab")  # to the moment-of-truth box
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the note
    expect(card(page, GRADED, "recovery_trailer").locator("textarea")).to_be_focused()
    page.keyboard.type("Phone each store before the recovery trailer sets off.")
    page.keyboard.press("Tab")  # leaving the note saves it
    expected = {
        "ratings": {"recovery_trailer": "positive"},
        "critical": ["recovery_trailer"],
        "notes": {"recovery_trailer": "Phone each store before the recovery trailer sets off."},
    }
    wait_saved(folder, GRADED_ID, expected)
    expect(page.locator(f"{GRADED} .ls-jm-check")).to_have_count(0)
    expect(page.locator(f"{GRADED} .ls-jm-status")).to_have_text(
        "Saved: 1 of 10 rated. Your answer is marked after you submit."
    )
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "typing in the widget must not add or delete cells"
    )
    snapshot(page.locator(GRADED), "journey-graded")

    # restart the kernel and run everything: the answer and the note come back
    run_all(page, GRADED, restart=True)
    expect(card(page, GRADED, "recovery_trailer").get_by_label("Positive")).to_be_checked()
    expect(card(page, GRADED, "recovery_trailer").get_by_label("Critical moment")).to_be_checked()
    expect(card(page, GRADED, "recovery_trailer").locator("textarea")).to_have_value(
        "Phone each store before the recovery trailer sets off."
    )
    assert saved(folder)[GRADED_ID] == expected

    # reload the page: the same
    page.reload()
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page, GRADED)
    expect(card(page, GRADED, "recovery_trailer").get_by_label("Positive")).to_be_checked()
    expect(card(page, GRADED, "recovery_trailer").locator("textarea")).to_have_value(
        "Phone each store before the recovery trailer sets off."
    )

    # the kernel holds that answer; submitted and autograded, it earns what its check gives it
    assert kernel_answer(page, GRADED_ID) == expected
    earned, points = assert_graded_as_clicked(grader, folder, "03_moments_of_truth", GRADED_ID, expected)
    assert 0 < earned < points  # 1 of 10 touchpoints rated
