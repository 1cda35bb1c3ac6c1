"""Hostile content, as a stranger's pull request might bring it: what `check` accepts is
rendered inert, and the rest is refused at its line. The whole built site is then scanned."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitetree import MINIMAL, add_layouts, write_tree

from skillmatrix.build import build
from skillmatrix.check import check

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SVG = "<svg onload=alert(1)>"
JINJA = "{{ 7*7 }}{% if true %}jinja{% endif %}"
LONG = "overflow " * 11_000  # about 100 KB in one text
EMOJI = "👩🏽‍💻 cafe\u0301 Z\u0336a\u0335l\u0334g\u0337o"

FAMILY = "content/families/backend.yaml"
ROLE = "content/roles/backend-dev.yaml"
SKILL = "content/skills/postgresql.yaml"
UI_EN = "content/i18n/en.yaml"


def hostile_files() -> dict[str, str | bytes | None]:
    """Every kind of text field carries a payload that `check` must accept (plain text is
    escaped; Markdown may carry entities, not tags)."""
    role = (
        MINIMAL[ROLE]
        .replace("title: {en: Backend Developer,", f"title: {{en: '{IMG}',")
        .replace(
            "stack:\n  junior: {en: [PostgreSQL],",
            f"stack:\n  junior: {{en: ['{SVG}', 'javascript:alert(1)'],",
        )
        .replace('question: {en: "Why?",', f"question: {{en: '{SCRIPT}',")
        .replace(
            "answer: {en: Because.,",
            "answer: {en: '&lt;script&gt;alert(1)&lt;/script&gt; &amp; **bold**',",
        )
        .replace("summary: {en: Builds services.,", f"summary: {{en: '{JINJA}',")
    )
    skill = (
        MINIMAL[SKILL]
        .replace("name: PostgreSQL", f"name: '{SCRIPT}'")
        .replace("description: {en: A relational database.,", f"description: {{en: '{LONG}',")
        .replace(
            "working: {en: Writes joins.,",
            f"working: {{en: '{EMOJI} [docs](https://example.org/x?a=1&b=<2>)',",
        )
    )
    family = MINIMAL[FAMILY].replace("name: {en: Backend,", f"name: {{en: '{JINJA}',")
    ui = MINIMAL[UI_EN].replace("nav.home: Home", f"nav.home: '{SCRIPT}'")
    categories = MINIMAL["content/categories.yaml"].replace(
        "name: {en: Databases,", f"name: {{en: '{IMG}',"
    )
    return {
        ROLE: role,
        SKILL: skill,
        FAMILY: family,
        UI_EN: ui,
        "content/categories.yaml": categories,
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = add_layouts(write_tree(tmp_path_factory.mktemp("hostile"), hostile_files()))
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    return root / "_site"


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.inline_script = False
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "poster", "srcset") and value:
                self.urls.append(value)
            if name == "style":
                self.styles.append(f"<{tag} style>")
        # A JSON block is data for our scripts, never run (tests/test_script_data.py).
        if tag == "script" and dict(attrs).get("type") != "application/json":
            self.scripts.append(dict(attrs).get("src") or "")
        if tag in (
            "style",
            "iframe",
            "object",
            "embed",
            "base",
            "img",
            "foreignobject",
            "image",
            "use",
        ):
            self.handlers.append(f"<{tag}>")
        # The only SVG is ours: the profile charts the build draws (skillmatrix/charts.py).
        if tag == "svg" and not str(dict(attrs).get("class")).startswith("profile-chart"):
            self.handlers.append(f"<{tag}>")


def test_hostile_site_has_no_script_handler_or_scheme_but_ours(hostile_site: Path) -> None:
    foreign = []
    for page in sorted(hostile_site.rglob("*.html")):
        audit = _Audit()
        audit.feed(page.read_text(encoding="utf-8"))
        name = page.relative_to(hostile_site)
        foreign += [
            f"{name}: script {src!r}"
            for src in audit.scripts
            # our own scripts: relative links to the site's assets (the 404 page's
            # start from the base path, /matrix/)
            if not re.fullmatch(r"(\./|(\.\./)+|/matrix/)assets/[\w-]+\.[0-9a-f]{10}\.js", src)
        ]
        foreign += [f"{name}: {handler}" for handler in audit.handlers]
        foreign += [f"{name}: {style}" for style in audit.styles]
        for url in audit.urls:
            scheme = re.match(r"^\s*([a-zA-Z][\w+.-]*):", url)
            if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                foreign.append(f"{name}: url {url!r}")
    assert foreign == []


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    role = (hostile_site / "en/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in role  # FAQ question and UI string
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in role  # the role title
    assert "{{ 7*7 }}{% if true %}jinja{% endif %}" in role  # Jinja syntax is not evaluated
    assert "49jinja" not in role
    skill = (hostile_site / "en/skills/postgresql/index.html").read_text(encoding="utf-8")
    assert "cafe\u0301" in skill and "👩🏽‍💻" in skill
    assert 'href="https://example.org/x?a=1&amp;b=%3C2%3E"' in skill
    assert len(skill) > 100_000  # the long text is there, whole


def test_every_page_carries_the_strict_csp(hostile_site: Path) -> None:
    for page in hostile_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert match, page
        policy = match.group(1).replace("&#39;", "'")
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy
        assert "script-src 'self' 'wasm-unsafe-eval';" in policy


REFUSED = [
    # (file, the line as written, message start)
    (
        SKILL,
        "description: {en: '<script>alert(1)</script>', zh: x, ru: x}",
        "raw HTML is not allowed in Markdown",
    ),
    (
        SKILL,
        "description: {en: '<a href=x onclick=alert(1)>x</a>', zh: x, ru: x}",
        "raw HTML is not allowed in Markdown",
    ),
    (
        SKILL,
        "description: {en: '[click](javascript:alert(1))', zh: x, ru: x}",
        "'javascript:' links are not allowed",
    ),
    (
        SKILL,
        "description: {en: '[click](JaVaScRiPt:alert(1))', zh: x, ru: x}",
        "'javascript:' links are not allowed",
    ),
    (
        SKILL,
        "description: {en: '<javascript:alert(1)>', zh: x, ru: x}",
        "'javascript:' links are not allowed",
    ),
    (
        SKILL,
        "description: {en: '[x](data:text/html;base64,PHNjcmlwdD4=)', zh: x, ru: x}",
        "'data:' links are not allowed",
    ),
    (
        SKILL,
        "description: {en: '![x](https://evil.example/t.gif)', zh: x, ru: x}",
        "images are not allowed",
    ),
    (
        SKILL,
        'description: {en: "admin\u202eexe.txt", zh: x, ru: x}',
        "bidirectional control character U+202E",
    ),
]


@pytest.mark.parametrize(("path", "line", "message"), REFUSED)
def test_unsafe_content_is_refused_at_its_line(site, path: str, line: str, message: str) -> None:
    text = MINIMAL[path].replace(
        "description: {en: A relational database., zh: 关系型数据库。, ru: Реляционная СУБД.}", line
    )
    result = check(site({path: text}))
    errors = result.problems.errors
    assert errors, "accepted"
    assert errors[0].path == path and errors[0].line == 3
    assert errors[0].message.startswith(message), errors[0].message


def test_a_50_mb_file_is_refused_without_being_read(site) -> None:  # type: ignore[no-untyped-def]
    root = site({})
    with open(root / SKILL, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = check(root)
    assert [d.format() for d in result.problems.errors] == [
        f"{SKILL}:1:1: error: file is 52,428,800 bytes; content files are limited to "
        "1,000,000 bytes (split it, or remove the data that does not belong in content)"
    ]
