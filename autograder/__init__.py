"""Grading: checks for hidden test cells (``logiserve.autograder.checks``) and the course's nbgrader steps."""

from . import checks as _checks

# What ``checks`` also passes on, for a test cell that needs it, stays there: the content's names
# (from ``logiserve.content``) and describe_answer, which says what an answer is but marks nothing.
_CHECKS_ONLY = frozenset(
    {
        "NOTE_MIN_CHARS",
        "RATINGS",
        "ScenarioChoice",
        "ScenarioWalk",
        "describe_answer",
        "longest_run_in_order",
        "walk_scenario",
    }
)

__all__ = [name for name in _checks.__all__ if name not in _CHECKS_ONLY]
globals().update({name: getattr(_checks, name) for name in __all__})
