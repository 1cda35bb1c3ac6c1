"""The benchmark's scale corpus: deterministic, and valid content in the real format."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import generate
from skillmatrix.check import check


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_corpus_is_the_same_every_time_and_passes_check(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", roles=6, skills=100)
    second = generate(tmp_path / "b", roles=6, skills=100)
    assert _tree(first / "content") == _tree(second / "content")
    assert len(list((first / "content" / "roles").glob("*.yaml"))) == 6
    assert len(list((first / "content" / "skills").glob("*.yaml"))) == 100
    result = check(first)
    assert not result.problems.errors, [d.format() for d in result.problems.errors][:5]
