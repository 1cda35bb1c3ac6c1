"""`check` never raises, whatever a contributor's editor (or a hostile pull request) leaves behind.

Hypothesis takes the MINIMAL tree, picks one file and mutates it: structurally (delete a line,
duplicate a line, retype a value, truncate at a byte) or at the byte level (garble: insert or
overwrite invalid UTF-8, NULs, tabs, aliases, anchors, merge keys and random bytes). Every
diagnostic must then name a file and a real 1-based position and say something.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sitetree import MINIMAL, write_tree

from skillmatrix.check import CheckResult, check

FILES = sorted(MINIMAL)
FAMILY = "content/families/backend.yaml"

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# A scalar value after "key: " inside block or flow mappings (up to the next ',', '}' or EOL).
_SCALAR = re.compile(rb"(?<=: )[^,{}\[\]\n]+")
RETYPED = [
    b"[a, b]",
    b"42",
    b"{x: y}",
    b"null",
    b"~",
    b"",
    b"true",
    b"3.5",
    b"[]",
    b"{}",
    b"- a",
    b"''",
    b'"x"',
    b"|\n  text",
]
GARBAGE = [
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xe6\x88",
    b"\xed\xa0\x80",
    b"\t",
    b"\r",
    b"\n",
    b"*alias",
    b"&anchor ",
    b"<<: ",
    b"*a",
    b"&a ",
    b": ",
    b"- ",
    b"? ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"'",
    b'"',
    b"|",
    b">",
    b"#",
    b"!!",
    b"!tag ",
    b"%YAML 1.1\n",
    b"---\n",
    b"...\n",
    b"\xef\xbb\xbf",
    b"<b>",
    b"](javascript:x)",
    b"![i](x.png)",
]

Op = tuple[str, int, bytes]
structural_ops = st.tuples(
    st.sampled_from(["delete", "duplicate", "retype", "truncate"]),
    st.integers(min_value=0, max_value=1 << 20),
    st.sampled_from(RETYPED),
)
garble_ops = st.tuples(
    st.sampled_from(["insert", "overwrite"]),
    st.integers(min_value=0, max_value=1 << 20),
    st.one_of(st.sampled_from(GARBAGE), st.binary(min_size=1, max_size=4)),
)


def mutate(raw: bytes, op: Op) -> bytes:
    kind, at, payload = op
    if kind in ("delete", "duplicate"):
        lines = raw.split(b"\n")
        i = at % len(lines)
        lines[i : i + 1] = [] if kind == "delete" else [lines[i], lines[i]]
        return b"\n".join(lines)
    if kind == "retype":
        spans = [m.span() for m in _SCALAR.finditer(raw)]
        if not spans:
            return raw
        start, end = spans[at % len(spans)]
        return raw[:start] + payload + raw[end:]
    if kind == "truncate":
        return raw[: at % (len(raw) + 1)]
    pos = at % (len(raw) + 1)
    if kind == "insert":
        return raw[:pos] + payload + raw[pos:]
    return raw[:pos] + payload + raw[pos + len(payload) :]  # overwrite


def check_mutated(relpath: str, ops: list[Op]) -> tuple[CheckResult, bytes]:
    raw = MINIMAL[relpath].encode("utf-8")
    for op in ops:
        raw = mutate(raw, op)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tree(Path(tmp), {relpath: raw})
        return check(root), raw  # must return, never raise


def assert_well_formed(result: CheckResult, relpath: str, raw: bytes) -> None:
    text = raw.decode("utf-8", errors="replace")
    max_line = max(raw.count(b"\n"), len(text.splitlines())) + 1
    for d in result.problems:
        where = d.format()
        assert d.path, where
        assert d.line >= 1 and d.col >= 1, where
        assert d.message.strip(), where
        assert d.severity.value in ("error", "warning"), where
        if d.path == relpath:
            assert d.line <= max_line, f"{where} (the file has {max_line - 1} lines)"
        else:
            assert d.path in MINIMAL or d.path.startswith("content/"), where


@FUZZ
@given(relpath=st.sampled_from(FILES), ops=st.lists(structural_ops, min_size=1, max_size=3))
def test_structural_mutations_never_crash(relpath: str, ops: list[Op]) -> None:
    result, raw = check_mutated(relpath, ops)
    assert_well_formed(result, relpath, raw)


@FUZZ
@given(relpath=st.sampled_from(FILES), ops=st.lists(garble_ops, min_size=1, max_size=6))
@example(relpath=FAMILY, ops=[("insert", 0, b"\x07")])
def test_garbled_bytes_never_crash(relpath: str, ops: list[Op]) -> None:
    result, raw = check_mutated(relpath, ops)
    assert_well_formed(result, relpath, raw)


# --- Hostile inputs the limits exist for ----------------------------------------------------

ALIAS = "YAML aliases (*name) are not allowed in content; write the value out"


def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(f'*{prev}' for _ in range(9))}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused(run_check):
    result = run_check({FAMILY: billion_laughs()})
    problems = [d.format() for d in result.problems]
    # Lines 2..9 each hold 9 aliases: "b: &b [" is 7 characters, so they sit at 8, 11, ..., 32.
    assert problems == [
        f"{FAMILY}:{line}:{col}: error: {ALIAS}" for line in range(2, 10) for col in range(8, 33, 3)
    ]


def test_ten_megabyte_file_is_refused(run_check):
    huge = ("# " + "x" * 97 + "\n") * 100_000  # 10 MB of comments (100-byte lines)
    result = run_check({FAMILY: MINIMAL[FAMILY] + huge})
    assert [d.format() for d in result.problems] == [
        f"{FAMILY}:1:1: error: file is 10,000,146 bytes; content files are limited to "
        "1,000,000 bytes (split it, or remove the data that does not belong in content)",
    ]


@pytest.mark.parametrize(
    "nested",
    [
        "{a: " * 600 + "1" + "}" * 600,
        "[" * 950 + "]" * 950,
    ],
    ids=["600-mappings", "950-lists"],
)
def test_deep_nesting_is_refused(run_check, nested):
    result = run_check({FAMILY: MINIMAL[FAMILY] + f"x: {nested}\n"})
    assert [d.format() for d in result.problems] == [
        f"{FAMILY}:1:1: error: YAML nesting is too deep"
    ]


@pytest.mark.parametrize("depth", [100, 5000])
def test_nesting_within_and_far_beyond_limits(run_check, depth):
    result = run_check({FAMILY: MINIMAL[FAMILY] + "x: " + "[" * depth + "]" * depth + "\n"})
    expected = (
        "unknown field 'x' (expected one of: name, description)"
        if depth == 100
        else "YAML nesting is too deep"
    )
    assert [d.message for d in result.problems] == [expected]
