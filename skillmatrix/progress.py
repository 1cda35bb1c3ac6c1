"""A progress bar on a terminal; nothing at all when the output is not one (CI logs)."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO


class ProgressBar:
    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.active = stream.isatty()
        self.shown = False

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        # Redraw at most ~100 times whatever the page count: drawing is not free.
        if not self.active or total <= 0 or (done % max(1, total // 100) and done != total):
            return
        filled = self.width * done // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} pages")
        self.stream.flush()
        self.shown = True

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
