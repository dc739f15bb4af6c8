"""A small server-side SVG line chart: one item of an instrument over time, one line per
rater (with the client, the worker's rating). Drawn on the server so that it prints and
needs no script; the same numbers are always shown in a table beside it, and the two lines
differ by marker shape and dash as well as colour (WCAG 1.4.1)."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 320, 170
LEFT, RIGHT, TOP, BOTTOM = 30, 14, 14, 34
PAD = 14
# Pale band backgrounds: decoration only, the reading is written out in text.
BAND_FILL = {"red": "#fbe3e0", "amber": "#fff3cc", "green": "#dff2e1"}


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[date, int]]
    colour: str
    dashed: bool
    square: bool


def _x(day: date, first: date, last: date) -> float:
    """Points keep clear of the axis labels by PAD on both sides."""
    span = (last - first).days
    if span == 0:
        return LEFT + (WIDTH - LEFT - RIGHT) / 2
    return LEFT + PAD + (WIDTH - LEFT - RIGHT - 2 * PAD) * (day - first).days / span


def _y(value: float, minimum: int, maximum: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (maximum - value) / (maximum - minimum)


def _marker(x: float, y: float, series: Series) -> SafeString:
    if series.square:
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"/>',
            f"{x - 4:.1f}",
            f"{y - 4:.1f}",
            series.colour,
        )
    return format_html('<circle cx="{}" cy="{}" r="4.5" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", series.colour)


def _series(series: Series, first: date, last: date, minimum: int, maximum: int) -> SafeString:
    coords = [(_x(d, first, last), _y(v, minimum, maximum), v) for d, v in series.points]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _v in coords)
    dash = "5 3" if series.dashed else "none"
    parts = [
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>',
            line,
            series.colour,
            dash,
        )
    ]
    offset = 12 if series.square else -8  # the worker's numbers below the point, the client's above
    for x, y, value in coords:
        parts.append(_marker(x, y, series))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                f"{x:.1f}",
                f"{y + offset + (4 if series.square else 0):.1f}",
                series.colour,
                value,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is built with format_html


def _band_height(low: int, high: int, minimum: int, maximum: int) -> float:
    return _y(max(low - 0.5, minimum), minimum, maximum) - _y(min(high + 0.5, maximum), minimum, maximum)


def line_chart(
    *,
    element_id: str,
    title: str,
    description: str,
    series: list[Series],
    minimum: int,
    maximum: int,
    bands: list[tuple[int, int, str]],
) -> SafeString:
    days = sorted({d for s in series for d, _v in s.points})
    first, last = days[0], days[-1]
    band_rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        (
            (
                LEFT,
                f"{_y(min(high + 0.5, maximum), minimum, maximum):.1f}",
                WIDTH - LEFT - RIGHT,
                f"{_band_height(low, high, minimum, maximum):.1f}",
                BAND_FILL[colour],
            )
            for low, high, colour in bands
        ),
    )
    ticks = sorted({minimum, (minimum + maximum) // 2, maximum})
    grid = format_html_join(
        "",
        '<line x1="{0}" x2="{1}" y1="{2}" y2="{2}" stroke="#8a8a8a" stroke-width="0.5"/>'
        '<text x="{3}" y="{4}" text-anchor="end" font-size="11" fill="#1a1a1a">{5}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                f"{_y(t, minimum, maximum):.1f}",
                LEFT - 6,
                f"{_y(t, minimum, maximum) + 4:.1f}",
                t,
            )
            for t in ticks
        ),
    )
    shown = days if len(days) <= 5 else [days[0], days[-1]]
    anchor = {0: "start", len(shown) - 1: "end"} if len(shown) > 1 else {}
    x_labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="{}" font-size="11" fill="#1a1a1a">{}</text>',
        (
            (f"{_x(d, first, last):.1f}", HEIGHT - 12, anchor.get(i, "middle"), date_format(d, "j.n.y"))
            for i, d in enumerate(shown)
        ),
    )
    lines = mark_safe("".join(_series(s, first, last, minimum, maximum) for s in series if s.points))  # noqa: S308
    return format_html(
        '<svg id="{0}" class="measure-chart" viewBox="0 0 {1} {2}" role="img"'
        ' aria-labelledby="{0}-title {0}-desc"'
        ' xmlns="http://www.w3.org/2000/svg"><title id="{0}-title">{3}</title><desc id="{0}-desc">{4}</desc>'
        "{5}{6}{7}{8}</svg>",
        element_id,
        WIDTH,
        HEIGHT,
        title,
        description,
        band_rects,
        grid,
        x_labels,
        lines,
    )
