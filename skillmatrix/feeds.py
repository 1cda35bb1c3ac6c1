"""Atom feeds of the roles' histories: one per role and one for the whole site, per locale.

Made from the planned history pages (their changes, already resolved), as XML trees written by
the standard library, so every text is escaped by the serializer. Everything in a feed comes
from the repository's state: ids are the permalinks of the changes on the history pages, and
`updated` is the newest commit date (the epoch for a feed without entries), never the time of
the build, so the same repository gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime

from .history import ShownChange, ShownMove
from .i18n import Translator
from .model import Proficiency, Site
from .pages import Page
from .urls import Urls

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What a feed without entries says it was updated: fixed, so that it stays deterministic.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MEDIA_TYPE = "application/atom+xml"

ET.register_namespace("", ATOM)


def feed_files(site: Site, pages: Iterable[Page], urls: Urls) -> dict[str, str | bytes]:
    """Every role's feed and the site's, per locale, from the history pages in `pages`."""
    files: dict[str, str | bytes] = {}
    limit = site.config.history_limit
    default_ui = site.ui.get(site.default_locale, {})
    by_locale: dict[str, list[tuple[Page, ShownChange]]] = {}
    for page in pages:
        if page.kind != "history" or page.locale is None:
            continue
        locale = page.locale
        tr = Translator(locale, site.ui.get(locale, {}), default_ui, site.default_locale)
        role = page.data["role"]
        changes: tuple[ShownChange, ...] = page.data["changes"]
        title = tr.plain("history.feed_title", role=role.title.plain(locale))
        files[Urls.history_feed(locale, role.id)] = _feed(
            site,
            urls,
            tr,
            feed_path=Urls.history_feed(locale, role.id),
            page_path=page.path,
            title=title,
            entries=[(page, change) for change in changes],
        )
        by_locale.setdefault(locale, []).extend((page, change) for change in changes)
    for locale in site.locales:
        tr = Translator(locale, site.ui.get(locale, {}), default_ui, site.default_locale)
        # Newest first; a commit that changed several roles lists them by role id.
        merged = sorted(
            by_locale.get(locale, []),
            key=lambda item: (-item[1].change.date.timestamp(), item[1].role.id, item[1].anchor),
        )
        files[Urls.site_feed(locale)] = _feed(
            site,
            urls,
            tr,
            feed_path=Urls.site_feed(locale),
            page_path=Urls.home(locale),
            title=tr.plain("history.site_feed_title", site=site.title.plain(locale)),
            entries=merged[:limit],
        )
    return files


def _feed(
    site: Site,
    urls: Urls,
    tr: Translator,
    *,
    feed_path: str,
    page_path: str,
    title: str,
    entries: list[tuple[Page, ShownChange]],
) -> bytes:
    locale = tr.locale
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: locale})
    _text(feed, "id", urls.absolute(feed_path))
    _text(feed, "title", title)
    updated = max((change.change.date for _, change in entries), default=EPOCH)
    _text(feed, "updated", _date(updated))
    _link(feed, "self", urls.absolute(feed_path), MEDIA_TYPE)
    _link(feed, "alternate", urls.absolute(page_path), "text/html")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", site.title.plain(locale))
    _text(author, "uri", site.config.repository)
    for page, shown in entries:
        change = shown.change
        permalink = f"{urls.absolute(page.path)}#{shown.anchor}"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", permalink)
        subject = change.subject or change.short
        _text(
            entry,
            "title",
            tr.plain("history.entry_title", role=shown.role.title.plain(locale), subject=subject),
        )
        _text(entry, "updated", _date(change.date))
        _link(entry, "alternate", permalink, "text/html")
        _link(entry, "related", shown.pull_url or shown.commit_url, "text/html")
        _text(entry, "summary", "\n".join(change_lines(shown, tr)))
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def change_lines(shown: ShownChange, tr: Translator) -> list[str]:
    """What a change moved, one line each, as plain text."""
    change = shown.change
    locale = tr.locale
    if change.created:
        return [tr.plain("history.created")]
    if change.unreadable:
        return [tr.plain("history.unreadable")]

    def names(found: Iterable[object]) -> str:
        return tr.plain("list.separator").join(_name(item, locale) for item in found)

    lines = [_move(move, tr) for move in shown.moves]
    if change.more_moves:
        lines.append(tr.plain("history.more_moves", count=change.more_moves))
    if shown.skills_added:
        lines.append(tr.plain("history.skills_added", skills=names(shown.skills_added)))
    if shown.skills_removed:
        lines.append(tr.plain("history.skills_removed", skills=names(shown.skills_removed)))
    if shown.stack:
        lines.append(tr.plain("history.stack_changed", levels=names(shown.stack)))
    if shown.focus:
        lines.append(tr.plain("history.focus_changed", levels=names(shown.focus)))
    return lines or [tr.plain("history.no_moves")]


def _name(item: object, locale: str) -> str:
    if isinstance(item, tuple):  # (skill id, Skill or None)
        ident, skill = item
        return str(ident) if skill is None else str(skill.name.plain(locale))
    return str(item.name.plain(locale))  # type: ignore[attr-defined]


def _move(move: ShownMove, tr: Translator) -> str:
    locale = tr.locale
    none = tr.plain("history.not_expected")
    text = tr.plain(
        "history.move",
        skill=move.skill.name.plain(locale) if move.skill else move.skill_id,
        level=move.level.name.plain(locale),
        before=_proficiency(move.before, locale, none),
        after=_proficiency(move.after, locale, none),
    )
    if move.now_required:
        text += " " + tr.plain("history.now_required")
    elif move.no_longer_required:
        text += " " + tr.plain("history.no_longer_required")
    return text


def _proficiency(found: Proficiency | str | None, locale: str, none: str) -> str:
    if found is None:
        return none
    return found if isinstance(found, str) else str(found.name.plain(locale))


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = value


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "href": href, "type": media_type})


def _date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
