"""Server-rendered SVG charts: identical in the page and in the PDF, readable in print and on a projector.

Each chart is a Chart: the <svg role="img"> (a <title>, a <desc> listing every value, a <title> on every
bar or point and the number printed beside it, the unit under the plot), plus its title, unit and the
same values as table rows. The page and the PDF print the title as a numbered caption; on a narrow
screen the page shows the table instead of the drawing. Only presentation attributes are used (no
style attributes, no scripts), so the strict CSP allows the SVG inline.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .formatting import number

PALETTE = ["#a61b1b", "#1f5f8b", "#d9822b", "#3c8d40", "#7a4f9a", "#5b6770"]
FONT = 'font-family="Tinos, Liberation Serif, Times New Roman, serif"'
_ids = count(1)


@dataclass(frozen=True)
class Chart:
    """A drawn chart and its figures: `{{ chart }}` prints the SVG, `chart.rows` the table fallback."""

    title: str
    unit: str
    svg: SafeString
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def __html__(self) -> str:
        return str(self.svg)

    def __str__(self) -> str:
        return str(self.svg)

    def __contains__(self, text: str) -> bool:
        return text in self.svg


def _svg(width: int, height: int, title: str, desc: str, body: list[str], unit: str = "") -> SafeString:
    uid = f"chart{next(_ids)}"
    if unit:
        # The unit sits under the value axis (bars) or the plot (columns, lines).
        body = [
            *body,
            f'<text x="{width - 4}" y="{height + 14}" text-anchor="end" font-size="12"'
            f' fill="#333">{escape(_("Unit: %(unit)s") % {"unit": unit})}</text>',
        ]
        height += 20
    return mark_safe(  # noqa: S308 - every text piece below is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kdc-chart" role="img" viewBox="0 0 {width} {height}"'
        f' width="{width}" height="{height}" aria-labelledby="{uid}-t {uid}-d" {FONT} font-size="13">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _empty(title: str, width: int, unit: str = "") -> Chart:
    message = _("No figures yet.")
    svg = _svg(
        width,
        60,
        title,
        message,
        [f'<text x="{width / 2:.0f}" y="36" text-anchor="middle" fill="#555">{escape(message)}</text>'],
    )
    return Chart(title=title, unit=unit, svg=svg)


def _table(categories, series, fmt) -> tuple[list[str], list[list[str]]]:
    """One row per category, one column per series: the chart's figures as a table."""
    columns = ["", *(name for name, _values in series)]
    rows = [
        [category, *(fmt(values[i]) if i < len(values) else "" for _name, values in series)]
        for i, category in enumerate(categories)
    ]
    return columns, rows


def scale_for(values: Sequence[int]) -> tuple[int, str]:
    """The divisor and its word for figures this large: 950 stays 950, 48 200 reads 48,2 nghìn."""
    top = max((abs(v) for v in values), default=0)
    if top >= 10_000_000:
        return 1_000_000, _("million")
    if top >= 10_000:
        return 1_000, _("thousand")
    return 1, ""


def _describe(pairs: Sequence[tuple[str, int]], fmt: Callable[[int], str]) -> str:
    return "; ".join(f"{label}: {fmt(value)}" for label, value in pairs)


def _describe_series(categories, series, fmt) -> str:
    return " | ".join(
        f"{name}: " + _describe(list(zip(categories, values, strict=False)), fmt) for name, values in series
    )


def bar_chart(
    data: Sequence[tuple[str, int]],
    *,
    title: str,
    width: int = 640,
    fmt: Callable[[int], str] = number,
    color: str = PALETTE[0],
    unit: str = "",
) -> Chart:
    """Horizontal bars, one per (label, value), with the value printed after each bar."""
    data = [(str(label), int(value or 0)) for label, value in data]
    if not data:
        return _empty(title, width, unit)
    row, label_width, value_width = 26, min(220, 12 + 7 * max(len(label) for label, _ in data)), 110
    plot = max(width - label_width - value_width, 40)
    top = max((value for _, value in data), default=0) or 1
    body = []
    for index, (label, value) in enumerate(data):
        y = 8 + index * row
        length = plot * value / top
        body.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" fill="#222">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 8}" fill="{color}">'
            f"<title>{escape(label)}: {escape(fmt(value))}</title></rect>"
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" fill="#222">{escape(fmt(value))}</text>'
        )
    svg = _svg(width, 16 + len(data) * row, title, _describe(data, fmt), body, unit)
    columns, rows = _table([label for label, _ in data], [(unit or title, [v for _, v in data])], fmt)
    return Chart(title=title, unit=unit, svg=svg, columns=columns, rows=rows)


def column_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
    fmt: Callable[[int], str] = number,
    unit: str = "",
) -> Chart:
    """Grouped vertical columns: one group per category, one column per series, with a legend."""
    categories = [str(c) for c in categories]
    series = [(str(name), [int(v or 0) for v in values]) for name, values in series]
    if not categories or not series:
        return _empty(title, width, unit)
    left, bottom, legend = 10, 40, 22 * ((len(series) + 2) // 3)
    plot_h = height - bottom - legend - 20
    group_w = (width - 2 * left) / len(categories)
    bar_w = max(min(group_w * 0.8 / len(series), 60), 3)
    top = max((v for _, values in series for v in values), default=0) or 1
    body = [
        f'<line x1="{left}" y1="{legend + 10 + plot_h}" x2="{width - left}" y2="{legend + 10 + plot_h}"'
        ' stroke="#888"/>'
    ]
    for s_index, (name, _values) in enumerate(series):
        x, y = left + (s_index % 3) * (width / 3), 14 + (s_index // 3) * 20
        color = PALETTE[s_index % len(PALETTE)]
        body.append(
            f'<rect x="{x:.0f}" y="{y - 10}" width="12" height="12" fill="{color}"/>'
            f'<text x="{x + 18:.0f}" y="{y}" fill="#222">{escape(name)}</text>'
        )
    for c_index, category in enumerate(categories):
        start = left + c_index * group_w + (group_w - bar_w * len(series)) / 2
        for s_index, (name, values) in enumerate(series):
            value = values[c_index] if c_index < len(values) else 0
            h = plot_h * value / top
            bar_x, bar_y = start + s_index * bar_w, legend + 10 + plot_h - h
            body.append(
                f'<rect x="{bar_x:.1f}" y="{bar_y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}"'
                f' fill="{PALETTE[s_index % len(PALETTE)]}"><title>{escape(category)} – {escape(name)}:'
                f" {escape(fmt(value))}</title></rect>"
                f'<text x="{bar_x + (bar_w - 2) / 2:.1f}" y="{bar_y - 3:.1f}" text-anchor="middle"'
                f' font-size="11"'
                f' fill="#222">{escape(fmt(value))}</text>'
            )
        body.append(
            f'<text x="{start + bar_w * len(series) / 2:.1f}" y="{height - bottom + 22}"'
            f' text-anchor="middle" fill="#222">{escape(category)}</text>'
        )
    svg = _svg(width, height, title, _describe_series(categories, series, fmt), body, unit)
    columns, rows = _table(categories, series, fmt)
    return Chart(title=title, unit=unit, svg=svg, columns=columns, rows=rows)


def line_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    fmt: Callable[[int], str] = number,
    unit: str = "",
) -> Chart:
    """A trend: one line per series over the categories (periods), each point labelled."""
    categories = [str(c) for c in categories]
    series = [(str(name), [int(v or 0) for v in values]) for name, values in series]
    if not categories or not series:
        return _empty(title, width, unit)
    left, right, top_pad, bottom = 30, 30, 40, 40
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    top = max((v for _, values in series for v in values), default=0) or 1
    step = plot_w / max(len(categories) - 1, 1)
    body = []
    for index, category in enumerate(categories):
        body.append(
            f'<text x="{left + index * step:.1f}" y="{height - 14}" text-anchor="middle"'
            f' fill="#222">{escape(category)}</text>'
        )
    for s_index, (name, values) in enumerate(series):
        color = PALETTE[s_index % len(PALETTE)]
        points = [(left + i * step, top_pad + plot_h - plot_h * v / top) for i, v in enumerate(values)]
        body.append(f'<text x="{left + s_index * 160}" y="16" fill="{color}">■ {escape(name)}</text>')
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points={quoteattr(path)} fill="none" stroke="{color}" stroke-width="2.5"/>'
            )
        for (x, y), category, value in zip(points, categories, values, strict=False):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{color}"><title>{escape(category)} – '
                f"{escape(name)}: {escape(fmt(value))}</title></circle>"
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11" fill="#222">'
                f"{escape(fmt(value))}</text>"
            )
    svg = _svg(width, height, title, _describe_series(categories, series, fmt), body, unit)
    columns, rows = _table(categories, series, fmt)
    return Chart(title=title, unit=unit, svg=svg, columns=columns, rows=rows)
