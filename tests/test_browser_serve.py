"""`serve` end to end: the preview reloads after an edit, shows content errors in the browser,
and comes back when they are fixed; a busy port gives a clear message."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from content_edits import LEVELS, raise_cells
from playwright.sync_api import Locator, Page, Route, WebSocketRoute, expect
from sitetree import REPO, copy_repo_content

pytestmark = pytest.mark.browser
SEED = "backend-developer-python"  # the seed role: a stable name
ROLE_FILE = f"content/roles/{SEED}.yaml"
ROW_LINE = re.compile(r"^  [a-z0-9-]+:\s*\{")  # a matrix row (content/README.md, "A role")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    yield from serving(tmp_path)


@pytest.fixture
def served_full_reload(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`serve` without the in-place update: its client script is not served."""
    yield from serving(tmp_path, {"SKILLMATRIX_FULL_RELOAD": "1"})


def serving(tmp_path: Path, env: dict[str, str] | None = None) -> Iterator[tuple[Path, str]]:
    root = copy_repo_content(tmp_path / "site")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
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


def english_marks(root: Path) -> dict[str, str]:
    entries = yaml.safe_load((root / "content/proficiencies.yaml").read_text(encoding="utf-8"))
    return {
        prof: entry["mark"] if isinstance(entry["mark"], str) else entry["mark"]["en"]
        for prof, entry in entries.items()
    }


def test_edit_reload_error_page_and_recovery(served: tuple[Path, str], page: Page) -> None:
    root, url = served
    page.goto(f"{url}en/roles/{SEED}/")
    # One cell of the seed role raised a step, as a contributor would (whatever the cells are).
    marks = english_marks(root)
    text_before = (root / ROLE_FILE).read_text(encoding="utf-8")
    [change] = raise_cells(root, per_role=1, roles={SEED}, fill_empty=False)
    assert change.before is not None
    text_after = (root / ROLE_FILE).read_text(encoding="utf-8")
    (root / ROLE_FILE).write_text(text_before, encoding="utf-8")  # not yet: first, the page
    cell = (
        page.locator(
            "table.matrix tr", has=page.locator(f'th[scope=row] a[href$="/skills/{change.skill}/"]')
        )
        .locator("td.cell")
        .nth(LEVELS.index(change.level))
    )
    expect(cell.locator(".mark b")).to_have_text(marks[change.before.rstrip("!")])

    (root / ROLE_FILE).write_text(text_after, encoding="utf-8")
    expect(cell.locator(".mark b")).to_have_text(
        marks[change.after.rstrip("!")], timeout=15_000
    )  # reloaded by itself

    edit(root, "family: backend-engineering", "family: backend-engineerin")
    expect(page.locator("h1")).to_have_text("Build failed: 1 problem", timeout=15_000)
    expect(page.locator("#build-errors")).to_contain_text(
        f"{ROLE_FILE}:2:9: error: unknown family 'backend-engineerin'"
    )

    edit(root, "family: backend-engineerin", "family: backend-engineering")
    title = yaml.safe_load(text_before)["title"]
    expect(page.locator("h1")).to_have_text(
        title if isinstance(title, str) else title["en"], timeout=15_000
    )
    expect(cell.locator(".mark b")).to_have_text(marks[change.after.rstrip("!")])


IN_PLACE_READY = (
    "() => window.LiveReload !== undefined && window.LiveReload.plugins.some("
    "p => p.constructor.identifier === 'skillmatrix-in-place' && p.baseline !== null)"
)


def raised_cell(root: Path, page: Page) -> tuple[Locator, str]:
    """Raises one cell of the seed role (whatever the cells are): the cell on the role page,
    and the mark it shows once the edit is saved."""
    [change] = raise_cells(root, per_role=1, roles={SEED}, fill_empty=False)
    cell = (
        page.locator(
            "table.matrix tr", has=page.locator(f'th[scope=row] a[href$="/skills/{change.skill}/"]')
        )
        .locator("td.cell")
        .nth(LEVELS.index(change.level))
    )
    return cell.locator(".mark b"), english_marks(root)[change.after.rstrip("!")]


def mark_page_and_scroll(page: Page) -> int:
    """A mark only this document has (a navigation loses it), and the page scrolled down."""
    page.evaluate("() => { window.notReloaded = true; window.scrollTo(0, 600); }")
    scrolled = int(page.evaluate("() => window.scrollY"))
    assert scrolled > 0
    return scrolled


def test_a_changed_text_is_changed_in_place(served: tuple[Path, str], page: Page) -> None:
    root, url = served
    page.goto(f"{url}en/roles/{SEED}/")
    page.wait_for_function(IN_PLACE_READY)
    scrolled = mark_page_and_scroll(page)
    mark, expected = raised_cell(root, page)
    expect(mark).to_have_text(expected, timeout=15_000)
    # The same document, where it was: no navigation, no scroll lost.
    assert page.evaluate("() => window.notReloaded") is True
    assert page.evaluate("() => window.scrollY") == scrolled
    # The page now equals a fresh load of it (the next update compares with this one).
    page.wait_for_function(IN_PLACE_READY)
    changed = page.evaluate("() => document.querySelector('main').innerHTML")
    page.reload()
    assert page.evaluate("() => document.querySelector('main').innerHTML") == changed


def test_a_page_older_than_its_copy_is_loaded_again(served: tuple[Path, str], page: Page) -> None:
    """The in-place update compares each new version of a page with the copy it fetched as
    the page loaded. An update landing between the page's load and that copy, whose
    announcement the page missed (its socket not yet there), would leave the page older than
    its copy and every later comparison blind to it: the copy says which update it is from,
    and a page older than its copy is loaded again."""
    root, url = served
    address = f"{url}en/roles/{SEED}/"
    held: list[Route] = []
    muted = [True]

    def on_socket(socket: WebSocketRoute) -> None:
        server = socket.connect_to_server()
        # The announcements of updates do not reach the page until the copy is taken.
        server.on_message(
            lambda message: (
                None if muted[0] and '"reload"' in str(message) else socket.send(message)
            )
        )

    def on_page(route: Route) -> None:
        if route.request.resource_type == "fetch" and not held:
            held.append(route)  # the in-place update's first copy of the page, held back
        else:
            route.continue_()

    page.route_web_socket(re.compile(r"/livereload$"), on_socket)
    page.route(address, on_page)
    page.goto(address)
    page.wait_for_function("() => window.LiveReload !== undefined")
    page.wait_for_timeout(200)
    assert held, "the in-place update fetches its copy of the page"
    page.evaluate("() => { window.notReloaded = true; }")
    before = page.request.get(address).text()
    mark, expected = raised_cell(root, page)
    deadline = time.monotonic() + 15
    while page.request.get(address).text() == before:  # serve has the edit on disk
        assert time.monotonic() < deadline, "serve did not update the page"
        time.sleep(0.05)
    held[0].continue_()
    expect(mark).to_have_text(expected, timeout=15_000)
    assert page.evaluate("() => window.notReloaded") is None  # loaded again
    muted[0] = False


def test_a_new_structure_reloads_the_page(served: tuple[Path, str], page: Page) -> None:
    root, url = served
    page.goto(f"{url}en/roles/{SEED}/")
    page.wait_for_function(IN_PLACE_READY)
    rows = page.locator("table.matrix tbody tr").count()
    mark_page_and_scroll(page)
    # One row of the matrix removed: a table row less is not a text change.
    path = root / ROLE_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ROW_LINE.match(line))
    path.write_text("".join(lines[:row] + lines[row + 1 :]), encoding="utf-8")
    expect(page.locator("table.matrix tbody tr")).to_have_count(rows - 1, timeout=15_000)
    assert page.evaluate("() => window.notReloaded") is None


def test_without_the_client_script_the_page_reloads(
    served_full_reload: tuple[Path, str], page: Page
) -> None:
    root, url = served_full_reload
    page.goto(f"{url}en/roles/{SEED}/")
    page.wait_for_function("() => window.LiveReload !== undefined")
    assert page.evaluate(IN_PLACE_READY.replace("() => ", "", 1)) is False
    mark_page_and_scroll(page)
    mark, expected = raised_cell(root, page)
    expect(mark).to_have_text(expected, timeout=15_000)
    assert page.evaluate("() => window.notReloaded") is None


def test_a_busy_port_is_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [
                sys.executable,
                str(REPO / "build.py"),
                "--root",
                str(REPO),
                "serve",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert f"cannot serve on port {port}" in result.stderr
    assert "choose another with --port N" in result.stderr
    assert "Traceback" not in result.stderr
