"""Item analysis: every statistic against values worked out by hand, alpha against pingouin, small cohorts.

The hand-worked cohort: 6 learners (A to F) x 4 items, item c worth 2 marks, the others 1::

    learner   a  b  c  d   total  rest of a  rest of d
    A         1  1  2  0     4        3          4
    B         1  1  2  1     5        4          4
    C         1  1  1  0     3        2          3
    D         1  0  1  1     3        2          2
    E         0  0  1  1     2        2          1
    F         0  0  0  1     1        1          0

Means: a 2/3, b 1/2, c 7/6, d 2/3, total 3.  Sums of squares about the mean (SS) and of products (SP):

* a: SS = 4 * (1/3)**2 + 2 * (2/3)**2 = 4/3, so sd = sqrt((4/3) / 5) = sqrt(4/15) = 0.5164;
  facility = (2/3) / 1 = 0.6667.
  rest of a (mean 7/3): SS = 38 - 6 * (7/3)**2 = 16/3; SP(a, rest) = 11 - 6 * (2/3) * (7/3) = 5/3;
  r(a, rest) = (5/3) / sqrt(4/3 * 16/3) = (5/3) / (8/3) = 0.625.
  total (mean 3): SS = 1 + 4 + 0 + 0 + 1 + 4 = 10; SP(a, total) = 15 - 6 * (2/3) * 3 = 3;
  r(a, total) = 3 / sqrt(4/3 * 10) = 0.8216.
  Sorted independently, a = 0 0 1 1 1 1 and its rest = 1 2 2 2 3 4 give SP = 11 - 28/3 = 5/3 as well:
  DE = 1 (the rest already orders the learners as a does).
* b: facility 0.5, SS = 3/2; rest = 3 4 2 3 2 1 (mean 5/2), SS = 43 - 37.5 = 5.5, SP = 9 - 7.5 = 1.5;
  r = 1.5 / sqrt(1.5 * 5.5) = 0.5222; sorted: b 0 0 0 1 1 1, rest 1 2 2 3 3 4, SP = 10 - 7.5 = 2.5, DE = 0.6.
* c (max 2): facility = (7/6) / 2 = 0.5833; SS = 11 - 6 * (7/6)**2 = 17/6, sd = sqrt(17/30) = 0.7528;
  rest = 2 3 2 2 1 1 (mean 11/6), SS = 23 - 121/6 = 17/6, SP = 15 - 77/6 = 13/6; r = 13/17 = 0.7647; DE = 1.
* d: facility 0.6667, sd 0.5164; rest = 4 4 3 2 1 0 (mean 7/3), SS = 46 - 98/3 = 40/3,
  SP = 7 - 28/3 = -7/3 (negative covariance with the rest: -7/15); r = (-7/3) / sqrt(4/3 * 40/3) = -7/sqrt(160)
  = -0.5534; r(d, total): SP = 11 - 12 = -1, r = -1 / sqrt(40/3) = -0.2739;
  sorted: d 0 0 1 1 1 1, rest 0 1 2 3 4 4, SP = 13 - 28/3 = 11/3, DE = (-7/3) / (11/3) = -0.6364.

Alpha: item variances 4/15, 3/10, 17/30, 4/15 sum to 42/30 = 7/5; the totals' variance is 10/5 = 2;
alpha = 4/3 * (1 - (7/5) / 2) = 0.4.  Feldt, n = 6, k = 4: df 5 and 15; from an F table, F(0.975; 5, 15) =
3.576 and F(0.025; 5, 15) = 1 / F(0.975; 15, 5) = 1 / 6.428, so the 95 % interval is
1 - 0.6 * 3.576 = -1.146 to 1 - 0.6 / 6.428 = 0.907.  SEM = sqrt(2) * sqrt(1 - 0.4) = sqrt(1.2) = 1.0954.

Fifths by total (mean ranks F 1, E 2, C and D 3.5, A 5, B 6; fifth = ceil(5 * rank / 6)): F 1, E 2,
C and D 3 (tied, together), A and B 5, and fifth 4 is empty.  Item a by fifth: 0, 0, 1, -, 1.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from logiserve.autograder.report.items import (
    MIN_LEARNERS,
    alpha_interval,
    cronbach_alpha,
    discriminative_efficiency,
    distractor_reasons,
    dubious_reasons,
    facility,
    fifth_facilities,
    fifths,
    item_figures,
    item_sd,
    pearson,
    reliability,
    standard_error_of_measurement,
)

LEARNERS = list("ABCDEF")
TABLE = pd.DataFrame(
    {"a": [1, 1, 1, 1, 0, 0], "b": [1, 1, 1, 0, 0, 0], "c": [2, 2, 1, 1, 1, 0], "d": [0, 1, 0, 1, 1, 1]},
    index=LEARNERS,
)
MAXIMA = {"a": 1, "b": 1, "c": 2, "d": 1}
TOTAL = TABLE.sum(axis=1)
SMALL = dict.fromkeys(MIN_LEARNERS, 6)  # the hand-worked cohort has 6 learners: allow every statistic for it

# item -> (facility, sd, item-rest r, item-total r, discriminative efficiency), worked out above
BY_HAND = {
    "a": (2 / 3, math.sqrt(4 / 15), 0.625, 3 / math.sqrt(40 / 3), 1.0),
    "b": (0.5, math.sqrt(3 / 10), 1.5 / math.sqrt(1.5 * 5.5), None, 0.6),
    "c": (7 / 12, math.sqrt(17 / 30), 13 / 17, None, 1.0),
    "d": (2 / 3, math.sqrt(4 / 15), -7 / math.sqrt(160), -1 / math.sqrt(40 / 3), -7 / 11),
}


@pytest.mark.parametrize("item", BY_HAND)
def test_each_item_statistic_matches_the_hand_working(item):
    fac, sd, rest_r, total_r, de = BY_HAND[item]
    marks, rest = TABLE[item], TOTAL - TABLE[item]
    assert facility(marks.tolist(), MAXIMA[item]) == pytest.approx(fac)
    assert item_sd(marks) == pytest.approx(sd)
    assert pearson(marks, rest) == pytest.approx(rest_r)
    if total_r is not None:
        assert pearson(marks, TOTAL) == pytest.approx(total_r)
    assert discriminative_efficiency(marks, rest) == pytest.approx(de)
    figures = item_figures(marks, TOTAL, MAXIMA[item], least=SMALL)
    shown = (figures.facility, figures.sd, figures.item_rest_r, figures.efficiency)
    assert shown == pytest.approx((fac, sd, rest_r, de))
    assert figures.why == {}


def test_fifths_keep_ties_together_and_may_leave_one_empty():
    assert fifths(TOTAL).to_dict() == {"A": 5, "B": 5, "C": 3, "D": 3, "E": 2, "F": 1}
    assert fifth_facilities(TABLE["a"], 1, fifths(TOTAL)) == (0.0, 0.0, 1.0, None, 1.0)
    assert fifth_facilities(TABLE["c"], 2, fifths(TOTAL)) == (0.0, 0.5, 0.5, None, 1.0)
    ten = pd.Series(range(10))
    assert fifths(ten).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_alpha_its_interval_and_the_sem_match_the_hand_working():
    assert cronbach_alpha(TABLE) == pytest.approx(0.4)
    low, high = alpha_interval(0.4, 6, 4)
    assert (low, high) == pytest.approx((1 - 0.6 * 3.576, 1 - 0.6 / 6.428), abs=2e-3)  # an F table's 4 figures
    assert standard_error_of_measurement(math.sqrt(2), 0.4) == pytest.approx(math.sqrt(1.2))
    figures = reliability(TABLE, least=6)
    assert (figures.alpha, figures.sem, figures.sd_total, figures.mean_total) == pytest.approx(
        (0.4, math.sqrt(1.2), math.sqrt(2), 3.0)
    )
    assert (figures.learners, figures.items) == (6, 4)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_alpha_and_its_interval_agree_with_pingouin(seed):
    import numpy as np
    import pingouin

    rng = np.random.default_rng(seed)
    ability = rng.normal(size=40)
    table = pd.DataFrame(
        {f"i{j}": (ability + rng.normal(scale=1.0 + j / 3, size=40) > 0).astype(float) * (1 + j % 2) for j in range(7)}
    )
    expected, (low, high) = pingouin.cronbach_alpha(data=table)
    figures = reliability(table)
    assert figures.alpha == pytest.approx(expected)
    assert (figures.alpha_low, figures.alpha_high) == pytest.approx((low, high), abs=5e-4)  # pingouin rounds to 3
    hand_expected, _ = pingouin.cronbach_alpha(data=TABLE)
    assert cronbach_alpha(TABLE) == pytest.approx(hand_expected)


def test_too_small_a_cohort_says_so_instead_of_a_number():
    figures = item_figures(TABLE["a"], TOTAL, 1)  # 6 learners: facility yes (5), correlations no (10)
    assert figures.facility == pytest.approx(2 / 3)
    assert figures.item_rest_r is figures.item_total_r is figures.efficiency is None
    assert figures.fifths == (None,) * 5
    assert figures.why == {
        metric: "too few learners (n = 6)" for metric in ("item_rest_r", "item_total_r", "efficiency", "fifths")
    }
    four = item_figures(TABLE["a"].iloc[:4], TOTAL.iloc[:4], 1)
    assert four.facility is None and four.why["facility"] == "too few learners (n = 4)"
    assert reliability(TABLE).why == {"alpha": "too few learners (n = 6)"}
    assert reliability(TABLE).alpha is None and reliability(TABLE).sem is None


def test_an_item_everyone_gets_right_has_no_correlation_and_is_flagged():
    learners = range(12)
    marks, totals = pd.Series(1.0, index=learners), pd.Series(range(12), index=learners, dtype=float)
    figures = item_figures(marks, totals, 1)
    assert figures.facility == 1.0 and figures.item_rest_r is None
    assert figures.why["item_rest_r"] == "everyone scored the same here"
    assert dubious_reasons(figures) == [
        "everyone got full marks: it tells nothing about who has understood; make it harder or drop it"
    ]
    nobody = item_figures(marks * 0, totals, 1)
    assert dubious_reasons(nobody) == ["nobody scored: check the key, and whether it was taught before it was asked"]


def test_the_hand_worked_item_d_is_flagged_for_its_discrimination_and_negative_covariance():
    ten = pd.concat([TABLE, TABLE.iloc[:4].set_axis(list("GHIJ"))])  # 10 learners: A to D twice over
    total = ten.sum(axis=1)
    reasons = dubious_reasons(item_figures(ten["d"], total, 1))
    assert [reason.split(":")[0] for reason in reasons] == [
        f"discrimination (item-rest r) {pearson(ten['d'], total - ten['d']):.3f} is under 0.2 while facility is "
        f"{ten['d'].mean():.2f} (under 0.95)",
        f"negative covariance with the rest ({(ten['d'].cov(total - ten['d'])):.3g})",
    ]
    assert dubious_reasons(item_figures(ten["a"], total, 1)) == []


def test_distractors_nobody_picks_and_the_strongest_fifths_wrong_pick():
    learners = range(10)
    fifth = pd.Series([1, 1, 2, 2, 3, 3, 4, 4, 5, 5], index=learners)
    picks = pd.Series(["internal"] * 6 + ["external"] * 2 + ["external", "external"], index=learners)
    labels = {"internal": "Internal customer", "external": "External customer", "none": "Not a customer"}
    reasons = distractor_reasons(picks, "internal", list(labels), fifth, labels=labels)
    assert reasons == [
        "option Not a customer is never chosen: it distracts nobody; make it plausible or drop it",
        "the strongest fifth chose External customer most (2 of 2), which is wrong (the key says Internal customer): "
        "check the key and the wording",
    ]
    assert distractor_reasons(picks.iloc[:6], "internal", list(labels), fifth) == [], "too few learners"
    right = pd.Series(["none", "external"] + ["internal"] * 8, index=learners)  # the weakest fifth errs
    assert distractor_reasons(right, "internal", list(labels), fifth) == []


# -- the section in a real report: a seeded demo cohort of 01_customers, graded by nbgrader ---------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Twelve simulated learners (learner07 guesses) through 01_customers: fetch, submit, collect, grade, report."""
    from logiserve.demo import run_demo

    folder = tmp_path_factory.mktemp("items") / "demo"
    return run_demo(folder, learners=12, names=["01_customers"], workers=2, say=lambda _: None)


def page_and_csv(report_path, csv_path):
    import csv

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(report_path.read_text(encoding="utf-8"), "html.parser")
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return soup, {(r["section"], r["assignment"], r["item"], r["metric"]): r["value"] for r in rows}


def shown_equals(text: str, value: str) -> None:
    """A page cell equals its CSV value: the same reason, or the same number to the places the page shows."""
    try:
        number = float(value)
    except ValueError:
        assert text == value
        return
    places = len(text.split(".")[1]) if "." in text else 0
    assert float(text) == pytest.approx(number, abs=0.5 * 10**-places + 1e-9), (text, value)


HEADERS = {
    "learners": "learners",
    "facility": "facility",
    "sd": "sd",
    "item-rest r (corrected)": "item_rest_r",
    "item-total r (uncorrected)": "item_total_r",
    "discr. efficiency": "efficiency",
    "1st fifth (weakest)": "fifth_1_facility",
    "2nd fifth": "fifth_2_facility",
    "3rd fifth": "fifth_3_facility",
    "4th fifth": "fifth_4_facility",
    "5th fifth (strongest)": "fifth_5_facility",
}


@pytest.mark.pipeline
def test_every_number_of_the_section_in_the_page_equals_the_csv(demo):
    soup, value = page_and_csv(demo.report, demo.csv)
    table = soup.find("table", id="items-01_customers")
    headers = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    rows = [
        dict(zip(headers, [td.get_text(strip=True) for td in tr.find_all("td")], strict=True))
        for tr in table.tbody.find_all("tr")
        if tr.find("td")
    ]
    parts = [r for r in rows if r["kind"] == "sorter item"]
    assert len(parts) == 11, "each party of the graded sorter is an item"
    assert {r["kind"] for r in rows} == {"grade cell", "sorter item"}
    for row in rows:
        for header, metric in HEADERS.items():
            shown_equals(row[header], value[("item_analysis", "01_customers", row["item"], metric)])
    (reliability,) = [
        dict(
            zip(
                [th.get_text(strip=True) for th in soup.find("table", id="reliability").thead.find_all("th")],
                [td.get_text(strip=True) for td in tr.find_all("td")],
                strict=True,
            )
        )
        for tr in soup.find("table", id="reliability").tbody.find_all("tr")
    ]
    shown_equals(reliability["alpha"], value[("reliability", "01_customers", "all", "alpha")])
    shown_equals(reliability["SEM (points)"], value[("reliability", "01_customers", "all", "sem")])
    low, high = reliability["95 % interval"].split(" to ")
    shown_equals(low, value[("reliability", "01_customers", "all", "alpha_low")])
    shown_equals(high, value[("reliability", "01_customers", "all", "alpha_high")])


@pytest.mark.pipeline
def test_widget_items_are_marked_from_each_learners_answers_json_by_the_checks_rule(demo):
    """Each party's facility is the share of the graded learners whose saved answer places it as the hidden key does."""
    import json

    from logiserve.autograder.report import build_report
    from logiserve.demo import _widget_answer

    course = demo.course
    report = build_report(course, ["01_customers"], out=demo.folder / "again.html")
    source = (course / "source" / "01_customers" / "customers.ipynb").read_text(encoding="utf-8")
    import nbformat

    cell = next(c for c in nbformat.reads(source, 4).cells if "WIDGET SOLUTION" in c.source)
    _, key = _widget_answer(cell.source)
    graded = [r.student for r in report.results if r.status == "graded"]
    saved = {}
    for learner in graded:
        path = course / "autograded" / learner / "01_customers" / "answers.json"
        saved[learner] = json.loads(path.read_text()).get("01_customers.sort_the_parties", {}) if path.exists() else {}
    by_item = {i.item.rsplit("/", 1)[1]: i for i in report.items if i.kind == "sorter item"}
    for party, category in key.items():
        expected = sum(saved[learner].get(party) == category for learner in graded) / len(graded)
        assert by_item[party].figures.facility == pytest.approx(expected), party
        assert by_item[party].figures.learners == len(graded)


@pytest.mark.pipeline
def test_flagged_items_link_to_their_content_and_the_guesser_is_in_the_cohort(demo):
    from logiserve.demo import GUESSER

    soup, value = page_and_csv(demo.report, demo.csv)
    assert [who.student_id for who in demo.learners if who.profile == GUESSER] == ["learner07"]
    section = soup.find("section", id="item-analysis")
    text = " ".join(section.get_text(" ", strip=True).split())
    assert "n − 1" in text and "left out" in text and "too few learners" in text
    flagged = soup.find("table", id="dubious-items")
    assert flagged is not None, "the demo cohort makes some items dubious"
    for link in flagged.find_all("a"):
        target = (demo.report.parent / link["href"]).resolve()
        assert target == (demo.course / "source" / "01_customers" / "exercises.yaml").resolve()
    assert any(k[0] == "dubious_item" for k in value)


@pytest.mark.pipeline
def test_a_learners_hostile_answer_is_dropped_and_never_markup(demo, tmp_path):
    """A saved answer naming a category or an item that is not in the exercise is dropped as the widget drops it."""
    import json
    import shutil

    from logiserve.autograder.report import build_report

    course = tmp_path / "course"
    shutil.copytree(demo.course, course)
    learner = next(r.student for r in build_report(course, out=tmp_path / "a.html").results if r.status == "graded")
    path = course / "autograded" / learner / "01_customers" / "answers.json"
    path.write_text(json.dumps({"01_customers.sort_the_parties": {"prospect": HOSTILE, HOSTILE: "internal"}}))
    report = build_report(course, out=tmp_path / "r.html", csv=tmp_path / "r.csv")
    html = report.html.read_text(encoding="utf-8")
    assert "<script" not in html.lower() and "alert(1)" not in html
    assert HOSTILE not in (tmp_path / "r.csv").read_text(encoding="utf-8")


HOSTILE = "<script>alert(1)</script>"


@pytest.mark.pipeline
def test_too_small_a_cohort_says_so_on_the_page(autograded_cohort, tmp_path):
    """The shared four-learner cohort (three graded): facility needs 5, so every statistic says why not."""
    from bs4 import BeautifulSoup

    from logiserve.autograder.report import build_report

    report = build_report(autograded_cohort.root, out=tmp_path / "r.html", csv=tmp_path / "r.csv")
    assert report.items and all(i.figures.facility is None for i in report.items)
    (alpha,) = report.reliability
    assert alpha.value("alpha") == "too few learners (n = 3)"
    soup = BeautifulSoup(report.html.read_text(encoding="utf-8"), "html.parser")
    cells = [td.get_text(strip=True) for td in soup.find("table", id="items-01_customers").find_all("td")]
    assert "too few learners (n = 3)" in cells
    assert soup.find("section", id="item-analysis").find(string=lambda s: "No item is flagged" in s)


@pytest.mark.pipeline
@pytest.mark.browser
def test_the_page_has_no_serious_axe_violation_in_chromium(demo):
    """The whole report page, item analysis included, scanned by axe-core (as the browser tests inject it)."""
    from playwright.sync_api import sync_playwright

    from tests.browser._axe import BLOCKING_IMPACTS, inject
    from tests.browser.conftest import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(demo.report.as_uri())
            inject(page)
            found = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                ".map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
            )
        finally:
            browser.close()
    assert [v for v in found if v["impact"] in BLOCKING_IMPACTS] == []
