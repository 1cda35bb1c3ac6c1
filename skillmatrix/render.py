"""Render step: Jinja2 with autoescaping everywhere, and the few filters templates need to
present a localized text (with a visible fallback) or Markdown."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from . import charts, markdown
from .i18n import Translator
from .model import Cell, Site, Text
from .pages import Page
from .proposals import Proposal
from .templating import make_environment
from .tuning import FULL, Forgetful, Tuning
from .urls import Urls

LOCALE_NAMES = {"en": "English", "zh": "中文", "ru": "Русский"}
# One policy for every page: only our own files, no inline code of any kind. Pagefind runs
# WebAssembly, which needs 'wasm-unsafe-eval' (it does not allow JavaScript eval).
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)


# Fragments that many pages show identically, as filters: `{{ cell|matrix_cell }}` renders the
# macro `matrix_cell(cell)` of layouts/macros.html once per locale and key, the key naming
# everything the macro shows. (Matrix cells link relatively, so they show no role.) Whole
# matrix rows were shared too, until the scale corpus showed that most rows are unique:
# a miss cost more than rendering the row's cells from shared fragments.
SHARED_MACROS: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "skill_link": lambda skill: (skill.id,),
    "matrix_cell": lambda cell: (cell.skill.id, cell.level.id, cell.proficiency.id, cell.required),
    "calc_skill": lambda skill: (skill.id,),
    "change_row": lambda change: (change.skill.id, _expects(change.before), _expects(change.after)),
}


def _expects(cell: Cell | None) -> tuple[str, bool] | None:
    return None if cell is None else (cell.proficiency.id, cell.required)


@dataclass(frozen=True)
class Assets:
    """Fingerprinted asset names, so a changed file gets a new URL and caches never go stale."""

    names: dict[str, str]  # source name -> output path

    @classmethod
    def scan(cls, folder: Path) -> Assets:
        names = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            stem, dot, ext = rel.rpartition(".")
            names[rel] = f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{rel}.{digest}"
        return cls(names)


class Renderer:
    def __init__(
        self,
        root: Path,
        site: Site,
        urls: Urls,
        assets: Assets,
        *,
        pdf_available: bool,
        live_reload: int | None = None,
        proposals: dict[str, list[Proposal]] | None = None,
        environment: Environment | None = None,
        fragments: dict[tuple[Any, ...], Markup] | None = None,
        tuning: Tuning = FULL,
    ) -> None:
        self.site = site
        self.tuning = tuning
        self.urls = urls
        self.assets = assets
        self.pdf_available = pdf_available
        default_ui = site.ui.get(site.default_locale, {})
        self.translators = {
            locale: Translator(
                locale,
                site.ui.get(locale, {}),
                default_ui,
                site.default_locale,
                memo=tuning.fragments,
            )
            for locale in site.locales
        }
        # Compiling the templates is most of a small rebuild: the preview reuses them.
        self.env = environment or make_environment(root, shortcuts=tuning.jinja_shortcuts)
        self.env.filters.update(
            t=_t,
            tp=_tp,
            md=_md if tuning.fragments else _md_uncached,
            num=_num,
            mark=self._mark,
            detail=self._detail,
        )
        self.env.filters.update(
            {name: self._shared_filter(name, key) for name, key in SHARED_MACROS.items()}
        )
        # A cell's detail appears on its level page and in the print view: rendered once.
        self._details: dict[tuple[int, str, str], tuple[Cell, Markup]] = (
            {} if tuning.fragments else Forgetful()
        )
        self._macros: dict[str, Any] = {}
        # Fragments (see `once`) of a previous renderer may be passed on only when nothing
        # they show changed: the preview does so after an edit to role files alone.
        self.fragments: dict[tuple[Any, ...], Markup] = (
            Forgetful() if not tuning.fragments else {} if fragments is None else fragments
        )
        self.env.globals.update(
            once=self.once,
            site=site,
            urls=urls,
            href=urls.href,
            asset=self.asset_href,
            csp=CSP,
            locale_names=LOCALE_NAMES,
            pdf_available=pdf_available,
            edit_url=self.edit_url,
            translators=self.translators,
            live_reload=live_reload,
            proposals=proposals,
            charts=charts,
        )

    def index_pages(self, pages: list[Page]) -> None:
        """Group pages by key, so each page knows its versions in the other locales."""
        self._by_key: dict[tuple[str, ...], list[Page]] = {}
        for page in pages:
            if page.locale is not None:
                self._by_key.setdefault(page.key, []).append(page)

    def alternates(self, page: Page) -> list[Page]:
        return self._by_key.get(page.key, [])

    @pass_context
    def _detail(self, context: Context, cell: Cell, heading: str = "h4") -> Markup:
        """A cell's detail (skill, mark, required or not, text). Unless the role wrote its own
        text, it is the same for every role with that skill at that proficiency: rendered once
        for all of them."""
        locale = context["locale"]
        if cell.overridden:
            key: tuple[Any, ...] = (id(cell), locale, heading)
            found = self._details.get(key)
            if found is None:
                # The cell is kept with its fragment, so its id cannot be reused meanwhile.
                found = self._details[key] = (
                    cell,
                    self._shared_macro(locale, "cell_detail", None, cell, heading),
                )
            return found[1]
        return self._shared_macro(
            locale,
            "cell_detail",
            (cell.skill.id, cell.proficiency.id, cell.required, heading),
            cell,
            heading,
        )

    def _shared_filter(
        self, name: str, key: Callable[[Any], tuple[Any, ...]]
    ) -> Callable[..., Markup]:
        @pass_context
        def shared(context: Context, value: Any) -> Markup:
            return self._shared_macro(context["locale"], name, key(value), value)

        return shared

    def _shared_macro(
        self, locale: str, name: str, key: tuple[Any, ...] | None, *args: Any
    ) -> Markup:
        """A fragment rendered by the macro `name` of macros.html, once per `key` (everything
        it shows, besides the locale); None renders without keeping it. A filter looks it up
        at the cost of a dictionary lookup, where a `once` block costs a macro call."""
        if key is not None:
            fragment = self.fragments.get((name, locale, *key))
            if fragment is not None:
                return fragment
        fragment = Markup(getattr(self.macros(locale), name)(*args))
        if key is not None:
            self.fragments[(name, locale, *key)] = fragment
        return fragment

    def macros(self, locale: str) -> Any:
        """The macros of layouts/macros.html in `locale`: `m` in every template. One module
        per locale, where an import in each template made one per page."""
        module = self._macros.get(locale)
        if module is None:
            module = self._macros[locale] = self.env.get_template("macros.html").make_module(
                {"locale": locale, "_": self.translators[locale]}
            )
        return module

    def once(self, *key: Any, caller: Callable[[], str]) -> Markup:
        """`{% call once("name", locale, ...) %}...{% endcall %}`: a fragment that many pages
        show identically, rendered the first time only. The key must name everything the
        fragment shows, its locale included; a fresh renderer (every build) starts empty."""
        fragment = self.fragments.get(key)
        if fragment is None:
            fragment = self.fragments[key] = Markup(caller())
        return fragment

    @pass_context
    def _mark(self, context: Context, cell: Cell, with_text: bool = True) -> Markup:
        """A cell's mark: letter, pip bar and colour, plus its name for screen readers. A
        matrix has hundreds of cells and only 8 kinds of mark per locale: each is built once."""
        locale = context["locale"]
        key = ("mark", locale, cell.proficiency.id, cell.required, with_text)
        html = self.fragments.get(key)
        if html is None:
            proficiency = cell.proficiency
            html = Markup(
                '<span class="mark p-{}{}" aria-hidden="true"><b>{}</b><i class="pips"></i></span>'
            ).format(
                proficiency.id, " required" if cell.required else "", proficiency.mark.plain(locale)
            )
            if with_text:
                label = proficiency.name.plain(locale)
                if cell.required:
                    label += ", " + context["_"].plain("cell.required")
                html += Markup('<span class="visually-hidden">{}</span>').format(label)
            self.fragments[key] = html
        return html

    def asset_href(self, name: str) -> str:
        return self.urls.href(self.assets.names[name])

    def edit_url(self, source: str) -> str:
        config = self.site.config
        return f"{config.repository}/edit/{config.branch}/{source}"

    def render(self, page: Page, alternates: list[Page]) -> str:
        return self.urls.relative(self._render(f"{page.kind}.html", page, alternates), page.output)

    def render_record(self, page: Page) -> str:
        """The search record of a searchable page (layouts/search-records/)."""
        return self.urls.relative(
            self._render(f"search-records/{page.kind}.html", page, []), page.output
        )

    def _render(self, template_name: str, page: Page, alternates: list[Page]) -> str:
        locale = page.locale or self.site.default_locale
        return self.env.get_template(template_name).render(
            page=page,
            locale=locale,
            _=self.translators[locale],
            m=self.macros(locale),
            alternates=alternates,
            **page.data,
        )


def _fallback_marker(context: Context, fallback: str) -> Markup:
    tr: Translator = context["_"]
    return Markup('<small class="untranslated" title="{}">{}</small>').format(
        tr.plain("untranslated"), fallback.upper()
    )


@pass_context
def _t(context: Context, text: Text | None) -> Markup:
    """A localized text, escaped; a fallback keeps its language and gets a discreet marker."""
    if text is None:
        return Markup("")
    value, fallback = text.get(context["locale"])
    if isinstance(value, list):
        value = ", ".join(value)
    if fallback is None:
        return escape(value)
    return Markup('<span lang="{}">{}</span> {}').format(
        fallback, value, _fallback_marker(context, fallback)
    )


@pass_context
def _tp(context: Context, text: Text | None) -> Any:
    """A localized value as plain data (for attributes, <title> and lists)."""
    return "" if text is None else text.plain(context["locale"])


@pass_context
def _md(context: Context, text: Text | None, inline: bool = False) -> Markup:
    return _markdown(context, text, inline, markdown.render, markdown.render_inline)


@pass_context
def _md_uncached(context: Context, text: Text | None, inline: bool = False) -> Markup:
    return _markdown(
        context, text, inline, markdown.render_uncached, markdown.render_inline_uncached
    )


def _markdown(
    context: Context,
    text: Text | None,
    inline: bool,
    block: Callable[[str], Markup],
    span: Callable[[str], Markup],
) -> Markup:
    if text is None:
        return Markup("")
    value, fallback = text.get(context["locale"])
    html = span(value) if inline else block(value)
    if fallback is None:
        return html
    tag = "span" if inline else "div"
    return Markup('<{} lang="{}" class="fallback">{}{}</{}>').format(
        tag, fallback, html, _fallback_marker(context, fallback), tag
    )


@pass_context
def _num(context: Context, value: int | float) -> str:
    tr: Translator = context["_"]
    return tr.number(value)
