"""Markdown for content texts: rendered safely, and checked so contributors hear about problems.

Rendering never emits raw HTML (it is escaped), never emits images (they would make readers'
browsers contact third parties) and keeps only http(s), mailto and relative links. `check`
reports what rendering would neutralise, so that a proposal is fixed instead of silently mangled.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _safe_link(url: str) -> bool:
    # Browsers ignore control characters and whitespace inside a scheme ("java\tscript:").
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    match = _SCHEME.match(cleaned)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable("image")
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def _inspector() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link to judge it
    return md


_RENDER = _renderer()
_INSPECT = _inspector()


@lru_cache(maxsize=65536)
def render(text: str) -> Markup:
    """Block Markdown to HTML; texts shared by many pages are rendered once (cached)."""
    return Markup(_RENDER.render(text).strip())


@lru_cache(maxsize=65536)
def render_inline(text: str) -> Markup:
    return Markup(_RENDER.renderInline(text).strip())


# The same, rendered every time (tuning.Tuning.fragments off).
render_uncached = render.__wrapped__
render_inline_uncached = render_inline.__wrapped__


@lru_cache(maxsize=65536)
def find_problems(text: str) -> tuple[tuple[str, str], ...]:
    """(snippet to locate, message) for every unsafe construct in `text` (cached: the preview
    server checks the whole content again after every edit)."""
    found: list[tuple[str, str]] = []
    for token in _INSPECT.parse(text):
        children = token.children or []
        if token.type == "html_block":
            found.append(
                (
                    _first_line(token.content),
                    "raw HTML is not allowed in Markdown "
                    "(write plain Markdown; it is rendered as escaped text)",
                )
            )
        for child in children:
            if child.type == "html_inline":
                found.append(
                    (
                        child.content,
                        "raw HTML is not allowed in Markdown "
                        "(write plain Markdown; it is rendered as escaped text)",
                    )
                )
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                found.append(
                    (
                        src or "![",
                        "images are not allowed in content texts (they "
                        "would load from a third party); link to the page instead",
                    )
                )
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not _safe_link(href):
                    scheme = href.split(":", 1)[0].strip().lower()
                    found.append(
                        (
                            href.split(":", 1)[0] + ":",
                            f"'{scheme}:' links are not allowed (expected "
                            "https://, http://, mailto: or a relative link)",
                        )
                    )
    # Autolinks and reference definitions are seen above; a bare "javascript:" in text is harmless.
    return tuple(found)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text
