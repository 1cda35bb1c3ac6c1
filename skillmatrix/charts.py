"""Profile charts: a role's levels by category, drawn by the build as inline SVG.

Data in, markup out: no chart library, no script, the same bytes for the same data. One row
per category: its name on a line of its own (a name of any length never runs into a bar), then
horizontal bars, because a radar chart of fifteen categories cannot be read.

Across the chart, coordinates are percentages of its width, and down it they are pixels, so
the SVG fills any container without scaling its text (a viewBox would shrink the labels to a
few pixels on a phone). Colours and type come from classes that style.css styles (the CSP
forbids style attributes), so dark mode, print and forced colours follow the page. Each chart
is an image named by its <title>; its numbers follow it as a table for screen readers. The
profiles of the pages (`role_profile`, `level_profile`, `reader_profile`) are placed by the
macro `profile` of layouts/macros.html.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from .model import Level, Proficiency, Role, Text

MAXIMUM = 4  # the highest proficiency rank: a full bar
HEAD = 20  # the axis or column labels above the first row
LABEL_Y = 13  # the baseline of a label, from the top of its row or of the chart


@dataclass(frozen=True, eq=False)  # hashed by identity: a key of the caches below
class Rows:
    """The vertical measures of a chart's rows, in pixels."""

    height: int  # one category: its name, then its bars
    bar_y: int  # from the row's top
    bar_height: int
    label_y: int = LABEL_Y
    reach: int = 4  # how far a marker stands out of its bar, above and below


ROOMY = Rows(34, 20, 10, reach=3)
# Beside the calculator's questions, where the whole panel should fit a laptop's screen
# (style.css sets a smaller type for `pc-compact`).
COMPACT = Rows(29, 17, 8, label_y=11, reach=2)
TRACK = 80.0  # the bars' share of the width; the rest holds each row's number
# A label longer than this many character widths (an East Asian wide character counts two) is
# cut with an ellipsis, its whole text kept as a tooltip: about what fits a phone's width.
LABEL_WIDTH = 46
TICK_WIDTH = 12


# A heading over a column or a step of the scale: its whole text, and a short one for a
# narrow chart (a level's short name, a proficiency's mark).
Heading = tuple[str, str]


@dataclass(frozen=True)
class BarRow:
    """One category of a bar chart: a filled bar and, optionally, a marker to compare with."""

    label: str
    value: float
    reference: float | None = None
    value_text: str = ""  # shown at the row's end


@dataclass(frozen=True)
class GridRow:
    """One category of a grid chart: one small bar per column (level)."""

    label: str
    values: tuple[float, ...]


def bar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[BarRow],
    ticks: Sequence[Heading],
    maximum: float = MAXIMUM,
    measures: Rows = ROOMY,
) -> Markup:
    """Bars on one scale from 0 to `maximum`, labelled at each whole step by `ticks` (for
    1 .. maximum) and marked there in each row's track."""
    m = measures
    steps = [TRACK * step / maximum for step in range(1, len(ticks) + 1)]
    parts = [_open(chart_id, title, HEAD + len(rows) * m.height + 2, m is COMPACT)]
    parts += [
        _heading("pc-tick", _pct(x), tick, TICK_WIDTH, ' text-anchor="middle"')
        for x, tick in zip(steps, ticks, strict=True)
    ]
    inner = tuple(_pct(x) for x in steps if x < TRACK)  # the last step is the track's end
    for i, row in enumerate(rows):
        top = HEAD + i * m.height
        parts.append(f'<g class="pc-row">{_row_label(row.label, top + m.label_y)}')
        parts.append(
            _bars(
                m,
                top,
                inner,
                row.value / maximum,
                None if row.reference is None else row.reference / maximum,
                row.value_text,
            )
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def grid_chart(
    chart_id: str,
    title: str,
    columns: Sequence[Heading],
    rows: Sequence[GridRow],
    maximum: float = MAXIMUM,
) -> Markup:
    """One column per level, each row a category with a small bar per level: a level's profile
    reads down its column, a category's growth along its row."""
    m = ROOMY
    pitch = 100 / max(len(columns), 1)
    width = pitch * 0.85  # the rest of the pitch separates the columns
    parts = [_open(chart_id, title, HEAD + len(rows) * m.height + 2)]
    parts += [
        _heading("pc-head", _pct(pitch * j), column, 2 * LABEL_WIDTH // len(columns))
        for j, column in enumerate(columns)
    ]
    for i, row in enumerate(rows):
        top = HEAD + i * m.height
        parts.append(f'<g class="pc-row">{_row_label(row.label, top + m.label_y)}')
        parts += [
            _cell(m, top + m.bar_y, pitch * j, width, value / maximum)
            for j, value in enumerate(row.values)
        ]
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))


# The three profiles of the pages, from the resolved model: each chart with its numbers as a
# table for screen readers (a table is hidden by a box around it, since a table keeps the width
# of its content whatever width it is given). Names are picked in `words.locale`; UI strings
# and titles come from the template.


@dataclass(frozen=True)
class Words:
    """What a profile's texts need from the page: its locale, its number format, and the UI
    strings of the table's headings."""

    locale: str
    number: Callable[[float], str]
    category: str  # the heading of the category column
    you: str  # the reader, in the calculator


def role_profile(
    chart_id: str, title: str, role: Role, levels: Sequence[Level], words: Words
) -> Markup:
    """Every level of the role (role page)."""
    locale, number = words.locale, words.number
    chart = grid_chart(
        chart_id,
        title,
        [(level.name.plain(locale), level.short.plain(locale)) for level in levels],
        [GridRow(entry.category.name.plain(locale), entry.means) for entry in role.profile],
    )
    return chart + _table(
        title,
        [escape(words.category), *(_name(lv.name, locale) for lv in levels)],
        [(_name(e.category.name, locale), _cells(number, e.means)) for e in role.profile],
    )


def level_profile(
    chart_id: str,
    title: str,
    role: Role,
    levels: Sequence[Level],
    level: int,
    proficiencies: Sequence[Proficiency],
    words: Words,
) -> Markup:
    """One level, with the previous level's values as markers (level page)."""
    locale, number = words.locale, words.number
    before = level - 1 if level > 0 else None
    chart = bar_chart(
        chart_id,
        title,
        [
            BarRow(
                entry.category.name.plain(locale),
                entry.means[level],
                None if before is None else entry.means[before],
                number(entry.means[level]),
            )
            for entry in role.profile
        ],
        _scale(proficiencies, locale),
    )
    shown = [level] if before is None else [level, before]
    return chart + _table(
        title,
        [escape(words.category), *(_name(levels[i].name, locale) for i in shown)],
        [
            (_name(e.category.name, locale), _cells(number, tuple(e.means[i] for i in shown)))
            for e in role.profile
        ],
    )


def reader_profile(
    chart_id: str,
    title: str,
    role: Role,
    levels: Sequence[Level],
    proficiencies: Sequence[Proficiency],
    words: Words,
) -> Markup:
    """The reader against the first level (calculator), before any answer: the reader's bars
    are empty, and the calculator's script redraws them, the target and the table's numbers
    (its second and third columns) as the reader answers."""
    locale, number = words.locale, words.number
    zero = number(0)
    chart = bar_chart(
        chart_id,
        title,
        [
            BarRow(
                entry.category.name.plain(locale),
                0.0,
                entry.means[0],
                f"{zero} / {number(entry.means[0])}",
            )
            for entry in role.profile
        ],
        _scale(proficiencies, locale),
        measures=COMPACT,
    )
    return chart + _table(
        title,
        [escape(words.category), escape(words.you), _name(levels[0].name, locale)],
        [(_name(e.category.name, locale), _cells(number, (0, e.means[0]))) for e in role.profile],
    )


def _scale(proficiencies: Sequence[Proficiency], locale: str) -> list[Heading]:
    return [(p.name.plain(locale), p.mark.plain(locale)) for p in proficiencies]


def _table(caption: str, columns: Sequence[str], rows: Sequence[tuple[str, str]]) -> Markup:
    """A table of `columns` (markup) over `rows`: (name, cells), markup too."""
    head = "".join(f'<th scope="col">{column}</th>' for column in columns)
    body = "".join(f'<tr><th scope="row">{name}</th>{cells}</tr>' for name, cells in rows)
    return Markup(
        f'<div class="visually-hidden"><table><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@lru_cache(maxsize=8192)  # a category's values recur across levels and roles
def _cells(number: Callable[[float], str], values: tuple[float, ...]) -> str:
    return "".join(f"<td>{escape(number(value))}</td>" for value in values)


@lru_cache(maxsize=4096)  # the same few names on every chart
def _name(text: Text, locale: str) -> str:
    """A name, escaped; in its own language's tag when it falls back to another locale."""
    value, fallback = text.get(locale)
    if fallback is None:
        return str(escape(value))
    return f'<span lang="{escape(fallback)}">{escape(value)}</span>'


# A chart's rows are made of few distinct pieces (a handful of positions, values in tenths):
# each piece is formatted once per build.


@lru_cache(maxsize=8192)
def _bars(
    m: Rows, top: int, steps: tuple[str, ...], share: float, reference: float | None, text: str
) -> str:
    """A bar chart's row after its label, up to the row's end tag: track, steps, bar, marker
    and number. `share` and `reference` are shares of the track's length (0 .. 1)."""
    y, bar = top + m.bar_y, m.bar_height
    parts = [f'<rect class="pc-track" x="0" y="{y}" width="{_pct(TRACK)}" height="{bar}"/>']
    parts += [f'<line class="pc-grid" x1="{x}" x2="{x}" y1="{y}" y2="{y + bar}"/>' for x in steps]
    parts.append(
        f'<rect class="pc-bar" x="0" y="{y}" width="{_pct(TRACK * _clamp(share))}" height="{bar}"/>'
    )
    if reference is not None:
        x = _pct(TRACK * _clamp(reference))
        parts.append(
            f'<line class="pc-ref" x1="{x}" x2="{x}" y1="{y - m.reach}" y2="{y + bar + m.reach}"/>'
        )
    parts.append(
        f'<text class="pc-value" x="100%" y="{y + bar - 1}" text-anchor="end">'
        f"{escape(text)}</text></g>"
    )
    return "".join(parts)


@lru_cache(maxsize=8192)
def _cell(m: Rows, y: float, x: float, width: float, share: float) -> str:
    """A grid chart's small bar, on its track."""
    return (
        f'<rect class="pc-track" x="{_pct(x)}" y="{y}" width="{_pct(width)}" '
        f'height="{m.bar_height}"/><rect class="pc-bar" x="{_pct(x)}" y="{y}" '
        f'width="{_pct(width * _clamp(share))}" height="{m.bar_height}"/>'
    )


def _open(chart_id: str, title: str, height: int, compact: bool = False) -> str:
    ident = escape(chart_id)
    kind = "profile-chart pc-compact" if compact else "profile-chart"
    return (
        f'<svg class="{kind}" id="{ident}" role="img" '
        f'aria-labelledby="{ident}-title" width="100%" height="{height}">'
        f'<title id="{ident}-title">{escape(title)}</title>'
    )


def _heading(kind: str, x: str, heading: Heading, width: int, attributes: str = "") -> str:
    """A column's or a step's heading, twice: whole, and short where the chart is narrow
    (style.css shows one of `pc-wide` and `pc-narrow` by the chart's width)."""
    wide, narrow = heading
    return (
        f'<text class="{kind} pc-wide" x="{x}" y="{LABEL_Y}"{attributes}>'
        f"{_label(wide, width)}</text>"
        f'<text class="{kind} pc-narrow" x="{x}" y="{LABEL_Y}"{attributes}>'
        f"{_label(narrow, TICK_WIDTH // 2)}</text>"
    )


def _row_label(label: str, baseline: int) -> str:
    return f'<text class="pc-label" x="0" y="{baseline}">{_label(label, LABEL_WIDTH)}</text>'


@lru_cache(maxsize=4096)  # names recur on every chart of every role that has them
def _label(text: str, width: int) -> str:
    """`text`, escaped, cut to about `width` character widths; a cut text keeps its whole
    version as a tooltip."""
    # Most names are short: no character is wider than two.
    if 2 * len(text) <= width or sum(map(_char_width, text)) <= width:
        return str(escape(text))
    used, cut = 0, 0
    for cut, char in enumerate(text):  # noqa: B007 - `cut` is where the ellipsis goes
        used += _char_width(char)
        if used > width - 1:
            break
    return f"{escape(text[:cut].rstrip())}…<title>{escape(text)}</title>"


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _clamp(share: float) -> float:
    return min(max(share, 0.0), 1.0)


@lru_cache(maxsize=4096)  # a chart repeats a few widths (means are tenths) many times
def _pct(value: float) -> str:
    """A percentage with at most two decimals and no trailing zeros: '21.5%'."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"
