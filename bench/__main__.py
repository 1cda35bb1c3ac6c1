"""`python -m bench` (or `./dev bench`): one run, every figure the targets speak of.
`python -m bench lighthouse`: Lighthouse scores of the real site's pages (bench/lighthouse.py).

Ratios are taken against baselines measured in the same process on the same machine; nothing
here asserts a time. Results: bench/README.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gzip
import json
import multiprocessing
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.preview import Preview
from skillmatrix.urls import Urls

from .corpus import REPO, generate
from .measure import OUT, bare_loop, folder_bytes, full_build

RUNS = Path(tempfile.gettempdir())


def fresh(function: Callable[..., dict[str, float]], *args: object) -> dict[str, float]:
    """`function(*args)` in a new interpreter, as a `python build.py` run is: a build must not
    inherit the heap of the measurements before it (its workers would copy more of it)."""
    with concurrent.futures.ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        return pool.submit(function, *args).result()


def one_cell_edit(root: Path, role_file: str, old: str, new: str, parent: Path) -> dict[str, float]:
    """Latency from a saved one-cell edit to the changed pages on disk, in the preview."""
    work = Path(tempfile.mkdtemp(prefix="edit-", dir=parent))
    shutil.copytree(root / "content", work / "content")
    for name in ("layouts", "assets"):
        shutil.copytree(root / name, work / name)
    shutil.copy2(root / "site_config.yaml", work / "site_config.yaml")
    view = Preview(work, work / "out", base_url="http://127.0.0.1:8000/")
    view.update(None)
    view.changed_files()
    path = work / role_file
    text = path.read_text(encoding="utf-8")
    assert old in text, (role_file, old)
    timings = []
    for attempt in range(3):
        path.write_text(text.replace(old, new, 1) if attempt % 2 == 0 else text, encoding="utf-8")
        update = view.update(view.changed_files())
        timings.append(
            (update.pages_seconds, update.seconds, len(update.rendered), len(update.written))
        )
    best = min(t for t in timings if t[3])  # attempts that changed something
    return {
        "to_pages_ms": best[0] * 1000,
        "with_search_ms": best[1] * 1000,
        "rendered": best[2],
        "written": best[3],
    }


def search_downloads(site: Path, queries: list[tuple[str, str]]) -> dict[str, object]:
    """Bytes fetched by a first query and by a later one, in Chromium: Pagefind's files, the
    locale's names file and the script that matches them (everything fetched once the page
    has loaded). Bodies are counted as served here: this server compresses nothing, so
    scripts count whole; Pagefind's files and the names file are written compressed."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, object] = {"index_mb": folder_bytes(site / "pagefind") / 1e6}
    for locale in sorted({locale for locale, _ in queries}):
        names = site / Urls.search_names(locale)
        results[f"names_{locale}_kb"] = names.stat().st_size / 1000  # as written: gzip
        results[f"names_{locale}_json_kb"] = len(gzip.decompress(names.read_bytes())) / 1000
    from skillmatrix.pdf import chromium_path

    launch: dict[str, object] = {"args": ["--no-sandbox"]}
    chosen = chromium_path()  # the same browser as the tests and the PDFs
    if chosen:
        launch["executable_path"] = shutil.which(chosen) or chosen
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch)
        page = browser.new_page()
        fetched: list[int] = []

        def count(response) -> None:  # type: ignore[no-untyped-def]
            if response.status < 300:
                body = response.body()
                fetched.append(len(body))

        page.on("response", count)
        for index, (locale, query) in enumerate(queries):
            page.goto(f"{base}/{locale}/")
            page.wait_for_load_state("networkidle")  # the page's own files are not the query's
            before = sum(fetched)
            page.locator("[data-search-input]").fill(query)
            page.locator("#search-popup [data-popup-results] li").first.wait_for(timeout=30_000)
            page.wait_for_load_state("networkidle")
            results[f"query{index + 1}_{locale}_{query}_kb"] = (sum(fetched) - before) / 1000
            if index == 0:
                # A later query in the same page: only the chunks it adds are fetched. Wait
                # until its own results replaced the first query's.
                from playwright.sync_api import expect

                first = page.locator("#search-popup [data-popup-results] li a").first
                previous = first.get_attribute("href")
                before = sum(fetched)
                page.locator("[data-search-input]").fill(queries[1][1])
                expect(first).not_to_have_attribute("href", previous or "", timeout=30_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                results["later_query_kb"] = (sum(fetched) - before) / 1000
        browser.close()
    server.shutdown()
    return results


def median_of(
    runs: int, function: Callable[..., dict[str, float]], *args: object
) -> dict[str, object]:
    """`function(*args)` run `runs` times, each in a fresh interpreter: the run with the median
    rate, and every run's rate (this machine's speed varies from run to run, see README.md)."""
    results = sorted((fresh(function, *args) for _ in range(runs)), key=lambda r: r["pages_per_s"])
    return {
        **results[len(results) // 2],
        "runs_pages_per_s": [round(r["pages_per_s"], 1) for r in results],
    }


class Report(dict):  # type: ignore[type-arg]
    """The figures, each also printed to stderr as it is measured: a long run that fails late
    still tells what it measured."""

    def __setitem__(self, key: str, value: object) -> None:
        super().__setitem__(key, value)
        print(f"{key}: {json.dumps(value, ensure_ascii=False)}", file=sys.stderr, flush=True)


def main() -> None:
    # `python -m bench lighthouse | latency | tricks`: the modules of the same names.
    if sys.argv[1:2] == ["lighthouse"]:
        from .lighthouse import main as lighthouse

        lighthouse(sys.argv[2:])
        return
    if sys.argv[1:2] == ["latency"]:
        from .latency import main as latency

        latency(sys.argv[2:])
        return
    if sys.argv[1:2] == ["tricks"]:
        from .tricks import main as tricks

        tricks(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        epilog="python -m bench lighthouse | latency | tricks [--help]: Lighthouse over one page "
        "of each kind; a save in the preview until Chromium shows it; what each speed trick pays",
    )
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--skills", type=int, default=600)
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="runs of each build and of the bare loop; the median is reported",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the search downloads")
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="only the search figures (index size, bytes per query), both corpora",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for leftover in [*OUT.glob("run-*"), *RUNS.glob("skillmatrix-bench-run-*")]:
        shutil.rmtree(leftover)  # of an interrupted run
    # Every output of this run stays until its end. On a filesystem without a journal (ext4
    # here), creating files within minutes of deleting many others is slow: the allocator
    # checks each recently freed inode. Deleting a 2 GB site between two builds made the
    # second one spend up to 25 s more in the kernel: a cost of this benchmark, not of a build.
    # Outside the repository: a build refuses to write into its bench/ folder.
    run = Path(tempfile.mkdtemp(prefix="skillmatrix-bench-run-", dir=RUNS))
    try:
        measure(args, run)
    finally:
        shutil.rmtree(run)


def measure(args: argparse.Namespace, run: Path) -> None:
    report = Report()
    report["machine"] = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    report["date"] = time.strftime("%Y-%m-%d")
    corpus = generate(OUT / "corpus", roles=args.roles, skills=args.skills)
    if args.search_only:
        for key, value in search_figures(corpus, run).items():
            report[key] = value
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    for name, root in (("real", REPO), ("scale", corpus)):
        started = time.perf_counter()
        result = check(root)
        report[f"{name}.check_s"] = time.perf_counter() - started
        assert not result.problems.errors
        for processes in (1, 2):
            report[f"{name}.build_{processes}p"] = median_of(
                args.runs, full_build, root, processes, run
            )
        report[f"{name}.bare_loop"] = bare = median_of(args.runs, bare_loop, root, run)
        for processes in (1, 2):
            build_rate = report[f"{name}.build_{processes}p"]["pages_per_s"]  # type: ignore[index]
            report[f"{name}.ratio_{processes}p_vs_bare"] = build_rate / bare["pages_per_s"]
    report["real.one_cell_edit"] = one_cell_edit(
        REPO,
        "content/roles/backend-developer-python.yaml",
        "senior: advanced!, lead: expert!",
        "senior: expert!, lead: expert!",
        run,
    )
    # A row whose Principal cell can be raised: a real one-cell change.
    row = next(
        line
        for line in (corpus / "content/roles/role-0000.yaml").read_text().splitlines()
        if "principal: awareness}" in line or "principal: working}" in line
    )
    report["scale.one_cell_edit"] = one_cell_edit(
        corpus, "content/roles/role-0000.yaml", row, row.rsplit(": ", 1)[0] + ": advanced}", run
    )
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report["peak_memory_mb"] = {
        "bench_and_preview": usage / 1024,
        "largest_build_process": children / 1024,
    }
    if not args.no_browser:
        for key, value in search_figures(corpus, run).items():
            report[key] = value
    print(json.dumps(report, indent=1, ensure_ascii=False))


def search_figures(corpus: Path, run: Path) -> dict[str, object]:
    figures: dict[str, object] = {}
    queries = {
        "real": [("en", "postgres"), ("en", "kuber"), ("zh", "数据库"), ("ru", "очеред")],
        "scale": [("en", "cache"), ("en", "shard"), ("zh", "缓存"), ("ru", "очеред")],
    }
    for name, root in (("real", REPO), ("scale", corpus)):
        site = Path(tempfile.mkdtemp(prefix="search-", dir=run))
        assert build(root, site / "site", base_url="http://127.0.0.1/", pdf=False).ok
        figures[f"{name}.search"] = search_downloads(site / "site", queries[name])
    return figures


if __name__ == "__main__":
    main()
