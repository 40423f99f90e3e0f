"""Grading: checks for hidden test cells (``logiserve.autograder.checks``) and the course's nbgrader steps."""

from .checks import (
    CheckResult,
    carried_forward,
    chart_data,
    check_classification,
    check_journey,
    check_method_step,
    check_names,
    check_number,
    check_pareto_chart,
    check_scenario,
    check_sequence,
    check_series,
    check_sorter,
    check_text,
    is_own_answer,
)

__all__ = [
    "CheckResult",
    "carried_forward",
    "chart_data",
    "check_classification",
    "check_journey",
    "check_method_step",
    "check_names",
    "check_number",
    "check_pareto_chart",
    "check_scenario",
    "check_sequence",
    "check_series",
    "check_sorter",
    "check_text",
    "is_own_answer",
]
