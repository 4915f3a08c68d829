"""Server-rendered horizontal grouped-bar charts: profiles compared dimension by dimension.

Pure Python (no Django import): plain data in, the geometry and the text alternative out.
``templates/includes/profile_chart.html`` draws the SVG from a :class:`BarChart`, through the
``{% profile_chart chart %}`` tag of ``careers_tags``, which also localises the texts.

Built for a 320–360 px phone first: each dimension's label sits on its own line(s) *above* its
bars, the bars use the full width, and the SVG scales through its ``viewBox`` (1 unit = 1 CSS px
at 320 px wide). No inline style anywhere (strict CSP): colours come from each series'
``css_class`` (styled in the stylesheet) with a ``fill`` presentation attribute as the fallback.

A value is a share from 0 to 1. A missing value (absent, ``None`` or NaN) means "not measured":
no bar is drawn, the value column shows a dash and the text alternative says so.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# Geometry, in viewBox units (CSS px when the chart is 320 px wide).
WIDTH = 320
VALUE_COLUMN = 46  # right-hand column for the value text ("100 %")
PLOT_WIDTH = WIDTH - VALUE_COLUMN
LABEL_FONT = 14
LABEL_LINE = 18
VALUE_FONT = 13
BAR_HEIGHT = 14
BAR_GAP = 4
LABEL_TO_BARS = 4
ROW_GAP = 14
AXIS_HEIGHT = 18
LABEL_CHARS = 40  # a label longer than this wraps onto another line (≈ 7 units per character)

# Fallback colours when the stylesheet has no rule for a series' class (AA for graphics on white).
PALETTE = ("#1d3fb8", "#0b7a4b", "#a3460a", "#6b2c91")
INK = "#16181d"
MUTED = "#4a5060"


@dataclass(frozen=True)
class Series:
    """One profile: a label for the legend, a CSS class for its colour, values from 0 to 1."""

    label: str
    css_class: str
    values: Mapping[str, float | None]


@dataclass(frozen=True)
class ChartLabels:
    """The words of the chart, as ``str.format`` patterns; the template tag passes translations."""

    percent: str = "{value} %"
    scaled: str = "{value}/{scale}"
    missing: str = "not measured"
    missing_short: str = "–"
    value: str = "{series} {value}"
    row: str = "{label}: {values}"
    separator: str = ", "


DEFAULT_LABELS = ChartLabels()


@dataclass(frozen=True)
class TextLine:
    text: str
    y: float


@dataclass(frozen=True)
class Bar:
    series: str  # the series' label
    css_class: str
    fill: str
    value: float | None  # 0..1, None when not measured
    display: int | None  # the value on the chart's scale (80 for 0.8 on a 0–100 scale), rounded
    text: str  # "80 %", "4/5" or the missing mark
    y: float
    width: float
    height: float
    text_y: float

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    lines: tuple[TextLine, ...]
    bars: tuple[Bar, ...]
    top: float
    bars_top: float
    bottom: float
    summary: str


@dataclass(frozen=True)
class LegendEntry:
    label: str
    css_class: str
    fill: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str
    anchor: str  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class BarChart:
    uid: str
    title: str
    scale: int
    width: int
    height: float
    plot_width: int
    value_x: int
    axis_y: float
    rows: tuple[Row, ...]
    legend: tuple[LegendEntry, ...]
    ticks: tuple[Tick, ...]
    label_font: int
    value_font: int
    dimensions: tuple[tuple[str, str], ...] = field(repr=False)
    series: tuple[Series, ...] = field(repr=False)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {_num(self.height)}"

    @property
    def title_id(self) -> str:
        return f"{self.uid}-title"

    @property
    def desc_id(self) -> str:
        return f"{self.uid}-desc"

    @property
    def summary(self) -> list[str]:
        """The text alternative: one line per dimension, e.g. "Programmation: You 80 %, Role 100 %"."""
        return [row.summary for row in self.rows]

    def with_labels(self, labels: ChartLabels) -> BarChart:
        """The same chart (same ids and geometry) with its texts in other words."""
        return bar_chart(
            self.dimensions, self.series, title=self.title, scale=self.scale, uid=self.uid, labels=labels
        )


def bar_chart(
    dimensions: Sequence[tuple[str, str]],
    series: Sequence[Series],
    *,
    title: str,
    scale: int = 100,
    uid: str | None = None,
    labels: ChartLabels = DEFAULT_LABELS,
) -> BarChart:
    """A grouped horizontal bar chart: one group per dimension ``(key, label)``, in the order given,
    one bar per series, in the order given (the legend lists them in the same order).

    ``scale`` is what a full bar reads as: 100 shows percentages, 5 shows "4/5".
    ``uid`` prefixes the SVG ids; by default it is derived from the title and the series, so
    several charts can share a page and the same chart renders the same markup every time.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if uid is None:
        key = "\x1f".join([title, *(s.label for s in series), *(k for k, _ in dimensions)])
        uid = "chart-" + hashlib.blake2s(key.encode(), digest_size=5).hexdigest()
    dimensions = tuple((str(key), str(label)) for key, label in dimensions)
    series = tuple(series)
    fills = [PALETTE[index % len(PALETTE)] for index in range(len(series))]

    rows: list[Row] = []
    y = 0.0
    for key, label in dimensions:
        top = y
        lines = tuple(
            TextLine(text, _round(top + LABEL_FONT + index * LABEL_LINE))
            for index, text in enumerate(_wrap(label, LABEL_CHARS))
        )
        bar_top = top + len(lines) * LABEL_LINE + LABEL_TO_BARS
        bars = []
        for index, (one, fill) in enumerate(zip(series, fills, strict=True)):
            value = _share(one.values.get(key))
            display = None if value is None else round(value * scale)
            bar_y = bar_top + index * (BAR_HEIGHT + BAR_GAP)
            bars.append(
                Bar(
                    series=one.label,
                    css_class=one.css_class,
                    fill=fill,
                    value=value,
                    display=display,
                    text=_value_text(display, scale, labels),
                    y=_round(bar_y),
                    width=0.0 if value is None else _round(value * PLOT_WIDTH),
                    height=BAR_HEIGHT,
                    text_y=_round(bar_y + BAR_HEIGHT - 2),
                )
            )
        bottom = bar_top + max(len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, 0)
        rows.append(
            Row(
                key=key,
                label=label,
                lines=lines,
                bars=tuple(bars),
                top=_round(top),
                bars_top=_round(bar_top),
                bottom=_round(bottom),
                summary=_row_summary(label, bars, scale, labels),
            )
        )
        y = bottom + ROW_GAP

    plot_bottom = max(y - ROW_GAP, 0.0)
    axis_y = plot_bottom + AXIS_HEIGHT - 4
    return BarChart(
        uid=uid,
        title=title,
        scale=scale,
        width=WIDTH,
        height=_round(plot_bottom + AXIS_HEIGHT),
        plot_width=PLOT_WIDTH,
        value_x=WIDTH,
        axis_y=_round(axis_y),
        rows=tuple(rows),
        legend=tuple(LegendEntry(s.label, s.css_class, fill) for s, fill in zip(series, fills, strict=True)),
        ticks=_ticks(scale, labels),
        label_font=LABEL_FONT,
        value_font=VALUE_FONT,
        dimensions=dimensions,
        series=series,
    )


def _share(value: float | None) -> float | None:
    """A value clamped to 0..1; None for "not measured"."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return None
    return min(max(value, 0.0), 1.0)


def _value_text(display: int | None, scale: int, labels: ChartLabels) -> str:
    if display is None:
        return labels.missing_short
    if scale == 100:
        return labels.percent.format(value=display)
    return labels.scaled.format(value=display, scale=scale)


def _row_summary(label: str, bars: Sequence[Bar], scale: int, labels: ChartLabels) -> str:
    values = labels.separator.join(
        labels.value.format(
            series=bar.series,
            value=labels.missing if bar.display is None else _value_text(bar.display, scale, labels),
        )
        for bar in bars
    )
    return labels.row.format(label=label, values=values)


def _ticks(scale: int, labels: ChartLabels) -> tuple[Tick, ...]:
    """Grid lines: every unit on a small scale (0–5), every quarter on a percentage."""
    steps = scale if scale <= 10 else 4
    ticks = []
    for index in range(steps + 1):
        share = index / steps
        shown = round(share * scale)
        text = _value_text(shown, scale, labels) if index == steps else str(shown)
        anchor = "start" if index == 0 else "end" if index == steps else "middle"
        ticks.append(Tick(x=_round(share * PLOT_WIDTH), text=text, anchor=anchor))
    return tuple(ticks)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a single word longer than ``width`` stays whole."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current or not lines:
        lines.append(current)
    return lines


def _round(value: float) -> float:
    return round(value, 1)


def _num(value: float) -> str:
    """A number as SVG likes it: no trailing ".0"."""
    return f"{value:g}"
