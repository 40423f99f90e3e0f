"""Interactive exercise widgets. Each widget kind is one class; content is data.

Notebooks need one import line per widget kind::

    from logiserve.widgets import CategorySorter, JourneyMap, StepSequencer
"""

from ._content import ContentError, load_exercises
from ._store import AnswerStore
from .journey import JourneyMap
from .sequencer import StepSequencer
from .sorter import CategorySorter

__all__ = ["AnswerStore", "CategorySorter", "ContentError", "JourneyMap", "StepSequencer", "load_exercises"]
