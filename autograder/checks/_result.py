"""The result every check returns, and how it reaches nbgrader."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    Attributes
    ----------
    score:
        Points earned, between 0 and ``max_score``.
    max_score:
        The points the exercise is worth (the nbgrader cell's points).
    messages:
        What the learner reads: what is right, what to look at again.
    """

    score: float
    max_score: float
    messages: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not (isinstance(self.max_score, int | float) and self.max_score > 0):
            raise ValueError("max_score must be a positive number")

    @property
    def passed(self) -> bool:
        """True when every point was earned."""
        return self.points == float(self.max_score)

    @property
    def points(self) -> float:
        """The score as a plain float, clamped to [0, max_score], rounded to 2 places (NaN counts 0)."""
        score = float(self.score)
        if math.isnan(score):
            return 0.0
        return round(min(max(score, 0.0), float(self.max_score)), 2)

    def __str__(self) -> str:
        lines = [f"Score: {_fmt(self.points)} / {_fmt(self.max_score)}"]
        lines += [f"- {message}" for message in self.messages]
        return "\n".join(lines)

    def award(self) -> float:
        """Print the learner's message and return the points, for an nbgrader test cell.

        End a test cell with ``check_...(...).award()``: nbgrader keeps the printed
        message in the feedback and reads the returned number as the partial credit
        (a plain ``float`` in ``[0, max_score]``; nbgrader raises above the cell's points).
        """
        print(self)
        return self.points


def _fmt(number: float) -> str:
    return f"{number:g}"
