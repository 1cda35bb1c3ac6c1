"""PDF per role and locale: Chromium prints the role's print view (all detail texts).

One known browser prints them, the one the set-up installed on purpose: the executable named by
SKILLMATRIX_CHROMIUM (./dev sets it to Debian's Chromium where it installs that), otherwise
Playwright's own build (what GitHub's workflows install). Nothing else found on the PATH is used,
so a PDF never depends on which browser happens to be on a machine. Without that browser the
build says so and the pages hide the PDF link instead of linking nowhere.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .model import Site
from .urls import Urls

CHROMIUM_VARIABLE = "SKILLMATRIX_CHROMIUM"
NO_BROWSER = (
    f"no Chromium: set {CHROMIUM_VARIABLE} to its executable or run 'playwright install chromium'"
)


def chromium_path() -> str | None:
    """The Chromium chosen by SKILLMATRIX_CHROMIUM, or None for Playwright's own build."""
    return os.environ.get(CHROMIUM_VARIABLE) or None


class PdfEngine:
    def __init__(self, executable: str | None) -> None:
        self.executable = executable

    def print_roles(
        self,
        staging: Path,
        site: Site,
        urls: Urls,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """A PDF per role and locale, from its print view; returns how many. `progress` is
        called with (printed, total) after each PDF: printing takes about a second each."""
        # Playwright's sync API refuses to run where an asyncio loop is running (a caller's
        # async code, a test session): a thread of its own has none.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(self._print_roles, staging, site, urls, progress).result()

    def _print_roles(
        self, staging: Path, site: Site, urls: Urls, progress: Callable[[int, int], None] | None
    ) -> int:
        from playwright.sync_api import sync_playwright

        launch: dict[str, Any] = {
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        }
        if self.executable:
            launch["executable_path"] = self.executable
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch)
            try:
                page = browser.new_page()
                # Requests for the site's own URLs are answered from the staging folder, so
                # the print view renders exactly as published, with its stylesheet.
                prefix = urls.base_url

                def serve(route: Any) -> None:
                    url = route.request.url.split("#")[0].split("?")[0]
                    if not url.startswith(prefix):
                        route.abort()
                        return
                    target = staging / Urls.output_file(url[len(prefix) :])
                    if target.is_file():
                        route.fulfill(path=str(target))
                    else:
                        route.fulfill(status=404, body="")

                page.route("**/*", serve)
                total, printed = len(site.roles) * len(site.locales), 0
                for role in site.roles:
                    for locale in site.locales:
                        page.goto(urls.absolute(Urls.role_page(locale, role.id, "print")))
                        pdf = page.pdf(
                            format="A4",
                            print_background=True,
                            margin={
                                "top": "14mm",
                                "bottom": "14mm",
                                "left": "12mm",
                                "right": "12mm",
                            },
                        )
                        target = staging / Urls.pdf(locale, role.id)
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(_without_dates(pdf))
                        printed += 1
                        if progress:
                            progress(printed, total)
            finally:
                browser.close()
        return len(site.roles) * len(site.locales)


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


def _without_dates(pdf: bytes) -> bytes:
    """Builds are byte-identical for the same content, so the print time is replaced by a
    fixed date of the same length (byte offsets in the PDF's cross-reference stay valid)."""
    return _PDF_DATE.sub(rb"\g<1>20000101000000", pdf)


def pdf_engine() -> PdfEngine | None:
    """An engine if the known Chromium is installed, else None (see NO_BROWSER)."""
    chosen = chromium_path()
    if chosen:
        # A variable naming nothing runnable is a missing browser, not a reason to look around.
        executable = shutil.which(chosen)
        return PdfEngine(executable) if executable else None
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            if Path(playwright.chromium.executable_path).exists():
                return PdfEngine(None)
    except Exception:  # no Playwright browser installed: PDFs are skipped, not an error
        return None
    return None
