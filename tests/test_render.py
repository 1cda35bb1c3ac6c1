"""Rendering helpers: fragments shared by many pages are rendered once, per key."""

from __future__ import annotations

from pathlib import Path

from sitetree import add_layouts, write_tree

from skillmatrix.check import check
from skillmatrix.i18n import Translator
from skillmatrix.render import Assets, Renderer
from skillmatrix.resolve import resolve
from skillmatrix.urls import Urls


def test_once_renders_a_fragment_once_per_key(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    site = resolve(check(root).content)
    renderer = Renderer(
        root,
        site,
        Urls("https://example.org/m/"),
        Assets.scan(root / "assets"),
        pdf_available=False,
    )
    calls: list[str] = []
    renderer.env.globals["note"] = lambda value: calls.append(value) or value
    template = renderer.env.from_string(
        "{% for x in items %}{% call once('frag', lang) %}<b>{{ note(lang) }}</b>"
        "{% endcall %}{% endfor %}"
    )
    assert template.render(items=[1, 2, 3], lang="en") == "<b>en</b>" * 3
    assert template.render(items=[1, 2], lang="zh") == "<b>zh</b>" * 2
    assert calls == ["en", "zh"]
    # A new renderer (a new build or preview update) starts with no fragments.
    fresh = Renderer(
        root,
        site,
        Urls("https://example.org/m/"),
        Assets.scan(root / "assets"),
        pdf_available=False,
    )
    assert fresh.env.from_string("{% call once('frag', 'en') %}new{% endcall %}").render() == "new"


def test_fixed_strings_are_cached_but_placeholders_and_plurals_are_not() -> None:
    tr = Translator(
        "ru",
        {
            "a": "Навыки: {n}",
            "b": {"one": "{count} навык", "few": "{count} навыка", "many": "{count} навыков"},
            "c": "<i>x</i>",
        },
        {},
        "en",
    )
    assert tr("c") is tr("c") and str(tr("c")) == "&lt;i&gt;x&lt;/i&gt;"
    assert tr.plain("c") == "<i>x</i>"
    assert tr.plain("a", n=3) == "Навыки: 3" and tr.plain("a", n=4) == "Навыки: 4"
    assert [tr.plain("b", count=n) for n in (1, 2, 5, 1000)] == [
        "1 навык",
        "2 навыка",
        "5 навыков",
        "1\xa0000 навыков",
    ]
