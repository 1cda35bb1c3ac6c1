"""The `check` command as a function: load and validate, returning problems and coverage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .collector import collector_paused
from .diagnostics import Diagnostics
from .load import Content, load_content
from .source import ParseCache
from .validate import Coverage, ValidationMemo, validate


@dataclass
class CheckResult:
    content: Content
    problems: Diagnostics
    coverage: list[Coverage]

    @property
    def file_count(self) -> int:
        return len(self.content.sources)

    def __repr__(self) -> str:
        return (
            f"<CheckResult {len(self.problems.errors)} errors, "
            f"{len(self.problems.warnings)} warnings in {self.file_count} files>"
        )


def check(
    root: Path,
    cache: ParseCache | None = None,
    *,
    memo: ValidationMemo | None = None,
    collector: bool = True,
) -> CheckResult:
    """`python build.py check`: load the content and validate it (every problem, none
    raised). The preview passes a `cache` of parsed files and a `memo` of per-file findings
    kept from one check to the next (the same problems, found faster). `collector` False
    leaves Python's collector running (tuning.Tuning)."""
    problems = Diagnostics()
    with collector_paused(collector):
        content = load_content(root, problems, cache)
        coverage = validate(content, problems, memo)
    return CheckResult(content, problems, coverage)
