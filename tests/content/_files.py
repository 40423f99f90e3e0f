"""Content files for the content tests: write one, or read the problems its loading reports."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from logiserve.widgets import ContentError, load_exercises


def write(folder: Path, exercises: dict[str, Any]) -> Path:
    """``exercises.yaml`` in ``folder`` with these exercises."""
    path = folder / "exercises.yaml"
    path.write_text(yaml.safe_dump({"exercises": exercises}))
    return path


def problems(folder: Path, exercise_id: str, exercise: dict[str, Any]) -> str:
    """The message of the ContentError that loading this one exercise raises."""
    with pytest.raises(ContentError) as error:
        load_exercises(write(folder, {exercise_id: exercise}))
    return str(error.value)


def graded(content: dict[str, Any], collection: str, key_fields: tuple[str, ...]) -> dict[str, Any]:
    """``content`` in graded mode, with every key field taken out of its ``collection`` entries."""
    out = copy.deepcopy(content)
    out["mode"] = "graded"
    for entry in out[collection]:
        for field in key_fields:
            entry.pop(field, None)
    return out
