"""nbgrader pipeline steps the course adds to nbgrader's own.

``ClearWidgetSolutions`` removes widget-solution regions, so a source notebook can
show (and nbval can run) the intended answer of a graded widget exercise while the
released notebook starts empty::

    graded = CategorySorter.from_file("exercises.yaml", "01_customers.sort_the_parties")
    ### BEGIN WIDGET SOLUTION
    graded.value = {...}
    ### END WIDGET SOLUTION
    graded

``HideMarkingCode`` closes a gap of nbgrader's feedback: autograding restores each test
cell *with* its hidden tests, and ``generate_feedback`` would show that code (the answer
key) to the learner.  In feedback, each hidden-test region becomes one comment line; the
cell's outputs (the check's messages and score) stay.
"""

from __future__ import annotations

import re
from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

__all__ = [
    "ClearWidgetSolutions",
    "HideMarkingCode",
    "generate_assignment_preprocessors",
    "generate_feedback_preprocessors",
]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# a source line quoted in an IPython traceback: "----> 12 code" or "     13 code"
_QUOTED_LINE = re.compile(r"^\s*(?:-*>\s*)?\d+\s(?P<code>.*)$")


class ClearWidgetSolutions(NbGraderPreprocessor):
    """Delete ``### BEGIN WIDGET SOLUTION`` ... ``### END WIDGET SOLUTION`` regions (inclusive)."""

    begin_delimiter = Unicode("BEGIN WIDGET SOLUTION", help="Marks the start of a widget solution region.").tag(
        config=True
    )
    end_delimiter = Unicode("END WIDGET SOLUTION", help="Marks the end of a widget solution region.").tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        """Remove a code cell's widget solution regions; ``RuntimeError`` if one is nested, unmatched or unclosed."""
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


class HideMarkingCode(NbGraderPreprocessor):
    """Hide the marking code of test cells in a notebook that becomes feedback.

    In every code cell that is not a learner's answer cell (``solution`` in nbgrader's
    metadata), each ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` region becomes
    one comment line (:attr:`note`, indented like the region), and each widget-solution
    region is removed as in the release.  The cell's outputs stay, except that an error's
    traceback loses the lines that quote hidden code (IPython shows the source lines
    around the failing one, and those may be marking code).

    A broken region never stops feedback and never leaks: a region that is not closed
    hides the rest of the cell, a nested begin stays hidden, and a stray end line is
    dropped; each is logged as a warning.
    """

    begin_hidden = Unicode("BEGIN HIDDEN TESTS", help="Marks the start of a hidden-tests region.").tag(config=True)
    end_hidden = Unicode("END HIDDEN TESTS", help="Marks the end of a hidden-tests region.").tag(config=True)
    begin_widget = Unicode("BEGIN WIDGET SOLUTION", help="Marks the start of a widget solution region.").tag(
        config=True
    )
    end_widget = Unicode("END WIDGET SOLUTION", help="Marks the end of a widget solution region.").tag(config=True)
    note = Unicode(
        "# The marking code is hidden. Your result is below.",
        help="The line that stands in the feedback where a hidden-tests region was.",
    ).tag(config=True)
    display_data_priority = List(
        Unicode(),
        help="Not used; declared (as nbgrader's GetGrades does) because the HTML exporter sets it on every step.",
    ).tag(config=True)

    def preprocess_cell(self, cell: Any, resources: Any, index: int) -> tuple[Any, Any]:
        """Hide the regions of a code cell that is not an answer cell, and the lines they held in its tracebacks."""
        if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("solution"):
            return cell, resources
        delimiters = (self.begin_hidden, self.end_hidden, self.begin_widget, self.end_widget)
        if not any(d in cell.source for d in delimiters):
            return cell, resources
        cell.source, hidden = self._hide_regions(cell.source, index)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                output["traceback"] = [self._redact(entry, hidden) for entry in output.get("traceback", [])]
        return cell, resources

    def _hide_regions(self, source: str, index: int) -> tuple[str, set[str]]:
        """The source with its regions hidden, and the (stripped) lines that were hidden."""
        ends = {self.begin_hidden: self.end_hidden, self.begin_widget: self.end_widget}
        kept: list[str] = []
        hidden: set[str] = set()
        end = None  # the delimiter that closes the region we are in
        for number, line in enumerate(source.split("\n"), start=1):
            begin = next((b for b in ends if b in line), None)
            if end is None and begin is not None:
                end = ends[begin]
                if begin == self.begin_hidden:
                    kept.append(line[: len(line) - len(line.lstrip())] + self.note)
            elif end is not None and end in line:
                end = None
            elif end is not None:
                if begin is not None:
                    self.log.warning("cell %d, line %d: nested %r; kept hidden", index, number, begin)
                hidden.add(line.strip())
            elif self.end_hidden in line or self.end_widget in line:
                self.log.warning("cell %d, line %d: end of a region without a begin; line dropped", index, number)
            else:
                kept.append(line)
        if end is not None:
            self.log.warning("cell %d: a region is never closed (no %r); hid the rest of the cell", index, end)
        hidden.discard("")
        return "\n".join(kept), hidden

    def _redact(self, entry: str, hidden: set[str]) -> str:
        """One traceback entry without the lines that quote hidden code (a run becomes one note)."""
        out: list[str] = []
        for line in entry.split("\n"):
            plain = _ANSI.sub("", line)
            quoted = _QUOTED_LINE.match(plain)
            secret = plain.strip() in hidden or (quoted is not None and quoted["code"].strip() in hidden)
            if secret or self.begin_hidden in plain or self.end_hidden in plain:
                if not out or out[-1] != f"      {self.note}":
                    out.append(f"      {self.note}")
            else:
                out.append(line)
        return "\n".join(out)


def generate_feedback_preprocessors() -> list[type]:
    """nbgrader's generate-feedback steps with ``HideMarkingCode`` first.

    First, so that every later step (nbgrader's ``GetGrades``, a step a tutor adds) and the
    HTML exporter see only the learner-safe notebook.  ``GetGrades`` looks grades up by the
    cells' nbgrader metadata, which ``HideMarkingCode`` leaves alone, so the scores in the
    feedback do not change (both tested).
    """
    from nbgrader.converters import GenerateFeedback

    return [HideMarkingCode, *GenerateFeedback.class_traits()["preprocessors"].default()]
