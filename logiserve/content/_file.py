"""The one reader of an assignment's exercise file (``exercises.yaml`` beside its notebook).

The file holds the exercises (read by :func:`logiserve.content.load_exercises`) and, in a
``variants:`` block, each learner's numbers (read by :func:`logiserve.variants.load_parameters`).
Both read it here; each says in its own words what is wrong when it cannot be read.

Exercise kinds written under their older names are read under today's (see
:data:`RENAMED_KINDS`), so a course author's older file still loads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

__all__ = ["RENAMED_KINDS", "FileMissing", "FileUnreadable", "read_exercises_file"]

RENAMED_KINDS = {"category_sorter": "sorter", "step_sequencer": "sequencer", "journey_map": "journey"}
"""Older exercise kind names, and the kind each is read as."""


class FileMissing(Exception):
    """The exercise file does not exist."""


class FileUnreadable(Exception):
    """The exercise file is not readable as YAML (or JSON); ``error`` is the parser's own error."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


def read_exercises_file(path: Path) -> Any:
    """The data of an exercise file: JSON for a ``.json`` file, else YAML; older kind names read as today's.

    Raises
    ------
    FileMissing
        When there is no such file.
    FileUnreadable
        When its text is not YAML (or JSON).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileMissing(str(path)) from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise FileUnreadable(exc) from exc
    exercises = data.get("exercises") if isinstance(data, Mapping) else None
    if isinstance(exercises, Mapping):
        for content in exercises.values():
            kind = content.get("kind") if isinstance(content, dict) else None
            if isinstance(kind, str) and kind in RENAMED_KINDS:
                content["kind"] = RENAMED_KINDS[kind]
    return data
