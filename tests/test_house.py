"""The house: which part of the package may import which.

The core (``logiserve/``: formulas, KPIs, the course, content rules, answers, variants, syllabus)
imports none of the parts built on it; ``widgets/``, ``autograder/`` and ``datasets/`` import the
core and themselves only; only the command line and the demo, at the top, import everything.
Imports inside functions count too.  The package-dir mapping of pyproject.toml says which folder
each ``logiserve.*`` package lives in (:mod:`tests._modules`).
"""

from __future__ import annotations

import ast
from collections import defaultdict

import pytest

from tests._modules import Module, modules

TOP = {"logiserve.cli", "logiserve.demo", "logiserve.__main__"}
PARTS = ("logiserve.widgets", "logiserve.autograder", "logiserve.datasets")


def part(name: str) -> str:
    """The part of the house a module belongs to: ``top``, ``core`` or one of :data:`PARTS`."""
    if name in TOP:
        return "top"
    return next((p for p in PARTS if name == p or name.startswith(p + ".")), "core")


def imported(module: Module) -> set[str]:
    """The ``logiserve`` modules (or packages) ``module`` imports, relative imports resolved."""
    tree = ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.add(target)
            names |= {f"{target}.{alias.name}" for alias in node.names}
    known = {m.name for m in modules()}
    return {n for n in names if n in known and n != module.name}


def arrows() -> dict[tuple[str, str], list[str]]:
    """(importing part, imported part) -> the imports that draw that arrow."""
    drawn = defaultdict(list)
    for module in modules():
        here = part(module.name)
        for target in imported(module):
            there = part(target)
            if there != here:
                drawn[here, there].append(f"{module.name} imports {target}")
    return drawn


ALLOWED = {(p, "core") for p in PARTS} | {("top", other) for other in ("core", *PARTS)}


def test_the_walk_finds_every_part_and_its_arrows():
    """The walk itself can see: every part has modules, and the known arrows are found."""
    found = {part(m.name) for m in modules()}
    assert found == {"top", "core", *PARTS}
    drawn = arrows()
    assert ("top", "logiserve.autograder") in drawn and ("logiserve.widgets", "core") in drawn
    assert any("logiserve.cli imports logiserve.course" in line for line in drawn["top", "core"])


def test_no_two_parts_import_each_other_both_ways():
    drawn = arrows()
    both_ways = sorted({tuple(sorted(pair)) for pair in drawn if pair[::-1] in drawn})
    assert not both_ways, "\n".join(line for a, b in both_ways for line in drawn[a, b] + drawn[b, a])


@pytest.mark.parametrize("pair", sorted({(a, b) for a in ("core", *PARTS) for b in ("top", "core", *PARTS) if a != b}))
def test_arrows_point_one_way(pair):
    """Each part imports only the core; the core imports nothing built on it; only the top imports everything."""
    drawn = arrows().get(pair, [])
    if pair in ALLOWED:
        return
    assert not drawn, f"{pair[0]} must not import {pair[1]}:\n" + "\n".join(drawn)


# -- room sizes -----------------------------------------------------------------------------------------------
MODULE_LINES, FUNCTION_LINES = 500, 80
LARGE_MODULES = {
    # each is one chapter of the domain core, written as a textbook: most of its lines are numpydoc docstrings
    # with units, equations and worked examples that run as doctests; the README's layout section says so
    "logiserve.inventory": "EOQ, costs, z, safety stock, reorder point, ABC",
    "logiserve.kpis": "OTIF, accuracy, fill rate, cycle time, complaint resolution",
    "logiserve.variants": "each learner's numbers: parameters, who the learner is, the table",
}


def function_lengths(module: Module):
    """(function name, lines of code after its docstring) for every function in ``module``."""
    for node in ast.walk(ast.parse(module.path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            documented = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant)
            start = body[1].lineno if documented and len(body) > 1 else body[0].lineno
            yield node.name, node.end_lineno - start + 1


def test_no_function_is_over_80_lines():
    long = [
        f"{m.name}.{name}: {length} lines"
        for m in modules()
        for name, length in function_lengths(m)
        if length > FUNCTION_LINES
    ]
    assert not long, "\n".join(long)


def test_no_module_is_over_500_lines_unless_the_readme_says_why():
    from tests._modules import REPO

    sizes = {m.name: len(m.path.read_text(encoding="utf-8").splitlines()) for m in modules()}
    large = sorted(name for name, lines in sizes.items() if lines > MODULE_LINES)
    assert set(large) <= set(LARGE_MODULES), f"over {MODULE_LINES} lines: {set(large) - set(LARGE_MODULES)}"
    layout = (REPO / "README.md").read_text(encoding="utf-8").split("## Layout", 1)[1].split("\n## ", 1)[0]
    for name in LARGE_MODULES:
        assert name.rpartition(".")[2] + ".py" in layout and "textbook" in layout, f"README: why {name} is long"
