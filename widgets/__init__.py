"""Interactive exercise widgets. Each widget kind is one class; content is data.

Notebooks need one import line per widget kind::

    from logiserve.widgets import CategorySorter, JourneyMap, ScenarioPlayer, StepSequencer

hints for a graded code task, opened one rung at a time, and the panel before submitting::

    from logiserve.widgets import HintLadder, ProgressPanel

and, to explore the inventory trade-offs (not graded)::

    from logiserve.widgets import EOQExplorer, SafetyStockExplorer

The widgets are mechanisms only: each kind's content rules and marking rule live in
``logiserve.content`` (one module per kind), answers are saved by ``logiserve.answer_store``.
``AnswerStore``, ``ContentError`` and ``load_exercises`` are re-exported from there.
"""

from logiserve.answer_store import AnswerStore
from logiserve.content import ContentError, load_exercises

from .eoq_explorer import EOQExplorer
from .hints import HintLadder
from .journey import JourneyMap
from .progress import ProgressPanel
from .safety_stock_explorer import SafetyStockExplorer
from .scenario import ScenarioPlayer
from .sequencer import StepSequencer
from .sorter import CategorySorter

__all__ = [
    "AnswerStore",
    "CategorySorter",
    "ContentError",
    "EOQExplorer",
    "HintLadder",
    "JourneyMap",
    "ProgressPanel",
    "SafetyStockExplorer",
    "ScenarioPlayer",
    "StepSequencer",
    "load_exercises",
]
