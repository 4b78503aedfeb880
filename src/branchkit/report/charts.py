"""Charts as inline SVG: a radar of criteria, bars against targets, shares and a ranking.

Each function is pure: the same rows give the same bytes. It returns the chart as
``markupsafe.Markup``, to be placed in an HTML page as it is (see
:class:`branchkit.report.html.ChartBlock`); every text given to it is escaped on the way in,
by ``Markup.format``, so a label can never become markup.

The charts are meant to be read on paper as well as on a screen: every value is written as
text beside its mark, and nothing is told by colour alone (a target is a line across the bar,
an earlier period a dashed outline, a candidate who failed a gate a cross). They carry no
script, no font and no reference to anything outside themselves; their text takes the page's
fonts. Each has a ``<title>`` and an ``aria-label`` naming it and a ``<desc>`` listing its
values, for screen readers. Coordinates are written with two decimals, the size in whole
units.

The ``<svg>`` elements have no ``xmlns`` attribute: inside HTML the parser puts them in the
SVG namespace itself, and leaving it out keeps every ``http`` address out of the page. To use a
chart as a file of its own, add ``xmlns="http://www.w3.org/2000/svg"`` to its root.

>>> from decimal import Decimal
>>> from branchkit.report.charts import bars
>>> svg = bars([("<b>", Decimal(45), Decimal(50))], title="Contacts", unit="人")
>>> svg.startswith("<svg")
True
>>> "&lt;b&gt;" in svg, "<b>" in svg
(True, False)
>>> "45 / 50 人" in svg
True
"""

from __future__ import annotations

import decimal
import math
import unicodedata
from collections.abc import Sequence

from markupsafe import Markup

__all__ = [
    "BAR_HEIGHT",
    "ROW_HEIGHT",
    "TOP",
    "Number",
    "RankingRow",
    "bars",
    "radar",
    "ranking",
    "stacked_share",
]

#: A figure a chart shows: a decimal or a whole number.
Number = decimal.Decimal | int
#: A candidate of :func:`ranking`: name, total points, whether every gate was passed, and the
#: points per dimension in the order the bar stacks them.
RankingRow = tuple[str, Number, bool, Sequence[tuple[str, Number]]]

#: The height of one row of :func:`bars`, :func:`stacked_share` and :func:`ranking`.
ROW_HEIGHT = 30
#: The height of a bar within its row; the bar starts ``(ROW_HEIGHT - BAR_HEIGHT) / 2`` down.
BAR_HEIGHT = 16
#: The space above the first row (and below the last).
TOP = 8

# Text sizes in user units; the widths of labels are estimated from them (see _text_width).
_FONT = 13
_SMALL = 11
# Colours with different lightness, so that a grey print still tells the segments apart.
_INK = "#1d1f23"
_GRID = "#c5cad3"
_MUTED = "#5f6670"
_MAIN = "#b71c1c"
_BAR = "#3d6fb4"
_BAR_MET = "#1f4e8c"
_SHARE = "#2e7d5b"
# Light enough for dark text written on them.
_PALETTE = ("#7fa7d9", "#f2c14e", "#b5d99c", "#e8968a", "#c3b1e1", "#9fd3d0")


def _coordinate(value: float) -> str:
    # Two decimals are finer than any screen or printer; "-0.00" would make the same drawing
    # two different byte strings.
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _shown(value: Number) -> str:
    # The figure as the caller rounded it: 92.50 stays 92.50, an exponent is written out.
    return str(value) if isinstance(value, int) else format(value, "f")


def _text_width(text: str, size: float = _FONT) -> float:
    # No font is measured (there is none to measure in a pure function): a Chinese character
    # takes about one em, any other about 0.6 em, which errs on the wide side for Latin text.
    return sum(size if unicodedata.east_asian_width(c) in "WF" else 0.6 * size for c in text)


def _label_width(labels: Sequence[str], given: int | None) -> float:
    if given is not None:
        return float(given)
    return max((_text_width(label) for label in labels), default=0.0) + 16


def _fraction(value: Number, scale: Number) -> float:
    """``value / scale`` held between 0 and 1 (a bar never leaves its track)."""
    if scale <= 0:
        return 0.0
    return min(max(float(decimal.Decimal(value) / decimal.Decimal(scale)), 0.0), 1.0)


def _svg(width: float, height: float, title: str, lines: Sequence[str], body: Markup) -> Markup:
    description = "; ".join(lines)
    return Markup(
        '<svg class="chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{title}"><title>{title}</title><desc>{description}</desc>{body}</svg>'
    ).format(
        w=math.ceil(width),
        h=math.ceil(height),
        title=title,
        description=description,
        body=body,
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = _FONT) -> Markup:
    return Markup(
        '<text x="{x}" y="{y}" text-anchor="{anchor}" font-size="{size}" fill="{ink}">{text}</text>'
    ).format(x=_coordinate(x), y=_coordinate(y), anchor=anchor, size=size, ink=_INK, text=text)


def _rect(
    kind: str,
    x: float,
    y: float,
    width: float,
    fill: str,
    *,
    height: float = BAR_HEIGHT,
    **extra: str,
) -> Markup:
    # The class names what the rectangle is (a track, a bar, a segment), for the page's
    # styles and for tests; further attributes come sorted, so the bytes stay the same.
    attributes = Markup("").join(
        Markup(' {name}="{value}"').format(name=name.replace("_", "-"), value=value)
        for name, value in sorted(extra.items())
    )
    return Markup(
        '<rect class="{kind}" x="{x}" y="{y}" width="{width}" height="{height}" fill="{fill}"'
        "{attributes}/>"
    ).format(
        kind=kind,
        x=_coordinate(x),
        y=_coordinate(y),
        width=_coordinate(width),
        height=_coordinate(height),
        fill=fill,
        attributes=attributes,
    )


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in points)


def radar(
    axes: Sequence[tuple[str, Number]],
    *,
    title: str,
    maximum: Number = 100,
    earlier: Sequence[Number] | None = None,
    radius: int = 120,
    rings: int = 5,
) -> Markup:
    """A radar (spider) chart: one axis per criterion, the values joined into a polygon.

    The axes start at the top and go clockwise. The drawing is centred on the origin of a
    translated group, so that a value ``v`` of axis ``i`` of ``n`` lies at
    ``(r sin(2πi/n), -r cos(2πi/n))`` with ``r = radius * v / maximum``: the polygon's
    ``points`` can be checked by hand. Each axis is labelled with its name and its value.

    :param axes: ``(label, value)`` per axis, at least three; values from 0 to ``maximum``
        (a value beyond is drawn at the edge, and written as it is).
    :param title: what the chart shows, for its ``<title>`` and ``aria-label``.
    :param maximum: the value at the outer ring.
    :param earlier: the values of an earlier period, one per axis, drawn as a dashed outline.
    :param radius: the outer ring's radius, in user units.
    :param rings: how many rings of the grid, evenly spaced up to ``maximum``.
    :raises ValueError: for fewer than three axes, a maximum not above 0, or ``earlier`` of
        another length.
    """
    count = len(axes)
    if count < 3:
        raise ValueError(f"a radar needs at least 3 axes, not {count}")
    if maximum <= 0:
        raise ValueError(f"the maximum must be above 0, not {maximum}")
    if earlier is not None and len(earlier) != count:
        raise ValueError(f"{len(earlier)} earlier values for {count} axes")

    def at(index: int, share: float) -> tuple[float, float]:
        angle = 2 * math.pi * index / count
        return radius * share * math.sin(angle), -radius * share * math.cos(angle)

    labels = [f"{label} {_shown(value)}" for label, value in axes]
    # Room beside the circle for the widest label, above and below it for two lines of text.
    side = max(_text_width(label) for label, _ in axes) + 16
    above = 2 * (_FONT + 4) + 8
    parts: list[Markup] = []
    for ring in range(1, rings + 1):
        share = ring / rings
        parts.append(
            Markup('<polygon class="grid" points="{points}" fill="none" stroke="{grid}"/>').format(
                points=_points([at(i, share) for i in range(count)]), grid=_GRID
            )
        )
        if ring < rings:
            # The outer ring's figure would collide with the top axis's value; the inner
            # rings' figures already give the scale.
            figure = (decimal.Decimal(maximum) * ring / rings).normalize()
            parts.append(_text(4, -radius * share - 2, _shown(figure), size=_SMALL))
    for index in range(count):
        x, y = at(index, 1)
        parts.append(
            Markup('<line x1="0.00" y1="0.00" x2="{x}" y2="{y}" stroke="{grid}"/>').format(
                x=_coordinate(x), y=_coordinate(y), grid=_GRID
            )
        )
    if earlier is not None:
        parts.append(
            Markup(
                '<polygon class="earlier" points="{points}" fill="none" stroke="{muted}" '
                'stroke-width="1.5" stroke-dasharray="5 3"/>'
            ).format(
                points=_points([at(i, _fraction(v, maximum)) for i, v in enumerate(earlier)]),
                muted=_MUTED,
            )
        )
    vertices = [at(i, _fraction(value, maximum)) for i, (_, value) in enumerate(axes)]
    parts.append(
        Markup(
            '<polygon class="value" points="{points}" fill="{main}" fill-opacity="0.18" '
            'stroke="{main}" stroke-width="2"/>'
        ).format(points=_points(vertices), main=_MAIN)
    )
    parts.extend(
        Markup('<circle cx="{x}" cy="{y}" r="3.5" fill="{main}"/>').format(
            x=_coordinate(x), y=_coordinate(y), main=_MAIN
        )
        for x, y in vertices
    )
    for index, (label, value) in enumerate(axes):
        x, y = at(index, 1)
        dx, dy = x / radius, y / radius
        anchor = "start" if dx > 0.1 else "end" if dx < -0.1 else "middle"
        x += 8 * dx
        # Two lines, the name over the value: above the end of an axis that points up, below
        # one that points down, centred on one that points sideways.
        first = y - 10 - _FONT if dy < -0.1 else y + 8 + _FONT if dy > 0.1 else y - 3
        parts.append(_text(x, first, label, anchor=anchor))
        parts.append(_text(x, first + _FONT + 4, _shown(value), anchor=anchor))
    centre_x, centre_y = radius + side, radius + above
    body = Markup('<g transform="translate({x} {y})">{parts}</g>').format(
        x=_coordinate(centre_x), y=_coordinate(centre_y), parts=Markup("").join(parts)
    )
    return _svg(2 * centre_x, 2 * centre_y, title, labels, body)


def bars(
    rows: Sequence[tuple[str, Number, Number | None]],
    *,
    title: str,
    unit: str = "",
    maximum: Number | None = None,
    label_width: int | None = None,
    length: int = 320,
) -> Markup:
    """Horizontal bars, one per row, each against its target, drawn as a line across it.

    Row ``i``'s bar starts at ``x = label_width`` and ``y = TOP + i * ROW_HEIGHT +
    (ROW_HEIGHT - BAR_HEIGHT) / 2``, and is ``length * value / maximum`` long; its target's
    line is at ``x = label_width + length * target / maximum``. The value (and the target)
    are written after the track: ``45 / 50 人``, or ``45 人`` without a target.

    :param rows: ``(label, value, target or None)`` per bar, values and targets not negative.
    :param title: what the chart shows.
    :param unit: the values' unit, written after them.
    :param maximum: the value at the end of the track; by default the largest value or target.
    :param label_width: the room for the labels, left of the bars; by default the widest
        label's estimated width.
    :param length: the length of the track, in user units.
    """
    scale: Number = (
        maximum
        if maximum is not None
        else max(
            (
                figure
                for _, value, target in rows
                for figure in (value, target)
                if figure is not None
            ),
            default=0,
        )
    )
    left = _label_width([label for label, _, _ in rows], label_width)
    suffix = f" {unit}" if unit else ""
    parts: list[Markup] = []
    lines: list[str] = []
    widest = 0.0
    for index, (label, value, target) in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        baseline = bar_top + BAR_HEIGHT - 3
        met = target is not None and value >= target
        figure = (
            f"{_shown(value)}{suffix}"
            if target is None
            else f"{_shown(value)} / {_shown(target)}{suffix}"
        )
        lines.append(f"{label}: {figure}")
        widest = max(widest, _text_width(figure))
        parts.append(_text(left - 8, baseline, label, anchor="end"))
        parts.append(_rect("track", left, bar_top, length, "none", stroke=_GRID))
        parts.append(
            _rect("bar", left, bar_top, length * _fraction(value, scale), _BAR_MET if met else _BAR)
        )
        if target is not None:
            x = left + length * _fraction(target, scale)
            parts.append(
                Markup(
                    '<line class="target" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" '
                    'stroke="{ink}" stroke-width="2"/>'
                ).format(
                    x=_coordinate(x),
                    y1=_coordinate(top + 3),
                    y2=_coordinate(top + ROW_HEIGHT - 3),
                    ink=_INK,
                )
            )
        parts.append(_text(left + length + 8, baseline, figure))
    width = left + length + 8 + widest + 8
    return _svg(width, 2 * TOP + len(rows) * ROW_HEIGHT, title, lines, Markup("").join(parts))


def stacked_share(
    rows: Sequence[tuple[str, int, int]],
    *,
    title: str,
    label_width: int | None = None,
    length: int = 320,
) -> Markup:
    """A share per row: how many of a whole are covered, as a filled part of a full bar.

    Row ``i``'s bar lies where :func:`bars` puts it; its filled part is ``length * covered /
    total`` long and the rest is left as an outline. The counts and the share, to one decimal
    place rounded half up, are written after it: ``3 / 4 (75.0%)``; a row with nothing to
    cover shows ``0 / 0``.

    :param rows: ``(label, covered, total)`` per row (contacts by tier: classes reached of all
        classes), with ``0 <= covered <= total``.
    :param title: what the chart shows.
    :param label_width: the room for the labels; by default the widest label's estimate.
    :param length: the length of the full bar.
    :raises ValueError: for a row whose covered count is negative or above its total.
    """
    left = _label_width([label for label, _, _ in rows], label_width)
    parts: list[Markup] = []
    lines: list[str] = []
    widest = 0.0
    for index, (label, covered, total) in enumerate(rows):
        if not 0 <= covered <= total:
            raise ValueError(f"row {index} ({label!r}): {covered} covered of {total}")
        top = TOP + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        figure = f"{covered} / {total}"
        if total:
            share = (decimal.Decimal(100) * covered / total).quantize(
                decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP
            )
            figure += f" ({share}%)"
        lines.append(f"{label}: {figure}")
        widest = max(widest, _text_width(figure))
        parts.append(_text(left - 8, bar_top + BAR_HEIGHT - 3, label, anchor="end"))
        parts.append(_rect("track", left, bar_top, length, "none", stroke=_GRID))
        parts.append(_rect("covered", left, bar_top, length * _fraction(covered, total), _SHARE))
        parts.append(_text(left + length + 8, bar_top + BAR_HEIGHT - 3, figure))
    width = left + length + 8 + widest + 8
    return _svg(width, 2 * TOP + len(rows) * ROW_HEIGHT, title, lines, Markup("").join(parts))


def ranking(
    rows: Sequence[RankingRow],
    *,
    title: str,
    passed: str = "✓",
    failed: str = "✗",
    label_width: int | None = None,
    length: int = 320,
) -> Markup:
    """A ranking: per candidate a bar of its points, stacked by dimension, and its gates.

    A legend of the dimensions (in the order they first appear) comes first, one row high;
    then the candidates in the order given, each row where :func:`bars` would put it one row
    further down. Each dimension's points are a segment of the bar, ``length * points /
    maximum`` long, where the maximum is the largest total or stack; a segment wide enough
    carries its points. After the bar come the mark of the gates (``passed`` or ``failed``)
    and the total. Segments of points not above 0 are not drawn (they still count in the
    total shown, and are listed in the chart's description); a candidate who failed a gate is
    drawn paler and with a dashed outline.

    :param rows: ``(name, total, passed every gate, ((dimension, points), ...))`` per candidate.
    :param title: what the chart shows.
    :param passed: the mark of a candidate who passed every gate.
    :param failed: the mark of one who did not.
    :param label_width: the room for the names; by default the widest name's estimate.
    :param length: the length of the longest bar.
    """
    dimensions: list[str] = []
    for _, _, _, breakdown in rows:
        dimensions.extend(d for d, _ in breakdown if d not in dimensions)
    colour = {d: _PALETTE[i % len(_PALETTE)] for i, d in enumerate(dimensions)}
    scale: Number = max(
        (
            max(total, sum((p for _, p in breakdown if p > 0), start=decimal.Decimal(0)))
            for _, total, _, breakdown in rows
        ),
        default=0,
    )
    left = _label_width([name for name, _, _, _ in rows], label_width)
    parts: list[Markup] = []
    x = left
    for dimension in dimensions:
        parts.append(
            _rect(
                "key", x, TOP + 9, 12, colour[dimension], height=12, stroke=_INK, stroke_width="0.5"
            )
        )
        parts.append(_text(x + 16, TOP + 19, dimension, size=_SMALL))
        x += 16 + _text_width(dimension, _SMALL) + 14
    lines: list[str] = []
    widest = 0.0
    for index, (name, total, passed_gates, breakdown) in enumerate(rows, start=1):
        top = TOP + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        mark = passed if passed_gates else failed
        figure = f"{mark} {_shown(total)}"
        detail = ", ".join(f"{d} {_shown(p)}" for d, p in breakdown)
        lines.append(f"{name}: {figure} ({detail})")
        widest = max(widest, _text_width(figure))
        parts.append(_text(left - 8, bar_top + BAR_HEIGHT - 3, name, anchor="end"))
        start = left
        opacity = "1" if passed_gates else "0.45"
        for dimension, points in breakdown:
            if points <= 0:
                continue
            width = length * _fraction(points, scale)
            parts.append(
                _rect("segment", start, bar_top, width, colour[dimension], fill_opacity=opacity)
            )
            if width >= _text_width(_shown(points), _SMALL) + 6:
                parts.append(
                    _text(
                        start + width / 2,
                        bar_top + BAR_HEIGHT - 4,
                        _shown(points),
                        anchor="middle",
                        size=_SMALL,
                    )
                )
            start += width
        if not passed_gates:
            parts.append(
                _rect(
                    "failed",
                    left,
                    bar_top,
                    start - left,
                    "none",
                    stroke=_INK,
                    stroke_dasharray="4 2",
                )
            )
        parts.append(_text(left + length + 8, bar_top + BAR_HEIGHT - 3, figure))
    width = max(left + length + 8 + widest + 8, x)
    height = 2 * TOP + (len(rows) + 1) * ROW_HEIGHT
    return _svg(width, height, title, lines, Markup("").join(parts))
