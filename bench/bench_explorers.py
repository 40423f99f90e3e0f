"""Latency of the explorer widgets: from a slider's value changing to the chart's PNG bytes being ready.

For each explorer (EOQExplorer, SafetyStockExplorer) the script moves its sliders, one
after another, across their whole range (at least 100 moves, server side, as the kernel
sees a learner's drag) and times each move until ``explorer.image.value`` holds the new
PNG.  It then does the same with what a course author would otherwise write: an
``ipywidgets.interact`` function that builds a new pyplot figure and plots the curves on
every call, rendered to PNG with the same encoder, so only the drawing differs.

Prints the median and 95th percentile in milliseconds, whether the target (median under
50 ms) is met, and the ratio of the alternative's median to ours.  Speed is reported, not
asserted: the script fails only if it cannot run.

Run with ``make bench`` (sets up .venv first), or ``.venv/bin/python bench/bench_explorers.py``.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence

import matplotlib

matplotlib.use("Agg")  # before pyplot: no window, and the same renderer the explorers use

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from logiserve import inventory
from logiserve.widgets import EOQExplorer, SafetyStockExplorer

MOVES = 120  # timed slider moves per widget
WARM_UP = 6  # untimed moves first (font cache, first draw), one step up and back
TARGET_MS = 50.0  # median
CURVE_POINTS = 160  # as many points per curve as EOQExplorer draws


# -- what a course author would write instead -------------------------------------------------
def png_of(figure: matplotlib.figure.Figure) -> bytes:
    """A whole figure drawn and encoded as the explorers encode theirs (Agg buffer -> PNG, level 1)."""
    figure.canvas.draw()
    width, height = figure.canvas.get_width_height()
    picture = Image.frombuffer("RGBA", (width, height), figure.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="png", compress_level=1)
    return out.getvalue()


def eoq_by_pyplot(annual_demand: float, order_cost: float, holding_cost: float) -> bytes:
    """The EOQ chart the usual way: a new pyplot figure with the three curves and the EOQ, every call."""
    quantity = inventory.eoq(annual_demand, order_cost, holding_cost)
    total_at_eoq = inventory.total_annual_cost(annual_demand, order_cost, holding_cost, quantity)
    q = np.linspace(3 * quantity / CURVE_POINTS, 3 * quantity, CURVE_POINTS)
    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=100)
    ax.plot(q, [inventory.annual_ordering_cost(annual_demand, order_cost, x) for x in q], "--", label="Ordering cost")
    ax.plot(q, [inventory.annual_holding_cost(holding_cost, x) for x in q], "-.", label="Holding cost")
    ax.plot(q, [inventory.total_annual_cost(annual_demand, order_cost, holding_cost, x) for x in q], label="Total cost")
    ax.axvline(quantity, color="grey", linestyle=":")
    ax.plot([quantity], [total_at_eoq], "ko")
    ax.annotate(
        f"EOQ {quantity:,.0f} units\n£{total_at_eoq:,.0f} a year",
        (quantity, total_at_eoq),
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
    )
    ax.set_ylim(0, 2.2 * total_at_eoq)
    ax.set_xlabel("Order quantity Q (units per order)")
    ax.set_ylabel("Cost (£ per year)")
    ax.legend(loc="upper center", ncols=3)
    ax.grid(True)
    png = png_of(fig)
    plt.close(fig)
    return png


SERVICE_LEVELS = np.concatenate([np.linspace(0.5, 0.99, 99), np.linspace(0.9905, 0.999, 18)])


def safety_stock_by_pyplot(
    service_level: float,
    demand_sd: float,
    mean_demand: float,
    lead_time: float,
    lead_time_sd: float,
    holding_cost: float,
) -> bytes:
    """The safety stock chart the usual way: a new pyplot figure with the curve and the current level, every call."""

    def cost(level: float) -> float:
        stock = inventory.safety_stock(level, demand_sd, lead_time, lead_time_sd, mean_demand)
        return inventory.safety_stock_holding_cost(stock, holding_cost)

    fig, ax = plt.subplots(figsize=(6.4, 4.2), dpi=100)
    ax.plot(SERVICE_LEVELS, [cost(level) for level in SERVICE_LEVELS])
    ax.plot([service_level], [cost(service_level)], "o")
    steps = [cost(level) for level in (0.95, 0.99, 0.999)]
    ax.plot([0.95, 0.99, 0.999], steps, "o", fillstyle="none")
    ax.annotate(f"95% → 99%: +£{steps[1] - steps[0]:,.0f} a year", (0.93, (steps[0] + steps[1]) / 2), ha="right")
    ax.annotate(f"99% → 99.9%: +£{steps[2] - steps[1]:,.0f} a year", (0.93, (steps[1] + steps[2]) / 2), ha="right")
    ax.set_xlim(0.5, 1.0)
    ax.set_xlabel("Cycle service level")
    ax.set_ylabel("Holding cost of the safety stock (£ per year)")
    ax.grid(True)
    png = png_of(fig)
    plt.close(fig)
    return png


# -- timing -----------------------------------------------------------------------------------
def sweep(sliders: Sequence[widgets.FloatSlider], moves: int) -> Iterator[tuple[widgets.FloatSlider, float]]:
    """``moves`` slider moves, as a learner drags: one slider at a time, up its range and back down.

    Each slider gets an equal share of the moves, in equal steps (on the slider's step)
    from its current value up to its maximum, down to its minimum and back.
    """
    per_slider = math.ceil(moves / len(sliders))
    count = 0
    for slider in sliders:
        low, high, step = slider.min, slider.max, slider.step
        stride = 2 * (high - low) / per_slider  # a full sweep up and down in per_slider moves
        value, direction = slider.value, 1
        for _ in range(per_slider):
            target = value + direction * stride
            if target > high or target < low:
                direction = -direction
                target = value + direction * stride
            value = float(min(max(round(target / step) * step, low), high))
            yield slider, value
            count += 1
            if count == moves:
                return


def time_moves(sliders: Sequence[widgets.FloatSlider], picture: Callable[[], bytes]) -> tuple[list[float], int]:
    """Milliseconds from each slider move to ``picture()`` returning the new PNG; and how many moves changed nothing."""
    first, start_value = sliders[0], sliders[0].value
    for move in range(WARM_UP):  # one step up and back: warms the caches, leaves the values as they were
        first.value = min(start_value + first.step, first.max) if move % 2 == 0 else start_value
    first.value = start_value
    timings, unchanged = [], 0
    for slider, value in sweep(sliders, MOVES):
        before = picture()
        start = time.perf_counter()
        slider.value = value
        after = picture()
        timings.append((time.perf_counter() - start) * 1000)
        unchanged += after == before
    return timings, unchanged


def ours(explorer: EOQExplorer | SafetyStockExplorer, names: Sequence[str]) -> tuple[list[float], int]:
    return time_moves([getattr(explorer, name) for name in names], lambda: bytes(explorer.image.value))


def by_interact(function: Callable[..., bytes], like: EOQExplorer | SafetyStockExplorer, names: Sequence[str]):
    """``function`` behind ``ipywidgets.interactive`` (what ``interact`` builds), with the explorer's sliders."""
    latest: dict[str, bytes] = {}

    def shown(**values: float) -> None:
        latest["png"] = function(**values)  # in a notebook: plt.show(), which the inline backend renders

    sliders = {
        name: widgets.FloatSlider(
            value=getattr(like, name).value,
            min=getattr(like, name).min,
            max=getattr(like, name).max,
            step=getattr(like, name).step,
        )
        for name in names
    }
    # Outside a kernel, interact's Output.clear_output() prints terminal escape codes: keep them off the table.
    with contextlib.redirect_stdout(io.StringIO()):
        widgets.interactive(shown, **sliders)
        return time_moves(list(sliders.values()), lambda: latest["png"])


def row(name: str, timings: Sequence[float], note: str = "") -> str:
    median, p95 = statistics.median(timings), float(np.percentile(timings, 95))
    return f"{name:<44} {len(timings):>5} {median:>10.1f} {p95:>8.1f}  {note}".rstrip()


def main() -> int:
    started = time.perf_counter()
    print("Explorer widgets: milliseconds from a slider's value changing to the chart's PNG bytes being ready")
    print(
        f"(server side, no browser; {MOVES} moves each after {WARM_UP} warm-up moves; "
        f"python {platform.python_version()}, matplotlib {matplotlib.__version__}, "
        f"ipywidgets {widgets.__version__}, {os.cpu_count()} CPU cores)"
    )
    print()
    print(f"{'widget':<44} {'moves':>5} {'median ms':>10} {'p95 ms':>8}  target: median < {TARGET_MS:g} ms")
    print("-" * 96)
    eoq_names = ("annual_demand", "order_cost", "holding_cost")
    ss_names = ("service_level", "demand_sd", "mean_demand", "lead_time", "lead_time_sd", "holding_cost")
    cases = [
        ("EOQExplorer", EOQExplorer(), eoq_names, eoq_by_pyplot),
        ("SafetyStockExplorer", SafetyStockExplorer(), ss_names, safety_stock_by_pyplot),
    ]
    for name, explorer, names, alternative in cases:
        mine, unchanged = ours(explorer, names)
        theirs, _ = by_interact(alternative, explorer, names)
        median = statistics.median(mine)
        verdict = "met" if median < TARGET_MS else "NOT met"
        if unchanged:
            verdict += f" ({unchanged} moves left the picture unchanged)"
        print(row(name, mine, verdict))
        print(row("  interact + a new pyplot figure each time", theirs))
        ratio = statistics.median(theirs) / median
        print(f"  {'ratio (alternative median / ours)':<42} {'':>5} {ratio:>9.1f}x")
        print()
    print(f"Finished in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
