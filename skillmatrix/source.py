"""Read one YAML content file into plain data, remembering where every value came from.

PyYAML is used only to compose a node tree (which carries line and column marks); turning nodes
into Python values is done here so that duplicate keys, aliases and oversized input are reported
as diagnostics instead of being merged silently or blowing up memory.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostics
from .yaml_errors import explain as explain_syntax_error

# Content files are small (the largest real one is a role of a few dozen KB); a limit keeps a
# stray data dump or a hostile pull request from stalling every contributor's check.
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 200  # real content nests five levels deep

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    col: int  # 1-based


@dataclass
class SourceFile:
    """A parsed content file: its data, its text, and the position of every value and key."""

    path: str  # relative to the repository, with forward slashes
    text: str
    data: Any = None
    values: dict[Path_, yaml.Mark] = field(default_factory=dict)
    keys: dict[Path_, yaml.Mark] = field(default_factory=dict)
    # The file's data checked against a model, kept while the file is unchanged (see
    # ParseCache): the preview re-checks the whole content after every edit.
    models: dict[Any, Any] = field(default_factory=dict)

    def at(self, loc: Path_, *, key: bool = False) -> Position:
        """Position of the value (or its key) at `loc`, or of its nearest located ancestor."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return _position(self.keys[loc])
        while loc:
            if loc in self.values:
                return _position(self.values[loc])
            loc = loc[:-1]
        return _position(self.values.get(()))

    def find(self, needle: str, start: Position) -> Position:
        """Where `needle` first occurs at or after `start`: the exact place of a bad snippet
        inside a multi-line text, whose own position is only that of its first line."""
        lines = self.text.split("\n")
        for index in range(start.line - 1, len(lines)):
            col = lines[index].find(needle, start.col - 1 if index == start.line - 1 else 0)
            if col >= 0:
                return Position(index + 1, col + 1)
        return start


_NULL_TAG = "tag:yaml.org,2002:null"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
# An untagged plain scalar, typed later by `_plain_scalar`; any other tag was written in the
# file (`!!str` is allowed: it means a text, like quotes; other tags are refused).
_PLAIN_TAG = "tag:skillmatrix:plain"
_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _ContentResolver:
    """Resolves no types by regular expressions: values are read by our own YAML 1.2 rules
    (`_plain_scalar`), so only the two tags the checks look at are resolved here, null (an
    empty document) and merge ("<<"). On the scale corpus PyYAML's resolver was a quarter of
    the parsing time."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit[0]:
            if value == "<<":
                return _MERGE_TAG
            return _NULL_TAG if value in _NULLS else _PLAIN_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[misc,no-any-return]


class _AliasRecordingLoader(_ContentResolver, yaml.SafeLoader):
    """Notes every alias as it is composed: aliases are refused (a "billion laughs" document
    is small as a node graph but explodes once expanded, and content never needs them)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_marks: list[yaml.Mark] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            self.alias_marks.append(self.peek_event().start_mark)  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


class _UntypedLoader(_ContentResolver, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml, with our resolver."""


_FastLoader = _UntypedLoader if hasattr(yaml, "CSafeLoader") else None


def _compose(text: str) -> tuple[Node | None, list[yaml.Mark]]:
    """The document's node tree, and where aliases are used (if any).

    libyaml composes about ten times faster than pure-Python PyYAML; it shares the node of an
    alias instead of telling where the alias was, so only a document that turns out to share
    nodes is composed again by the pure-Python loader to locate its aliases."""
    if _FastLoader is None:
        return _compose_slowly(text)
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        # PyYAML's marks name the character and column more precisely, and its context (what
        # it was reading, from where) is what yaml_errors reads the cause from.
        return _compose_slowly(text)
    finally:
        loader.dispose()
    # An alias is spelt "*name": a text without "*" cannot share nodes.
    if node is not None and "*" in text and _shares_nodes(node):
        return _compose_slowly(text)
    return node, []


def _compose_slowly(text: str) -> tuple[Node | None, list[yaml.Mark]]:
    loader = _AliasRecordingLoader(text)
    try:
        return loader.get_single_node(), loader.alias_marks
    finally:
        loader.dispose()


def _shares_nodes(root: Node) -> bool:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return False


def text_position(text: str, index: int) -> Position:
    before = text[:index]
    return Position(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def _position(mark: yaml.Mark | None) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)


class ParseCache:
    """Parsed files by path, reused while the file's bytes are unchanged (the preview server
    re-reads the whole content on every change; parsing only what changed keeps that fast).
    A file with problems is never cached: its problems must be reported again.

    Told which files changed (`expect_changes`, from the preview's watcher, which hears of
    every write), it does not even read the others again while their status (inode, size,
    times) is the same."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[bytes, SourceFile, tuple[int, ...] | None]] = {}
        self._changed: frozenset[str] | None = None
        self.layout: object | None = None  # what the folders held at the last load (load.py)

    @property
    def changed(self) -> frozenset[str] | None:
        """The files said to have changed (`expect_changes`); None: any file may have."""
        return self._changed

    def expect_changes(self, relpaths: Iterable[str] | None) -> None:
        """Until the next call, files other than `relpaths` are taken as unchanged while their
        status is; None: every file is read and compared."""
        self._changed = None if relpaths is None else frozenset(relpaths)

    def unchanged(self, relpath: str, path: Path) -> SourceFile | None:
        """The parsed file, without reading it, if it is known not to have changed."""
        if self._changed is None or relpath in self._changed:
            return None
        hit = self._files.get(relpath)
        if hit is None or hit[2] is None or _identity(path) != hit[2]:
            return None
        return hit[1]

    def get(self, relpath: str, raw: bytes) -> SourceFile | None:
        hit = self._files.get(relpath)
        return hit[1] if hit is not None and hit[0] == raw else None

    def put(
        self, relpath: str, raw: bytes, source: SourceFile, identity: tuple[int, ...] | None
    ) -> None:
        self._files[relpath] = (raw, source, identity)


def _identity(path: Path) -> tuple[int, ...] | None:
    """What changes when a file is written or replaced (the change time cannot be set back)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_source(
    path: Path, relpath: str, problems: Diagnostics, cache: ParseCache | None = None
) -> SourceFile | None:
    """Parse `path`; on any problem, record it and return None (or a file without data)."""
    if cache is not None:
        known = cache.unchanged(relpath, path)
        if known is not None:
            return known
    identity = _identity(path) if cache is not None else None  # before the read: a write
    raw = read_regular_file(path, relpath, problems)  # meanwhile makes it stale, not wrong
    if raw is None:
        return None
    if cache is not None:
        hit = cache.get(relpath, raw)
        if hit is not None:
            cache.put(relpath, raw, hit, identity)
            return hit
        before = len(problems)
        source = parse_source(raw, relpath, problems)
        if source is not None and source.data is not None and len(problems) == before:
            cache.put(relpath, raw, source, identity)
        return source
    return parse_source(raw, relpath, problems)


SYMLINK_MESSAGE = (
    "is a symbolic link; the build reads only regular files in the repository "
    "(replace the link with the file itself)"
)


def read_regular_file(path: Path, relpath: str, problems: Diagnostics) -> bytes | None:
    """The bytes of `path` if it is a regular file of at most MAX_FILE_BYTES, else None and a
    problem. Symbolic links are refused, never followed: git carries them, so a pull request
    could otherwise point a content file at /dev/zero or at a file outside the repository."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            problems.error(relpath, 1, 1, SYMLINK_MESSAGE)
            return None
        if not stat.S_ISREG(info.st_mode):
            problems.error(
                relpath, 1, 1, "is not a regular file; content files are plain text files"
            )
            return None
        # O_NOFOLLOW and the second check close the gap between lstat and open; the bounded
        # read holds even if the file grows meanwhile.
        descriptor = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(descriptor, "rb") as handle:
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                problems.error(relpath, 1, 1, "is not a regular file")
                return None
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.error(relpath, 1, 1, f"cannot read file: {exc.strerror or exc}")
        return None
    if len(raw) > MAX_FILE_BYTES:
        size = max(opened.st_size, len(raw))
        problems.error(
            relpath,
            1,
            1,
            f"file is {size:,} bytes; content files are limited to {MAX_FILE_BYTES:,} "
            "bytes (split it, or remove the data that does not belong in content)",
        )
        return None
    return raw


# Characters that YAML counts as line breaks but editors and GitHub do not: inside content they
# are accidents of copy and paste, and counting them would put every later position off.
_INVISIBLE_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}


def parse_source(raw: bytes, relpath: str, problems: Diagnostics) -> SourceFile | None:
    # One kind of line break from here on, so every position (ours and YAML's) counts lines
    # the way an editor shows them, whether the file came with CRLF, CR or LF.
    raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as in every other message.
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        problems.error(
            relpath,
            line,
            col,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )
        return None
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = text.translate(_INVISIBLE_BREAKS)
    source = SourceFile(relpath, text)
    if "\x00" in text:
        pos = text_position(text, text.index("\x00"))
        problems.error(relpath, pos.line, pos.col, "binary data (NUL byte) in a text file")
        return None
    try:
        node, alias_marks = _compose(text)
    except yaml.MarkedYAMLError as exc:
        found = explain_syntax_error(exc, text)
        problems.error(relpath, found.line, found.col, f"YAML syntax: {found.message}")
        return None
    except yaml.reader.ReaderError as exc:
        pos = text_position(text, exc.position)
        problems.error(
            relpath,
            pos.line,
            pos.col,
            f"character U+{_code(exc.character):04X} is not allowed in YAML text; remove it",
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(relpath, 1, 1, f"YAML syntax: {exc}")
        return None
    except RecursionError:
        problems.error(relpath, 1, 1, "YAML nesting is too deep")
        return None
    if alias_marks:
        for mark in alias_marks:
            pos = _position(mark)
            problems.error(
                relpath,
                pos.line,
                pos.col,
                "YAML aliases (*name) are not allowed in content; write the value out",
            )
        return None
    if node is None or (isinstance(node, ScalarNode) and node.tag == _NULL_TAG):
        problems.error(relpath, 1, 1, "file is empty; expected a YAML mapping")
        return source
    builder = _Builder(source, problems)
    try:
        source.data = builder.build(node, ())
    except _TooLarge:
        problems.error(relpath, 1, 1, f"file has more than {MAX_NODES:,} YAML values")
        source.data = None
    except _TooDeep:
        problems.error(relpath, 1, 1, "YAML nesting is too deep")
        source.data = None
    return source


def _shown(tag: str) -> str:
    """A tag as it was written: 'tag:yaml.org,2002:int' is '!!int'."""
    return (
        "!!" + tag.removeprefix("tag:yaml.org,2002:")
        if tag.startswith("tag:yaml.org,2002:")
        else tag
    )


class _TooLarge(Exception):
    pass


class _TooDeep(Exception):
    pass


def _code(character: object) -> int:
    return character if isinstance(character, int) else ord(str(character)[:1] or "\0")


# Plain scalars are read by the YAML 1.2 core schema, as editors' YAML tooling does: only
# true/false are booleans ("no" and "on" stay text), and dates stay text.
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")


def _plain_scalar(value: str) -> Any:
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    return value


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording where each was.

    Positions are kept as PyYAML's marks and turned into line/column only when a message
    needs one: a large corpus has hundreds of thousands of values and few errors."""

    def __init__(self, source: SourceFile, problems: Diagnostics) -> None:
        self.source = source
        self.problems = problems
        self.count = 0

    def build(self, node: Node, loc: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooLarge
        if len(loc) > MAX_DEPTH:
            raise _TooDeep
        self.source.values[loc] = node.start_mark
        if isinstance(node, MappingNode | SequenceNode):
            if node.tag not in _COLLECTION_TAGS:
                self._error(
                    node.start_mark,
                    f"YAML tag '{_shown(node.tag)}' is not allowed in content; remove it",
                )
            if isinstance(node, MappingNode):
                return self._mapping(node, loc)
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        # Quoted and block scalars, and plain ones tagged !!str, are always text. (A plain
        # scalar's style is None from PyYAML and "" from libyaml.)
        if node.style or node.tag == _STR_TAG:
            return node.value
        if node.tag == _NULL_TAG:
            return None
        if node.tag != _PLAIN_TAG:
            self._error(
                node.start_mark,
                f"YAML tag '{_shown(node.tag)}' is not allowed in "
                "content; remove it (quote the value if you meant a text)",
            )
            return node.value
        try:
            return _plain_scalar(node.value)
        except ValueError:  # Python refuses integers of more than 4,300 digits
            self._error(
                node.start_mark,
                f"a number of {len(node.value):,} digits is not "
                "valid content; quote it if you meant a text",
            )
            return node.value

    def _mapping(self, node: MappingNode, loc: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                self._error(mark, "a mapping key must be a plain name, not a list or mapping")
                continue
            key = str(key_node.value)
            if key == "<<" and key_node.tag == _MERGE_TAG:
                self._error(mark, "YAML merge keys (<<) are not allowed in content")
                continue
            if key in first_seen:
                self._error(
                    mark,
                    f"duplicate key '{key}' (first defined at line "
                    f"{first_seen[key].line + 1}); YAML would silently keep only the "
                    "last one",
                )
                continue
            first_seen[key] = mark
            self.source.keys[(*loc, key)] = mark
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _error(self, mark: yaml.Mark, message: str) -> None:
        pos = _position(mark)
        self.problems.error(self.source.path, pos.line, pos.col, message)
