"""The build on a small fixture site: pages, links, determinism, atomic output, exports."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import multiprocessing
import os
import signal
import time
from pathlib import Path

import jsonschema
import pytest
from sitetree import MINIMAL, REPO, add_layouts, write_tree

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.cli import main
from skillmatrix.links import broken_links
from skillmatrix.pages import plan_pages
from skillmatrix.resolve import resolve

LOCALES = ("en", "zh", "ru")


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = add_layouts(write_tree(tmp_path, {}))
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    # The summary's file count is tallied as files are written: it must match the output.
    assert result.files == sum(1 for p in (root / "_site").rglob("*") if p.is_file())
    return root / "_site"


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_page_exists_in_every_locale(built: Path) -> None:
    expected = [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "api/v1/index.json",
        "api/v1/roles/backend-dev.json",
        "api/v1/schema/role.schema.json",
    ]
    for locale in LOCALES:
        expected += [
            f"{locale}/index.html",
            f"{locale}/search/index.html",
            f"{locale}/families/backend/index.html",
            f"{locale}/roles/backend-dev/index.html",
            f"{locale}/roles/backend-dev/path/index.html",
            f"{locale}/skills/postgresql/index.html",
            f"{locale}/skills/unit-testing/index.html",
            f"api/v1/roles/backend-dev.{locale}.csv",
            f"api/v1/roles/backend-dev.{locale}.excel.csv",
        ]
        expected += [
            f"{locale}/roles/backend-dev/{level}/index.html"
            for level in ("junior", "middle", "senior", "lead", "principal")
        ]
    missing = [path for path in expected if not (built / path).is_file()]
    assert missing == []


def test_print_views_are_made_only_for_pdfs(built: Path) -> None:
    # They are the PDFs' source; without PDFs neither they nor a link to them exist.
    assert not list(built.glob("*/roles/*/print/index.html"))
    assert "/print/" not in (built / "en/roles/backend-dev/index.html").read_text(encoding="utf-8")


def test_search_index_holds_exactly_the_searchable_pages(built: Path) -> None:
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = {lang: info["page_count"] for lang, info in entry["languages"].items()}
    searchable = [p for p in plan_pages(resolve(check(built.parent).content)) if p.searchable]
    expected = {locale: sum(1 for p in searchable if p.locale == locale) for locale in LOCALES}
    assert indexed == expected
    assert {p.kind for p in searchable} == {"role", "skill", "category", "family"}


def test_no_broken_internal_link_or_missing_asset(built: Path) -> None:
    assert broken_links(built, "/matrix/") == []


def test_html_lang_canonical_and_alternates(built: Path) -> None:
    html = (built / "ru/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in html
    assert '<link rel="canonical" href="https://example.org/matrix/ru/roles/backend-dev/">' in html
    for locale in LOCALES:
        assert (
            f'<link rel="alternate" hreflang="{locale}" '
            f'href="https://example.org/matrix/{locale}/roles/backend-dev/">'
        ) in html
    assert 'hreflang="x-default" href="https://example.org/matrix/en/roles/backend-dev/"' in html


def test_language_switcher_lands_on_the_same_page(built: Path) -> None:
    html = (built / "zh/skills/postgresql/index.html").read_text(encoding="utf-8")
    # Relative links: from zh/skills/postgresql/ three folders up is the site's root.
    assert 'href="../../../ru/skills/postgresql/" hreflang="ru" lang="ru"' in html
    assert (
        'href="../../../zh/skills/postgresql/" hreflang="zh" lang="zh" aria-current="page"' in html
    )


def test_sitemap_lists_pages_with_alternates(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/matrix/zh/roles/backend-dev/senior/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="ru" '
        'href="https://example.org/matrix/ru/roles/backend-dev/senior/"/>'
    ) in sitemap
    assert "404" not in sitemap and "/print/" not in sitemap


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    digests = []
    for name in ("a", "b"):
        root = add_layouts(write_tree(tmp_path / name, {}))
        assert build(root, pdf=False).ok
        digests.append(tree_digest(root / "_site"))
    assert digests[0] == digests[1]


def test_failed_build_leaves_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    assert main(["--root", str(root), "build", "--no-pdf"]) == 0
    before = tree_digest(root / "_site")
    broken = MINIMAL["content/roles/backend-dev.yaml"].replace("postgresql:  ", "postgressql:")
    (root / "content/roles/backend-dev.yaml").write_text(broken, encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "build", "--no-pdf"]) == 1
    out = capsys.readouterr().out
    assert "content/roles/backend-dev.yaml:13:3: error: unknown skill 'postgressql'" in out
    assert "did you mean 'postgresql'?" in out
    assert "build failed" in out
    assert tree_digest(root / "_site") == before


def _build_forever(root: str) -> None:
    while True:
        build(Path(root), pdf=False)


def test_killed_build_leaves_previous_output(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    assert build(root, pdf=False).ok
    before = tree_digest(root / "_site")
    process = multiprocessing.get_context("spawn").Process(target=_build_forever, args=(str(root),))
    process.start()
    time.sleep(2.5)  # long enough to be in the middle of some build
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    assert tree_digest(root / "_site") == before
    # The next build cleans up what the killed one left behind.
    assert build(root, pdf=False).ok
    assert not list(tmp_path.glob("._site.staging-*"))


def test_concurrent_builds_leave_a_whole_site(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    assert build(root, pdf=False).ok
    expected = tree_digest(root / "_site")
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=build, args=(root,), kwargs={"pdf": False}) for _ in range(3)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    assert tree_digest(root / "_site") == expected


def test_role_json_validates_against_its_published_schema(built: Path) -> None:
    schema = json.loads((built / "api/v1/schema/role.schema.json").read_text(encoding="utf-8"))
    data = json.loads((built / "api/v1/roles/backend-dev.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    index_schema = json.loads(
        (REPO / "schemas/api/index.v1.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(
        json.loads((built / "api/v1/index.json").read_text(encoding="utf-8")), index_schema
    )
    cells = data["categories"][0]["skills"][0]["cells"]
    assert cells["senior"] == {
        "proficiency": "advanced",
        "required": True,
        "detail": {"en": "Tunes queries.", "zh": "调优查询。", "ru": "Оптимизирует запросы."},
    }


def test_csv_per_role_and_locale(built: Path) -> None:
    lines = (built / "api/v1/roles/backend-dev.ru.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "category_id,category,skill_id,skill,junior,middle,senior,lead,principal"
    assert lines[1] == (
        "databases,Базы данных,postgresql,PostgreSQL,working!,working!,advanced!,expert!,expert!"
    )
    assert lines[2] == (
        "testing,Тестирование,unit-testing,Модульное тестирование,"
        "awareness,working,advanced,advanced,advanced"
    )


def test_csv_encoding_is_plain_utf8_with_lf(built: Path) -> None:
    data = (built / "api/v1/roles/backend-dev.zh.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    assert "数据库" in data.decode("utf-8")


@pytest.mark.parametrize("locale", LOCALES)
def test_excel_csv_has_the_bom_and_the_same_rows(built: Path, locale: str) -> None:
    plain = (built / f"api/v1/roles/backend-dev.{locale}.csv").read_bytes().decode("utf-8")
    excel = (built / f"api/v1/roles/backend-dev.{locale}.excel.csv").read_bytes()
    # The BOM is what makes Excel read UTF-8 instead of the system's code page.
    assert excel.startswith(b"\xef\xbb\xbf")
    text = excel.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n") == plain.count("\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == list(csv.reader(io.StringIO(plain, newline="")))
    assert rows[0][:4] == ["category_id", "category", "skill_id", "skill"] and len(rows) == 3


def test_index_links_both_csvs_of_every_role(built: Path) -> None:
    index = json.loads((built / "api/v1/index.json").read_text(encoding="utf-8"))
    role = index["roles"][0]
    for locale in LOCALES:
        for key, suffix in (("csv", "csv"), ("csv_excel", "excel.csv")):
            href = role[key][locale]
            assert href == f"https://example.org/matrix/api/v1/roles/backend-dev.{locale}.{suffix}"
            assert (built / href.removeprefix("https://example.org/matrix/")).is_file()


def test_published_schemas_are_identified_by_their_url(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    for base_url in (None, "https://skills.example.net/"):
        assert build(root, pdf=False, base_url=base_url).ok
        expected_base = base_url or "https://example.org/matrix/"
        for name in ("role", "index"):
            schema = json.loads(
                (root / f"_site/api/v1/schema/{name}.schema.json").read_text(encoding="utf-8")
            )
            assert schema["$id"] == f"{expected_base}api/v1/schema/{name}.schema.json"
            source = json.loads(
                (REPO / f"schemas/api/{name}.v1.schema.json").read_text(encoding="utf-8")
            )
            assert {**schema, "$id": source["$id"]} == source  # nothing else changed
            jsonschema.Draft202012Validator.check_schema(schema)


def test_untranslated_text_falls_back_visibly(tmp_path: Path) -> None:
    role = MINIMAL["content/roles/backend-dev.yaml"].replace(
        "summary: {en: Builds services., zh: 构建服务。, ru: Строит сервисы.}",
        "summary: {en: Builds services., zh: 构建服务。}",
    )
    root = add_layouts(write_tree(tmp_path, {"content/roles/backend-dev.yaml": role}))
    assert build(root, pdf=False).ok
    html = (root / "_site/ru/roles/backend-dev/index.html").read_text(encoding="utf-8")
    assert (
        '<div lang="en" class="fallback"><p>Builds services.</p><small class="untranslated"' in html
    )


def test_base_path_is_honoured_everywhere(built: Path) -> None:
    for page in built.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'href="/en/' not in html and 'src="/assets' not in html, page


def test_link_check_resolves_relative_links_like_a_browser(tmp_path: Path) -> None:
    page = tmp_path / "en/roles/r/index.html"
    page.parent.mkdir(parents=True)
    (tmp_path / "en/roles/r/senior").mkdir()
    (tmp_path / "en/roles/r/senior/index.html").write_text('<p id="sql">x</p>', encoding="utf-8")
    page.write_text(
        '<a href="senior/#sql">ok</a> <a href="senior/#nosql">anchor</a> '
        '<a href="junior/#sql">page</a> <a href="../r/senior/">up</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path, "/base/") == [
        "en/roles/r/index.html: senior/#nosql (no such anchor)",
        "en/roles/r/index.html: junior/#sql (no such file)",
    ]
