"""The course's glossary of sector terms, and where the notebooks show it.

The terms and their definitions are data, in ``logiserve/glossary.yaml``.  Each notebook shows a
term's definition once, as a ``<details>`` block (closed until the learner opens it, by mouse or
keyboard) at the end of the first markdown cell that uses the term.  :func:`annotate` works out
those blocks from the cells' text and is idempotent: blocks it wrote before are taken out and
written again, so a changed definition or a cell that now mentions a term first moves the block.
``logiserve glossary`` runs it over the course's notebooks, and the tests check that every
notebook is up to date.

>>> terms = load()
>>> [t.term for t in terms if t.found_in("Orders keyed by EDI reach the pick face sooner.")]
['EDI', 'pick face']
>>> find("asn").term
'ASN'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from logiserve import _jsonschema
from logiserve.errors import LogiserveError

__all__ = [
    "GlossaryError",
    "Term",
    "annotate",
    "annotate_notebook",
    "cell_sources",
    "find",
    "load",
    "parse",
    "strip",
    "terms_in",
]

BLOCK_START = '<details class="logiserve-glossary">'
_BLOCK = re.compile(r"\n*" + re.escape(BLOCK_START) + r".*?</details>", re.DOTALL)
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["terms"],
    "properties": {
        "terms": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["term", "forms", "define"],
                "properties": {
                    "term": {"type": "string", "minLength": 1},
                    "forms": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 2}},
                    "define": {"type": "string", "minLength": 20},
                },
            },
        }
    },
}


class GlossaryError(LogiserveError, ValueError):
    """The glossary file is broken; the message lists every problem."""


@dataclass(frozen=True)
class Term:
    """One glossary entry: the name shown, the ways the pages write it, its definition."""

    term: str
    forms: tuple[str, ...]
    define: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """Any of the forms as a whole word; acronyms (two or more capitals) only as written."""
        return _pattern(self.forms)

    def found_in(self, text: str) -> bool:
        """Whether ``text`` uses the term outside code and outside glossary blocks."""
        return bool(self.pattern.search(_CODE.sub(" ", strip(text))))

    def block(self) -> str:
        """The ``<details>`` block that shows the definition in a markdown cell."""
        return (
            f"{BLOCK_START}<summary>Glossary: <strong>{html.escape(self.term)}</strong></summary>\n\n"
            f"{self.define}\n\n</details>"
        )


@cache
def _pattern(forms: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for form in sorted(forms, key=len, reverse=True):
        body = re.escape(form).replace(r"\ ", r"[\s-]+")
        acronym = sum(ch.isupper() for ch in form) >= 2
        parts.append(body if acronym else f"(?i:{body})")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


def strip(text: str) -> str:
    """``text`` without the glossary blocks :func:`annotate` added to it."""
    return _BLOCK.sub("", text)


def terms_in(text: str, terms: Sequence[Term] | None = None) -> list[Term]:
    """The glossary terms ``text`` uses, in glossary order."""
    return [t for t in (load() if terms is None else terms) if t.found_in(text)]


def annotate(cells: Sequence[str | None], terms: Sequence[Term] | None = None) -> list[str | None]:
    """The markdown cells of one notebook with each term's block in the first cell that uses it.

    Parameters
    ----------
    cells:
        Every cell's source in notebook order, ``None`` for a cell that must not get a block (a
        code cell, or a learner's written answer).
    terms:
        The glossary (default: :func:`load`).

    Returns
    -------
    list
        The sources again, old blocks taken out and the new ones added at the end of their cell,
        in the order the terms first appear there; ``None`` stays ``None``.

    Examples
    --------
    >>> out = annotate(["We tip the lorry at goods-in.", None, "Tipping again."])
    >>> out[0].count("<details"), out[2].count("<details")
    (2, 0)
    >>> annotate(out) == out
    True
    """
    terms = load() if terms is None else terms
    cleaned = [None if source is None else strip(source).rstrip() for source in cells]
    firsts: dict[int, list[tuple[int, Term]]] = {}
    for term in terms:
        for index, source in enumerate(cleaned):
            if source is None:
                continue
            match = term.pattern.search(_CODE.sub(lambda m: " " * len(m.group()), source))
            if match:
                firsts.setdefault(index, []).append((match.start(), term))
                break
    result: list[str | None] = []
    for index, source in enumerate(cleaned):
        if source is None or index not in firsts:
            result.append(None if cells[index] is None else source)
            continue
        blocks = [term.block() for _, term in sorted(firsts[index], key=lambda pair: pair[0])]
        result.append(source + "\n\n" + "\n\n".join(blocks))
    return result


def find(name: str) -> Term:
    """The term called ``name`` (or written as one of its forms), any case; ``KeyError`` if none."""
    wanted = name.casefold()
    for term in load():
        if wanted == term.term.casefold() or wanted in (f.casefold() for f in term.forms):
            return term
    raise KeyError(f"{name!r} is not in the glossary")


def parse(data: Any) -> tuple[Term, ...]:
    """The terms of the parsed YAML; :class:`GlossaryError` listing every problem."""
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in _jsonschema.validator(_SCHEMA).iter_errors(data)
    ]
    if not problems:
        seen: dict[str, str] = {}
        for entry in data["terms"]:
            for form in (entry["term"], *entry["forms"]):
                owner = seen.setdefault(form.casefold(), entry["term"])
                if owner != entry["term"]:
                    problems.append(f"{form!r} is a form of both {owner!r} and {entry['term']!r}")
    if problems:
        raise GlossaryError("logiserve/glossary.yaml is not valid:\n  " + "\n  ".join(problems))
    return tuple(Term(e["term"], tuple(e["forms"]), " ".join(e["define"].split())) for e in data["terms"])


@cache
def load() -> tuple[Term, ...]:
    """The course's glossary, from ``logiserve/glossary.yaml``."""
    return parse(yaml.safe_load(resources.files("logiserve").joinpath("glossary.yaml").read_text("utf-8")))


def cell_sources(notebook: Any) -> list[str | None]:
    """What :func:`annotate` reads from an nbformat notebook: markdown sources, ``None`` elsewhere.

    A learner's written answer (an nbgrader solution cell) gets no block: it is theirs.
    """
    return [
        cell.source
        if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution", False)
        else None
        for cell in notebook.cells
    ]


def annotate_notebook(path: Any, *, write: bool = True) -> bool:
    """Bring one notebook's glossary blocks up to date; whether anything changed (or would).

    With ``write=False`` the file is left as it is (``logiserve glossary --check``).
    """
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    changed = False
    for cell, new in zip(notebook.cells, annotate(cell_sources(notebook)), strict=True):
        if new is not None and new != cell.source:
            cell.source, changed = new, True
    if changed and write:
        nbformat.write(notebook, path)
    return changed
