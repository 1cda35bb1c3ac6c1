"""Reads a built role page's matrix back: per skill row, the accessible label of each cell."""

from __future__ import annotations

from html.parser import HTMLParser


class MatrixReader(HTMLParser):
    """`rows`: skill id -> the aria-label of each cell's link ('' for an empty cell)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[str]] = {}
        self._row: str | None = None
        self._in_cell = False
        self._label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "th" and values.get("scope") == "row":
            self._row = "pending"
        elif tag == "a" and self._row == "pending":
            self._row = str(values["href"]).rstrip("/").rsplit("/", 1)[-1]
            self.rows[self._row] = []
        elif tag == "td" and self._row and self._row != "pending":
            self._in_cell = True
            self._label = ""
        elif tag == "a" and self._in_cell and "aria-label" in values:
            self._label = str(values["aria-label"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._row == "pending":
            self._row = None  # a row header without a skill link: another table's
        if tag == "td" and self._in_cell and self._row:
            self.rows[self._row].append(self._label)
            self._in_cell = False


def read_matrix(html: str) -> dict[str, list[str]]:
    reader = MatrixReader()
    reader.feed(html)
    return reader.rows
