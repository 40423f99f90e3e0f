"""nbgrader configuration of the logiserve course.

Tutors run nbgrader (or the ``logiserve`` command) from this folder.  Only
``source/`` and this file are kept in version control; ``release/``, ``submitted/``,
``autograded/``, ``feedback/`` and ``gradebook.db`` are made by nbgrader.
"""

from pathlib import Path

from logiserve.autograder.marking import autograde_steps, validate_here
from logiserve.autograder.nbgrader_steps import generate_assignment_preprocessors, generate_feedback_preprocessors

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "logiserve-cs-l3"

# Widget exercises: the released notebook must not carry the intended answer.
c.GenerateAssignment.preprocessors = generate_assignment_preprocessors()

# Feedback: learners see their results, never the hidden tests (the marking code).
c.GenerateFeedback.preprocessors = generate_feedback_preprocessors()

# Marking: every mark is decided in the grader, from the answers handed out of the learner's kernel
# as plain data; nothing a learner's code does in their kernel can change a score (see the README).
c.Autograde.autograde_preprocessors = autograde_steps()
validate_here()

# Collecting: only each learner's own regular files, in their own name (never a link, a special file or a
# folder made in a classmate's name); each collect's outcome is kept in collect-log/ (see the README).
c.ExchangeFactory.collect = "logiserve.exchange.GuardedCollect"

# Never carry a saved-answers file from the source folder into a release, and never
# let one overwrite a learner's answers during autograding (nbgrader copies the
# source folder's other files over the submission).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".answers.json.lock"]
_source = Path(__file__).resolve().parent / "source"
c.Autograde.exclude_overwriting = {
    folder.name: ["answers.json"] for folder in sorted(_source.glob("[0-9][0-9]_*")) if folder.is_dir()
}

# A cell that runs longer than this fails (and earns nothing) instead of blocking grading.
c.ExecutePreprocessor.timeout = 120
c.Execute.timeout = 120
