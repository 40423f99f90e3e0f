"""A hint ladder in real JupyterLab: opened by mouse and by keyboard, saved, back after a restart, in the report.

A learner opens the first hint of a graded code task's ladder with the mouse and the next two with
the keyboard (Tab to the button, Enter, then Space); each is saved to answers.json at once, and a
hint not yet opened is not on the page. After a kernel restart and a page reload the same three
hints are open. Submitted, collected and autograded, the hints change no mark, and the cohort
report's section 9 shows the rung the learner reached.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from logiserve.autograder.report import build_report
from logiserve.content import load_exercises

from ._lab import cells_in_file, open_notebook, run_all, run_cell_with, saved, snapshot, wait_saved

pytestmark = pytest.mark.browser

ASSIGNMENT = "01_customers"
NOTEBOOK = f"{ASSIGNMENT}/customers.ipynb"


def test_a_hint_ladder_opens_by_mouse_and_keyboard_and_survives_a_restart(page: Page, lab, grader, tmp_path):
    folder = lab.root / ASSIGNMENT
    ladder_id, ladder = next(
        (i, c)
        for i, c in load_exercises(folder / "exercises.yaml").items()
        if c["kind"] == "hint_ladder" and "for" in c
    )
    rungs = ladder["rungs"]
    call = f'HintLadder.from_file("exercises.yaml", "{ladder_id}")'
    widget = f'.ls-hints[data-exercise="{ladder_id}"]'
    open_notebook(page, lab, NOTEBOOK, ".jp-Notebook")
    run_cell_with(page, call)  # Run All stops at the first unanswered exercise, above the ladder
    hints = page.locator(widget)
    expect(hints).to_be_visible(timeout=60_000)
    expect(hints.locator(".ls-hint")).to_have_count(0)
    button = hints.locator(".ls-hint-next")
    expect(button).to_have_text("Show hint 1 of 4: the idea")

    # the mouse opens the first; focus moves to it and the next one is offered
    button.click()
    expect(hints.locator(".ls-hint")).to_have_count(1)
    expect(hints.locator(".ls-hint-name").nth(0)).to_be_focused()
    expect(button).to_have_text("Show hint 2 of 4: the method")
    wait_saved(folder, ladder_id, {"opened": 1})

    # the keyboard opens the next two: Tab to the button, Enter; Tab again, Space
    for n, key in ((2, "Enter"), (3, "Space")):
        page.keyboard.press("Tab")
        expect(button).to_be_focused()
        page.keyboard.press(key)
        expect(hints.locator(".ls-hint")).to_have_count(n)
        expect(hints.locator(".ls-hint-name").nth(n - 1)).to_be_focused()
        wait_saved(folder, ladder_id, {"opened": n})
    expect(hints.locator(".ls-hint-name").nth(2)).to_have_text("Hint 3 of 4: a worked step")
    expect(button).to_have_text("Show hint 4 of 4: a skeleton")
    assert rungs[3]["code"] not in page.content(), "a hint not opened yet is not on the page"
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "keys in the ladder must not add or delete cells"
    )
    snapshot(hints, "hint-ladder-three-open")

    # a restart and a reload: the same three hints are open
    for again in ("restart", "reload"):
        if again == "reload":
            page.reload()
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
        run_all(page, ".jp-Notebook", restart=again == "restart")
        run_cell_with(page, call)
        expect(hints.locator(".ls-hint")).to_have_count(3, timeout=60_000)
        expect(hints.locator(".ls-hint-next")).to_have_text("Show hint 4 of 4: a skeleton")
    assert saved(folder)[ladder_id] == {"opened": 3}

    # submitted and autograded: the hints change no mark; the report shows the rung reached
    scores = grader.grade(folder, ASSIGNMENT)
    assert not {cell: score for cell, score in scores.items() if score}, "opening hints earns nothing"
    report = build_report(grader.course.root, [ASSIGNMENT], out=tmp_path / "report.html")
    (use,) = [h for h in report.hints if h.task == ladder["for"]]
    assert dict(use.opened) == {grader.learner: 3}
    assert use.reached(3) == 1 and use.reached(0) == 0
    html = (tmp_path / "report.html").read_text()
    assert "9 · Hints and practice per code task" in html and ladder["title"] in html
