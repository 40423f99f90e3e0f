"""Checks used by hidden test cells: each returns a :class:`CheckResult`.

A test cell ends with ``check_...(...).award()``, which prints what the learner
should read and returns the partial credit for nbgrader.  Every check first turns
the learner's answer into plain built-in values (see ``logiserve._plain``), so objects
that lie in ``__eq__``, ``__float__`` or ``__str__`` gain nothing, and odd input (None,
the wrong type) earns zero with a message that says what was expected.

The modules:

* ``values``: the generic value checks (names, text, a number, a grouped table) and
  :func:`describe_answer`;
* one per exercise kind, each marking by its kind's rule in ``logiserve.content``:
  ``sorter`` (:func:`check_sorter`), ``sequencer`` (:func:`check_sequence`),
  ``journey`` (:func:`check_journey`), ``scenario`` (:func:`check_scenario`);
* ``method`` (method marks with error carried forward) and ``charts`` (a chart the learner drew, and
  :func:`chart_data`, the chart as plain data);
* ``practice``: :func:`check_practice`, a practice twin checked at once in the learner's notebook by
  the check its graded task uses (:func:`mark_practice`).
"""

from logiserve.content.journey import NOTE_MIN_CHARS, RATINGS
from logiserve.content.scenario import ScenarioChoice, ScenarioWalk, walk_scenario
from logiserve.content.sequencer import longest_run_in_order

from ._result import CheckResult
from .charts import chart_data, check_pareto_chart
from .journey import check_journey
from .method import carried_forward, check_method_step, is_own_answer
from .practice import check_practice, mark_practice
from .scenario import check_scenario
from .sequencer import check_sequence
from .sorter import check_classification, check_sorter
from .values import check_names, check_number, check_series, check_text, describe_answer

__all__ = [
    "NOTE_MIN_CHARS",
    "RATINGS",
    "CheckResult",
    "ScenarioChoice",
    "ScenarioWalk",
    "carried_forward",
    "chart_data",
    "check_classification",
    "check_journey",
    "check_method_step",
    "check_names",
    "check_number",
    "check_pareto_chart",
    "check_practice",
    "check_scenario",
    "check_sequence",
    "check_series",
    "check_sorter",
    "check_text",
    "describe_answer",
    "is_own_answer",
    "longest_run_in_order",
    "mark_practice",
    "walk_scenario",
]
