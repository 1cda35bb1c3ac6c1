"""Progress of a long build step: a bar on a terminal; off a terminal (CI logs), nothing, or
one plain line per item for steps slow enough that a silent log looks hung."""

from __future__ import annotations

from types import TracebackType
from typing import TextIO


class ProgressBar:
    def __init__(
        self, stream: TextIO, width: int = 30, *, label: str = "pages", plain_lines: bool = False
    ) -> None:
        self.stream = stream
        self.width = width
        self.label = label
        self.active = stream.isatty()
        # Off a terminal a line per update, so only for steps of few, slow items (PDFs).
        self.plain_lines = plain_lines and not self.active
        self.shown = False

    def __enter__(self) -> ProgressBar:
        return self

    def update(self, done: int, total: int) -> None:
        if self.plain_lines and total > 0:
            self.stream.write(f"{self.label} {done}/{total}\n")
            self.stream.flush()
            return
        # Redraw at most ~100 times whatever the page count: drawing is not free.
        if not self.active or total <= 0 or (done % max(1, total // 100) and done != total):
            return
        filled = self.width * done // total
        # "\033[K" clears what a longer line of an earlier step left on the line.
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {self.label}\033[K"
        )
        self.stream.flush()
        self.shown = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
