"""Characters no content file may hold (bidi controls, control characters), wherever they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..diagnostics import Diagnostics
from ..load import Content
from ..source import SourceFile, text_position
from .located import Loc, report
from .memo import ValidationMemo, per_file


def _check_characters(
    content: Content, problems: Diagnostics, memo: ValidationMemo | None = None
) -> None:
    """Characters no content file may hold, wherever they are (texts, keys, configuration,
    interface strings), found in each file's text so positions are exact."""
    for source in content.sources.values():
        per_file(
            memo,
            "characters",
            source,
            None,
            problems,
            partial(_characters_of, source),
        )


def _characters_of(source: SourceFile, problems: Diagnostics) -> None:
    for match in _BIDI.finditer(source.text):
        pos = text_position(source.text, match.start())
        problems.error(source.path, pos.line, pos.col, _bidi_message(match.group(0)))
    # A double-quoted YAML string can also write them as escapes ("\u202e", "\e"), as
    # it can other control characters: those are found in the parsed values.
    if "\\" in source.text:  # only then can it hold an escape (most files have none)
        for loc, is_key, text in _strings_in(source.data, ()):
            for char in dict.fromkeys(_ESCAPED_CONTROL.findall(text)):
                if char in source.text:
                    continue  # written as is: reported above, at its exact place
                report(
                    problems,
                    source,
                    loc,
                    _bidi_message(char)
                    if _BIDI.match(char)
                    else f"control character U+{ord(char):04X} is not allowed in content (it "
                    "was written as an escape in a quoted string); remove it",
                    key=is_key,
                )


def _bidi_message(char: str) -> str:
    return (
        f"bidirectional control character U+{ord(char):04X} is not allowed: it makes "
        "text display differently from how it reads"
    )


# Controls other than tab and line feed, and the bidi controls.
_ESCAPED_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _strings_in(value: object, loc: Loc) -> Iterator[tuple[Loc, bool, str]]:
    """Every string of a parsed file, keys included, with its location."""
    if isinstance(value, str):
        yield loc, False, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*loc, key), True, key
            yield from _strings_in(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_in(item, (*loc, index))


# Directional overrides, embeddings and isolates ("Trojan Source"); the plain marks LRM/RLM
# stay allowed, right-to-left scripts need them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
