"""What the domain core's table measures share: reading ``by``, and checking a table in a learner's words.

:mod:`logiserve.kpis` (order lines), :mod:`logiserve.complaints` (a complaints log) and
:mod:`logiserve.journey` (journey feedback) each check the table they are given before they
measure it, and say what is wrong in a ``ValueError`` that names the bad row the way the learner
knows it: ``order SO-10001``, ``complaint K0042``, ``customer C004`` (or ``row 7`` when the table
has no such column).  A :class:`Rows` holds how one kind of table names its rows; the checks all
three make are its methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Rows", "by_columns", "grouping", "shown"]


def by_columns(by: Any, measure: str) -> list[str]:
    """``by`` as a list of column names (empty for ``None``)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and len(by) > 0 and all(isinstance(column, str) for column in by):
        return list(dict.fromkeys(by))
    raise ValueError(f"{measure}(): by must be a column name or a list of column names, not {by!r}")


def grouping(frame: pd.DataFrame, keys: list[str]) -> pd.Series | list[pd.Series]:
    """What to pass to ``groupby``: one Series for one ``by`` column, a list for several."""
    return frame[keys[0]] if len(keys) == 1 else [frame[key] for key in keys]


def shown(value: Any) -> str:
    """``repr`` of a value for a message, without numpy's wrapper (``4.5``, not ``np.float64(4.5)``)."""
    return repr(value.item() if isinstance(value, np.generic) else value)


@dataclass(frozen=True)
class Rows:
    """How the messages about one kind of table name its rows.

    For order lines: ``Rows("order_id", "order", "order line", "line", "line(s)", "lines")``.
    """

    id_column: str
    """The column that says whose row it is, e.g. ``"order_id"``."""
    label: str
    """What a value of that column is, e.g. ``"order"`` (a message says ``order SO-10001``)."""
    least: str
    """What the table needs at least one of, e.g. ``"order line"``."""
    row: str
    """One row, e.g. ``"line"`` ("a value on every line")."""
    count: str
    """Rows counted, e.g. ``"line(s)"`` ("on 3 line(s)")."""
    drop: str
    """Rows to drop, e.g. ``"lines"`` ("drop those lines first")."""

    def first(self, frame: pd.DataFrame, problem: pd.Series) -> str:
        """Where the first row flagged in ``problem`` is, for a message: its ``id_column`` value (or row)."""
        row = problem[problem].index[0]
        name = frame.at[row, self.id_column] if self.id_column in frame.columns else None
        if name is None or pd.isna(name):
            return f"row {row!r}"
        return f"{self.label} {name}"

    def check_columns(self, table: pd.DataFrame, measure: str, needed: Sequence[str], keys: Sequence[str]) -> None:
        """The table has the ``needed`` and ``by`` columns, and at least one row."""
        missing = [column for column in dict.fromkeys([*needed, *keys]) if column not in table.columns]
        if missing:
            wanted = ", ".join(needed)
            if keys:
                wanted += f" (and the by column(s) {', '.join(keys)})"
            raise ValueError(f"{measure}() needs the columns {wanted}; the table has no column {', '.join(missing)}")
        if len(table) == 0:
            raise ValueError(f"{measure}() needs at least one {self.least}, but the table is empty")

    def check_filled(self, frame: pd.DataFrame, measure: str, columns: Iterable[str]) -> None:
        """Each of ``columns`` has a value on every row."""
        for column in columns:
            empty = frame[column].isna()
            if empty.any():
                raise ValueError(
                    f"{column} is empty (NaN) on {int(empty.sum())} {self.count}, e.g. {self.first(frame, empty)}; "
                    f"{measure}() needs a value on every {self.row}: fill them in or drop those {self.drop} first"
                )
