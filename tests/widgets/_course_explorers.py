"""05_inventory's explorers as its notebook builds them for a learner, what they can be set to, and what they show.

:func:`course_explorers` runs the notebook's own explorer cells (read from the source notebook,
so a change there is what is tested) with a learner's numbers.  :func:`settings` lists slider
settings a learner can reach: as the explorer opens, every slider dragged as near the learner's
planter as it goes, and a grid over every slider's range, each value on the slider's own grid.
:func:`figures` reads the numbers out of what an explorer shows.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import nbformat

from logiserve.variants import Variant, load_parameters
from logiserve.widgets import EOQExplorer, SafetyStockExplorer

__all__ = [
    "COURSE_ID",
    "EXPLORER_CELLS",
    "course_explorers",
    "figures",
    "graded_inputs",
    "learner_numbers",
    "nearest",
    "settings",
]

FOLDER = Path(__file__).resolve().parents[2] / "course" / "source" / "05_inventory"
NOTEBOOK = FOLDER / "eoq_safety_stock.ipynb"
COURSE_ID = "logiserve-cs-l3"  # course/nbgrader_config.py's course_id
EXPLORER_CELLS = {"eoq_explorer": EOQExplorer, "ss_explorer": SafetyStockExplorer}
"""The notebook's explorer cells (grade ids), each with the name it binds and its kind."""
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")


def learner_numbers(learner: str | None) -> Variant:
    """The learner's numbers for 05_inventory, as their kernel and the grader work them out."""
    parameters = load_parameters(FOLDER / "exercises.yaml")
    return Variant.pick("05_inventory", parameters, learner=learner, course_id=COURSE_ID)


@functools.cache
def _cells() -> dict[str, str]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    found = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in nb.cells if c.cell_type == "code"}
    return {"setup": found["setup"], **{name: found[name] for name in EXPLORER_CELLS}}


def course_explorers(learner: str | None) -> dict[str, Any]:
    """The explorers the notebook builds for ``learner``, by the name it binds (``eoq_explorer``, ``ss_explorer``)."""
    namespace: dict[str, Any] = {"display": lambda *args, **kwargs: None}
    setup = "\n".join(line for line in _cells()["setup"].splitlines() if line.startswith(("import", "from")))
    exec(compile(setup, "<setup>", "exec"), namespace)  # the notebook's own imports
    namespace["planter"] = learner_numbers(learner)
    for name in EXPLORER_CELLS:
        exec(compile(_cells()[name], f"<{name}>", "exec"), namespace)
    return {name: namespace[name] for name in EXPLORER_CELLS}


def graded_inputs(mine: Variant) -> dict[str, dict[str, float]]:
    """The learner's planter (the graded SKU) in each explorer's slider names."""
    holding = mine["holding_rate"] * mine["unit_cost"]
    return {
        "eoq_explorer": {
            "annual_demand": 365 * mine["daily_demand"],
            "order_cost": mine["order_cost"],
            "holding_cost": holding,
        },
        "ss_explorer": {
            "service_level": mine["service_level"],
            "mean_demand": mine["daily_demand"],
            "demand_sd": mine["demand_sd"],
            "lead_time": mine["lead_time"],
            "lead_time_sd": mine["lead_time_sd"],
            "holding_cost": holding,
        },
    }


def _on_grid(slider: Any, value: float) -> float:
    """``value`` as the slider can hold it: inside its range, on its grid."""
    low, high, step = float(slider.min), float(slider.max), float(slider.step)
    clamped = min(max(value, low), high)
    return min(high, low + round((clamped - low) / step) * step)


def nearest(explorer: Any, wanted: Mapping[str, float]) -> dict[str, float]:
    """Every slider dragged as near ``wanted`` as it goes."""
    return {name: _on_grid(getattr(explorer, name), value) for name, value in wanted.items()}


def _grid(slider: Any, count: int) -> list[float]:
    low, high = float(slider.min), float(slider.max)
    return sorted({_on_grid(slider, low + (high - low) * i / (count - 1)) for i in range(count)})


def settings(explorer: Any, wanted: Mapping[str, float], per_slider: int = 3) -> Iterator[dict[str, float]]:
    """Slider settings a learner can reach: the opening one, the nearest to ``wanted``, and a grid.

    The grid takes ``per_slider`` values across each slider's range (its ends included), on the
    slider's grid, and every combination of them.
    """
    yield explorer.values()
    yield nearest(explorer, wanted)
    names = list(explorer.values())
    for combination in itertools.product(*(_grid(getattr(explorer, name), per_slider) for name in names)):
        yield dict(zip(names, combination, strict=True))


def figures(texts: Sequence[str]) -> list[float]:
    """Every number in ``texts``, as a learner could copy it (``95.0%`` is both 95.0 and 0.95)."""
    out: list[float] = []
    for text in texts:
        for match in _NUMBER.findall(text.replace("£", "")):
            number = float(match.rstrip("%").replace(",", ""))
            if math.isfinite(number):
                out.append(number)
                if match.endswith("%"):
                    out.append(number / 100)
    return out
