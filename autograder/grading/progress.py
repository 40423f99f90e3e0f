"""What a tutor sees of a run: the progress bar while it grades, and the summary table after.

:class:`Progress` shows a rich bar (or calls a function after every submission, or shows
nothing); :func:`summary_table` turns a :class:`~.results.GradeRun` into a table grouped by
status, with the reasons.
"""

from __future__ import annotations

import collections
import time
from collections.abc import Callable
from typing import Any

import rich.console
import rich.markup
import rich.progress
import rich.table

from .results import GradeRun, Status, SubmissionResult

__all__ = ["Progress", "summary_table"]

_STATUS_ORDER: tuple[Status, ...] = (Status.GRADED, Status.FLAGGED, Status.FAILED, Status.SKIPPED)
_STATUS_STYLE = {Status.GRADED: "green", Status.FLAGGED: "yellow", Status.FAILED: "red", Status.SKIPPED: "dim"}


class Progress:
    """Progress: a rich bar, a callable, or nothing."""

    def __init__(self, assignment: str, progress: bool | Callable[..., Any], console: rich.console.Console | None):
        self.assignment = assignment
        self.callback = progress if callable(progress) else None
        self.bar: rich.progress.Progress | None = None
        self.task: rich.progress.TaskID | None = None
        if progress is True:
            self.bar = rich.progress.Progress(
                rich.progress.SpinnerColumn(),
                rich.progress.TextColumn("{task.description}"),
                rich.progress.BarColumn(),
                rich.progress.MofNCompleteColumn(),
                rich.progress.TextColumn("learners"),
                rich.progress.TimeElapsedColumn(),
                rich.progress.TextColumn("{task.fields[left]}"),
                console=console or rich.console.Console(stderr=True),
            )
        self.done = self.total = self.to_grade = self.graded = 0
        self.grading_started = time.perf_counter()

    def starting(self, workers: int) -> None:
        """Show the bar while ``workers`` workers start."""
        if self.bar:
            self.bar.start()
            self.task = self.bar.add_task(f"{self.assignment}: starting {workers} workers", total=None, left="")

    def begin(self, total: int, to_grade: int) -> None:
        """Grading begins: ``total`` submissions, ``to_grade`` of them to grade (the rest are unchanged)."""
        self.total, self.to_grade = total, to_grade
        self.grading_started = time.perf_counter()
        if self.bar and self.task is not None:
            skipped = total - to_grade
            note = f" ({skipped} unchanged since graded)" if skipped else ""
            self.bar.update(self.task, description=f"{self.assignment}{note}", total=total, completed=0)

    def add(self, result: SubmissionResult) -> None:
        """Count one submission done: tell the callback, move the bar."""
        self.done += 1
        self.graded += result.status != Status.SKIPPED
        if self.callback:
            self.callback(result=result, done=self.done, total=self.total)
        if self.bar and self.task is not None:
            self.bar.update(self.task, completed=self.done)
        self.tick()

    def tick(self) -> None:
        """Refresh the estimate of time left: submissions left at the rate so far."""
        if not (self.bar and self.task is not None):
            return
        left = ""
        if self.graded:
            rate = (time.perf_counter() - self.grading_started) / self.graded
            remaining = max(0.0, rate * (self.to_grade - self.graded))
            left = f"about {_clock(remaining)} left" if self.graded < self.to_grade else ""
        self.bar.update(self.task, left=left)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _score_text(result: SubmissionResult) -> str:
    return "—" if result.score is None else f"{result.score:g} / {result.max_score:g}"


def summary_table(run: GradeRun) -> rich.table.Table:
    """A table of the run: one row per submission, grouped by status, reasons shown; totals below."""
    counts = collections.Counter(result.status for result in run.results)
    scored = [r.score for r in run.results if r.score is not None]
    totals = ", ".join(f"{counts[status]} {status}" for status in _STATUS_ORDER if counts[status]) or "nothing"
    mean = ""
    if scored:
        best = max(r.max_score for r in run.results)
        mean = f"; mean score {sum(scored) / len(scored):.3g} / {best:g}"
    table = rich.table.Table(
        title=f"{run.assignment}: {len(run.results)} submissions",
        caption=f"{totals}{mean}; {run.seconds:.1f} s"
        + (f" with {run.workers} workers" if run.workers else ", nothing needed grading"),
    )
    table.add_column("learner")
    table.add_column("status")
    table.add_column("score", justify="right")
    table.add_column("seconds", justify="right")
    table.add_column("reason", overflow="fold")
    for status in _STATUS_ORDER:
        for result in sorted((r for r in run.results if r.status == status), key=lambda r: r.student):
            style = _STATUS_STYLE[status]
            table.add_row(
                rich.markup.escape(result.student),  # learners' text is shown, never read as markup
                f"[{style}]{status}[/]",
                _score_text(result),
                f"{result.seconds:.1f}" if result.seconds else "",
                rich.markup.escape(result.reason),
            )
    return table
