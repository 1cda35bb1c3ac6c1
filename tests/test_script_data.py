"""What the pages hand to their scripts is JSON, so no character of content can change its shape:
a level or proficiency name holding the separators the scripts once split on (`|`, `:`, `,`),
quotes, `</script>` or a placeholder reaches them whole. (The same names in real Chromium:
tests/test_browser_untrusted_text.py.)"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetree import MINIMAL, add_layouts, write_tree

from skillmatrix.build import build

LEVELS = "content/levels.yaml"
PROFICIENCIES = "content/proficiencies.yaml"
ROLE = "content/roles/backend-dev.yaml"
# Every separator the scripts used to split on, an element that would end a script block, a
# placeholder of the messages these names are put into, and a backslash for JSON to escape.
LEVEL = "Prin|ci\"pal </script><b> {level}, x; y: z \\n 'q' & more"
PROFICIENCY = "Ex|pert: top, <i>best</i>; 'all'"


def hostile_names() -> dict[str, str | bytes | None]:
    levels = MINIMAL[LEVELS].replace(
        "principal: {name: {en: Principal,", f"principal: {{name: {{en: {json.dumps(LEVEL)},"
    )
    proficiencies = MINIMAL[PROFICIENCIES].replace(
        "name: {en: Expert,", f"name: {{en: {json.dumps(PROFICIENCY)},"
    )
    # Principal asks more than Lead, so a reader at Lead sees Principal as the next level.
    role = MINIMAL[ROLE].replace(
        "lead: advanced, principal: advanced}", "lead: advanced, principal: expert}"
    )
    assert MINIMAL[LEVELS] != levels and MINIMAL[PROFICIENCIES] != proficiencies
    assert MINIMAL[ROLE] != role
    return {LEVELS: levels, PROFICIENCIES: proficiencies, ROLE: role}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = add_layouts(write_tree(tmp_path_factory.mktemp("names"), hostile_names()))
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    return root / "_site"


class _Scripts(HTMLParser):
    """Every <script> of a page: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = dict(attrs)
            self.found.append((self._open, ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            attrs, text = self.found[-1]
            self.found[-1] = (attrs, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open = None


def scripts(page: Path) -> list[tuple[dict[str, str | None], str]]:
    parser = _Scripts()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.found


def page_data(page: Path, element_id: str) -> dict:  # type: ignore[type-arg]
    blocks = [text for attrs, text in scripts(page) if attrs.get("id") == element_id]
    assert len(blocks) == 1, page
    # `tojson` writes <, > and & as \u escapes: nothing in the block can end it early.
    assert not re.search(r"[<>&]", blocks[0])
    return json.loads(blocks[0])


def test_calculator_data_holds_the_names_whole(built: Path) -> None:
    data = page_data(built / "en/roles/backend-dev/calculator/index.html", "calculator-data")
    assert data["levels"] == ["Junior", "Middle", "Senior", "Lead", LEVEL]
    assert data["proficiencies"] == ["None", "Awareness", "Working", "Advanced", PROFICIENCY]
    assert data["role"] == "backend-dev"
    assert data["messages"]["gaps_for"] == "What to grow for {level}, most important first"


def test_compare_data_holds_the_names_whole(built: Path) -> None:
    data = page_data(built / "en/roles/backend-dev/compare/index.html", "compare-data")
    assert data["levels"] == {
        "ids": ["junior", "middle", "senior", "lead", "principal"],
        "names": ["Junior", "Middle", "Senior", "Lead", LEVEL],
    }
    assert data["proficiencies"]["ids"] == ["awareness", "working", "advanced", "expert"]
    assert data["proficiencies"]["marks"] == ["A", "W", "V", "E"]
    assert data["proficiencies"]["names"][-1] == PROFICIENCY
    assert data["urls"]["matrix"].endswith("/api/v1/matrix/")


def test_each_locale_gets_its_own_names(built: Path) -> None:
    data = page_data(built / "zh/roles/backend-dev/calculator/index.html", "calculator-data")
    assert data["levels"] == ["初级", "中级", "高级", "负责人", "首席"]


def test_skill_ranks_and_locales_are_json_attributes(built: Path) -> None:
    calculator = (built / "en/roles/backend-dev/calculator/index.html").read_text(encoding="utf-8")
    ranks = dict(re.findall(r"data-skill=\"([\w-]+)\" data-ranks='([^']*)'", calculator))
    assert {skill: json.loads(value) for skill, value in ranks.items()} == {
        "postgresql": [2, 2, 3, 4, 4],
        "unit-testing": [1, 2, 3, 3, 4],
    }
    required = re.findall(r"data-required='([^']*)'", calculator)
    assert [json.loads(value) for value in required] == [[1, 1, 1, 1, 1], [0, 0, 0, 0, 0]]
    chooser = (built / "index.html").read_text(encoding="utf-8")
    locales = re.search(r"data-locales='([^']*)'", chooser)
    assert locales and json.loads(locales.group(1)) == ["en", "zh", "ru"]


def test_search_result_counts_are_one_json_attribute(built: Path) -> None:
    page = (built / "ru/index.html").read_text(encoding="utf-8")
    forms = re.search(r"data-msg-results='([^']*)'", page)
    assert forms
    assert json.loads(html.unescape(forms.group(1))) == {
        "one": "{count} результат",
        "few": "{count} результата",
        "many": "{count} результатов",
        "other": "{count} результата",
    }


def test_no_page_hands_a_joined_list_to_a_script(built: Path) -> None:
    joined = re.compile(
        r"data-(levels|marks|proficiencies|ranks|required|locales|msg-results-\w+)=\""
    )
    for page in built.rglob("*.html"):
        assert not joined.search(page.read_text(encoding="utf-8")), page


def test_every_script_element_is_a_file_or_inert_json(built: Path) -> None:
    # The policy allows scripts from the site only; a JSON block is data, never run.
    for page in built.rglob("*.html"):
        for attrs, text in scripts(page):
            if attrs.get("src"):
                assert not text.strip(), page
            else:
                assert attrs.get("type") == "application/json", page
                json.loads(text)
