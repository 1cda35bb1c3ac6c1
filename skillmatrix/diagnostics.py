"""Problems found in content, kept as values until the CLI prints them.

Every loader and validator appends to a `Diagnostics` collection instead of raising, so one run
reports every problem it can find, each at the file, line and column a contributor has to edit.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    message: str = field(compare=True)

    def format(self) -> str:
        line = f"{self.path}:{self.line}:{self.col}: {self.severity.value}: {self.message}"
        # Only the tool's own annotations may start with "::" (a workflow command).
        return "./" + line if line.startswith("::") else line

    def github_annotation(self) -> str:
        # Workflow commands treat %, CR and LF specially in the message and in property values.
        def escape(text: str, *, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if prop else text

        kind = "error" if self.severity is Severity.ERROR else "warning"
        return (
            f"::{kind} file={escape(self.path, prop=True)},line={self.line},col={self.col}"
            f"::{escape(self.message)}"
        )


class Diagnostics:
    """An ordered collection of problems; `strict` turns warnings into errors."""

    def __init__(self) -> None:
        self._items: list[Diagnostic] = []
        self._seen: set[Diagnostic] = set()

    def error(self, path: str, line: int, col: int, message: str) -> None:
        self._add(Diagnostic(path, line, col, Severity.ERROR, message))

    def warning(self, path: str, line: int, col: int, message: str) -> None:
        self._add(Diagnostic(path, line, col, Severity.WARNING, message))

    def _add(self, item: Diagnostic) -> None:
        # Messages quote content, which comes from strangers: printed raw, a newline could
        # start a workflow command ("::add-mask::") and an escape sequence could rewrite the
        # terminal. Every diagnostic is made printable on its way in.
        if not (_printable(item.path) and _printable(item.message)):
            item = Diagnostic(
                escape_text(item.path),
                item.line,
                item.col,
                item.severity,
                escape_text(item.message),
            )
        if item not in self._seen:
            self._seen.add(item)
            self._items.append(item)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        for item in items:
            self._add(item)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(sorted(self._items, key=lambda d: (d.path, d.line, d.col, d.message)))

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self if d.severity is Severity.WARNING]

    def has_errors(self, *, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


# Characters shown as escapes in diagnostics: controls (C0, DEL, C1), format characters (bidi
# overrides, zero-width characters) and line or paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _printable(text: str) -> bool:
    return text.isprintable()


def escape_text(text: str) -> str:
    """`text` with every control, format or separator character written as an escape
    (\\n, \\x1b, \\u202e), so it prints as one visible line."""
    out = []
    for char in text:
        if unicodedata.category(char) in _HIDDEN:
            code = ord(char)
            out.append(
                _SHORT_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            )
        else:
            out.append(char)
    return "".join(out)


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """The nearest known id, phrased for a message; empty when nothing known is near.

    Near means a similarity ratio of at least 0.6, or one being a prefix of the other (an id with
    a suffix added, or cut short); a far guess would mislead more than it helps.
    """

    def near(candidate: str) -> bool:
        shorter, longer = sorted((word, candidate), key=len)
        prefix = len(shorter) >= 2 and longer.startswith(shorter)
        return prefix or similarity(candidate) >= 0.6

    def similarity(candidate: str) -> float:
        return difflib.SequenceMatcher(None, word, candidate).ratio()

    candidates = [c for c in sorted(set(known)) if c != word and near(c)]
    if not candidates:
        return ""
    return f"; did you mean '{max(candidates, key=similarity)}'?"


def unknown(kind: str, word: object, known: Iterable[str], where: str = "") -> str:
    """Message for an id that does not exist, with what was expected and the nearest valid id."""
    known = list(known)
    expected = f" (expected a {kind} id{where})"
    if len(known) <= 6:
        expected = f" (expected one of: {', '.join(known)})"
    return f"unknown {kind} '{word}'{expected}{did_you_mean(str(word), known)}"
