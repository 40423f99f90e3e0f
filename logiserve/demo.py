"""A simulated cohort, run through the whole tutor workflow: the README's walk-through, for real.

:func:`run_demo` makes a temporary course and exchange, releases every assignment, and lets a
cohort of simulated learners fetch, answer and submit through nbgrader's filesystem exchange.
Then the tutor's side runs as a tutor would run it: collect, grade, feedback, report.

The learners are made to look like a real group.  Each has a profile (strong, average or
weak) that sets how likely each answer is to be right, and one learner in twenty (learner07,
learner27, ...) is a guesser, who answers every widget at random (any category, any order, any
rating, any response) and leaves code blank or wrong; a wrong code answer is the model
answer with a typical slip (a share given as a percentage, a month instead of a year, a
group left out, the wrong order); a wrong widget answer has some items, steps or responses
wrong; some learners leave answers blank, a few submit late (after the due date), and a few
do not submit an assignment at all.  Everything is seeded, so two runs give the same cohort.
"""

from __future__ import annotations

import ast
import contextlib
import json
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from . import tutor
from .course import Course, assignments

__all__ = ["DemoResult", "Learner", "make_cohort", "run_demo", "slip"]

PROFILES = {"strong": 0.9, "average": 0.65, "weak": 0.35}
"""The chance that each answer of a learner with this profile is right."""
GUESSER = "guesser"
"""The profile of a learner who answers every widget at random and no code right (every 20th, from learner07)."""

FIRST_NAMES = [
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Femi", "Grace", "Harry", "Isla", "Jacob", "Kasia", "Liam",
    "Maya", "Noah", "Olivia", "Priya", "Quinn", "Rhys", "Sofia", "Tom", "Uma", "Victor", "Wiktor", "Yusuf",
    "Zara", "Adam", "Beth", "Callum", "Dina", "Ethan",
]  # fmt: skip
LAST_NAMES = [
    "Ahmed", "Baker", "Clarke", "Davies", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones", "Kowalski",
    "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quigley", "Roberts", "Shaw", "Turner", "Walsh", "Young",
]  # fmt: skip


@dataclass(frozen=True)
class Learner:
    """One simulated learner."""

    student_id: str
    first_name: str
    last_name: str
    profile: str
    missing: frozenset[str] = frozenset()
    late: frozenset[str] = frozenset()


def make_cohort(learners: int = 40, *, seed: int = 2026, names: list[str] | None = None) -> list[Learner]:
    """``learners`` simulated learners: about 30 % strong, 45 % average, 25 % weak, one in 20 a guesser; some late,
    a few missing.  (A guesser's profile replaces the one drawn, so the other learners stay as they were.)"""
    rng = random.Random(seed)
    names = names or []
    out = []
    for number in range(1, learners + 1):
        profile = rng.choices(list(PROFILES), weights=[30, 45, 25])[0]
        profile = GUESSER if number % 20 == 7 else profile
        missing = {a for a in names if rng.random() < (0.12 if profile == "weak" else 0.03)}
        late = {a for a in names if a not in missing and rng.random() < 0.08}
        out.append(
            Learner(
                f"learner{number:02d}",
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                profile,
                frozenset(missing),
                frozenset(late),
            )
        )
    return out


def slip(value: Any, seed: int) -> Any:
    """A typical wrong version of a right answer: what a learner's slip would give."""
    import numpy as np
    import pandas as pd

    rng = random.Random(seed)
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value) * rng.choice([100, 1 / 12, 12, 1.2, 0.8])
    if isinstance(value, pd.Series):
        return rng.choice([lambda s: s.iloc[:-1], lambda s: s.sort_index(ascending=False) * 1.1, lambda s: s * 0.9])(
            value
        )
    if isinstance(value, pd.DataFrame):
        return value.iloc[:-1]
    if isinstance(value, list | tuple):
        return list(value)[:-1] if len(value) > 1 else [*value, "something else"]
    if isinstance(value, str):
        return value.replace("_", " ").upper() if rng.random() < 0.5 else "not sure"
    return value


# -- answering a fetched assignment ---------------------------------------------------------------
def _assigned_name(code: str) -> str | None:
    """The last variable a solution assigns (the answer variable), or None."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    names = [
        t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)
    ]
    return names[-1] if names else None


def _solution(source: str) -> str:
    """The code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    lines = source.splitlines()
    begin, end = lines.index("### BEGIN SOLUTION"), lines.index("### END SOLUTION")
    return "\n".join(lines[begin + 1 : end])


def _widget_answer(source: str) -> tuple[str, Any] | None:
    """``(variable, right answer)`` from a ``### BEGIN WIDGET SOLUTION`` region, or None."""
    if "### BEGIN WIDGET SOLUTION" not in source:
        return None
    lines = source.splitlines()
    begin, end = lines.index("### BEGIN WIDGET SOLUTION"), lines.index("### END WIDGET SOLUTION")
    node = ast.parse("\n".join(lines[begin + 1 : end])).body[0]
    assert isinstance(node, ast.Assign)
    return ast.unparse(node.targets[0]).removesuffix(".value"), ast.literal_eval(node.value)


def _exercise_id(source: str) -> str | None:
    for node in ast.walk(
        ast.parse(source.replace("### BEGIN WIDGET SOLUTION", "").replace("### END WIDGET SOLUTION", ""))
    ):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value[:2].isdigit()
            and "." in node.value
        ):
            return node.value
    return None


def _spoil_widget(answer: Any, rng: random.Random, share_wrong: float) -> Any:
    """A widget answer with about ``share_wrong`` of it wrong, in the way learners get it wrong."""
    if share_wrong <= 0:
        return answer
    if isinstance(answer, dict) and "path" in answer:  # a role-play: stop early, as if unsure
        path = answer["path"]
        return {"path": path[: max(1, round(len(path) * (1 - share_wrong)))]}
    if isinstance(answer, dict) and "order" in answer:  # a sequence: swap neighbours
        order = list(answer["order"])
        for _ in range(round(len(order) * share_wrong / 2)):
            i = rng.randrange(len(order) - 1)
            order[i], order[i + 1] = order[i + 1], order[i]
        return {"order": order, "stages": dict(answer.get("stages", {}))}
    if isinstance(answer, dict) and "ratings" in answer:  # a journey map: some ratings off, fewer notes
        ratings = dict(answer["ratings"])
        for tp in rng.sample(sorted(ratings), round(len(ratings) * share_wrong)):
            ratings[tp] = rng.choice([r for r in ("positive", "neutral", "negative") if r != ratings[tp]])
        notes = dict(
            list(answer.get("notes", {}).items())[: max(0, round(len(answer.get("notes", {})) * (1 - share_wrong)))]
        )
        return {"ratings": ratings, "critical": list(answer.get("critical", []))[:1], "notes": notes}
    if isinstance(answer, dict):  # a sorter: some items in another category
        categories = sorted(set(answer.values()))
        spoiled = dict(answer)
        for item in rng.sample(sorted(answer), round(len(answer) * share_wrong)):
            spoiled[item] = rng.choice([c for c in categories if c != answer[item]] or categories)
        return spoiled
    return answer


def _guess_widget(answer: Any, rng: random.Random, content: Any) -> Any:
    """A widget answer made at random, without reading the items: what a guesser clicks."""
    from .content.journey import RATINGS

    if isinstance(answer, dict) and "path" in answer and content:  # a role-play: any response at every step
        steps = {step["id"]: step for step in content["steps"]}
        at, path = content["start"], []
        while steps[at].get("options"):
            option = rng.choice(steps[at]["options"])
            path.append({"step": at, "option": option["id"]})
            at = option["next"]
        return {"path": path}
    if isinstance(answer, dict) and "order" in answer:  # a sequence: any order, any stages
        order = list(answer["order"])
        rng.shuffle(order)
        stages = sorted(set(answer.get("stages", {}).values()))
        return {"order": order, "stages": {step: rng.choice(stages) for step in order} if stages else {}}
    if isinstance(answer, dict) and "ratings" in answer:  # a journey map: any rating, a moment or two, no notes
        ratings = {tp: rng.choice(RATINGS) for tp in answer["ratings"]}
        return {"ratings": ratings, "critical": rng.sample(sorted(ratings), 2), "notes": {}}
    if isinstance(answer, dict):  # a sorter: any category for every item
        categories = sorted(set(answer.values()))
        return {item: rng.choice(categories) for item in answer}
    return answer


WRITTEN = {
    "strong": (
        "At Northgate this matters because {topic}. For example, the evidence in this notebook shows the "
        "numbers behind it, and I would act on the biggest cause first, with a measure to check it worked."
    ),
    "average": "I think {topic} is important for customers because service is better.",
    "weak": "",
    GUESSER: "",
}


def _exercise_content(source: Path) -> dict[str, Any]:
    from .content import load_exercises

    path = source / "exercises.yaml"
    return load_exercises(path) if path.is_file() else {}


def answer_assignment(folder: Path, source: Path, learner: Learner, seed: int) -> None:
    """Fill a fetched assignment folder with this learner's answers (code, widgets, written)."""
    rng = random.Random(f"{seed}-{learner.student_id}-{folder.name}")
    guesser = learner.profile == GUESSER
    right = 0.0 if guesser else PROFILES[learner.profile]
    saved: dict[str, Any] = {}
    content = _exercise_content(source) if guesser else {}
    for nb_path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        src = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nbformat.read(source / nb_path.name, 4).cells}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            original = src.get(meta.get("grade_id"))
            if original is None:
                continue
            widget = _widget_answer(original.source)
            if widget is not None:
                exercise_id = _exercise_id(original.source)
                if exercise_id and guesser:
                    saved[exercise_id] = _guess_widget(widget[1], rng, content.get(exercise_id))
                elif exercise_id and rng.random() < 0.95:
                    share_wrong = 0.0 if rng.random() < right else rng.uniform(0.2, 0.6)
                    saved[exercise_id] = _spoil_widget(widget[1], rng, share_wrong)
                continue
            if not meta.get("solution"):
                continue
            if cell.cell_type == "markdown":
                topic = folder.name.split("_", 1)[1].replace("_", " ")
                cell.source = WRITTEN[learner.profile].format(topic=topic)
                continue
            roll = rng.random()
            if roll < right:
                cell.source = _solution(original.source)
            elif roll < right + (1 - right) * 0.7:
                code, name = _solution(original.source), _assigned_name(_solution(original.source))
                slip_seed = rng.randrange(10**6)
                # a plain import: the slip is the demo's, not a trick for the integrity scan to flag
                slipped = f"\nfrom logiserve.demo import slip\n{name} = slip({name}, {slip_seed})"
                cell.source = code + (slipped if name else "")
            # else: left blank, as released (a guesser: a slip 7 times in 10, else blank)
        nbformat.write(nb, nb_path)
    saved.update(_help_asked(_exercise_content(source), right, random.Random(f"{seed}-{learner.student_id}-help")))
    if saved:
        (folder / "answers.json").write_text(json.dumps(saved, indent=1))


def _help_asked(content: dict[str, Any], right: float, rng: random.Random) -> dict[str, Any]:
    """The hints a simulated learner opened and the practice twins they checked, as answers.json records them.

    The weaker the learner, the more often they open hints and the further they climb; a guesser
    (``right`` 0) opens none and practises nothing.
    """
    out: dict[str, Any] = {}
    if not right:
        return out
    for exercise_id, item in content.items():
        if item["kind"] == "hint_ladder" and "for" in item and rng.random() < 1.1 - right:
            out[exercise_id] = {"opened": rng.randint(1, max(1, round(len(item["rungs"]) * (1.2 - right))))}
        elif item["kind"] == "practice_twin" and "for" in item and rng.random() < 0.4 + right / 2:
            passed = rng.random() < right
            out[exercise_id] = {"best": float(item["points"]) if passed else 0.0, "passed": passed}
    return out


# -- the exchange, as each learner -------------------------------------------------------------------
def _exchange_app(kind: str, course: Path, exchange: Path, **settings: Any) -> Any:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit

    config = Course(course, exchange=exchange).config
    for key, value in settings.items():
        section, name = key.split("__")
        setattr(getattr(config, section), name, value)
    coursedir = CourseDirectory(config=config)
    cls = {"fetch": ExchangeFetchAssignment, "submit": ExchangeSubmit}[kind]
    return cls(coursedir=coursedir, authenticator=Authenticator(config=config), config=config)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    import logging

    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def fetch(course: Path, exchange: Path, assignment: str, home: Path) -> Path:
    """Fetch ``assignment`` from the exchange into ``home`` (as a learner's Assignments panel does)."""
    home.mkdir(parents=True, exist_ok=True)
    app = _exchange_app(
        "fetch", course, exchange, CourseDirectory__assignment_id=assignment, Exchange__assignment_dir=str(home)
    )
    with _quiet():
        app.start()
    return home / assignment


def submit(course: Path, exchange: Path, assignment: str, home: Path, student_id: str) -> None:
    """Submit ``home/assignment`` to the exchange as ``student_id``."""
    app = _exchange_app(
        "submit",
        course,
        exchange,
        CourseDirectory__assignment_id=assignment,
        CourseDirectory__student_id=student_id,
        Exchange__assignment_dir=str(home),
    )
    with _quiet():
        app.start()


@dataclass
class DemoResult:
    """Where the demo put things, and what happened."""

    folder: Path
    course: Path
    exchange: Path
    report: Path
    csv: Path
    learners: list[Learner]
    seconds: dict[str, float] = field(default_factory=dict)


def run_demo(
    folder: Path,
    *,
    learners: int = 40,
    seed: int = 2026,
    names: list[str] | None = None,
    workers: int | None = None,
    say: Callable[[str], None] = print,
) -> DemoResult:
    """Release, answer, submit, collect, grade, feed back and report for a simulated cohort.

    ``folder`` must be new or empty; it gets ``course/``, ``exchange/``, ``learners/`` and
    ``report.html`` / ``report.csv``.  ``names`` limits the assignments (all by default).
    """
    from .autograder.feedback import generate_feedback
    from .autograder.grading import grade, summary_table
    from .autograder.report import build_report

    folder = folder.resolve()
    course, exchange, homes = folder / "course", folder / "exchange", folder / "learners"
    tutor.init_course(course)
    exchange.mkdir(parents=True, exist_ok=True)
    released = names or assignments(course)
    names = [name for name in released if name in Course(course).graded_assignments()]
    cohort = make_cohort(learners, seed=seed, names=names)
    timings: dict[str, float] = {}

    start = time.perf_counter()
    say(f"Releasing {', '.join(released)} to the exchange at {exchange}")
    tutor.release(course, released, exchange=exchange)
    with Course(course).gradebook() as gb:
        for learner in cohort:
            gb.update_or_create_student(learner.student_id, first_name=learner.first_name, last_name=learner.last_name)
    timings["release"] = time.perf_counter() - start

    for name in names:
        start = time.perf_counter()
        say(f"{name}: {len(cohort)} learners fetch, answer and submit")
        on_time = [learner for learner in cohort if name not in learner.missing and name not in learner.late]
        late = [learner for learner in cohort if name in learner.late]
        for learner in on_time:
            _work(course, exchange, name, homes / learner.student_id, learner, seed)
        due = datetime.now(UTC) + timedelta(seconds=1)
        with Course(course).gradebook() as gb:
            gb.update_or_create_assignment(name, duedate=due.replace(tzinfo=None))
        time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.2)
        for learner in late:
            _work(course, exchange, name, homes / learner.student_id, learner, seed)
        timings[f"{name} submit"] = time.perf_counter() - start

        start = time.perf_counter()
        collected = tutor.collect(course, name, exchange=exchange)
        say(f"{name}: collected {len(collected.students)} submissions; grading")
        run = grade(course, name, workers=workers, progress=False)
        from rich.console import Console

        Console().print(summary_table(run))
        timings[f"{name} grade"] = time.perf_counter() - start
        start = time.perf_counter()
        generate_feedback(course, name, release=True, exchange=exchange)
        timings[f"{name} feedback"] = time.perf_counter() - start

    start = time.perf_counter()
    report, csv = folder / "report.html", folder / "report.csv"
    build_report(course, names, out=report, csv=csv)
    timings["report"] = time.perf_counter() - start
    say(f"The cohort report is at {report} (numbers: {csv})")
    return DemoResult(folder, course, exchange, report, csv, cohort, timings)


def _work(course: Path, exchange: Path, name: str, home: Path, learner: Learner, seed: int) -> None:
    folder = fetch(course, exchange, name, home)
    answer_assignment(folder, course / "source" / name, learner, seed)
    submit(course, exchange, name, home, learner.student_id)
    shutil.rmtree(folder)  # a fresh fetch next time; the submission is in the exchange
