"""The build, as one function that reads top to bottom:
load -> validate -> resolve -> plan pages -> render -> write (+ exports, search, PDFs).
The stages after resolve are in stages.py, which the preview runs too."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .check import check
from .collector import collector_paused
from .deps import role_files_shown
from .diagnostics import Diagnostics
from .history import read_history
from .output import Folder, build_lock, guard_output, publish, staging_dir
from .pages import plan_pages
from .proposals import Proposal, proposals_by_role
from .render import Assets, Renderer
from .resolve import resolve
from .search import BUNDLE_DIR, SearchIndexer
from .stages import Progress, render_everything, site_files, write_assets, write_files
from .tuning import Tuning
from .urls import Urls
from .validate import Coverage


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
        staged = Folder(staging)  # every stage writes through it (output.py)
        try:
            with SearchIndexer(records, staging) as indexer:
                # The index is built beside the pages, from records the workers write first.
                rendered = render_everything(
                    renderer,
                    pages,
                    staged,
                    Folder(records),
                    processes=processes,
                    progress=progress,
                    records_written=indexer.start,
                )
                assets_written = write_assets(root, assets, staged)
                shared_written = write_files(site_files(site, pages, urls), staged)
                indexer.finish()
            result.pages = rendered.pages
            if engine is not None:
                result.pdfs = engine.print_roles(staging, site, urls, progress=pdf_progress)
            # Counted rather than walked (a walk of the scale corpus's output took 0.45 s).
            result.files = (
                result.pages
                + rendered.role_files
                + len(assets_written)
                + len(shared_written)
                + result.pdfs
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
