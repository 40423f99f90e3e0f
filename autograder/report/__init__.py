"""The cohort report: one self-contained HTML page for the tutor, and the same numbers as a tidy CSV.

:func:`build_report` reads nbgrader's gradebook (:class:`nbgrader.api.Gradebook`, at the course's
``CourseDirectory.db_url``) and the source notebooks and ``exercises.yaml`` files (what each grade
cell assesses, see :mod:`logiserve.coverage`).  The page has, for the assignments covered:

* **score distribution** per assignment: each learner's autograded score as a share of the
  assignment's autograded points;
* **success rate per exercise**: per autograded grade cell, the mean score over its points and the
  share of learners with full marks;
* **success rate per syllabus entry** (LO, AC, MP, ET): over every (learner, grade cell) pair whose
  cell assesses the entry, the points scored over the points available;
* **misconceptions triggered**: a misconception (MC) counts as triggered for a learner when the
  learner lost points (autograded score below the cell's points) on at least one autograded grade
  cell that assesses it; its share is over the learners with an autograded submission containing
  such a cell.  It is a signal of where to look, not a diagnosis: a cell assesses several points;
* **learners at risk**, per assignment: autograded score below ``threshold`` of the autograded
  points (before manual marking), no submission (a learner in the gradebook without one), grading
  failed (a submission in the gradebook without autograded scores), or submitted but not graded yet;
* **course functions in answers**: each learner's cell that imports or calls a function of the
  course's own domain core (``logiserve.inventory.eoq``, ``logiserve.kpis.otif``, an explorer, ...),
  which works out graded figures: read from the submitted notebooks by
  :func:`logiserve.autograder.course_functions.find_course_calls`, per learner and exercise.  Marks are not
  changed; the tutor decides.

Only autograded cells are counted: written answers and other manually graded cells are not, and
neither are manual changes to autograded scores nor late penalties.  The page says so.

Charts are PNG images (matplotlib's object API) inlined as ``data:`` URIs; the page needs no
other file, no network and no JavaScript.  Every text from the gradebook or a learner is escaped
(jinja2 with autoescaping).

The modules, in the order the report is made:

* :mod:`.build`: :func:`build_report`, which opens the gradebook and writes the page and the CSV;
* :mod:`.numbers`: every number, read from the gradebook, the source notebooks and the grading records;
* :mod:`.model`: the dataclasses that hold them (one per section, :class:`Report` for the whole) and
  the CSV's rows;
* :mod:`.charts`: the charts, drawn with matplotlib;
* :mod:`.page`: the tables, and the page rendered from the template ``report.html.j2`` beside it.
"""

from .build import build_report
from .model import (
    FAILED,
    GRADED,
    MISSING,
    NOT_GRADED,
    AssignmentStats,
    AtRisk,
    CellStats,
    CourseUse,
    EntryStats,
    LearnerResult,
    MisconceptionStats,
    Report,
    ReportError,
    RiskReason,
    ToReview,
)

__all__ = [
    "FAILED",
    "GRADED",
    "MISSING",
    "NOT_GRADED",
    "AssignmentStats",
    "AtRisk",
    "CellStats",
    "CourseUse",
    "EntryStats",
    "LearnerResult",
    "MisconceptionStats",
    "Report",
    "ReportError",
    "RiskReason",
    "ToReview",
    "build_report",
]
