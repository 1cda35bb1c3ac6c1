"""Incremental rebuilds for `serve`: after a change, render only the pages that show a changed
file, and write only the files whose bytes changed.

Zola's `serve` rebuilds by kind of change; this goes one step further with the map every page
carries of the parts of the content it shows (`Page.shows`, in the vocabulary of deps.py). A
change to a layout, an asset, the configuration or a shared vocabulary re-renders every page
(still writing only what differs).
The result is byte-identical to a clean build of the same content (tested).
"""

from __future__ import annotations

import gc
import itertools
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from .check import check
from .collector import collector_paused
from .deps import (
    PER_PAGE,
    File,
    Part,
    RoleCard,
    RoleEntries,
    RoleLevel,
    RoleRow,
    fragments_survive,
    role_files_shown,
    shows_any,
)
from .deps import files as files_of
from .diagnostics import Diagnostics
from .history import History, read_history
from .model import CareerPath, LevelView, Role, Site
from .output import SyncedFolder
from .pages import Page, PlanMemo, plan_pages
from .render import Assets, Renderer
from .resolve import resolve
from .search import BUNDLE_DIR, write_search_index
from .source import ParseCache
from .stages import (
    SITE_OUTPUTS,
    Files,
    role_files,
    write_assets,
    write_files,
    write_page,
    write_record,
)
from .templating import make_environment
from .tuning import Tuning
from .urls import Urls
from .validate import ValidationMemo

WATCHED = ("content", "layouts", "assets", "site_config.yaml")


@dataclass
class Update:
    problems: Diagnostics
    rendered: list[str] = field(default_factory=list)  # paths of the pages rendered
    written: list[str] = field(default_factory=list)  # files whose bytes changed
    removed: list[str] = field(default_factory=list)
    shown_seconds: float = 0.0  # until the pages browsers show were on disk
    pages_seconds: float = 0.0  # until every changed page was on disk
    seconds: float = 0.0  # everything, search index included

    @property
    def ok(self) -> bool:
        return not self.problems.errors


def changed_parts(before: Site, after: Site, changed: set[str]) -> set[Part] | None:
    """What an edit of the `changed` files changed, as the parts pages show (deps.py); None
    when every page must be rendered (a layout, an asset, the configuration, a vocabulary,
    or entities added or removed)."""
    if any(not path.startswith(PER_PAGE) for path in changed):
        return None
    if (
        {r.id for r in before.roles} != {r.id for r in after.roles}
        or before.skills.keys() != after.skills.keys()
        or {f.id for f in before.families} != {f.id for f in after.families}
        or [c.id for c in before.competencies] != [c.id for c in after.competencies]
    ):
        return None
    old_roles = {role.source: role for role in before.roles}
    new_roles = {role.source: role for role in after.roles}
    parts: set[Part] = {File(path) for path in changed}
    for path in changed & new_roles.keys():
        old, new = old_roles[path], new_roles[path]
        if [lv.id for lv in old.ladder] != [lv.id for lv in new.ladder]:
            return None  # the role's level pages are others: a new plan
        if _paths_of(old.paths) != _paths_of(new.paths):
            # The roles it led into, and those it leads into now, say where they are entered
            # from on their career path pages.
            parts.update(RoleEntries(step.target.source) for step in (*old.paths, *new.paths))
        if _card_of(old) != _card_of(new):
            parts.add(RoleCard(path))
        old_rows = {r.skill.id: r.expectations for r in old.rows}
        for new_row in new.rows:
            if old_rows.pop(new_row.skill.id, None) != new_row.expectations:
                parts.add(RoleRow(path, new_row.skill.id))
        parts.update(RoleRow(path, skill_id) for skill_id in old_rows)
        # A skill the role no longer has: its page, planned from the new site, no longer
        # shows the role's row, and must drop the role all the same.
        parts.update(File(before.skills[skill_id].source) for skill_id in old_rows)
        for i, (old_view, new_view) in enumerate(zip(old.levels, new.levels, strict=True)):
            if _level_of(old_view) != _level_of(new_view) or _profile_of(old, i) != _profile_of(
                new, i
            ):
                parts.add(RoleLevel(path, new_view.level.id))
    return parts


def _paths_of(paths: list[CareerPath]) -> list[tuple[str, str, str]]:
    return [(step.target.id, step.from_level.id, step.to_level.id) for step in paths]


def _card_of(role: Role) -> tuple[object, ...]:
    return (role.title.values, role.summary.values, role.stats, role.family.id)


def _profile_of(role: Role, level: int) -> tuple[object, ...]:
    """A level's profile chart: a mean over all the role's skills of a category, which a row
    added or removed elsewhere changes while the level's own cells stay as they were."""
    return tuple((entry.category.id, entry.means[level]) for entry in role.profile)


def _level_of(view: LevelView) -> tuple[object, ...]:
    cells = tuple(
        (
            category.id,
            tuple(
                (c.skill.id, c.proficiency.id, c.required, c.overridden, c.detail.values)
                for c in cells
            ),
        )
        for category, cells in view.groups
    )
    return (cells, view.focus and view.focus.values, view.stack and view.stack.values)


def snapshot(root: Path) -> dict[str, int]:
    """Watched file -> modification time, to tell what changed between two calls."""
    stamps: dict[str, int] = {}
    for name in WATCHED:
        path = root / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            try:
                stamps[file.relative_to(root).as_posix()] = file.stat().st_mtime_ns
            except OSError:
                continue
    return stamps


@dataclass(frozen=True)
class Unfinished:
    """An update stopped before its end (a newer change came, see `steps`) or refused by the
    check: the next update takes over its changed files and parts, and renders what it had
    left undone with its own."""

    changed: frozenset[str]
    parts: frozenset[Part] | None  # None: it was rendering every page


class Preview:
    """A site kept up to date in `out`, for the preview server."""

    def __init__(
        self,
        root: Path,
        out: Path,
        *,
        base_url: str,
        live_reload: int | None = None,
        tuning: Tuning | None = None,
        long_lived: bool = False,
    ) -> None:
        self.root = root
        # serve's preview runs for hours: its first site is kept out of the collector's sight,
        # and a stopped update leaves the collector off for the next (collector.py).
        self.long_lived = long_lived
        self.out = out
        self.tuning = tuning or Tuning.from_environment()
        self.base_url = base_url
        self.live_reload = live_reload
        self.cache = ParseCache()
        self.validation = ValidationMemo()
        self.files = SyncedFolder(out)
        # Search records (see search.py), beside the site: Pagefind indexes them into it.
        self.records = SyncedFolder(out.parent / f".{out.name}-search-records")
        self.stamps: dict[str, int] = {}
        self.complete = False  # the last update left a whole, current site
        self.unfinished: Unfinished | None = None  # what an update left undone
        self.search_stale = False  # records changed since the index was last made
        self.role_paths: dict[str, list[str]] = {}  # role id -> its data files' paths
        self.site: Site | None = None  # as the last complete update left it
        self.environment: Environment | None = None
        self.renderer: Renderer | None = None
        self.history: History | None = None  # read once, at the first good update
        self.plan_memo = PlanMemo()  # what the last plan worked out per role and skill

    def changed_files(self) -> set[str]:
        now = snapshot(self.root)
        changed = {
            path
            for path in now.keys() | self.stamps.keys()
            if now.get(path) != self.stamps.get(path)
        }
        self.stamps = now
        return changed

    def update(self, changed: set[str] | None = None) -> Update:
        """Bring the site up to date; `changed` None means everything may have changed."""
        *_, result = self.steps(changed)
        self.refresh_search()
        return result

    def steps(
        self, changed: set[str] | None, viewed: frozenset[str] = frozenset()
    ) -> Generator[Update, None, None]:
        """The update in steps, for a server that must keep answering while it runs: first
        the checks and the pages a browser shows (`viewed`: site paths), which are on disk
        when the first Update is yielded (the browser can reload then), then the other pages
        a few at a time, each step yielding. The search index is left to `refresh_search`:
        no page waits for it. The last Update yielded is complete.

        Closed before its end (a newer change should not wait for every page of this one),
        the update leaves what it had to do to the next one (`Unfinished`)."""
        with collector_paused(self.tuning.collector, hand_over=self.long_lived):
            yield from self._steps(changed, viewed)

    def refresh_search(self) -> None:
        """Index the search records again if an update changed them (Pagefind over every
        record: a second or more, which is why pages do not wait for it)."""
        if self.search_stale:
            self.search_stale = False
            write_search_index(self.records.path, self.out)

    # Seconds of rendering between two yields of `steps`: a save made meanwhile waits at most
    # this (and one page) before its own update starts. A count of pages would not do: the
    # pages of a large site take longer than the real content's (bench/README.md).
    STEP_SECONDS = 0.02

    def _steps(
        self, changed: set[str] | None, viewed: frozenset[str]
    ) -> Generator[Update, None, None]:
        started = time.perf_counter()
        earlier, self.unfinished = self.unfinished, None
        if changed is None:
            self.stamps = snapshot(self.root)
        # The files the watcher did not report are not read again (ParseCache).
        self.cache.expect_changes(changed)
        checked = check(
            self.root, self.cache, memo=self.validation, collector=self.tuning.collector
        )
        result = Update(checked.problems)
        if not result.ok:
            # Nothing is written: the next good update starts from the same site as this one
            # would have, with these files changed too (a file read half-saved costs no more).
            if changed is not None and (self.complete or earlier is not None):
                self.unfinished = Unfinished(
                    frozenset(changed | (earlier.changed if earlier else set())),
                    frozenset() if earlier is None else earlier.parts,
                )
            self.complete = False
            yield result
            return
        # Only a complete previous update, or one stopped for this one, is a base to resolve
        # an edit on; this one is not complete until its last step.
        based = (self.complete or earlier is not None) and self.site is not None
        self.complete = False
        if earlier is not None and changed is not None:
            changed = changed | earlier.changed
        site = resolve(checked.content, self.site if based else None)
        urls = Urls(self.base_url)
        if self.history is None:
            roles = (role.source for role in site.roles)
            self.history = read_history(self.root, roles, site.config.history_limit)
        pages = plan_pages(site, self.history, memo=self.plan_memo)
        assets = Assets.scan(self.root / "assets")
        if (
            self.environment is None
            or changed is None
            or any(path.startswith("layouts/") for path in changed)
        ):
            self.environment = make_environment(self.root, shortcuts=self.tuning.jinja_shortcuts)
        # Shared fragments show the catalog, vocabularies, strings, layouts and assets, never
        # a role: after an edit to role files alone they are still right.
        reuse = (
            self.renderer is not None
            and changed is not None
            and based
            and fragments_survive(changed)
        )
        renderer = Renderer(
            self.root,
            site,
            urls,
            assets,
            pdf_available=False,
            tuning=self.tuning,
            live_reload=self.live_reload,
            environment=self.environment,
            fragments=self.renderer.fragments if reuse and self.renderer else None,
        )
        self.renderer = renderer
        renderer.index_pages(pages)

        parts = (
            None
            if changed is None or not based or self.site is None
            else changed_parts(self.site, site, changed)
        )
        if parts is not None and earlier is not None:
            # What the stopped update rendered must be rendered again too (an edit undone
            # since changes nothing between the two sites, yet its pages were written).
            parts = None if earlier.parts is None else parts | earlier.parts

        def targets(on_screen: bool) -> Iterator[Page]:
            for page in pages:
                if (page.path in viewed) == on_screen and (
                    parts is None or shows_any(page.shows, parts)
                ):
                    yield page

        try:
            # What a browser shows first, with the assets it loads; the other pages are
            # picked after the first step.
            shown = list(targets(on_screen=True))
            first = len(shown)
            # The assets first: a reloading browser asks for them with the page.
            result.written += write_assets(self.root, assets, self.files)
            if first == 0:
                result.shown_seconds = time.perf_counter() - started
                yield result
            step_started = time.perf_counter()
            for index, page in enumerate(itertools.chain(shown, targets(on_screen=False))):
                if write_page(renderer, page, self.files):
                    result.written.append(page.output)
                if page.searchable:
                    self.search_stale |= write_record(renderer, page, self.records)
                result.rendered.append(page.path)
                done = index + 1
                if done == first:
                    result.shown_seconds = time.perf_counter() - started
                    yield result
                    step_started = time.perf_counter()
                elif done > first and time.perf_counter() - step_started >= self.STEP_SECONDS:
                    yield result
                    step_started = time.perf_counter()
            result.pages_seconds = time.perf_counter() - started
            # The data files, a step each (some show every role: a large site's take a good
            # part of a second), then the roles' a few at a time.
            files: Files = {}
            for output in SITE_OUTPUTS:
                files.update(output(site, pages, urls))
                yield result
            if parts is None:
                self.role_paths = {}
            step_started = time.perf_counter()
            for role in site.roles:
                # After an edit, only the data files of roles that show an edited file change,
                # or the paths into the role (its JSON's `entered_from`); the others stay as
                # they are (same paths: the roles and locales are the same).
                role_shows = files_of(role_files_shown(role)) | {RoleEntries(role.source)}
                if parts is None or shows_any(role_shows, parts):
                    made = role_files(role, site, urls)
                    self.role_paths[role.id] = list(made)
                    files.update(made)
                    if time.perf_counter() - step_started >= self.STEP_SECONDS:
                        yield result
                        step_started = time.perf_counter()
            result.written += write_files(files, self.files)
            expected = {page.output for page in pages} | set(files) | set(assets.names.values())
            expected.update(path for role in site.roles for path in self.role_paths[role.id])
            result.removed = self.files.keep_only(expected, spare=BUNDLE_DIR)
            self.search_stale |= bool(
                self.records.keep_only({page.output for page in pages if page.searchable})
            )
            if self.long_lived and self.site is None:
                # The first site, which every update builds on, is kept out of the
                # collector's sight: left in it, every full collection after an update
                # scanned the whole model (4 s on the scale corpus, at random in a save).
                # What an update replaces of it is never collected if it is in a cycle: a
                # one-time cost of at most one model's size.
                gc.freeze()
            self.site = site
            self.complete = True
            if self.long_lived:
                # The cycles this update (and any it took over) left, collected while no
                # browser waits: with the collector off during updates they would pile up
                # until one of its rare full collections. The first site is frozen, so this
                # scans only what updates made.
                gc.collect()
            result.seconds = time.perf_counter() - started
            yield result
        except GeneratorExit:
            if not self.complete:
                self.unfinished = Unfinished(
                    frozenset(changed or ()), None if parts is None else frozenset(parts)
                )
            raise
