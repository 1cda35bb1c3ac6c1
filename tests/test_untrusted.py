"""Attacks a stranger's pull request can make with files and configuration rather than with
text in pages: each is reproduced on a copy of a small site, and the outcome asserted (the
folder and the repository untouched, the exact error and exit code, no traceback)."""

from __future__ import annotations

import csv
import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from sitetree import MINIMAL, REPO, add_layouts, write_tree

from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.cli import main

CONFIG = "site_config.yaml"
ROLE = "content/roles/backend-dev.yaml"
SKILL = "content/skills/postgresql.yaml"
FAMILY = "content/families/backend.yaml"


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(root: Path, *args: str) -> int:
    return main(["--root", str(root), *args])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their target), to compare before and after."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = os.readlink(path).encode()
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def config_with(line: str) -> str:
    return MINIMAL[CONFIG].replace("output_dir: _site", line)


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


# 1. The build replaces only a folder it wrote ------------------------------------------------


@pytest.mark.parametrize(
    ("output_dir", "problem"),
    [
        (".git", "output_dir '.git' must not be inside .git/, which the build would replace"),
        (
            "../sibling",
            "output_dir '../sibling' must name a folder inside the repository (no '.', "
            "'..' or empty parts)",
        ),
        (
            ".",
            "output_dir '.' must name a folder inside the repository (no '.', '..' or empty parts)",
        ),
        (
            "content",
            "output_dir 'content' must not be inside content/, which the build would replace",
        ),
        ("/tmp/site", "output_dir '/tmp/site' must be a relative path with '/' between folders"),
        (
            "layouts/../x",
            "output_dir 'layouts/../x' must name a folder inside the repository (no "
            "'.', '..' or empty parts)",
        ),
    ],
)
def test_a_hostile_output_dir_is_a_check_error_and_the_build_touches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output_dir: str, problem: str
) -> None:
    root = add_layouts(
        write_tree(tmp_path / "repo", {CONFIG: config_with(f"output_dir: '{output_dir}'")})
    )
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "sibling").mkdir()
    (tmp_path / "sibling" / "keep.txt").write_text("precious")
    before = snapshot(tmp_path)

    assert run(root, "check", "--strict") == 1
    assert f"site_config.yaml:8:13: error: {problem}; e.g. _site" in capsys.readouterr().out

    assert run(root, "build", "--no-pdf") == 2
    captured = capsys.readouterr()
    assert "nothing was written" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("out", [".", "content", "layouts/x", ".git", ".."])
def test_out_may_not_replace_the_repository_or_its_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out: str
) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {}))
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = snapshot(tmp_path)
    assert run(root, "build", "--no-pdf", "--out", str(root / out)) == 2
    err = capsys.readouterr().err
    assert err.startswith("build: output folder ")
    assert err.rstrip().endswith("; nothing was written")
    assert snapshot(tmp_path) == before


def test_out_refuses_a_folder_the_build_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {}))
    other = tmp_path / "photos"
    other.mkdir()
    (other / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert run(root, "build", "--no-pdf", "--out", str(other)) == 2
    assert (
        f"build: output folder '{other}' is not empty and was not written by a build (it "
        "has no .skillmatrix-site file); choose an empty or new folder, or empty it "
        "yourself; nothing was written"
    ) in capsys.readouterr().err
    assert snapshot(other) == {"holiday.jpg": b"\xff\xd8"}


def test_out_replaces_an_empty_folder_and_then_its_own_output(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {}))
    out = tmp_path / "out"
    out.mkdir()
    assert run(root, "build", "--no-pdf", "--out", str(out)) == 0
    assert (out / ".skillmatrix-site").is_file()
    assert (out / "en" / "index.html").is_file()
    assert run(root, "build", "--no-pdf", "--out", str(out)) == 0  # its own output
    assert not list(tmp_path.glob(".out.staging-*"))


def test_out_refuses_a_symbolic_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {}))
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert run(root, "build", "--no-pdf", "--out", str(tmp_path / "link")) == 2
    assert "is a symbolic link" in capsys.readouterr().err
    assert list((tmp_path / "real").iterdir()) == []


def test_output_dir_holding_tracked_files_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = add_layouts(write_tree(tmp_path, {CONFIG: config_with("output_dir: notes")}))
    (root / "notes").mkdir()
    (root / "notes" / "plan.md").write_text("tracked")
    git(root, "init", "-q")
    git(root, "add", "notes/plan.md")
    git(root, "commit", "-qm", "notes")
    (root / "notes" / ".skillmatrix-site").write_text("")  # a marker does not make it ours
    assert run(root, "build", "--no-pdf") == 2
    assert (
        "build: output folder 'notes' holds files tracked by git (e.g. notes/plan.md); "
        "choose a new folder such as _site; nothing was written"
    ) in capsys.readouterr().err
    assert (root / "notes" / "plan.md").read_text() == "tracked"


# 2. Only regular files inside the repository are read ----------------------------------------


def test_a_link_to_dev_zero_is_an_error_not_an_endless_read(tmp_path: Path) -> None:
    root = write_tree(tmp_path, {})
    (root / "content/skills/zero.yaml").symlink_to("/dev/zero")

    def limit_memory() -> None:  # a regression would read until memory runs out
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    done = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 1, done.stderr
    assert (
        "content/skills/zero.yaml:1:1: error: is a symbolic link; the build reads only "
        "regular files in the repository (replace the link with the file itself)" in done.stdout
    )
    assert "Traceback" not in done.stderr


def test_a_family_linked_outside_the_repository_is_refused_and_not_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {FAMILY: None}))
    (root / FAMILY).parent.mkdir(parents=True, exist_ok=True)
    outside = tmp_path / "secret.yaml"
    outside.write_text(MINIMAL[FAMILY].replace("Server-side roles.", "TOP SECRET"))
    (root / FAMILY).symlink_to(outside)
    assert run(root, "build", "--no-pdf") == 1
    out = capsys.readouterr().out
    assert f"{FAMILY}:1:1: error: is a symbolic link" in out
    # The role's family is known to exist (its file is broken), so no cascade of unknown ids.
    assert "unknown family" not in out
    assert not (root / "_site").exists()


@pytest.mark.parametrize("linked", ["content/skills", "assets/app.css", "layouts/base.html"])
def test_links_anywhere_the_build_reads_are_errors(tmp_path: Path, linked: str) -> None:
    root = add_layouts(write_tree(tmp_path / "repo", {}))
    target = root / linked
    moved = tmp_path / "elsewhere"
    if target.exists():
        target.rename(moved)
    else:
        moved.write_text("x")
    target.symlink_to(moved)
    result = check(root)
    assert [d.format() for d in result.problems if "symbolic link" in d.message] == [
        f"{linked}:1:1: error: is a symbolic link; the build reads only regular files in the "
        "repository (replace the link with the file itself)"
    ]


# 3. Diagnostics print hostile text escaped ----------------------------------------------------


HOSTILE_KEY = '"x\\n::warning file=a.yaml::pwned\\n::add-mask::1\\e[2J\\e]0;title\\a"'


def test_diagnostics_escape_newlines_and_terminal_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    role = MINIMAL[ROLE].replace("  unit-testing: {", f"  {HOSTILE_KEY}: {{")
    root = write_tree(tmp_path, {ROLE: role})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run(root, "check") == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()
    # Only the tool's own annotations start with "::", one per diagnostic.
    commands = [line for line in lines if line.startswith("::")]
    assert commands and all(
        line.startswith(("::error file=", "::warning file=")) for line in commands
    )
    assert len(commands) == sum(1 for line in lines if line.startswith("content/"))
    assert "'x\\n::warning file=a.yaml::pwned\\n::add-mask::1\\x1b[2J\\x1b]0;title\\x07'" in out


def test_a_file_name_cannot_start_a_workflow_command(tmp_path: Path) -> None:
    from skillmatrix.diagnostics import Diagnostics

    problems = Diagnostics()
    problems.error("::add-mask::x.yaml", 1, 1, "line\n::error::forged")
    (item,) = problems
    assert item.format() == "./::add-mask::x.yaml:1:1: error: line\\n::error::forged"


# 4. CSV cells are never formulas ---------------------------------------------------------------


def test_formula_names_are_warned_and_neutral_in_the_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    formula = '=HYPERLINK("http://evil.example","click")'
    skill = MINIMAL[SKILL].replace("name: PostgreSQL", f"name: '{formula}'")
    root = add_layouts(write_tree(tmp_path, {SKILL: skill}))
    assert run(root, "check", "--strict") == 1
    assert (
        f"{SKILL}:2:7: warning: name starts with '=', which a spreadsheet opening the CSV "
        "export would read as a formula; start it with a letter or digit" in capsys.readouterr().out
    )
    assert build(root, pdf=False).ok
    for locale in ("en", "zh", "ru"):
        text = (root / f"_site/api/v1/roles/backend-dev.{locale}.csv").read_text("utf-8")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
        assert "'" + formula in cells
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


# 7. What crashed the build is a diagnostic from check -----------------------------------------


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({SKILL: "!!str\n"}, f"{SKILL}:1:1: error: expected a mapping of fields, got a text"),
        (
            {
                SKILL: MINIMAL[SKILL].replace(
                    "{en: A relational database.,", "{en: 1" + "0" * 4300 + ","
                )
            },
            f"{SKILL}:3:19: error: a number of 4,301 digits is not valid content; quote it if you "
            "meant a text",
        ),
        (
            {SKILL: MINIMAL[SKILL].replace("name: PostgreSQL", "name: !!python/name:os.system x")},
            f"{SKILL}:2:7: error: YAML tag '!!python/name:os.system' is not allowed in content; "
            "remove it (quote the value if you meant a text)",
        ),
        (
            {CONFIG: MINIMAL[CONFIG].replace("[en, zh, ru]", "[en, zh, ru, qq]")},
            "site_config.yaml:6:23: error: unknown locale 'qq': there is no CLDR data for it, so "
            "dates, numbers and plural forms cannot be written in it (use a language code such as "
            "'de' or 'pt-BR')",
        ),
    ],
)
def test_what_crashed_the_build_is_a_check_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], expected: str
) -> None:
    root = add_layouts(write_tree(tmp_path, files))
    assert run(root, "check") == 1
    reported = [
        line
        for line in capsys.readouterr().out.splitlines()
        if ": error: " in line or ": warning: " in line
    ]
    assert reported == [expected]  # and nothing cascades from it
    assert run(root, "build", "--no-pdf") == 1  # the build never starts
    captured = capsys.readouterr()
    assert expected in captured.out.splitlines()
    assert "Traceback" not in captured.out + captured.err
    assert not (root / "_site").exists()


@pytest.mark.parametrize(
    "base_url",
    ["example.org", "javascript:alert(1)//", "//evil.example/", "/\\evil.example/", "https://a b/"],
)
def test_a_base_url_that_is_neither_url_nor_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base_url: str
) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    assert run(root, "build", "--base-url", base_url) == 2
    assert "is neither a URL nor a path" in capsys.readouterr().err
    assert not (root / "_site").exists()


# 9. The same text rules everywhere; lengths are limited ----------------------------------------


def test_bidi_controls_are_refused_in_every_file_and_in_escapes(tmp_path: Path) -> None:
    ui = MINIMAL["content/i18n/en.yaml"]
    first_key = next(line for line in ui.splitlines() if line and not line.startswith("#"))
    key, _, value = first_key.partition(": ")
    files = {
        CONFIG: MINIMAL[CONFIG].replace(
            "title: {en: Test Matrix,", "title: {en: Test\u202eMatrix,"
        ),
        "content/i18n/en.yaml": ui.replace(first_key, f'{key}: "{value.strip(chr(34))}\\u2066"'),
        FAMILY: MINIMAL[FAMILY] + "# a comment \u2067 hiding something\n",
    }
    result = check(write_tree(tmp_path, files))
    found = sorted(d.format() for d in result.problems if "bidirectional" in d.message)
    ui_line = ui.splitlines().index(first_key) + 1
    assert found == sorted(
        [
            "site_config.yaml:1:17: error: bidirectional control character U+202E is not allowed: "
            "it makes text display differently from how it reads",
            f"content/i18n/en.yaml:{ui_line}:{len(key) + 3}: error: bidirectional control "
            "character U+2066 is not allowed: it makes text display differently from how it reads",
            f"{FAMILY}:3:13: error: bidirectional control character U+2067 is not allowed: it "
            "makes text display differently from how it reads",
        ]
    )


def test_escaped_control_characters_are_refused(tmp_path: Path) -> None:
    skill = MINIMAL[SKILL].replace("name: PostgreSQL", 'name: "Postgre\\e[31mSQL"')
    result = check(write_tree(tmp_path, {SKILL: skill}))
    assert [d.format() for d in result.problems] == [
        f"{SKILL}:2:7: error: control character U+001B is not allowed in content (it was "
        "written as an escape in a quoted string); remove it"
    ]


def test_names_and_titles_have_a_length_limit(tmp_path: Path) -> None:
    long_title = "W" * 3000
    role = MINIMAL[ROLE].replace("title: {en: Backend Developer,", f"title: {{en: {long_title},")
    skill = MINIMAL[SKILL].replace("name: PostgreSQL", "name: " + "P" * 101)
    result = check(write_tree(tmp_path, {ROLE: role, SKILL: skill}))
    assert sorted(d.format() for d in result.problems) == [
        f"{ROLE}:2:13: error: title (en) is 3,000 characters long; the limit is 100 (shorten it: "
        "details belong in the description)",
        f"{SKILL}:2:7: error: name is 101 characters long; the limit is 100 (shorten it: "
        "details belong in the description)",
    ]


# 10. Small things ------------------------------------------------------------------------------


def test_the_lock_and_staging_folders_are_neither_tracked_nor_committable() -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "--", "._site.lock", ".build-lock"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""
    for name in (
        "._site.lock",
        "._site.staging-abc123/index.html",
        "_site/index.html",
        "._site.old-42/x",
    ):
        ignored = subprocess.run(["git", "check-ignore", "-q", "--no-index", name], cwd=REPO)
        assert ignored.returncode == 0, name


@pytest.mark.parametrize("ident", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_ids_windows_reserves_are_refused(tmp_path: Path, ident: str) -> None:
    skill_file = f"content/skills/{ident}.yaml"
    categories = MINIMAL["content/categories.yaml"].replace("testing:", f"{ident}:")
    unit = MINIMAL["content/skills/unit-testing.yaml"].replace(
        "category: testing", f"category: {ident}"
    )
    result = check(
        write_tree(
            tmp_path,
            {
                skill_file: MINIMAL[SKILL],
                "content/categories.yaml": categories,
                "content/skills/unit-testing.yaml": unit,
            },
        )
    )
    reserved = (
        f"'{ident}' is a name Windows reserves for a device and cannot be a file or "
        "folder there; choose another id"
    )
    errors = [d.format() for d in result.problems.errors]
    assert f"{skill_file}:1:1: error: file name {reserved}" in errors
    assert f"content/categories.yaml:3:1: error: category id {reserved}" in errors
