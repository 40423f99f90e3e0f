"""Checking one number a learner passes to the domain core, with a message in the learner's words.

:mod:`logiserve.transport`, :mod:`logiserve.risk` and :mod:`logiserve.kpis` (the supply chain
cycle time) each take plain numbers (tonnes, kilometres, days, £ per tonne-km, a score from 1 to 5)
and say, in a ``ValueError``, what is wrong with one: text or True/False where a number belongs, an
empty (NaN) or infinite number, a number below what the quantity allows.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np

from ._tables import shown

__all__ = ["number", "whole_number"]


def number(value: Any, name: str, function: str, meaning: str, *, zero: bool = False) -> float:
    """``value`` checked to be a finite number more than 0 (0 or more when ``zero``), as a float.

    ``name`` is the argument's name, ``function`` the public function's and ``meaning`` what the
    argument is (its unit and an example), all for the message.

    >>> number(12, "tonnes", "tonne_km", "tonnes carried, such as 20")
    12.0
    >>> number("12", "tonnes", "tonne_km", "tonnes carried, such as 20")
    Traceback (most recent call last):
    ...
    ValueError: tonne_km(): tonnes must be a number (...), not the text '12'; write the number without quotes
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        if isinstance(value, str):
            raise ValueError(
                f"{function}(): {name} must be a number ({meaning}), not the text {value!r}; "
                f"write the number without quotes"
            )
        raise ValueError(f"{function}(): {name} must be a number ({meaning}), not {shown(value)}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{function}(): {name} must be a finite number ({meaning}), not {shown(value)}")
    if zero and result < 0:
        raise ValueError(f"{function}(): {name} must be 0 or more ({meaning}), not {shown(value)}")
    if not zero and result <= 0:
        raise ValueError(f"{function}(): {name} must be more than 0 ({meaning}), not {shown(value)}")
    return result


def whole_number(value: Any, name: str, function: str, low: int, high: int) -> int:
    """``value`` checked to be a whole number from ``low`` to ``high`` (``3`` or ``3.0``), as an int.

    >>> whole_number(4.0, "impact", "risk_score", 1, 5)
    4
    >>> whole_number(4.5, "impact", "risk_score", 1, 5)
    Traceback (most recent call last):
    ...
    ValueError: risk_score(): impact must be a whole number from 1 to 5, not 4.5
    """
    wanted = f"a whole number from {low} to {high}"
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        text = f"the text {value!r}" if isinstance(value, str) else shown(value)
        raise ValueError(f"{function}(): {name} must be {wanted}, not {text}")
    result = float(value)
    if not math.isfinite(result) or result != int(result) or not low <= result <= high:
        raise ValueError(f"{function}(): {name} must be {wanted}, not {shown(value)}")
    return int(result)
