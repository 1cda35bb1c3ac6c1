"""Every speed trick leaves the output as the plain path makes it: the real site built with
all tricks off, and with each one off alone, is byte for byte the normal build."""

from __future__ import annotations

import hashlib
from dataclasses import fields, replace
from pathlib import Path

import pytest
from sitetree import REPO

from skillmatrix.build import build
from skillmatrix.templating import shortcuts_apply
from skillmatrix.tuning import FULL, PLAIN, Tuning


def digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("tuned") / "site"
    # Workers start only above a page count the real site passes: they are part of it.
    assert build(REPO, out, pdf=False, tuning=FULL, processes=2).ok
    return digests(out)


@pytest.mark.parametrize(
    "tuning",
    [PLAIN, *(replace(FULL, **{f.name: False}) for f in fields(Tuning))],
    ids=["plain", *(f"no-{f.name}" for f in fields(Tuning))],
)
def test_each_trick_leaves_the_output_as_the_plain_path_makes_it(
    tmp_path: Path, normal: dict[str, str], tuning: Tuning
) -> None:
    out = tmp_path / "site"
    assert build(REPO, out, pdf=False, tuning=tuning, processes=2).ok
    assert digests(out) == normal


def test_the_jinja_shortcuts_apply_to_the_locked_versions() -> None:
    # If a new Jinja or MarkupSafe comes in, the shortcuts step aside (stock Jinja, same
    # bytes); this says so, so the shortcuts are looked at again rather than silently lost.
    assert shortcuts_apply()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", FULL),
        ("plain", PLAIN),
        ("-workers", replace(FULL, workers=False)),
        ("-fragments, -jinja-shortcuts", replace(FULL, fragments=False, jinja_shortcuts=False)),
    ],
)
def test_the_variable_switches_tricks_off(value: str, expected: Tuning) -> None:
    assert Tuning.from_environment({"SKILLMATRIX_TUNING": value}) == expected


def test_an_unknown_trick_is_named() -> None:
    with pytest.raises(ValueError, match="unknown trick '-turbo'"):
        Tuning.from_environment({"SKILLMATRIX_TUNING": "-turbo"})


def test_the_cli_refuses_an_unknown_trick(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from skillmatrix.cli import main

    monkeypatch.setenv("SKILLMATRIX_TUNING", "-turbo")
    assert main(["--root", str(tmp_path), "build"]) == 2
    assert "build: SKILLMATRIX_TUNING: unknown trick '-turbo'" in capsys.readouterr().err
