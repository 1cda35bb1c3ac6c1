"""The build's speed tricks, each one switchable.

Every trick must leave the output byte for byte as the plain path makes it (tested: a build
with every trick off equals the normal build), and each earns its place in the benchmark
(bench/README.md, "What each trick pays"). `SKILLMATRIX_TUNING=plain` turns them all off;
a list such as `-workers,-fragments` turns off some.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Any

VARIABLE = "SKILLMATRIX_TUNING"


@dataclass(frozen=True)
class Tuning:
    # Fragments many pages show (page chrome, matrix cells, cell details, marks, Markdown,
    # fixed interface strings) rendered once and reused (render.py, markdown.py, i18n.py).
    fragments: bool = True
    # Two shortcuts through Jinja's runtime (templating.py); also off, whatever this says, for
    # a Jinja or MarkupSafe they were not written for.
    jinja_shortcuts: bool = True
    # Pages rendered by forked worker processes, one per core (workers.py), for sites above
    # stages.PARALLEL_THRESHOLD pages.
    workers: bool = True
    # Python's cyclic collector paused while the model is built and pages are rendered
    # (collector.py).
    collector: bool = True

    @classmethod
    def from_environment(cls, environ: Any = os.environ) -> Tuning:
        """The tuning `SKILLMATRIX_TUNING` asks for: unset or "" all tricks, "plain" none,
        or names to turn off ("-workers,-fragments")."""
        value = str(environ.get(VARIABLE, "")).strip()
        if not value:
            return cls()
        if value == "plain":
            return PLAIN
        names = {f.name for f in fields(cls)}
        off = {}
        for item in value.split(","):
            name = item.strip().removeprefix("-").replace("-", "_")
            if name not in names:
                raise ValueError(
                    f"{VARIABLE}: unknown trick '{item.strip()}' (known: "
                    f"{', '.join(sorted(names))}, or 'plain')"
                )
            off[name] = False
        return replace(cls(), **off)


FULL = Tuning()
PLAIN = Tuning(fragments=False, jinja_shortcuts=False, workers=False, collector=False)


class Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: with `fragments` off, everything is rendered every time."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass
