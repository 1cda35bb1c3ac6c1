"""Validate step: the checks that need the whole content at hand, one module per concern.

Per-file shape is checked by the models at load time. Here: every id resolves (with "did you
mean"), every text has its default-locale version, marks are distinct, Markdown is safe, the
content rules of content/README.md hold, and the warnings a reviewer wants to see (missing
translations, proficiency drops, unused skills). Every check reports through
`located.report`, at the file, line and column a contributor has to edit.
"""

from __future__ import annotations

from ..diagnostics import Diagnostics
from ..load import Content
from .catalog import _check_proficiency_texts, _check_skills, _check_vocabularies
from .characters import _check_characters
from .competencies import _check_competencies
from .config import _check_config, _check_marks, pick
from .files import _check_schema_lines
from .ladders import check_levels_and_paths
from .memo import ValidationMemo
from .roles import _check_roles, parse_cell
from .texts import TEXT_LIMITS, Coverage, TextRef, _check_texts, iter_texts
from .ui import _check_ui, used_ui_keys

__all__ = [
    "TEXT_LIMITS",
    "Coverage",
    "TextRef",
    "ValidationMemo",
    "iter_texts",
    "parse_cell",
    "pick",
    "used_ui_keys",
    "validate",
]


def validate(
    content: Content, problems: Diagnostics, memo: ValidationMemo | None = None
) -> list[Coverage]:
    """Run every check; returns translation coverage per locale. With a `memo`, the checks
    of one file at a time run only on the files that changed since (memo.py)."""
    _check_characters(content, problems, memo)
    locales = _check_config(content, problems)
    _check_vocabularies(content, problems)
    _check_skills(content, problems)
    check_levels_and_paths(content, problems)
    _check_roles(content, problems, memo)
    _check_competencies(content, problems)
    _check_schema_lines(content, problems, memo)
    if locales is None:  # site_config.yaml is broken and its own errors say why
        _check_texts(content, None, problems, memo)
        return []
    _check_proficiency_texts(content, locales, problems)
    _check_marks(content, locales, problems)
    _check_ui(content, locales, problems)
    return _check_texts(content, locales, problems, memo)
