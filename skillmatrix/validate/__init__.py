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
from .roles import _check_roles, parse_cell
from .texts import TEXT_LIMITS, Coverage, TextRef, _check_texts, iter_texts
from .ui import _check_ui, used_ui_keys

__all__ = [
    "TEXT_LIMITS",
    "Coverage",
    "TextRef",
    "iter_texts",
    "parse_cell",
    "pick",
    "used_ui_keys",
    "validate",
]


def validate(content: Content, problems: Diagnostics) -> list[Coverage]:
    """Run every cross-file check; returns translation coverage per locale."""
    _check_characters(content, problems)
    locales = _check_config(content, problems)
    _check_vocabularies(content, problems)
    _check_skills(content, problems)
    check_levels_and_paths(content, problems)
    _check_roles(content, problems)
    _check_competencies(content, problems)
    _check_schema_lines(content, problems)
    if locales is None:  # site_config.yaml is broken and its own errors say why
        _check_texts(content, None, problems)
        return []
    _check_proficiency_texts(content, locales, problems)
    _check_marks(content, locales, problems)
    _check_ui(content, locales, problems)
    return _check_texts(content, locales, problems)
