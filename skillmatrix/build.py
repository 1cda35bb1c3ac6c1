"""The build, as one function that reads top to bottom:
load -> validate -> resolve -> plan pages -> render -> write (+ exports, search, PDFs)."""

from __future__ import annotations

import gc
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import exports
from .check import check
from .collector import collector_paused
from .deps import role_files_shown
from .diagnostics import Diagnostics
from .feeds import feed_files
from .history import read_history
from .model import Role, Site
from .output import MARKER, MARKER_TEXT, build_lock, guard_output, publish, staging_dir, write_file
from .pages import Page, plan_pages
from .proposals import Proposal, proposals_by_role
from .render import Assets, Renderer
from .resolve import resolve
from .search import BUNDLE_DIR, SearchIndexer
from .search_names import names_file
from .tuning import Tuning
from .urls import Urls
from .validate import Coverage
from .workers import can_fork, run_shares

Progress = Callable[[int, int], None]
API_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "api"


@dataclass
class BuildResult:
    problems: Diagnostics
    coverage: list[Coverage] = field(default_factory=list)
    pages: int = 0
    files: int = 0
    pdfs: int = 0
    notes: list[str] = field(default_factory=list)  # e.g. "PDFs skipped: no browser"

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def build(
    root: Path,
    out: Path | None = None,
    *,
    base_url: str | None = None,
    pdf: bool = True,
    progress: Progress | None = None,
    pdf_progress: Progress | None = None,
    live_reload: int | None = None,
    proposals: list[Proposal] | None = None,
    processes: int | None = None,
    tuning: Tuning | None = None,
) -> BuildResult:
    """`progress` is told (done, total) as pages are rendered, `pdf_progress` as PDFs are
    printed. `tuning` (default: as SKILLMATRIX_TUNING says) switches the speed tricks."""
    tuning = tuning or Tuning.from_environment()
    with collector_paused(tuning.collector):
        return _build(
            root,
            out,
            base_url=base_url,
            pdf=pdf,
            progress=progress,
            pdf_progress=pdf_progress,
            live_reload=live_reload,
            proposals=proposals,
            processes=processes if tuning.workers else 1,
            tuning=tuning,
        )


def _build(
    root: Path,
    out: Path | None,
    *,
    base_url: str | None,
    pdf: bool,
    progress: Progress | None,
    pdf_progress: Progress | None,
    live_reload: int | None,
    proposals: list[Proposal] | None,
    processes: int | None,
    tuning: Tuning,
) -> BuildResult:
    checked = check(root, collector=tuning.collector)  # load + validate
    result = BuildResult(checked.problems, checked.coverage)
    if not result.ok:
        return result  # the previous output stays as it was
    site = resolve(checked.content)
    config = checked.content.config
    assert config is not None
    # Refused before anything is written (OutputRefused), and again under the lock below.
    out = guard_output(root, out or root / config.output_dir)
    urls = Urls.published_at(base_url, config.base_url)
    from .pdf import NO_BROWSER, pdf_engine  # imported late: Playwright is only for PDFs

    engine = pdf_engine() if pdf else None
    history = read_history(root, (role.source for role in site.roles), config.history_limit)
    if history.warning():
        result.notes.append(f"{history.warning()}; the history pages say so")
    pages = plan_pages(site, history, print_views=engine is not None)
    assets = Assets.scan(root / "assets")
    if engine is None:
        result.notes.append(
            "PDFs skipped: " + ("--no-pdf" if not pdf else f"{NO_BROWSER}; pages hide the PDF link")
        )
    renderer = Renderer(
        root,
        site,
        urls,
        assets,
        pdf_available=engine is not None,
        live_reload=live_reload,
        tuning=tuning,
        proposals=None
        if proposals is None
        else proposals_by_role(proposals, {role.id: role_files_shown(role) for role in site.roles}),
    )
    renderer.index_pages(pages)

    with build_lock(out):
        guard_output(root, out)  # another process may have changed it meanwhile
        staging = staging_dir(out)
        records = staging.with_name(staging.name + "-search-records")  # cleaned up likewise
        records.mkdir()
        try:
            with SearchIndexer(records, staging) as indexer:
                # The index is built beside the pages, from records the workers write first.
                result.pages = render_pages(
                    renderer,
                    pages,
                    staging,
                    records,
                    processes=processes,
                    progress=progress,
                    records_written=indexer.start,
                )
                for source_name, output_name in assets.names.items():
                    target = staging / output_name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(root / "assets" / source_name, target)
                shared_files = site_files(site, pages, urls)
                for relpath, data in shared_files.items():
                    write_file(staging, relpath, data)
                indexer.finish()
            if engine is not None:
                result.pdfs = engine.print_roles(staging, site, urls, progress=pdf_progress)
            # Counted rather than walked (a walk of the scale corpus's output took 0.45 s).
            result.files = (
                result.pages
                + len(assets.names)
                + len(shared_files)
                + result.pdfs
                + sum(len(role_file_paths(role, site)) for role in site.roles)
                + _count_files(staging / BUNDLE_DIR)
            )
            publish(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(records, ignore_errors=True)
    return result


def _count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400

_Task = tuple[str, int, int]  # ("records" | "pages" | "roles", start, end)


@dataclass(frozen=True)
class _Job:
    """What the workers share (copy-on-write after the fork): nothing else crosses over."""

    renderer: Renderer
    pages: list[Page]
    order: list[int]  # page indexes, by locale: tasks take slices of it
    searchable: list[int]  # the indexes of the searchable pages, in the same order
    out: Path
    records: Path


_JOB: _Job | None = None


def render_pages(
    renderer: Renderer,
    pages: list[Page],
    out: Path,
    records: Path,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    records_written: Callable[[], None] | None = None,
) -> int:
    """Render every page and write it under `out`, the search record of every searchable
    page under `records`, and each role's data files (JSON, CSV) under `out`; returns the
    number of pages. The records come first: `records_written` is called once they all are
    (the search index can be built while the pages are rendered).

    With more than one core, forked workers share the resolved site copy-on-write and write
    their own files, so nothing but counts crosses process boundaries. Each worker starts on
    its own locales' pages (see workers.py)."""
    global _JOB
    processes = processes or os.cpu_count() or 1
    if len(pages) < PARALLEL_THRESHOLD or not can_fork():
        processes = 1
    order = sorted(range(len(pages)), key=lambda index: pages[index].locale or "")
    searchable = [index for index in order if pages[index].searchable]
    _JOB = _Job(renderer, pages, order, searchable, out, records)
    roles = len(renderer.site.roles)
    # In each share the records come first, then the pages (chunks small enough to share the
    # work out evenly at the end), then the data files.
    shares = [
        _chunks("records", len(searchable), 64, part, processes)
        + _chunks("pages", len(pages), 64, part, processes)
        + _chunks("roles", roles, 16, part, processes)
        for part in range(processes)
    ]
    records_left = sum(task[0] == "records" for share in shares for task in share)
    done = 0

    def finished(result: tuple[str, int]) -> None:
        nonlocal done, records_left
        kind, count = result
        if kind == "records":
            records_left -= 1
            if records_left == 0 and records_written:
                records_written()
        elif kind == "pages":
            done += count
            if progress:
                progress(done, len(pages))

    if records_left == 0 and records_written:
        records_written()
    # Frozen, the model is never scanned by the collector, and in forked workers its memory
    # pages stay shared with this process instead of being copied on the collector's first
    # write. The collector stays paused while rendering: each task ends with a collection of
    # the young generation (`_run`), which finds the few cycles a page leaves, where automatic
    # collections ran hundreds of times per task (5 of 45 CPU seconds on the scale corpus).
    tuned = renderer.tuning.collector
    if tuned:
        gc.freeze()
    try:
        if processes == 1:
            for task in shares[0]:
                finished(_run(task))
        else:
            run_shares(shares, _run, finished)
        return len(pages)
    finally:
        if tuned:
            gc.unfreeze()
        _JOB = None


def _chunks(kind: str, total: int, size: int, part: int, parts: int) -> list[_Task]:
    """Tasks of `size` items over part `part` of `parts` equal parts of range(total)."""
    start, end = total * part // parts, total * (part + 1) // parts
    return [(kind, first, min(first + size, end)) for first in range(start, end, size)]


def _run(task: _Task) -> tuple[str, int]:
    """The records of searchable pages start..end, pages start..end (both in `order`), or the
    data files of roles start..end; returns the kind and how many."""
    assert _JOB is not None
    kind, start, end = task
    if kind == "records":
        for index in _JOB.searchable[start:end]:
            page = _JOB.pages[index]
            write_file(_JOB.records, page.output, _JOB.renderer.render_record(page))
    elif kind == "roles":
        for role in _JOB.renderer.site.roles[start:end]:
            for relpath, data in role_files(role, _JOB.renderer.site, _JOB.renderer.urls).items():
                write_file(_JOB.out, relpath, data)
    else:
        renderer = _JOB.renderer
        for index in _JOB.order[start:end]:
            page = _JOB.pages[index]
            write_file(_JOB.out, page.output, renderer.render(page, renderer.alternates(page)))
        if renderer.tuning.collector:
            gc.collect(0)  # the cycles these pages left (see render_pages)
    return kind, end - start


def export_files(site: Site, pages: list[Page], urls: Urls) -> dict[str, str | bytes]:
    """Every data file: the site's and each role's."""
    files = site_files(site, pages, urls)
    for role in site.roles:
        files.update(role_files(role, site, urls))
    return files


def site_files(site: Site, pages: list[Page], urls: Urls) -> dict[str, str | bytes]:
    """The site-wide data files: API index, every role's expectations (the calculator's
    distances), sitemap, robots.txt, the API's schemas, each locale's names of searchable pages
    (for the search box), and the history feeds."""
    files: dict[str, str | bytes] = {
        Urls.api_index(): exports.dumps(exports.index_json(site, urls)),
        Urls.expectations(): exports.dumps(exports.expectations_json(site)),
        "sitemap.xml": exports.sitemap_xml(site, pages, urls),
        "robots.txt": exports.robots_txt(urls),
        ".nojekyll": "",
        MARKER: MARKER_TEXT,  # the next build may replace this folder (output.guard_output)
    }
    # The published formats carry their schemas, so consumers can validate what they fetch.
    for name in ("role", "index"):
        source = (API_SCHEMAS / f"{name}.v1.schema.json").read_text(encoding="utf-8")
        files[Urls.api_schema(name)] = exports.api_schema(source, urls, name)
    for locale in site.locales:
        files[Urls.search_names(locale)] = names_file(site, pages, locale)
    files.update(feed_files(site, pages, urls))
    return files


def role_files(role: Role, site: Site, urls: Urls) -> dict[str, str]:
    """A role's data files: JSON, compact matrix JSON, and per locale a CSV and its variant
    for Excel."""
    files = {
        Urls.api_role(role.id): exports.dumps(exports.role_json(role, site, urls)),
        Urls.matrix_role(role.id): json.dumps(
            exports.matrix_json(role, site), ensure_ascii=False, separators=(",", ":")
        ),
    }
    for locale in site.locales:
        files[Urls.csv_role(role.id, locale)] = exports.role_csv(role, site, locale)
        files[Urls.excel_csv_role(role.id, locale)] = exports.role_csv(
            role, site, locale, excel=True
        )
    return files


def role_file_paths(role: Role, site: Site) -> list[str]:
    """The paths role_files writes, without making the files."""
    return [
        Urls.api_role(role.id),
        Urls.matrix_role(role.id),
        *(
            path
            for locale in site.locales
            for path in (Urls.csv_role(role.id, locale), Urls.excel_csv_role(role.id, locale))
        ),
    ]
