"""Accessibility of every widget kind in real JupyterLab: axe-core scans and a keyboard walk.

For each course notebook: open it, run it, and for every widget on the page

* axe-core (from the npm package, see ``make axe``) finds no serious or critical violation in the
  widget's output area, and no control without an accessible name (any impact);
* pressing Tab from just before the widget moves through its controls, and each one shows a
  visible focus indicator (an outline or a box shadow it does not have without focus).

Practice widgets are checked again with their feedback shown. The answers the checks click are
put back afterwards, so the other browser tests (same JupyterLab, same learner folder) start clean.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from logiserve.content import load_exercises

from ._axe import WIDGET_ROOTS, assert_accessible, assert_focus_visible
from ._lab import KERNEL_IDLE, open_notebook, run_cell_with, wait_saved

pytestmark = pytest.mark.browser

# A selector for each widget on the page, in page order.
WIDGETS_ON_PAGE = """(roots) => [...document.querySelectorAll(roots)].map((el) => {
  if (el.classList.contains('ls-eoq-explorer')) return '.ls-eoq-explorer';
  if (el.classList.contains('ls-ss-explorer')) return '.ls-ss-explorer';
  const kind = ['ls-sorter', 'ls-seq', 'ls-jm', 'ls-sc'].find((c) => el.classList.contains(c));
  return `.${kind}[data-exercise="${el.dataset.exercise}"]`;
})"""


@pytest.fixture
def keep_answers(lab):
    """Put every answers.json of the learner folder back as it was (requested before ``page``, so
    the page is closed first)."""
    files = {path: path.read_bytes() for path in lab.root.glob("*/answers.json")}
    yield
    for path in lab.root.glob("*/answers.json"):
        if path not in files:
            path.unlink()
    for path, data in files.items():
        path.write_bytes(data)


def widgets_on_page(page: Page) -> list[str]:
    return page.evaluate(WIDGETS_ON_PAGE, WIDGET_ROOTS)


def check_every_widget(page: Page, notebook: str, expected: list[str]) -> None:
    """axe over all the widgets at once, then a keyboard walk through each one."""
    expect(page.locator(WIDGET_ROOTS)).to_have_count(len(expected), timeout=60_000)
    assert widgets_on_page(page) == expected
    assert_accessible(page, notebook, expected_areas=len(expected))
    for widget in expected:
        assert_focus_visible(page, widget)


def check_one(page: Page, widget: str, state: str) -> None:
    assert_accessible(page, f"{widget} ({state})", roots=widget, expected_areas=1)
    assert_focus_visible(page, widget)


def test_sorter_is_accessible(keep_answers, page: Page, lab):
    practice_id = "01_customers.who_do_we_serve"
    practice = f'.ls-sorter[data-exercise="{practice_id}"]'
    graded = '.ls-sorter[data-exercise="01_customers.sort_the_parties"]'
    open_notebook(page, lab, "01_customers/customers.ipynb", graded)
    check_every_widget(page, "01_customers/customers.ipynb", [practice, graded])

    # with an item picked up ("Place here" buttons shown), then with practice feedback
    widget = page.locator(practice)
    widget.locator(".ls-item", has_text="BoxRight Packaging Ltd").click()
    expect(widget.locator(".ls-place-here")).to_have_count(3)
    check_one(page, practice, "an item picked up")
    widget.locator('.ls-column[data-category="external"] .ls-place-here').click()
    wait_saved(lab.root / "01_customers", practice_id, {"boxright": "external"})
    widget.locator(".ls-check").click()
    expect(widget.locator(".ls-feedback")).to_have_count(1)
    expect(widget.locator(".ls-summary")).to_be_visible()
    check_one(page, practice, "practice feedback")


def test_sequencer_is_accessible(keep_answers, page: Page, lab):
    practice_id = "02_service_cycle.parcel_journey"
    practice = f'.ls-seq[data-exercise="{practice_id}"]'
    graded = '.ls-seq[data-exercise="02_service_cycle.order_to_returns"]'
    open_notebook(page, lab, "02_service_cycle/service_cycle.ipynb", graded)
    check_every_widget(
        page,
        "02_service_cycle/service_cycle.ipynb",
        [
            practice,
            '.ls-sorter[data-exercise="02_service_cycle.channels_and_systems"]',
            '.ls-sorter[data-exercise="02_service_cycle.measurable_promises"]',
            graded,
            '.ls-sorter[data-exercise="02_service_cycle.which_measure"]',
        ],
    )

    # placed steps (stage menus, move and remove buttons), then practice feedback
    widget = page.locator(practice)
    for label in ("Order received", "Return label sent"):
        widget.locator(".ls-seq-pool .ls-seq-card", has_text=label).locator(".ls-seq-add").click()
        expect(widget.locator(".ls-seq-sequence .ls-seq-step", has_text=label)).to_be_visible()
    widget.get_by_label("Stage of Return label sent").select_option("transaction")
    wait_saved(
        lab.root / "02_service_cycle",
        practice_id,
        {"order": ["order_placed", "return_label"], "stages": {"return_label": "transaction"}},
    )
    widget.locator(".ls-seq-check").click()
    expect(widget.locator(".ls-seq-feedback")).to_have_count(2)
    check_one(page, practice, "practice feedback")


def test_journey_map_is_accessible(keep_answers, page: Page, lab):
    practice_id = "03_moments_of_truth.greenacre_journey"
    practice = f'.ls-jm[data-exercise="{practice_id}"]'
    graded = '.ls-jm[data-exercise="03_moments_of_truth.fresco_journey"]'
    open_notebook(page, lab, "03_moments_of_truth/moments_of_truth.ipynb", graded)
    check_every_widget(
        page,
        "03_moments_of_truth/moments_of_truth.ipynb",
        [
            '.ls-sorter[data-exercise="03_moments_of_truth.online_moments"]',
            practice,
            '.ls-sorter[data-exercise="03_moments_of_truth.evidence_or_not"]',
            graded,
        ],
    )

    # a rating and a critical moment, then practice feedback
    card = page.locator(f'{practice} .ls-jm-card[data-touchpoint="delivery_window"]')
    card.get_by_label("Negative").click()
    card.get_by_label("Critical moment").check()
    wait_saved(
        lab.root / "03_moments_of_truth",
        practice_id,
        {"ratings": {"delivery_window": "negative"}, "critical": ["delivery_window"], "notes": {}},
    )
    page.locator(f"{practice} .ls-jm-check").click()
    expect(card.locator(".ls-jm-feedback")).to_be_visible()
    expect(page.locator(f"{practice} .ls-jm-summary")).to_be_visible()
    check_one(page, practice, "practice feedback")


def test_scenario_player_is_accessible(keep_answers, page: Page, lab):
    practice_id = "04_complaints.damaged_return"
    practice = f'.ls-sc[data-exercise="{practice_id}"]'
    graded = '.ls-sc[data-exercise="04_complaints.missed_slot"]'
    open_notebook(page, lab, "04_complaints/complaints.ipynb", graded)
    check_every_widget(
        page,
        "04_complaints/complaints.ipynb",
        [
            '.ls-sorter[data-exercise="04_complaints.last_phrases"]',
            practice,
            '.ls-seq[data-exercise="04_complaints.procedure_order"]',
            graded,
        ],
    )

    # part way through ("Go back" and "Start again" enabled), its confirmation, then the ending and its review
    widget = page.locator(practice)
    widget.locator('.ls-sc-option[data-option="transfer"]').click()
    expect(widget.locator('.ls-sc-option[data-option="log_now"]')).to_be_visible()
    check_one(page, practice, "one response chosen")
    widget.locator(".ls-sc-restart").click()
    expect(widget.locator(".ls-sc-confirm-yes")).to_be_focused()
    check_one(page, practice, "confirming Start again")
    widget.locator(".ls-sc-confirm-no").click()
    for option in ("log_now", "check_records", "her_choice", "call_and_close", "file_it"):
        widget.locator(f'.ls-sc-option[data-option="{option}"]').click()
    expect(widget.locator(".ls-sc-review .ls-sc-fb")).to_have_count(6)
    expect(widget.locator(".ls-sc-summary")).to_contain_text("Your handling scored")
    check_one(page, practice, "practice feedback")


def test_explorers_are_accessible(keep_answers, page: Page, lab):
    # Run all stops at the first unanswered exercise, after the EOQ explorer: the safety-stock
    # explorer's cell is run on its own (as in test_explorers_in_lab.py).
    notebook = "05_inventory/eoq_safety_stock.ipynb"
    open_notebook(page, lab, notebook, ".ls-eoq-explorer")
    run_cell_with(page, "SafetyStockExplorer(")
    expect(page.locator(".ls-ss-explorer img")).to_be_visible(timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    expect(page.locator(".ls-eoq-explorer img")).to_be_visible()
    check_every_widget(
        page,
        notebook,
        [
            '.ls-sorter[data-exercise="05_inventory.more_stock_better_service"]',
            '.ls-sorter[data-exercise="05_inventory.eoq_assumptions"]',
            ".ls-eoq-explorer",
            ".ls-ss-explorer",
        ],
    )


def test_supply_chain_widgets_are_accessible(keep_answers, page: Page, lab):
    # Run all stops at the first unanswered code task (after the practice mode sorter): the widgets
    # further down are run cell by cell, as a learner working down the page would.
    notebook = "06_supply_chain/supply_chain.ipynb"
    graded = '.ls-seq[data-exercise="06_supply_chain.container_to_customer"]'
    open_notebook(page, lab, notebook, graded)
    for exercise in ("contingencies", "small_site_tech", "jit_or_buffer", "green_changes"):
        run_cell_with(page, f'"06_supply_chain.{exercise}"')
        expect(page.locator(f'.ls-sorter[data-exercise="06_supply_chain.{exercise}"]')).to_be_visible(timeout=60_000)
        page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    sorters = ["chain_links", "who_does_it", "which_mode", "contingencies", "small_site_tech"]
    sorters += ["jit_or_buffer", "green_changes"]
    expected = [f'.ls-sorter[data-exercise="06_supply_chain.{name}"]' for name in sorters]
    expected.insert(2, graded)
    check_every_widget(page, notebook, expected)

    # the practice sorter on green changes with its feedback shown
    practice_id = "06_supply_chain.green_changes"
    practice = f'.ls-sorter[data-exercise="{practice_id}"]'
    widget = page.locator(practice)
    content = load_exercises(lab.root / "06_supply_chain" / "exercises.yaml")[practice_id]
    wrong, item = next(
        (c["id"], i["id"]) for i in content["items"] for c in content["categories"] if c["id"] != i["answer"]
    )
    widget.locator(f'.ls-item[data-item="{item}"]').click()
    widget.locator(f'.ls-column[data-category="{wrong}"] .ls-place-here').click()
    wait_saved(lab.root / "06_supply_chain", practice_id, {item: wrong})
    widget.locator(".ls-check").click()
    expect(widget.locator(".ls-feedback")).to_have_count(1)
    expect(widget.locator(".ls-summary")).to_be_visible()
    check_one(page, practice, "practice feedback")


def test_hint_ladder_and_progress_panel_are_accessible(keep_answers, page: Page, lab):
    # 01's first code task: its ladder with two hints open (text and a worked step's code), and the panel
    notebook = "01_customers/customers.ipynb"
    folder = lab.root / "01_customers"
    content = load_exercises(folder / "exercises.yaml")
    ladder_id = next(i for i, c in content.items() if c["kind"] == "hint_ladder" and "for" in c)
    panel_id = next(i for i, c in content.items() if c["kind"] == "progress")
    ladder = f'.ls-hints[data-exercise="{ladder_id}"]'
    open_notebook(page, lab, notebook, ".jp-Notebook")
    run_cell_with(page, f'HintLadder.from_file("exercises.yaml", "{ladder_id}")')
    expect(page.locator(ladder)).to_be_visible(timeout=60_000)
    assert_accessible(page, "the closed hint ladder", roots=ladder, expected_areas=1)
    assert assert_focus_visible(page, ladder) >= 1
    for n in (1, 2, 3):
        page.locator(ladder).locator(".ls-hint-next").click()
        expect(page.locator(ladder).locator(".ls-hint")).to_have_count(n)
    wait_saved(folder, ladder_id, {"opened": 3})
    assert_accessible(page, "the hint ladder with three hints open", roots=ladder, expected_areas=1)
    assert assert_focus_visible(page, ladder) >= 1

    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    run_cell_with(page, f'ProgressPanel.from_file("exercises.yaml", "{panel_id}", globals())')
    panel = page.locator(".ls-progress")
    expect(panel).to_be_visible(timeout=60_000)
    expect(panel.locator("caption")).to_have_text("What you have practised")
    expect(panel).to_contain_text("Graded exercises not answered yet")
    assert_accessible(page, "the progress panel", roots=".ls-progress", expected_areas=1)
