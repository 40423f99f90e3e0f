"""The installed package (learners' kernels import it) carries no graded answer key."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ASSIGNMENTS, REPO
from .test_release import REGIONS, secret_lines

pytestmark = pytest.mark.pipeline

KEY_ENTRY = re.compile(r"""^["'][^"']+["']:\s*(["'][^"']*["']|-?\d+(\.\d+)?),?$""")
PACKAGE_FILES = ("pyproject.toml", "README.md", "logiserve", "widgets", "autograder", "datasets")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from the project, as a college would install it on its hub."""
    tree, out = tmp_path_factory.mktemp("project"), tmp_path_factory.mktemp("wheel")
    for name in PACKAGE_FILES:  # a copy, so building writes nothing into the working tree
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, tree / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "--no-build-isolation", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("logiserve-*.whl")
    return built


def test_the_wheel_holds_the_package_and_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for expected in (
        "logiserve/cli.py",
        "logiserve/autograder/checks/__init__.py",
        "logiserve/widgets/sorter.js",
        "logiserve/content/schemas/sorter.schema.json",
        "logiserve/exchange/__init__.py",
        "logiserve/exchange/collect.py",
    ):
        assert expected in names
    assert any(name.startswith("logiserve/datasets/data/") for name in names)
    assert not [name for name in names if name.endswith(".ipynb") or "course/" in name or "answers" in name]


def test_the_course_config_s_collect_imports_from_the_installed_wheel(wheel, tmp_path):
    """``c.ExchangeFactory.collect = "logiserve.exchange.GuardedCollect"`` resolves in the installed package."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from traitlets.config import Config\n"
        "from nbgrader.exchange import ExchangeFactory\n"
        "config = Config(); config.ExchangeFactory.collect = 'logiserve.exchange.GuardedCollect'\n"
        "cls = ExchangeFactory(config=config).collect\n"
        "print(cls.__module__, sys.modules[cls.__module__].__file__)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, str(target)], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    module, path = run.stdout.split()
    assert module == "logiserve.exchange.collect"
    assert Path(path) == target / "logiserve" / "exchange" / "collect.py"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_graded_key_is_in_the_wheel(wheel, assignment):
    # The package's own code shares idioms with hidden tests ("check_names(", "points=2,"), so
    # the scan looks for the keys themselves: the entries of the answer mappings in hidden tests
    # and widget solutions ("merchandiser": "internal", a scenario response's score).
    secrets = {line for line in secret_lines(assignment) if KEY_ENTRY.match(line)}
    with zipfile.ZipFile(wheel) as archive:
        texts = {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}
    leaks = sorted((name, line) for name, text in texts.items() for line in secrets if line in text)
    assert leaks == []


def test_key_entries_are_what_the_scan_looks_for():
    entries = {line for assignment in ASSIGNMENTS for line in secret_lines(assignment) if KEY_ENTRY.match(line)}
    assert len(entries) >= 20, "the scan needs the source's key entries to find"
    secrets = secret_lines("01_customers")
    assert '"merchandiser": "internal",' in {line for line in secrets if KEY_ENTRY.match(line)}
    assert not KEY_ENTRY.match("check_names(") and not KEY_ENTRY.match('"picking",')


def secret_orders(assignment: str) -> set[tuple[str, ...]]:
    """Orders of three or more ids in hidden tests and widget solutions: a sequencer's key is an order."""
    import nbformat

    orders = set()
    for path in (REPO / "course" / "source" / assignment).glob("*.ipynb"):
        for cell in nbformat.read(path, 4).cells:
            for match in REGIONS.finditer(cell.source):
                for line in match.group(2).splitlines():
                    for literal in re.findall(r"\[[^\[\]]*\]|\([^()]*\)", line):
                        try:
                            value = ast.literal_eval(literal)
                        except (ValueError, SyntaxError):
                            continue
                        if (
                            isinstance(value, list | tuple)
                            and len(value) >= 3
                            and all(isinstance(v, str) for v in value)
                        ):
                            orders.add(tuple(value))
            if cell.cell_type == "code" and "BEGIN" in cell.source:
                for node in ast.walk(ast.parse(_python_only(cell.source))):
                    if isinstance(node, ast.List | ast.Tuple) and len(node.elts) >= 3:
                        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                        if len(items) == len(node.elts) and _secret(cell.source, node):
                            orders.add(tuple(items))
    return orders


def _python_only(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _secret(source: str, node: ast.AST) -> bool:
    """Whether the literal lies inside a hidden-test or widget-solution region of the cell."""
    lines = source.splitlines()
    begin = max((i for i, line in enumerate(lines[: node.lineno]) if "### BEGIN" in line), default=-1)
    end = max((i for i, line in enumerate(lines[: node.lineno]) if "### END" in line), default=-1)
    return begin > end and "SOLUTION ###" not in lines[begin] and "BEGIN SOLUTION" not in lines[begin]


def _in_order(items: tuple[str, ...]) -> re.Pattern[str]:
    """The ids one after another as a list literal, a dict's keys or a YAML block list would write them."""
    gap = r"""["']?(?:\s*:\s*["'][^"'\n]*["'])?\s*,?\s*(?:-\s*)?["']?"""
    return re.compile(gap.join(re.escape(item) for item in items))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_graded_order_is_in_the_wheel(wheel, assignment):
    orders = secret_orders(assignment)
    with zipfile.ZipFile(wheel) as archive:
        texts = {name: archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()}
    leaks = sorted((name, order) for order in orders for name, text in texts.items() if _in_order(order).search(text))
    assert leaks == []


def test_graded_orders_are_what_the_order_scan_looks_for():
    orders = {order for assignment in ASSIGNMENTS for order in secret_orders(assignment)}
    assert orders, "the scan needs the source's graded orders to find"
    some = next(iter(orders))
    assert _in_order(some).search(repr(list(some)))
    assert _in_order(some).search("\n".join(f"- {item}" for item in some))
    assert _in_order(some).search(repr({item: item.title() for item in some}))
    assert not _in_order(some).search(repr(list(reversed(some))))
