"""`serve` on a small fixture site, spoken to with raw HTTP: redirects stay on the preview's own
origin, other Host headers and foreign websocket origins are refused, SIGTERM and SIGHUP remove
the preview folder, and `--open` without a browser says what to do."""

from __future__ import annotations

import ctypes
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from sitetree import REPO, add_layouts, write_tree

# Each decodes, in one way or another, to a path that a browser would read as another host.
OPEN_REDIRECT_PAYLOADS = [
    "/%5Cevil.example%2f..%2fen",
    "/%5cevil.example%2F..%2Fen%2F..%2Fen",
    "/%5C%5Cevil.example%2f..%2f..%2fen",
    "//evil.example/%2e%2e",
    "//evil.example/..%2fen",
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example%2f..%2f..%2fen",
    "/\\evil.example",
    "/\\evil.example/../en",
    "/en%2f..%2f%5Cevil.example%2f..%2fen",
    "/en%2f..%2f..%2f..%2fetc",
]


@dataclass
class Preview:
    process: subprocess.Popen[bytes]
    port: int
    temp: Path  # the TMPDIR the server was given: its preview folder lives here
    log: Path

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_preview(where: Path, *options: str, env: dict[str, str] | None = None) -> Preview:
    root = add_layouts(write_tree(where / "site", {}))
    temp = where / "tmp"
    temp.mkdir()
    log = where / "serve.log"
    port = free_port()
    environment = {**(os.environ if env is None else env), "TMPDIR": str(temp)}
    with log.open("wb") as sink:  # a file, not a pipe nobody reads, which could fill and block
        process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "--root",
                str(root),
                "serve",
                "--port",
                str(port),
                *options,
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    preview = Preview(process, port, temp, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return preview
        except OSError:
            assert process.poll() is None, preview.output()
            time.sleep(0.2)
    stop(preview)
    raise AssertionError(f"serve did not start in 60 s:\n{preview.output()}")


def stop(preview: Preview) -> None:
    if preview.process.poll() is None:
        preview.process.terminate()
        preview.process.wait(timeout=15)


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    running = start_preview(tmp_path_factory.mktemp("serve-security"))
    try:
        yield running
    finally:
        stop(running)


def request(
    preview: Preview,
    path: str,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """GET `path` exactly as written (no normalisation), with `headers` (Host included)."""
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=10)
    try:
        connection.request(
            "GET", path, headers={"Host": f"127.0.0.1:{preview.port}", **(headers or {})}
        )
        response = connection.getresponse()
        # A 101 hands the connection over to the websocket: there is no body to read.
        body = b"" if response.status == 101 else response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def websocket_handshake(preview: Preview, origin: str | None, host: str | None = None) -> int:
    headers = {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "c2tpbGxtYXRyaXgtdGVzdA==",
        "Sec-WebSocket-Version": "13",
    }
    if origin is not None:
        headers["Origin"] = origin
    if host is not None:
        headers["Host"] = host
    status, _, _ = request(preview, "/livereload", headers)
    return status


def is_same_origin(location: str, port: int) -> bool:
    if location.startswith(f"http://127.0.0.1:{port}/"):
        return True
    return location.startswith("/") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("payload", OPEN_REDIRECT_PAYLOADS)
def test_no_redirect_leaves_the_preview(preview: Preview, payload: str) -> None:
    status, headers, _ = request(preview, payload)
    location = headers.get("location")
    assert location is None or is_same_origin(location, preview.port), (status, location)
    assert status in (301, 302, 404), status


def test_a_folder_without_its_slash_redirects_on_the_same_host(preview: Preview) -> None:
    status, headers, _ = request(preview, "/en")
    assert (status, headers["location"]) == (302, f"{preview.origin}/en/")
    # The resolved folder is what counts, not the request's text.
    status, headers, _ = request(preview, "/en/../ru")
    assert (status, headers["location"]) == (302, f"{preview.origin}/ru/")
    status, headers, _ = request(preview, "/en", {"Host": f"localhost:{preview.port}"})
    assert (status, headers["location"]) == (302, f"http://localhost:{preview.port}/en/")


def test_pages_answer_their_own_hosts(preview: Preview) -> None:
    for host in (
        f"127.0.0.1:{preview.port}",
        f"localhost:{preview.port}",
        f"LOCALHOST:{preview.port}",
    ):
        status, _, body = request(preview, "/en/", {"Host": host})
        assert status == 200, host
        assert b'<script src="/livereload.js' in body  # pages load the script themselves


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/404.html", "/livereload.js", "/forcereload", "/livereload"]
)
@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:{port}",
        "127.0.0.1",
        "127.0.0.1:1",
        "localhost.evil.example:{port}",
    ],
)
def test_other_hosts_are_refused(preview: Preview, path: str, host: str) -> None:
    host = host.format(port=preview.port)
    status, headers, body = request(preview, path, {"Host": host})
    assert status == 403
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode() == (
        f"this preview answers only at {preview.origin}/ and "
        f"http://localhost:{preview.port}/, not to Host {host!r}\n"
    )


def test_the_livereload_socket_accepts_only_the_preview_s_own_origin(preview: Preview) -> None:
    own = [preview.origin, f"http://localhost:{preview.port}"]
    for origin in own:
        assert websocket_handshake(preview, origin) == 101, origin
    # (tornado itself lets an Origin through whose host and port are the Host's, whatever its
    # scheme: only this server holds the port.)
    for origin in (
        "http://evil.example",
        f"http://evil.example:{preview.port}",
        "http://127.0.0.1:1",
        "http://localhost",
        "null",
    ):
        assert websocket_handshake(preview, origin) == 403, origin
    # The right origin through a foreign Host (DNS rebinding) is refused too.
    assert websocket_handshake(preview, preview.origin, host="evil.example") == 403


@pytest.mark.browser
@pytest.mark.parametrize("payload", ["/%5Cevil.example%2f..%2fen", "/%2F%2Fevil.example"])
def test_chromium_stays_on_the_preview(preview: Preview, page: Page, payload: str) -> None:
    hosts: list[str | None] = []
    page.on("request", lambda sent: hosts.append(urlsplit(sent.url).hostname))
    try:
        page.goto(preview.origin + payload)
    except PlaywrightError as error:  # an unresolvable host ends the navigation with an error
        pytest.fail(f"navigation left the preview: {error}; requests went to {hosts}")
    assert urlsplit(page.url).hostname == "127.0.0.1", page.url
    assert set(hosts) == {"127.0.0.1"}


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_removes_the_preview_folder(tmp_path: Path, signal_name: str) -> None:
    running = start_preview(tmp_path)
    try:
        folders = list(running.temp.glob("skillmatrix-preview-*"))
        assert len(folders) == 1, folders
        assert (folders[0] / "site" / "en" / "index.html").is_file()
        running.process.send_signal(getattr(signal, signal_name))
        assert running.process.wait(timeout=15) == 0, running.output()
    finally:
        stop(running)
    assert not folders[0].exists()
    assert list(running.temp.iterdir()) == []
    assert "Traceback" not in running.output()


def thread_kill(pid: int, thread: int, number: int) -> None:
    """Send a signal to one thread of another process (Linux's tgkill), as the kernel does when
    it picks that thread to take a signal sent to the process."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "tgkill"):
        pytest.skip("tgkill is Linux's (glibc 2.30 or later)")
    if libc.tgkill(pid, thread, number) != 0:
        raise OSError(ctypes.get_errno(), "tgkill failed")


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGINT"])
def test_a_stop_signal_taken_by_any_thread_stops_the_preview(
    tmp_path: Path, signal_name: str
) -> None:
    # The idle preview's main thread sleeps in the event loop; a signal taken by a watcher
    # thread once left it asleep, and the preview running, for ever.
    running = start_preview(tmp_path)
    try:
        threads = sorted(int(name) for name in os.listdir(f"/proc/{running.process.pid}/task"))
        others = [thread for thread in threads if thread != running.process.pid]
        assert others, "the preview watches files from threads of its own"
        thread_kill(running.process.pid, others[-1], getattr(signal, signal_name))
        assert running.process.wait(timeout=15) == 0, running.output()
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()
    assert list(running.temp.iterdir()) == []
    assert "Traceback" not in running.output()


def test_open_without_a_browser_says_so_and_keeps_serving(tmp_path: Path) -> None:
    # No display and no terminal: Python's webbrowser finds nothing but BROWSER, which fails.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "TERM")
    }
    env["BROWSER"] = str(tmp_path / "no-such-browser")
    running = start_preview(tmp_path, "--open", env=env)
    try:
        message = f"could not open a browser here; open {running.origin}/ yourself"
        deadline = time.monotonic() + 20
        while message not in running.output() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert message in running.output()
        status, _, _ = request(running, "/en/")
        assert status == 200
        assert running.process.poll() is None
    finally:
        stop(running)
    assert "Traceback" not in running.output()


def test_a_link_saved_in_the_content_is_reported_at_its_own_path(tmp_path: Path) -> None:
    """The watcher names the path that changed, never what a symbolic link there points to:
    the preview's check, which keeps its last walk of the folders while only known files
    change, must hear of the link itself to refuse it (as `check` does)."""
    from skillmatrix.check import check
    from skillmatrix.serve import ChangeWatcher

    root = write_tree(tmp_path / "site", {})
    outside = tmp_path / "outside.yaml"
    outside.write_text("family: backend\n", encoding="utf-8")
    reported: list[set[str]] = []

    class Loop:
        def add_callback(self, callback: object, changed: set[str]) -> None:
            reported.append(changed)

    watcher = ChangeWatcher(root, lambda changed: None, Loop())  # type: ignore[arg-type]
    watcher.start()
    try:
        time.sleep(0.5)  # the watch is set up
        (root / "content/roles/inside.yaml").symlink_to("../skills/postgresql.yaml")
        (root / "content/roles/outside.yaml").symlink_to(outside)
        deadline = time.monotonic() + 10
        wanted = {"content/roles/inside.yaml", "content/roles/outside.yaml"}
        while not wanted <= set().union(*reported) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        watcher.stop()
    assert wanted <= set().union(*reported), reported
    assert "content/skills/postgresql.yaml" not in set().union(*reported)
    errors = [d.format() for d in check(root).problems.errors]
    assert all(any(path in e and "symbolic link" in e for e in errors) for path in wanted)
