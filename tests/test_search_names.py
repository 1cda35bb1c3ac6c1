"""The names file of each locale (skillmatrix/search_names.py): every searchable page once, by
the name it shows, in that locale, at a path that exists in the built site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from sitetree import add_layouts

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.pages import plan_pages
from skillmatrix.resolve import resolve
from skillmatrix.search_names import names_json


def entries(text: str) -> list[tuple[str, str, str, str]]:
    """(kind, label, name, site path) of every entry of a names file."""
    data = json.loads(text)
    return [
        (group["kind"], group["label"], name, group["prefix"] + ident + group["suffix"])
        for group in data["kinds"]
        for name, ident in group["names"]
    ]


def test_every_searchable_page_once_by_its_name_in_the_locale(site) -> None:  # type: ignore[no-untyped-def]
    content = check(site()).content
    resolved = resolve(content)
    pages = plan_pages(resolved)
    label = {
        kind: resolved.ui["zh"][f"kind.{kind}"] for kind in ("role", "family", "category", "skill")
    }  # the interface's own words
    assert entries(names_json(resolved, pages, "zh")) == [
        ("role", label["role"], "后端开发", "zh/roles/backend-dev/"),
        ("family", label["family"], "后端", "zh/families/backend/"),
        ("category", label["category"], "数据库", "zh/categories/databases/"),
        ("category", label["category"], "测试", "zh/categories/testing/"),
        ("skill", label["skill"], "PostgreSQL", "zh/skills/postgresql/"),  # one for every locale
        ("skill", label["skill"], "单元测试", "zh/skills/unit-testing/"),
    ]
    for locale in resolved.locales:
        searchable = sorted(p.path for p in pages if p.searchable and p.locale == locale)
        assert sorted(e[3] for e in entries(names_json(resolved, pages, locale))) == searchable


def test_a_category_without_skills_has_no_page_and_no_name(site) -> None:  # type: ignore[no-untyped-def]
    root = site(
        {
            "content/categories.yaml": (
                "databases:\n  name: {en: Databases, zh: 数据库, ru: Базы данных}\n"
                "testing:\n  name: {en: Testing, zh: 测试, ru: Тестирование}\n"
                "empty:\n  name: {en: Nothing Here, zh: 空, ru: Пусто}\n"
            )
        }
    )
    resolved = resolve(check(root).content)
    names = [e[2] for e in entries(names_json(resolved, plan_pages(resolved), "en"))]
    assert "Databases" in names and "Nothing Here" not in names


def test_the_build_writes_one_names_file_per_locale_linked_from_the_search_box(
    site, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    # Quotes, markup and a backslash in a name stay text: the file is JSON, read as data.
    root = add_layouts(
        site(
            {
                "content/skills/postgresql.yaml": (
                    "category: databases\n"
                    "name: '\"Post</script>gre\\SQL & <b>co</b>'\n"
                    "description: {en: A database., zh: 数据库。, ru: СУБД.}\n"
                    "proficiency:\n"
                    "  awareness: {en: a., zh: a。, ru: a.}\n  working: {en: b., zh: b。, ru: b.}\n"
                    "  advanced: {en: c., zh: c。, ru: c.}\n  expert: {en: d., zh: d。, ru: d.}\n"
                )
            }
        )
    )
    out = tmp_path / "out"
    assert build(root, out, pdf=False).ok
    for locale in ("en", "zh", "ru"):
        raw = (out / locale / "search" / "names.json.gz").read_bytes()
        names = entries(gzip.decompress(raw).decode("utf-8"))
        for _, _, _, path in names:
            assert (out / path / "index.html").is_file(), path
        name = next(n[2] for n in names if n[3] == f"{locale}/skills/postgresql/")
        assert name == '"Post</script>gre\\SQL & <b>co</b>'
        home = (out / locale / "index.html").read_text(encoding="utf-8")
        assert f'data-search-names="{locale}/search/names.json.gz"' in home
    # Compressed without a timestamp: two builds write the same bytes (test_build checks it).
    assert gzip.decompress(raw)[:10] == b'{"kinds":['
    assert raw[4:8] == b"\0\0\0\0"
