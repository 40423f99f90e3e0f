"""06_supply_chain in real JupyterLab: its graded sorter and sequencer by mouse and keyboard, restart, autograde.

A learner places every task of the graded sorter (half by mouse, half by keyboard) and part of the
graded sequence by keyboard; after a kernel restart and a page reload both answers come back, and
submitted, collected and autograded by nbgrader each widget's grade cell earns what its check gives
it (all of the sorter's points, part of the sequence's), every other cell nothing.
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import Page, expect

from logiserve.content import load_exercises
from logiserve.demo import _widget_answer

from ._lab import cells_in_file, kernel_answer, open_notebook, run_all, saved, snapshot, wait_saved
from .conftest import REPO

pytestmark = pytest.mark.browser

ASSIGNMENT = "06_supply_chain"
NOTEBOOK = f"{ASSIGNMENT}/supply_chain.ipynb"
SORTER_ID, SEQUENCE_ID = f"{ASSIGNMENT}.who_does_it", f"{ASSIGNMENT}.container_to_customer"
SORTER = f'.ls-sorter[data-exercise="{SORTER_ID}"]'
SEQUENCE = f'.ls-seq[data-exercise="{SEQUENCE_ID}"]'


def key(exercise_id: str):
    """The graded exercise's right answer, from the source notebook's widget solution (the tutor's copy)."""
    source = nbformat.read(REPO / "course" / "source" / NOTEBOOK, as_version=4)
    for cell in source.cells:
        if "### BEGIN WIDGET SOLUTION" in cell.source and f'"{exercise_id}"' in cell.source:
            return _widget_answer(cell.source)[1]
    raise AssertionError(f"no widget solution for {exercise_id}")


def test_graded_sorter_and_sequence_by_mouse_and_keyboard_survive_a_restart(page: Page, lab, grader):
    folder = lab.root / ASSIGNMENT
    content = load_exercises(folder / "exercises.yaml")
    labels = {item["id"]: item["label"] for item in content[SORTER_ID]["items"]}
    steps = {step["id"]: step["label"] for step in content[SEQUENCE_ID]["steps"]}
    right, right_order = key(SORTER_ID), key(SEQUENCE_ID)["order"]
    open_notebook(page, lab, NOTEBOOK, SEQUENCE)
    sorter, sequence = page.locator(SORTER), page.locator(SEQUENCE)
    expect(sorter.locator(".ls-item")).to_have_count(len(labels))
    expect(sorter.locator(".ls-check")).to_have_count(0)  # graded: no feedback before submission
    expect(sequence.locator(".ls-seq-check")).to_have_count(0)

    # the sorter: the first half of the shown cards by mouse (click a card, then a column), the rest by keyboard
    shown = sorter.locator(".ls-item").evaluate_all("els => els.map(e => e.dataset.item)")
    assert sorted(shown) == sorted(labels) and shown != list(labels), "the graded cards are shuffled"
    columns = [c.get_attribute("data-category") for c in sorter.locator(".ls-column:not(.ls-tray)").all()]
    placed: dict[str, str] = {}
    for n, item in enumerate(shown):
        card = sorter.locator(f'.ls-item[data-item="{item}"]')
        target = sorter.locator(f'.ls-column[data-category="{right[item]}"]')
        if n < len(shown) // 2:  # (dragging is tested in test_sorter_in_lab.py)
            card.click()
            target.locator(".ls-place-here").click()
        else:
            card.focus()
            page.keyboard.press(str(columns.index(right[item]) + 1))
            expect(sorter.locator(f'.ls-item[data-item="{item}"]')).to_be_focused()  # focus follows the card
        placed[item] = right[item]
        wait_saved(folder, SORTER_ID, placed)
    expect(sorter.locator(".ls-tray .ls-item")).to_have_count(0)
    expect(sorter.locator(".ls-status")).to_have_text(
        f"Saved: {len(labels)} of {len(labels)} placed. Your answer is marked after you submit."
    )
    snapshot(sorter, "supply-chain-sorter-graded")

    # the sequence by keyboard only: Enter adds a step, Alt+Up moves it; the first four, the 3rd and 4th swapped
    first_four = right_order[:4]
    for step in first_four:
        sequence.locator(".ls-seq-pool .ls-seq-step", has_text=steps[step]).focus()
        page.keyboard.press("Enter")
    page.keyboard.press("Alt+ArrowUp")  # the step just added, the 4th, moves above the 3rd
    order = [first_four[0], first_four[1], first_four[3], first_four[2]]
    wait_saved(folder, SEQUENCE_ID, {"order": order, "stages": {}})
    expect(sequence.locator(".ls-seq-sequence .ls-seq-step").nth(2)).to_contain_text(steps[first_four[3]])
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "keys in the widgets must not add or delete cells"
    )
    snapshot(sequence, "supply-chain-sequence-graded")

    # restart the kernel and run everything, then reload the page: both answers come back each time
    for again in ("restart", "reload"):
        if again == "reload":
            page.reload()
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
        run_all(page, SEQUENCE, restart=again == "restart")
        expect(sorter.locator(".ls-tray .ls-item")).to_have_count(0)
        for item, category in placed.items():
            expect(
                sorter.locator(f'.ls-column[data-category="{category}"] .ls-item[data-item="{item}"]')
            ).to_be_visible()
        expect(sequence.locator(".ls-seq-sequence .ls-seq-step")).to_have_count(4)
    assert saved(folder)[SORTER_ID] == placed
    assert kernel_answer(page, SORTER_ID) == placed
    assert kernel_answer(page, SEQUENCE_ID) == {"order": order, "stages": {}}

    # submitted and autograded by nbgrader: the sorter earns all its points, the short sequence part of its own
    scores = grader.grade(folder, ASSIGNMENT)
    sorter_cell, sorter_earned, sorter_points = grader.expected(ASSIGNMENT, SORTER_ID, placed)
    sequence_cell, sequence_earned, sequence_points = grader.expected(
        ASSIGNMENT, SEQUENCE_ID, {"order": order, "stages": {}}
    )
    assert scores[sorter_cell] == sorter_earned == sorter_points
    assert scores[sequence_cell] == sequence_earned and 0 <= sequence_earned < sequence_points
    others = {cell: score for cell, score in scores.items() if cell not in (sorter_cell, sequence_cell) and score}
    assert not others, f"only two widgets were answered, yet these cells scored: {others}"
