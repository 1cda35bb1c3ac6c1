"""Profile charts (skillmatrix/charts.py) and the profile they draw (resolve.py): well-formed SVG
whose bars match the data, the same bytes for the same data, and names escaped; then the charts
of a built fixture site, with their accessible names and tables."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetree import MINIMAL, add_layouts, write_tree

from skillmatrix.build import build
from skillmatrix.charts import (
    COMPACT,
    HEAD,
    ROOMY,
    TRACK,
    BarRow,
    GridRow,
    bar_chart,
    grid_chart,
)
from skillmatrix.check import check
from skillmatrix.resolve import mean_rank, resolve

TICKS = [("Awareness", "A"), ("Working", "W"), ("Advanced", "V"), ("Expert", "E")]
HOSTILE = "A <b>&amp; \"quoted\" & 'single' </svg><script>x</script>"


def parse(markup: str) -> ET.Element:
    """The chart as XML: parsing fails on anything not well-formed."""
    return ET.fromstring(str(markup))


def percent(value: str | None) -> float:
    assert value is not None and value.endswith("%"), value
    return float(value[:-1])


def rows_of(svg: ET.Element) -> list[ET.Element]:
    return svg.findall("g[@class='pc-row']")


def test_bar_chart_is_well_formed_and_its_bars_match_the_data() -> None:
    data = [
        BarRow("Databases", 2.5, 1.0, "2.5"),
        BarRow("Testing", 4.0, None, "4"),
        BarRow("Security", 0.0, 3.3, "0"),
    ]
    svg = parse(bar_chart("c1", "Senior by category", data, TICKS))
    assert svg.tag == "svg" and svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title"
    title = svg.find("title")
    assert title is not None and title.get("id") == "c1-title"
    assert title.text == "Senior by category"
    assert int(svg.get("height") or 0) == HEAD + 3 * ROOMY.height + 2
    rows = rows_of(svg)
    assert len(rows) == 3
    for row, expected in zip(rows, data, strict=True):
        assert row.findtext("text[@class='pc-label']") == expected.label
        bar = row.find("rect[@class='pc-bar']")
        track = row.find("rect[@class='pc-track']")
        assert bar is not None and track is not None
        assert percent(track.get("width")) == TRACK
        assert percent(bar.get("width")) == pytest.approx(TRACK * expected.value / 4, abs=0.01)
        assert row.findtext("text[@class='pc-value']") == expected.value_text
        marker = row.find("line[@class='pc-ref']")
        if expected.reference is None:
            assert marker is None
        else:
            assert marker is not None and marker.get("x1") == marker.get("x2")
            assert percent(marker.get("x1")) == pytest.approx(
                TRACK * expected.reference / 4, abs=0.01
            )
    # The scale: one label per proficiency, at its step of the track.
    # The scale: one heading per proficiency, at its step of the track: its name, and its mark
    # for a narrow chart.
    ticks = svg.findall("text[@class='pc-tick pc-wide']")
    assert [t.text for t in ticks] == [name for name, _ in TICKS]
    assert [percent(t.get("x")) for t in ticks] == [TRACK / 4 * k for k in (1, 2, 3, 4)]
    marks = svg.findall("text[@class='pc-tick pc-narrow']")
    assert [(t.text, t.get("x")) for t in marks] == [
        (mark, t.get("x")) for (_, mark), t in zip(TICKS, ticks, strict=True)
    ]


def test_values_beyond_the_scale_stay_inside_the_track() -> None:
    svg = parse(bar_chart("c", "t", [BarRow("x", 9.0, -1.0), BarRow("y", -2.0)], TICKS))
    bars = [percent(r.find("rect[@class='pc-bar']").get("width")) for r in rows_of(svg)]  # type: ignore[union-attr]
    assert bars == [TRACK, 0.0]
    marker = rows_of(svg)[0].find("line[@class='pc-ref']")
    assert marker is not None and percent(marker.get("x1")) == 0.0


def test_compact_rows_are_shorter_and_marked_for_their_type() -> None:
    data = [BarRow("x", 1.0)] * 4
    roomy = parse(bar_chart("c", "t", data, TICKS))
    compact = parse(bar_chart("c", "t", data, TICKS, measures=COMPACT))
    assert int(compact.get("height") or 0) < int(roomy.get("height") or 0)
    assert compact.get("class") == "profile-chart pc-compact"
    assert roomy.get("class") == "profile-chart"


def test_grid_chart_has_a_column_per_level_and_a_bar_per_level_and_category() -> None:
    columns = [("Junior", "J"), ("Middle", "M"), ("Senior", "S")]
    data = [GridRow("Databases", (1.0, 2.0, 4.0)), GridRow("Testing", (0.0, 0.5, 3.5))]
    svg = parse(grid_chart("g", "Profile", columns, data))
    assert [t.text for t in svg.findall("text[@class='pc-head pc-wide']")] == [
        "Junior",
        "Middle",
        "Senior",
    ]
    assert [t.text for t in svg.findall("text[@class='pc-head pc-narrow']")] == ["J", "M", "S"]
    pitch = 100 / 3
    for row, expected in zip(rows_of(svg), data, strict=True):
        assert row.findtext("text[@class='pc-label']") == expected.label
        tracks = row.findall("rect[@class='pc-track']")
        bars = row.findall("rect[@class='pc-bar']")
        assert len(tracks) == len(bars) == len(columns)
        for j, (track, bar, value) in enumerate(zip(tracks, bars, expected.values, strict=True)):
            assert (
                percent(bar.get("x"))
                == percent(track.get("x"))
                == pytest.approx(pitch * j, abs=0.01)
            )
            assert percent(bar.get("width")) == pytest.approx(
                percent(track.get("width")) * value / 4, abs=0.01
            )


def test_the_same_data_gives_the_same_bytes() -> None:
    def draw() -> tuple[str, str]:
        rows = [BarRow(f"c{i}", i / 7, (i * 3 % 5) / 2, str(i)) for i in range(15)]
        grid = [GridRow(f"c{i}", tuple(i * k / 19 for k in range(5))) for i in range(15)]
        return (
            str(bar_chart("a", "t", rows, TICKS)),
            str(grid_chart("b", "t", [(c, c) for c in "JMSLP"], grid)),
        )

    assert draw() == draw()


def test_names_are_escaped_and_read_back_whole() -> None:
    bars = bar_chart("c", HOSTILE, [BarRow(HOSTILE, 1.0, 2.0, HOSTILE)], [(HOSTILE, HOSTILE)] * 4)
    grid = grid_chart("g", HOSTILE, [(HOSTILE, HOSTILE)], [GridRow(HOSTILE, (1.0,))])
    for markup in (bars, grid):
        assert "<script>" not in markup and "<b>" not in markup
        svg = parse(markup)
        assert svg.findtext("title") == HOSTILE
        assert svg.find(".//script") is None and svg.find(".//b") is None
        label = rows_of(svg)[0].find("text[@class='pc-label']")
        assert label is not None
        # Long enough to be cut: its whole text is kept as its tooltip.
        assert (label.text or "").endswith("…") and label.findtext("title") == HOSTILE
        assert HOSTILE.startswith((label.text or "")[:-1])


def test_long_names_are_cut_by_their_width_wide_characters_counting_double() -> None:
    latin, chinese = "x" * 46, "数" * 23
    svg = parse(
        bar_chart(
            "c",
            "t",
            [
                BarRow(latin, 1),
                BarRow(chinese, 1),
                BarRow(latin + "y", 1),
                BarRow(chinese + "据", 1),
            ],
            TICKS,
        )
    )
    labels = [r.find("text[@class='pc-label']") for r in rows_of(svg)]
    assert [label.text for label in labels] == [  # type: ignore[union-attr]
        latin,
        chinese,
        "x" * 45 + "…",
        "数" * 22 + "…",
    ]
    assert [label.findtext("title") for label in labels] == [  # type: ignore[union-attr]
        None,
        None,
        latin + "y",
        chinese + "据",
    ]


@pytest.mark.parametrize(
    ("ranks", "mean"),
    [
        ([], 0.0),
        ([0, 0], 0.0),
        ([4, 4, 4], 4.0),
        ([1, 0, 0, 0], 0.3),  # 0.25: half up
        ([1] * 7 + [0] * 13, 0.4),  # 0.35, which a float rounds down
        ([2, 2, 3], 2.3),
        ([2, 3, 3], 2.7),
        ([3, 2], 2.5),
    ],
)
def test_mean_rank_rounds_half_up_to_one_decimal(ranks: list[int], mean: float) -> None:
    # The same cases as tests/js/profile.test.mjs: the browser draws what the build draws.
    assert mean_rank(ranks) == mean


ROLE = "content/roles/backend-dev.yaml"
FULL_ROW = (
    "{junior: awareness, middle: working, senior: advanced, lead: advanced, principal: advanced}"
)
LATE_ROW = "{senior: awareness, lead: working, principal: advanced}"
LATE = {ROLE: MINIMAL[ROLE].replace(FULL_ROW, LATE_ROW)}


def test_the_profile_is_the_mean_rank_per_category_and_level(site) -> None:  # type: ignore[no-untyped-def]
    result = check(site(LATE))
    assert [d.format() for d in result.problems] == []
    role = resolve(result.content).role("backend-dev")
    # postgresql (databases): working working advanced expert expert;
    # unit-testing (testing): not expected until senior, then awareness working advanced.
    assert {entry.category.id: (entry.skills, entry.means) for entry in role.profile} == {
        "databases": (1, (2.0, 2.0, 3.0, 4.0, 4.0)),
        "testing": (1, (0.0, 0.0, 1.0, 2.0, 3.0)),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    categories = MINIMAL["content/categories.yaml"].replace(
        "name: {en: Testing,", f"name: {{en: {HOSTILE!r},".replace("\\'", "''")
    )
    assert categories != MINIMAL["content/categories.yaml"]
    root = add_layouts(
        write_tree(
            tmp_path_factory.mktemp("charts"), {**LATE, "content/categories.yaml": categories}
        )
    )
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    return root / "_site"


def charts_in(html: str) -> list[ET.Element]:
    return [parse(m) for m in re.findall(r'<svg class="profile-chart.*?</svg>', html, re.S)]


class _TableReader(HTMLParser):
    """The cells of each row of the first table, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._done:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.rows:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        self._done = self._done or tag == "table"


def figure_table(html: str) -> list[list[str]]:
    """The rows of the profile's table for screen readers, as text."""
    start = html.find('<figure class="profile"')
    table = html.find('<div class="visually-hidden"><table>', start)
    assert start >= 0 and table >= 0, "no table beside the chart"
    reader = _TableReader()
    reader.feed(html[table:])
    return reader.rows


def test_role_page_draws_every_level_by_category(built: Path) -> None:
    html = (built / "en/roles/backend-dev/index.html").read_text(encoding="utf-8")
    [svg] = charts_in(html)
    title = svg.find("title")
    assert title is not None and svg.get("aria-labelledby") == title.get("id")
    assert title.text == "Backend Developer: mean proficiency per category at each level"
    rows = rows_of(svg)
    assert rows[0].findtext("text[@class='pc-label']") == "Databases"
    widths = [[percent(b.get("width")) for b in r.findall("rect[@class='pc-bar']")] for r in rows]
    track = percent(rows[0].find("rect[@class='pc-track']").get("width"))  # type: ignore[union-attr]
    assert widths == [
        [pytest.approx(track * v / 4, abs=0.01) for v in values]
        for values in ((2, 2, 3, 4, 4), (0, 0, 1, 2, 3))
    ]
    assert figure_table(html) == [
        ["Category", "Junior", "Middle", "Senior", "Lead", "Principal"],
        ["Databases", "2", "2", "3", "4", "4"],
        [HOSTILE, "0", "0", "1", "2", "3"],
    ]


def test_level_page_draws_the_level_against_the_one_before(built: Path) -> None:
    html = (built / "ru/roles/backend-dev/lead/index.html").read_text(encoding="utf-8")
    [svg] = charts_in(html)
    rows = rows_of(svg)
    assert [r.findtext("text[@class='pc-value']") for r in rows] == ["4", "2"]
    markers = [percent(r.find("line[@class='pc-ref']").get("x1")) for r in rows]  # type: ignore[union-attr]
    assert markers == [pytest.approx(TRACK * 3 / 4), pytest.approx(TRACK * 1 / 4)]
    assert figure_table(html)[1:] == [["Базы данных", "4", "3"], ["Тестирование", "2", "1"]]
    # The first level has nothing before it: no marker.
    junior = (built / "en/roles/backend-dev/junior/index.html").read_text(encoding="utf-8")
    [svg] = charts_in(junior)
    assert svg.find(".//line[@class='pc-ref']") is None


def test_calculator_starts_with_the_reader_at_zero_against_the_first_level(built: Path) -> None:
    html = (built / "en/roles/backend-dev/calculator/index.html").read_text(encoding="utf-8")
    [svg] = charts_in(html)
    assert svg.findtext("title") == "You against Junior: mean proficiency per category"
    rows = rows_of(svg)
    assert [percent(r.find("rect[@class='pc-bar']").get("width")) for r in rows] == [0, 0]  # type: ignore[union-attr]
    assert [r.findtext("text[@class='pc-value']") for r in rows] == ["0 / 2", "0 / 0"]
    assert figure_table(html) == [
        ["Category", "You", "Junior"],
        ["Databases", "0", "2"],
        [HOSTILE, "0", "0"],
    ]
