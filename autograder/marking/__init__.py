"""Trusted marking: every mark is decided in the grader, from the learner's answers as plain data.

See :mod:`.execute` for the whole path.  The parts:

* :mod:`.plan`: what each test cell reads, and where each name comes from;
* :mod:`.handover` and :mod:`.codec`: the learner's kernel hands answers out as plain JSON data;
* :mod:`.runner`: the test cells' code run in the grader on those answers;
* :mod:`.leftovers`: nothing a learner's kernel starts outlives its notebook.

The course's ``nbgrader_config.py`` uses :func:`autograde_steps` and :func:`validate_here`
so that plain ``nbgrader autograde``, formgrader and ``nbgrader validate`` take this path too.
"""

from __future__ import annotations

from .execute import KEPT_ERRORS, TrustedExecute, trusted_steps
from .plan import PlanError

__all__ = ["KEPT_ERRORS", "PlanError", "TrustedExecute", "autograde_steps", "trusted_steps", "validate_here"]


def autograde_steps() -> list[type]:
    """nbgrader's autograde steps with :class:`TrustedExecute` as the execution step.

    For ``c.Autograde.autograde_preprocessors`` in the course's ``nbgrader_config.py``.
    """
    from nbgrader.converters import Autograde

    return trusted_steps(list(Autograde.class_traits()["autograde_preprocessors"].default()))


def validate_here() -> None:
    """Make ``nbgrader validate`` (and the Validate button) in this process mark through :class:`TrustedExecute`.

    nbgrader's ``Validator.preprocessors`` is not a configurable setting, so the course's
    ``nbgrader_config.py`` calls this when nbgrader loads it: the list's default is set to
    nbgrader's own steps with the execution step replaced.  Calling it again changes nothing.
    """
    from nbgrader.validator import Validator

    trait = Validator.class_traits()["preprocessors"]
    trait.default_args = (trusted_steps(list(trait.default())),)  # how traitlets keeps a List's default
