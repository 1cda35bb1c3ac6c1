"""One build works wherever it is served: the default build (no --base-url) served at `/`,
under a sub-path (a GitHub project site, an unzipped preview artifact behind any static
server) and opened from the file system loads its stylesheet, scripts and search without a
single failed request, while canonical URLs keep the configured base URL."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sitetree import add_layouts, write_tree

from skillmatrix.build import build

pytestmark = pytest.mark.browser

PAGES = [
    "",
    "en/",
    "zh/families/backend/",
    "en/roles/backend-dev/",
    "ru/roles/backend-dev/senior/",
    "en/roles/backend-dev/path/",
    "en/roles/backend-dev/calculator/",
    "en/roles/backend-dev/compare/",
    "zh/skills/postgresql/",
    "en/categories/databases/",
    "en/search/?q=postgres",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site built as `python build.py` does by default: no --base-url."""
    root = add_layouts(write_tree(tmp_path_factory.mktemp("portable"), {}))
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    return root / "_site"


class _StaticServer(http.server.SimpleHTTPRequestHandler):
    """A plain static server, as `python -m http.server` is (404s answered with 404.html at
    the site's folder, as GitHub Pages does)."""

    site: Path

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(folder: Path, site: Path) -> Iterator[str]:
    handler = type("Handler", (_StaticServer,), {"site": site})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["root", "sub-path"])
def site_url(
    request: pytest.FixtureRequest, built: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "root":
        with serving(built, built) as url:
            yield url
        return
    # The artifact unzipped somewhere below what the server serves.
    parent = tmp_path_factory.mktemp("served")
    nested = parent / "skills-matrix" / "pr-42"
    nested.parent.mkdir(parents=True)
    nested.symlink_to(built, target_is_directory=True)
    with serving(parent, built) as url:
        yield url + "skills-matrix/pr-42/"


def _failures(page: Page) -> list[str]:
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return failed


def _styled(page: Page) -> bool:
    # style.css sets the body's margin to 0 (a browser's own is 8px).
    return page.evaluate("getComputedStyle(document.body).marginTop") == "0px"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_type_loads_its_assets_wherever_it_is_served(
    page: Page, site_url: str, path: str
) -> None:
    failed = _failures(page)
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    assert failed == []
    assert _styled(page)
    if path:  # every script of the page ran (site.js marks the document)
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    # Links leave the page relatively; canonical URLs keep the configured base URL.
    canonical = page.locator("link[rel=canonical]")
    if canonical.count():
        assert canonical.get_attribute("href").startswith("https://example.org/matrix/")


def test_the_404_page_is_whole_at_any_missing_address_under_the_base_path(
    page: Page, built: Path, tmp_path: Path
) -> None:
    """A server shows 404.html at whatever address was missing, so its links start from the
    configured base path (/matrix/ here), the one place the site is published at."""
    (tmp_path / "matrix").symlink_to(built, target_is_directory=True)
    with serving(tmp_path, built) as url:
        failed = _failures(page)
        missing = url + "matrix/en/roles/no/such/page/"
        page.goto(missing)
        page.wait_for_load_state("networkidle")
        assert failed == [f"404 {missing}"]
        assert _styled(page)
        page.locator("main a[href]").first.click()
        assert page.url.startswith(url + "matrix/")
        page.wait_for_load_state("networkidle")
        assert failed == [f"404 {missing}"]


def test_search_works_under_any_path(page: Page, site_url: str) -> None:
    failed = _failures(page)
    page.goto(site_url + "en/roles/backend-dev/")
    page.locator("[data-search-input]").fill("postgres")
    first = page.locator("#search-popup [data-popup-results] li a").first
    expect(first).to_be_visible()
    first.click()
    expect(page).to_have_url(site_url + "en/skills/postgresql/")
    assert failed == []


def test_links_between_pages_stay_under_the_served_path(page: Page, site_url: str) -> None:
    page.goto(site_url + "ru/roles/backend-dev/senior/")
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    internal = [href for href in hrefs if href.startswith("http://127.0.0.1")]
    assert internal and all(href.startswith(site_url) for href in internal)


def test_pages_open_from_the_file_system(page: Page, built: Path) -> None:
    page.goto((built / "en" / "roles" / "backend-dev" / "index.html").as_uri())
    assert _styled(page)
    page.locator("a[href$='senior/']").first.click()  # a level tab, to a folder
    assert page.url.startswith((built / "en" / "roles" / "backend-dev" / "senior").as_uri())


@pytest.mark.parametrize("base_url", ["/", "/preview/pr-7/", "http://127.0.0.1:9/x/"])
def test_base_url_may_be_a_url_or_a_path_and_pdfs_print_in_every_case(
    tmp_path: Path, base_url: str
) -> None:
    from skillmatrix.cli import main

    root = add_layouts(write_tree(tmp_path, {}))
    assert main(["--root", str(root), "build", "--base-url", base_url]) == 0
    site = root / "_site"
    for locale in ("en", "zh", "ru"):
        pdf = site / locale / "roles" / "backend-dev" / f"backend-dev-{locale}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
    expected = base_url if base_url.startswith("http") else "https://example.org" + base_url
    page = (site / "en" / "roles" / "backend-dev" / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{expected}en/roles/backend-dev/">' in page
