"""Exercise content: the data files a course author edits, and each exercise kind's rules.

An assignment keeps its exercises in one YAML (or JSON) file beside the notebook::

    exercises:
      01_customers.who_do_we_serve:
        kind: sorter
        mode: practice
        ...

:func:`load_exercises` reads it (through the one reader of that file, which
:mod:`logiserve.variants` uses too) and checks every exercise against its kind's schema
and rules.  Each kind has one module here, holding its name, its schema's name, its
content rules and the marking rule that both its widget (``logiserve.widgets``) and its
check (``logiserve.autograder``) use, by kind:

* ``sorter``: :func:`~logiserve.content.sorter.mark_placements`, and the credit beyond guessing
  :func:`~logiserve.content.sorter.placement_credit`;
* ``sequencer``: :func:`~logiserve.content.sequencer.longest_run_in_order` (an order may group
  steps), :func:`~logiserve.content.sequencer.order_credit` and
  :func:`~logiserve.content.sequencer.stage_credit`;
* ``journey``: :func:`~logiserve.content.journey.mark_journey` (when a note counts:
  :func:`~logiserve.content.journey.note_problem`), its weights and
  :func:`~logiserve.content.journey.journey_credit`;
* ``scenario``: :func:`~logiserve.content.scenario.walk_scenario` (the graph read once,
  :func:`~logiserve.content.scenario.scenario_key`) and what random responses score,
  :func:`~logiserve.content.scenario.random_total`.

The credit each gives beyond what guessing earns is worked out by :mod:`logiserve.chance`.

Older kind names (``category_sorter``, ``step_sequencer``, ``journey_map``) are read as these.

Three kinds support the learner and are never marked (:data:`SUPPORT_KINDS`): ``practice_twin``
(a graded code task's skill on other data, checked at once), ``hint_ladder`` (hints opened one rung
at a time) and ``progress`` (what a notebook's progress panel lists, :func:`~logiserve.content.progress.progress_of`).

:func:`saved_exercise` reads an exercise's entry of ``answers.json`` as its widget restores it
(each kind's ``usable_answer``), with the labels of its items (each kind's ``answer_labels``), into
a :class:`SavedExercise`: the widgets restore through it, and the grader reads a submission's
answers through it without building a widget.
"""

from ._exercises import EXERCISE_ID_PATTERN, KINDS, SUPPORT_KINDS, load_exercises, validate_exercise
from ._saved import SavedExercise, saved_exercise
from ._shared import ContentError, FeedbackEntry, feedback_entries

__all__ = [
    "EXERCISE_ID_PATTERN",
    "KINDS",
    "SUPPORT_KINDS",
    "ContentError",
    "FeedbackEntry",
    "SavedExercise",
    "feedback_entries",
    "load_exercises",
    "saved_exercise",
    "validate_exercise",
]
