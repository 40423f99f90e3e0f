"""CategorySorter in real JupyterLab: mouse, keyboard, saved answers, kernel restart, page reload."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import Page, expect

from logiserve.content import load_exercises
from logiserve.course import DEFAULT_COURSE_ID
from logiserve.shuffle import learner_order

from ._grading import assert_graded_as_clicked
from ._lab import cells_in_file, kernel_answer, snapshot
from ._lab import open_notebook as _open
from ._lab import run_all as _run_all
from ._lab import saved as _saved
from ._lab import wait_saved as _wait_saved

pytestmark = pytest.mark.browser

NOTEBOOK = "01_customers/customers.ipynb"
PRACTICE = '.ls-sorter[data-exercise="01_customers.who_do_we_serve"]'
GRADED = '.ls-sorter[data-exercise="01_customers.sort_the_parties"]'
GRADED_ID = "01_customers.sort_the_parties"


def open_notebook(page: Page, lab) -> None:
    _open(page, lab, NOTEBOOK, GRADED)


def run_all(page: Page, restart: bool = False) -> None:
    _run_all(page, GRADED, restart=restart)


def wait_saved(lab, exercise_id: str, expected) -> None:
    _wait_saved(lab.root / "01_customers", exercise_id, expected)


def saved(lab) -> dict:
    return _saved(lab.root / "01_customers")


def card(page: Page, sorter: str, label: str):
    return page.locator(f"{sorter} .ls-item", has_text=label)


def column(page: Page, sorter: str, category: str):
    return page.locator(f'{sorter} .ls-column[data-category="{category}"]')


def test_sorters_by_mouse_keyboard_restart_and_reload(page: Page, lab, grader):
    open_notebook(page, lab)
    practice, graded = page.locator(PRACTICE), page.locator(GRADED)
    expect(practice.locator(".ls-item")).to_have_count(9)
    expect(graded.locator(".ls-item")).to_have_count(11)
    expect(graded.locator(".ls-check")).to_have_count(0)

    # mouse: drag and drop, then click-to-place
    card(page, PRACTICE, "BoxRight Packaging Ltd").drag_to(column(page, PRACTICE, "external"))
    wait_saved(lab, "01_customers.who_do_we_serve", {"boxright": "external"})
    card(page, PRACTICE, "Fresco Foods").click()
    column(page, PRACTICE, "external").locator(".ls-place-here").click()
    wait_saved(lab, "01_customers.who_do_we_serve", {"boxright": "external", "fresco_dc": "external"})

    # practice feedback names the misconception
    practice.locator(".ls-check").click()
    feedback = practice.locator(".ls-card", has=page.locator(".ls-item", has_text="BoxRight")).locator(".ls-feedback")
    expect(feedback).to_contain_text("upstream partner")
    expect(feedback).to_contain_text("Common mistake MC2: calling a supplier an external customer.")
    expect(practice.locator(".ls-summary")).to_have_text("1 of 9 right. 7 not placed yet.")
    snapshot(practice, "sorter-practice-feedback")

    # the graded items in this notebook's own order (no learner here: the fixed order of nobody), not the authored
    shown = graded.locator(".ls-item").evaluate_all("els => els.map(e => e.dataset.item)")
    authored = [item["id"] for item in load_exercises(lab.root / "01_customers" / "exercises.yaml")[GRADED_ID]["items"]]
    assert shown == learner_order(authored, exercise_id=GRADED_ID, avoid=[authored], course=DEFAULT_COURSE_ID)
    assert shown != authored

    # keyboard only: focus moves with Tab, digits and arrows place items
    card(page, GRADED, "Group buying team at head office").focus()
    page.keyboard.press("1")
    expect(card(page, GRADED, "Group buying team at head office")).to_be_focused()  # focus follows the moved card
    page.keyboard.press("Shift+Tab")  # back to the last card still waiting in "Not placed yet"
    focused = page.evaluate("document.activeElement.dataset.item")
    assert focused == [item for item in shown if item != "group_buying"][-1]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expected = {"group_buying": "internal", focused: "external"}
    wait_saved(lab, "01_customers.sort_the_parties", expected)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # wraps round from "Not placed yet" to the last column
    expected = {"group_buying": "internal", focused: "not_a_customer"}
    wait_saved(lab, "01_customers.sort_the_parties", expected)
    page.keyboard.press("0")
    wait_saved(lab, "01_customers.sort_the_parties", {"group_buying": "internal"})
    page.keyboard.press("Enter")  # pick up, then Tab to a "Place here" button
    expect(graded.locator(".ls-place-here")).to_have_count(3)
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("data-place", "internal")
    page.keyboard.press("Tab")  # the card already in "Internal customer"
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("data-place", "external")
    page.keyboard.press("Enter")
    expected = {"group_buying": "internal", focused: "external"}
    wait_saved(lab, "01_customers.sort_the_parties", expected)
    expect(graded.locator(".ls-status")).to_have_text("Saved: 2 of 11 placed. Your answer is marked after you submit.")
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "keys in the widget must not add or delete cells"
    )
    markdown = sum(c.cell_type == "markdown" for c in nbformat.read(lab.root / NOTEBOOK, as_version=4).cells)
    assert page.locator(".jp-Notebook .jp-MarkdownCell").count() == markdown, (
        "keys in the widget must not change cell types"
    )
    snapshot(graded, "sorter-graded")

    # restart the kernel and run everything: the answers come back
    run_all(page, restart=True)
    expect(
        column(page, GRADED, "internal").locator(".ls-item", has_text="Group buying team at head office")
    ).to_be_visible()
    expect(column(page, PRACTICE, "external").locator(".ls-item")).to_have_count(2)

    # reload the page: the same
    page.reload()
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page)
    expect(
        column(page, GRADED, "internal").locator(".ls-item", has_text="Group buying team at head office")
    ).to_be_visible()
    assert saved(lab)["01_customers.sort_the_parties"] == expected

    # the kernel holds that answer; submitted and autograded by nbgrader, it earns what its check gives it
    assert kernel_answer(page, "01_customers.sort_the_parties") == expected
    earned, points = assert_graded_as_clicked(
        grader, lab.root / "01_customers", "01_customers", "01_customers.sort_the_parties", expected
    )
    assert 0 < earned < points  # 2 of 11 parties placed, worth 5 points
