"""`serve`: build into a preview folder, serve it on localhost, rebuild on every change and
reload the browser (livereload). A content error replaces every page with an error page naming
file, line and column; the server keeps running and the next good build brings the site back."""

from __future__ import annotations

import html
import mimetypes
import shutil
import socket
import sys
import tempfile
import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class PreviewHandler(web.RequestHandler):
    state: PreviewState

    def get(self, path: str) -> None:
        error = self.state.error_page()
        if error is not None:
            self.set_status(500)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(error)
            return
        target = (self.state.out / path).resolve()
        if self.state.out.resolve() not in (target, *target.parents):
            raise web.HTTPError(404)
        if target.is_dir():
            if not path.endswith("/") and path:
                self.redirect("/" + path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            self.set_status(404)
            target = self.state.out / "404.html"
            if not target.is_file():
                self.finish("not found")
                return
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
        PreviewHandler.state = self.state
        app = web.Application(handlers=[
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", PreviewHandler),
        ], debug=False)
        app.listen(port, address=host)


def serve(root: Path, *, port: int = 8000, open_browser: bool = False) -> int:
    out = Path(tempfile.mkdtemp(prefix="skillmatrix-preview-"))
    state = PreviewState(root, out / "site", port)
    # Refuse a busy port before building, with a message rather than a traceback.
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", port))
    except OSError as exc:
        print(f"cannot serve on port {port}: {exc.strerror or exc}; "
              "choose another with --port N", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
        return 2
    finally:
        probe.close()
    server = PreviewServer()
    server.state = state
    state.rebuild()
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name), state.rebuild)
    url = f"http://127.0.0.1:{port}/"
    try:
        print(f"serving {url} (Ctrl+C stops)", flush=True)
        if open_browser:
            threading.Timer(1.0, webbrowser.open, args=(url,)).start()
        server.serve(port=port, host="127.0.0.1", restart_delay=0)
    except OSError as exc:
        print(f"cannot serve on port {port}: {exc.strerror or exc}; "
              "choose another with --port N", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        IOLoop.current().stop()
        shutil.rmtree(out, ignore_errors=True)
    return 0
