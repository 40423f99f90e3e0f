"""EOQ and safety-stock explorers in real JupyterLab: a slider moved by keyboard and by mouse redraws the numbers.

Both open on the sofa set (not the learner's planter), and what the page shows is what the widgets'
state says: never z, the standard deviation over the lead time or a reorder point.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ._lab import cells_in_file, open_notebook, run_cell_with, snapshot

pytestmark = pytest.mark.browser

NOTEBOOK = "05_inventory/eoq_safety_stock.ipynb"
EOQ = ".ls-eoq-explorer"
SAFETY = ".ls-ss-explorer"
# Every slider move is a round trip to the kernel, which redraws the chart: on a busy machine a
# burst of arrow presses takes many seconds to work through, so every wait here is generous.
WAIT = 60_000

# The explorer's figures have caught up with its sliders: the EOQ in the table is the one of the
# values the sliders show (sqrt(2DS/H), to the table's 0.1), so no slider move is still on its way
# to the kernel or back. An idle kernel is not enough: the page holds back moves while one is out.
EOQ_SETTLED = """(sel) => {
  const root = document.querySelector(sel);
  const readouts = [...root.querySelectorAll(".widget-readout")].map((r) => Number(r.textContent.replace(/,/g, "")));
  const row = [...root.querySelectorAll("table tr")].find((tr) => tr.querySelector("th").textContent === "EOQ");
  if (readouts.length !== 3 || !row) return false;
  const [demand, order, holding] = readouts;
  const shown = Number(row.querySelector("td").textContent.replace(/,/g, "").split(" ")[0]);
  return Math.abs(shown - Math.sqrt((2 * demand * order) / holding)) < 0.051;
}"""
# The same for the safety-stock explorer: the table's service level is the one its slider shows.
LEVEL_SETTLED = """(sel) => {
  const root = document.querySelector(sel);
  const readout = root.querySelector(".widget-readout");
  const row = [...root.querySelectorAll("table tr")].find(
    (tr) => tr.querySelector("th").textContent === "Cycle service level",
  );
  return !!readout && !!row && row.querySelector("td").textContent === readout.textContent.trim();
}"""


def chart_src(page: Page, explorer: str) -> str:
    return page.locator(f"{explorer} img").first.get_attribute("src") or ""


def test_explorers_redraw_when_a_slider_moves(page: Page, lab):
    # Run all stops at the first unanswered exercise (nbgrader's NotImplementedError), after the
    # EOQ explorer; the safety-stock explorer's cell is run on its own, as a learner would.
    open_notebook(page, lab, NOTEBOOK, EOQ)
    run_cell_with(page, "SafetyStockExplorer(")
    expect(page.locator(SAFETY)).to_be_visible(timeout=WAIT)
    eoq = page.locator(EOQ)
    expect(eoq.locator("img")).to_have_count(1, timeout=WAIT)
    summary = eoq.locator("table")
    # the notebook starts the explorer on the sofa set: 1,170 units a year, £120 an order, £44.70 a unit a year
    expect(summary).to_contain_text("79.3 units per order", timeout=WAIT)  # EOQ = sqrt(2 x 1170 x 120 / 44.70)
    page.wait_for_function("(sel) => !!document.querySelector(sel + ' img').src", arg=EOQ, timeout=WAIT)
    before = chart_src(page, EOQ)

    # keyboard: focus the demand slider's handle, and a few arrow presses change the demand
    handle = eoq.locator(".widget-slider").first.locator(".noUi-handle")
    handle.focus()
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    demand = eoq.locator(".widget-slider").first.locator(".widget-readout")
    expect(demand).not_to_have_text("1,170", timeout=WAIT)
    page.wait_for_function(EOQ_SETTLED, arg=EOQ, timeout=WAIT)
    expect(summary).not_to_contain_text("79.3 units per order")
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel + ' img'); return i && i.src !== old; }",
        arg=[EOQ, before],
        timeout=WAIT,
    )

    # mouse: click near the right end of the holding cost slider's track
    track = eoq.locator(".widget-slider").nth(2).locator(".noUi-target")
    box = track.bounding_box()
    assert box is not None
    holding = eoq.locator(".widget-slider").nth(2).locator(".widget-readout")
    shown, held = summary.inner_text(), holding.inner_text()  # the figures of the settled sliders
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2)
    expect(holding).not_to_have_text(held, timeout=WAIT)
    expect(summary).not_to_have_text(shown, timeout=WAIT)
    page.wait_for_function(EOQ_SETTLED, arg=EOQ, timeout=WAIT)

    safety = page.locator(SAFETY)
    expect(safety.locator("table")).to_contain_text("49.2 units", timeout=WAIT)  # the sofa set at 97 %
    for never in ("z", "σ", "over the lead time", "Reorder"):  # the planter's graded steps 6, 7 and 9
        expect(safety.locator("table th", has_text=never)).to_have_count(0)
    level = safety.locator(".widget-slider").first.locator(".noUi-handle")
    level.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(safety.locator(".widget-slider").first.locator(".widget-readout")).not_to_have_text("97.0%", timeout=WAIT)
    page.wait_for_function(LEVEL_SETTLED, arg=SAFETY, timeout=WAIT)
    expect(safety.locator("table")).not_to_contain_text("49.2 units")
    # the mean daily demand slider stops below any planter's (16 a day; the planters sell 22 to 42)
    mean_demand = safety.locator(".widget-slider").nth(2)
    expect(mean_demand.locator(".widget-label")).to_contain_text("Mean daily demand")
    handle = mean_demand.locator('[role="slider"]')
    assert float(handle.get_attribute("aria-valuemax") or "nan") == 16
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "arrow keys on a slider must not move cells"
    )
    snapshot(eoq, "eoq-explorer")
    snapshot(safety, "safety-stock-explorer")
