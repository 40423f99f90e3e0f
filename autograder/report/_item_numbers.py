"""Section 8 of the report, item analysis: each assignment's items, reliability, variants and dubious items.

Read from what :mod:`.numbers` has gathered (the learners' results and the grade cells), the
source notebooks' hidden tests (the keys, through :mod:`._parts`) and the graded submissions'
``answers.json``; the statistics are :mod:`.items`'s.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from logiserve.course import Course

from . import _parts
from .model import GRADED, DubiousItem, ItemStats, LearnerResult, ReliabilityStats, VariantFacility, cell_label

if TYPE_CHECKING:
    from .numbers import _Tally

__all__ = ["item_analysis"]


def item_analysis(
    course: Course, names: list[str], tally: _Tally, results: list[LearnerResult], page: Path | None
) -> dict[str, tuple[Any, ...]]:
    """Section 8 for every assignment: its items, its reliability, its variants and its dubious items.

    Over the graded submissions (each learner's graded one; learners with none are left out), the
    autograded cells are the items of the assignment's test (its total is their sum); a widget
    cell's parts and the method steps are items as well, each correlated with the rest of the
    assignment less its whole cell.
    """
    from .items import distractor_reasons, dubious_reasons, fifths, item_figures, reliability

    items, reliabilities, variants, dubious = [], [], [], []
    for name in names:
        cells = [(nb, cell) for (a, nb, cell) in tally.declared if a == name]
        learners = sorted({s for (s, a, _, _) in tally.scored if a == name})
        if not cells:
            continue
        table = pd.DataFrame(
            {f"{nb}/{cell}": [tally.scored[(s, name, nb, cell)][0] for s in learners] for nb, cell in cells},
            index=learners,
            dtype=float,
        )
        points = {
            f"{nb}/{cell}": next(
                (p for (_, a, n, c), (_, p) in tally.scored.items() if (a, n, c) == (name, nb, cell)), 1.0
            )
            for nb, cell in cells
        }
        totals = table.sum(axis=1)
        fifth = fifths(totals) if learners else pd.Series(dtype=int)
        reliabilities.append(ReliabilityStats(name, reliability(table)))
        widgets = _parts.widget_cells(course, name, learners) if learners else {}
        steps = _parts.method_steps(course, name)
        notebook_link = {nb: _where(course, name, f"{nb}.ipynb", page) for nb, _ in cells}
        content_link = _where(course, name, "exercises.yaml", page)
        for nb, cell in cells:
            key, info = f"{nb}/{cell}", tally.declared[(name, nb, cell)]
            label = cell_label(name, cell, info.exercise)
            if info.exercise != cell:
                where, link = f"{content_link[0]} · {info.exercise}", content_link[1]
            else:
                where, link = f"{notebook_link[nb][0]} · cell {cell}", notebook_link[nb][1]
            step = steps.get((nb, cell))
            kind, group = ("method step", f"Calculation: {step}") if step is not None else ("grade cell", "Grade cells")
            if not learners:
                continue
            figures = item_figures(table[key], totals, points[key], fifth=fifth)
            items.append(ItemStats(name, key, label, kind, group, figures, where, link))
            if reasons := dubious_reasons(figures):
                dubious.append(DubiousItem(name, key, label, kind, tuple(reasons), where, link))
            parts = widgets.get((nb, cell))
            if parts is None:
                continue
            rest = totals - table[key]
            part_kind = _parts.KIND_NAMES[parts.kind]
            for part in parts.marks.columns:
                part_key, part_label = f"{key}/{part}", parts.labels.get(part, part)
                part_figures = item_figures(parts.marks[part], totals, 1.0, rest=rest, fifth=fifth)
                items.append(
                    ItemStats(
                        name,
                        part_key,
                        part_label,
                        part_kind,
                        f"{info.exercise} ({part_kind}s)",
                        part_figures,
                        where,
                        link,
                    )
                )
                reasons = dubious_reasons(part_figures)
                if part in parts.choices.columns:
                    reasons += distractor_reasons(
                        parts.choices[part], parts.right[part], parts.options[part], fifth, labels=parts.option_labels
                    )
                if reasons:
                    dubious.append(
                        DubiousItem(name, part_key, f"{label}: {part_label}", part_kind, tuple(reasons), where, link)
                    )
        variants += _variant_facilities(name, cells, table, points, tally, results)
    return {
        "items": tuple(items),
        "reliability": tuple(reliabilities),
        "variant_items": tuple(variants),
        "dubious": tuple(dubious),
    }


def _variant_facilities(
    name: str,
    cells: list[tuple[str, str]],
    table: pd.DataFrame,
    points: dict[str, float],
    tally: _Tally,
    results: list[LearnerResult],
) -> list[VariantFacility]:
    """Each grade cell's facility per variant of ``name`` (when learners have their own numbers)."""
    from .items import MIN_LEARNERS, facility, too_few

    code = {r.student: r.variant for r in results if r.assignment == name and r.status == GRADED and r.variant}
    if not code:
        return []
    out = []
    groups = {variant: [s for s in table.index if code.get(s) == variant] for variant in sorted(set(code.values()))}
    least = MIN_LEARNERS["facility"]
    for nb, cell in cells:
        key = f"{nb}/{cell}"
        label = cell_label(name, cell, tally.declared[(name, nb, cell)].exercise)
        large = {variant: learners for variant, learners in groups.items() if len(learners) >= least}
        for variant, learners in large.items():
            out.append(
                VariantFacility(
                    name, key, label, variant, len(learners), facility(table.loc[learners, key].tolist(), points[key])
                )
            )
        small = [learners for variant, learners in groups.items() if variant not in large]
        if small:
            most = max(map(len, small))
            out.append(
                VariantFacility(
                    name,
                    key,
                    label,
                    f"each of {len(small)} other variants" if large else f"each of {len(small)} variants",
                    most,
                    None,
                    f"{too_few(most)} per variant at most: too few to compare",
                )
            )
    return out


def _where(course: Course, assignment: str, file: str, page: Path | None) -> tuple[str, str]:
    """A source file as the page names it (``source/<assignment>/<file>``) and its link relative to the page."""
    path = course.source(assignment) / file
    shown = f"{course.source_dir.name}/{assignment}/{file}"
    if page is None:
        return shown, path.as_uri() if path.is_absolute() else str(path)
    return shown, Path(os.path.relpath(path.resolve(), page.resolve().parent)).as_posix()
