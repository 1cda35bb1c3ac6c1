"""The build, as one function that reads top to bottom:
load -> validate -> resolve -> plan pages -> render -> write (+ exports, search, PDFs)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import exports
from .check import check
from .diagnostics import Diagnostics
from .output import build_lock, publish, staging_dir, write_file
from .pages import Page, plan_pages
from .proposals import Proposal
from .render import Assets, Renderer
from .resolve import resolve
from .search import write_search_index
from .urls import Urls
from .validate import Coverage

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    problems: Diagnostics
    coverage: list[Coverage] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. "PDFs skipped: no browser"

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def build(root: Path, out: Path | None = None, *, base_url: str | None = None,
          pdf: bool = True, progress: Progress | None = None,
          live_reload: int | None = None,
          proposals: dict[str, list[Proposal]] | None = None) -> BuildResult:
    checked = check(root)  # load + validate
    result = BuildResult(checked.problems, checked.coverage)
    if not result.ok:
        return result  # the previous output stays as it was
    site = resolve(checked.content)
    config = checked.content.config
    assert config is not None
    out = out or root / config.output_dir
    urls = Urls(base_url or config.base_url)
    pages = plan_pages(site)
    assets = Assets.scan(root / "assets")
    from .pdf import pdf_engine  # imported late: Playwright is only needed for PDFs

    engine = pdf_engine() if pdf else None
    if engine is None:
        result.notes.append("PDFs skipped: " + ("--no-pdf" if not pdf else
                                                "no Chromium found; pages hide the PDF link"))
    renderer = Renderer(root, site, urls, assets, pdf_available=engine is not None,
                        live_reload=live_reload, proposals=proposals)

    rendered = render_pages(renderer, pages, progress)

    with build_lock(out):
        staging = staging_dir(out)
        try:
            for page, html in rendered:
                write_file(staging, page.output, html)
            for source_name, output_name in assets.names.items():
                target = staging / output_name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / "assets" / source_name, target)
            for relpath, data in export_files(site, pages, urls).items():
                write_file(staging, relpath, data)
            write_search_index(staging)
            if engine is not None:
                engine.print_roles(staging, site, urls)
            result.pages = len(rendered)
            result.files = sum(1 for p in staging.rglob("*") if p.is_file())
            publish(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return result


def render_pages(renderer: Renderer, pages: list[Page],
                 progress: Progress | None = None) -> list[tuple[Page, str]]:
    by_key: dict[tuple[str, ...], list[Page]] = {}
    for page in pages:
        if page.locale is not None:
            by_key.setdefault(page.key, []).append(page)
    rendered = []
    for index, page in enumerate(pages, 1):
        rendered.append((page, renderer.render(page, by_key.get(page.key, []))))
        if progress:
            progress(index, len(pages))
    return rendered


def export_files(site, pages: list[Page], urls: Urls) -> dict[str, str]:  # type: ignore[no-untyped-def]
    files = {
        Urls.api_index(): exports.dumps(exports.index_json(site, urls)),
        "sitemap.xml": exports.sitemap_xml(site, pages, urls),
        "robots.txt": exports.robots_txt(urls),
        ".nojekyll": "",
    }
    # The published formats carry their schemas, so consumers can validate what they fetch.
    for name in ("role", "index"):
        schema = Path(__file__).resolve().parent.parent / "schemas" / "api" / f"{name}.v1.schema.json"
        files[f"api/v1/schema/{name}.schema.json"] = schema.read_text(encoding="utf-8")
    for role in site.roles:
        files[Urls.api_role(role.id)] = exports.dumps(exports.role_json(role, site, urls))
        files[Urls.matrix_role(role.id)] = json.dumps(exports.matrix_json(role, site),
                                                      ensure_ascii=False, separators=(",", ":"))
        for locale in site.locales:
            files[Urls.csv_role(role.id, locale)] = exports.role_csv(role, site, locale)
    return files
