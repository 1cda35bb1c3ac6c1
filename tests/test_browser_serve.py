"""`serve` end to end: the preview reloads after an edit, shows content errors in the browser,
and comes back when they are fixed; a busy port gives a clear message."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sitetree import REPO, copy_repo_content

pytestmark = pytest.mark.browser
ROLE_FILE = "content/roles/backend-developer-python.yaml"
ROW = "postgresql:                  {junior: working!, middle: working!, senior: advanced!"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = copy_repo_content(tmp_path / "site")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "--root", str(root),
                                "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.2)
    try:
        yield root, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def edit(root: Path, old: str, new: str) -> None:
    path = root / ROLE_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_edit_reload_error_page_and_recovery(served: tuple[Path, str], page: Page) -> None:
    root, url = served
    page.goto(f"{url}en/roles/backend-developer-python/")
    cell = page.locator("table.matrix tr", has=page.locator("th", has_text="PostgreSQL")) \
        .locator("td.cell").nth(2)
    expect(cell.locator(".mark b")).to_have_text("V")  # Advanced at Senior

    edit(root, ROW, ROW.replace("senior: advanced!", "senior: expert!"))
    expect(cell.locator(".mark b")).to_have_text("E", timeout=15_000)  # reloaded by itself

    edit(root, "family: backend-engineering", "family: backend-engineerin")
    expect(page.locator("h1")).to_have_text("Build failed: 1 problem", timeout=15_000)
    expect(page.locator("#build-errors")).to_contain_text(
        f"{ROLE_FILE}:2:9: error: unknown family 'backend-engineerin'")

    edit(root, "family: backend-engineerin", "family: backend-engineering")
    expect(page.locator("h1")).to_have_text("Backend Developer (Python)", timeout=15_000)
    expect(cell.locator(".mark b")).to_have_text("E")


def test_a_busy_port_is_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(REPO),
                                 "serve", "--port", str(port)],
                                capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert f"cannot serve on port {port}" in result.stderr
    assert "choose another with --port N" in result.stderr
    assert "Traceback" not in result.stderr
