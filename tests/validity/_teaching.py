"""What a learner can copy from the page: an assignment's teaching text and practice exercises, as answers.

The page is what the released notebook shows a learner who has answered nothing yet: every
markdown cell that is not an answer cell (the teaching, the worked examples, the tasks, the
summary), the code of the read-only cells (widget solutions taken out, as the release does), the
outputs those cells print when they read no answer of the learner's (the source's stored outputs,
which are the default learner's), and the practice exercises' content, whose keys the page reveals
as soon as the learner presses *Check*.  The page is cut into **segments**: a sentence, a list item
or a table row, the unit in which the page says that one thing is another.

For each kind of check, :func:`copies` builds the answers a learner would hand in by copying what
the page says about each part of the item, with no understanding of the item itself:

* a sorter: each item the page names gets the category the page gives it in the same segment (or
  the one after), or the answer of a practice item with the same name;
* a sequence: the steps in the order the page lists the most of them (in one segment, or in one
  cell), each in the stage named in a segment that names it; or the order and stages of a practice
  sequence's steps with the same names;
* a journey: each touchpoint a practice journey has too is rated and ticked as there, and one
  whose evidence the page quotes is rated as the segment that quotes it says;
* a number: each number the page prints in a segment that speaks of what is asked (``what`` and
  the answer's name), as written and as a share when it is a percentage (whole numbers below 10
  are steps, marks and formulas on a page far more often than results, and are left to the
  strategies ``the number 0`` and ``the number 1``);
* a grouped table (``check_series``): a value for each group from a line of the page that names the
  group and gives a number, in the page's order;
* names and a piece of text: the candidates (:data:`.strategies.CANDIDATES`) that the page names,
  all of them, or the one it names most often.

A role-play's path and a chart have nothing on a page to copy, so they are not played.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import nbformat

from logiserve.content import load_exercises

from ._items import SOURCE, Call, Item

__all__ = ["Page", "copies", "page"]

_WIDGET_SOLUTION = re.compile(r"^\s*### BEGIN WIDGET SOLUTION.*?^\s*### END WIDGET SOLUTION[^\n]*\n?", re.M | re.S)
_HIDDEN = re.compile(r"^\s*### BEGIN HIDDEN TESTS.*?^\s*### END HIDDEN TESTS[^\n]*\n?", re.M | re.S)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*/\s*(\d+(?:\.\d+)?))?(\s*%)?")
_QUOTED = re.compile(r"[\"“]([^\"”]{8,})[\"”]|(?<![\w])'([^']{8,}?)'(?![\w])")
_WIDGET = "application/vnd.jupyter.widget-view+json"  # a widget: the release shows it empty, whatever the source holds
_RATING_WORDS = ("positive", "neutral", "negative")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "from",
        "with",
        "that",
        "this",
        "your",
        "their",
        "each",
        "every",
        "share",
        "number",
        "orders",
        "order",
        "weeks",
        "week",
        "what",
        "which",
        "into",
        "over",
        "only",
        "per",
        "all",
        "are",
        "was",
        "were",
        "has",
        "have",
        "its",
        "our",
        "of",
        "a",
        "an",
        "to",
        "in",
        "on",
        "by",
        "or",
        "as",
        "at",
        "is",
        "be",
        "it",
    ]
)


@dataclass(frozen=True)
class Page:
    """What one assignment's released notebook shows before anything is answered."""

    segments: tuple[str, ...]
    """Sentences, list items and table rows of the teaching text and the teaching cells' outputs, in page order."""
    units: tuple[str, ...]
    """The same, with each list item whole (where a list item's first words say what the rest is)."""
    cells: tuple[str, ...]
    """The same text, one entry per cell (a table or a list read as a whole)."""
    practice: tuple[Mapping[str, Any], ...]
    """The content of every practice exercise on the page (its key and feedback included)."""
    prose: str = ""
    """The markdown alone (where the page quotes what people said)."""

    def text(self) -> str:
        return "\n".join(self.cells)


def _plain(text: str) -> str:
    """Markdown as the words a reader sees: no emphasis, code marks, links or HTML tags."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]{1,3}(?=\S)|(?<=\S)[*_`]{1,3}", "", text)


def _segments(text: str, whole_items: bool = False) -> list[str]:
    """A cell's text cut into table rows, list items and sentences (``whole_items``: a list item kept whole)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        items: list[str] = []
        for line in lines:
            if line.lstrip().startswith("|") or re.match(r"\s*([*+-]|\d+\.)\s", line) or not items:
                items.append(line)
            else:
                items[-1] += " " + line.strip()
        for entry in items:
            if entry.lstrip().startswith("|") or (whole_items and re.match(r"\s*([*+-]|\d+\.)\s", entry)):
                out.append(entry)
            else:
                out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“'(])", entry) if s.strip()]
    return out


def _assigned(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}


def _read(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


def _output_text(output: Mapping[str, Any]) -> str:
    if output.get("output_type") == "stream" and output.get("name") == "stdout":
        return str(output.get("text", ""))
    data = output.get("data", {})
    for kind in ("text/markdown", "text/plain"):
        if kind in data:
            value = data[kind]
            return "".join(value) if isinstance(value, list) else str(value)
    return ""


@functools.cache
def page(assignment: str) -> Page:
    """The page of ``assignment`` (its source notebooks, read as their release shows them)."""
    folder = SOURCE / assignment
    contents = load_exercises(folder / "exercises.yaml")
    cells: list[str] = []
    prose: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        meta = [cell.metadata.get("nbgrader", {}) for cell in nb.cells]
        answers = set().union(*(_assigned(c.source) for c, m in zip(nb.cells, meta, strict=True) if m.get("solution")))
        for cell, nbgrader in zip(nb.cells, meta, strict=True):
            if nbgrader.get("solution"):
                continue  # an answer cell: the learner sees it empty
            if cell.cell_type == "markdown":
                cells.append(_plain(cell.source))
                prose.append(cells[-1])
                continue
            if cell.cell_type != "code" or nbgrader.get("grade"):
                continue  # a test cell prints only after the learner has answered
            source = _WIDGET_SOLUTION.sub("", _HIDDEN.sub("", cell.source))
            cells.append(source)
            if source == cell.source and not _read(source) & answers:  # it prints the same whatever is answered
                outputs = [o for o in cell.get("outputs", []) if _WIDGET not in o.get("data", {})]
                cells.append("\n".join(_output_text(output) for output in outputs))
    segments = tuple(segment for cell in cells for segment in _segments(cell))
    units = tuple(unit for cell in cells for unit in _segments(cell, whole_items=True))
    practice = tuple(content for content in contents.values() if content.get("mode") == "practice")
    return Page(segments, units, tuple(cells), practice, "\n".join(prose))


# -- finding names in the page -------------------------------------------------------------------------------
def _norm(text: str) -> str:
    text = re.sub(r"'s\b", "", text.replace("’", "'").replace("_", " ").lower())
    return re.sub(r"\s+", " ", re.sub(r"[^\w'&%./ -]", " ", text)).strip()


def _words(text: str) -> set[str]:
    """The content words of ``text``, each without a plural or past-tense ending."""
    out = set()
    for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", _norm(text)):
        if word in _STOP or len(word) < 3:
            continue
        out.add(re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word)
    return out


def _names_in(unit: str, label: str, ident: str = "") -> bool:
    """Whether ``unit`` names the thing called ``label``: the whole label, or every content word of it (two or more)."""
    if _find(unit, _names(label, ident)) >= 0:
        return True
    wanted = _words(re.sub(r"\s*\([^)]*\)", "", label))
    return len(wanted) >= 2 and wanted <= _words(unit)


def _names(label: str, ident: str = "") -> list[str]:
    """The ways the page may name something: its label, the label without a bracketed part, its id."""
    names = [_norm(label), _norm(re.sub(r"\s*\([^)]*\)", "", label))]
    if ident:
        names.append(_norm(ident))
    return [name for name in dict.fromkeys(names) if len(name) >= 3]


def _find(segment: str, names: Iterable[str]) -> int:
    """Where in ``segment`` the first of ``names`` is (as whole words), or -1."""
    text = _norm(segment)
    places = [m.start() for name in names for m in [re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)] if m]
    return min(places, default=-1)


def _same(a: Mapping[str, Any], b: Mapping[str, Any], field: str = "label") -> bool:
    return a.get("id") == b.get("id") or _norm(str(a.get(field, ""))) == _norm(str(b.get(field, "")))


# -- sorters -------------------------------------------------------------------------------------------------
def _sorting(item: Item, call: Call, where: Page) -> list[dict[str, str]]:
    content = item.content or {}
    categories = {c["id"]: _names(c["label"], c["id"]) for c in content.get("categories", [])}
    if not categories:
        categories = {value: _names(value) for value in set(call.key.values())}
    labels = {i["id"]: i["label"] for i in content.get("items", [])} or {k: k for k in call.key}
    copied: dict[str, str] = {}
    for item_id in call.key:
        names = _names(labels.get(item_id, item_id), item_id)
        for practice in where.practice:
            same = [p for p in practice.get("items", []) if _same(p, {"id": item_id, "label": labels.get(item_id)})]
            if same and same[0].get("answer") in categories:
                copied[item_id] = same[0]["answer"]
                break
        else:
            for index, unit in enumerate(where.units):
                if not _names_in(unit, labels.get(item_id, item_id), item_id):
                    continue
                at = max(_find(unit, names), 0)
                said = (
                    _category_after(unit, at, categories)
                    or _category_after(unit, 0, categories)
                    or (
                        _category_after(where.units[index + 1], 0, categories) if index + 1 < len(where.units) else None
                    )
                )
                if said:
                    copied[item_id] = said
                    break
    return [copied]


def _category_after(segment: str, at: int, categories: Mapping[str, list[str]]) -> str | None:
    text = _norm(segment)[at:]
    found = [
        (m.start(), cat)
        for cat, names in categories.items()
        for name in names
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)
    ]
    return min(found)[1] if found else None


# -- sequences -----------------------------------------------------------------------------------------------
def _sequences(item: Item, call: Call, where: Page) -> list[dict[str, Any]]:
    content = item.content or {}
    steps = {s["id"]: _names(s["label"], s["id"]) for s in content.get("steps", [])}
    stages = {s["id"]: _names(s["label"], s["id"]) for s in content.get("stages", [])}
    answers = []
    best: list[str] = []
    for text in (*where.segments, *where.cells):
        found = sorted((at, step) for step, names in steps.items() if (at := _find(text, names)) >= 0)
        if len(found) > len(best):
            best = [step for _, step in found]
    if len(best) >= 2:
        staged: dict[str, str] = {}
        for step in best:
            for segment in where.segments:
                if _find(segment, steps[step]) >= 0:
                    stage = _category_after(segment, 0, stages)
                    if stage:
                        staged[step] = stage
                        break
        answers.append({"order": best, "stages": staged})
    for practice in where.practice:
        same = {
            step["id"]: mine
            for mine in content.get("steps", [])
            for step in practice.get("steps", [])
            if _same(step, mine) and "position" in step
        }
        if len(same) >= 2:
            by_id = {s["id"]: s for s in practice["steps"]}
            order = sorted(same, key=lambda sid: by_id[sid]["position"])
            answers.append(
                {
                    "order": [same[sid]["id"] for sid in order],
                    "stages": {same[sid]["id"]: by_id[sid]["stage"] for sid in order if "stage" in by_id[sid]},
                }
            )
    return answers


# -- journeys ------------------------------------------------------------------------------------------------
def _journeys(item: Item, call: Call, where: Page) -> list[dict[str, Any]]:
    """Three copies: the practice journeys' ratings and ticks by touchpoint; the page's text; both together."""
    practice: dict[str, str] = {}
    practice_critical: list[str] = []
    text: dict[str, str] = {}
    quoted = [q for m in _QUOTED.finditer(where.prose) for q in [_norm(m.group(1) or m.group(2))] if len(q) >= 8]
    text_critical: list[str] = []
    rated = [(unit, [w for w in _RATING_WORDS if re.search(rf"\b{w}\b", unit.lower())]) for unit in where.units]
    rated = [(_words(unit), said[0]) for unit, said in rated if len(said) == 1]
    for tp in (item.content or {}).get("touchpoints", []):
        for journey in where.practice:
            same = [p for p in journey.get("touchpoints", []) if _same(p, tp)]
            if same and "rating" in same[0]:
                practice[tp["id"]] = same[0]["rating"]
                if same[0].get("critical"):
                    practice_critical.append(tp["id"])
                break
        evidence = _words(tp["evidence"])
        overlap = max(((len(evidence & words), rating) for words, rating in rated), default=(0, ""))
        if overlap[0] >= 2:
            text[tp["id"]] = overlap[1]
        if any(q in _norm(tp["evidence"]) for q in quoted):
            text_critical.append(tp["id"])
    both = {**practice, **text}
    return [
        {"ratings": practice, "critical": practice_critical, "notes": {}},
        {"ratings": text, "critical": text_critical, "notes": {}},
        {"ratings": both, "critical": list(dict.fromkeys(text_critical + practice_critical)), "notes": {}},
    ]


# -- numbers and tables --------------------------------------------------------------------------------------
def _numbers(segment: str, counts: bool = True) -> list[float]:
    """The numbers ``segment`` prints (a percentage also as a share); ``counts=False`` leaves out whole numbers
    below 10, which a page uses for steps, marks and formulas far more often than for a result."""
    out = []
    for whole, below, percent in _NUMBER.findall(segment):
        value = float(whole.replace(",", ""))
        if not counts and not below and not percent and "." not in whole and value < 10:
            continue
        if below:
            if float(below) == 0:
                continue
            value = float(Fraction(value).limit_denominator() / Fraction(float(below)).limit_denominator())
        out.append(value)
        if percent:
            out.append(value / 100)
    return out


def _topic(item: Item, call: Call) -> set[str]:
    """The words that say what the item asks for: its ``what`` and its answer's name."""
    words = re.findall(
        r"[a-z0-9]+(?:-[a-z0-9]+)?", f"{call.kwargs.get('what', '')} {item.answer_name or ''}".replace("_", " ").lower()
    )
    return {w for w in words if w not in _STOP and len(w) >= 3}


def _about(segment: str, topic: set[str]) -> bool:
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)?", segment.lower().replace("_", " ")))
    return bool(words & topic)


def _number_copies(item: Item, call: Call, where: Page) -> list[float]:
    topic = _topic(item, call)
    values = [v for segment in where.segments if _about(segment, topic) for v in _numbers(segment, counts=False)]
    return list(dict.fromkeys(values))


def _series_copies(item: Item, call: Call, where: Page) -> list[dict[Any, float]]:
    """From each cell (a table the page prints), a value for each group it names on a line with a number after."""
    groups = list(dict(call.key.items()) if hasattr(call.key, "items") else call.key)
    answers = []
    for cell in where.cells:
        found: dict[Any, tuple[int, float]] = {}
        for group in groups:
            names = _names(str(group))
            for index, line in enumerate(cell.splitlines()):
                at = _find(line, names)
                after = _numbers(_norm(line)[at + len(_norm(str(group))) :]) if at >= 0 else []
                if after:
                    found[group] = (index, after[0])
                    break
        if found:
            ordered = sorted(found, key=lambda g: found[g][0])
            answers += [{g: found[g][1] * scale for g in ordered} for scale in (1.0, 0.01)]
    return answers


# -- names and text ------------------------------------------------------------------------------------------
def _mentions(candidates: Sequence[str], where: Page) -> dict[str, int]:
    text = _norm(where.text())
    counts = {
        c: len(re.findall(rf"(?<!\w){re.escape(_norm(c))}(?!\w)", text)) for c in candidates if len(_norm(c)) >= 3
    }
    return {c: n for c, n in counts.items() if n}


def copies(item: Item, call: Call, candidates: Sequence[str] = ()) -> list[Any]:
    """The answers a learner gets by copying what ``item``'s page says (none when it says nothing of the item)."""
    where = page(item.assignment)
    check = call.check
    if check == "check_sorter":
        return [answer for answer in _sorting(item, call, where) if answer]
    if check == "check_sequence":
        return _sequences(item, call, where)
    if check == "check_journey":
        return [answer for answer in _journeys(item, call, where) if answer["ratings"] or answer["critical"]]
    if check in ("check_number", "check_method_step"):
        return _number_copies(item, call, where)
    if check == "check_series":
        return _series_copies(item, call, where)
    if check == "check_names":
        named = _mentions(candidates, where)
        return [list(named)] if named else []
    if check == "check_text":
        named = _mentions(candidates, where)
        return [max(named, key=lambda c: (named[c], -list(named).index(c)))] if named else []
    return []
