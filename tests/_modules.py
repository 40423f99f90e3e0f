"""The package's modules and their source files, found from pyproject.toml's package-dir mapping.

``logiserve.widgets``, ``logiserve.autograder`` and ``logiserve.datasets`` live in top-level
folders of their own (``widgets/``, ...), so walking ``logiserve/`` alone misses them; the
mapping says where each package is.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Module:
    """One module of the package: its dotted name, its file and the package it belongs to."""

    name: str
    path: Path
    is_package: bool

    @property
    def package(self) -> str:
        """The package a relative import in this module starts from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


def package_folders() -> dict[str, Path]:
    """Each package named in ``[tool.setuptools] packages`` and its folder (through ``package-dir``)."""
    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    mapping = setuptools.get("package-dir", {})
    folders = {}
    for package in setuptools["packages"]:
        if package in mapping:
            folders[package] = REPO / mapping[package]
            continue
        parent = max((p for p in mapping if package.startswith(p + ".")), key=len, default=None)
        if parent is None:
            folders[package] = REPO / package.replace(".", "/")
        else:
            folders[package] = REPO / mapping[parent] / package.removeprefix(parent + ".").replace(".", "/")
    return folders


def modules() -> list[Module]:
    """Every module of the package (sub-packages found inside each listed package too)."""
    found: dict[str, Module] = {}
    for package, folder in package_folders().items():
        for path in sorted(folder.rglob("*.py")):
            relative = path.relative_to(folder).with_suffix("")
            parts = [p for p in relative.parts if p != "__init__"]
            name = ".".join([package, *parts])
            found.setdefault(name, Module(name, path, path.name == "__init__.py"))
    return sorted(found.values(), key=lambda m: m.name)
