"""The command line: exit codes, the report, GitHub annotations, and `python build.py check`."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from sitetree import MINIMAL, REPO, add_layouts, write_tree

from skillmatrix.cli import COMMANDS, _parser, main

ROLE = "content/roles/backend-dev.yaml"
FAMILY = "content/families/backend.yaml"
COVERAGE = "en: 46/46 texts, zh: 46/46 texts, ru: 46/46 texts"
FILES = f"{len(MINIMAL)} files"  # every file of the tree is read

BAD_FAMILY = {ROLE: MINIMAL[ROLE].replace("family: backend", "family: backnd")}
FAMILY_ERROR = (
    f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); "
    "did you mean 'backend'?"
)
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
    root = site(
        {
            **BAD_FAMILY,
            **NO_RU_NAME,
            "content/skills/redis.yml": MINIMAL["content/skills/postgresql.yaml"],
        }
    )
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


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--bogus"],
        ["frobnicate"],
        ["--strict", "check"],  # --strict belongs to the check command
        ["check", "--strict=yes"],
        ["serve", "--port", "eighty"],
    ],
    ids=[
        "unknown-option",
        "unknown-command",
        "option-before-command",
        "flag-with-value",
        "bad-port",
    ],
)
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
        "::error file=content/a%2Cb%3Ac/x.yaml,line=1,col=1::file is outside the content layout"
    )


@pytest.mark.parametrize("value", ["false", "1", ""])
def test_no_annotations_outside_github_actions(site, capsys, monkeypatch, value):
    monkeypatch.setenv("GITHUB_ACTIONS", value)
    assert run(site(BAD_FAMILY)) == 1
    out = capsys.readouterr().out
    assert "::error" not in out
    assert out.splitlines()[0] == FAMILY_ERROR


def test_build_py_check_subprocess(tmp_path):
    root = write_tree(
        tmp_path / "site",
        {
            **BAD_FAMILY,
            "content/levels.yaml": b"junior: \xff\n",
        },
    )
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
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
    r"built (\d+) pages and (\d+) PDFs? \((\d+) files\) in \d+\.\d\d s, (\d+) warnings?"
)


def _build_on_a_terminal(root, out) -> str:
    """`build.py build` with its output on a pseudo-terminal, as a maintainer runs it."""
    import pty

    pid, descriptor = pty.fork()
    if pid == 0:  # the child: its standard streams are the terminal
        os.execv(
            sys.executable,
            [
                sys.executable,
                str(REPO / "build.py"),
                "--root",
                str(root),
                "build",
                "--no-pdf",
                "--out",
                str(out),
            ],
        )
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
    assert summary.group(1) == bars[-1][2] and summary.groups()[1:] == ("0", summary.group(3), "0")


def test_a_build_not_on_a_terminal_prints_no_bar(site, capsys, monkeypatch, tmp_path):
    root = add_layouts(site({}))
    assert main(["--root", str(root), "build", "--no-pdf", "--out", str(tmp_path / "out")]) == 0
    output = capsys.readouterr().out
    assert "\r" not in output and "#" not in output
    assert output.splitlines() == ["PDFs skipped: --no-pdf", output.splitlines()[-1]]
    assert SUMMARY.fullmatch(output.splitlines()[-1])


def test_progress_counts_every_page_once_with_workers(site, tmp_path, monkeypatch):
    from skillmatrix import build as build_module
    from skillmatrix import stages

    # Workers are used from this many pages on: the small tree is made to count as large.
    monkeypatch.setattr(stages, "PARALLEL_THRESHOLD", 1)
    calls = []
    result = build_module.build(
        add_layouts(site({})),
        tmp_path / "out",
        pdf=False,
        processes=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.ok and result.pages > 1
    assert [done for done, _ in calls] == sorted({done for done, _ in calls})
    assert calls[-1] == (result.pages, result.pages)


# --- Commands, help, version ------------------------------------------------------------------


def _usage_error(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize("argv", [["chek"], ["--root", ".", "chek", "--strict"]])
def test_a_mistyped_command_is_named_with_a_suggestion(capsys, argv):
    err = _usage_error(argv, capsys)
    assert err.splitlines()[-1] == (
        "build.py: error: unknown command 'chek'; did you mean 'check'? "
        "(commands: build, check, serve, schema, diff, links)"
    )


def test_an_unknown_command_far_from_any_lists_the_commands(capsys):
    err = _usage_error(["frobnicate"], capsys)
    assert err.splitlines()[-1] == (
        "build.py: error: unknown command 'frobnicate' "
        "(commands: build, check, serve, schema, diff, links)"
    )


def test_version_is_the_package_version(capsys):
    import tomllib

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert capsys.readouterr().out == f"build.py {project['version']}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_explains_options_and_exit_status(capsys, command):
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: build.py {command}")
    status = out[out.index("exit status:") :].splitlines()
    assert status[1].startswith("  0  ") and status[-1].startswith("  2  usage error")
    # Every option and argument of the command has a sentence of help.
    subcommands = next(a for a in _parser()._actions if a.dest == "command")
    for action in subcommands.choices[command]._actions:
        assert action.help and action.help != argparse.SUPPRESS, (command, action.dest)
        for option in action.option_strings:
            assert option in out


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert re.search(rf"^    {command} ", out, re.MULTILINE), command
    assert "exit status: 0 success, 1 content errors (or broken links), 2 usage error" in out


def test_options_alone_run_the_default_build(site, capsys, tmp_path):
    root = add_layouts(site({}))
    assert main(["--root", str(root), "--no-pdf", "--out", str(tmp_path / "out")]) == 0
    assert SUMMARY.fullmatch(capsys.readouterr().out.splitlines()[-1])
    assert (tmp_path / "out" / "en" / "index.html").is_file()


def test_schema_says_what_it_wrote_then_that_all_is_current(tmp_path, capsys):
    from skillmatrix.schema import generate_schemas

    total = len(generate_schemas())
    assert main(["--root", str(tmp_path), "schema"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:-1] == [f"wrote schemas/{name}" for name in generate_schemas()]
    assert lines[-1] == f"schemas updated: {total} files written, {total} files in schemas/"
    assert main(["--root", str(tmp_path), "schema"]) == 0
    assert capsys.readouterr().out == f"schemas are up to date ({total} files in schemas/)\n"


def test_the_console_script_runs_the_cli(monkeypatch, capsys):
    import importlib
    import tomllib

    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, name = scripts["scripts"]["skillmatrix"].partition(":")
    entry = getattr(importlib.import_module(module), name)
    monkeypatch.setattr(sys, "argv", ["/venv/bin/skillmatrix", "chek"])
    with pytest.raises(SystemExit) as exc:
        entry()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: skillmatrix ")
    assert "skillmatrix: error: unknown command 'chek'; did you mean 'check'?" in err


def test_dev_help_lists_every_command_without_setting_up(tmp_path):
    # A copy of the script in an empty folder: setting up there would create .venv or fail.
    shutil.copy2(REPO / "dev", tmp_path / "dev")
    for flag in ("help", "--help", "-h"):
        started = time.perf_counter()
        proc = subprocess.run(
            [str(tmp_path / "dev"), flag], capture_output=True, text=True, timeout=30, cwd=tmp_path
        )
        assert time.perf_counter() - started < 5
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == ""
        listed = re.findall(r"^  (\w+)", proc.stdout, re.MULTILINE)
        assert set(listed) == {"serve", "setup", "test", "bench", "help", *COMMANDS}
        assert sorted(path.name for path in tmp_path.iterdir()) == ["dev"]


def test_dev_refuses_an_unknown_command_before_setting_up(tmp_path):
    shutil.copy2(REPO / "dev", tmp_path / "dev")
    proc = subprocess.run(
        [str(tmp_path / "dev"), "chek"], capture_output=True, text=True, timeout=30, cwd=tmp_path
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("./dev: unknown command 'chek'\nusage: ./dev")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["dev"]


def test_dev_hands_every_build_py_command_to_build_py():
    patterns = re.findall(r"^  ([\w|*-]+)\)$", (REPO / "dev").read_text(), re.MULTILINE)
    handled = {name for pattern in patterns for name in pattern.split("|")}
    assert set(COMMANDS) <= handled


# --- Job summaries ----------------------------------------------------------------------------

HOSTILE = {
    # A file name and a value (a matrix key) that try to close the summary's code block, to
    # inject HTML and to start a line with a workflow command.
    "content/skills/```<script>::warning.yaml": MINIMAL["content/skills/postgresql.yaml"],
    ROLE: MINIMAL[ROLE] + '  "x```` <script>alert(1)\\n::warning::pwned": {junior: working}\n',
}


def test_markdown_report_keeps_content_inside_its_code_block(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # annotations belong in the log, not here
    assert main(["--root", str(site(HOSTILE)), "check", "--format", "markdown"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["## Content check", ""]
    fence = lines[2]
    assert fence == "`````"  # longer than the four backticks of the matrix key
    assert lines[-1] == fence
    body = lines[3:-1]
    assert not [line for line in body if line.startswith("`" * len(fence))]
    assert not [line for line in lines if line.startswith("::")]
    assert any("```<script>::warning" in line for line in body)
    assert any(r"x```` <script>alert(1)\n::warning::pwned" in line for line in body)
    assert body[-1].startswith("check failed: ")


def test_markdown_report_of_clean_content(site, capsys):
    assert main(["--root", str(site()), "check", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "## Content check",
        "",
        "```",
        f"check ok: 0 errors, 0 warnings in {FILES}; {COVERAGE}",
        "```",
    ]


def test_annotations_are_the_only_lines_that_start_with_two_colons(site, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    files = {"content/skills/```<script>::warning.yaml": MINIMAL["content/skills/postgresql.yaml"]}
    assert run(site(files)) == 1
    lines = capsys.readouterr().out.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert commands == [
        "::error file=content/skills/```<script>%3A%3Awarning.yaml,line=1,col=1::"
        "file name '```<script>::warning' is not a valid id: use lower-case "
        "letters, digits and single hyphens, e.g. 'backend-developer-go'"
    ]


def test_the_proposal_workflow_writes_only_escaped_summaries():
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/proposal.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    # The preview's instructions are fixed text around the artifact's address, from GitHub.
    (preview,) = [step for step in steps if step.get("name") == "How to look at the preview"]
    assert preview["env"] == {"ARTIFACT_URL": "${{ steps.preview.outputs.artifact-url }}"}
    assert "${{" not in preview["run"]
    writes = [
        line.strip()
        for step in steps
        if step is not preview
        for line in step.get("run", "").splitlines()
        if "GITHUB_STEP_SUMMARY" in line
    ]
    assert writes, "the proposal's summary is written by the check and diff commands"
    for line in writes:
        assert re.fullmatch(
            r"python build\.py (check .*--format markdown|diff .*--markdown) "
            r'>> "\$GITHUB_STEP_SUMMARY"( \|\| true)?',
            line,
        ), line
