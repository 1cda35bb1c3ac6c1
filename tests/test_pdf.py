"""PDF per role and locale, printed by Chromium from the print view, with the full detail text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from sitetree import add_layouts, write_tree

from skillmatrix import build as build_module
from skillmatrix.build import build
from skillmatrix.cli import main

pytestmark = pytest.mark.browser


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_per_role_and_locale_holds_every_detail(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    result = build(root, pdf=True)
    assert result.ok and result.notes == []
    assert result.files == sum(1 for p in (root / "_site").rglob("*") if p.is_file())
    for locale, detail in (
        ("en", "Tunes queries."),
        ("zh", "调优查询。"),
        ("ru", "Ведёт кластеры."),
    ):
        pdf = root / "_site" / locale / "roles/backend-dev" / f"backend-dev-{locale}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF")
        text = pdf_text(pdf)
        assert detail in text.replace("\n", "")
        html = (root / "_site" / locale / "roles/backend-dev/index.html").read_text("utf-8")
        assert (
            f'href="../../../{locale}/roles/backend-dev/backend-dev-{locale}.pdf" download' in html
        )


def test_without_a_browser_pdfs_are_skipped_and_the_link_hidden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillmatrix.pdf

    monkeypatch.setattr(skillmatrix.pdf, "pdf_engine", lambda: None)
    root = add_layouts(write_tree(tmp_path, {}))
    result = build(root, pdf=True)
    assert result.ok
    assert result.notes == [
        "PDFs skipped: no Chromium: set SKILLMATRIX_CHROMIUM to its "
        "executable or run 'playwright install chromium'; pages hide the "
        "PDF link"
    ]
    html = (root / "_site/en/roles/backend-dev/index.html").read_text("utf-8")
    assert ".pdf" not in html
    assert build_module is not None


def test_pdfs_are_counted_as_they_are_printed_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # One role in three locales: three PDFs, a plain line for each (a CI log is no terminal).
    root = add_layouts(write_tree(tmp_path, {}))
    assert main(["--root", str(root), "build", "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == ["pdfs 1/3", "pdfs 2/3", "pdfs 3/3"]
    summary = captured.out.splitlines()[-1]
    assert summary.startswith("built ") and " pages and 3 PDFs (" in summary, summary
    assert len(list((tmp_path / "out").glob("*/roles/*/*.pdf"))) == 3


def test_the_browser_is_the_one_named_never_one_found_on_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import skillmatrix.pdf

    # A "chromium" on the PATH is not a choice: without the variable, Playwright's own is used.
    (tmp_path / "bin").mkdir()
    stray = tmp_path / "bin" / "chromium"
    stray.write_text("#!/bin/sh\nexit 1\n")
    stray.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    monkeypatch.delenv("SKILLMATRIX_CHROMIUM", raising=False)
    assert skillmatrix.pdf.chromium_path() is None
    # A variable naming nothing runnable means no browser: the build says so and does not
    # fall back to another one.
    monkeypatch.setenv("SKILLMATRIX_CHROMIUM", str(tmp_path / "missing" / "chromium"))
    assert skillmatrix.pdf.pdf_engine() is None
    root = add_layouts(write_tree(tmp_path / "site", {}))
    result = build(root, pdf=True)
    assert result.ok and result.notes[0].startswith("PDFs skipped: no Chromium: set SKILLMATRIX")
    assert not list((root / "_site").rglob("*.pdf"))
