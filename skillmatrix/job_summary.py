"""Markdown for a GitHub job summary that content cannot break out of.

A summary is rendered as GitHub Markdown with HTML, and it shows text taken from strangers'
pull requests (file names, role and skill names). Content therefore always goes through
`inline` (escaped so it renders as the literal text) or `fenced` (inside a code fence longer
than any backtick run of the text), and never spans lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .diagnostics import escape_text

# Punctuation left as it is: it has no Markdown meaning inside a line that starts with our own
# prefix ("- ", "### "), and escaping it would make the raw text hard to read.
_PLAIN_PUNCTUATION = set(",:;/'\"?%")
_ESCAPED = {
    c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum() and c not in _PLAIN_PUNCTUATION
}


def one_line(text: str) -> str:
    """The text with control and line-separator characters shown as escapes, on one line
    (as every diagnostic is)."""
    return escape_text(text)


def inline(text: str) -> str:
    """Text to show inside a Markdown line: every character renders as itself."""
    return "".join(f"\\{char}" if char in _ESCAPED else char for char in one_line(text))


def fenced(lines: Iterable[str]) -> list[str]:
    """The lines as a code block whose fence no backtick run in them can close."""
    body = [one_line(line) for line in lines]
    longest = max((len(run) for line in body for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *body, fence]
