"""What the explorers share: the sliders, the chart, the text beside it and the widget around them.

:class:`~.eoq_explorer.EOQExplorer` and :class:`~.safety_stock_explorer.SafetyStockExplorer`
are each an :class:`Explorer`: sliders on top, a chart with its figures and description beside
it, redrawn on every slider move.  A subclass supplies ``_draw_axes`` (the chart's moving
artists, as a ``TypedDict`` of their own types), ``_compute`` (its figures, from slider values),
``_texts`` (every text it shows for those figures) and ``update`` (redraw from the sliders).

**An explorer never gives a graded answer.**  An explorer is a calculator: set to the numbers of
a graded exercise it would print that exercise's answers.  So a notebook opens its explorers on
another SKU, and passes ``avoid``: the graded SKU's numbers, by slider name.  An explorer given
``avoid`` refuses to start unless at least one of those sliders can never come within
:data:`AVOID_MARGIN` of its graded value: whatever a learner drags, the explorer cannot be set
to the graded numbers, so it cannot show the figures worked out from them.  What an explorer
shows is all in :meth:`Explorer.shown` (and :meth:`Explorer.shown_at`, the same texts for any
slider values, without drawing), so tests can read every figure it can display.

The chart is one matplotlib :class:`~matplotlib.figure.Figure` on the Agg canvas (not
pyplot: no global state, no stray inline output), rendered to PNG bytes for an
:class:`ipywidgets.Image`.  A slider move changes the data of the existing lines and
texts and redraws only them over a cached picture of the axes (blitting); the axes are
drawn again only when their limits change.  matplotlib is imported when the first chart
is made, not with the package: notebooks that never use an explorer do not pay for it
(about 0.2 s, in every autograded notebook).
"""

from __future__ import annotations

import html
import io
import math
import pathlib
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import anywidget
import ipywidgets as widgets
import numpy as np
from traitlets import Unicode

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = [
    "AVOID_MARGIN",
    "BLACK",
    "BLUE",
    "GREY",
    "VERMILION",
    "Explorer",
    "SliderSpec",
    "Texts",
    "checked_slider",
    "money",
    "plain_text",
    "refuse_graded",
    "sticky_limit",
    "summary_html",
]

# Okabe-Ito colours (safe for colour-blind readers); every line also has its own dash style.
BLUE, VERMILION, BLACK, GREY = "#0072B2", "#D55E00", "#000000", "#777777"
_HERE = pathlib.Path(__file__).parent
_DPI = 100
_FIGSIZE = (6.4, 4.2)  # inches: 640 × 420 pixels at 100 dpi, shown 1:1
_DESCRIPTION_WIDTH = "20em"
_SLIDER_WIDTH = "42em"
AVOID_MARGIN = 0.2
"""How far (a share of the graded value) a slider of ``avoid`` must always stay from it: 20 %."""
_A = TypeVar("_A", bound="Artist")
_Lines = TypeVar("_Lines", bound=Mapping[str, object])  # an explorer's TypedDict of its moving artists


def money(value: float, decimals: int = 2) -> str:
    """``value`` as pounds with thousands separators: ``£1,697.06``."""
    return f"£{value:,.{decimals}f}"


def _nice_ceil(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten) at least ``value``."""
    power = 10.0 ** math.floor(math.log10(value))
    for mantissa in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if mantissa * power >= value * (1 - 1e-12):
            return mantissa * power
    return 10 * power  # pragma: no cover (the loop always returns)


def sticky_limit(current: float | None, key: float, *, target: float, low: float, high: float) -> float:
    """An axis limit that stays put while ``key`` lies between ``low`` and ``high`` × the limit.

    When ``key`` leaves that band (or there is no limit yet) the limit becomes the round
    number just above ``target`` × ``key``.  Moving a slider a little therefore moves the
    curves on fixed axes, which is what a learner should see; moving it a lot re-scales
    the axes once, so the curves never shrink to a corner or run off the chart.
    """
    if key <= 0:
        return current if current is not None else 1.0
    if current is not None and low * current <= key <= high * current:
        return current
    return _nice_ceil(key * target)


@dataclass(frozen=True)
class SliderSpec:
    """What a slider controls: its argument name, label, help text, default value and range."""

    name: str
    description: str
    tooltip: str
    value: float
    range: tuple[float, float, float]  # (min, max, step)
    readout_format: str
    zero: bool = False  # whether 0 is a sensible value (standard deviations); otherwise more than 0


def _real(owner: str, name: str, value: Any, unit: str) -> float:
    """``value`` as a finite float, or a ValueError naming the constructor argument."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{owner}: {name} must be a number ({unit}), not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{owner}: {name} must be a finite number ({unit}), not {value!r}")
    return number


def _checked_range(owner: str, spec: SliderSpec, given: Sequence[float] | None) -> tuple[float, float, float]:
    """The slider range ``(min, max, step)`` for ``spec``: ``given`` (checked) or the default."""
    name = f"{spec.name}_range"
    if given is None:
        return spec.range
    if isinstance(given, str | bytes) or not isinstance(given, Sequence) or len(given) not in (2, 3):
        raise ValueError(f"{owner}: {name} must be (min, max) or (min, max, step), not {given!r}")
    low = _real(owner, f"{name}[0] (the minimum)", given[0], spec.tooltip)
    high = _real(owner, f"{name}[1] (the maximum)", given[1], spec.tooltip)
    if low < 0 or (low == 0 and not spec.zero):
        floor = "0 or more" if spec.zero else "more than 0"
        raise ValueError(f"{owner}: the minimum of {name} must be {floor}, not {given[0]!r}")
    if high <= low:
        raise ValueError(f"{owner}: the maximum of {name} must be more than its minimum, not {given!r}")
    if len(given) == 3:
        step = _real(owner, f"{name}[2] (the step)", given[2], spec.tooltip)
        if not 0 < step <= high - low:
            raise ValueError(f"{owner}: the step of {name} must be more than 0 and at most max - min, not {given!r}")
    else:
        step = _nice_ceil((high - low) / 500)  # 200 to 500 steps: fine enough to drag, few enough for the arrow keys
    return (low, high, step)


def _on_grid(distance: float, step: float) -> bool:
    """Whether ``distance`` is a whole number of ``step``s (to rounding error)."""
    ratio = distance / step
    return abs(ratio - round(ratio)) < 1e-9 * max(1.0, abs(ratio))


def _finer_steps(step: float) -> list[float]:
    """``step`` and the round steps below it, down to a quarter of it (e.g. 300, 250, 200, 150, 100)."""
    power = 10.0 ** math.floor(math.log10(step))
    candidates = [m * power for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)] + [m * power / 10 for m in (8, 6, 5, 4)]
    return sorted({c for c in candidates if step / 4 - 1e-12 <= c <= step + 1e-12}, reverse=True)


def checked_slider(
    owner: str, spec: SliderSpec, value: Any, given_range: Sequence[float] | None
) -> widgets.FloatSlider:
    """A labelled FloatSlider for ``spec`` starting at ``value``, after checking both."""
    low, high, step = _checked_range(owner, spec, given_range)
    number = _real(owner, spec.name, value, spec.tooltip)
    if not low <= number <= high:
        where = "the default range" if given_range is None else f"{spec.name}_range"
        raise ValueError(
            f"{owner}: {spec.name} must be between {low:,g} and {high:,g} ({where}), not {value!r}; "
            f"pass {spec.name}_range=(min, max) to allow it"
        )
    # The slider's grid runs through the starting value, so the front end does not snap it to a
    # neighbour: an explorer started at a learner's exact numbers shows exactly their results.
    # A chosen step is kept; a default one may shrink to a rounder step that fits (up to 4 times
    # finer); otherwise the grid is shifted to pass through the value.
    if given_range is None or len(given_range) == 2:
        step = next((s for s in _finer_steps(step) if _on_grid(number - low, s)), step)
    offset = math.fmod(number - low, step)
    if step * 1e-9 < offset < step * (1 - 1e-9):
        low += offset
        high = low + math.floor((high - low) / step + 1e-9) * step
    return widgets.FloatSlider(
        value=number,
        min=low,
        max=high,
        step=step,
        description=spec.description,
        tooltip=spec.tooltip,
        readout_format=spec.readout_format,
        continuous_update=True,
        style={"description_width": _DESCRIPTION_WIDTH},
        layout=widgets.Layout(width=_SLIDER_WIDTH),
    )


def refuse_graded(
    owner: str, sliders: Mapping[str, widgets.FloatSlider], avoid: Mapping[str, Any] | None
) -> dict[str, float]:
    """Check that ``sliders`` can never all be set to the graded numbers ``avoid``; return them as floats.

    ``avoid`` maps slider names to the graded SKU's values.  At least one of those sliders must
    stay more than :data:`AVOID_MARGIN` away from its value over its whole range (a slider's
    readout shows what a learner chose, so the inputs are no secret; what they must never reach is
    the graded figures worked out from them).

    Raises
    ------
    ValueError
        If a name is not a slider, a value is not a number, or every slider could reach its value.
    """
    if not avoid:
        return {}
    if not isinstance(avoid, Mapping):
        raise ValueError(f"{owner}: avoid must map slider names to the graded numbers, not {avoid!r}")
    unknown = sorted(set(avoid) - set(sliders))
    if unknown:
        raise ValueError(f"{owner}: avoid names no slider {', '.join(unknown)}; the sliders are {', '.join(sliders)}")
    graded = {name: _real(owner, f"avoid[{name!r}]", value, sliders[name].tooltip) for name, value in avoid.items()}

    def stays_away(name: str) -> bool:
        value, slider = abs(graded[name]), sliders[name]
        return slider.max * (1 + AVOID_MARGIN) < value or slider.min > value * (1 + AVOID_MARGIN)

    if not any(stays_away(name) for name in graded):
        numbers = ", ".join(f"{name} {value:,g}" for name, value in graded.items())
        raise ValueError(
            f"{owner}: its sliders could be set to the graded numbers it must avoid ({numbers}), and it would "
            f"then show the graded answers. Give at least one of these sliders a range that stays more than "
            f"{AVOID_MARGIN:.0%} away from its graded value (or open the explorer on another SKU)"
        )
    return graded


class PngChart:
    """One Agg figure rendered to PNG bytes, redrawing only its moving parts.

    Register the artists that change on every update with :meth:`moving`.  :meth:`png`
    draws the whole figure without them once, keeps that picture, and afterwards only
    pastes it back and draws the moving artists over it, until ``static_key`` (the axis
    limits, say) changes.  The figure stays an ordinary figure: ``figure.savefig`` works.
    """

    def __init__(self, figsize: tuple[float, float] = _FIGSIZE, dpi: int = _DPI) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=figsize, dpi=dpi)
        self._canvas: FigureCanvasAgg = FigureCanvasAgg(self.figure)  # the figure's canvas from now on
        self._moving: list[Artist] = []
        self._background: Any = None
        self._static_key: Hashable = None

    @property
    def pixels(self) -> tuple[int, int]:
        """Width and height of the picture, in pixels."""
        width, height = self.figure.canvas.get_width_height()
        return int(width), int(height)

    def moving(self, artist: _A) -> _A:
        """Register ``artist`` as one that changes on updates (drawn above everything else); return it."""
        self._moving.append(artist)
        self._moving.sort(key=lambda each: each.get_zorder())
        return artist

    def png(self, static_key: Hashable) -> bytes:
        """The figure as PNG bytes; the axes are drawn again only when ``static_key`` changed."""
        canvas = self._canvas
        if self._background is None or static_key != self._static_key:
            shown = [artist.get_visible() for artist in self._moving]
            for artist in self._moving:
                artist.set_visible(False)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self._static_key = static_key
            for artist, visible in zip(self._moving, shown, strict=True):
                artist.set_visible(visible)
        else:
            canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self._moving:
            if artist.get_visible():
                artist.draw(renderer)
        from PIL import Image  # matplotlib's own dependency

        picture = Image.frombuffer("RGBA", self.pixels, canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        picture.convert("RGB").save(out, format="png", compress_level=1)  # fast; charts compress well anyway
        return out.getvalue()


def summary_html(caption: str, rows: Sequence[tuple[str, str]], description: str) -> str:
    """The text beside a chart: its numbers as a table, then what the chart shows (its alt text)."""
    cells = "".join(
        _ROW.format(label=html.escape(label), value=html.escape(value)) for label, value in rows
    )  # every value is a number we formatted; escaped all the same
    return _SUMMARY.format(caption=html.escape(caption), rows=cells, description=html.escape(description))


_ROW = '<tr><th scope="row" style="text-align:left;padding-right:1em">{label}</th><td>{value}</td></tr>'
_SUMMARY = (
    '<div aria-live="polite" style="max-width:26em">'
    '<table><caption style="text-align:left;font-weight:bold">{caption}</caption>{rows}</table>'
    '<p style="margin-top:0.6em">{description}</p></div>'
)


def plain_text(page: str) -> str:
    """The text of an HTML fragment, as a reader sees it (tags dropped, entities read, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@dataclass(frozen=True)
class Texts:
    """Every text an explorer shows for one set of figures.

    ``summary`` is the HTML beside the chart (its table and description); ``chart`` the text of each
    moving text artist by its name in :attr:`Explorer.lines` (``""`` when hidden); ``console`` what
    ``repr`` gives where the widget cannot be drawn.
    """

    summary: str
    chart: Mapping[str, str]
    console: str

    def all(self) -> tuple[str, ...]:
        """The texts as a reader meets them: the summary's plain text, the chart's texts, the console's."""
        return (plain_text(self.summary), *(text for text in self.chart.values() if text), self.console)


class _Accessibility(anywidget.AnyWidget):
    """Hidden: names each slider handle after its label, gives the chart its alternative text and
    the handles a visible focus outline, none of which ipywidgets does (see explorer.js)."""

    _esm = _HERE / "explorer.js"
    _css = _HERE / "explorer.css"
    chart_alt = Unicode(help="The chart's alternative text.").tag(sync=True)


def _layout(
    sliders: Sequence[widgets.Widget], image: widgets.Image, summary: widgets.HTML, chart_alt: str
) -> list[widgets.Widget]:
    """Sliders on top; the chart with its text beside it (below it on a narrow screen)."""
    chart_row = widgets.Box(
        [image, summary],
        layout=widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", grid_gap="1em"),
    )
    accessibility = _Accessibility(chart_alt=chart_alt, layout=widgets.Layout(display="none"))
    return [widgets.VBox(list(sliders)), chart_row, accessibility]


class Explorer(widgets.VBox, Generic[_Lines]):
    """Sliders, a chart and its text, redrawn on every slider move (see the module docstring).

    ``sliders`` become attributes of the same names, in that order on the page; ``css_class``
    names the explorer's kind for browser tests and course CSS; ``avoid`` the graded numbers the
    sliders must never reach (:func:`refuse_graded`).  The subclass's ``_draw_axes`` registers
    the chart's moving artists with ``self._chart.moving`` and returns them by name (:attr:`lines`,
    the subclass's ``TypedDict``), then ``update`` draws the first picture and sets ``_result``; a
    subclass sets what ``update`` needs first (the axis limits it keeps between moves).
    """

    def __init__(
        self,
        sliders: Mapping[str, widgets.FloatSlider],
        *,
        chart_alt: str,
        css_class: str,
        avoid: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.avoided = refuse_graded(type(self).__name__, sliders, avoid)
        chart = PngChart()
        image = widgets.Image(format="png", width=str(chart.pixels[0]), height=str(chart.pixels[1]))
        summary = widgets.HTML()
        super().__init__(_layout(list(sliders.values()), image, summary, chart_alt), **kwargs)
        self.add_class("ls-explorer")
        self.add_class(css_class)  # for browser tests and course CSS
        self._slider_names = tuple(sliders)
        for name, slider in sliders.items():
            setattr(self, name, slider)
        self.image, self.summary = image, summary
        self._chart = chart
        self.figure = chart.figure
        self.lines: _Lines = self._draw_axes()
        self.update()  # sets self._result
        for slider in sliders.values():
            slider.observe(self._on_slider, names="value")

    def _axes(self, *, xlabel: str, ylabel: str, xformat: str, **margins: float) -> Axes:
        """The chart's one axes, with the labels, the £ axis on the left and the grid both explorers use."""
        self.figure.subplots_adjust(**margins)
        ax = self._ax = self.figure.add_subplot()
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_formatter(xformat)
        ax.yaxis.set_major_formatter("£{x:,.0f}")
        ax.grid(True, color="#dddddd", linewidth=0.8)
        ax.set_axisbelow(True)
        return ax

    def _draw_axes(self) -> _Lines:
        raise NotImplementedError  # pragma: no cover (each explorer draws its own)

    def _compute(self, values: Mapping[str, float]) -> Any:
        raise NotImplementedError  # pragma: no cover (each explorer computes its own)

    def _texts(self, result: Any) -> Texts:
        raise NotImplementedError  # pragma: no cover (each explorer writes its own)

    def update(self) -> None:
        """Recompute the figures from the sliders and redraw the chart and its text."""
        raise NotImplementedError  # pragma: no cover (each explorer redraws its own)

    def values(self) -> dict[str, float]:
        """The sliders' current values, by name."""
        return {name: float(getattr(self, name).value) for name in self._slider_names}

    def shown(self) -> tuple[str, ...]:
        """Every text the explorer shows now: the summary beside the chart, the chart's texts, its console text.

        Read from the widget itself: the summary's synced ``value`` and the chart's text artists.
        """
        from matplotlib.text import Text  # imported with the first chart already

        chart = tuple(
            artist.get_text()
            for artist in self.lines.values()
            if isinstance(artist, Text) and artist.get_visible() and artist.get_text()
        )
        return (plain_text(self.summary.value), *chart, repr(self))

    def shown_at(self, **values: float) -> tuple[str, ...]:
        """The texts :meth:`shown` would give with the sliders at ``values`` (the others as they are), without drawing.

        ``values`` need not be on the sliders' grid: it is for reading what any setting shows.
        """
        unknown = sorted(set(values) - set(self._slider_names))
        if unknown:
            raise ValueError(f"{type(self).__name__} has no slider {', '.join(unknown)}")
        return self._texts(self._compute({**self.values(), **values})).all()

    @property
    def result(self) -> Any:
        """The figures shown, for the current slider values (read-only; move a slider to change them)."""
        return self._result

    def __repr__(self) -> str:
        # The text shown where the widget cannot be drawn (and by a plain Python console).
        return self._texts(self._result).console

    def _on_slider(self, change: dict[str, Any]) -> None:
        self.update()
