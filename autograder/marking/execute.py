"""``TrustedExecute``: nbgrader's execution step, with every mark decided outside the learner's kernel.

nbgrader's ``Execute`` runs the whole notebook in the learner's kernel, hidden tests included,
and nbgrader then reads each test cell's score from what that kernel showed.  Code a learner
writes can change anything in that kernel (its shell, display and exception machinery,
imported modules, built-ins, files), so ``TrustedExecute`` runs it in four steps:

1. **Before the kernel starts**, it reads what it marks from: ``answers.json`` in the
   submission's folder (the widgets' answers), the assignment's source notebook and content
   (what each name in a test is: :mod:`.plan`), and it takes the hidden tests off the notebook
   file on disk.
2. **In the learner's kernel**, the handover module is imported before the first cell (so a
   learner's cell that replaces ``logiserve``'s modules in ``sys.modules`` meets a handover that
   is already loaded, in a kernel started from scratch as in a warm one); then every cell runs as
   nbgrader runs it, except that each test cell runs as one call that hands the answers its
   test reads out as plain data (:mod:`.handover`).
3. It **puts the test cells' code back** and stops whatever the kernel started
   (:mod:`.leftovers`).
4. **In this process**, it runs each test cell's code on those answers (:mod:`.runner`) and
   writes the cell's outputs itself: the check's message and score that nbgrader records and
   the learner reads in their feedback.  Nothing the learner's kernel showed in a test cell is
   kept.

The course's ``nbgrader_config.py`` makes this the step of ``nbgrader autograde`` (and so of
formgrader's Autograde button) and of ``nbgrader validate`` (and the learner's Validate button);
``logiserve grade`` always uses it.  When validating there is no source notebook and no learner:
the notebook itself says what each name is, and any other name is an answer.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import nbformat
from nbclient.util import run_hook
from nbgrader.preprocessors import Execute

from logiserve.answer_store import ANSWERS_FILE, read_answers_file
from logiserve.course import COURSE_ID_ENV, course_id_here

from .codec import LIMITS, NotPlainData, decode, encoded_size
from .handover import MIME, stub
from .leftovers import Leftovers
from .plan import NotebookPlan, TestCell, plan_notebook
from .runner import Handover, Marker

__all__ = ["KEPT_ERRORS", "TrustedExecute", "trusted_steps"]

KEPT_ERRORS = ("KernelDied", "NotRunKernelDied")
"""Error outputs the grader itself writes when a kernel dies; a test cell that has one keeps it."""

_log = logging.getLogger(__name__)
LOAD_HANDOVER = f"__import__({stub.__module__!r})"  # binds no name in the learner's namespace
_REASON_CHARS = 300


@dataclass(frozen=True)
class _Where:
    """Where one notebook is marked from: its folder, the author's notebook and content, whose it is."""

    folder: Path  # the notebook's folder (the kernel's working folder)
    notebook_file: Path | None  # the notebook's file there, when grading
    trusted_folder: Path  # the assignment's source folder (validating: the notebook's folder)
    author: Any  # the notebook whose read-only and answer cells say what names are
    exercises: Mapping[str, Any]  # the assignment's exercise content by id
    learner: str | None
    course: str
    validating: bool


class TrustedExecute(Execute):
    """nbgrader's ``Execute`` with the marking done in the grader (see the module docstring)."""

    def preprocess(self, nb: Any, resources: Any, km: Any = None) -> Any:
        """Run ``nb`` in the learner's kernel with its tests handed out, then mark its test cells here."""
        where = self._where(nb, resources or {})
        plan = plan_notebook(
            nb, where.author, exercise_ids=where.exercises, validating=where.validating or where.author is nb
        )
        saved, _problem = read_answers_file(where.folder / ANSWERS_FILE)
        widgets = _saved_widgets(plan, where.exercises, saved)
        originals = {test.index: nb.cells[test.index].source for test in plan.tests}
        for test in plan.tests:
            nb.cells[test.index].source = stub(test.handed_over)
        if where.notebook_file is not None:
            _write_without_tests(nb, where.notebook_file)
        started: Any = cast(Any, self).on_notebook_start  # nbclient's hook trait, whose type mypy cannot see
        self.on_notebook_start = functools.partial(self._load_handover, then=started)
        try:
            with Leftovers.here().watch() as ended:
                nb, resources = super().preprocess(nb, resources, km)
        finally:
            self.on_notebook_start = started
            for index, source in originals.items():
                nb.cells[index].source = source
        if ended.killed:
            self.log.info("stopped %d process(es) the notebook's kernel left running", len(ended.killed))
        self._mark(nb, plan, widgets, where)
        return nb, resources

    async def _load_handover(self, *, then: Any, **hook: Any) -> None:
        """Import the handover in the learner's kernel before any of its cells runs (silently, kept out of history)."""
        assert self.kc is not None
        reply = await self.async_wait_for_reply(self.kc.execute(LOAD_HANDOVER, silent=True, store_history=False))
        if reply is not None and reply["content"].get("status") != "ok":
            self.log.warning("the handover could not be loaded before the notebook ran: %s", reply["content"])
        if then is not None:
            await run_hook(then, **hook)

    def _mark(self, nb: Any, plan: NotebookPlan, widgets: Mapping[str, Any], where: _Where) -> None:
        from logiserve import variants

        marker = Marker(plan.origins.imports, widgets)
        with _working_folder(where.trusted_folder), variants.marking_for(where.learner, where.course):
            for test in plan.tests:
                cell = nb.cells[test.index]
                kept = [
                    o
                    for o in cell.get("outputs", [])
                    if o.get("output_type") == "error" and o.get("ename") in KEPT_ERRORS
                ]
                handover = _handover(cell.get("outputs", []), test)
                if kept and handover is None:
                    cell.outputs = kept
                    continue
                cell.outputs = marker.run(test, handover or _not_handed_over(test), cell.get("execution_count"))

    def _where(self, nb: Any, resources: Mapping[str, Any]) -> _Where:
        folder = Path(resources.get("metadata", {}).get("path") or os.getcwd()).resolve()
        about = resources.get("nbgrader")
        course = os.environ.get(COURSE_ID_ENV, "").strip()
        if not about:  # validating: the notebook is its own author
            return _Where(
                folder, None, folder, nb, _exercises(folder), None, course or course_id_here(folder).value, True
            )
        coursedir = self._coursedir()
        source = Path(coursedir.format_path(coursedir.source_directory, ".", about["assignment"])).resolve()
        author_file = source / f"{about['notebook']}.ipynb"
        author = _read_author(author_file)
        if author is None:
            self.log.warning(
                "no source notebook %s: the graded notebook's own cells say what each name is", author_file
            )
            author = nb
        return _Where(
            folder,
            folder / f"{about['notebook']}.ipynb",
            source,
            author,
            _exercises(source),
            str(about["student"]),
            course or coursedir.course_id or course_id_here(folder).value,
            False,
        )

    def _coursedir(self) -> Any:
        converter = getattr(getattr(self, "parent", None), "parent", None)
        coursedir = getattr(converter, "coursedir", None)
        if coursedir is not None:
            return coursedir
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=self.config)


def trusted_steps(steps: list[type]) -> list[type]:
    """``steps`` (nbgrader's autograde or validate steps), their ``Execute`` replaced by :class:`TrustedExecute`."""
    return [TrustedExecute if step is Execute else step for step in steps]


# -- reading what marking needs, before the kernel runs ---------------------------------------------------
def _exercises(folder: Path) -> Mapping[str, Any]:
    from logiserve.content import ContentError, load_exercises

    path = folder / "exercises.yaml"
    if not path.is_file():
        return {}
    try:
        return load_exercises(path)
    except ContentError as exc:
        _log.warning("the exercises of %s could not be read: %s", folder, exc)
        return {}


_AUTHORS: dict[Path, tuple[int, Any]] = {}


def _read_author(path: Path) -> Any:
    """The source notebook at ``path`` (read once per change), or ``None`` when there is none."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _AUTHORS.get(path)
    if cached is None or cached[0] != stamp:
        cached = (stamp, nbformat.read(path, as_version=nbformat.NO_CONVERT))
        _AUTHORS[path] = cached
    return cached[1]


def _saved_widgets(plan: NotebookPlan, exercises: Mapping[str, Any], saved: Mapping[str, Any]) -> dict[str, Any]:
    from logiserve.content import saved_exercise

    return {
        name: saved_exercise(exercise_id, exercises[exercise_id], saved.get(exercise_id))
        for name, exercise_id in plan.origins.widgets.items()
        if exercise_id in exercises
    }


def _write_without_tests(nb: Any, path: Path) -> None:
    """Write the notebook (its test cells as the kernel runs them) over ``path``: no hidden test is on disk."""
    with contextlib.suppress(OSError):
        nbformat.write(nb, str(path))


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    """Mark in ``folder`` (relative paths in marking code, such as ``exercises.yaml``, are the author's)."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


# -- what the kernel handed over ---------------------------------------------------------------------------
def _handover(outputs: list[Any], test: TestCell) -> Handover | None:
    """The answers the kernel handed over in ``outputs`` (the last handover there), or ``None``."""
    payloads = [
        o["data"][MIME] for o in outputs if o.get("output_type") == "display_data" and MIME in o.get("data", {})
    ]
    if not payloads:
        return None
    try:  # plain dicts and lists again (nbformat made them NotebookNodes), and a bound on the size
        payload = json.loads(json.dumps(payloads[-1], allow_nan=False)) if _size(payloads[-1]) else None
    except (TypeError, ValueError):
        payload = None
    if not isinstance(payload, dict):
        return _not_handed_over(test, "was handed over in a form the marker cannot read")
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    given: dict[str, Any] = payload["answers"] if isinstance(payload.get("answers"), dict) else {}
    missing: list[Any] = payload["missing"] if isinstance(payload.get("missing"), list) else []
    unusable: dict[str, Any] = payload["unusable"] if isinstance(payload.get("unusable"), dict) else {}
    for name in test.handed_over:
        if name in given:
            try:
                answers[name] = decode(given[name])
            except NotPlainData as problem:
                problems[name] = f"could not be read by the marker ({problem})"
        elif name in unusable:
            problems[name] = f"could not be handed to the marker: {_reason(unusable[name])}"
        elif name in missing:
            problems[name] = (
                "was not set when your notebook ran this cell (run the cell where you answer it, "
                "and keep the name as it is)"
            )
        else:
            problems[name] = "was not handed over"
    return Handover(answers, problems)


def _size(payload: Any) -> bool:
    """True when ``payload`` is no larger than a handover may be."""
    try:
        return encoded_size(payload) <= 4 * LIMITS["bytes"]
    except (TypeError, ValueError):
        return False


def _not_handed_over(test: TestCell, why: str = "") -> Handover:
    why = why or "was not handed over: this cell did not finish in your notebook's kernel"
    return Handover({}, {name: why for name in test.handed_over})


def _reason(text: Any) -> str:
    plain = "".join(ch for ch in str(text) if ch.isprintable())
    return plain[:_REASON_CHARS] + ("..." if len(plain) > _REASON_CHARS else "")
