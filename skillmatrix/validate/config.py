"""The site configuration's locales and the proficiency marks of every locale."""

from __future__ import annotations

from collections import Counter
from functools import cache

from babel import Locale, UnknownLocaleError

from ..diagnostics import Diagnostics, unknown
from ..load import Content
from .located import Loc, report


def _check_config(content: Content, problems: Diagnostics) -> list[str] | None:
    """The site's locales, or None when site_config.yaml cannot tell them (its own errors are
    reported; texts are then not checked against a guessed list: no cascade)."""
    config = content.config
    src = content.sources.get("site_config.yaml")
    if config is None:
        return None
    assert src is not None
    unusable = set()
    for index, locale in enumerate(config.locales):
        if not _has_locale_data(locale):
            unusable.add(locale)
            report(
                problems,
                src,
                ("locales", index),
                f"unknown locale '{locale}': there is no CLDR data for it, so "
                "dates, numbers and plural forms cannot be written in it (use a "
                "language code such as 'de' or 'pt-BR')",
            )
    for locale, count in Counter(config.locales).items():
        if count > 1:
            report(problems, src, ("locales",), f"locale '{locale}' is listed twice")
    if config.default_locale not in config.locales:
        report(
            problems,
            src,
            ("default_locale",),
            unknown("locale", config.default_locale, config.locales),
        )
    # An unusable locale has its error; its missing translations would be a cascade.
    return [locale for locale in dict.fromkeys(config.locales) if locale not in unusable]


@cache
def _has_locale_data(locale: str) -> bool:
    try:
        Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _check_marks(content: Content, locales: list[str], problems: Diagnostics) -> None:
    default = locales[0] if not content.config else content.config.default_locale
    for locale in locales:
        seen: dict[str, str] = {}
        for ident, proficiency in content.proficiencies.items():
            mark = pick(proficiency.mark, locale, default)
            if mark is None:
                continue
            if mark in seen:
                src = content.source_of("proficiency", ident)
                loc: Loc = (
                    (ident, "mark", locale)
                    if isinstance(proficiency.mark, dict)
                    else (ident, "mark")
                )
                report(
                    problems,
                    src,
                    loc,
                    f"mark '{mark}' of {ident} is already the mark of {seen[mark]} "
                    f"in '{locale}': a reader could not tell them apart",
                )
            seen[mark] = ident


def pick(text: str | dict[str, str], locale: str, default: str) -> str | None:
    if isinstance(text, str):
        return text
    return text.get(locale, text.get(default))
