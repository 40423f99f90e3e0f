"""What a tutor reads after a collect: one row per inbound folder, and one per entry left out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._copy import size_text
from ._names import shown
from .record import CollectRun, Outcome, Status

if TYPE_CHECKING:
    import rich.table

__all__ = ["collect_table"]

_SHOWN = (Status.COLLECTED, Status.UPDATED, Status.UNCHANGED, Status.REFUSED, Status.SET_ASIDE)
_STYLE = {
    Status.COLLECTED: "green",
    Status.UPDATED: "green",
    Status.UNCHANGED: "dim",
    Status.REFUSED: "red",
    Status.SET_ASIDE: "red",
}


def _details(outcome: Outcome) -> str:
    if outcome.status not in (Status.COLLECTED, Status.UPDATED):
        return outcome.reason
    copied = f"{outcome.files} file{'' if outcome.files == 1 else 's'}, {size_text(outcome.size)}"
    return f"{copied}; {outcome.reason}" if outcome.reason else copied


def collect_table(run: CollectRun) -> rich.table.Table:
    """The table of one collect: collected, updated, unchanged, refused, set aside, then the entries left out.

    Learners' text (names of folders and files) is shown as text, never read as markup.
    """
    import rich.markup
    import rich.table

    escape = rich.markup.escape
    table = rich.table.Table(
        title=f"{run.assignment}: {len(run.outcomes)} inbound folder{'' if len(run.outcomes) == 1 else 's'}",
        caption=run.summary() + (f"; stopped: {run.problem}" if run.problem else ""),
    )
    table.add_column("learner", overflow="fold")
    table.add_column("outcome")
    table.add_column("submitted (UTC)")
    table.add_column("reason", overflow="fold")
    for status in _SHOWN:
        for outcome in run.of(status):
            table.add_row(
                escape(shown(outcome.learner or outcome.folder)),
                f"[{_STYLE[status]}]{status}[/]",
                escape((outcome.submitted or "")[:19]),
                escape(_details(outcome)),
            )
    for outcome in sorted(run.outcomes, key=lambda o: (o.learner or "", o.folder)):
        for entry in outcome.left_out:
            table.add_row(
                escape(shown(outcome.learner or outcome.folder)),
                "[yellow]left out[/]",
                escape((outcome.submitted or "")[:19]),
                escape(f"{shown(entry.path)}: {entry.reason}"),
            )
    return table
