"""Grading: checks for hidden test cells and the course's nbgrader steps."""

from ._result import CheckResult
from .charts import check_pareto_chart
from .checks import (
    check_classification,
    check_journey,
    check_names,
    check_number,
    check_scenario,
    check_sequence,
    check_series,
    check_text,
)
from .method import carried_forward, check_method_step, is_own_answer

__all__ = [
    "CheckResult",
    "carried_forward",
    "check_classification",
    "check_journey",
    "check_method_step",
    "check_names",
    "check_number",
    "check_pareto_chart",
    "check_scenario",
    "check_sequence",
    "check_series",
    "check_text",
    "is_own_answer",
]
