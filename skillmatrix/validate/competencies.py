"""The impact-and-behaviours catalog: every competency describes exactly the levels of
levels.yaml, and the catalog's reading order is unambiguous."""

from __future__ import annotations

from ..diagnostics import Diagnostics, unknown
from ..load import Content
from .located import report

LEVELS_FILE = "content/levels.yaml"


def _check_competencies(content: Content, problems: Diagnostics) -> None:
    # A broken levels.yaml has its own errors: checking against what was salvaged of it would
    # call every level of every competency unknown.
    levels_known = LEVELS_FILE in content.sources and LEVELS_FILE not in content.broken
    first_with_order: dict[int, str] = {}
    for ident, competency in sorted(content.competencies.items()):
        src = content.source_of("competency", ident)
        # A salvaged file (load.salvage) may lack any field: its errors are reported already.
        if competency.order is not None:
            earlier = first_with_order.setdefault(competency.order, ident)
            if earlier != ident:
                report(
                    problems,
                    src,
                    ("order",),
                    f"order {competency.order} is already the order of '{earlier}': every "
                    "competency needs its own, or pages could list them either way",
                )
        if competency.levels is None or not levels_known:
            continue
        for level_id in competency.levels:
            if level_id not in content.levels:
                report(
                    problems,
                    src,
                    ("levels", level_id),
                    unknown("level", level_id, content.levels, " from content/levels.yaml"),
                    key=True,
                )
        missing = [level_id for level_id in content.levels if level_id not in competency.levels]
        if missing and ("competency", ident) not in content.broken_ids:
            report(
                problems,
                src,
                ("levels",),
                f"missing the text for level{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}: a competency says what every level of "
                "content/levels.yaml expects",
            )
