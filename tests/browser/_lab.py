"""Driving a notebook in JupyterLab: open, run, restart, and read answers.json from disk."""

from __future__ import annotations

import json
import time
from pathlib import Path

import nbformat
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

KERNEL_IDLE = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && !w.sessionContext.pendingInput;
}"""


def saved(folder: Path) -> dict:
    path = folder / "answers.json"
    return json.loads(path.read_text()) if path.exists() else {}


def wait_saved(folder: Path, exercise_id: str, expected, timeout: float = 15.0) -> None:
    """Wait until answers.json holds ``expected`` for the exercise (the kernel saves on every change)."""
    deadline = time.monotonic() + timeout
    while saved(folder).get(exercise_id) != expected:
        assert time.monotonic() < deadline, (
            f"answers.json has {saved(folder).get(exercise_id)!r}, expected {expected!r}"
        )
        time.sleep(0.1)


# JupyterLab's command resolves once every cell has run (or, after an error, the rest were
# aborted); it is not awaited here, as a restart first waits for its confirmation dialog.
START_RUN = """(command) => {
  const run = (window.lsRun = { done: false });
  window.jupyterapp.commands.execute(command).finally(() => { run.done = true; });
}"""
RUN_DONE = "() => window.lsRun && window.lsRun.done"


def run_all(page: Page, ready: str, restart: bool = False) -> None:
    """Run every cell (after a kernel restart if asked) and wait until the run is over and ``ready`` shows.

    The run is over when JupyterLab says so, not when the kernel is first seen idle: it is idle
    for a moment between two cells too, and a cell run then by the test would be queued behind
    the rest of the run (and aborted with it where Run All stops at an unanswered exercise).
    After a restart, what ``ready`` finds is only the new output once the run is over.
    """
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    command = "notebook:restart-run-all" if restart else "notebook:run-all-cells"
    page.evaluate(START_RUN, command)
    if restart:
        page.locator(".jp-Dialog .jp-mod-accept").click()
    page.wait_for_function(RUN_DONE, timeout=180_000)
    expect(page.locator(ready)).to_be_visible(timeout=60_000)
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)


def cells_in_file(lab, path: str) -> int:
    """How many cells the learner's copy of ``path`` has on disk (what the page must still show after a key press)."""
    return len(nbformat.read(lab.root / path, as_version=4).cells)


def open_notebook(page: Page, lab, path: str, ready: str) -> None:
    page.goto(lab.notebook_url(path))
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    run_all(page, ready)


def snapshot(locator: Locator, name: str) -> Path:
    """Screenshot one widget as ``artifacts/<name>.png``, for people to look at.

    JupyterLab draws only the cells near the viewport ("windowing"); scrolling a widget into
    view can swap its cell's nodes while the shot is taken. The locator finds the new nodes,
    so the shot is simply taken again (a few tries).
    """
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    for attempt in range(5):
        try:
            locator.scroll_into_view_if_needed()
            locator.screenshot(path=str(path))
            return path
        except PlaywrightError as exc:
            if "not attached" not in str(exc) or attempt == 4:
                raise
    return path


KERNEL_OUTPUT = """async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({ code, silent: false, store_history: false });
  let out = '';
  future.onIOPub = (msg) => {
    if (msg.header.msg_type === 'stream' && msg.content.name === 'stdout') out += msg.content.text;
    if (msg.header.msg_type === 'error') out += msg.content.ename + ': ' + msg.content.evalue;
  };
  await future.done;
  return out;
}"""


def kernel_answer(page: Page, exercise_id: str):
    """The answer the running kernel holds for an exercise: its widget's ``value``, asked of the kernel itself."""
    code = (
        "import json as _json, warnings as _warnings\nfrom ipywidgets import Widget as _Widget\n"
        "with _warnings.catch_warnings():\n"
        "    _warnings.simplefilter('ignore', DeprecationWarning)  # Widget.widgets: the open widgets\n"
        "    _open = list(_Widget.widgets.values())\n"
        f"print(_json.dumps([w.value for w in _open if getattr(w, 'exercise_id', None) == {exercise_id!r}][-1]))"
    )
    page.wait_for_function(KERNEL_IDLE, timeout=60_000)
    out = page.evaluate(KERNEL_OUTPUT, code)
    try:
        return json.loads(out)
    except ValueError:
        raise AssertionError(f"the kernel did not give the answer of {exercise_id}: {out!r}") from None


RUN_CELL_WITH = """(text) => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const index = notebook.widgets.findIndex((cell) => cell.model.sharedModel.getSource().includes(text));
  notebook.activeCellIndex = index;
  window.jupyterapp.commands.execute("notebook:run-cell");
  return index;
}"""


def run_cell_with(page: Page, text: str) -> None:
    """Run the first cell whose source contains ``text``, as a learner does with Shift+Enter.

    (Run All stops at the first unanswered exercise, so a widget further down appears only when
    its own cell is run.)
    """
    assert page.evaluate(RUN_CELL_WITH, text) > 0, f"no cell contains {text!r}"
