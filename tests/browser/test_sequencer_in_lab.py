"""StepSequencer in real JupyterLab: mouse, keyboard, stages, saved answers, kernel restart, each learner's pool."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import Page, expect

from logiserve.content import load_exercises
from logiserve.course import DEFAULT_COURSE_ID as COURSE_ID  # course/nbgrader_config.py's course_id
from logiserve.shuffle import learner_order

from ._grading import assert_graded_as_clicked
from ._lab import (
    KERNEL_IDLE,
    KERNEL_OUTPUT,
    cells_in_file,
    kernel_answer,
    open_notebook,
    run_all,
    saved,
    snapshot,
    wait_saved,
)
from .conftest import REPO, running_lab

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
    assert page.locator(".jp-Notebook .jp-Cell").count() == cells_in_file(lab, NOTEBOOK), (
        "keys in the widget must not add or delete cells"
    )
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


# -- each learner's own pool: the same after a restart, in nbgrader validate and at autograde --------------
POOL_IDS = "els => els.map(e => e.dataset.step)"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def shown_pool(page: Page) -> list[str]:
    """The graded pool's step ids as the page shows them, top to bottom."""
    steps = page.locator(f"{GRADED} .ls-seq-pool .ls-seq-step")
    expect(steps).to_have_count(13)
    return steps.evaluate_all(POOL_IDS)


def kernel_pool(page: Page) -> list[str]:
    """The graded pool's step ids as the running kernel's widget holds them."""
    code = (
        "import json as _json, warnings as _warnings\nfrom ipywidgets import Widget as _Widget\n"
        "with _warnings.catch_warnings():\n"
        "    _warnings.simplefilter('ignore', DeprecationWarning)\n"
        "    _open = list(_Widget.widgets.values())\n"
        f"_mine = [w for w in _open if getattr(w, 'exercise_id', None) == {GRADED_ID!r}]\n"
        "print(_json.dumps([s['id'] for s in _mine[-1].steps]))"
    )
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    return json.loads(page.evaluate(KERNEL_OUTPUT, code))


def stored_pool(nb) -> list[str]:
    """The graded pool's step ids in the widget state a kernel run stored in the notebook (nbclient does)."""
    state = nb.metadata["widgets"][WIDGET_STATE]["state"]
    pools = [m["state"]["steps"] for m in state.values() if m["state"].get("exercise_id") == GRADED_ID]
    assert len(pools) == 1, f"expected one graded sequencer in the notebook's widget state, found {len(pools)}"
    return [step["id"] for step in pools[0]]


def validated_pool(notebook: Path, learner: str, monkeypatch) -> list[str]:
    """The pool the kernel of ``nbgrader validate`` builds, run as ``learner`` on the hub would run it."""
    from nbgrader.validator import Validator
    from traitlets.config.loader import PyFileConfigLoader

    class Seen(Validator):
        def _preprocess(self, nb):
            self.executed = super()._preprocess(nb)
            return self.executed

    config = PyFileConfigLoader("nbgrader_config.py", path=str(REPO / "course")).load_config()  # TrustedExecute
    validator = Seen(config=config)
    with monkeypatch.context() as env:
        env.setenv("JUPYTERHUB_USER", learner)
        validator.validate(str(notebook))
    return stored_pool(validator.executed)


def test_each_learner_s_pool_is_their_own_and_the_same_everywhere(
    page: Page, learner_copy, tmp_path_factory, grader, monkeypatch
):
    first = grader.learner  # nbgrader files the submission, and so autogrades it, under this name
    base = tmp_path_factory.mktemp("lab-first")
    shutil.copytree(learner_copy / "02_service_cycle", base / "learner" / "02_service_cycle")
    with running_lab(base, base / "learner", env={"JUPYTERHUB_USER": first}) as lab:
        folder = lab.root / "02_service_cycle"
        open_notebook(page, lab, NOTEBOOK, GRADED)
        pool = shown_pool(page)
        ids = [step["id"] for step in load_exercises(folder / "exercises.yaml")[GRADED_ID]["steps"]]
        assert pool == learner_order(ids, exercise_id=GRADED_ID, avoid=[ids], learner=first, course=COURSE_ID)
        assert sorted(pool) == sorted(ids) and pool != ids
        assert kernel_pool(page) == pool

        run_all(page, GRADED, restart=True)
        assert shown_pool(page) == pool, "a kernel restart shows the same pool"

        # placed by the Add buttons of the pool's first and last steps: saved by id, not by place
        page.locator(f'{GRADED} [data-focus="add:{pool[0]}"]').click()
        page.locator(f'{GRADED} [data-focus="add:{pool[-1]}"]').click()
        answer = {"order": [pool[0], pool[-1]], "stages": {}}
        wait_saved(folder, GRADED_ID, answer)
        expect(page.locator(f"{GRADED} .ls-seq-pool .ls-seq-step")).to_have_count(11)
        waiting = page.locator(f"{GRADED} .ls-seq-pool .ls-seq-step").evaluate_all(POOL_IDS)
        assert waiting == pool[1:-1], "the steps left keep their places"
        snapshot(page.locator(GRADED), "sequencer-graded-own-order")

        # nbgrader validate, as this learner on their server: the same pool
        assert validated_pool(folder / "service_cycle.ipynb", first, monkeypatch) == pool

        # submitted and autograded: the answer earns what its check gives it, and the autograde
        # kernel (in autograded/<learner>/02_service_cycle/) built the same pool
        earned, points = assert_graded_as_clicked(grader, folder, "02_service_cycle", GRADED_ID, answer)
        assert earned < points
        autograded = grader.course.root / "autograded" / first / "02_service_cycle" / "service_cycle.ipynb"
        assert stored_pool(nbformat.read(autograded, as_version=4)) == pool
        saved_answers = (folder / "answers.json").read_text()

    # another learner, with the first one's answers.json copied in: another pool, the same answer
    second = f"{first}-b"
    base = tmp_path_factory.mktemp("lab-second")
    shutil.copytree(learner_copy / "02_service_cycle", base / "learner" / "02_service_cycle")
    (base / "learner" / "02_service_cycle" / "answers.json").write_text(saved_answers)
    with running_lab(base, base / "learner", env={"JUPYTERHUB_USER": second}) as lab:
        open_notebook(page, lab, NOTEBOOK, GRADED)
        expect(placed(page, GRADED)).to_have_count(2)
        second_waiting = page.locator(f"{GRADED} .ls-seq-pool .ls-seq-step").evaluate_all(POOL_IDS)
        second_pool = learner_order(ids, exercise_id=GRADED_ID, avoid=[ids], learner=second, course=COURSE_ID)
        assert second_pool != pool
        assert second_waiting == [step for step in second_pool if step not in answer["order"]]
        assert placed(page, GRADED).evaluate_all("els => els.map(e => e.dataset.step)") == answer["order"]
        assert kernel_answer(page, GRADED_ID) == answer
