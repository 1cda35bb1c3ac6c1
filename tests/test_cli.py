"""The command line: exit codes, the report, GitHub annotations, and `python build.py check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from sitetree import MINIMAL, REPO, add_layouts, write_tree

from skillmatrix.cli import main

ROLE = "content/roles/backend-dev.yaml"
FAMILY = "content/families/backend.yaml"
COVERAGE = "en: 46/46 texts, zh: 46/46 texts, ru: 46/46 texts"
FILES = f"{len(MINIMAL)} files"  # every file of the tree is read

BAD_FAMILY = {ROLE: MINIMAL[ROLE].replace("family: backend", "family: backnd")}
FAMILY_ERROR = (f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); "
                "did you mean 'backend'?")
NO_RU_NAME = {FAMILY: MINIMAL[FAMILY].replace("zh: 后端, ru: Бэкенд}", "zh: 后端}")}
RU_WARNING = f"{FAMILY}:1:7: warning: missing 'ru' translation of name"


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch):
    # The suite itself may run in GitHub Actions; annotations are opted into per test.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def run(root, *args: str) -> int:
    return main(["--root", str(root), "check", *args])


def test_clean_content_exits_0(site, capsys):
    assert run(site()) == 0
    captured = capsys.readouterr()
    assert captured.out == f"check ok: 0 errors, 0 warnings in {FILES}; {COVERAGE}\n"
    assert captured.err == ""


def test_errors_exit_1(site, capsys):
    assert run(site(BAD_FAMILY)) == 1
    assert capsys.readouterr().out.splitlines() == [
        FAMILY_ERROR,
        f"check failed: 1 error, 0 warnings in {FILES}; {COVERAGE}",
    ]


def test_warnings_exit_0(site, capsys):
    assert run(site(NO_RU_NAME)) == 0
    assert capsys.readouterr().out.splitlines() == [
        RU_WARNING,
        f"check ok: 0 errors, 1 warning in {FILES}; en: 46/46 texts, zh: 46/46 texts, "
        "ru: 45/46 texts",
    ]


def test_warnings_exit_1_with_strict(site, capsys):
    assert run(site(NO_RU_NAME), "--strict") == 1
    assert capsys.readouterr().out.splitlines() == [
        RU_WARNING,
        f"check failed: 0 errors, 1 warning (strict: warnings count as errors) in {FILES}; "
        "en: 46/46 texts, zh: 46/46 texts, ru: 45/46 texts",
    ]


def test_strict_on_clean_content_exits_0(site, capsys):
    assert run(site(), "--strict") == 0
    assert capsys.readouterr().out == f"check ok: 0 errors, 0 warnings in {FILES}; {COVERAGE}\n"


def test_summary_counts_every_problem_and_file(site, capsys):
    root = site({**BAD_FAMILY, **NO_RU_NAME,
                 "content/skills/redis.yml": MINIMAL["content/skills/postgresql.yaml"]})
    assert run(root) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        RU_WARNING,
        FAMILY_ERROR,
        "content/skills/redis.yml:1:1: error: rename to redis.yaml: content files end in .yaml",
        f"check failed: 2 errors, 1 warning in {FILES}; en: 46/46 texts, zh: 46/46 texts, "
        "ru: 45/46 texts",
    ]


def test_root_defaults_to_the_working_directory(site, capsys, monkeypatch):
    monkeypatch.chdir(site(BAD_FAMILY))
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == FAMILY_ERROR


@pytest.mark.parametrize("argv", [
    ["check", "--bogus"],
    ["frobnicate"],
    ["--strict", "check"],  # --strict belongs to the check command
    ["check", "--strict=yes"],
    ["serve", "--port", "eighty"],
], ids=["unknown-option", "unknown-command", "option-before-command", "flag-with-value",
        "bad-port"])
def test_usage_errors_exit_2(site, capsys, argv):
    root = site()
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(root), *argv])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: build.py")


def test_github_actions_annotations(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run(site({**BAD_FAMILY, **NO_RU_NAME})) == 1
    assert capsys.readouterr().out.splitlines() == [
        RU_WARNING,
        f"::warning file={FAMILY},line=1,col=7::missing 'ru' translation of name",
        FAMILY_ERROR,
        f"::error file={ROLE},line=1,col=9::unknown family 'backnd' (expected one of: backend); "
        "did you mean 'backend'?",
        f"check failed: 1 error, 1 warning in {FILES}; en: 46/46 texts, zh: 46/46 texts, "
        "ru: 45/46 texts",
    ]


def test_github_annotation_escapes_workflow_command_characters(site, capsys, monkeypatch):
    # The path of a stray file holds ',' and ':', which a property value must escape.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run(site({"content/a,b:c/x.yaml": "name: x\n"})) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("content/a,b:c/x.yaml:1:1: error: file is outside the content")
    assert lines[1].startswith(
        "::error file=content/a%2Cb%3Ac/x.yaml,line=1,col=1::file is outside the content layout")


@pytest.mark.parametrize("value", ["false", "1", ""])
def test_no_annotations_outside_github_actions(site, capsys, monkeypatch, value):
    monkeypatch.setenv("GITHUB_ACTIONS", value)
    assert run(site(BAD_FAMILY)) == 1
    out = capsys.readouterr().out
    assert "::error" not in out
    assert out.splitlines()[0] == FAMILY_ERROR


def test_build_py_check_subprocess(tmp_path):
    root = write_tree(tmp_path / "site", {
        **BAD_FAMILY,
        "content/levels.yaml": b"junior: \xff\n",
    })
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path,
    )
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "content/levels.yaml:1:9: error: not UTF-8 text (byte 0xff); save the file as UTF-8",
        FAMILY_ERROR,
        # levels.yaml is not read (no longer a file, nor its 10 texts, in the summary)
        f"check failed: 2 errors, 0 warnings in {len(MINIMAL) - 1} files; "
        "en: 36/36 texts, zh: 36/36 texts, ru: 36/36 texts",
    ]


SUMMARY = re.compile(
    r"built (\d+) pages and (\d+) PDFs? \((\d+) files\) in \d+\.\d\d s, (\d+) warnings?")


def _build_on_a_terminal(root, out) -> str:
    """`build.py build` with its output on a pseudo-terminal, as a maintainer runs it."""
    import pty

    pid, descriptor = pty.fork()
    if pid == 0:  # the child: its standard streams are the terminal
        os.execv(sys.executable, [sys.executable, str(REPO / "build.py"), "--root", str(root),
                                  "build", "--no-pdf", "--out", str(out)])
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return b"".join(chunks).decode("utf-8")


def test_a_build_on_a_terminal_shows_progress_then_one_summary_line(site, tmp_path):
    output = _build_on_a_terminal(add_layouts(site({})), tmp_path / "out")
    bars = re.findall(r"\r\[([#.]{30})\] (\d+)/(\d+) pages", output)
    assert bars, output
    done = [int(count) for _, count, _ in bars]
    assert done == sorted(done) and done[-1] == int(bars[-1][2])  # up to every page
    assert bars[-1][0] == "#" * 30
    lines = [line for line in output.replace("\r\n", "\n").split("\n") if line.strip()]
    summary = SUMMARY.fullmatch(lines[-1].split("\r")[-1].replace("\x1b[K", ""))
    assert summary, lines[-1]
    assert summary.group(1) == bars[-1][2] and summary.groups()[1:] == (
        "0", summary.group(3), "0")


def test_a_build_not_on_a_terminal_prints_no_bar(site, capsys, monkeypatch, tmp_path):
    root = add_layouts(site({}))
    assert main(["--root", str(root), "build", "--no-pdf", "--out", str(tmp_path / "out")]) == 0
    output = capsys.readouterr().out
    assert "\r" not in output and "#" not in output
    assert output.splitlines() == ["PDFs skipped: --no-pdf", output.splitlines()[-1]]
    assert SUMMARY.fullmatch(output.splitlines()[-1])


def test_progress_counts_every_page_once_with_workers(site, tmp_path, monkeypatch):
    from skillmatrix import build as build_module

    # Workers are used from this many pages on: the small tree is made to count as large.
    monkeypatch.setattr(build_module, "PARALLEL_THRESHOLD", 1)
    calls = []
    result = build_module.build(add_layouts(site({})), tmp_path / "out", pdf=False, processes=2,
                                progress=lambda done, total: calls.append((done, total)))
    assert result.ok and result.pages > 1
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert calls[-1] == (result.pages, result.pages)
