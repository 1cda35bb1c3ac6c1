"""Texts: every translatable text of the content (`iter_texts`), its translations, its length, and
Markdown safety."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from .. import markdown, shapes
from ..diagnostics import Diagnostics, unknown
from ..load import Content
from ..source import Position, SourceFile
from .located import Loc, report
from .memo import ValidationMemo, per_file


@dataclass(frozen=True)
class TextRef:
    """One translatable text of the content and where it lives."""

    source: SourceFile
    loc: Loc
    value: str | dict[str, str] | list[str] | dict[str, list[str]]
    is_markdown: bool


def iter_texts(content: Content) -> Iterator[TextRef]:
    """Every translatable text in the content, in file order. (A salvaged file's texts that
    failed their model are None: they are left out, their errors are reported already.)"""
    return (ref for ref in _all_texts(content) if ref.value is not None)


def _all_texts(content: Content) -> Iterator[TextRef]:
    if content.config is not None and "site_config.yaml" in content.sources:
        src = content.sources["site_config.yaml"]
        yield TextRef(src, ("title",), content.config.title, False)
        yield TextRef(src, ("description",), content.config.description, False)
    for kind, table, fields in (
        ("level", content.levels, (("name", False), ("short", False))),
        (
            "proficiency",
            content.proficiencies,
            (("name", False), ("mark", False), ("description", True)),
        ),
        ("category", content.categories, (("name", False),)),
    ):
        for ident, entry in table.items():
            src = content.source_of(kind, ident)
            for name, is_md in fields:
                yield TextRef(src, (ident, name), getattr(entry, name), is_md)
    for ident, skill in content.skills.items():
        src = content.source_of("skill", ident)
        yield TextRef(src, ("name",), skill.name, False)
        yield TextRef(src, ("description",), skill.description, True)
        for prof in shapes.PROFICIENCIES if skill.proficiency is not None else ():
            yield TextRef(src, ("proficiency", prof), getattr(skill.proficiency, prof), True)
    for ident, family in content.families.items():
        src = content.source_of("family", ident)
        yield TextRef(src, ("name",), family.name, False)
        yield TextRef(src, ("description",), family.description, True)
    for ident, competency in content.competencies.items():
        src = content.source_of("competency", ident)
        yield TextRef(src, ("name",), competency.name, False)
        yield TextRef(src, ("description",), competency.description, True)
        for level, expectation in (competency.levels or {}).items():
            yield TextRef(src, ("levels", level), expectation, True)
    for ident, role in content.roles.items():
        src = content.source_of("role", ident)
        yield TextRef(src, ("title",), role.title, False)
        yield TextRef(src, ("summary",), role.summary, True)
        for level, items in role.stack.items():
            yield TextRef(src, ("stack", level), items, False)
        for level, focus in role.focus.items():
            yield TextRef(src, ("focus", level), focus, True)
        for index, faq in enumerate(role.faq):
            yield TextRef(src, ("faq", index, "question"), faq.question, False)
            yield TextRef(src, ("faq", index, "answer"), faq.answer, True)
        for skill_id, cells in role.details.items():
            for level, detail in cells.items():
                yield TextRef(src, ("details", skill_id, level), detail, True)


@dataclass(frozen=True)
class Coverage:
    locale: str
    translated: int
    total: int

    def format(self) -> str:
        return f"{self.locale}: {self.translated}/{self.total} texts"


def _check_texts(
    content: Content,
    locales: list[str] | None,
    problems: Diagnostics,
    memo: ValidationMemo | None = None,
) -> list[Coverage]:
    """Translations (unless `locales` is None: the configuration is broken), lengths, and
    Markdown safety of every text."""
    default = content.config.default_locale if content.config else "en"
    by_file: dict[str, list[TextRef]] = {}
    for ref in iter_texts(content):
        by_file.setdefault(ref.source.path, []).append(ref)
    translated = Counter[str]()
    total = 0
    settings = (tuple(locales) if locales is not None else None, default)
    for refs in by_file.values():
        source = refs[0].source
        counted, count = per_file(
            memo,
            "texts",
            source,
            (settings, source.path in content.broken),
            problems,
            partial(_texts_of, refs, locales, default),
        )
        translated.update(counted)
        total += count
    return [Coverage(locale, translated[locale], total) for locale in locales or ()]


def _texts_of(
    refs: list[TextRef], locales: list[str] | None, default: str, problems: Diagnostics
) -> tuple[Counter[str], int]:
    """The checks of one file's texts; returns the translations per locale and the texts."""
    translated = Counter[str]()
    for ref in refs:
        value = ref.value
        texts: Mapping[str, object]
        if not isinstance(value, dict):
            translated.update(locales or ())  # one text for every locale
            texts = {default: value}
        elif locales is None:
            texts = value
        else:
            texts = value
            for locale in value:
                if locale not in locales:
                    report(
                        problems,
                        ref.source,
                        (*ref.loc, locale),
                        unknown("locale", locale, locales, " from site_config.yaml"),
                        key=True,
                    )
            if default not in value:
                report(
                    problems,
                    ref.source,
                    ref.loc,
                    f"missing the '{default}' text: every text needs the default "
                    "locale, which other locales fall back to",
                )
            for locale in locales:
                if locale in value:
                    translated[locale] += 1
                elif locale != default:
                    report(
                        problems,
                        ref.source,
                        ref.loc,
                        f"missing '{locale}' translation of {_describe(ref.loc)}",
                        warning=True,
                    )
        _check_text_shape(ref, texts, problems)
        if ref.is_markdown:
            for locale, text in texts.items():
                if not isinstance(text, str):
                    continue
                found = markdown.find_problems(text)
                if not found:
                    continue
                cursor = ref.source.at((*ref.loc, locale) if isinstance(value, dict) else ref.loc)
                for snippet, message in found:
                    pos = ref.source.find(snippet, cursor)
                    problems.error(ref.source.path, pos.line, pos.col, message)
                    # Problems come in text order: the next one is after this one.
                    cursor = Position(pos.line, pos.col + max(1, len(snippet)))
    return translated, len(refs)


# The longest a label may be, by the field that holds it (the last key of its location that
# is not a locale, a level or an index). A name is shown on a tab, a card or a table row:
# beyond these lengths it belongs in the description. Markdown bodies are limited only by
# the size of their file.
TEXT_LIMITS = {"name": 100, "title": 100, "short": 12, "mark": 3, "question": 200, "stack": 80}


SITE_LIMITS = {"title": 100, "description": 300}  # site_config.yaml's own texts


# A text a spreadsheet would run as a formula when a reader opens the CSV export (which
# neutralises it, see exports.role_csv); in a name it is almost always a mistake or an attack.
FORMULA_START = shapes.FORMULA_START


def _check_text_shape(ref: TextRef, texts: Mapping[str, object], problems: Diagnostics) -> None:
    field = next(
        (part for part in reversed(ref.loc) if isinstance(part, str) and part not in shapes.LEVELS),
        "",
    )
    if ref.loc[0] == "stack":
        field = "stack"
    limit = (
        SITE_LIMITS.get(field) if ref.source.path == "site_config.yaml" else TEXT_LIMITS.get(field)
    )
    keyed = isinstance(ref.value, dict)
    for locale, text in _strings(texts):
        too_long = limit is not None and len(text) > limit
        formula = (
            not ref.is_markdown and field in ("name", "title") and text.startswith(FORMULA_START)
        )
        if not (too_long or formula):
            continue  # positions are worked out only for a problem
        where = ref.source.at((*ref.loc, locale) if keyed else ref.loc)
        if too_long:
            problems.error(
                ref.source.path,
                where.line,
                where.col,
                f"{_describe(ref.loc)}{f' ({locale})' if keyed else ''} is "
                f"{len(text):,} characters long; the limit "
                f"is {limit:,} (shorten it: details belong in the description)",
            )
        if formula:
            problems.warning(
                ref.source.path,
                where.line,
                where.col,
                f"{_describe(ref.loc)} starts with '{text[0]}', which a "
                "spreadsheet opening the CSV export would read as a formula; "
                "start it with a letter or digit",
            )


def _strings(texts: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    for locale, value in texts.items():
        if isinstance(value, str):
            yield locale, value
        elif isinstance(value, list):
            yield from ((locale, item) for item in value if isinstance(item, str))


def _describe(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)
