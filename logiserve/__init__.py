"""logiserve: autograded Jupyter courseware for Customer Service for Supply Chain Logistics.

The package root holds the domain core (the course's definitions and formulas, each
written once), exercise content and each exercise kind's rules (``logiserve.content``),
``answers.json`` (``logiserve.answer_store``), and the command line.  Sub-packages:
``logiserve.widgets`` (exercise widgets), ``logiserve.autograder`` (checks and grading),
``logiserve.datasets``.
"""

from importlib.metadata import PackageNotFoundError, version

from .customers import CUSTOMER_CLASSES, classify_party

try:
    __version__ = version("logiserve")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0+unknown"

__all__ = ["CUSTOMER_CLASSES", "__version__", "classify_party"]
