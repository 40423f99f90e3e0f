"""Answers as plain data: the only form in which anything leaves a learner's kernel.

:func:`encode` (run in the learner's kernel) turns an answer into JSON-able data made of
``None``, ``bool``, ``int``, ``str``, ``list`` and ``dict`` only; :func:`decode` (run in the
grader) builds the answer again from such data: Python's own containers and scalars, pandas
Series and DataFrames, and a learner's chart as the description
:func:`~logiserve.autograder.checks.charts.chart_data` gives.  Nothing in the data can carry
code: it is JSON, every container is tagged with its kind, a pandas dtype is taken only from
:data:`DTYPES`, and :func:`decode` refuses data that is deeper, longer or bigger than the
limits below.  So the most a learner's kernel can do is hand over a different answer.

Values are read through the built-in types' own methods (``int.__index__``, ``str.__str__``,
``float.__float__``), never through methods a learner's class defines, so an object that lies
about itself is handed over as what it is underneath, or not at all.

>>> import pandas as pd
>>> data = encode(pd.Series([3, 1], index=["carrier", "labels"], name="complaints"))
>>> sorted(data)
['$', 'dtype', 'index', 'name', 'values']
>>> decode(data)
carrier    3
labels     1
Name: complaints, dtype: int64
>>> decode(encode({"a": (1, 2.5, None), 3: {"x"}}))
{'a': (1, 2.5, None), 3: {'x'}}
>>> try:
...     encode(lambda: 1)
... except NotPlainData as problem:
...     print(problem)
it is a function; an answer must be plain data (numbers, text, lists, dicts, a pandas Series or DataFrame, a chart)
"""

from __future__ import annotations

import json
import math
from typing import Any

from logiserve.errors import LogiserveError

__all__ = ["DTYPES", "LIMITS", "NotPlainData", "decode", "encode", "encoded_size"]

DTYPES = frozenset(
    {
        "bool",
        "boolean",
        "category",
        "datetime64[ns]",
        "float32",
        "float64",
        "Float64",
        "int8",
        "int16",
        "int32",
        "int64",
        "Int64",
        "object",
        "string",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
    }
)
"""The pandas dtypes a handed-over table may ask for; any other becomes ``object``."""

LIMITS = {"depth": 12, "items": 200_000, "text": 100_000, "digits": 400, "bytes": 8_000_000}
"""Bounds on one handed-over answer: nesting depth, values in all, characters of one text,
digits of one integer, and the size of its JSON (bytes)."""


class NotPlainData(LogiserveError, ValueError):
    """A value that cannot be handed over as plain data; the message says what it is."""


# -- the kernel's side --------------------------------------------------------------------------------------
def encode(value: Any) -> Any:
    """``value`` as plain JSON-able data; :class:`NotPlainData` (saying why) when it cannot be."""
    budget = [LIMITS["items"]]
    data = _encode(value, 0, budget)
    if encoded_size(data) > LIMITS["bytes"]:
        raise NotPlainData(f"it is too large to hand over (more than {LIMITS['bytes'] // 1_000_000} MB as data)")
    return data


def encoded_size(data: Any) -> int:
    """The size in bytes of ``data`` as JSON."""
    return len(json.dumps(data, separators=(",", ":"), allow_nan=False))


def _spend(budget: list[int], count: int = 1) -> None:
    budget[0] -= count
    if budget[0] < 0:
        raise NotPlainData(f"it holds more than {LIMITS['items']:,} values, too many to hand over")


def _encode(value: Any, depth: int, budget: list[int]) -> Any:
    if depth > LIMITS["depth"]:
        raise NotPlainData(f"it is nested more than {LIMITS['depth']} levels deep")
    _spend(budget)
    scalar = _scalar(value)
    if scalar is not _NOT_SCALAR:
        return scalar
    module = type(value).__module__ or ""
    if module.startswith("pandas"):
        return _pandas(value, depth, budget)
    if module.startswith("matplotlib"):
        return _chart(value)
    if module == "numpy" and hasattr(value, "tolist") and getattr(value, "ndim", 0) >= 1:
        return {"$": "list", "items": [_encode(item, depth + 1, budget) for item in value.tolist()]}
    if isinstance(value, dict):
        pairs = list(dict.items(value))
        return {
            "$": "dict",
            "items": [[_encode(k, depth + 1, budget), _encode(v, depth + 1, budget)] for k, v in pairs],
        }
    for kind, base in (("list", list), ("tuple", tuple), ("set", set), ("frozenset", frozenset)):
        if isinstance(value, base):
            items = list(base.__iter__(value))  # type: ignore[arg-type]  # the base type's own iterator
            return {"$": kind, "items": [_encode(item, depth + 1, budget) for item in items]}
    raise NotPlainData(
        f"it is {_a(value)}; an answer must be plain data (numbers, text, lists, dicts, "
        "a pandas Series or DataFrame, a chart)"
    )


_NOT_SCALAR = object()


def _scalar(value: Any) -> Any:
    """A JSON scalar for ``value`` (through the built-in types), or ``_NOT_SCALAR``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return bool(int.__index__(value))
    if isinstance(value, int):
        number = int.__index__(value)
        if len(str(abs(number))) > LIMITS["digits"]:
            raise NotPlainData(f"it is a whole number of more than {LIMITS['digits']} digits")
        return number
    if isinstance(value, float):
        return _float(float.__float__(value))
    if isinstance(value, str):
        text = str.__str__(value)
        if len(text) > LIMITS["text"]:
            raise NotPlainData(f"it holds a text of more than {LIMITS['text']:,} characters")
        return text
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        item = value.item()
        if isinstance(item, bool | int | float | str) or item is None:
            return _scalar(item)
        return {"$": "text", "value": str(item)}  # a numpy datetime or the like, read as its text
    if type(value).__name__ in ("Timestamp", "Timedelta") and type(value).__module__.startswith("pandas"):
        return {"$": type(value).__name__.lower(), "value": value.isoformat()}
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return _NOT_SCALAR


def _float(number: float) -> Any:
    if math.isnan(number):
        return {"$": "float", "value": "nan"}
    if math.isinf(number):
        return {"$": "float", "value": "inf" if number > 0 else "-inf"}
    return number


def _column(values: list[Any], depth: int, budget: list[int]) -> list[Any]:
    _spend(budget, len(values))
    return [_encode(v, depth + 1, budget) for v in values]


def _index(index: Any, depth: int, budget: list[int]) -> dict[str, Any]:
    import pandas as pd

    names = [None if n is None else str(n) for n in index.names]
    if isinstance(index, pd.MultiIndex):
        rows = [list(t) for t in index.tolist()]
        _spend(budget, len(rows))
        values = [[_encode(v, depth + 2, budget) for v in row] for row in rows]
        return {"names": names, "multi": True, "values": values}
    return {"names": names, "multi": False, "values": _column(index.tolist(), depth, budget), "dtype": str(index.dtype)}


def _pandas(value: Any, depth: int, budget: list[int]) -> dict[str, Any]:
    import pandas as pd

    if isinstance(value, pd.Series):
        return {
            "$": "series",
            "name": _scalar_or_text(value.name),
            "index": _index(value.index, depth, budget),
            "values": _column(pd.Series.tolist(value), depth, budget),
            "dtype": str(value.dtype),
        }
    if isinstance(value, pd.DataFrame):
        columns = [_scalar_or_text(c) for c in value.columns]
        return {
            "$": "frame",
            "columns": columns,
            "index": _index(value.index, depth, budget),
            "data": [_column(value.iloc[:, i].tolist(), depth, budget) for i in range(value.shape[1])],
            "dtypes": [str(t) for t in value.dtypes],
        }
    if isinstance(value, pd.Index):
        return {"$": "list", "items": _column(value.tolist(), depth, budget)}
    raise NotPlainData(f"it is {_a(value)}; hand over a pandas Series or DataFrame")


def _scalar_or_text(value: Any) -> Any:
    scalar = _scalar(value)
    return str(value) if scalar is _NOT_SCALAR or isinstance(scalar, dict) else scalar


def _chart(value: Any) -> dict[str, Any]:
    from logiserve._plain import NotPlain

    from ..checks.charts import chart_data

    try:
        return {"$": "chart", "data": chart_data(value)}
    except NotPlain as problem:
        raise NotPlainData(str(problem)) from None


def _a(value: Any) -> str:
    name = type(value).__name__
    kinds = {"function": "a function", "module": "a module", "generator": "a generator", "type": "a class"}
    if name in kinds:
        return kinds[name]
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


# -- the grader's side --------------------------------------------------------------------------------------
def decode(data: Any) -> Any:
    """The answer ``data`` describes; :class:`NotPlainData` when it is not data :func:`encode` makes."""
    if encoded_size(data) > LIMITS["bytes"]:
        raise NotPlainData("the handed-over answer is too large")
    return _decode(data, 0, [LIMITS["items"]])


def _decode(data: Any, depth: int, budget: list[int]) -> Any:
    if depth > LIMITS["depth"]:
        raise NotPlainData("the handed-over answer is nested too deeply")
    _spend(budget)
    if data is None or type(data) in (bool, int, str):
        return data
    if type(data) is float:
        return data
    if type(data) is not dict or type(data.get("$")) is not str:
        raise NotPlainData("the handed-over answer is not in the marker's format")
    kind = data["$"]
    if kind in _CONTAINERS:
        items = _items(data)
        if kind == "dict":
            return _pairs(items, depth, budget)
        decoded = [_decode(item, depth + 1, budget) for item in items]
        return _CONTAINERS[kind](decoded)
    if kind == "float" and data.get("value") in ("nan", "inf", "-inf"):
        return float(data["value"])
    if kind in ("timestamp", "timedelta", "text") and type(data.get("value")) is str:
        return _timelike(kind, data["value"])
    if kind == "series":
        return _series(data, depth, budget)
    if kind == "frame":
        return _frame(data, depth, budget)
    if kind == "chart":
        return _chart_back(data)
    raise NotPlainData(f"the handed-over answer has an unknown part ({kind[:40]!r})")


_CONTAINERS: dict[str, Any] = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset, "dict": dict}


def _items(data: dict[str, Any]) -> list[Any]:
    items = data.get("items")
    if type(items) is not list:
        raise NotPlainData("the handed-over answer is not in the marker's format")
    return items


def _pairs(items: list[Any], depth: int, budget: list[int]) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for pair in items:
        if type(pair) is not list or len(pair) != 2:
            raise NotPlainData("the handed-over answer is not in the marker's format")
        key = _decode(pair[0], depth + 1, budget)
        try:
            out[key] = _decode(pair[1], depth + 1, budget)
        except TypeError:  # an unhashable key (a list) cannot be a dict key
            raise NotPlainData("the handed-over answer has a dict key that is a list") from None
    return out


def _timelike(kind: str, text: str) -> Any:
    import pandas as pd

    if kind == "text":
        return text
    try:
        return pd.Timestamp(text) if kind == "timestamp" else pd.Timedelta(text)
    except ValueError:
        raise NotPlainData(f"the handed-over answer has a {kind} that cannot be read") from None


def _column_back(values: Any, depth: int, budget: list[int]) -> list[Any]:
    if type(values) is not list:
        raise NotPlainData("the handed-over table is not in the marker's format")
    return [_decode(v, depth + 1, budget) for v in values]


def _dtype(name: Any) -> str:
    return name if type(name) is str and name in DTYPES else "object"


def _index_back(data: Any, length: int, depth: int, budget: list[int]) -> Any:
    import pandas as pd

    if type(data) is not dict or type(data.get("names")) is not list:
        raise NotPlainData("the handed-over table has no index in the marker's format")
    names = [n if n is None or type(n) is str else str(n) for n in data["names"]]
    if data.get("multi") is True:
        rows = data.get("values")
        if type(rows) is not list or any(type(r) is not list or len(r) != len(names) for r in rows):
            raise NotPlainData("the handed-over table's index is not in the marker's format")
        tuples = [tuple(_decode(v, depth + 2, budget) for v in row) for row in rows]
        index = (
            pd.MultiIndex.from_tuples(tuples, names=names)
            if tuples
            else pd.MultiIndex.from_arrays([[]] * len(names), names=names)
        )
    else:
        values = _column_back(data.get("values"), depth, budget)
        index = pd.Index(values, name=names[0] if names else None)
        index = _as_dtype(index, data.get("dtype"))
    if len(index) != length:
        raise NotPlainData("the handed-over table's index and values differ in length")
    return index


def _as_dtype(values: Any, dtype: Any) -> Any:
    wanted = _dtype(dtype)
    if wanted == "object" or str(values.dtype) == wanted:
        return values
    try:
        return values.astype(wanted)
    except (TypeError, ValueError):
        return values


def _series(data: dict[str, Any], depth: int, budget: list[int]) -> Any:
    import pandas as pd

    values = _column_back(data.get("values"), depth, budget)
    index = _index_back(data.get("index"), len(values), depth, budget)
    name = data.get("name")
    if name is not None and type(name) not in (bool, int, float, str):
        raise NotPlainData("the handed-over Series has a name that is not plain")
    series = pd.Series(values, index=index, name=name, dtype=None if values else _dtype(data.get("dtype")))
    return _as_dtype(series, data.get("dtype"))


def _frame(data: dict[str, Any], depth: int, budget: list[int]) -> Any:
    import pandas as pd

    columns, columns_data, dtypes = data.get("columns"), data.get("data"), data.get("dtypes")
    if type(columns) is not list or type(columns_data) is not list or type(dtypes) is not list:
        raise NotPlainData("the handed-over DataFrame is not in the marker's format")
    if not (len(columns) == len(columns_data) == len(dtypes)):
        raise NotPlainData("the handed-over DataFrame's columns do not match")
    if any(c is not None and type(c) not in (bool, int, float, str) for c in columns):
        raise NotPlainData("the handed-over DataFrame has a column name that is not plain")
    decoded = [_column_back(col, depth, budget) for col in columns_data]
    length = len(decoded[0]) if decoded else len(_index_values(data.get("index")))
    if any(len(col) != length for col in decoded):
        raise NotPlainData("the handed-over DataFrame's columns differ in length")
    index = _index_back(data.get("index"), length, depth, budget)
    series = [
        _as_dtype(pd.Series(col, index=index, dtype=None if col else "object"), t)
        for col, t in zip(decoded, dtypes, strict=True)
    ]
    frame = pd.concat(series, axis=1, keys=range(len(series))) if series else pd.DataFrame(index=index)
    frame.columns = pd.Index(columns) if columns else frame.columns
    return frame


def _index_values(data: Any) -> list[Any]:
    values = data.get("values") if type(data) is dict else None
    return values if type(values) is list else []


def _chart_back(data: dict[str, Any]) -> Any:
    chart = data.get("data")
    if type(chart) is not dict:
        raise NotPlainData("the handed-over chart is not in the marker's format")
    return chart
