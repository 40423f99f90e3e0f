"""Fixtures for the tutor-side tests here (grading, feedback, report): the graded cohort of :mod:`tests._cohort`."""

from tests._cohort import autograded_cohort, cohort, cohort_copy  # noqa: F401  (fixtures, used below this folder)
