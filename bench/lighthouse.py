"""`python -m bench lighthouse` (or `./dev bench lighthouse`, `python -m bench.lighthouse`):
Lighthouse over one page of each kind of the real site, in English and Chinese.

A measurement, not a test: it builds the real content, serves it on a loopback port the way a
static host would (text compressed, the 404 page for missing files), runs Lighthouse (mobile by
default) over a home, family, role, level, path, skill, calculator, compare and search page of
each locale, prints the four category scores and the layout shift of each, and writes every
report and a summary under bench/out/lighthouse-results/{time}-{preset}/. Lighthouse comes
from the npm registry into bench/out/lighthouse/ on the first run. Results: bench/README.md,
"Lighthouse".
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.model import Site
from skillmatrix.pdf import CHROMIUM_VARIABLE, chromium_path
from skillmatrix.resolve import resolve
from skillmatrix.urls import Urls

from .corpus import REPO
from .measure import OUT

# Lighthouse 13 needs Node 22.19 or later; 12 runs on the Node 20 of Debian 12 and Ubuntu 24.04.
PACKAGE = "lighthouse@12.8.2"
TOOL = OUT / "lighthouse"
RESULTS = OUT / "lighthouse-results"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# What a static host such as GitHub Pages compresses; without it every page would lose
# performance points for a server this script stands in for.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


def lighthouse_cli() -> Path:
    """Lighthouse's command-line script, installed into bench/out/lighthouse/ if it is not."""
    script = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not script.is_file():
        npm = shutil.which("npm")
        if npm is None:
            sys.exit("npm is needed to install Lighthouse (it comes with Node.js)")
        TOOL.mkdir(parents=True, exist_ok=True)
        print(f"installing {PACKAGE} into {TOOL.relative_to(REPO)}/", file=sys.stderr)
        subprocess.run(
            [npm, "install", "--prefix", str(TOOL), "--no-audit", "--no-fund", PACKAGE], check=True
        )
    return script


def pages(site: Site, locale: str) -> dict[str, str]:
    """One page of each kind in `locale` (site paths): the first role, its family, its second
    level (it has a 'what changed' section), its first skill."""
    role = site.roles[0]
    skill = role.rows[0].skill
    return {
        "home": Urls.home(locale),
        "family": Urls.family(locale, role.family.id),
        "role": Urls.role(locale, role.id),
        "level": Urls.level(locale, role.id, role.levels[min(1, len(role.levels) - 1)].level.id),
        "path": Urls.role_page(locale, role.id, "path"),
        "skill": Urls.skill(locale, skill.id),
        "calculator": Urls.role_page(locale, role.id, "calculator"),
        "compare": Urls.role_page(locale, role.id, "compare"),
        # With a query, as a reader arrives from the search box: results are on the page.
        "search": Urls.search(locale) + "?q=" + quote(skill.name.plain(locale)),
    }


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Files as a static host serves them: text gzip-compressed when the browser accepts it,
    the site's 404 page for a missing file."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix in COMPRESSED
            and path.is_file()
            and "gzip" in self.headers.get("Accept-Encoding", "")
        ):
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class _Body:
    """A compressed body, read like the file `send_head` would return."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *args: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def served_real_site(out: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(StaticHost, directory=str(out))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    result = build(REPO, out, base_url=base, pdf=False)
    if not result.ok:
        sys.exit(
            "the real content does not build: "
            + "; ".join(d.format() for d in result.problems.errors)
        )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def run_lighthouse(cli: Path, url: str, report: Path, preset: str) -> dict[str, object]:
    """One Lighthouse run: the category scores (0-100) and the cumulative layout shift."""
    browser = chromium_path()
    env = dict(os.environ)
    if browser:
        env["CHROME_PATH"] = shutil.which(browser) or browser
    command = [
        "node",
        str(cli),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0 or not report.is_file():
        return {"error": (completed.stderr or completed.stdout).strip()[-500:]}
    data = json.loads(report.read_text(encoding="utf-8"))
    scores: dict[str, object] = {
        name: None
        if data["categories"][name]["score"] is None
        else round(data["categories"][name]["score"] * 100)
        for name in CATEGORIES
    }
    audits = data["audits"]
    scores["cls"] = round(audits["cumulative-layout-shift"]["numericValue"], 3)
    scores["lcp_ms"] = round(audits["largest-contentful-paint"]["numericValue"])
    scores["tbt_ms"] = round(audits["total-blocking-time"]["numericValue"])
    # The audits that cost points, so a low score says why.
    scores["failed"] = sorted(
        name
        for name, audit in audits.items()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return scores


def table(rows: list[dict[str, object]]) -> str:
    header = ["page", "locale", "perf", "a11y", "best", "seo", "CLS", "LCP ms", "TBT ms"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        if "error" in row:
            lines.append(
                f"| {row['page']} | {row['locale']} | error: "
                f"{str(row['error']).splitlines()[-1] if row['error'] else '?'} |"
            )
            continue
        cells = [
            row["page"],
            row["locale"],
            *(row[c] for c in CATEGORIES),
            row["cls"],
            row["lcp_ms"],
            row["tbt_ms"],
        ]
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench lighthouse")
    parser.add_argument("--locales", nargs="+", default=["en", "zh"])
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    parser.add_argument(
        "--only", nargs="+", metavar="KIND", help="only these kinds of page (home, family, role, …)"
    )
    args = parser.parse_args(argv)
    if chromium_path() is None and not shutil.which("chromium"):
        print(
            f"note: {CHROMIUM_VARIABLE} is unset; Lighthouse looks for a Chrome itself",
            file=sys.stderr,
        )
    cli = lighthouse_cli()
    site = resolve(check(REPO).content)
    stamp = time.strftime("%Y-%m-%d")
    reports = RESULTS / f"{time.strftime('%Y-%m-%dT%H%M%S')}-{args.preset}"  # one per run
    reports.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, object]] = []
    # Outside the repository: a build refuses to write into its bench/ folder.
    with (
        tempfile.TemporaryDirectory(prefix="skillmatrix-lighthouse-") as folder,
        served_real_site(Path(folder) / "site") as base,
    ):
        for locale in args.locales:
            for kind, path in pages(site, locale).items():
                if args.only and kind not in args.only:
                    continue
                report = reports / f"{locale}-{kind}.json"
                row: dict[str, object] = {
                    "page": kind,
                    "locale": locale,
                    "path": path,
                    **run_lighthouse(cli, base + path, report, args.preset),
                }
                rows.append(row)
                print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
    summary = {
        "date": stamp,
        "preset": args.preset,
        "lighthouse": PACKAGE,
        "chromium": chromium_path(),
        "pages": rows,
    }
    (reports / "summary.json").write_text(
        json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print(table(rows))
    print(f"reports: {reports.relative_to(REPO)}/", file=sys.stderr)


if __name__ == "__main__":
    main()
