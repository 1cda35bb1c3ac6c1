"""Command line: the only place that prints and chooses exit codes.

Exit codes: 0 success, 1 content errors (or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .check import CheckResult, check
from .diagnostics import Severity, did_you_mean, escape_text
from .load import load_config, output_dir_setting

COMMANDS = ("build", "check", "serve", "schema", "diff", "links")
REPORT_FORMATS = ("text", "markdown")

# Each command's --help ends with what its exit status means, for scripts and CI.
EXIT_CODES = {
    "build": (
        "the site was built",
        "content errors: nothing was written, the previous output is left as it was",
        "usage error, or a file or folder named in the options cannot be used",
    ),
    "check": (
        "no content errors (warnings are allowed without --strict)",
        "content errors, or warnings with --strict",
        "usage error",
    ),
    "serve": ("stopped with Ctrl+C", None, "usage error, or the port is in use"),
    "schema": (
        "the schemas are up to date (written if they were not)",
        None,
        "usage error, or schemas/ cannot be written",
    ),
    "diff": (
        "compared",
        "the working tree has content errors (they are printed instead)",
        "usage error, or BASE_REF is not a commit of this repository",
    ),
    "links": ("no broken link", "broken links", "usage error, or no built site"),
}


def _exit_codes(command: str) -> str:
    meanings = EXIT_CODES[command]
    return "exit status:\n" + "\n".join(
        f"  {code}  {meaning}" for code, meaning in enumerate(meanings) if meaning
    )


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("skillmatrix")
    except PackageNotFoundError:  # run from a checkout that was not installed
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def _unknown_command(word: str) -> str:
    return (
        f"unknown command '{word}'{did_you_mean(word, COMMANDS)} (commands: {', '.join(COMMANDS)})"
    )


def _parser(prog: str = "build.py") -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=raw,
        description="Build, check and preview the skills matrix site.",
        epilog=f"'{prog} COMMAND --help' explains a command's options and exit status.\n"
        "exit status: 0 success, 1 content errors (or broken links), 2 usage error",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, summary: str, description: str = "") -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=summary,
            description=description or summary,
            epilog=_exit_codes(name),
            formatter_class=raw,
        )

    build = command(
        "build",
        "build the site (the default command)",
        "Build the site into the output folder: pages, PDFs, search, exports.",
    )
    build.add_argument(
        "--out", type=Path, metavar="DIR", help="output folder (default: site_config output_dir)"
    )
    build.add_argument(
        "--base-url", metavar="URL", help="override site_config base_url (used by the deploy)"
    )
    build.add_argument("--no-pdf", action="store_true", help="skip PDF generation")
    build.add_argument(
        "--proposals",
        type=Path,
        metavar="FILE",
        help="open pull requests as JSON (gh pr list --json number,title,url,labels)",
    )

    chk = command(
        "check",
        "validate the content and report every problem",
        "Validate the content; every problem is printed as path:line:col: message.",
    )
    chk.add_argument("--strict", action="store_true", help="treat warnings as errors")
    chk.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="text (default), or markdown for a GitHub job summary",
    )

    serve = command(
        "serve",
        "build, serve and rebuild on changes",
        "Build, serve on 127.0.0.1 and rebuild on every change; the browser "
        "reloads and shows content errors.",
    )
    serve.add_argument(
        "--port", type=int, default=8000, metavar="N", help="port to serve on (default: 8000)"
    )
    serve.add_argument("--open", action="store_true", help="open the site in a browser")

    command(
        "schema",
        "write the JSON Schemas of the content files",
        "Write the JSON Schemas of the content files into schemas/ (only the ones that "
        "changed), generated from the models.",
    )

    links = command("links", "check every internal link of a built site")
    links.add_argument(
        "site_dir",
        nargs="?",
        type=Path,
        metavar="DIR",
        help="the built site (default: site_config output_dir)",
    )
    links.add_argument("--base-url", metavar="URL", help="the base URL the site was built with")

    diff = command(
        "diff",
        "summarise what the working tree changes in the matrix, against a git ref",
        "Summarise what the working tree changes in the published "
        "matrix (roles, skills, cells, texts) against a git ref. The working tree "
        "must pass check first.",
    )
    diff.add_argument(
        "base_ref", metavar="BASE_REF", help="a branch, tag or commit, e.g. origin/main"
    )
    diff.add_argument(
        "--markdown", action="store_true", help="Markdown (for a job summary) instead of plain text"
    )
    return parser


def _with_default_command(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """`build` is the default command, also when only its options are given."""
    index = 0
    while index < len(argv):  # the global --root comes before any command
        if argv[index] == "--root" and index + 1 < len(argv):
            index += 2
        elif argv[index].startswith("--root="):
            index += 1
        else:
            break
    if index >= len(argv):
        return [*argv, "build"]
    first = argv[index]
    if first in COMMANDS or first in ("-h", "--help", "--version"):
        return argv
    if first.startswith("-"):
        return [*argv[:index], "build", *argv[index:]]
    parser.error(_unknown_command(first))  # exits


def main(argv: Sequence[str] | None = None, prog: str = "build.py") -> int:
    parser = _parser(prog)
    args = parser.parse_args(
        _with_default_command(list(sys.argv[1:] if argv is None else argv), parser)
    )
    root: Path = args.root.resolve()
    command = args.command or "build"
    if command in ("build", "serve"):
        from .tuning import Tuning

        try:
            Tuning.from_environment()
        except ValueError as exc:
            print(f"{command}: {exc}", file=sys.stderr)
            return 2
    if command == "check":
        return _check(root, strict=args.strict, markdown=args.format == "markdown")
    if command == "schema":
        return _schema(root)
    if command == "build":
        return _build(
            root,
            out=getattr(args, "out", None),
            base_url=getattr(args, "base_url", None),
            pdf=not getattr(args, "no_pdf", False),
            proposals_file=getattr(args, "proposals", None),
        )
    if command == "links":
        return _links(root, args.site_dir, args.base_url)
    if command == "diff":
        return _diff(root, args.base_ref, markdown=args.markdown)
    if command == "serve":
        from .serve import serve

        return serve(root, port=args.port, open_browser=args.open)
    return 2


def _schema(root: Path) -> int:
    from .schema import SCHEMA_DIR, generate_schemas, write_schemas

    try:
        written = write_schemas(root)
    except OSError as exc:
        print(f"schema: cannot write {SCHEMA_DIR}/: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(root).as_posix()}")
    total = len(generate_schemas())
    if written:
        print(
            f"schemas updated: {_count(len(written), 'file')} written, "
            f"{_count(total, 'file')} in {SCHEMA_DIR}/"
        )
    else:
        print(f"schemas are up to date ({_count(total, 'file')} in {SCHEMA_DIR}/)")
    return 0


def _diff(root: Path, base_ref: str, *, markdown: bool) -> int:
    from .diff import DiffError, diff_refs, format_diff

    try:
        result = diff_refs(root, base_ref)
    except DiffError as exc:
        print(f"diff: {exc}", file=sys.stderr)
        return 2
    print(format_diff(result, markdown=markdown, base_ref=base_ref), end="")
    return 1 if result.head_errors else 0


# An http(s) URL, or a path from the site's origin (not "//host", which is a URL).
BASE_URL = re.compile(r"https?://[^\s/\\]+(/\S*)?|/(?![/\\])[^\s\\]*")


def _build(
    root: Path,
    *,
    out: Path | None,
    base_url: str | None,
    pdf: bool,
    proposals_file: Path | None = None,
) -> int:
    import time

    from .build import build
    from .output import OutputRefused
    from .progress import ProgressBar
    from .proposals import ProposalsError, load_proposals

    started = time.perf_counter()
    if base_url is not None and not BASE_URL.fullmatch(base_url):
        print(
            f"build: --base-url {escape_text(base_url)!r} is neither a URL nor a path; give "
            "the address the site is published at, e.g. https://example.org/skills-matrix/ "
            "or /skills-matrix/",
            file=sys.stderr,
        )
        return 2
    proposals = None
    if proposals_file is not None:
        config = load_config(root)
        try:
            proposals = load_proposals(proposals_file, config.repository if config else "")
        except ProposalsError as exc:
            print(f"build: {exc}", file=sys.stderr)
            return 2
    try:
        out = _output_folder(root, out)
        # PDFs print at about a second each: off a terminal too, a line per PDF shows the
        # build is not hung (a line per page would drown the log, and pages take a second
        # or two).
        with (
            ProgressBar(sys.stderr) as bar,
            ProgressBar(sys.stderr, label="pdfs", plain_lines=True) as pdf_bar,
        ):
            result = build(
                root,
                out,
                base_url=base_url,
                pdf=pdf,
                progress=bar.update,
                pdf_progress=pdf_bar.update,
                proposals=proposals,
            )
    except OutputRefused as exc:
        print(f"build: {exc}; nothing was written", file=sys.stderr)
        return 2
    for item in result.problems:
        print(item.format())
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(item.github_annotation())
    for note in result.notes:
        print(note)
    seconds = time.perf_counter() - started
    warnings = len(result.problems.warnings)
    if not result.ok:
        print(
            f"build failed: {_count(len(result.problems.errors), 'error')}, "
            f"{_count(warnings, 'warning')}; the previous output was left as it was"
        )
        return 1
    print(
        f"built {_count(result.pages, 'page')} and {_count(result.pdfs, 'PDF')} "
        f"({_count(result.files, 'file')}) in {seconds:.2f} s, {_count(warnings, 'warning')}"
    )
    return 0


def _output_folder(root: Path, out: Path | None) -> Path | None:
    """The folder the build may replace, checked before anything else runs (OutputRefused):
    --out, or output_dir as written in site_config.yaml (which comes with pull requests)."""
    from .output import OutputRefused, guard_output
    from .shapes import output_dir_problem

    if out is not None:
        return guard_output(root, out.absolute(), str(out))
    setting = output_dir_setting(root)
    if setting is None:
        return None  # unreadable: check reports why and the build stops there
    value, pos = setting
    problem = output_dir_problem(value)
    if problem:
        raise OutputRefused(f"site_config.yaml:{pos.line}:{pos.col}: {escape_text(problem)}")
    return guard_output(root, root / value, value)


def report_lines(result: CheckResult, *, strict: bool) -> list[str]:
    """Every diagnostic, then one summary line."""
    errors = len(result.problems.errors)
    warnings = len(result.problems.warnings)
    coverage = ", ".join(c.format() for c in result.coverage)
    verdict = "failed" if errors or (strict and warnings) else "ok"
    return [
        *(item.format() for item in result.problems),
        (
            f"check {verdict}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
            f"{' (strict: warnings count as errors)' if strict and warnings else ''} "
            f"in {_count(result.file_count, 'file')}; {coverage}"
        ),
    ]


def report(result: CheckResult, *, strict: bool) -> None:
    """Every diagnostic (with its GitHub annotation in Actions), then one summary line."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    lines = report_lines(result, strict=strict)
    for item, line in zip(result.problems, lines, strict=False):
        print(line)
        if in_actions:
            print(item.github_annotation())
    print(lines[-1])


def report_markdown(result: CheckResult, *, strict: bool) -> None:
    """The report for a job summary: fenced so that no content can end the code block, and
    without annotations (they belong in the log, where GitHub reads them)."""
    from .job_summary import fenced

    print("\n".join(["## Content check", "", *fenced(report_lines(result, strict=strict))]))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _links(root: Path, site_dir: Path | None, base_url: str | None) -> int:
    from .links import broken_links
    from .urls import Urls

    config = load_config(root)
    if config is None:
        print("links: site_config.yaml is missing or invalid; run check", file=sys.stderr)
        return 2
    folder = (site_dir or root / config.output_dir).resolve()
    if not folder.is_dir():
        print(f"links: {folder} does not exist; build the site first", file=sys.stderr)
        return 2
    problems = broken_links(folder, Urls(base_url or config.base_url).base_path)
    for problem in problems:
        print(problem)
    pages = sum(1 for _ in folder.rglob("*.html"))
    print(
        f"links {'failed' if problems else 'ok'}: {_count(len(problems), 'broken link')} "
        f"in {_count(pages, 'page')}"
    )
    return 1 if problems else 0


def _check(root: Path, *, strict: bool, markdown: bool = False) -> int:
    result = check(root)
    if markdown:
        report_markdown(result, strict=strict)
    else:
        report(result, strict=strict)
    return 1 if result.problems.has_errors(strict=strict) else 0


def run() -> None:
    # The console script `skillmatrix` and `python build.py` share this entry point; usage
    # messages name the one that was typed.
    prog = "skillmatrix" if Path(sys.argv[0]).stem == "skillmatrix" else "build.py"
    try:
        code = main(prog=prog)
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


__all__ = ["Severity", "main", "run"]
