"""Search index per locale, built by Pagefind. The extended binary (from the
`pagefind[extended]` wheel) segments Chinese and stems Russian; the index is split by each
record's <html lang>, and a browser loads only its own locale's chunks, so a query never returns
another language's pages.

Pagefind reads search records, not the pages: a searchable page (role, skill, category, family)
gets a small record rendered from the same model with the same macros as the page's searchable
sections (layouts/search-records/), at the page's own path, so results link to the page. On the
scale corpus, Pagefind took 96 s to read every page, 15 s to read only the searchable ones
(their matrices are most of their bytes) and under 4 s to read their records.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

BUNDLE_DIR = "pagefind"
_PR_SET_PDEATHSIG = 1


class SearchIndexError(RuntimeError):
    pass


def pagefind_executable() -> Path:
    # The CLI rather than the Python API: the API's service answers one request per 100 ms
    # poll, which made indexing 257 pages take 28 s instead of under one.
    from pagefind_bin_extended import get_executable

    return Path(get_executable())


def _die_with_parent() -> Callable[[], None] | None:
    """What the indexer's process runs before Pagefind starts: a killed build must not leave
    Pagefind writing into a folder the next build has already cleaned up (Linux; elsewhere it
    finishes on its own). The C library is found here, in the parent: between fork and exec
    the child of a threaded process (the preview) may only do the least (no subprocess, as
    `find_library` runs, no imports)."""
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def ask_for_sigkill() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)

    return ask_for_sigkill


class SearchIndexer:
    """Pagefind over the search records under `records`, writing `site_dir`/pagefind/. It runs
    beside the build once the records are written (`start`), and `finish` waits for it; as a
    context manager it never outlives the build."""

    def __init__(self, records: Path, site_dir: Path) -> None:
        self.records = records
        self.bundle = site_dir / BUNDLE_DIR
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        # Chunk names carry content hashes: an index written over an old one would leave
        # stale chunks behind, so a fresh bundle is always written.
        shutil.rmtree(self.bundle, ignore_errors=True)
        self.process = subprocess.Popen(
            [
                str(pagefind_executable()),
                "--site",
                str(self.records.resolve()),
                "--output-path",
                str(self.bundle.resolve()),
                "--silent",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=_die_with_parent(),
        )

    def finish(self) -> None:
        if self.process is None:
            self.start()
        assert self.process is not None
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError(f"pagefind failed: {output}".strip())
        # Pagefind writes its languages in hash-map order; builds must be byte-identical.
        entry = self.bundle / "pagefind-entry.json"
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["languages"] = dict(sorted(data.get("languages", {}).items()))
        entry.write_text(
            json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )

    def __enter__(self) -> SearchIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def write_search_index(records: Path, site_dir: Path) -> None:
    """Index the search records under `records` into `site_dir`/pagefind/, now."""
    with SearchIndexer(records, site_dir) as indexer:
        indexer.finish()
