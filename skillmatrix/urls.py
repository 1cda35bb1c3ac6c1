"""Every URL of the site in one place, so links, canonical URLs, the sitemap and the crawler
test agree.

Links between pages and to assets are relative, so one build works wherever it is served (at
`/`, under a GitHub project site's `/{repository}/`, from an unzipped preview artifact). A
template writes `href(path)`, which is the site path behind a marker standing for "the site's
root"; the page's way back to the root (`../../`) replaces the marker once the page is
rendered (`Urls.relative`). Fragments shared by pages at different depths stay shareable, and
the marker cannot come from content: `check` refuses control characters in every file.
Absolute URLs (canonical, hreflang, sitemap, Open Graph, the API's links) use the base URL."""

from __future__ import annotations

from urllib.parse import urlsplit

# Stands for the site's root in rendered pages until `Urls.relative` replaces it; written as
# JSON (`|tojson`) it reads "\u001e".
ROOT = "\x1e"
_ROOT_IN_JSON = "\\u001e"


class Urls:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"
        self.origin = self.base_url[: len(self.base_url) - len(self.base_path)]

    @classmethod
    def published_at(cls, given: str | None, configured: str) -> Urls:
        """The site's URLs for a base URL given on the command line, which may be a whole URL
        or only a path (then on the configured site's origin), or else the configured one."""
        if given and given.startswith("/"):
            origin = Urls(configured).origin
            return cls(origin + given)
        return cls(given or configured)

    def relative(self, html: str, output: str) -> str:
        """`html`, the page written at `output`, with its links made relative to itself. The
        404 page is the exception: a server shows it at whatever address was missing, so
        its links start from the base path."""
        if ROOT not in html and _ROOT_IN_JSON not in html:
            return html
        root = self.base_path if output == "404.html" else ("../" * output.count("/") or "./")
        return html.replace(ROOT, root).replace(_ROOT_IN_JSON, root)

    # Paths relative to the site root, without the base path: also the output layout.
    @staticmethod
    def home(locale: str) -> str:
        return f"{locale}/"

    @staticmethod
    def family(locale: str, family: str) -> str:
        return f"{locale}/families/{family}/"

    @staticmethod
    def role(locale: str, role: str) -> str:
        return f"{locale}/roles/{role}/"

    @staticmethod
    def level(locale: str, role: str, level: str) -> str:
        return f"{locale}/roles/{role}/{level}/"

    @staticmethod
    def role_page(locale: str, role: str, page: str) -> str:
        """path, calculator, compare, history, print."""
        return f"{locale}/roles/{role}/{page}/"

    @staticmethod
    def history_feed(locale: str, role: str) -> str:
        """The Atom feed of a role's history (feeds.py)."""
        return f"{locale}/roles/{role}/history/feed.xml"

    @staticmethod
    def site_feed(locale: str) -> str:
        """The Atom feed of every role's history."""
        return f"{locale}/feed.xml"

    @staticmethod
    def skill(locale: str, skill: str) -> str:
        return f"{locale}/skills/{skill}/"

    @staticmethod
    def category(locale: str, category: str) -> str:
        return f"{locale}/categories/{category}/"

    @staticmethod
    def search(locale: str) -> str:
        return f"{locale}/search/"

    @staticmethod
    def search_names(locale: str) -> str:
        """Every searchable page's name, for the search box (skillmatrix/search_names.py)."""
        return f"{locale}/search/names.json.gz"

    @staticmethod
    def pdf(locale: str, role: str) -> str:
        return f"{locale}/roles/{role}/{role}-{locale}.pdf"

    @staticmethod
    def api_index() -> str:
        return "api/v1/index.json"

    @staticmethod
    def api_role(role: str) -> str:
        return f"api/v1/roles/{role}.json"

    @staticmethod
    def matrix_role(role: str) -> str:
        return f"api/v1/matrix/{role}.json"

    @staticmethod
    def expectations() -> str:
        """What every role expects at each of its levels, compactly: the calculator's distance
        to the other roles (exports.expectations_json)."""
        return "api/v1/expectations.json"

    @staticmethod
    def csv_role(role: str, locale: str) -> str:
        return f"api/v1/roles/{role}.{locale}.csv"

    @staticmethod
    def excel_csv_role(role: str, locale: str) -> str:
        return f"api/v1/roles/{role}.{locale}.excel.csv"

    @staticmethod
    def api_schema(name: str) -> str:
        return f"api/v1/schema/{name}.schema.json"

    @staticmethod
    def href(path: str) -> str:
        """A link from a page to the site path `path` (made relative by `relative`)."""
        return ROOT + path

    def absolute(self, path: str) -> str:
        return self.base_url + path

    @staticmethod
    def output_file(path: str) -> str:
        """Where a page path is written: directories get index.html."""
        return path + "index.html" if path.endswith("/") or path == "" else path
