"""Per-learner variants: every learner gets their own numbers, and the autograder knows them.

When every learner has the same inputs, one answer shared in a group chat fits the whole
cohort.  So an assignment's ``exercises.yaml`` may declare, in a top-level ``variants:``
block, the numbers that differ from learner to learner, each by name with its range and
step (or its choices) and the course's default::

    variants:
      order_cost:
        label: Order cost
        symbol: S
        range: [40, 90]
        step: 1
        default: 50
        format: "£{:,.0f} per order"

A notebook asks for its numbers with :func:`variant`; the learner sees them rendered as a
table ("Your numbers") where the task is stated, and the hidden tests call :func:`variant`
again to work out the expected answers for that same learner (never from the learner's
variables)::

    planter = variant("05_inventory")       # reads exercises.yaml beside the notebook
    planter.table("planter")                # "Your numbers", and where they come from
    S = planter["order_cost"]

The same learner always gets the same numbers; a learner with no id gets the defaults:

>>> from logiserve.variants import Parameter, Variant
>>> spec = {"order_cost": Parameter("order_cost", "Order cost", 50, tuple(range(40, 91)))}
>>> Variant.pick("05_inventory", spec, learner="amira", course_id="demo-course")["order_cost"]
62
>>> Variant.pick("05_inventory", spec, learner="amira", course_id="demo-course")["order_cost"]
62
>>> Variant.pick("05_inventory", spec, learner=None, course_id="demo-course")["order_cost"]
50

**How a number is picked.**  Each parameter's value is chosen from its values by a SHA-256
hash of the course id, the assignment, the learner's id and the parameter's name, so a
learner gets the same numbers in every kernel, after a restart, in ``nbgrader validate``
and at autograde; and adding a parameter never changes the others.

**Who the learner is** (worked out at every call, never when the module is imported: graded
kernels are forked from a template that imported logiserve before it knew the learner):

1. **autograde**: nbgrader runs a submission in ``autograded/<student id>/<assignment>/``.
   When the working folder is such a folder, the student id is its parent folder's name.
   This comes first, because a tutor grading on a hub has their own ``JUPYTERHUB_USER``.
   Once found, it is kept for the rest of that kernel's life (a learner's ``os.chdir`` does
   not change whose numbers the hidden tests use).
2. ``LOGISERVE_LEARNER``: an explicit learner id, for tests and for tutors previewing a
   learner's numbers (``LOGISERVE_LEARNER=amira jupyter lab``).  It never overrides autograde.
3. ``JUPYTERHUB_USER``: the learner's hub user name, at work time and in ``nbgrader validate``.
4. none of those: the course's **default** numbers (each parameter's ``default``), and the
   table says so in plain words.

**The course id** is ``LOGISERVE_COURSE_ID`` when it is set, else ``c.CourseDirectory.course_id``
of the course's ``nbgrader_config.py`` (the course folder above the working folder, or Jupyter's
config path on a hub: :func:`logiserve.course.course_id_here`), else :data:`COURSE_ID`.  The
learners' servers and the grading machine must see the same value; changing it gives a new
cohort new numbers.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from logiserve import _jsonschema
from logiserve.content._file import FileMissing, FileUnreadable, read_exercises_file
from logiserve.course import COURSE_ID_ENV, DEFAULT_COURSE_ID, course_id_here
from logiserve.errors import LogiserveError

__all__ = [
    "COURSE_ID",
    "COURSE_ID_ENV",
    "HUB_USER_ENV",
    "LEARNER_ENV",
    "Collisions",
    "Learner",
    "Parameter",
    "Variant",
    "VariantError",
    "collisions",
    "course_id",
    "find_learner",
    "load_parameters",
    "variant",
    "variant_code",
]

COURSE_ID = DEFAULT_COURSE_ID
"""The course id when no nbgrader config sets one (see :func:`logiserve.course.course_id_here`)."""
LEARNER_ENV = "LOGISERVE_LEARNER"
"""Environment variable naming a learner explicitly (tests; a tutor previewing a learner's numbers)."""
HUB_USER_ENV = "JUPYTERHUB_USER"
"""Set by JupyterHub in every learner's server: the learner's user name."""
AUTOGRADED = "autograded"
"""nbgrader's default ``CourseDirectory.autograded_directory``."""

NOT_ON_HUB = (
    "You are not signed in to the course hub, so these are the course's default numbers. "
    "On the hub you get your own numbers; answer with the numbers shown in your own notebook."
)


class VariantError(LogiserveError, ValueError):
    """An assignment's ``variants:`` block is broken, or a parameter is asked for that it lacks.

    In a notebook, IPython shows the message alone (no traceback): the learner cannot fix
    course files, but can tell their tutor exactly what is wrong.
    """

    def _render_traceback_(self) -> list[str]:
        return [
            "\x1b[31mYour numbers for this exercise could not be worked out.\x1b[0m",
            *str(self).splitlines(),
            "Nothing you saved was changed. Please tell your tutor, and include the lines above.",
        ]


# -- parameters ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Parameter:
    """One number (or text) that differs from learner to learner.

    Attributes
    ----------
    name : str
        How the notebook asks for it: ``mine["order_cost"]``.
    label : str
        What it is, in the learner's words ("Order cost").
    default : int, float, str or tuple
        The course's default: for a learner outside the hub, and in the source notebook's outputs.
    values : tuple
        Every value it can take, in order (a range walked in steps, or the choices).
    symbol : str
        Its symbol in the notebook's formulas (``"S"``), or ``""``.
    group : str
        The table that shows it (see :meth:`Variant.table`), or ``""``.
    format : str
        How it is shown: a Python format string with one ``{}``, such as ``"£{:,.0f} per order"``.
    """

    name: str
    label: str
    default: Any
    values: tuple[Any, ...]
    symbol: str = ""
    group: str = ""
    format: str = "{}"

    def pick(self, digest: bytes) -> Any:
        """The value a hash ``digest`` (32 bytes of SHA-256) chooses: uniform over :attr:`values`."""
        return self.values[int.from_bytes(digest[:8], "big") % len(self.values)]

    def shown(self, value: Any) -> str:
        """``value`` as the learner reads it: ``£62 per order``."""
        return self.format.format(value)


def _decimals(number: float) -> int:
    exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _grid(low: float, high: float, step: float) -> tuple[Any, ...]:
    """``low``, ``low + step``, ... up to ``high``; ints when all three are whole, else rounded floats."""
    count = math.floor((high - low) / step + 1e-9) + 1
    if all(float(x).is_integer() for x in (low, high, step)):
        return tuple(int(low) + i * int(step) for i in range(count))
    places = max(_decimals(low), _decimals(step))
    return tuple(round(low + i * step, places) for i in range(count))


@cache
def _schema() -> dict[str, Any]:
    return json.loads(resources.files("logiserve").joinpath("variants.schema.json").read_text("utf-8"))


def _where(path: Iterable[Any]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def _message(error: Any) -> str:
    custom = error.schema.get("errorMessage") if isinstance(error.schema, Mapping) else None
    return custom or error.message


def parameters_from(block: Any, source: str = "exercises.yaml") -> dict[str, Parameter]:
    """The parameters of a ``variants:`` block (already read from YAML), checked.

    Raises
    ------
    VariantError
        Listing every problem, each naming ``source``, ``variants`` and the parameter's field.
    """
    if not isinstance(block, Mapping):
        raise VariantError(f"{source}: variants must be a mapping of parameter name to its range or choices")
    validator = _jsonschema.validator(_schema())
    problems = [
        f"{source}: variants{_where(error.absolute_path)}: {_message(error)}"
        for error in sorted(validator.iter_errors(block), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        raise VariantError("\n".join(problems))
    parameters: dict[str, Parameter] = {}
    for name, spec in block.items():
        where = f"{source}: variants.{name}"
        if "choices" in spec:
            values = tuple(_frozen(choice) for choice in spec["choices"])
        else:
            low, high = spec["range"]
            if high <= low:
                problems.append(f"{where}.range: the highest value must be more than the lowest, not {spec['range']}")
                continue
            if spec["step"] > high - low:
                problems.append(f"{where}.step: {spec['step']} is more than the range is wide ({high - low:g})")
                continue
            values = _grid(low, high, spec["step"])
        default = _frozen(spec["default"])
        if not any(default == value and type(default) is not bool for value in values):
            problems.append(
                f"{where}.default: {default!r} is not one of the values it can take "
                f"({_describe_values(values)}); the default must be one of them"
            )
            continue
        try:
            spec.get("format", "{}").format(default)
        except (ValueError, IndexError, KeyError) as exc:
            problems.append(f"{where}.format: {spec['format']!r} cannot show {default!r} ({exc})")
            continue
        parameters[name] = Parameter(
            name=name,
            label=spec["label"],
            default=next(value for value in values if value == default),
            values=values,
            symbol=spec.get("symbol", ""),
            group=spec.get("group", ""),
            format=spec.get("format", "{}"),
        )
    if problems:
        raise VariantError("\n".join(problems))
    return parameters


def _frozen(value: Any) -> Any:
    """A list from YAML as a tuple (a learner's numbers never change)."""
    return tuple(value) if isinstance(value, list) else value


def _describe_values(values: tuple[Any, ...]) -> str:
    if len(values) <= 6:
        return ", ".join(map(repr, values))
    return f"{values[0]!r}, {values[1]!r}, ... {values[-1]!r}"


_LOADED: dict[tuple[str, int, int], dict[str, Parameter]] = {}  # (file, mtime, size) -> its checked parameters


def load_parameters(path: str | os.PathLike[str]) -> dict[str, Parameter]:
    """The variant parameters declared in the ``variants:`` block of an ``exercises.yaml`` file.

    An assignment without the block has none (an empty dict).  A file read before is not read
    again while it is unchanged (the hidden tests ask for the numbers in every graded cell).

    Raises
    ------
    VariantError
        When the file is missing or unreadable, or the block is broken (every problem, each
        naming the file and the parameter's field).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        stat = None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size) if stat is not None else None
    if key is not None and key in _LOADED:
        return dict(_LOADED[key])
    try:
        data = read_exercises_file(path)
    except FileMissing:
        raise VariantError(
            f"{path}: not found (looked in {Path.cwd()}); the assignment's exercises.yaml belongs beside its notebook"
        ) from None
    except FileUnreadable as exc:
        raise VariantError(f"{path.name}: not readable: {exc.error}") from exc.error
    parameters = (
        parameters_from(data["variants"], path.name) if isinstance(data, Mapping) and "variants" in data else {}
    )
    if key is not None:
        _LOADED[key] = parameters
    return dict(parameters)


# -- who the learner is ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Learner:
    """Whose numbers these are: the learner's id, or ``None`` for the default numbers.

    ``found_in`` says where the id came from: ``"the autograde folder"``, ``"LOGISERVE_LEARNER"``,
    ``"JUPYTERHUB_USER"``, ``"given"`` (passed to :func:`variant`) or ``""`` (no id).
    """

    id: str | None
    found_in: str = ""


_AUTOGRADED_HERE: dict[int, Learner] = {}  # process id -> the learner found from the autograde folder
_COURSE_HERE: dict[int, str] = {}  # process id -> the course id found with it
_MARKING: list[tuple[Learner, str]] = []  # the notebook the grader is marking now (innermost last)


@contextlib.contextmanager
def marking_for(learner: str | None, course: str) -> Iterator[None]:
    """While the grader marks ``learner``'s notebook: :func:`variant` gives that learner's numbers, from ``course``.

    The grader marks one notebook after another in one process, outside any kernel, so it says
    whose notebook it is instead of letting the working folder say so.

    >>> with marking_for("amira", "demo-course"):
    ...     find_learner().id, find_learner().found_in, course_id()
    ('amira', 'the notebook being marked', 'demo-course')
    """
    _MARKING.append((Learner(learner, "the notebook being marked" if learner else ""), course))
    try:
        yield
    finally:
        _MARKING.pop()


def _autograde_folder(assignment: str | None) -> str | None:
    """The student id when the working folder is nbgrader's ``autograded/<student>/<assignment>/``."""
    try:
        here = Path.cwd()
    except OSError:  # the working folder was deleted
        return None
    if here.parent.parent.name != AUTOGRADED or not here.parent.name:
        return None
    if assignment is not None and here.name != assignment:
        return None
    return here.parent.name


def find_learner(assignment: str | None = None) -> Learner:
    """Who the learner of this kernel is (see the module's docstring for the order), at call time."""
    if _MARKING:
        return _MARKING[-1][0]
    remembered = _AUTOGRADED_HERE.get(os.getpid())
    if remembered is not None:
        return remembered
    student = _autograde_folder(assignment)
    if student is not None:
        found = Learner(student, "the autograde folder")
        _AUTOGRADED_HERE[os.getpid()] = found  # a later os.chdir in learner code does not change it
        _COURSE_HERE[os.getpid()] = course_id_here().value  # nor the course the numbers are seeded from
        return found
    for name in (LEARNER_ENV, HUB_USER_ENV):
        value = os.environ.get(name, "").strip()
        if value:
            return Learner(value, name)
    return Learner(None)


def course_id() -> str:
    """The course id in force here: ``LOGISERVE_COURSE_ID`` when set, else the course's nbgrader config's.

    See :func:`logiserve.course.course_id_here` for where the config is looked for.
    """
    override = os.environ.get(COURSE_ID_ENV, "").strip()
    if override:
        return override
    if _MARKING:
        return _MARKING[-1][1]
    if os.getpid() in _AUTOGRADED_HERE and os.getpid() in _COURSE_HERE:
        return _COURSE_HERE[os.getpid()]
    return course_id_here().value


# -- a learner's numbers ---------------------------------------------------------------------------------------
def _digest(course: str, assignment: str, learner: str, name: str) -> bytes:
    return hashlib.sha256("\x1f".join(("logiserve-variant", course, assignment, learner, name)).encode()).digest()


def variant_code(values: Mapping[str, Any]) -> str:
    """A short code (6 hex digits) for a set of values: learners with the same numbers share it.

    >>> variant_code({"order_cost": 50, "holding_rate": 0.25})
    '9cef89'
    """
    text = json.dumps(sorted(values.items()), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:6]


_ROW = '<tr><th scope="row" style="text-align:left;padding-right:1.5em">{label}</th><td>{value}</td></tr>'
_TABLE = (
    '<div class="ls-variant" style="border-left:4px solid #0072B2;padding:0.3em 0.9em;margin:0.4em 0">'
    '<table><caption style="text-align:left;font-weight:bold;padding-bottom:0.3em">{title}</caption>'
    "<tbody>{rows}</tbody></table>"
    '<p style="margin:0.5em 0 0.2em 0;font-size:90%">{note}</p></div>'
)


@dataclass(frozen=True)
class VariantTable:
    """Some of a learner's numbers as a table, for the notebook (HTML, Markdown and plain text)."""

    title: str
    rows: tuple[tuple[str, str], ...]
    note: str

    def _repr_html_(self) -> str:
        rows = "".join(_ROW.format(label=html.escape(label), value=html.escape(value)) for label, value in self.rows)
        return _TABLE.format(title=html.escape(self.title), rows=rows, note=html.escape(self.note))

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.title}**", "", "| | |", "|---|---|"]
        lines += [f"| {label} | {value} |" for label, value in self.rows]
        return "\n".join([*lines, "", f"*{self.note}*"])

    def __repr__(self) -> str:
        width = max((len(label) for label, _ in self.rows), default=0)
        return "\n".join([self.title, *(f"  {label:<{width}}  {value}" for label, value in self.rows), self.note])


@dataclass(frozen=True)
class Variant(Mapping[str, Any]):
    """One learner's numbers for one assignment: a read-only mapping of parameter name to value.

    Use it like a dict (``mine["order_cost"]``); show it in a notebook to render "Your
    numbers" (all of them), or :meth:`table` for one group.
    """

    assignment: str
    course_id: str
    learner: Learner
    parameters: Mapping[str, Parameter]
    values: Mapping[str, Any] = field(default_factory=dict)  # type: ignore[assignment]  # the numbers, not Mapping.values()

    @classmethod
    def pick(
        cls,
        assignment: str,
        parameters: Mapping[str, Parameter],
        *,
        learner: str | Learner | None,
        course_id: str,
    ) -> Variant:
        """The numbers of ``learner`` (an id, or ``None`` for the defaults) among ``parameters``."""
        who = learner if isinstance(learner, Learner) else Learner(learner, "given" if learner else "")
        if who.id is None:
            values = {name: p.default for name, p in parameters.items()}
        else:
            values = {name: p.pick(_digest(course_id, assignment, who.id, name)) for name, p in parameters.items()}
        return cls(assignment, course_id, who, dict(parameters), values)

    # Mapping
    def __getitem__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            known = ", ".join(self.values) or "none"
            raise VariantError(
                f"{self.assignment} has no variant number called {name!r} (in the variants block of its "
                f"exercises.yaml); it has: {known}"
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)

    @property
    def code(self) -> str:
        """A short code for these numbers (6 hex digits); learners with the same numbers share it."""
        return variant_code(self.values)

    @property
    def is_default(self) -> bool:
        """True when these are the course's default numbers (no learner id was found)."""
        return self.learner.id is None

    @property
    def where_from(self) -> str:
        """One sentence saying whose numbers these are, and how that was found."""
        who = self.learner
        if who.id is None:
            return NOT_ON_HUB
        if who.found_in == "JUPYTERHUB_USER":
            return f"These are your own numbers: learner {who.id}, signed in to the course hub (variant {self.code})."
        if who.found_in == "the autograde folder":
            return f"These are the numbers of learner {who.id}, as the grading worked them out (variant {self.code})."
        if who.found_in == LEARNER_ENV:
            return f"These are the numbers of learner {who.id}, set by {LEARNER_ENV} (variant {self.code})."
        return f"These are the numbers of learner {who.id} (variant {self.code})."

    def shown(self, name: str) -> str:
        """One number as the learner reads it, with its unit: ``£62 per order``."""
        return self.parameters[name].shown(self[name])

    def table(self, group: str | None = None, *, title: str = "Your numbers") -> VariantTable:
        """The numbers of one ``group`` (all when ``None``) as a table to show in the notebook."""
        names = [n for n, p in self.parameters.items() if group is None or p.group in ("", group)]
        if group is not None and not any(self.parameters[n].group == group for n in names):
            groups = sorted({p.group for p in self.parameters.values() if p.group})
            raise VariantError(
                f"{self.assignment} has no variant numbers in the group {group!r}; "
                f"groups: {', '.join(groups) or 'none'}"
            )
        rows = []
        for name in names:
            parameter = self.parameters[name]
            label = f"{parameter.label}, {parameter.symbol}" if parameter.symbol else parameter.label
            rows.append((label, parameter.shown(self.values[name])))
        return VariantTable(title, tuple(rows), self.where_from)

    def _repr_html_(self) -> str:
        return self.table()._repr_html_()

    def _repr_markdown_(self) -> str:
        return self.table()._repr_markdown_()

    def __repr__(self) -> str:
        return repr(self.table())


def variant(
    assignment: str,
    *,
    learner: str | None = None,
    path: str | os.PathLike[str] | None = None,
    course: str | None = None,
) -> Variant:
    """This learner's numbers for ``assignment``, from the ``variants:`` block of its exercises.yaml.

    Parameters
    ----------
    assignment : str
        The assignment's id, such as ``"05_inventory"`` (part of the seed: a learner's numbers
        differ from one assignment to the next).
    learner : str, optional
        Whose numbers; by default the learner of this kernel (:func:`find_learner`).
    path : path, optional
        The exercises file; by default ``exercises.yaml`` in the working folder (the notebook's).
    course : str, optional
        The course id; by default :func:`course_id`.

    Returns
    -------
    Variant
        A mapping of parameter name to value, that renders as "Your numbers".
    """
    parameters = load_parameters(Path(path) if path is not None else Path("exercises.yaml"))
    if not parameters:
        raise VariantError(f"{assignment}: its exercises.yaml has no variants block, so there are no numbers to give")
    who = Learner(learner, "given") if learner else find_learner(assignment)
    return Variant.pick(assignment, parameters, learner=who, course_id=course or course_id())


# -- for tutors: how often learners share numbers -------------------------------------------------------------
@dataclass(frozen=True)
class Collisions:
    """How often learners get the same numbers.

    Attributes
    ----------
    learners : int
        How many learner ids were tried.
    combinations : int
        How many different sets of numbers the parameters allow.
    shared : int
        Learners whose numbers equal some other learner's.
    class_size : int
        The class size for :attr:`class_chance`.
    class_chance : float
        The chance that, in a class of ``class_size`` learners, at least two share their numbers
        (exact for uniformly spread numbers: 1 - (K-1)/K x (K-2)/K x ...).
    """

    learners: int
    combinations: int
    shared: int
    class_size: int
    class_chance: float

    @property
    def rate(self) -> float:
        """The share of learners whose numbers equal some other learner's."""
        return self.shared / self.learners if self.learners else 0.0

    def __str__(self) -> str:
        return (
            f"{self.shared} of {self.learners} learners ({self.rate:.2%}) share their numbers with another; "
            f"{self.combinations:,} possible sets of numbers; in a class of {self.class_size}, the chance that "
            f"any two share is {self.class_chance:.3%}"
        )


def collisions(variants: Iterable[Variant], class_size: int = 20) -> Collisions:
    """How often the given learners' variants share their numbers (see :class:`Collisions`)."""
    variants = list(variants)
    counts: dict[str, int] = {}
    for each in variants:
        counts[each.code] = counts.get(each.code, 0) + 1
    shared = sum(count for count in counts.values() if count > 1)
    combinations = math.prod(len(p.values) for p in variants[0].parameters.values()) if variants else 0
    unique = 1.0
    for i in range(class_size):
        unique *= max(0.0, (combinations - i) / combinations) if combinations else 0.0
    return Collisions(len(variants), combinations, shared, class_size, 1.0 - unique)
