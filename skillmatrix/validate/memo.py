"""Incremental validation, for the preview: the checks that look at one file at a time
(its characters, its schema line, its texts) keep each file's findings, and after an edit
only the files that changed are checked again.

A file is the same while source.ParseCache hands back the same parsed object (it does for the
same bytes), and a finding is reused only with the same settings (locales, default locale,
known schemas, whether the file loaded whole). The full check runs the same per-file
functions without a memo, so both report the same problems (tested over edit sequences).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from ..diagnostics import Diagnostic, Diagnostics
from ..source import SourceFile

Result = TypeVar("Result")
SettingsT = TypeVar("SettingsT", bound=Hashable)


class _Entry(Generic[Result]):
    __slots__ = ("found", "result", "settings", "source")

    def __init__(
        self, source: SourceFile, settings: Hashable, found: list[Diagnostic], result: Result
    ) -> None:
        self.source = source
        self.settings = settings
        self.found = found
        self.result = result


class ValidationMemo:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], _Entry[object]] = {}
        self._settings: dict[str, Hashable] = {}

    def same(self, name: str, settings: SettingsT) -> SettingsT:
        """`settings` as the object kept under `name` when they are equal: settings shared
        by many files (a catalog) are then compared by identity, file after file."""
        kept = self._settings.get(name)
        if kept is not None and kept == settings:
            return kept
        self._settings[name] = settings
        return settings

    def checked(
        self,
        check: str,
        source: SourceFile,
        settings: Hashable,
        problems: Diagnostics,
        run: Callable[[Diagnostics], Result],
    ) -> Result:
        """`run`'s result for `source`, its problems added to `problems`: reused when
        `check` last ran on this very parsed file with equal `settings`."""
        key = (check, source.path)
        entry = self._entries.get(key)
        if entry is None or entry.source is not source or entry.settings != settings:
            found = Diagnostics()
            result: object = run(found)
            entry = _Entry(source, settings, list(found), result)
            self._entries[key] = entry
        problems.extend(entry.found)
        return entry.result  # type: ignore[return-value]


def per_file(
    memo: ValidationMemo | None,
    check: str,
    source: SourceFile,
    settings: Hashable,
    problems: Diagnostics,
    run: Callable[[Diagnostics], Result],
) -> Result:
    """`run` on one file, through `memo` when there is one (the full check has none)."""
    if memo is None:
        return run(problems)
    return memo.checked(check, source, settings, problems, run)
