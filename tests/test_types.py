"""The package type-checks with mypy, as installed (the package-dir mapping resolved).

mypy cannot follow setuptools' package-dir mapping of an editable install, so the check runs on
a tree of links laid out as the wheel lays the package out (:func:`tests._modules.package_folders`).
The settings are ``[tool.mypy]`` of pyproject.toml.
"""

from __future__ import annotations

import os

from mypy import api

from tests._modules import REPO, package_folders


def link_farm(root):
    """``root/logiserve/...`` with every package folder's modules linked where the wheel puts them."""
    for package, folder in package_folders().items():
        target = root.joinpath(*package.split("."))
        target.mkdir(parents=True, exist_ok=True)
        for path in folder.glob("*.py"):
            os.symlink(path, target / path.name)
    return root


def test_the_link_farm_has_every_module(tmp_path):
    root = link_farm(tmp_path)
    assert (root / "logiserve" / "widgets" / "sorter.py").resolve() == REPO / "widgets" / "sorter.py"
    assert (root / "logiserve" / "course.py").is_file()


def test_mypy_finds_no_error(tmp_path, monkeypatch):
    root = link_farm(tmp_path / "tree")
    cache = tmp_path / "cache"
    monkeypatch.chdir(root)  # mypy finds the package from its working folder; pytest's is restored after
    out, err, status = api.run(
        ["--config-file", str(REPO / "pyproject.toml"), "--cache-dir", str(cache), "-p", "logiserve"]
    )
    assert status == 0, out + err
