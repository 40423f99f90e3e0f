"""Interactive exercise widgets. Each widget kind is one class; content is data.

Notebooks need one import line per widget kind::

    from logiserve.widgets import CategorySorter, JourneyMap, ScenarioPlayer, StepSequencer
"""

from ._content import ContentError, load_exercises
from ._store import AnswerStore
from .journey import JourneyMap
from .scenario import ScenarioPlayer
from .sequencer import StepSequencer
from .sorter import CategorySorter

__all__ = [
    "AnswerStore",
    "CategorySorter",
    "ContentError",
    "JourneyMap",
    "ScenarioPlayer",
    "StepSequencer",
    "load_exercises",
]
