"""Link check over a built site (`python build.py links`): every internal href/src resolves to
a file, and every fragment to an element id on the target page. External links are not fetched:
the site makes no request to a third party, and CI has no network to judge them by."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            value = values.get(name)
            if value is not None and not (
                tag == "link" and values.get("rel") in ("canonical", "alternate")
            ):
                self.links.append(value)


def parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Path, base_path: str) -> list[str]:
    """'page: link' for every internal link that leads nowhere."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    problems = []
    for page, collected in pages.items():
        rel_page = page.relative_to(site).as_posix()
        page_url = base_path + (
            rel_page[: -len("index.html")] if rel_page.endswith("index.html") else rel_page
        )
        for link in collected.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external: not requested by the page (see the CSP test)
            if parts.path and not parts.path.startswith("/"):
                # Relative (matrix cells link "senior/#skill"): as the browser resolves it.
                parts = urlsplit(urljoin(page_url, link))
            if not parts.path:
                target = page
            elif parts.path.startswith(base_path):
                rel = unquote(parts.path[len(base_path) :])
                target = site / rel
                if rel == "" or rel.endswith("/"):
                    target = target / "index.html"
            else:
                problems.append(f"{page.relative_to(site)}: {link} (outside the base path)")
                continue
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return problems
