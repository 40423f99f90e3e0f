"""The exchange: how submissions come in from learners, safely.

:class:`GuardedCollect` is nbgrader's filesystem collect, taking only each learner's own regular
files, in their own name (the course's ``nbgrader_config.py`` selects it, so ``nbgrader collect``,
formgrader and ``logiserve collect`` all go its way).  Each collect records what it did with every
inbound folder in ``collect-log/<assignment>.json``; :func:`read_collect_log` reads that record,
and :func:`collect_table` shows one run of it to the tutor.
"""

from .collect import GuardedCollect
from .record import CollectLog, CollectRun, LeftOut, Outcome, Status, read_collect_log
from .table import collect_table

__all__ = [
    "CollectLog",
    "CollectRun",
    "GuardedCollect",
    "LeftOut",
    "Outcome",
    "Status",
    "collect_table",
    "read_collect_log",
]
