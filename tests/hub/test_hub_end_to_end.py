"""A term on a real JupyterHub: release, fetch, answer, validate, submit, grade, feedback, privacy.

Everything happens as the people it is for: the tutor's commands run as the tutor's system user
in their own course folder; each learner signs in on the hub's login page in headless Chromium,
fetches from JupyterLab's Assignments panel, answers in the notebook (the graded sorter by
keyboard, code typed into the answer cells, saved with Ctrl+S), validates and submits from the
panel, and later fetches their feedback there.  Ada answers everything as the model solutions
do; Ben sorts half the parties wrongly, gets the pandas answer wrong and leaves the rest.
"""

from __future__ import annotations

import ast
import hashlib
import html
import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from playwright.sync_api import Page, expect

from logiserve.autograder import check_classification
from logiserve.exchange import Status, read_collect_log

from .conftest import REPO, Hub

pytestmark = [pytest.mark.browser, pytest.mark.pipeline]

COURSE_ID = "logiserve-cs-l3"
ASSIGNMENTS = {"01_customers": "customers.ipynb", "05_inventory": "eoq_safety_stock.ipynb"}
PRIMER = "00_python_for_logistics"  # released and fetched like the rest; practice only, never collected
SORTER = '.ls-sorter[data-exercise="01_customers.sort_the_parties"]'
ARTIFACTS = Path(__file__).parent / "artifacts"


# -- what the learners type -----------------------------------------------------------------------------------


def source(assignment: str) -> nbformat.NotebookNode:
    return nbformat.read(REPO / "course" / "source" / assignment / ASSIGNMENTS[assignment], as_version=4)


def model_answers(assignment: str, *, practice: bool = True) -> list[str | None]:
    """The model solution of each code answer cell, in order, as a learner would type it.

    A practice twin's answer cell is an answer cell too; without ``practice`` it is left as released (``None``).
    """
    answers: list[str | None] = []
    for cell in source(assignment).cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            if not practice and cell.metadata.get("logiserve", {}).get("practice"):
                answers.append(None)
                continue
            lines = [
                line
                for line in cell.source.splitlines()
                if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
            ]
            answers.append("\n".join(lines).strip())
    return answers


def sorter_key() -> dict[str, str]:
    for cell in source("01_customers").cells:
        if "### BEGIN WIDGET SOLUTION" in cell.source and "sort_the_parties" in cell.source:
            return ast.literal_eval(cell.source.split("graded.value = ", 1)[1].split("### END WIDGET SOLUTION")[0])
    raise AssertionError("the graded sorter's solution is not in the source notebook")


def autograded_points(assignment: str) -> float:
    """What every autograded cell of the assignment is worth together."""
    return sum(
        float(cell.metadata["nbgrader"].get("points", 0))
        for cell in source(assignment).cells
        if cell.metadata.get("nbgrader", {}).get("grade") and not cell.metadata["nbgrader"].get("solution")
    )


BENS_PANDAS = 'internal_customers = parties[parties["provided_for"] == "them"]'  # forgets the first condition


def bens_pandas_points() -> float:
    """What Ben's pandas answer earns, by the check the hidden test uses."""
    from logiserve.autograder import check_names
    from logiserve.customers import classify_parties
    from logiserve.datasets import load

    parties = load("parties")
    answer = parties[parties["provided_for"] == "them"]
    return check_names(answer, parties.loc[classify_parties(parties) == "internal", "name"], points=2).points


def bens_sorting(key: dict[str, str]) -> dict[str, str]:
    """Half the parties in the right column, the rest one column along."""
    columns = ["internal", "external", "not_a_customer"]
    return {
        item: right if index % 2 == 0 else columns[(columns.index(right) + 1) % 3]
        for index, (item, right) in enumerate(key.items())
    }


# -- a learner in the browser ---------------------------------------------------------------------------------


def sign_in(page: Page, hub: Hub, user: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("input#username_input", user)
    page.fill("input#password_input", hub.passwords[user])
    page.click("#login_submit")
    page.wait_for_url(f"**/user/{user}/lab**", timeout=120_000)
    expect(page.locator(".jp-LabShell")).to_be_visible(timeout=60_000)


def menu(page: Page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).click()
    page.locator(".lm-Menu-itemLabel").get_by_text(item, exact=True).click()


def assignments_panel(page: Page):
    tab = page.locator(".lm-TabBar-tab", has_text="Assignments")
    if tab.count():
        tab.first.click()
    else:
        menu(page, "Nbgrader", "Assignment List")
    panel = page.locator(".nbgrader-mainarea-widget:visible")
    expect(panel).to_be_visible(timeout=30_000)
    return panel


def fetch(page: Page, assignment: str) -> None:
    panel = assignments_panel(page)
    panel.locator("#released_assignments_list .list_item", has_text=assignment).get_by_role(
        "button", name="Fetch"
    ).click()
    expect(panel.locator("#fetched_assignments_list .list_item", has_text=assignment).first).to_be_visible(
        timeout=60_000
    )


def open_notebook(page: Page, hub: Hub, user: str, assignment: str) -> None:
    # a workspace of its own, so no tab of an earlier notebook is open beside it
    page.goto(f"{hub.url}/user/{user}/lab/workspaces/{assignment}/tree/{assignment}/{ASSIGNMENTS[assignment]}?reset")
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=60_000)
    kernel_ready(page)


def kernel_ready(page: Page, seconds: float = 120) -> None:
    """Wait until the notebook's kernel is idle, choosing the offered kernel when JupyterLab asks.

    JupyterLab asks ("Select Kernel") when a notebook opens, and again when Run All is sent
    before the kernel is connected, which a busy machine makes likely.
    """
    idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
    deadline = time.monotonic() + seconds
    while not (idle.count() == 1 and dialog.count() == 0):
        assert time.monotonic() < deadline, "the notebook's kernel did not start"
        if dialog.count():
            dialog.locator(".jp-mod-accept").click()
        time.sleep(0.25)


def type_answers(page: Page, answers: list[str | None]) -> None:
    """Each answer replaces the next cell that still says ``# YOUR CODE HERE`` (``None`` leaves that one as it is)."""
    left = 0
    for answer in answers:
        if answer is None:
            left += 1
            continue
        # (an error output quotes the cell's source too: look in the editor only)
        cell = page.locator(".jp-CodeCell:has(.cm-content:has-text('YOUR CODE HERE'))").nth(left)
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(answer)
    page.keyboard.press("Escape")


def write_answer(page: Page, text: str) -> None:
    """The written answer: into the next Markdown cell that still says YOUR ANSWER HERE, then rendered."""
    cell = page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE").first
    cell.dblclick()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)
    page.keyboard.press("Shift+Enter")


WRITTEN = {
    "01_customers": (
        "A customer is someone our work is for. Internal customers are inside Brightwater: despatch needs the "
        "pickers' work, and Finance needs the drivers' proof-of-delivery records. External customers are "
        "outside it: a supermarket's RDC and the online shopper who ordered a parcel. BoxRight Packaging Ltd "
        "is a supplier: our purchase orders go to it so that it can supply us, so it is a partner, not a "
        "customer. A mis-pick for despatch becomes a short delivery to the RDC, so internal service protects "
        "order fulfilment accuracy and the SLA."
    ),
    "05_inventory": (
        "I recommend ordering the EOQ each time, because it balances the ordering cost against the holding "
        "cost, and reordering at the reorder point, which covers the demand over the lead time plus the "
        "safety stock for a 95 % service level. Raising the service level to 99.9 % would need much more "
        "safety stock for little extra service, tying up cash and space."
    ),
}


def save(page: Page, hub: Hub, user: str, assignment: str, answers: list[str | None]) -> None:
    """Ctrl+S, then wait until the notebook on disk holds the typed answers (``None``: not typed)."""
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30

    def typed(found: list[str]) -> list[str]:
        return [f for f, a in zip(found, answers, strict=False) if a is not None]

    while typed(answers_of(hub, user, assignment)) != [a for a in answers if a is not None]:
        assert time.monotonic() < deadline, f"the typed answers were not saved: {answers_of(hub, user, assignment)}"
        time.sleep(0.25)


def sort_parties(page: Page, placements: dict[str, str]) -> None:
    sorter = page.locator(SORTER)
    for attempt in range(3):  # a Run All sent while the new kernel still starts can be lost
        kernel_ready(page)
        menu(page, "Run", "Run All Cells")  # stops at the first unanswered cell, after the sorter
        try:
            expect(sorter.locator(".ls-item")).to_have_count(len(placements), timeout=40_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    columns = [column.get_attribute("data-category") for column in sorter.locator(".ls-column:not(.ls-tray)").all()]
    for item, category in placements.items():
        sorter.locator(f'.ls-item[data-item="{item}"]').focus()
        page.keyboard.press(str(columns.index(category) + 1))  # keys 1, 2, 3 place a card in that column
    expect(sorter.locator(".ls-tray .ls-item")).to_have_count(0)


def validate(page: Page, assignment: str) -> str:
    """Validate the assignment's notebook from the panel; the dialog's verdict and text."""
    panel = assignments_panel(page)
    row = panel.locator("#fetched_assignments_list > .list_item", has_text=assignment)
    notebooks = row.locator(".assignment-notebooks")
    if "in" not in (notebooks.get_attribute("class") or "").split():  # Bootstrap's "collapse in": open
        row.locator(".assignment-notebooks-link").click()
    row.get_by_role("button", name="Validate").click()
    message = page.locator(".jp-Dialog #validation-message")
    expect(message).to_be_visible(timeout=180_000)
    verdict = "passed" if "validation-success" in (message.get_attribute("class") or "") else "failed"
    text = message.inner_text()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    return f"{verdict}: {text}"


def submit(page: Page, assignment: str) -> None:
    panel = assignments_panel(page)
    panel.locator("#fetched_assignments_list > .list_item", has_text=assignment).get_by_role(
        "button", name="Submit"
    ).click()
    expect(panel.locator("#submitted_assignments_list .list_item", has_text=assignment).first).to_be_visible(
        timeout=60_000
    )


def fetch_feedback(page: Page, assignment: str) -> None:
    panel = assignments_panel(page)
    panel.locator(".fa-refresh").first.click()
    row = panel.locator("#submitted_assignments_list > .list_item", has_text=assignment)
    row.get_by_role("button", name="Fetch Feedback").click()
    expect(row.get_by_text("(view feedback)")).to_be_visible(timeout=60_000)


# -- the test -------------------------------------------------------------------------------------------------


def answers_of(hub: Hub, user: str, assignment: str) -> list[str]:
    """The code answer cells of the learner's notebook on disk ([] while JupyterLab is still writing it)."""
    try:
        notebook = nbformat.read(hub.home(user) / assignment / ASSIGNMENTS[assignment], as_version=4)
    except (nbformat.reader.NotJSONError, ValueError):  # caught half-written: the caller looks again
        return []
    return [
        cell.source
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code"
    ]


def learner_term(page: Page, hub: Hub, user: str, good: bool) -> dict[str, str]:
    """Everything a learner does before the deadline; the verdicts Validate gave."""
    key = sorter_key()
    sign_in(page, hub, user)
    for assignment in (PRIMER, *ASSIGNMENTS):
        fetch(page, assignment)
    assert sorted(p.name for p in (hub.home(user) / PRIMER).glob("*.ipynb")) == ["python_for_logistics.ipynb"]
    verdicts = {}

    open_notebook(page, hub, user, "01_customers")
    sort_parties(page, key if good else bens_sorting(key))
    answers = model_answers("01_customers")
    if not good:  # Ben skips the practice and answers the first graded task only, wrongly
        graded = model_answers("01_customers", practice=False)
        first = next(i for i, answer in enumerate(graded) if answer is not None)
        answers = [*graded[:first], BENS_PANDAS]
    type_answers(page, answers)
    if good:
        write_answer(page, WRITTEN["01_customers"])
    save(page, hub, user, "01_customers", answers)
    saved = json.loads((hub.home(user) / "01_customers" / "answers.json").read_text())
    assert saved["01_customers.sort_the_parties"] == (key if good else bens_sorting(key))
    page.screenshot(path=str(ARTIFACTS / f"hub-{'good' if good else 'weak'}-01.png"))
    verdicts["01_customers"] = validate(page, "01_customers")

    open_notebook(page, hub, user, "05_inventory")
    if good:
        type_answers(page, model_answers("05_inventory"))
        write_answer(page, WRITTEN["05_inventory"])
        save(page, hub, user, "05_inventory", model_answers("05_inventory"))
        verdicts["05_inventory"] = validate(page, "05_inventory")
    for assignment in ASSIGNMENTS:
        submit(page, assignment)
    return verdicts


HOSTILE = """
import datetime, os, shutil, sys
inbound, outbound, source, cas, ada = sys.argv[1:6]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
def folder(learner, assignment, tag):
    path = os.path.join(inbound, f"{learner}+{assignment}+{now}+{tag}")
    os.mkdir(path)
    return path
# the answer key as his own notebook, with a pipe and a link to the tutor's source folder beside it
key = folder(cas, "05_inventory", "key")
os.symlink(os.path.join(source, "05_inventory", "eoq_safety_stock.ipynb"), os.path.join(key, "eoq_safety_stock.ipynb"))
os.mkfifo(os.path.join(key, "answers.json"))
os.symlink(os.path.join(source, "05_inventory"), os.path.join(key, "source"))
# a blank notebook in Ada's name, later than hers
spoof = folder(ada, "01_customers", "spoof")
shutil.copy(os.path.join(outbound, "01_customers", "customers.ipynb"), os.path.join(spoof, "customers.ipynb"))
# an inbound "folder" that is a link to the tutor's source folder
os.symlink(os.path.join(source, "01_customers"), os.path.join(inbound, f"{cas}+01_customers+{now}+link"))
print("done")
"""


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and a hash of its bytes (as root reads them)."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def hostile_attempts(hub: Hub, cas: str, ada: str) -> None:
    """Cas, from a terminal of his own, tries to hand in the tutor's key as his work and to replace Ada's."""
    course = hub.exchange / COURSE_ID
    source = hub.home(hub.tutor) / "course" / "source"
    args = (str(course / "inbound"), str(course / "outbound"), str(source), cas, ada)
    done = hub.run_as(cas, str(hub.venv / "bin" / "python"), "-c", HOSTILE, *args)
    assert done.stdout.strip() == "done", done.stderr


def test_a_term_on_the_hub(hub: Hub, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ada, ben = hub.learners
    cas = hub.hostile
    tutor_course = hub.home(hub.tutor) / "course"

    # the tutor sets up the course from the tutor pack and releases the primer and two assignments
    hub.run_as(hub.tutor, str(hub.venv / "bin" / "logiserve"), "init", "course", "--source", str(hub.pack))
    released = hub.logiserve("release", PRIMER, *ASSIGNMENTS)
    assert released.stdout.count("released ") == 3, released.stdout

    contexts = {user: browser.new_context(viewport={"width": 1400, "height": 1000}) for user in (ada, ben)}
    try:
        pages = {user: context.new_page() for user, context in contexts.items()}
        try:
            verdicts = {
                ada: learner_term(pages[ada], hub, ada, good=True),
                ben: learner_term(pages[ben], hub, ben, good=False),
            }
        except Exception:
            for user, page in pages.items():
                page.screenshot(path=str(ARTIFACTS / f"FAILED-hub-{user}.png"))
            raise
        (ARTIFACTS / "hub-validate.json").write_text(json.dumps(verdicts, indent=2))
        assert verdicts[ada]["01_customers"].startswith("passed: Success! Your notebook passes all the tests."), (
            verdicts
        )
        assert verdicts[ada]["05_inventory"].startswith("passed: Success!"), verdicts
        assert verdicts[ben]["01_customers"].startswith("failed: The following cell failed:"), verdicts

        # a third learner, from a terminal, tries to hand in the key as his work and to replace Ada's submission
        key_before = tree_digest(tutor_course / "source")
        hostile_attempts(hub, cas, ada)

        # the tutor collects, grades and hands back feedback
        for assignment in ASSIGNMENTS:
            collected = hub.logiserve("collect", assignment)
            first = collected.stdout.splitlines()[0]
            learners = [ada, ben, *([cas] if assignment == "05_inventory" else [])]
            assert sorted(re.findall(r"ls-[0-9a-f]{4}-\w+", first)) == sorted(learners), collected.stdout
            assert cas in collected.stderr, collected.stderr  # the table names him
            graded = hub.logiserve("grade", assignment, check=False)
            if assignment == "05_inventory":  # what was left of Cas's "submission" holds no notebook
                assert graded.returncode == 1 and "2 graded, 1 failed" in graded.stdout, graded.stdout
                assert "no notebook in the submission" in graded.stdout, graded.stdout
            else:
                assert graded.returncode == 0 and "2 graded" in graded.stdout, graded.stdout
            handed = hub.logiserve("feedback", assignment, "--release")
            assert handed.returncode == 0, handed.stdout

        # each learner fetches their feedback in the panel
        for user in (ada, ben):
            for assignment in ASSIGNMENTS:
                fetch_feedback(pages[user], assignment)
            pages[user].screenshot(path=str(ARTIFACTS / f"hub-feedback-{user}.png"))
    finally:
        for context in contexts.values():
            context.close()

    # final scores: Ada every autograded point, Ben what his sorting earns and nothing else
    key = sorter_key()
    sorting = check_classification(bens_sorting(key), key, points=5).points
    expected = {
        (ada, "01_customers"): autograded_points("01_customers"),
        (ada, "05_inventory"): autograded_points("05_inventory"),
        (ben, "01_customers"): sorting + bens_pandas_points(),
        (ben, "05_inventory"): 0.0,
    }
    with Gradebook(f"sqlite:///{tutor_course / 'gradebook.db'}") as gradebook:
        scores = {
            (user, assignment): round(gradebook.find_submission(assignment, user).score, 2)
            for user in (ada, ben)
            for assignment in ASSIGNMENTS
        }
    assert scores == {k: round(v, 2) for k, v in expected.items()}

    # the tutor's files are unchanged, Cas has nothing of the key, and the tutor's record names each attempt
    assert tree_digest(tutor_course / "source") == key_before
    collected_by_cas = tutor_course / "submitted" / cas
    assert not (collected_by_cas / "01_customers").exists()
    assert sorted(p.name for p in (collected_by_cas / "05_inventory").iterdir()) == ["timestamp.txt"]
    with Gradebook(f"sqlite:///{tutor_course / 'gradebook.db'}") as gradebook:
        known = {student.id for student in gradebook.students}
        assert cas not in known or all(s.score == 0 for s in gradebook.find_student(cas).submissions)
    outcomes = {
        (o.learner, o.folder.rsplit("+", 1)[-1]): o
        for assignment in ASSIGNMENTS
        for o in read_collect_log(tutor_course, assignment).runs[-1].outcomes
    }
    assert outcomes[ada, "spoof"].status == Status.SET_ASIDE
    assert outcomes[ada, "spoof"].reason == f"submitted in {ada}'s name by {cas}"
    assert outcomes[cas, "link"].status == Status.REFUSED and "symbolic link" in outcomes[cas, "link"].reason
    key = outcomes[cas, "key"]
    assert key.status == Status.COLLECTED and key.files == 0, key
    left_out = {entry.path: entry.reason for entry in key.left_out}
    assert sorted(left_out) == ["answers.json", "eoq_safety_stock.ipynb", "source"], left_out
    assert "named pipe" in left_out["answers.json"] and "symbolic link" in left_out["source"]
    hub.logiserve("report")
    page = html.unescape(re.sub(r"<[^>]+>", " ", (tutor_course / "report.html").read_text()))
    assert f"submitted in {ada}'s name by {cas}" in " ".join(page.split())

    # each learner's feedback is theirs alone
    for user in (ada, ben):
        for assignment, notebook in ASSIGNMENTS.items():
            pages_ = sorted((hub.home(user) / assignment / "feedback").glob(f"*/{notebook.replace('.ipynb', '.html')}"))
            assert len(pages_) == 1, pages_
            text = pages_[0].read_text()
            total = expected[(user, assignment)]
            assert re.search(rf"Score: {total:g}(\.0+)? / ", text) or f"Score: {round(total, 2)}" in text, (
                user,
                assignment,
            )
            other = ben if user == ada else ada
            assert other not in text

    # and nobody can read anyone else's work or feedback on disk
    course_id = COURSE_ID
    probe = f"""
import json, os, glob
def attempt(what, path):
    try:
        os.listdir(path) if what == "list" else open(path, "rb").read(1)
        return "allowed"
    except PermissionError:
        return "PermissionError"
    except FileNotFoundError:
        return "FileNotFoundError"
print(json.dumps({{
    "exchange inbound": attempt("list", {str(hub.exchange / course_id / "inbound")!r}),
    "exchange feedback": attempt("list", {str(hub.exchange / course_id / "feedback")!r}),
    "other's notebook": attempt("read", {str(hub.home(ben) / "01_customers" / "customers.ipynb")!r}),
    "other's answers": attempt("read", {str(hub.home(ben) / "01_customers" / "answers.json")!r}),
    "other's feedback": attempt("list", {str(hub.home(ben) / "01_customers" / "feedback")!r}),
    "tutor's gradebook": attempt("read", {str(tutor_course / "gradebook.db")!r}),
    "tutor's submissions": attempt("list", {str(tutor_course / "submitted")!r}),
}}))
"""
    seen = json.loads(hub.run_as(ada, str(hub.venv / "bin" / "python"), "-c", probe).stdout)
    assert seen == dict.fromkeys(seen, "PermissionError") and len(seen) == 7, seen
    # ... while the owners can (the probe is not failing for another reason)
    assert hub.run_as(ben, "cat", str(hub.home(ben) / "01_customers" / "answers.json")).stdout.startswith("{")
