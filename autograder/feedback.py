"""Feedback for learners: nbgrader's HTML feedback, without the hidden tests, optionally released.

:func:`generate_feedback` runs nbgrader's ``GenerateFeedback`` converter with the course's
``nbgrader_config.py`` (through :class:`logiserve.course.Course`), so every page goes through
:class:`~logiserve.autograder.nbgrader_steps.HideMarkingCode`: the learner sees each check's
messages and score, never its marking code.  With ``release=True`` the pages are copied to the
exchange with nbgrader's ``ReleaseFeedback``, where each learner fetches their own
(``nbgrader fetch_feedback`` or the Assignments panel).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from logiserve.course import Course
from logiserve.tutor import TutorError

from .nbgrader_steps import HideMarkingCode, generate_feedback_preprocessors

__all__ = ["FeedbackError", "FeedbackRun", "generate_feedback"]

_EXCEPTION_LINE = re.compile(r"^\s*([A-Za-z_.]*(?:Error|Exception)): (.+)$")


class FeedbackError(TutorError):
    """Feedback cannot be made or released; the message says why and what to do."""


@dataclass(frozen=True)
class FeedbackRun:
    """What :func:`generate_feedback` did for one assignment.

    Attributes
    ----------
    assignment:
        The assignment (``NN_topic``).
    pages:
        The feedback HTML files written, ``feedback/<learner>/<assignment>/<notebook>.html``.
    learners:
        The learners who have feedback now, sorted.
    not_graded:
        Learners who submitted but have no autograded notebook (grading failed or has not run):
        they get no feedback until they are graded.
    failed:
        ``(learner, reason)`` for each autograded learner whose feedback nbgrader could not make.
    released:
        Learners whose feedback was copied to the exchange (empty unless ``release=True``).
    not_released:
        ``(learner, reason)`` for feedback that exists but could not be released.
    exchange:
        The exchange folder released to, or ``None``.
    log:
        nbgrader's log of the run.
    """

    assignment: str
    pages: tuple[Path, ...]
    learners: tuple[str, ...]
    not_graded: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    released: tuple[str, ...] = ()
    not_released: tuple[tuple[str, str], ...] = ()
    exchange: Path | None = None
    log: str = field(default="", repr=False)

    def __str__(self) -> str:
        lines = [
            f"Feedback for {self.assignment}: {len(self.pages)} page(s) for {len(self.learners)} learner(s), "
            "hidden tests removed."
        ]
        if self.not_graded:
            lines.append(f"  no feedback, not autograded: {', '.join(self.not_graded)}")
        lines += [f"  no feedback for {learner}: {reason}" for learner, reason in self.failed]
        if self.exchange is not None:
            lines.append(f"  released to {self.exchange}: {', '.join(self.released) or 'nobody'}")
        lines += [f"  not released for {learner}: {reason}" for learner, reason in self.not_released]
        return "\n".join(lines)


def generate_feedback(
    course: Course | Path,
    assignment: str,
    *,
    students: Sequence[str] | None = None,
    release: bool = False,
    exchange: Path | None = None,
) -> FeedbackRun:
    """Make the feedback pages of ``assignment`` (hidden tests removed) and, if asked, release them.

    Parameters
    ----------
    course:
        The course (or its folder, with ``nbgrader_config.py`` and ``autograded/``).
    assignment:
        The assignment, ``NN_topic``.
    students:
        The learners to make feedback for; all autograded learners by default.  Pages are
        always made again, so they show the latest manual grades and comments.
    release:
        Also copy the pages to the exchange, where learners fetch them.
    exchange:
        The exchange folder; nbgrader's setting (``Exchange.root``) by default.

    Raises
    ------
    FeedbackError
        The assignment does not exist, nothing of it is autograded yet, a named learner has
        no autograded submission, or (with ``release``) the exchange folder is missing or
        not writable.
    """
    course = Course.of(course, exchange=exchange)
    course.check_assignment(assignment, FeedbackError)
    api = course.api()
    autograded = course.autograded_dir
    graded = _autograded(autograded, assignment)
    submitted = _folders(course.submitted_dir, assignment)
    if not graded:
        waiting = f" ({len(submitted)} submission(s) are waiting in submitted/)" if submitted else ""
        raise FeedbackError(
            f"Nothing of {assignment} is autograded yet{waiting}: there is no notebook in "
            f"{autograded}/*/{assignment}. Grade first: logiserve grade {assignment}"
        )
    if students is not None:
        unknown = [s for s in students if s not in graded]
        if unknown:
            raise FeedbackError(
                f"No autograded submission of {assignment} for {', '.join(unknown)}. "
                f"Autograded learners: {', '.join(sorted(graded))}."
            )
    wanted = sorted(graded) if students is None else sorted(set(students))

    _hide_marking_code(api)
    root = _writable_exchange(api) if release else None

    log: list[str] = []
    calls = [None] if students is None else wanted
    for student in calls:
        outcome = api.generate_feedback(assignment, student_id=student, force=True)
        log.append(outcome.get("log", "") + outcome.get("error", ""))
        if not outcome.get("success") and student is not None:
            log.append(f"feedback for {student} failed")
    feedback = course.feedback_dir
    pages, learners, failed = [], [], []
    for student in wanted:
        made = sorted((feedback / student / assignment).glob("*.html"))
        expected = {p.stem for p in graded[student]}
        if made and expected <= {p.stem for p in made}:
            pages += made
            learners.append(student)
        else:
            failed.append((student, _cause("\n".join(log), student)))
    if not learners:
        raise FeedbackError(f"nbgrader made no feedback for {assignment}: {failed[0][1]}")

    released, not_released = [], []
    if root is not None:
        for student in learners:
            folder = feedback / student / assignment
            if not (folder / "submission_secret.txt").is_file():
                not_released.append(
                    (
                        student,
                        "the submission did not come through the exchange (no submission_secret.txt), so nbgrader "
                        f"cannot address it; give the learner {folder}/*.html directly",
                    )
                )
                continue
            outcome = _release(api, assignment, student)
            log.append(outcome.get("log", "") + outcome.get("error", ""))
            if outcome.get("success"):
                released.append(student)
            else:
                not_released.append((student, _cause(outcome.get("log", "") + outcome.get("error", ""), student)))

    return FeedbackRun(
        assignment=assignment,
        pages=tuple(pages),
        learners=tuple(learners),
        not_graded=tuple(sorted(set(submitted) - set(graded))) if students is None else (),
        failed=tuple(failed),
        released=tuple(released),
        not_released=tuple(not_released),
        exchange=root,
        log="\n".join(part for part in log if part),
    )


def _folders(parent: Path, assignment: str) -> list[str]:
    """Learners with a ``<parent>/<learner>/<assignment>`` folder."""
    return sorted(p.parent.name for p in parent.glob(f"*/{assignment}") if p.is_dir()) if parent.is_dir() else []


def _autograded(autograded: Path, assignment: str) -> dict[str, list[Path]]:
    """Each autograded learner's notebooks of ``assignment``."""
    out = {}
    for student in _folders(autograded, assignment):
        notebooks = sorted((autograded / student / assignment).glob("*.ipynb"))
        if notebooks:
            out[student] = notebooks
    return out


def _hide_marking_code(api: Any) -> None:
    """Make sure HideMarkingCode runs first, even if the course's config predates it."""
    from traitlets.config import Config

    configured = api.config.GenerateFeedback.get("preprocessors")
    steps = list(configured) if configured is not None else generate_feedback_preprocessors()
    if not any(step is HideMarkingCode or str(step).endswith("HideMarkingCode") for step in steps):
        steps.insert(0, HideMarkingCode)
    update = Config()
    update.GenerateFeedback.preprocessors = steps
    api.update_config(update)


def _release(api: Any, assignment: str, student: str) -> dict[str, Any]:
    """nbgrader's ReleaseFeedback for one learner (``NbGraderAPI.release_feedback`` misspells an argument)."""
    from nbgrader.utils import capture_log, temp_attrs

    with temp_attrs(api.coursedir, assignment_id=assignment, student_id=student):
        app = api.exchange.ReleaseFeedback(coursedir=api.coursedir, authenticator=api.authenticator, parent=api)
        return capture_log(app)


def _writable_exchange(api: Any) -> Path:
    """The exchange folder, checked by writing to it (permission bits alone mislead, e.g. for root)."""
    root = Path(api.exchange.exchange(coursedir=api.coursedir, parent=api).root)
    if not root.is_dir():
        raise FeedbackError(
            f"The exchange folder {root} does not exist, so feedback cannot be released. Create it "
            f"(on a JupyterHub: `mkdir -p {root} && chmod 777 {root}`), or pass the right folder (--exchange)."
        )
    target = root
    for part in (api.coursedir.course_id, "feedback"):
        if not (target / part).is_dir():
            break
        target = target / part
    try:
        handle, probe = tempfile.mkstemp(prefix=".logiserve-probe-", dir=target)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise FeedbackError(
            f"The exchange folder {target} is not writable by this user ({error.strerror}), so feedback "
            "cannot be released; ask the hub's administrator, or pass another folder (--exchange)."
        ) from None
    return root


def _cause(log: str, student: str) -> str:
    """The most telling line of nbgrader's log about a learner's failure."""
    lines = log.splitlines()
    causes = [m.group(0).strip() for m in map(_EXCEPTION_LINE.match, lines) if m and "NbGraderException" not in m[1]]
    mentions = [line.strip() for line in lines if student in line and ("ERROR" in line or "rror" in line)]
    return (causes or mentions or ["nbgrader gave no reason; see the log"])[0]
