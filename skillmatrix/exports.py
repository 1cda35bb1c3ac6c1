"""Machine-readable outputs of the resolved model: the JSON API, CSV per role, sitemap, robots.

The JSON format is versioned (`schema_version`) and documented in docs/api.md; its JSON Schema
is published beside it, so other tools can validate what they fetch.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .i18n import Translator
from .model import Cell, Role, Site, Text
from .pages import Page
from .shapes import FORMULA_START
from .urls import Urls

API_SCHEMA_VERSION = "1.0"
BYTE_ORDER_MARK = "\ufeff"
# The interface string naming the competencies (layouts use it too, so `check` makes sure the
# default locale defines it).
COMPETENCIES_LABEL = "competencies.title"


def _texts(text: Text | None, site: Site) -> dict[str, Any] | None:
    """All locales of a text, fallbacks filled, so a consumer never has to implement them."""
    if text is None:
        return None
    return {locale: text.plain(locale) for locale in site.locales}


def _cell(cell: Cell | None, site: Site) -> dict[str, Any] | None:
    if cell is None:
        return None
    return {
        "proficiency": cell.proficiency.id,
        "required": cell.required,
        "detail": _texts(cell.detail, site),
    }


def role_json(role: Role, site: Site, urls: Urls) -> dict[str, Any]:
    return {
        "schema_version": API_SCHEMA_VERSION,
        "id": role.id,
        "family": role.family.id,
        "title": _texts(role.title, site),
        "summary": _texts(role.summary, site),
        "url": {locale: urls.absolute(Urls.role(locale, role.id)) for locale in site.locales},
        "levels": [level.id for level in role.ladder],
        "stats": {
            "skills": role.stats.skills,
            "levels": role.stats.levels,
            "required": role.stats.required,
            "requirements": role.stats.requirements,
            "categories": role.stats.categories,
        },
        "stack": {
            view.level.id: _texts(view.stack, site)
            for view in role.levels
            if view.stack is not None
        },
        "focus": {
            view.level.id: _texts(view.focus, site)
            for view in role.levels
            if view.focus is not None
        },
        "categories": [
            {
                "id": group.category.id,
                "name": _texts(group.category.name, site),
                "skills": [
                    {
                        "id": row.skill.id,
                        "name": _texts(row.skill.name, site),
                        "cells": {
                            level.id: _cell(cell, site)
                            for level, cell in zip(role.ladder, row.cells, strict=True)
                        },
                    }
                    for row in group.rows
                ],
            }
            for group in role.groups
        ],
        "competencies": [
            {
                "id": competency.id,
                "name": _texts(competency.name, site),
                "description": _texts(competency.description, site),
                "levels": {level.id: _texts(expected, site) for level, expected in ladder},
            }
            for competency, ladder in role.competency_rows
        ],
        "paths": [
            {"role": step.target.id, "from": step.from_level.id, "to": step.to_level.id}
            for step in role.paths
        ],
        "entered_from": [
            {"role": step.source.id, "from": step.from_level.id, "to": step.to_level.id}
            for step in role.entered_from
        ],
    }


def matrix_json(role: Role, site: Site) -> dict[str, Any]:
    """The compact matrix that the compare page fetches: ranks and required flags only."""
    return {
        "schema_version": API_SCHEMA_VERSION,
        "id": role.id,
        "family": role.family.id,
        "title": _texts(role.title, site),
        "levels": [level.id for level in role.ladder],
        "skills": [
            {
                "id": row.skill.id,
                "category": row.skill.category.id,
                "name": _texts(row.skill.name, site),
                "ranks": row.ranks,
                "required": row.required_flags,
            }
            for row in role.rows
        ],
    }


def expectations_json(site: Site) -> dict[str, Any]:
    """Every role's expectations in one small file, for the calculator's "how far from the other
    roles": fetched once by a reader who opens that view, where one JSON value in every
    calculator page would repeat every role on every role's page. A skill is an index into
    `skills`, its ranks and required flags one digit per level of the role's own ladder."""
    used = sorted({row.skill.id for role in site.roles for row in role.rows})
    index = {skill_id: i for i, skill_id in enumerate(used)}
    return {
        "schema_version": API_SCHEMA_VERSION,
        "skills": used,
        "roles": [
            {
                "id": role.id,
                "title": _texts(role.title, site),
                "levels": [view.level.id for view in role.levels],
                "skills": [
                    [
                        index[row.skill.id],
                        "".join(map(str, row.ranks)),
                        "".join(map(str, row.required_flags)),
                    ]
                    for row in role.rows
                ],
            }
            for role in sorted(site.roles, key=lambda r: r.id)
        ],
    }


def index_json(site: Site, urls: Urls) -> dict[str, Any]:
    return {
        "schema_version": API_SCHEMA_VERSION,
        "locales": site.locales,
        "default_locale": site.default_locale,
        "levels": [
            {"id": level.id, "name": _texts(level.name, site), "track": level.track}
            for level in site.levels
        ],
        "proficiencies": [
            {"id": p.id, "rank": p.rank, "name": _texts(p.name, site), "mark": _texts(p.mark, site)}
            for p in site.proficiencies
        ],
        "families": [
            {"id": f.id, "name": _texts(f.name, site), "roles": [r.id for r in f.roles]}
            for f in site.families
        ],
        "roles": [
            {
                "id": r.id,
                "family": r.family.id,
                "title": _texts(r.title, site),
                "href": urls.absolute(Urls.api_role(r.id)),
                "csv": {
                    locale: urls.absolute(Urls.csv_role(r.id, locale)) for locale in site.locales
                },
                "csv_excel": {
                    locale: urls.absolute(Urls.excel_csv_role(r.id, locale))
                    for locale in site.locales
                },
            }
            for r in site.roles
        ],
    }


def dumps(data: Any) -> str:
    # Compact: indented output is encoded by the pure-Python encoder, ten times slower (the
    # scale corpus's 200 MB of JSON took 5 s), and consumers parse it anyway.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def csv_cell(text: str) -> str:
    """A cell a spreadsheet would read as a formula (CSV injection) gets a leading
    apostrophe, which spreadsheets show as text and do not print."""
    return "'" + text if text.startswith(FORMULA_START) else text


def role_csv(role: Role, site: Site, locale: str, *, excel: bool = False) -> str:
    """One row per skill: category, skill, then the proficiency per level ('!' = required).
    Names come from content (anyone's pull request): none is written as a formula.

    The plain file is UTF-8 without a byte order mark, lines ending in LF. Excel reads a CSV
    without a BOM in the system's legacy code page, which garbles Chinese and Russian names, so
    `excel=True` writes the same rows for it: a UTF-8 BOM first and CRLF line ends."""
    buffer = io.StringIO()
    if excel:
        buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, lineterminator="\r\n" if excel else "\n")
    writer.writerow(
        ["category_id", "category", "skill_id", "skill", *(level.id for level in role.ladder)]
    )
    for group in role.groups:
        for row in group.rows:
            writer.writerow(
                [
                    group.category.id,
                    csv_cell(group.category.name.plain(locale)),
                    row.skill.id,
                    csv_cell(row.skill.name.plain(locale)),
                    *(
                        "" if c is None else c.proficiency.id + ("!" if c.required else "")
                        for c in row.cells
                    ),
                ]
            )
    # The competencies follow the skills, a row each with its text per level (Markdown, as
    # written); their empty category_id tells them from skills (a category id never is).
    label = Translator(
        locale, site.ui.get(locale, {}), site.ui.get(site.default_locale, {}), site.default_locale
    ).plain(COMPETENCIES_LABEL)
    for competency, ladder in role.competency_rows:
        writer.writerow(
            [
                "",
                csv_cell(label),
                competency.id,
                csv_cell(competency.name.plain(locale)),
                *(csv_cell(expected.plain(locale)) for _, expected in ladder),
            ]
        )
    return buffer.getvalue()


def api_schema(source: str, urls: Urls, name: str) -> str:
    """A published JSON Schema, its `$id` the URL it is served at: consumers resolve and cache
    it by that URL, which depends on where this site is deployed."""
    schema = json.loads(source)
    schema["$id"] = urls.absolute(Urls.api_schema(name))
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def sitemap_xml(site: Site, pages: list[Page], urls: Urls) -> str:
    by_key: dict[tuple[str, ...], list[Page]] = {}
    for page in pages:
        by_key.setdefault(page.key, []).append(page)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages:
        if not page.in_sitemap:
            continue
        lines.append(f"  <url><loc>{urls.absolute(page.path)}</loc>")
        for alt in by_key[page.key]:
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang="{alt.locale}" '
                f'href="{urls.absolute(alt.path)}"/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(urls: Urls) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute('sitemap.xml')}\n"
