"""Where a problem is, and saying so: every check reports through `report`."""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..load import CONTENT_DIR
from ..source import SourceFile

Loc = tuple[str | int, ...]
ROLES_DIR = f"{CONTENT_DIR}/roles/"


def report(
    problems: Diagnostics,
    source: SourceFile,
    loc: Loc,
    message: str,
    *,
    key: bool = False,
    warning: bool = False,
) -> None:
    """A problem at the value (or, with `key`, the key) at `loc` of `source`, or at its
    nearest located ancestor."""
    pos = source.at(loc, key=key)
    add = problems.warning if warning else problems.error
    add(source.path, pos.line, pos.col, message)
