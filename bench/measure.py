"""The measurements that run in a fresh interpreter each (see `fresh` in __main__): a build and
the bare loop, as `python build.py` would run them."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from skillmatrix import markdown
from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.pages import plan_pages
from skillmatrix.render import Assets, Renderer
from skillmatrix.resolve import resolve
from skillmatrix.tuning import Tuning
from skillmatrix.urls import Urls

from .corpus import REPO

OUT = REPO / "bench" / "out"


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def full_build(
    root: Path, processes: int, parent: Path, tuning: Tuning | None = None
) -> dict[str, float]:
    """A build into a new folder under `parent`, which the caller deletes at the end of the run
    (see `main`: deleting between builds would slow the next one down)."""
    out = Path(tempfile.mkdtemp(prefix="site-", dir=parent))
    os.sync()  # the previous measurement's 2 GB written back now, not during this one
    started = time.perf_counter()
    result = build(root, out / "site", pdf=False, processes=processes, tuning=tuning)
    seconds = time.perf_counter() - started
    assert result.ok, [d.format() for d in result.problems.errors][:5]
    size = folder_bytes(out / "site")
    return {
        "pages": result.pages,
        "seconds": seconds,
        "pages_per_s": result.pages / seconds,
        "mb_per_s": size / 1e6 / seconds,
        "output_mb": size / 1e6,
    }


def bare_loop(root: Path, parent: Path) -> dict[str, float]:
    """The ceiling of this stack: the same pages from the same templates and data, rendered by
    a plain Jinja2 + markdown-it-py loop in one process (no checks, no caches, no search)."""
    site = resolve(check(root).content)
    pages = plan_pages(site)
    # Jinja2 as it comes: without the shortcuts of templating.py.
    stock = Environment(
        loader=FileSystemLoader(root / "layouts"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    renderer = Renderer(
        root,
        site,
        Urls(site.config.base_url),
        Assets.scan(root / "assets"),
        pdf_available=False,
        environment=stock,
    )
    renderer.index_pages(pages)
    out = Path(tempfile.mkdtemp(prefix="bare-", dir=parent))
    render, render_inline = markdown.render, markdown.render_inline
    markdown.render = markdown.render.__wrapped__  # type: ignore[attr-defined]
    markdown.render_inline = markdown.render_inline.__wrapped__  # type: ignore[attr-defined]
    os.sync()
    try:
        started = time.perf_counter()
        for page in pages:
            target = out / page.output
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(renderer.render(page, renderer.alternates(page)), encoding="utf-8")
        seconds = time.perf_counter() - started
    finally:
        markdown.render, markdown.render_inline = render, render_inline
    return {"pages": len(pages), "seconds": seconds, "pages_per_s": len(pages) / seconds}
