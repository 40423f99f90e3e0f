"""Autograde every submission of an assignment with nbgrader, on every core, resumably.

:func:`grade` is what ``logiserve grade ASSIGNMENT`` runs.  It gives the same gradebook and
the same ``autograded/`` files as ``nbgrader autograde ASSIGNMENT``, because it *is* nbgrader's
autograder: each submission goes through nbgrader's own :class:`~nbgrader.converters.Autograde`
converter, set up from the course's configuration exactly as ``nbgrader autograde`` sets it up
(an :class:`~nbgrader.apps.AutogradeApp` initialised from ``nbgrader_config.py``), one learner at
a time (``--student``).  What this package adds around it:

Parallel workers
    ``workers`` long-lived processes (default: the cores this process may use).  Each imports
    nbgrader and reads the course configuration once, then grades one submission after
    another as the parent hands them out.  Every notebook still gets a fresh kernel of its own,
    started and shut down by nbgrader's ``Execute`` step, never shared between learners:
    a new process forked from the worker's warm kernel template (see "Speed").

One writer at a time in the gradebook
    Workers run nbgrader's steps unchanged, but every step that is not code execution (the
    set-up of a submission in ``init_assignment``, which creates the student and submission
    rows and copies files, and every pre-processor but ``Execute``: ``OverwriteCells`` reads
    the cells, ``SaveAutoGrades`` and ``AssignLatePenalties`` write the grades) runs while the
    worker holds one file lock per gradebook.  So nbgrader's own code writes the grades, only
    serialized.  The alternatives were worse: SQLite lets several processes write, but a
    deferred transaction that must upgrade its lock while another process holds one fails at
    once with "database is locked" (SQLite's busy timeout does not help there), and nbgrader
    would then drop that submission; handing results back to the parent to save would mean
    re-implementing ``SaveAutoGrades``.  The locked steps take milliseconds; executing a
    notebook takes seconds, so the lock costs little (:attr:`GradeRun.phases` shows the wait).
    The lock is an ``fcntl`` lock: the operating system frees it when its holder dies.  It
    serializes the workers of every ``grade`` run on the same course on this machine, for any
    SQLAlchemy URL (a PostgreSQL gradebook would not need it, and loses nothing by it).

Resumable, never trusting half-done work
    After nbgrader finished a submission (its grades committed, its ``autograded/`` folder
    written) the parent records a completion marker, ``autograded/.logiserve-grading/
    <assignment>/<learner>.json``, holding a fingerprint (SHA-256 of every file) of the
    submission as it was when grading started.  The next run skips a submission only if that
    marker exists, the fingerprint still matches, its ``autograded/`` folder exists and the
    gradebook has the submission; anything else is graded again with nbgrader's ``force``, so
    a folder or a set of grades half written by a killed run is redone from scratch (nbgrader's
    ``SaveAutoGrades`` commits cell by cell; SQLite itself rolls back a half-written
    transaction).  ``force=True`` regrades everything.  A failed submission has no autograded
    folder, so it is tried again; its reason is kept apart (``<learner>.failed``) for the
    report, and never counts as done.  Nothing under ``submitted/`` is ever written.  A worker dies
    with the process that started it (``PR_SET_PDEATHSIG`` on Linux), so a killed run leaves no
    worker writing behind the next one; an orphaned kernel exits within a second (ipykernel
    watches its parent).

One learner never stops the others
    A notebook that is not valid JSON, a kernel that cannot be started: that submission is
    ``"failed"`` with a reason a tutor can act on, and the rest are graded.  A cell that runs
    past ``timeout`` seconds is interrupted by nbgrader (the cell earns what a cell that raised
    an error earns, usually 0) and the submission is graded, its reason naming the cell; a cell
    that asks for more memory than the limit gets a ``MemoryError``, the same way.  A kernel
    that dies mid-notebook (crashed, killed) does not fail the submission, as it would in
    nbgrader: the cells that ran keep their marks, the cell it died in and every code cell
    after it get an error output and earn 0, and the reason names the cell.  If a whole worker
    process dies, its submission is failed and a new worker takes over.  nbgrader's full log of
    each submission is kept beside its marker (``<learner>.log``).

Speed
    ``bench/bench_grading.py`` measures it.  On 2 cores, 20 learners x 5 assignments: 2.67x
    faster than ``nbgrader autograde`` run once per assignment (107 s against 285 s), and 1.06x
    the floor (every notebook's bare kernel start and execution, divided by the cores).
    Three changes from plain nbgrader make the difference, besides running notebooks side by
    side:

    * kernels are forked from a warm template (:mod:`.warm_kernels`): one process per worker that
      has imported ipykernel, IPython, pandas, matplotlib, ipywidgets and logiserve, and forks a
      new process for each notebook.  The child is a kernel no one used before, in the
      notebook's folder with the environment nbgrader gives it; it skips the imports every
      notebook repeats (``grade(..., warm_kernels=False)``, ``--cold-kernels``, starts every
      kernel from scratch instead: 2.1x, 1.32x the floor).  The tests run every course
      notebook both ways and compare the outputs;
    * nbgrader is imported once per worker, not once per assignment;
    * a kernel is killed as soon as its last cell has run and its outputs are in
      (``Execute.shutdown_kernel = "immediate"``): the graceful shutdown only tears the
      interpreter down, 0.6 s of CPU per notebook here, and changes nothing nbgrader records.

    Per notebook, a worker spends 48 % of its time executing cells, 24 % starting the kernel,
    13 % in nbgrader's gradebook and file steps, 7 % on kernel shutdown; starting the workers
    and templates costs about 3 s per run.

Flagged
    ``"flagged"`` means nbgrader graded the submission (its scores are in the gradebook) but a
    person should look at it before the marks are released; the reason says why.  It is raised
    when a *test* cell (an autograded cell without a solution) was edited or deleted (nbgrader
    restores an edited test cell before running it, but a deleted one is simply not run), when
    a read-only cell was edited, and when the learner's code changes how it is marked: replaces
    a check or a name the tests read, a built-in, an entry of ``sys.modules``, defines objects
    that lie when compared, runs code built from text, or stops the kernel
    (:mod:`logiserve.autograder.integrity` reads the code; nothing is run for it).  The report
    lists flagged and failed submissions with their reasons.

The modules
    :mod:`.run` (:func:`grade`, the parent's side), :mod:`.pool` (the worker processes) and
    :mod:`.protocol` (what they say to each other), :mod:`.worker` (one worker: nbgrader set up
    once), :mod:`.converter` (nbgrader's converter with the lock and timers around its steps),
    :mod:`.timing`, :mod:`.notes` (reasons, flags and notes read from what nbgrader did),
    :mod:`.results` (what a run returns), :mod:`.markers` (resuming), :mod:`.progress` (the bar
    and :func:`summary_table`), :mod:`.warm_kernels` and :mod:`.kernel_template` (the kernels).
"""

from .markers import STATE_FOLDER
from .progress import summary_table
from .results import GradeRun, GradingError, Reason, Status, SubmissionResult
from .run import grade
from .worker import ANSWERS_DIR_VARIABLE

__all__ = [
    "ANSWERS_DIR_VARIABLE",
    "STATE_FOLDER",
    "GradeRun",
    "GradingError",
    "Reason",
    "Status",
    "SubmissionResult",
    "grade",
    "summary_table",
]
