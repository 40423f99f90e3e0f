"""EOQ and safety-stock explorers in real JupyterLab: a slider moved by keyboard and by mouse redraws the numbers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ._lab import open_notebook, run_cell_with, snapshot

pytestmark = pytest.mark.browser

NOTEBOOK = "05_inventory/eoq_safety_stock.ipynb"
EOQ = ".ls-eoq-explorer"
SAFETY = ".ls-ss-explorer"


def chart_src(page: Page, explorer: str) -> str:
    return page.locator(f"{explorer} img").first.get_attribute("src") or ""


def test_explorers_redraw_when_a_slider_moves(page: Page, lab):
    # Run all stops at the first unanswered exercise (nbgrader's NotImplementedError), after the
    # EOQ explorer; the safety-stock explorer's cell is run on its own, as a learner would.
    open_notebook(page, lab, NOTEBOOK, EOQ)
    run_cell_with(page, "SafetyStockExplorer(")
    expect(page.locator(SAFETY)).to_be_visible(timeout=60_000)
    eoq = page.locator(EOQ)
    expect(eoq.locator("img")).to_have_count(1)
    summary = eoq.locator("table")
    # the notebook starts the explorer at 2,400 units a year, £45 an order, £2.00 a unit a year
    expect(summary).to_contain_text("328.6 units per order")  # EOQ = sqrt(2 x 2400 x 45 / 2)
    before = chart_src(page, EOQ)

    # keyboard: focus the demand slider's handle, and a few arrow presses change the demand
    handle = eoq.locator(".widget-slider").first.locator(".noUi-handle")
    handle.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    expect(summary).not_to_contain_text("328.6 units per order")
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel + ' img'); return i && i.src !== old; }",
        arg=[EOQ, before],
    )

    # mouse: click near the right end of the holding cost slider's track
    track = eoq.locator(".widget-slider").nth(2).locator(".noUi-target")
    box = track.bounding_box()
    assert box is not None
    shown = summary.inner_text()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    expect(summary).not_to_have_text(shown)

    safety = page.locator(SAFETY)
    expect(safety.locator("table")).to_contain_text("134.4 units")  # the planter at 95 %
    level = safety.locator(".widget-slider").first.locator(".noUi-handle")
    level.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(safety.locator("table")).not_to_contain_text("134.4 units")
    assert page.locator(".jp-Notebook .jp-Cell").count() == 60, "arrow keys on a slider must not move cells"
    snapshot(eoq, "eoq-explorer")
    snapshot(safety, "safety-stock-explorer")
