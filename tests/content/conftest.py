"""The content tests share the widget tests' sorter content (and its practice and graded fixtures)."""

from tests.widgets.conftest import graded_content, practice_content

__all__ = ["graded_content", "practice_content"]
