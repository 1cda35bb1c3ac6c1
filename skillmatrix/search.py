"""Search index per locale, built by Pagefind from the written pages themselves, so what is
found is what readers see. The extended binary (from the `pagefind[extended]` wheel) segments
Chinese and stems Russian; the index is split by each page's <html lang>, and a browser loads
only its own locale's chunks, so a query never returns another language's pages.

Pages opt in with `data-pagefind-body` (role, skill, category and family pages: the pages
planned `searchable`); the rest (level pages, print views, 404, the locale chooser, the search
page) are left out.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

BUNDLE_DIR = "pagefind"
# The searchable pages' files. Pagefind is told to read only these: on the scale corpus,
# parsing all 32,000 pages to index the 5,000 that opt in took 96 s instead of 15.
SEARCHABLE = "*/{roles,skills,categories,families}/*/index.html"


class SearchIndexError(RuntimeError):
    pass


def pagefind_executable() -> Path:
    # The CLI rather than the Python API: the API's service answers one request per 100 ms
    # poll, which made indexing 257 pages take 28 s instead of under one.
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    return Path(get_executable())


def write_search_index(site_dir: Path) -> None:
    # Chunk names carry content hashes: an index written over an old one would leave stale
    # chunks behind, so a fresh bundle is always written.
    shutil.rmtree(site_dir / BUNDLE_DIR, ignore_errors=True)
    result = subprocess.run(
        [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
         "--glob", SEARCHABLE, "--silent"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"pagefind failed: {result.stdout}{result.stderr}".strip())
    # Pagefind writes its languages in hash-map order; builds must be byte-identical.
    entry = site_dir / BUNDLE_DIR / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["languages"] = dict(sorted(data.get("languages", {}).items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
