"""A classmate's whole chain of answers, copied as numbers, earns nothing on a method-marked step.

Error carried forward gives the marks for a right method applied to a learner's own earlier
answer.  A copier's earlier answers follow from each other (they are a classmate's right ones),
so a check that asked only "does this step follow from the earlier answers?" would pay the copier
in full.  Each step of 05_inventory must start its chain from an answer of the learner's *own*
numbers.  This runs every hidden test of the source notebook, in-process, as learner B marked with
learner A's right answers, for many pairs of the course's learners, and asserts that every cell
whose right answer differs between them awards zero (and, as a control, that B's own answers earn
the cell's points).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import math
import re
from pathlib import Path

import nbformat
import pytest

from logiserve import variants
from logiserve.variants import marking_for

from .test_variants import INVENTORY_TOLERANCE, course_variants, inventory_answers

SOURCE = Path(__file__).resolve().parents[2] / "course" / "source" / "05_inventory"
NOTEBOOK = SOURCE / "eoq_safety_stock.ipynb"


def _answer_of(code: str) -> str:
    body = code.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
    return [line.split("=", 1)[0].strip() for line in body.splitlines() if "=" in line and not line[0].isspace()][-1]


def hidden_tests() -> dict[str, tuple[str, str]]:
    """Each hidden test cell that has a learner-dependent answer: grade id -> (answer variable, source)."""
    cells = nbformat.read(NOTEBOOK, 4).cells
    wanted = set(inventory_answers(course_variants("05_inventory")[0]))
    out = {}
    for before, cell in itertools.pairwise(cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id in wanted:
            out[grade_id] = (_answer_of(before.source), cell.source)
    assert set(out) == wanted  # every learner-dependent cell of inventory_answers is in the notebook
    return out


def mark(source: str, learner: str, answers: dict[str, float]) -> float:
    """The points the hidden test ``source`` awards when ``learner``'s notebook holds ``answers``."""
    scope = {"__name__": "__main__", "math": math, "describe_answer": lambda *a, **k: None, **answers}
    printed = io.StringIO()
    with marking_for(learner, variants.COURSE_ID), contextlib.redirect_stdout(printed):
        exec(source, scope)  # the course's own hidden test, as nbgrader runs it
    scores = re.findall(r"^Score: ([0-9.]+) / ", printed.getvalue(), flags=re.M)
    assert len(scores) == 1, printed.getvalue()
    return float(scores[0])


def accepted(cell: str, given: float, right: float) -> bool:
    rel, absolute = INVENTORY_TOLERANCE.get(cell, (0.01, 0))
    return abs(given - right) <= max(absolute, rel * abs(right))


@pytest.fixture(scope="module")
def cohort():
    learners = course_variants("05_inventory")[:200]
    return [(mine, inventory_answers(mine)) for mine in learners]


def foreign_pairs(cohort, limit: int):
    """Pairs (A, B) where none of A's right answers is right for B: a classmate's chain copied whole.

    When one of A's earlier answers is right for B too (they share a service level, say), B owns
    that step, and a later step carried forward from it pays what an honest learner with the same
    slip in the other input earns: that is error carried forward working, not a forgery.
    """
    found = []
    for (a, a_right), (b, b_right) in itertools.permutations(cohort, 2):
        if not any(accepted(cell, a_right[cell], b_right[cell]) for cell in a_right):
            found.append((a, a_right, b))
            if len(found) == limit:
                break
    return found


def test_a_copied_chain_earns_nothing(cohort, monkeypatch):
    monkeypatch.chdir(SOURCE)
    tests = hidden_tests()
    pairs = foreign_pairs(cohort, 300)
    assert len(pairs) == 300
    paid = {}
    for a, a_right, b in pairs:
        copied = {tests[cell][0]: value for cell, value in a_right.items()}
        for cell, (_, source) in tests.items():
            points = mark(source, b.learner.id, copied)
            if points:
                paid.setdefault(cell, []).append((a.learner.id, b.learner.id, points))
    assert {cell: len(v) for cell, v in paid.items()} == {}, {cell: v[:3] for cell, v in paid.items()}


def test_a_learners_own_chain_earns_every_point(cohort, monkeypatch):
    monkeypatch.chdir(SOURCE)
    tests = hidden_tests()
    for mine, right in cohort[:6]:
        own = {tests[cell][0]: value for cell, value in right.items()}
        for cell, (_, source) in tests.items():
            assert mark(source, mine.learner.id, own) > 0, (mine.learner.id.id, cell)


def test_a_slip_of_the_learners_own_is_still_carried_forward(cohort, monkeypatch):
    """The guard does not cost an honest learner: a wrong sigma of their own carries into every later step."""
    monkeypatch.chdir(SOURCE)
    tests = hidden_tests()
    for mine, right in cohort[:6]:
        answers = {tests[cell][0]: value for cell, value in right.items()}
        slipped = 1.3 * right["sd_test"]  # their own wrong sigma over the lead time
        safety = right["z_test"] * slipped
        D, Q = right["demand_test"], right["eoq_test"]
        answers |= {
            "sd_over_lead_time": slipped,
            "safety_stock_units": safety,
            "reorder_level": mine["daily_demand"] * mine["lead_time"] + safety,
            "turnover": D / (Q / 2 + safety),
            "days_big_batch": 365 * (mine["lorry_load"] / 2 + safety) / D,
        }
        marks = {cell: mark(tests[cell][1], mine.learner.id, answers) for cell in tests}
        assert marks["sd_test"] == 0, mine.learner.id
        for cell in ("ss_test", "rop_test", "turnover_test", "batch_days_test"):
            assert marks[cell] > 0, (mine.learner.id, cell)
