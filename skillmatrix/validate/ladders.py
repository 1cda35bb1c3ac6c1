"""Levels and tracks: levels.yaml's tracks, each role's own ladder (`levels`) and its career
paths into other roles (`paths`). The rules are written down in content/README.md."""

from __future__ import annotations

from itertools import pairwise

from .. import shapes
from ..diagnostics import Diagnostics, did_you_mean, unknown
from ..load import Content
from .located import report

# A level id is a folder beside a role's other pages (urls.role_page): it must not take one
# of their names.
ROLE_PAGE_NAMES = frozenset({"path", "calculator", "compare", "print", "history"})


def role_ladder(content: Content, role: shapes.Role) -> list[str]:
    """The levels of `role` that the other checks go by: its declared ladder without the ids
    reported as unknown here (a salvaged role may lack it: the default ladder then)."""
    declared = getattr(role, "levels", None) or list(shapes.LEVELS)
    if not _levels_known(content):
        return list(dict.fromkeys(declared))
    return [level for level in dict.fromkeys(declared) if level in content.levels]


def ladder_known(content: Content, ident: str) -> bool:
    """Whether the ladder of role `ident` is right: known levels, each once, of one track,
    in the order of levels.yaml. When not, its `levels` error says so, and the checks by its
    ladder (matrix keys, drops between levels, paths) would only repeat it."""
    role = content.roles[ident]
    declared = list(getattr(role, "levels", None) or shapes.LEVELS)
    written = _data_of(content, ident).get("levels", list(shapes.LEVELS))
    if written != declared:
        return False  # `levels` failed its shape (reported) and was dropped from the file
    if not _levels_known(content):
        # The default ladder is known without levels.yaml (shapes.LEVELS); no other is.
        return declared == list(shapes.LEVELS)
    if len(set(declared)) < len(declared) or any(lv not in content.levels for lv in declared):
        return False
    order = list(content.levels)
    positions = [order.index(level) for level in declared]
    tracks = {content.levels[level].track for level in declared}
    return len(tracks) == 1 and positions == sorted(positions)


def _levels_known(content: Content) -> bool:
    """False when levels.yaml failed to load: its own errors say why, no cascade."""
    return "content/levels.yaml" not in content.broken and bool(content.levels)


def _check_tracks(content: Content, problems: Diagnostics) -> None:
    relpath = "content/levels.yaml"
    if relpath not in content.sources or relpath in content.broken:
        return
    src = content.sources[relpath]
    for ident, level in content.levels.items():
        if ident in ROLE_PAGE_NAMES:
            report(
                problems,
                src,
                (ident,),
                f"level id '{ident}' is the name of a role's {ident} page, whose URL a level "
                "page would take; choose another id",
                key=True,
            )
        if ident in shapes.LEVELS and level.track != "individual":
            report(
                problems,
                src,
                (ident, "track"),
                f"'{ident}' is one of the individual-contributor levels "
                f"({', '.join(shapes.LEVELS)}): its track is 'individual'",
            )


def not_in_ladder(level: str, ladder: list[str], whose: str, declared: bool) -> str:
    """Message for a level id that is not a level of a role's ladder."""
    how = "declared in its `levels`" if declared else "the default ladder; `levels` sets another"
    return (
        f"'{level}' is not a level of {whose} (its levels: {', '.join(ladder) or 'none'}, "
        f"{how}){did_you_mean(level, ladder)}"
    )


def declares_ladder(content: Content, ident: str) -> bool:
    return "levels" in _data_of(content, ident)


def _check_ladders(content: Content, problems: Diagnostics) -> None:
    known = _levels_known(content)
    order = {ident: i for i, ident in enumerate(content.levels)}
    for ident, role in content.roles.items():
        declared = getattr(role, "levels", None)
        if not declared or not declares_ladder(content, ident):
            continue  # the default ladder: right by levels.yaml's own checks
        src = content.source_of("role", ident)
        seen: set[str] = set()
        valid: list[tuple[int, str]] = []
        for index, level in enumerate(declared):
            if level in seen:
                report(problems, src, ("levels", index), f"level '{level}' is listed twice")
                continue
            seen.add(level)
            if not known:
                continue
            if level not in content.levels:
                report(
                    problems,
                    src,
                    ("levels", index),
                    unknown("level", level, content.levels, " from content/levels.yaml"),
                )
                continue
            valid.append((index, level))
        tracks = {content.levels[level].track for _, level in valid}
        if len(tracks) > 1:
            by_track = {
                track: [level for _, level in valid if content.levels[level].track == track]
                for track in shapes.TRACKS
                if track in tracks
            }
            report(
                problems,
                src,
                ("levels",),
                "a role's levels are one track's ladder, but these mix tracks ("
                + "; ".join(f"{track}: {', '.join(levels)}" for track, levels in by_track.items())
                + "); a move into another track is a path to a role of that track (`paths`)",
            )
        for (_, before), (index, level) in pairwise(valid):
            if order[level] < order[before]:
                report(
                    problems,
                    src,
                    ("levels", index),
                    f"level '{level}' comes before '{before}' in content/levels.yaml: list "
                    "the role's levels in that order (from the first level up)",
                )


def _data_of(content: Content, ident: str) -> dict[str, object]:
    data = content.source_of("role", ident).data
    return data if isinstance(data, dict) else {}


def _check_paths(content: Content, problems: Diagnostics) -> None:
    for ident, role in content.roles.items():
        paths = getattr(role, "paths", None) or []
        if not paths:
            continue
        src = content.source_of("role", ident)
        own = role_ladder(content, role)
        seen: set[tuple[str, str, str]] = set()
        for index, path in enumerate(paths):
            if path is None:
                continue
            where = ("paths", index)
            if path.role == ident:
                report(
                    problems,
                    src,
                    (*where, "role"),
                    f"a path leads into another role, not into '{ident}' itself; its next "
                    "level is the next level of its own ladder",
                )
                continue
            if ladder_known(content, ident) and path.from_ not in own:
                report(
                    problems,
                    src,
                    (*where, "from"),
                    not_in_ladder(path.from_, own, "this role", declares_ladder(content, ident)),
                )
            target = content.roles.get(path.role)
            if target is None:
                if not content.exists("role", path.role, content.roles):
                    report(
                        problems,
                        src,
                        (*where, "role"),
                        unknown("role", path.role, content.roles, " from content/roles/"),
                    )
                continue
            theirs = role_ladder(content, target)
            if ladder_known(content, path.role) and path.to not in theirs:
                report(
                    problems,
                    src,
                    (*where, "to"),
                    not_in_ladder(
                        path.to,
                        theirs,
                        f"role '{path.role}'",
                        declares_ladder(content, path.role),
                    ),
                )
            key = (path.role, path.from_, path.to)
            if key in seen:
                report(problems, src, where, "this path is listed twice")
            seen.add(key)


def check_levels_and_paths(content: Content, problems: Diagnostics) -> None:
    _check_tracks(content, problems)
    _check_ladders(content, problems)
    _check_paths(content, problems)
