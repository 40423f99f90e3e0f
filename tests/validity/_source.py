"""The source notebooks' own answers, as a learner's kernel hands them to the grader.

Each assignment's source is copied to a temporary folder and run in a kernel, as a learner runs
it (its widgets' answers land in ``answers.json``); a last cell hands every code answer out as
plain data, exactly as grading does (:func:`logiserve.autograder.marking.handover.payload`).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import nbformat

from logiserve.autograder.marking.codec import decode
from tests.pipeline.conftest import execute_in, read_answers

from ._items import SOURCE, graded_items

__all__ = ["MARK", "source_answers"]

MARK = "\x1eanswers:"  # the last cell prints this, then the payload as JSON


def source_answers(assignment: str, folder: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(code answers by name, widget answers by exercise id)`` of ``assignment``'s source, run in ``folder``."""
    shutil.copytree(SOURCE / assignment, folder, ignore=shutil.ignore_patterns("answers*.json", ".ipynb_checkpoints"))
    names = sorted({n for item in graded_items() if item.assignment == assignment for n in item.test.handed_over})
    code: dict[str, Any] = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(
            nbformat.v4.new_code_cell(
                "import json\n"
                "from logiserve.autograder.marking.handover import payload\n"
                f"print({MARK!r} + json.dumps(payload(globals(), {names!r})))"
            )
        )
        nbformat.write(nb, path)
        execute_in(folder, path)
        printed = "".join(o.get("text", "") for o in nbformat.read(path, as_version=4).cells[-1].outputs)
        handed = json.loads(printed.split(MARK, 1)[1])
        code.update({name: decode(data) for name, data in handed["answers"].items()})
    return code, read_answers(folder)
