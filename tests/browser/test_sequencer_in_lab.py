"""StepSequencer in real JupyterLab: mouse, keyboard, stages, saved answers and kernel restart."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ._grading import assert_graded_as_clicked
from ._lab import kernel_answer, open_notebook, run_all, saved, snapshot, wait_saved

pytestmark = pytest.mark.browser

NOTEBOOK = "02_service_cycle/service_cycle.ipynb"
PRACTICE = '.ls-seq[data-exercise="02_service_cycle.parcel_journey"]'
GRADED = '.ls-seq[data-exercise="02_service_cycle.order_to_returns"]'
PRACTICE_ID, GRADED_ID = "02_service_cycle.parcel_journey", "02_service_cycle.order_to_returns"


def pool_step(page: Page, widget: str, label: str):
    return page.locator(f"{widget} .ls-seq-pool .ls-seq-step", has_text=label)


def placed(page: Page, widget: str):
    return page.locator(f"{widget} .ls-seq-sequence .ls-seq-step")


def test_sequencer_by_mouse_keyboard_and_restart(page: Page, lab, grader):
    folder = lab.root / "02_service_cycle"
    open_notebook(page, lab, NOTEBOOK, GRADED)
    practice = page.locator(PRACTICE)
    expect(practice.locator(".ls-seq-pool .ls-seq-step")).to_have_count(8)
    expect(placed(page, PRACTICE)).to_have_count(0)

    # mouse: drag into the sequence, drop on a step to insert before it, click "Add"
    pool_step(page, PRACTICE, "Order received").drag_to(practice.locator(".ls-seq-end"))
    wait_saved(folder, PRACTICE_ID, {"order": ["order_placed"], "stages": {}})
    pool_step(page, PRACTICE, "Delivery question answered").drag_to(placed(page, PRACTICE).first)
    wait_saved(folder, PRACTICE_ID, {"order": ["delivery_question", "order_placed"], "stages": {}})
    practice.locator(".ls-seq-pool .ls-seq-card", has_text="Return label sent").locator(".ls-seq-add").click()
    expected = {"order": ["delivery_question", "order_placed", "return_label"], "stages": {}}
    wait_saved(folder, PRACTICE_ID, expected)

    # stages with the native select; wrong stage for the return shows the misconception
    practice.get_by_label("Stage of Delivery question answered").select_option("pre_transaction")
    practice.get_by_label("Stage of Return label sent").select_option("transaction")
    expected["stages"] = {"delivery_question": "pre_transaction", "return_label": "transaction"}
    wait_saved(folder, PRACTICE_ID, expected)
    practice.locator(".ls-seq-check").click()
    feedback = practice.locator(".ls-seq-placed", has_text="Return label sent").locator(".ls-seq-feedback")
    expect(feedback).to_contain_text("Common mistake MC12: forgetting post-transaction service and returns.")
    snapshot(practice, "sequencer-practice-feedback")

    # keyboard only on the graded sequencer: Enter adds, Alt+Up moves, Delete takes back
    graded = page.locator(GRADED)
    expect(graded.locator(".ls-seq-check")).to_have_count(0)
    pool_step(page, GRADED, "Picking").focus()
    page.keyboard.press("Enter")
    expect(placed(page, GRADED).filter(has_text="Picking")).to_be_focused()
    pool_step(page, GRADED, "Order receipt").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+ArrowUp")
    wait_saved(folder, GRADED_ID, {"order": ["order_receipt", "picking"], "stages": {}})
    expect(placed(page, GRADED).first).to_contain_text("Order receipt")
    pool_step(page, GRADED, "Feedback review").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Delete")
    wait_saved(folder, GRADED_ID, {"order": ["order_receipt", "picking"], "stages": {}})
    picking_stage = graded.get_by_label("Stage of Picking")
    picking_stage.focus()
    page.keyboard.press("ArrowDown")  # the select moves to its next option; JupyterLab must not take the key
    wait_saved(folder, GRADED_ID, {"order": ["order_receipt", "picking"], "stages": {"picking": "pre_transaction"}})
    expect(graded.locator(".ls-seq-status")).to_have_text(
        "Saved: 2 of 13 placed. Your answer is marked after you submit."
    )
    assert page.locator(".jp-Notebook .jp-Cell").count() == 45, "keys in the widget must not add or delete cells"
    snapshot(graded, "sequencer-graded")

    # restart the kernel and run everything: both answers come back
    run_all(page, GRADED, restart=True)
    expect(placed(page, GRADED)).to_have_count(2)
    expect(placed(page, GRADED).first).to_contain_text("Order receipt")
    expect(placed(page, PRACTICE)).to_have_count(3)
    assert saved(folder)[GRADED_ID]["stages"] == {"picking": "pre_transaction"}

    # reload the page: the same
    page.reload()
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page, GRADED)
    expect(placed(page, GRADED)).to_have_count(2)
    expect(graded.get_by_label("Stage of Picking")).to_have_value("pre_transaction")

    # the kernel holds that answer; submitted and autograded, it earns what its check gives it
    expected = {"order": ["order_receipt", "picking"], "stages": {"picking": "pre_transaction"}}
    assert kernel_answer(page, GRADED_ID) == expected
    earned, points = assert_graded_as_clicked(grader, folder, "02_service_cycle", GRADED_ID, expected)
    assert 0 < earned < points  # 2 of 13 steps placed, one stage wrong
