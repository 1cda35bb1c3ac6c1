"""The stages after load, validate and resolve, as plain functions over the resolved model:
render pages (and their search records), write the data files, copy the assets.

`build` runs every stage into a fresh folder; the preview runs the same functions on what an
edit changed, into the folder it keeps in step. Both write through an `output.Folder`, so no
stage exists twice. The files besides the pages are listed once: SITE_OUTPUTS (site-wide
files) and ROLE_OUTPUTS (each role's files); a new export or feed is one more function there.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import exports
from .feeds import feed_files
from .model import Role, Site
from .output import MARKER, MARKER_TEXT, Folder
from .pages import Page
from .render import Assets, Renderer
from .search_names import names_file
from .urls import Urls
from .workers import can_fork, run_shares

Progress = Callable[[int, int], None]
Files = dict[str, str | bytes]  # output path -> content
API_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas" / "api"


# --- Files besides the pages ------------------------------------------------------------------


def api_files(site: Site, pages: list[Page], urls: Urls) -> Files:
    """The API's index, every role's expectations in one file (the calculator's distances to
    other roles), and the schemas of its formats, so consumers can validate what they fetch."""
    files: Files = {
        Urls.api_index(): exports.dumps(exports.index_json(site, urls)),
        Urls.expectations(): exports.dumps(exports.expectations_json(site)),
    }
    for name in ("role", "index"):
        source = (API_SCHEMAS / f"{name}.v1.schema.json").read_text(encoding="utf-8")
        files[Urls.api_schema(name)] = exports.api_schema(source, urls, name)
    return files


def host_files(site: Site, pages: list[Page], urls: Urls) -> Files:
    """Sitemap, robots.txt, and the files that tell hosts and builds what the folder is."""
    return {
        "sitemap.xml": exports.sitemap_xml(site, pages, urls),
        "robots.txt": exports.robots_txt(urls),
        ".nojekyll": "",
        MARKER: MARKER_TEXT,  # the next build may replace this folder (output.guard_output)
    }


def search_name_files(site: Site, pages: list[Page], urls: Urls) -> Files:
    """Each locale's names of searchable pages, for the search box."""
    return {Urls.search_names(locale): names_file(site, pages, locale) for locale in site.locales}


def role_data_files(role: Role, site: Site, urls: Urls) -> Files:
    """A role's JSON, its compact matrix JSON, and per locale a CSV and its variant for
    Excel."""
    files: Files = {
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


# Made again after every change (they are cheap and show every role).
SITE_OUTPUTS: list[Callable[[Site, list[Page], Urls], Files]] = [
    api_files,
    host_files,
    search_name_files,
    feed_files,
]
# Made again after a change to a file the role's pages show (deps.role_files_shown).
ROLE_OUTPUTS: list[Callable[[Role, Site, Urls], Files]] = [role_data_files]


def site_files(site: Site, pages: list[Page], urls: Urls) -> Files:
    files: Files = {}
    for output in SITE_OUTPUTS:
        files.update(output(site, pages, urls))
    return files


def role_files(role: Role, site: Site, urls: Urls) -> Files:
    files: Files = {}
    for output in ROLE_OUTPUTS:
        files.update(output(role, site, urls))
    return files


def write_files(files: Files, out: Folder) -> list[str]:
    """Write `files`; returns the paths whose bytes changed."""
    return [relpath for relpath, data in files.items() if out.write(relpath, data)]


def write_assets(root: Path, assets: Assets, out: Folder) -> list[str]:
    """The assets under their fingerprinted names; returns the paths whose bytes changed."""
    return write_files(
        {
            output_name: (root / "assets" / source_name).read_bytes()
            for source_name, output_name in assets.names.items()
        },
        out,
    )


# --- Pages ------------------------------------------------------------------------------------


def write_page(renderer: Renderer, page: Page, out: Folder) -> bool:
    return out.write(page.output, renderer.render(page, renderer.alternates(page)))


def write_record(renderer: Renderer, page: Page, records: Folder) -> bool:
    """The search record of a searchable page (search.py indexes them)."""
    return records.write(page.output, renderer.render_record(page))


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
    out: Folder
    records: Folder


_JOB: _Job | None = None


@dataclass
class Rendered:
    pages: int = 0
    role_files: int = 0


def render_everything(
    renderer: Renderer,
    pages: list[Page],
    out: Folder,
    records: Folder,
    *,
    processes: int | None = None,
    progress: Progress | None = None,
    records_written: Callable[[], None] | None = None,
) -> Rendered:
    """Every page, the search record of every searchable page and every role's data files.
    The records come first: `records_written` is called once they all are (the search index
    can be built while the pages are rendered).

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
    rendered = Rendered()

    def finished(result: tuple[str, int]) -> None:
        nonlocal records_left
        kind, count = result
        if kind == "records":
            records_left -= 1
            if records_left == 0 and records_written:
                records_written()
        elif kind == "pages":
            rendered.pages += count
            if progress:
                progress(rendered.pages, len(pages))
        else:
            rendered.role_files += count

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
        return rendered
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
    data files of roles start..end; returns the kind and how many files."""
    assert _JOB is not None
    kind, start, end = task
    renderer = _JOB.renderer
    if kind == "records":
        for index in _JOB.searchable[start:end]:
            write_record(renderer, _JOB.pages[index], _JOB.records)
    elif kind == "roles":
        written = 0
        for role in renderer.site.roles[start:end]:
            written += len(write_files(role_files(role, renderer.site, renderer.urls), _JOB.out))
        return kind, written
    else:
        for index in _JOB.order[start:end]:
            write_page(renderer, _JOB.pages[index], _JOB.out)
        if renderer.tuning.collector:
            gc.collect(0)  # the cycles these pages left (see render_everything)
    return kind, end - start
