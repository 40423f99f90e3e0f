"""Answer objects that lie, for checks to resist: they must gain nothing; and honest odd shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ReadOnlyAnswer(Mapping):
    """A Mapping that is not a dict: read through its items()."""

    def __init__(self, data):
        self._data = data

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


class AlwaysEqual:
    """Equal to everything."""

    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0


def lying_str(claims: str) -> type[str]:
    """A str subclass equal to everything, whose ``str()`` claims to be ``claims``."""

    class LyingStr(str):
        def __eq__(self, other):
            return True

        def __hash__(self):
            return 0

        def __str__(self):
            return claims

    return LyingStr


def lying_dict(claims: dict[str, Any]) -> type[dict]:
    """A dict subclass whose ``items``, ``get`` and ``[]`` report ``claims`` instead of what it holds."""

    class LyingDict(dict):
        def items(self):
            return list(claims.items())

        def get(self, key, default=None):
            return claims.get(key, default)

        def __getitem__(self, key):
            return claims[key]

    return LyingDict


class LyingFloat(float):
    """A float whose ``float()`` says 42 and which equals everything."""

    def __float__(self):
        return 42.0

    def __eq__(self, other):
        return True

    def __sub__(self, other):
        return 0.0

    __hash__ = float.__hash__
