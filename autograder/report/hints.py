"""Section 9 of the cohort report: how far learners climbed each code task's hint ladder, and its practice.

Read from each learner's graded submission: its ``answers.json`` (in ``autograded/``) holds how
many rungs of each ladder the learner opened (``logiserve.content.hint_ladder``) and the record
of each practice twin they checked (``logiserve.content.practice_twin``). Both are the learner's
own record: information for the tutor, never a mark, so nothing here changes a score.
"""

from __future__ import annotations

from logiserve.content import hint_ladder, practice_twin
from logiserve.course import Course

from ._parts import _content, _read_answers
from .model import HintUse

__all__ = ["hint_use"]


def _percent(scores: list[float], points: float) -> float | None:
    return 100 * sum(scores) / (points * len(scores)) if scores and points else None


def hint_use(
    course: Course, names: list[str], scored: dict[tuple[str, str, str, str], tuple[float, float]]
) -> tuple[HintUse, ...]:
    """Every ladder of the graded assignments with the learners' rungs, their practice and the task's marks."""
    out = []
    for name in names:
        content = _content(course.source(name))
        learners = sorted({s for (s, a, _, _) in scored if a == name})
        cells = {cell: nb for (_, a, nb, cell) in scored if a == name}
        saved = {learner: _read_answers(course, learner, name) for learner in learners}
        twins = {c["for"]: i for i, c in content.items() if c["kind"] == practice_twin.KIND and "for" in c}
        for ladder_id, ladder in content.items():
            task = ladder.get("for")
            if ladder["kind"] != hint_ladder.KIND or task not in cells:
                continue
            notebook = cells[task]
            opened = {s: hint_ladder.opened(ladder, saved[s].get(ladder_id)) for s in learners}
            records = {s: practice_twin.usable_answer({}, saved[s].get(twins.get(task, "")))[0] for s in learners}
            marks = {s: scored[(s, name, notebook, task)] for s in learners}
            points = next(iter(marks.values()))[1] if marks else 0.0
            out.append(
                HintUse(
                    assignment=name,
                    notebook=notebook,
                    task=task,
                    title=ladder["title"],
                    levels=tuple(hint_ladder.LEVELS[r["level"]] for r in ladder["rungs"]),
                    opened=tuple(sorted(opened.items())),
                    practised=sum(bool(r) for r in records.values()),
                    practice_passed=sum(bool(r.get("passed")) for r in records.values()),
                    facility_without=_percent([marks[s][0] for s in learners if not opened[s]], points),
                    facility_with=_percent([marks[s][0] for s in learners if opened[s]], points),
                )
            )
    return tuple(out)
