"""nbgrader pipeline steps the course adds to nbgrader's own.

``ClearWidgetSolutions`` removes widget-solution regions, so a source notebook can
show (and nbval can run) the intended answer of a graded widget exercise while the
released notebook starts empty::

    graded = CategorySorter.from_file("exercises.yaml", "01_customers.sort_the_parties")
    ### BEGIN WIDGET SOLUTION
    graded.value = {...}
    ### END WIDGET SOLUTION
    graded
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

__all__ = ["ClearWidgetSolutions", "generate_assignment_preprocessors"]


class ClearWidgetSolutions(NbGraderPreprocessor):
    """Delete ``### BEGIN WIDGET SOLUTION`` ... ``### END WIDGET SOLUTION`` regions (inclusive)."""

    begin_delimiter = Unicode("BEGIN WIDGET SOLUTION", help="Marks the start of a widget solution region.").tag(
        config=True
    )
    end_delimiter = Unicode("END WIDGET SOLUTION", help="Marks the end of a widget solution region.").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        if cell.cell_type != "code" or (
            self.begin_delimiter not in cell.source and self.end_delimiter not in cell.source
        ):
            return cell, resources
        kept, inside = [], False
        for number, line in enumerate(cell.source.split("\n"), start=1):
            if self.begin_delimiter in line:
                if inside:
                    raise RuntimeError(f"cell {index}, line {number}: nested '{self.begin_delimiter}'")
                inside = True
            elif self.end_delimiter in line:
                if not inside:
                    raise RuntimeError(f"cell {index}, line {number}: '{self.end_delimiter}' without a begin")
                inside = False
            elif not inside:
                kept.append(line)
        if inside:
            raise RuntimeError(f"cell {index}: '{self.begin_delimiter}' is never closed")
        cell.source = "\n".join(kept)
        return cell, resources


def generate_assignment_preprocessors() -> list[type]:
    """nbgrader's generate-assignment steps with ours first.

    ``ClearWidgetSolutions`` must run before nbgrader computes checksums and saves
    the cells to the gradebook, so that autograding restores the *released* widget
    cell and reads the learner's saved answer, not the solution (tested).
    """
    from nbgrader.converters import GenerateAssignment

    return [ClearWidgetSolutions, *GenerateAssignment.class_traits()["preprocessors"].default()]
