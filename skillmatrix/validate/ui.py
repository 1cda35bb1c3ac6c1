"""Interface strings: every string a layout asks for, in every locale."""

from __future__ import annotations

import re
from pathlib import Path

from ..diagnostics import Diagnostics, did_you_mean, unknown
from ..load import Content
from .located import report

# How layouts ask for a UI string: _('key'), _.plain('key'), _.forms('key'), translators[x]('key').
_UI_CALL = re.compile(
    r"""(?:\b_|_\.plain|_\.forms|translators\[\w+\])\(\s*['"]([a-z0-9_.]+)['"]\s*[,)]"""
)


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
                problems.error(
                    relpath,
                    1,
                    1,
                    f"UI string '{key}' (used by {layout}) is not "
                    f"defined{did_you_mean(key, canonical)}",
                )
    if not content.ui:
        return
    for locale in locales:
        if (
            locale not in content.ui
            and locale != default
            and f"content/i18n/{locale}.yaml" not in content.broken
        ):
            problems.warning(
                f"content/i18n/{default}.yaml",
                1,
                1,
                f"no interface strings for '{locale}' (content/i18n/{locale}.yaml): "
                "its pages fall back to the default locale's",
            )
    for locale, strings in content.ui.items():
        src = content.source_of("ui", locale)
        if locale not in locales:
            if content.config is not None:
                problems.error(
                    src.path, 1, 1, unknown("locale", locale, locales, " from site_config.yaml")
                )
            continue
        if locale == default or not canonical_known:
            continue
        for key in strings:
            if key not in canonical:
                report(
                    problems,
                    src,
                    (key,),
                    unknown(
                        "UI string", key, canonical, f" defined in content/i18n/{default}.yaml"
                    ),
                    key=True,
                )
        for key in canonical:
            if key not in strings:
                report(problems, src, (), f"missing translation of UI string '{key}'", warning=True)
