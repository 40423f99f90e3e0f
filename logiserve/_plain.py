"""Turn a learner's answer into plain built-in values before any comparison.

A learner's object may define ``__eq__``, ``__float__``, ``__str__`` or ``__hash__``
to lie.  Checks only ever compare the plain values made here, read through the
built-in types' own methods, never through methods the object defines.  The checks
(``logiserve.autograder``) and the exercise kinds' marking rules (``logiserve.content``)
both use them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "NotPlain",
    "describe",
    "listing",
    "plain_mapping_of_str",
    "plain_number",
    "plain_str",
    "plain_str_list",
]


class NotPlain(ValueError):
    """The answer is not of the kind asked for; the message says what was expected."""


def describe(value: Any) -> str:
    """A short, safe description of a value's type for messages."""
    return type(value).__name__


def listing(names: list[str], limit: int = 8) -> str:
    """Names for a message, at most ``limit`` of them: ``"a, b and 3 more"``."""
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def plain_str(value: Any) -> str:
    """A plain ``str`` from a ``str`` (or a subclass, read through ``str`` itself)."""
    if isinstance(value, str):
        return str.__str__(value)
    raise NotPlain(f"expected text, found {describe(value)}")


def plain_number(value: Any) -> float:
    """A finite plain ``float`` from an int, a float or a numpy number; never a bool or text."""
    if isinstance(value, bool):
        raise NotPlain("expected a number, found True/False")
    if isinstance(value, float):
        number = float.__float__(value)
    elif isinstance(value, int):
        number = float(int.__index__(value))
    elif type(value).__module__ == "numpy" and hasattr(value, "dtype") and getattr(value, "ndim", None) == 0:
        item = value.item()
        if isinstance(item, bool) or not isinstance(item, int | float):
            raise NotPlain(f"expected a number, found {describe(value)}")
        number = float(item)
    elif isinstance(value, str):
        raise NotPlain(f"expected a number, found the text {value[:30]!r} (remove the quotes)")
    else:
        raise NotPlain(f"expected a number, found {describe(value)}")
    if math.isnan(number) or math.isinf(number):
        raise NotPlain("expected a number, found NaN or infinity")
    return number


def plain_mapping_of_str(value: Any) -> dict[str, str]:
    """A plain ``{str: str}`` dict from a mapping; entries that are not text are dropped."""
    if not isinstance(value, Mapping):
        raise NotPlain(f"expected a mapping such as a dict, found {describe(value)}")
    pairs = dict.items(value) if isinstance(value, dict) else list(value.items())
    out: dict[str, str] = {}
    for key, val in pairs:
        if isinstance(key, str) and isinstance(val, str):
            out[plain_str(key)] = plain_str(val)
    return out


def plain_str_list(value: Any) -> list[str]:
    """A list of plain ``str`` from a list, tuple, set, pandas Series/Index or one-column DataFrame."""
    if isinstance(value, (str | bytes, Mapping)):
        raise NotPlain(f"expected a list of names, found {describe(value)}")
    if type(value).__module__.startswith("pandas"):
        value = _pandas_values(value)
    if not isinstance(value, Iterable):
        raise NotPlain(f"expected a list of names, found {describe(value)}")
    if isinstance(value, list | tuple | set | frozenset):
        items = list(value)
    else:
        items = []
        for index, item in enumerate(value):
            if index > 10_000:
                raise NotPlain("expected a list of names, found more than 10,000 entries")
            items.append(item)
    return [plain_str(item) for item in items]


def _pandas_values(value: Any) -> list[Any]:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        if "name" in value.columns:
            return value["name"].tolist()
        if value.shape[1] == 1:
            return value.iloc[:, 0].tolist()
        raise NotPlain("expected the names: a DataFrame needs a 'name' column")
    if isinstance(value, pd.Series | pd.Index):
        return value.tolist()
    raise NotPlain(f"expected a list of names, found {describe(value)}")
