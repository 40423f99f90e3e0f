"""Load an exercise content file and check every exercise: its kind's schema, then its kind's rules.

Each exercise is checked against the JSON Schema of its ``kind`` (in
``logiserve/content/schemas/``) and then for what a schema cannot say, by its kind's
module (``sorter``, ``sequencer``, ``journey``, ``scenario``).  Every problem is reported
at once, naming the file, the exercise and the field.  A schema may give a failing rule
its own message with the annotation ``errorMessage`` (as ajv-errors does); jsonschema
itself ignores it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from logiserve import _jsonschema, variants

from . import hint_ladder, journey, practice_twin, progress, scenario, sequencer, sorter
from ._file import FileMissing, FileUnreadable, read_exercises_file
from ._shared import ContentError

__all__ = ["EXERCISE_ID_PATTERN", "KINDS", "SUPPORT_KINDS", "load_exercises", "validate_exercise"]

EXERCISE_ID_PATTERN = re.compile(r"^\d\d_[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_KIND_MODULES = {
    module.KIND: module for module in (sorter, sequencer, journey, scenario, practice_twin, hint_ladder, progress)
}
KINDS = tuple(_KIND_MODULES)
"""The exercise kinds, by the name content gives them (``kind:``)."""
SUPPORT_KINDS = (practice_twin.KIND, hint_ladder.KIND, progress.KIND)
"""The kinds that support a learner (practice code, hints, the progress panel) and are never marked."""


@cache
def _schema(kind: str) -> dict[str, Any]:
    schema_file = _KIND_MODULES[kind].SCHEMA
    text = resources.files("logiserve.content").joinpath("schemas", schema_file).read_text("utf-8")
    return json.loads(text)


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def validate_exercise(exercise_id: str, content: Any, source: str = "<content>") -> list[str]:
    """Every problem with one exercise's content, as readable lines (empty when fine)."""
    prefix = f"{source}: {exercise_id}"
    if not EXERCISE_ID_PATTERN.match(exercise_id):
        return [f"{prefix}: the exercise id must look like 'NN_topic.name' (e.g. '01_customers.classify')"]
    if not isinstance(content, Mapping):
        return [f"{prefix}: expected a mapping of fields, found {type(content).__name__}"]
    kind = content.get("kind")
    if kind not in KINDS:
        return [f"{prefix}.kind: {kind!r} is not a known exercise kind (known: {', '.join(KINDS)})"]
    validator = _jsonschema.validator(_schema(kind))
    problems = [
        f"{prefix}.{_where(error.absolute_path)}: {_message(error)}"
        for error in sorted(validator.iter_errors(content), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    return _KIND_MODULES[kind].check_content(prefix, content)


def _message(error: Any) -> str:
    """The schema's own ``errorMessage`` for the rule that failed, else jsonschema's message."""
    custom = error.schema.get("errorMessage") if isinstance(error.schema, Mapping) else None
    return custom or error.message


def load_exercises(path: str | os.PathLike[str]) -> dict[str, dict[str, Any]]:
    """Load and check an exercise content file.

    Parameters
    ----------
    path:
        A ``.yaml``/``.yml`` or ``.json`` file with a top-level ``exercises`` mapping
        of ``exercise_id`` to content (and, optionally, a ``variants`` block: each
        learner's numbers, see :mod:`logiserve.variants`, checked here too).

    Raises
    ------
    ContentError
        When the file is missing, unreadable or any exercise breaks its schema; the
        message lists every problem with the file, exercise and field.
    """
    path = Path(path)
    source = path.name
    try:
        data = read_exercises_file(path)
    except FileMissing:
        raise ContentError(
            f"{path}: exercise file not found (looked in {Path.cwd()}); it belongs beside the notebook"
        ) from None
    except FileUnreadable as exc:
        raise ContentError(f"{source}: not readable as {path.suffix.lstrip('.').upper()}: {exc.error}") from exc.error
    if not isinstance(data, Mapping) or not isinstance(data.get("exercises"), Mapping):
        raise ContentError(f"{source}: expected a top-level 'exercises' mapping of exercise id to content")
    unknown = sorted(set(data) - {"exercises", "shared", "variants"})
    if unknown:
        raise ContentError(
            f"{source}: unknown top-level key(s) {', '.join(map(str, unknown))}; "
            "only 'exercises', 'variants' (each learner's numbers) and 'shared' (for YAML anchors) are read"
        )
    problems = [
        problem
        for exercise_id, content in data["exercises"].items()
        for problem in validate_exercise(str(exercise_id), content, source)
    ]
    if "variants" in data:
        try:
            variants.parameters_from(data["variants"], source)
        except variants.VariantError as exc:
            problems.extend(str(exc).splitlines())
    if problems:
        raise ContentError("\n".join(problems))
    return {str(k): dict(v) for k, v in data["exercises"].items()}
