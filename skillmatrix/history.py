"""A role's history: how its expectations changed, read from the repository's git history.

For each role file, the last N commits of the main line (first parents: a merged pull request
is one change) that changed it, and what moved between the file at the commit and at its
parent: cells per skill and level, skills added or removed, and the levels whose stack or
focus text changed. Only the role file is compared: an edit of the catalog's texts (a skill's
description) is not a change of the role's expectations.

Git runs as a subprocess with fixed arguments, no shell, a time limit and a bounded output.
Without git, outside a repository or in a shallow clone the history is unavailable and says
why: the build goes on. Dates are commit dates, so the same repository state gives the same
history whenever it is built.

A commit's subject is the only text of the history that reaches a page, and anyone who opens
a pull request writes it: it is kept to one bounded line of printable characters (no control
characters: they are invalid in XML, and one of them is the root marker of urls.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import shapes
from .diagnostics import Diagnostics
from .load import salvage
from .source import parse_source
from .validate.roles import parse_cell

if TYPE_CHECKING:
    from .model import Level, Proficiency, Role, Site, Skill

DEFAULT_LIMIT = 20
SUBJECT_LENGTH = 200  # characters of a commit subject shown
MOVES_SHOWN = 60  # cell moves listed per change; the rest are counted
# Bounds of the work git may do: commits of the main line walked (those that changed a role
# file), bytes read from one git command, seconds it may take.
COMMITS_WALKED = 5000
OUTPUT_LIMIT = 64 * 1024 * 1024
TIMEOUT = 60.0

# Why a history is unavailable (each has its sentence in the UI strings: history.unavailable.*).
NO_GIT = "no_git"
NOT_A_REPOSITORY = "not_a_repository"
SHALLOW = "shallow"
FAILED = "failed"
NOT_READ = "not_read"

Expectation = tuple[str, bool]  # (proficiency id, required)


@dataclass(frozen=True)
class CellMove:
    """One cell of a skill kept in the role, before and after a change (None: not expected)."""

    skill: str
    level: str
    before: Expectation | None
    after: Expectation | None

    @property
    def now_required(self) -> bool:
        return bool(self.after and self.after[1]) and not (self.before and self.before[1])

    @property
    def no_longer_required(self) -> bool:
        return bool(self.before and self.before[1]) and not (self.after and self.after[1])


@dataclass(frozen=True)
class RoleChange:
    """One commit that changed a role file, and what moved."""

    commit: str  # full hash
    date: datetime  # commit date, UTC
    subject: str  # cleaned (see `clean_subject`)
    pull: int | None  # the pull request the subject names
    created: bool = False  # the file did not exist before
    unreadable: bool = False  # the file at the commit or its parent is not a role file
    moves: tuple[CellMove, ...] = ()
    more_moves: int = 0  # moves not listed (beyond MOVES_SHOWN)
    skills_added: tuple[str, ...] = ()
    skills_removed: tuple[str, ...] = ()
    stack: tuple[str, ...] = ()  # levels whose stack changed
    focus: tuple[str, ...] = ()  # levels whose focus changed

    @property
    def short(self) -> str:
        return self.commit[:7]


@dataclass(frozen=True)
class History:
    """Every role file's recent changes, newest first (repository path -> changes)."""

    available: bool
    reason: str | None = None  # why not available
    limit: int = DEFAULT_LIMIT
    roles: dict[str, tuple[RoleChange, ...]] = field(default_factory=dict)

    @classmethod
    def unavailable(cls, reason: str, limit: int = DEFAULT_LIMIT) -> History:
        return cls(False, reason, limit)

    def of(self, path: str) -> tuple[RoleChange, ...]:
        return self.roles.get(path, ())

    def warning(self) -> str | None:
        """What the build should tell whoever runs it: a repository whose history could not
        be read (a shallow clone in CI, say). Outside a repository there is nothing to say."""
        if self.reason == SHALLOW:
            return (
                "history unavailable: shallow clone (fetch the whole history: "
                "git fetch --unshallow, or fetch-depth: 0 in a GitHub Actions checkout)"
            )
        if self.reason == FAILED:
            return "history unavailable: git could not read it"
        return None


class GitFailed(Exception):
    """Git failed, took too long or wrote too much."""


# --- Reading git ----------------------------------------------------------------------------


def read_history(root: Path, role_paths: Iterable[str], limit: int = DEFAULT_LIMIT) -> History:
    """The last `limit` changes of each role file (repository-relative paths under `root`)."""
    paths = sorted(set(role_paths))
    git = shutil.which("git")
    if git is None:
        return History.unavailable(NO_GIT, limit)
    try:
        inside = _git(git, root, ["rev-parse", "--is-inside-work-tree"]).strip() == b"true"
    except GitFailed:
        inside = False
    if not inside:
        # A repository git refuses to read (another user's, say: "dubious ownership") is a
        # failure to report, not the absence of a repository.
        found = any(
            (folder / ".git").exists() for folder in (root.resolve(), *root.resolve().parents)
        )
        return History.unavailable(FAILED if found else NOT_A_REPOSITORY, limit)
    try:
        if _git(git, root, ["rev-parse", "--is-shallow-repository"]).strip() == b"true":
            return History.unavailable(SHALLOW, limit)
        if not paths:
            return History(True, None, limit)
        commits = _role_commits(git, root, paths, limit)
        blobs = _read_blobs(git, root, {b for commit in commits for b in commit.blobs()})
    except GitFailed:
        return History.unavailable(FAILED, limit)
    roles = _changes(commits, blobs, paths, limit)
    return History(True, None, limit, roles)


def _environment() -> dict[str, str]:
    # Nothing of the caller's git setting (GIT_DIR from a hook, say) points git elsewhere,
    # and git never prompts or takes locks.
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        LC_ALL="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


# Settings that could make reading the log run a program (signature checks) are off.
_SAFE_SETTINGS = ("-c", "log.showSignature=false", "-c", "core.fsmonitor=false")


def _git(git: str, root: Path, args: Sequence[str], stdin: bytes = b"") -> bytes:
    """Run `git args` in `root`: its output, or GitFailed (exit status, timeout, too much)."""
    try:
        process = subprocess.Popen(
            [git, "--no-pager", "--literal-pathspecs", *_SAFE_SETTINGS, *args],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError as exc:
        raise GitFailed(str(exc)) from exc
    assert process.stdin is not None and process.stdout is not None
    timer = threading.Timer(TIMEOUT, process.kill)
    timer.start()

    def feed(pipe: Any = process.stdin) -> None:
        try:
            pipe.write(stdin)
        except OSError:
            pass  # git stopped reading (it failed, or was killed): the exit status tells
        finally:
            pipe.close()

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := process.stdout.read(1 << 16):
            size += len(chunk)
            if size > OUTPUT_LIMIT:
                process.kill()
                raise GitFailed(f"more than {OUTPUT_LIMIT} bytes of output")
            chunks.append(chunk)
    finally:
        process.stdout.close()
        status = process.wait()
        timer.cancel()
        writer.join()
    if status != 0:
        raise GitFailed(f"git {args[0]} exited with {status}")
    return b"".join(chunks)


@dataclass
class _Commit:
    hash: str
    time: int
    subject: str
    # role path -> (blob before, blob after); None where the file does not exist
    files: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def blobs(self) -> Iterable[str]:
        for before, after in self.files.values():
            yield from (blob for blob in (before, after) if blob)


_NULL_OID = re.compile(r"^0+$")
_OBJECT_ID = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256


def _role_commits(git: str, root: Path, paths: list[str], limit: int) -> list[_Commit]:
    """The main line's commits that changed any of `paths`, newest first, with their blobs."""
    output = _git(
        git,
        root,
        [
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--no-renames",
            "--raw",
            "--relative",  # paths as from `root`, which may be a folder of the repository
            "--no-abbrev",
            "--no-show-signature",
            "--no-color",
            f"--max-count={COMMITS_WALKED}",
            # A NUL starts each commit: a subject can hold any other character.
            "--format=%x00%H%x1f%ct%x1f%s",
            "--end-of-options",
            "HEAD",
            "--",
            # Their folders, not the files: a corpus of thousands of roles would not fit on a
            # command line. The files are picked from what the folders' commits changed.
            *sorted({path.rpartition("/")[0] or "." for path in paths}),
        ],
    )
    wanted = set(paths)
    counts = dict.fromkeys(paths, 0)
    commits = []
    for record in output.decode("utf-8", "replace").split("\x00")[1:]:
        header, _, raw = record.partition("\n")
        parts = header.split("\x1f", 2)
        if len(parts) != 3 or not _OBJECT_ID.match(parts[0]) or not parts[1].isdigit():
            continue
        commit = _Commit(parts[0], int(parts[1]), parts[2])
        for line in raw.splitlines():
            # ":100644 100644 <old blob> <new blob> M\tcontent/roles/x.yaml"
            meta, tab, path = line.partition("\t")
            fields = meta.split()
            if not line.startswith(":") or not tab or len(fields) < 5 or path not in wanted:
                continue
            if counts[path] >= limit:
                continue
            counts[path] += 1
            before, after = fields[2], fields[3]
            commit.files[path] = (
                None if _NULL_OID.match(before) else before,
                None if _NULL_OID.match(after) else after,
            )
        if commit.files:
            commits.append(commit)
        if all(count >= limit for count in counts.values()):
            break
    return commits


def _read_blobs(git: str, root: Path, blobs: set[str]) -> dict[str, bytes]:
    """The contents of `blobs`, in one `git cat-file --batch`."""
    ordered = sorted(blob for blob in blobs if _OBJECT_ID.match(blob))
    if not ordered:
        return {}
    output = _git(git, root, ["cat-file", "--batch"], ("\n".join(ordered) + "\n").encode())
    found: dict[str, bytes] = {}
    position = 0
    for blob in ordered:
        end = output.find(b"\n", position)
        if end < 0:
            raise GitFailed("cat-file output ends early")
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            continue  # "<oid> missing": a partial clone without the object
        size = int(header[2])
        found[blob] = output[position : position + size]
        position += size + 1
    return found


# --- What moved -------------------------------------------------------------------------------


def _changes(
    commits: list[_Commit], blobs: dict[str, bytes], paths: list[str], limit: int
) -> dict[str, tuple[RoleChange, ...]]:
    parsed: dict[str, Any] = {}

    def role_at(path: str, blob: str | None) -> Any:
        if blob is None:
            return None
        if blob not in parsed:
            parsed[blob] = _parse_role(path, blobs.get(blob))
        return parsed[blob]

    roles: dict[str, list[RoleChange]] = {path: [] for path in paths}
    for commit in commits:
        subject = clean_subject(commit.subject)
        date = datetime.fromtimestamp(commit.time, UTC)
        for path, (before_blob, after_blob) in sorted(commit.files.items()):
            if after_blob is None:
                continue  # the file was deleted then (and added again later)
            after = role_at(path, after_blob)
            before = role_at(path, before_blob)
            change = RoleChange(commit.hash, date, subject, pull_request(commit.subject))
            if before_blob is None:
                change = replace(change, created=True)
            elif before is _UNREADABLE or after is _UNREADABLE:
                change = replace(change, unreadable=True)
            else:
                change = _compare(change, before, after)
            roles[path].append(change)
    return {path: tuple(found[:limit]) for path, found in roles.items()}


_UNREADABLE = object()


def _parse_role(path: str, raw: bytes | None) -> Any:
    """The role file as the project's loader reads it, with what fails its shape pruned (an
    old commit may predate a field); _UNREADABLE when it is not a role file at all."""
    if raw is None:
        return _UNREADABLE
    source = parse_source(raw, path, Diagnostics())
    role = salvage(source, shapes.Role) if source is not None else None
    return _UNREADABLE if role is None else role


def _cells(row: Any) -> dict[str, Expectation]:
    cells: dict[str, Expectation] = {}
    if isinstance(row, dict):
        for level, value in row.items():
            if isinstance(value, str) and value:
                cells[level] = parse_cell(value)
    return cells


def _compare(change: RoleChange, before: Any, after: Any) -> RoleChange:
    old_matrix: dict[str, Any] = before.matrix or {}
    new_matrix: dict[str, Any] = after.matrix or {}
    moves = []
    for skill in sorted(old_matrix.keys() & new_matrix.keys()):
        old, new = _cells(old_matrix[skill]), _cells(new_matrix[skill])
        for level in shapes.LEVELS:
            if old.get(level) != new.get(level):
                moves.append(CellMove(skill, level, old.get(level), new.get(level)))
    old_stack, new_stack = before.stack or {}, after.stack or {}
    old_focus, new_focus = before.focus or {}, after.focus or {}
    return replace(
        change,
        moves=tuple(moves[:MOVES_SHOWN]),
        more_moves=max(0, len(moves) - MOVES_SHOWN),
        skills_added=tuple(sorted(new_matrix.keys() - old_matrix.keys())),
        skills_removed=tuple(sorted(old_matrix.keys() - new_matrix.keys())),
        stack=tuple(lv for lv in shapes.LEVELS if old_stack.get(lv) != new_stack.get(lv)),
        focus=tuple(lv for lv in shapes.LEVELS if old_focus.get(lv) != new_focus.get(lv)),
    )


# --- Subjects ---------------------------------------------------------------------------------

# GitHub's subjects: "Title (#123)" for a squashed pull request, "Merge pull request #123 from
# owner/branch" for a merge.
_PULL = re.compile(r"\(#(\d{1,9})\)\s*$|^Merge pull request #(\d{1,9})\b")
# Control, format (bidi overrides), surrogate, private-use and unassigned characters.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def pull_request(subject: str) -> int | None:
    found = _PULL.search(subject.strip())
    return int(found.group(1) or found.group(2)) if found else None


def clean_subject(subject: str) -> str:
    """A subject as one line of printable characters, at most SUBJECT_LENGTH long."""
    text = "".join(
        " " if char.isspace() else char
        for char in subject
        if char.isspace() or unicodedata.category(char) not in _HIDDEN
    )
    text = " ".join(text.split())
    if len(text) > SUBJECT_LENGTH:
        text = text[: SUBJECT_LENGTH - 1].rstrip() + "…"
    return text


# --- For pages and feeds ----------------------------------------------------------------------


@dataclass(frozen=True)
class ShownMove:
    """A cell move with the site's objects, for a page or a feed to name."""

    skill: Skill | None  # None: no longer in the catalog (`skill_id` is shown)
    skill_id: str
    level: Level
    # None: not expected; a text: a proficiency id the vocabulary no longer has
    before: Proficiency | str | None
    before_required: bool
    after: Proficiency | str | None
    after_required: bool
    now_required: bool
    no_longer_required: bool


@dataclass(frozen=True)
class ShownChange:
    change: RoleChange
    role: Role
    anchor: str  # the element id of the change on the history page
    commit_url: str
    pull_url: str | None
    moves: tuple[ShownMove, ...]
    skills_added: tuple[tuple[str, Skill | None], ...]
    skills_removed: tuple[tuple[str, Skill | None], ...]
    stack: tuple[Level, ...]
    focus: tuple[Level, ...]


def shown_changes(history: History, role: Role, site: Site) -> tuple[ShownChange, ...]:
    """A role's changes with the site's skills, levels and proficiencies for their ids."""
    levels = {level.id: level for level in site.levels}
    proficiencies = {p.id: p for p in site.proficiencies}
    repository = site.config.repository

    def proficiency(expectation: Expectation | None) -> Proficiency | str | None:
        if expectation is None:
            return None
        return proficiencies.get(expectation[0], expectation[0])

    def skills(ids: tuple[str, ...]) -> tuple[tuple[str, Skill | None], ...]:
        return tuple((ident, site.skills.get(ident)) for ident in ids)

    shown = []
    for change in history.of(role.source):
        moves = tuple(
            ShownMove(
                skill=site.skills.get(move.skill),
                skill_id=move.skill,
                level=levels[move.level],
                before=proficiency(move.before),
                before_required=bool(move.before and move.before[1]),
                after=proficiency(move.after),
                after_required=bool(move.after and move.after[1]),
                now_required=move.now_required,
                no_longer_required=move.no_longer_required,
            )
            for move in change.moves
            if move.level in levels
        )
        shown.append(
            ShownChange(
                change=change,
                role=role,
                anchor=f"c-{change.commit}",
                commit_url=f"{repository}/commit/{change.commit}",
                pull_url=f"{repository}/pull/{change.pull}" if change.pull else None,
                moves=moves,
                skills_added=skills(change.skills_added),
                skills_removed=skills(change.skills_removed),
                stack=tuple(levels[lv] for lv in change.stack if lv in levels),
                focus=tuple(levels[lv] for lv in change.focus if lv in levels),
            )
        )
    return tuple(shown)
