"""The one root of every problem a learner, tutor or course author can fix.

Each part of logiserve raises its own subclass (a course folder without a config, a broken
``exercises.yaml``, a gradebook that cannot be read, ...), always with a message that says what
is wrong and what to do.  The ``logiserve`` command catches :class:`LogiserveError` and prints
that message; anything else is a bug and keeps its traceback.  In a notebook, IPython shows only
the message (:meth:`LogiserveError._render_traceback_`), never a traceback.

>>> try:
...     raise LogiserveError("The exchange folder /srv/exchange does not exist.")
... except LogiserveError as problem:
...     problem._render_traceback_()
['LogiserveError: The exchange folder /srv/exchange does not exist.']
"""

from __future__ import annotations

__all__ = ["LogiserveError"]


class LogiserveError(Exception):
    """A problem someone can fix; the message says what is wrong and what to do."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows in place of a traceback: the message alone."""
        return [f"{type(self).__name__}: {self}"]
