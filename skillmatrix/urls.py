"""Every URL of the site in one place, so links, canonical URLs, the sitemap and the crawler
test agree, and every link honours the base path of a GitHub project site."""

from __future__ import annotations

from urllib.parse import urlsplit


class Urls:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.base_path = urlsplit(self.base_url).path or "/"
        self.origin = self.base_url[: len(self.base_url) - len(self.base_path)]

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
        """path, calculator, compare, print."""
        return f"{locale}/roles/{role}/{page}/"

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
    def csv_role(role: str, locale: str) -> str:
        return f"api/v1/roles/{role}.{locale}.csv"

    @staticmethod
    def excel_csv_role(role: str, locale: str) -> str:
        return f"api/v1/roles/{role}.{locale}.excel.csv"

    @staticmethod
    def api_schema(name: str) -> str:
        return f"api/v1/schema/{name}.schema.json"

    def href(self, path: str) -> str:
        """Link target as served: base path + site path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.base_url + path

    @staticmethod
    def output_file(path: str) -> str:
        """Where a page path is written: directories get index.html."""
        return path + "index.html" if path.endswith("/") or path == "" else path
