"""`serve`: build into a preview folder, serve it on localhost, rebuild on every change and
reload the browser (livereload). A content error replaces every page with an error page naming
file, line and column; the server keeps running and the next good build brings the site back.

The preview answers only requests addressed to itself (Host 127.0.0.1:PORT or localhost:PORT),
so a web page the maintainer visits cannot reach it through a rebinding DNS name, and its
livereload socket accepts only its own origin, so no other page can listen to the edits."""

from __future__ import annotations

import html
import mimetypes
import shutil
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

from livereload import Server
from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.ioloop import IOLoop

from .preview import WATCHED, Preview, Update
from .render import CSP


@dataclass
class PreviewState:
    """The preview site and the outcome of its last update, shared with the web handler."""

    root: Path
    out: Path
    port: int
    preview: Preview = field(init=False)
    update_result: Update | None = None
    crash: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.preview = Preview(self.root, self.out, base_url=f"http://127.0.0.1:{self.port}/",
                               live_reload=self.port)

    def rebuild(self) -> None:
        with self.lock:
            first = self.update_result is None and self.crash is None
            try:
                changed = None if first else self.preview.changed_files()
                if changed == set():
                    return
                self.update_result = self.preview.update(changed)
                self.crash = None
            except Exception as exc:  # a layout bug must not stop the preview either
                self.crash = f"{type(exc).__name__}: {exc}"
                self.preview.complete = False
        result = self.update_result
        if self.crash:
            print(f"build crashed: {self.crash}", file=sys.stderr)
        elif result is not None and not result.ok:
            for item in result.problems.errors:
                print(item.format(), file=sys.stderr)
            count = len(result.problems.errors)
            print(f"build failed: {count} error{'s' if count != 1 else ''}; "
                  "the browser shows them", file=sys.stderr)
        elif result is not None:
            print(f"{'built' if first else 'rebuilt'} {len(result.rendered)} pages, "
                  f"{len(result.written)} files changed, in {result.seconds:.2f} s "
                  f"(pages in {result.pages_seconds * 1000:.0f} ms)", flush=True)

    def error_page(self) -> str | None:
        if self.crash:
            lines = [self.crash]
        elif self.update_result is not None and not self.update_result.ok:
            lines = [item.format() for item in self.update_result.problems.errors]
        else:
            return None
        items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
        return (
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            "<title>Build failed</title>"
            f"<script src=\"/livereload.js?port={self.port}\"></script>"
            "</head><body style=\"font-family:system-ui;margin:2rem\">"
            f"<h1>Build failed: {len(lines)} problem{'s' if len(lines) != 1 else ''}</h1>"
            "<p>Fix the files below; this page reloads when the build succeeds.</p>"
            f"<ul id=\"build-errors\">{items}</ul></body></html>"
        )


def own_hosts(port: int) -> frozenset[str]:
    """The Host header values that name this server (lower case). Only 127.0.0.1 is bound, so
    [::1] cannot reach it; a browser leaves the port out of Host and Origin only for port 80."""
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
    if port == 80:
        hosts |= {"127.0.0.1", "localhost"}
    return frozenset(hosts)


class OwnHostOnly(web.RequestHandler):
    """Refuses a request whose Host is not this server: a DNS name rebound to 127.0.0.1 would
    otherwise let any web site read the preview (and open its livereload socket)."""

    state: PreviewState

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def prepare(self) -> None:
        host = self.request.headers.get("Host", "")
        if host.lower() in own_hosts(self.state.port):
            return
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f"this preview answers only at http://127.0.0.1:{self.state.port}/ and "
                    f"http://localhost:{self.state.port}/, not to Host {host!r}\n")


class OwnOriginLiveReloadHandler(OwnHostOnly, LiveReloadHandler):  # type: ignore[misc]
    """livereload's socket accepts every origin; this one only the preview's own pages."""

    def check_origin(self, origin: str) -> bool:
        return origin.lower() in {f"http://{host}" for host in own_hosts(self.state.port)}


class OwnHostForceReloadHandler(OwnHostOnly, ForceReloadHandler):  # type: ignore[misc]
    pass


class OwnHostLiveReloadJSHandler(OwnHostOnly, LiveReloadJSHandler):  # type: ignore[misc]
    pass


class PreviewHandler(OwnHostOnly):
    def get(self, path: str) -> None:
        error = self.state.error_page()
        if error is not None:
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(error)
            return
        # The path arrives percent-decoded. A backslash reads as "/" in a browser, so a redirect
        # to "/\evil.example/" would leave for evil.example; a leading "/" (the request began
        # with "//") is the same trick; a NUL byte cannot name a file. No page has any of them.
        if "\\" in path or "\0" in path or path.startswith("/"):
            self.send_not_found()
            return
        served = self.state.out.resolve()
        target = (served / path).resolve()
        if target != served and served not in target.parents:
            self.send_not_found()
            return
        if target.is_dir():
            if path and not path.endswith("/"):
                # Rebuilt from the resolved folder, never from the request's own text, and
                # absolute on this server (its Host was checked in prepare).
                folder = target.relative_to(served).as_posix()
                location = "" if folder == "." else quote(folder) + "/"
                self.redirect(f"http://{self.request.headers['Host'].lower()}/{location}")
                return
            target = target / "index.html"
        if not target.is_file():
            self.send_not_found()
            return
        self.send_file(target)

    def send_not_found(self) -> None:
        self.set_status(404)
        page = self.state.out / "404.html"
        if page.is_file():
            self.send_file(page)
        else:
            self.finish("not found")

    def send_file(self, target: Path) -> None:
        kind, _ = mimetypes.guess_type(target.name)
        if kind and (kind.startswith("text/") or kind in ("application/json",
                                                           "application/javascript")):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind or "application/octet-stream")
        self.set_header("Cache-Control", "no-store")
        self.finish(target.read_bytes())


class PreviewServer(Server):  # type: ignore[misc]
    """livereload's server without its inline-script injection: our pages load
    /livereload.js themselves, so the strict Content-Security-Policy holds in preview too."""

    state: PreviewState

    def application(self, port: int, host: str, liveport: Any = None, debug: Any = None,
                    live_css: bool = True) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # livereload ignores a change made within 3 s of the last reload; our rebuild already
        # takes every change since the last one at once, so every reload is wanted.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        own = {"state": self.state}
        app = web.Application(handlers=[
            (r"/livereload", OwnOriginLiveReloadHandler, own),
            (r"/forcereload", OwnHostForceReloadHandler, own),
            (r"/livereload.js", OwnHostLiveReloadJSHandler, own),
            (r"/(.*)", PreviewHandler, own),
        ], debug=False)
        app.listen(port, address=host)


def port_is_free(port: int) -> bool:
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", port))
    except OSError as exc:
        print(f"cannot serve on port {port}: {exc.strerror or exc}; "
              "choose another with --port N", file=sys.stderr)
        return False
    finally:
        probe.close()
    return True


def open_in_browser(url: str) -> None:
    try:
        opened = webbrowser.open(url)
    except (webbrowser.Error, OSError):
        opened = False
    if not opened:  # a server without a display: say so rather than nothing
        print(f"could not open a browser here; open {url} yourself", file=sys.stderr, flush=True)


def stop_like_ctrl_c(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def serve(root: Path, *, port: int = 8000, open_browser: bool = False) -> int:
    # Refuse a busy port before building, with a message rather than a traceback.
    if not port_is_free(port):
        return 2
    out = Path(tempfile.mkdtemp(prefix="skillmatrix-preview-"))
    # `kill`, a closed terminal or a process manager stops the preview the way Ctrl+C does, so
    # the preview folder is removed then too (Python's default for these signals skips cleanup).
    previous = {number: signal.signal(number, stop_like_ctrl_c) for number in STOP_SIGNALS}
    url = f"http://127.0.0.1:{port}/"
    try:
        state = PreviewState(root, out / "site", port)
        server = PreviewServer()
        server.state = state
        state.rebuild()
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name), state.rebuild)
        print(f"serving {url} (Ctrl+C stops)", flush=True)
        if open_browser:
            opener = threading.Timer(1.0, open_in_browser, args=(url,))
            opener.daemon = True  # a browser that never answers must not keep us from exiting
            opener.start()
        server.serve(port=port, host="127.0.0.1", restart_delay=0)
    except OSError as exc:
        print(f"cannot serve on port {port}: {exc.strerror or exc}; "
              "choose another with --port N", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        # A second signal during the clean-up must not cut it short.
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        IOLoop.current().stop()
        shutil.rmtree(out, ignore_errors=True)
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 0
