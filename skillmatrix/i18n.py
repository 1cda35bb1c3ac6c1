"""UI strings per locale, with plural forms and number formatting from Babel (CLDR data).

UI strings come from content/i18n/{locale}.yaml, which strangers may edit like any content: a
string is escaped before its placeholders are filled, so it can never inject markup.
"""

from __future__ import annotations

import re
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from .tuning import Forgetful

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class MissingString(KeyError):
    """A template asked for a UI string the default locale does not define (a layout bug)."""


class Translator:
    def __init__(
        self,
        locale: str,
        strings: dict[str, Any],
        fallback: dict[str, Any],
        fallback_locale: str,
        *,
        memo: bool = True,
    ) -> None:
        self.locale = locale
        self.strings = strings
        self.fallback = fallback
        self.fallback_locale = fallback_locale
        self._babel = Locale.parse(locale.replace("-", "_"))
        # A page asks for the same few dozen fixed strings and small numbers again and again;
        # a large build asks millions of times, so each is formatted once.
        self._fixed: dict[tuple[str, int | None, bool], Markup | str] = {} if memo else Forgetful()
        self._numbers: dict[int | float, str] = {} if memo else Forgetful()

    def number(self, value: int | float) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_decimal(value, locale=self._babel)
        return text

    def plural_category(self, count: int) -> str:
        return str(self._babel.plural_form(count))

    def _template(self, key: str, count: int | None) -> tuple[str, bool]:
        """(pattern, is fallback)."""
        if key in self.strings:
            value, fallback = self.strings[key], False
        elif key in self.fallback:
            value, fallback = self.fallback[key], self.locale != self.fallback_locale
        else:
            raise MissingString(f"UI string '{key}' is not defined in the default locale")
        if isinstance(value, dict):
            category = self.plural_category(count if count is not None else 0)
            value = value.get(category, value.get("other", next(iter(value.values()))))
        return str(value), fallback

    def __call__(self, key: str, count: int | None = None, **params: Any) -> Markup:
        """The UI string `key` with {placeholders} filled (values escaped unless Markup).

        `count` selects the plural form and is available as {count}, formatted per locale."""
        if not params:
            return self._fixed_string(key, count, markup=True)  # type: ignore[return-value]
        return self._format(key, count, params)

    def _format(self, key: str, count: int | None, params: dict[str, Any]) -> Markup:
        pattern, fallback = self._template(key, count)
        values = {
            name: (value if isinstance(value, Markup) else escape(value))
            for name, value in params.items()
        }
        if count is not None:
            values["count"] = escape(self.number(count))
        # One pass, so a value that happens to contain "{name}" is never expanded again.
        result = Markup(
            _PLACEHOLDER.sub(
                lambda m: str(values.get(m.group(1), m.group(0))), str(escape(pattern))
            )
        )
        if fallback:
            return Markup('<span lang="{}">{}</span>').format(self.fallback_locale, result)
        return result

    def forms(self, key: str) -> dict[str, str]:
        """Every plural form of `key` (CLDR category -> pattern), for the browser's
        Intl.PluralRules to pick from."""
        value = self.strings.get(key, self.fallback.get(key))
        if value is None:
            raise MissingString(f"UI string '{key}' is not defined in the default locale")
        return {"other": value} if isinstance(value, str) else dict(value)

    def plain(self, key: str, count: int | None = None, **params: Any) -> str:
        """The same as calling, as plain text (for attributes and <title>)."""
        if not params:
            return self._fixed_string(key, count, markup=False)
        return self._plain(key, count, params)

    def _plain(self, key: str, count: int | None, params: dict[str, Any]) -> str:
        pattern, _ = self._template(key, count)
        values = {name: str(value) for name, value in params.items()}
        if count is not None:
            values["count"] = self.number(count)
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)

    def _fixed_string(self, key: str, count: int | None, *, markup: bool) -> Markup | str:
        """A string whose only placeholder, if any, is {count}: formatted once per count."""
        cached = self._fixed.get((key, count, markup))
        if cached is None:
            cached = self._fixed[(key, count, markup)] = (
                self._format(key, count, {}) if markup else self._plain(key, count, {})
            )
        return cached
