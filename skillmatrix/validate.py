"""Validate step: the checks that need the whole content at hand.

Per-file shape is checked by the models at load time. Here: every id resolves (with "did you
mean"), every text has its default-locale version, marks are distinct, Markdown is safe, and the
warnings a reviewer wants to see (missing translations, proficiency drops, unused skills).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from . import markdown, models
from .diagnostics import Diagnostics, did_you_mean, unknown
from .load import CONTENT_DIR, Content
from .source import Position, SourceFile, text_position

Loc = tuple[str | int, ...]
ROLES_DIR = f"{CONTENT_DIR}/roles/"


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
        ("proficiency", content.proficiencies,
         (("name", False), ("mark", False), ("description", True))),
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
        for prof in models.PROFICIENCIES if skill.proficiency is not None else ():
            yield TextRef(src, ("proficiency", prof), getattr(skill.proficiency, prof), True)
    for ident, family in content.families.items():
        src = content.source_of("family", ident)
        yield TextRef(src, ("name",), family.name, False)
        yield TextRef(src, ("description",), family.description, True)
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


def validate(content: Content, problems: Diagnostics) -> list[Coverage]:
    """Run every cross-file check; returns translation coverage per locale."""
    _check_characters(content, problems)
    locales = _check_config(content, problems)
    _check_vocabularies(content, problems)
    _check_skills(content, problems)
    _check_roles(content, problems)
    _check_schema_lines(content, problems)
    if locales is None:  # site_config.yaml is broken and its own errors say why
        _check_texts(content, None, problems)
        return []
    _check_proficiency_texts(content, locales, problems)
    _check_marks(content, locales, problems)
    _check_ui(content, locales, problems)
    return _check_texts(content, locales, problems)


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
            pos = src.at(("locales", index))
            problems.error(src.path, pos.line, pos.col,
                           f"unknown locale '{locale}': there is no CLDR data for it, so "
                           "dates, numbers and plural forms cannot be written in it (use a "
                           "language code such as 'de' or 'pt-BR')")
    for locale, count in Counter(config.locales).items():
        if count > 1:
            pos = src.at(("locales",))
            problems.error(src.path, pos.line, pos.col, f"locale '{locale}' is listed twice")
    if config.default_locale not in config.locales:
        pos = src.at(("default_locale",))
        problems.error(src.path, pos.line, pos.col,
                       unknown("locale", config.default_locale, config.locales))
    # An unusable locale has its error; its missing translations would be a cascade.
    return [locale for locale in dict.fromkeys(config.locales) if locale not in unusable]


@cache
def _has_locale_data(locale: str) -> bool:
    try:
        Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True


def _check_characters(content: Content, problems: Diagnostics) -> None:
    """Characters no content file may hold, wherever they are (texts, keys, configuration,
    interface strings), found in each file's text so positions are exact."""
    for source in content.sources.values():
        for match in _BIDI.finditer(source.text):
            pos = text_position(source.text, match.start())
            problems.error(source.path, pos.line, pos.col, _bidi_message(match.group(0)))
        # A double-quoted YAML string can also write them as escapes ("\u202e", "\e"), as
        # it can other control characters: those are found in the parsed values.
        if "\\" not in source.text:
            continue  # no escape anywhere in the file (the common case: skip the walk)
        for loc, is_key, text in _strings_in(source.data, ()):
            for char in dict.fromkeys(_ESCAPED_CONTROL.findall(text)):
                if char in source.text:
                    continue  # written as is: reported above, at its exact place
                pos = source.at(loc, key=is_key)
                problems.error(source.path, pos.line, pos.col,
                               _bidi_message(char) if _BIDI.match(char) else
                               f"control character U+{ord(char):04X} is not allowed in "
                               "content (it was written as an escape in a quoted string); "
                               "remove it")


def _bidi_message(char: str) -> str:
    return (f"bidirectional control character U+{ord(char):04X} is not allowed: it makes "
            "text display differently from how it reads")


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


def _check_vocabularies(content: Content, problems: Diagnostics) -> None:
    for kind, table, expected, filename in (
        ("level", content.levels, models.LEVELS, "levels.yaml"),
        ("proficiency", content.proficiencies, models.PROFICIENCIES, "proficiencies.yaml"),
    ):
        relpath = f"content/{filename}"
        if relpath not in content.sources or relpath in content.broken:
            continue
        src = content.sources[relpath]
        missing = [ident for ident in expected if ident not in table]
        if missing:
            pos = src.at(())
            problems.error(src.path, pos.line, pos.col,
                           f"missing {kind} {', '.join(missing)} (all of {', '.join(expected)} "
                           "must be defined)")
        order = [ident for ident in table if ident in expected]
        if order != [ident for ident in expected if ident in table]:
            pos = src.at(())
            problems.error(src.path, pos.line, pos.col,
                           f"{kind} entries must be in order: {', '.join(expected)}")


def _check_skills(content: Content, problems: Diagnostics) -> None:
    for ident in content.categories:  # category ids name folders of the site
        reserved = models.reserved_id_problem(ident)
        if reserved:
            src = content.source_of("category", ident)
            pos = src.at((ident,), key=True)
            problems.error(src.path, pos.line, pos.col, f"category id {reserved}")
    used = _skills_in_use(content)
    filled = {skill.category for skill in content.skills.values()}
    # A misspelt category or a broken skill file leaves a category empty: its error says it all.
    broken_skill = any(kind == "skill" for kind, _ in content.broken_ids)
    if content.skills and filled <= set(content.categories) and not broken_skill:
        for ident in content.categories:
            if ident not in filled:
                src = content.source_of("category", ident)
                pos = src.at((ident,), key=True)
                problems.warning(src.path, pos.line, pos.col,
                                 f"category '{ident}' has no skill yet; its page is left out")
    for ident, skill in content.skills.items():
        src = content.source_of("skill", ident)
        # A salvaged skill whose category failed its model has None: reported already.
        if skill.category is not None and _categories_known(content) \
                and skill.category not in content.categories:
            pos = src.at(("category",))
            problems.error(src.path, pos.line, pos.col,
                           unknown("category", skill.category, content.categories,
                                   " from content/categories.yaml"))
        if content.roles and used is not None and ident not in used:
            pos = src.at(())
            problems.warning(src.path, pos.line, pos.col,
                             f"skill '{ident}' is in the catalog but no role uses it")


def _skills_in_use(content: Content) -> set[str] | None:
    """The skill ids some role's matrix names, or None when that cannot be known.

    A role file that failed its model still names its skills in its data's `matrix` keys (its
    salvaged matrix may have lost rows): they count as used. A role file that could not be
    read at all hides what it uses, so then no skill can be called unused."""
    used = {skill_id for role in content.roles.values() for skill_id in role.matrix}
    for relpath in content.broken:
        if not relpath.startswith(ROLES_DIR):
            continue
        source = content.sources.get(relpath)
        data = source.data if source is not None else None
        matrix = data.get("matrix") if isinstance(data, dict) else None
        if not isinstance(matrix, dict):
            return None
        used.update(matrix)
    return used


def _categories_known(content: Content) -> bool:
    """False when categories.yaml failed to load: its own errors say why, no cascade."""
    return "content/categories.yaml" not in content.broken


@cache  # a corpus has hundreds of thousands of cells and eight distinct values
def parse_cell(value: str) -> tuple[str, bool]:
    """'working!' -> ('working', True): a trailing '!' marks the cell required."""
    required = value.endswith("!")
    return value.rstrip("!").strip(), required


def _check_roles(content: Content, problems: Diagnostics) -> None:
    rank = {p: i for i, p in enumerate(models.PROFICIENCIES)}
    for ident, role in content.roles.items():
        src = content.source_of("role", ident)
        core = set(role.core_categories or ())
        # A salvaged role whose family failed its model has None: reported already.
        if role.family is not None and not content.exists("family", role.family,
                                                          content.families):
            pos = src.at(("family",))
            problems.error(src.path, pos.line, pos.col,
                           unknown("family", role.family, content.families,
                                   " from content/families/"))
        for index, category in enumerate(role.core_categories):
            if _categories_known(content) and category not in content.categories:
                pos = src.at(("core_categories", index))
                problems.error(src.path, pos.line, pos.col,
                               unknown("category", category, content.categories,
                                       " from content/categories.yaml"))
        for skill_id, row in role.matrix.items():
            if not content.exists("skill", skill_id, content.skills):
                pos = src.at(("matrix", skill_id), key=True)
                problems.error(src.path, pos.line, pos.col,
                               unknown("skill", skill_id, content.skills,
                                       " from content/skills/"))
            skill = content.skills.get(skill_id)
            in_core = skill is not None and skill.category in core
            previous: tuple[str, int] | None = None
            filled = 0
            for level in models.LEVELS:
                value = row.get(level)  # type: ignore[call-overload]
                if value is None:
                    if previous is not None:
                        pos = src.at(("matrix", skill_id))
                        problems.warning(src.path, pos.line, pos.col,
                                         f"'{skill_id}' is expected at {previous[0]} but not at "
                                         f"{level}: a higher level should not expect less")
                        previous = None
                    continue
                filled += 1
                proficiency, required = parse_cell(value)
                if proficiency not in rank:
                    pos = src.at(("matrix", skill_id, level))
                    problems.error(src.path, pos.line, pos.col,
                                   unknown("proficiency", proficiency, models.PROFICIENCIES)
                                   + " (add '!' to mark the cell required)")
                    continue
                # Cheap test first: a corpus has hundreds of thousands of cells, nearly all right.
                if required != (in_core and rank[proficiency] > 0):
                    wrong = _required_cell_problem(content, role, skill_id, level, proficiency,
                                                   required)
                    if wrong:
                        pos = src.at(("matrix", skill_id, level))
                        problems.error(src.path, pos.line, pos.col, wrong)
                if previous is not None and rank[proficiency] < previous[1]:
                    pos = src.at(("matrix", skill_id, level))
                    problems.warning(
                        src.path, pos.line, pos.col,
                        f"'{skill_id}' drops from {models.PROFICIENCIES[previous[1]]} at "
                        f"{previous[0]} to {proficiency} at {level}",
                    )
                previous = (level, rank[proficiency])
            if filled == 0:
                pos = src.at(("matrix", skill_id))
                problems.error(src.path, pos.line, pos.col,
                               f"'{skill_id}' has no cell at any level; remove the row or "
                               "set a proficiency")
        for skill_id, cells in role.details.items():
            if skill_id not in role.matrix:
                pos = src.at(("details", skill_id), key=True)
                problems.error(src.path, pos.line, pos.col,
                               f"'{skill_id}' is not in this role's matrix, so it has no cell "
                               "to describe; add its row to `matrix` first"
                               if content.exists("skill", skill_id, content.skills) else
                               unknown("skill", skill_id, role.matrix, " from this role's matrix"))
                continue
            for level in cells:
                if role.matrix[skill_id].get(level) is None:
                    pos = src.at(("details", skill_id, level), key=True)
                    problems.error(src.path, pos.line, pos.col,
                                   f"'{skill_id}' has no cell at {level} to describe")


def _required_cell_problem(content: Content, role: models.Role, skill_id: str, level: str,
                           proficiency: str, required: bool) -> str | None:
    """What is wrong with a cell's '!' by the rule of content/README.md, or None: a cell is
    required exactly when it is Working or above and its skill's category is one of the role's
    core categories. The matrix is the only place the rule is written down, so check holds it."""
    cell = f"'{skill_id}' at {level}"
    if proficiency == models.PROFICIENCIES[0]:
        return f"{cell}: Awareness is never required; remove the '!'" if required else None
    skill = content.skills.get(skill_id)
    if skill is None or skill.category not in content.categories:
        return None  # the unknown skill or category is reported on its own
    category = skill.category
    core = ", ".join(role.core_categories) or "none"
    if category in role.core_categories and not required:
        return (f"{cell} is {proficiency} in '{category}', one of this role's core categories "
                f"({core}), so it is required: write '{proficiency}!'")
    if category not in role.core_categories and required:
        return (f"{cell} is marked required, but its category '{category}' is not one of this "
                f"role's core categories ({core}): remove the '!', or add '{category}' to "
                "core_categories if every cell of it from Working up is required")
    return None


def _check_proficiency_texts(content: Content, locales: list[str],
                              problems: Diagnostics) -> None:
    """A skill's four proficiency texts differ in every locale: a matrix cell opens the text
    of its proficiency, and two cells that read the same could not be told apart."""
    for ident, skill in content.skills.items():
        # Salvaged from a broken file (load.py), a skill may lack its texts: reported already.
        texts_of: models.SkillProficiencies | None = skill.proficiency
        if texts_of is None:
            continue
        src = content.source_of("skill", ident)
        for locale in locales:
            seen: dict[str, str] = {}
            for prof in models.PROFICIENCIES:
                text = getattr(texts_of, prof)
                if text is None:
                    continue
                # A missing translation falls back (a warning of its own), so only the texts
                # written for this locale are compared.
                value = text if isinstance(text, str) else text.get(locale)
                if value is None:
                    continue
                if value in seen:
                    loc: Loc = ("proficiency", prof) if isinstance(text, str) \
                        else ("proficiency", prof, locale)
                    pos = src.at(loc)
                    where = "" if isinstance(text, str) else f" in '{locale}'"
                    problems.error(src.path, pos.line, pos.col,
                                   f"the {prof} text of '{ident}' is the same as its "
                                   f"{seen[value]} text{where}: say what {prof} adds, so a "
                                   "reader can tell the two cells apart")
                else:
                    seen[value] = prof


# Folder of a content file -> the schema of its files; a file of its own names its own schema.
_FOLDER_SCHEMAS = {"skills": "skill", "roles": "role", "families": "family", "i18n": "ui"}


def _check_schema_lines(content: Content, problems: Diagnostics) -> None:
    """Each file's first line names its JSON Schema (content/README.md), for editors to
    complete and check the file while it is typed. Only where the schema exists to point at."""
    schemas = {path.name.removesuffix(".schema.json")
               for path in (content.root / "schemas").glob("*.schema.json")}
    for relpath, src in content.sources.items():
        if relpath in content.broken:
            continue
        parts = relpath.split("/")
        if parts[0] == "content" and len(parts) == 3:
            name, prefix = _FOLDER_SCHEMAS.get(parts[1]), "../../"
        else:
            name, prefix = parts[-1].removesuffix(".yaml"), "../" * (len(parts) - 1)
        if name not in schemas:
            continue
        expected = f"# yaml-language-server: $schema={prefix}schemas/{name}.schema.json"
        first = src.text.splitlines()[0].strip() if src.text else ""
        if first != expected:
            problems.error(src.path, 1, 1,
                           f"the first line must be `{expected}`: it names the file's schema, "
                           "so that editors check the file as you type")


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
                loc: Loc = (ident, "mark", locale) if isinstance(proficiency.mark, dict) \
                    else (ident, "mark")
                pos = src.at(loc)
                problems.error(src.path, pos.line, pos.col,
                               f"mark '{mark}' of {ident} is already the mark of {seen[mark]} "
                               f"in '{locale}': a reader could not tell them apart")
            seen[mark] = ident


def pick(text: str | dict[str, str], locale: str, default: str) -> str | None:
    if isinstance(text, str):
        return text
    return text.get(locale, text.get(default))


# How layouts ask for a UI string: _('key'), _.plain('key'), _.forms('key'), translators[x]('key').
_UI_CALL = re.compile(
    r"""(?:\b_|_\.plain|_\.forms|translators\[\w+\])\(\s*['"]([a-z0-9_.]+)['"]\s*[,)]""")


def used_ui_keys(layouts: Path) -> dict[str, str]:
    """UI string key -> first layout file using it."""
    keys: dict[str, str] = {}
    for path in sorted(layouts.rglob("*.html")):
        for key in _UI_CALL.findall(path.read_text(encoding="utf-8")):
            keys.setdefault(key, f"layouts/{path.relative_to(layouts).as_posix()}")
    return keys


def _check_ui(content: Content, locales: list[str], problems: Diagnostics) -> None:
    default = content.config.default_locale if content.config else "en"
    relpath = f"content/i18n/{default}.yaml"
    canonical = content.ui.get(default, {})
    # A broken file's strings are unknown, and so is every locale without site_config.yaml:
    # their own errors say why, comparisons against nothing would bury them.
    canonical_known = relpath not in content.broken
    if canonical_known and (relpath in content.sources or not content.ui):
        # A layout that asks for a string the default locale lacks would fail mid-build.
        for key, layout in used_ui_keys(content.root / "layouts").items():
            if key not in canonical:
                problems.error(relpath, 1, 1, f"UI string '{key}' (used by {layout}) is not "
                               f"defined{did_you_mean(key, canonical)}")
    if not content.ui:
        return
    for locale in locales:
        if locale not in content.ui and locale != default \
                and f"content/i18n/{locale}.yaml" not in content.broken:
            problems.warning(f"content/i18n/{default}.yaml", 1, 1,
                             f"no interface strings for '{locale}' (content/i18n/{locale}.yaml): "
                             "its pages fall back to the default locale's")
    for locale, strings in content.ui.items():
        src = content.source_of("ui", locale)
        if locale not in locales:
            if content.config is not None:
                problems.error(src.path, 1, 1, unknown("locale", locale, locales,
                                                       " from site_config.yaml"))
            continue
        if locale == default or not canonical_known:
            continue
        for key in strings:
            if key not in canonical:
                pos = src.at((key,), key=True)
                problems.error(src.path, pos.line, pos.col,
                               unknown("UI string", key, canonical,
                                       f" defined in content/i18n/{default}.yaml"))
        for key in canonical:
            if key not in strings:
                pos = src.at(())
                problems.warning(src.path, pos.line, pos.col,
                                 f"missing translation of UI string '{key}'")


def _check_texts(content: Content, locales: list[str] | None,
                 problems: Diagnostics) -> list[Coverage]:
    """Translations (unless `locales` is None: the configuration is broken), lengths, and
    Markdown safety of every text."""
    default = content.config.default_locale if content.config else "en"
    translated = Counter[str]()
    total = 0
    for ref in iter_texts(content):
        total += 1
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
                    pos = ref.source.at((*ref.loc, locale), key=True)
                    problems.error(ref.source.path, pos.line, pos.col,
                                   unknown("locale", locale, locales, " from site_config.yaml"))
            if default not in value:
                pos = ref.source.at(ref.loc)
                problems.error(ref.source.path, pos.line, pos.col,
                               f"missing the '{default}' text: every text needs the default "
                               "locale, which other locales fall back to")
            for locale in locales:
                if locale in value:
                    translated[locale] += 1
                elif locale != default:
                    pos = ref.source.at(ref.loc)
                    problems.warning(ref.source.path, pos.line, pos.col,
                                     f"missing '{locale}' translation of {_describe(ref.loc)}")
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
    return [Coverage(locale, translated[locale], total) for locale in locales or ()]


# The longest a label may be, by the field that holds it (the last key of its location that
# is not a locale, a level or an index). A name is shown on a tab, a card or a table row:
# beyond these lengths it belongs in the description. Markdown bodies are limited only by
# the size of their file.
TEXT_LIMITS = {"name": 100, "title": 100, "short": 12, "mark": 3, "question": 200,
               "stack": 80}
SITE_LIMITS = {"title": 100, "description": 300}  # site_config.yaml's own texts
# A text a spreadsheet would run as a formula when a reader opens the CSV export (which
# neutralises it, see exports.role_csv); in a name it is almost always a mistake or an attack.
FORMULA_START = models.FORMULA_START


def _check_text_shape(ref: TextRef, texts: Mapping[str, object],
                      problems: Diagnostics) -> None:
    field = next((part for part in reversed(ref.loc) if isinstance(part, str)
                  and part not in models.LEVELS), "")
    if ref.loc[0] == "stack":
        field = "stack"
    limit = (SITE_LIMITS.get(field) if ref.source.path == "site_config.yaml"
             else TEXT_LIMITS.get(field))
    keyed = isinstance(ref.value, dict)
    for locale, text in _strings(texts):
        too_long = limit is not None and len(text) > limit
        formula = (not ref.is_markdown and field in ("name", "title")
                   and text.startswith(FORMULA_START))
        if not (too_long or formula):
            continue  # positions are worked out only for a problem
        where = ref.source.at((*ref.loc, locale) if keyed else ref.loc)
        if too_long:
            problems.error(ref.source.path, where.line, where.col,
                           f"{_describe(ref.loc)}{f' ({locale})' if keyed else ''} is "
                           f"{len(text):,} characters long; the limit "
                           f"is {limit:,} (shorten it: details belong in the description)")
        if formula:
            problems.warning(ref.source.path, where.line, where.col,
                             f"{_describe(ref.loc)} starts with '{text[0]}', which a "
                             "spreadsheet opening the CSV export would read as a formula; "
                             "start it with a letter or digit")


# Directional overrides, embeddings and isolates ("Trojan Source"); the plain marks LRM/RLM
# stay allowed, right-to-left scripts need them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _strings(texts: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    for locale, value in texts.items():
        if isinstance(value, str):
            yield locale, value
        elif isinstance(value, list):
            yield from ((locale, item) for item in value if isinstance(item, str))


def _describe(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)
