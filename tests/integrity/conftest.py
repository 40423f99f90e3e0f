"""The tutor tests' small cohort (``01_customers``), for submissions that try tricks."""

from tests._cohort import cohort  # noqa: F401  (a fixture, used by this folder's tests)
