"""Command line: the only place that prints and chooses exit codes.

Exit codes: 0 success, 1 content errors (or warnings with --strict), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .check import CheckResult, check
from .diagnostics import Severity
from .load import load_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build, check and preview the skills matrix site.",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site (the default command)")
    build.add_argument("--out", type=Path, help="output folder (default: site_config output_dir)")
    build.add_argument("--base-url", help="override site_config base_url (used by the deploy)")
    build.add_argument("--no-pdf", action="store_true", help="skip PDF generation")
    build.add_argument("--proposals", type=Path, metavar="FILE",
                       help="open pull requests as JSON "
                       "(gh pr list --json number,title,url,labels)")

    chk = commands.add_parser("check", help="validate the content and report every problem")
    chk.add_argument("--strict", action="store_true", help="treat warnings as errors")

    serve = commands.add_parser("serve", help="build, serve and rebuild on changes")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--open", action="store_true", help="open the site in a browser")

    commands.add_parser("schema", help="write the JSON Schemas of the content files")

    links = commands.add_parser("links", help="check every internal link of a built site")
    links.add_argument("site_dir", nargs="?", type=Path, metavar="DIR",
                       help="the built site (default: site_config output_dir)")
    links.add_argument("--base-url", help="the base URL the site was built with")

    diff = commands.add_parser("diff", help="summarise what the working tree changes in the "
                               "matrix, against a git ref")
    diff.add_argument("base_ref", metavar="BASE_REF", help="e.g. origin/main")
    diff.add_argument("--markdown", action="store_true",
                      help="Markdown (for a job summary) instead of plain text")
    return parser


COMMANDS = ("build", "check", "serve", "schema", "diff", "links")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `build` is the default command, also when only its options are given.
    if not any(arg in COMMANDS for arg in argv) and not {"-h", "--help"} & set(argv):
        skip = argv.index("--root") + 2 if "--root" in argv else 0
        argv.insert(skip, "build")
    args = _parser().parse_args(argv)
    root: Path = args.root.resolve()
    command = args.command or "build"
    if command == "check":
        return _check(root, strict=args.strict)
    if command == "schema":
        from .schema import write_schemas

        for path in write_schemas(root):
            print(f"wrote {path.relative_to(root)}")
        return 0
    if command == "build":
        return _build(root, out=getattr(args, "out", None),
                      base_url=getattr(args, "base_url", None),
                      pdf=not getattr(args, "no_pdf", False),
                      proposals_file=getattr(args, "proposals", None))
    if command == "links":
        return _links(root, args.site_dir, args.base_url)
    if command == "diff":
        from .diff import DiffError, diff_refs, format_diff

        try:
            result = diff_refs(root, args.base_ref)
        except DiffError as exc:
            print(f"diff: {exc}", file=sys.stderr)
            return 2
        print(format_diff(result, markdown=args.markdown, base_ref=args.base_ref), end="")
        return 0
    if command == "serve":
        from .serve import serve

        return serve(root, port=args.port, open_browser=args.open)
    return 2


def _build(root: Path, *, out: Path | None, base_url: str | None, pdf: bool,
           proposals_file: Path | None = None) -> int:
    import time

    from .build import build
    from .progress import ProgressBar
    from .proposals import ProposalsError, load_proposals

    started = time.perf_counter()
    proposals = None
    if proposals_file is not None:
        config = load_config(root)
        try:
            proposals = load_proposals(proposals_file, config.repository if config else "")
        except ProposalsError as exc:
            print(f"build: {exc}", file=sys.stderr)
            return 2
    # PDFs print at about a second each: off a terminal too, a line per PDF shows the build
    # is not hung (a line per page would drown the log, and pages take a second or two).
    with ProgressBar(sys.stderr) as bar, \
            ProgressBar(sys.stderr, label="pdfs", plain_lines=True) as pdf_bar:
        result = build(root, out.resolve() if out else None, base_url=base_url, pdf=pdf,
                       progress=bar.update, pdf_progress=pdf_bar.update, proposals=proposals)
    for item in result.problems:
        print(item.format())
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(item.github_annotation())
    for note in result.notes:
        print(note)
    seconds = time.perf_counter() - started
    warnings = len(result.problems.warnings)
    if not result.ok:
        print(f"build failed: {_count(len(result.problems.errors), 'error')}, "
              f"{_count(warnings, 'warning')}; the previous output was left as it was")
        return 1
    print(f"built {_count(result.pages, 'page')} and {_count(result.pdfs, 'PDF')} "
          f"({_count(result.files, 'file')}) in {seconds:.2f} s, {_count(warnings, 'warning')}")
    return 0


def report(result: CheckResult, *, strict: bool) -> None:
    """Print every diagnostic, then one summary line."""
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for item in result.problems:
        print(item.format())
        if in_actions:
            print(item.github_annotation())
    errors = len(result.problems.errors)
    warnings = len(result.problems.warnings)
    coverage = ", ".join(c.format() for c in result.coverage)
    verdict = "failed" if errors or (strict and warnings) else "ok"
    print(
        f"check {verdict}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        f"{' (strict: warnings count as errors)' if strict and warnings else ''} "
        f"in {_count(result.file_count, 'file')}; {coverage}"
    )


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
    print(f"links {'failed' if problems else 'ok'}: {_count(len(problems), 'broken link')} "
          f"in {_count(pages, 'page')}")
    return 1 if problems else 0


def _check(root: Path, *, strict: bool) -> int:
    result = check(root)
    report(result, strict=strict)
    return 1 if result.problems.has_errors(strict=strict) else 0


def run() -> None:
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


__all__ = ["Severity", "main", "run"]
