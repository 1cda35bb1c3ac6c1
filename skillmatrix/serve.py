"""`serve`: build into a preview folder, serve it on localhost, rebuild on every change and
reload the browser (livereload). A content error replaces every page with an error page naming
file, line and column; the server keeps running and the next good build brings the site back.

The preview answers only requests addressed to itself (Host 127.0.0.1:PORT or localhost:PORT),
so a web page the maintainer visits cannot reach it through a rebinding DNS name, and its
livereload socket accepts only its own origin, so no other page can listen to the edits."""

from __future__ import annotations

import html
import json
import mimetypes
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote, urlsplit

import watchfiles
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
    search_lock: threading.Lock = field(default_factory=threading.Lock)
    steps: Generator[Update, None, None] | None = None  # the update under way (Preview.steps)
    first: bool = True
    # Site paths the connected browsers show (from livereload's "info" message): an update
    # writes them first, so the reload does not wait for the other pages.
    viewed: dict[object, str] = field(default_factory=dict)
    generation: int = 0  # updates announced to the browsers so far
    served: dict[str, int] = field(default_factory=dict)  # site path -> generation served
    browser_back: Callable[[], None] | None = None  # a browser reloaded after an update
    in_place: bool = True  # browsers change a page in place when they can (preview_client.js)

    def __post_init__(self) -> None:
        self.preview = Preview(
            self.root,
            self.out,
            base_url=f"http://127.0.0.1:{self.port}/",
            live_reload=self.port,
            long_lived=True,
        )

    def rebuild(
        self, changed: set[str] | None = None, viewed: frozenset[str] = frozenset()
    ) -> None:
        """Start bringing the preview up to date after `changed` (repository paths the
        watcher saw change; None: every watched file's modification time tells) and run its
        first step: the checks and the pages of `viewed` (site paths browsers show). The rest
        is left to `advance`; the first build of all runs to its end at once."""
        with self.lock:
            first = self.update_result is None and self.crash is None
            try:
                if first:
                    changed = None
                elif changed is None:
                    changed = self.preview.changed_files()
                if changed == set():
                    return
            except OSError as exc:
                self._crashed(exc)
                return
            # An update still under way stops where it is: the new one takes over what it
            # had left to do, rather than wait for every page of it (Preview.steps).
            self._stop()
            self.first = first
            self.steps = self.preview.steps(changed, viewed)
            self._advance()
            if first:
                self._finish()
                self.preview.refresh_search()

    def advance(self) -> bool:
        """One more step of the update under way; False once it is complete."""
        with self.lock:
            return self._advance()

    def refresh_search(self) -> None:
        with self.search_lock:
            try:
                self.preview.refresh_search()
            except Exception as exc:  # the pages are up to date; say so and carry on
                print(
                    f"search index not updated: {type(exc).__name__}: {exc}",
                    file=sys.stderr,
                    flush=True,
                )

    def _finish(self) -> None:
        while self._advance():
            pass

    def _stop(self) -> None:
        if self.steps is not None:
            self.steps.close()
            self.steps = None

    def _advance(self) -> bool:
        if self.steps is None:
            return False
        try:
            self.update_result = next(self.steps)
            self.crash = None
            return True
        except StopIteration:
            self.steps = None
            self._report()
        except Exception as exc:  # a layout bug must not stop the preview either
            self.steps = None
            self._crashed(exc)
        return False

    def _crashed(self, exc: Exception) -> None:
        self.crash = f"{type(exc).__name__}: {exc}"
        self.preview.complete = False
        print(f"build crashed: {self.crash}", file=sys.stderr)

    def _report(self) -> None:
        result = self.update_result
        if result is not None and not result.ok:
            for item in result.problems.errors:
                print(item.format(), file=sys.stderr)
            count = len(result.problems.errors)
            print(
                f"build failed: {count} error{'s' if count != 1 else ''}; the browser shows them",
                file=sys.stderr,
            )
        elif result is not None:
            print(
                f"{'built' if self.first else 'rebuilt'} {len(result.rendered)} pages, "
                f"{len(result.written)} files changed, in {result.seconds:.2f} s "
                f"(the pages on screen in {result.shown_seconds * 1000:.0f} ms)",
                flush=True,
            )

    def error_page(self) -> str | None:
        if self.crash:
            lines = [self.crash]
        elif self.update_result is not None and not self.update_result.ok:
            lines = [item.format() for item in self.update_result.problems.errors]
        else:
            return None
        items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            "<title>Build failed</title>"
            f'<script src="/livereload.js?port={self.port}"></script>'
            '</head><body style="font-family:system-ui;margin:2rem">'
            f"<h1>Build failed: {len(lines)} problem{'s' if len(lines) != 1 else ''}</h1>"
            "<p>Fix the files below; this page reloads when the build succeeds.</p>"
            f'<ul id="build-errors">{items}</ul></body></html>'
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
        self.finish(
            f"this preview answers only at http://127.0.0.1:{self.state.port}/ and "
            f"http://localhost:{self.state.port}/, not to Host {host!r}\n"
        )


class OwnOriginLiveReloadHandler(OwnHostOnly, LiveReloadHandler):  # type: ignore[misc]
    """livereload's socket accepts every origin; this one only the preview's own pages. It
    also notes the page each browser shows, which an update then writes first."""

    def check_origin(self, origin: str) -> bool:
        return origin.lower() in {f"http://{host}" for host in own_hosts(self.state.port)}

    def on_message(self, message: str | bytes) -> None:
        super().on_message(message)
        try:
            data = json.loads(message)
        except ValueError:
            return
        url = data.get("url") if isinstance(data, dict) else None
        if data.get("command") == "info" and isinstance(url, str):
            path = site_path(urlsplit(url).path)
            self.state.viewed[self] = path
            # An update announced while this browser was between pages (its socket closed)
            # would otherwise never reach it.
            if self.state.served.get(path, -1) < self.state.generation:
                self.send_message(
                    {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
                )
            elif self.state.browser_back is not None:
                self.state.browser_back()

    def on_close(self) -> None:
        self.state.viewed.pop(self, None)
        super().on_close()


class OwnHostForceReloadHandler(OwnHostOnly, ForceReloadHandler):  # type: ignore[misc]
    pass


IN_PLACE_SCRIPT = Path(__file__).with_name("preview_client.js")


class OwnHostLiveReloadJSHandler(OwnHostOnly, LiveReloadJSHandler):  # type: ignore[misc]
    """livereload's client, followed by the in-place update of preview_client.js (a page
    whose texts changed is changed where it is instead of loaded again)."""

    def get(self) -> None:
        super().get()
        if self.state.in_place:
            self.write(b"\n" + IN_PLACE_SCRIPT.read_bytes())


FINGERPRINT = re.compile(r"\.[0-9a-f]{10}\.[a-z0-9]+$")  # render.Assets: name.digest.ext


def site_path(url_path: str) -> str:
    """The site path of a page address: "/en/roles/x/index.html" is "en/roles/x/"."""
    path = url_path.lstrip("/")
    return path.removesuffix("index.html") if path.endswith("index.html") else path


class PreviewHandler(OwnHostOnly):
    def get(self, path: str) -> None:
        # Which version of the site this page is from: a browser whose socket connects
        # after a newer update was announced reloads at once (see OwnOriginLiveReloadHandler).
        self.state.served[site_path(path)] = self.state.generation
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
        if kind and (
            kind.startswith("text/") or kind in ("application/json", "application/javascript")
        ):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind or "application/octet-stream")
        # A fingerprinted asset never changes (a change gets a new name): a reloading page
        # takes it from the cache. Everything else is asked for again.
        immutable = self.request.path.startswith("/assets/") and FINGERPRINT.search(target.name)
        self.set_header("Cache-Control", "max-age=31536000, immutable" if immutable else "no-store")
        # Which version of the file this is (an update rewrites only files whose bytes
        # change): the in-place update tells a page older than its copy (preview_client.js).
        self.set_header("Server-Timing", f'preview;desc="{target.stat().st_mtime_ns}"')
        self.finish(target.read_bytes())


class PreviewServer(Server):  # type: ignore[misc]
    """livereload's server and browser protocol, without its inline-script injection (our
    pages load /livereload.js themselves, so the strict Content-Security-Policy holds in
    preview too) and without its file watcher, which looks for changes every 800 ms: changes
    come from `ChangeWatcher` as the operating system reports them."""

    state: PreviewState

    def serve_until_stopped(self, port: int, host: str) -> None:
        self.pending: set[str] = set()
        self.flush_scheduled = False
        self.paused = False
        self.shown_first: set[str] = set()
        self.state.browser_back = self.resume
        self.application(port, host)
        loop = IOLoop.current()
        watcher = ChangeWatcher(self.state.root, self.on_change, loop)
        watcher.start()
        # The kernel hands a process's signal to any of its threads: one that lands on a
        # watcher thread would leave the main thread asleep in the idle loop for ever. The
        # event loop's own handlers wake it through a file descriptor, whichever thread it was.
        stopping = {number: signal.getsignal(number) for number in (signal.SIGINT, *STOP_SIGNALS)}
        events = loop.asyncio_loop  # type: ignore[attr-defined]
        for number in stopping:
            events.add_signal_handler(number, loop.stop)
        try:
            loop.start()
        finally:
            for number, handler in stopping.items():
                events.remove_signal_handler(number)
                signal.signal(number, handler)
            watcher.stop()

    def on_change(self, changed: set[str]) -> None:
        """In the IO loop: rebuild what changed, then tell the browsers to reload. Changes
        reported while a rebuild runs wait in the loop's queue and are taken together."""
        self.pending |= changed
        if not self.flush_scheduled:
            self.flush_scheduled = True
            IOLoop.current().add_callback(self.flush)

    def flush(self) -> None:
        changed, self.pending, self.flush_scheduled = self.pending, set(), False
        self.state.rebuild(changed, frozenset(self.state.viewed.values()))
        self.state.generation += 1
        result = self.state.update_result
        self.shown_first = set(result.rendered) if result is not None else set()
        # The pages on screen are written: browsers reload while the other pages are
        # written a few at a time between requests, so the loop keeps answering them.
        LiveReloadHandler.reload_waiters()
        # The reloading browsers have the loop to themselves until they are back (their
        # socket says so) or a second has passed; then the other pages are written.
        self.paused = bool(self.state.viewed)
        if self.paused:
            IOLoop.current().call_later(1.0, self.resume)
        else:
            IOLoop.current().add_callback(self.keep_going)

    def reload_late_pages(self) -> None:
        """A browser that was between pages when the update began had its page written
        later than the first step: it reloads now that the page is."""
        result = self.state.update_result
        late = set(result.rendered) - self.shown_first if result is not None else set()
        for handler, path in list(self.state.viewed.items()):
            if path in late and isinstance(handler, LiveReloadHandler):
                handler.send_message(
                    {"command": "reload", "path": "*", "liveCSS": True, "liveImg": True}
                )

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            IOLoop.current().add_callback(self.keep_going)

    def keep_going(self) -> None:
        if self.pending:
            return  # a newer change is queued: its update finishes this one first
        if self.state.advance():
            IOLoop.current().add_callback(self.keep_going)
        else:
            self.reload_late_pages()
            # Pagefind over every record takes a second or more: beside the loop, after
            # the pages (search answers from the previous index meanwhile).
            threading.Thread(
                target=self.state.refresh_search, name="preview-search", daemon=True
            ).start()

    def application(
        self, port: int, host: str, liveport: Any = None, debug: Any = None, live_css: bool = True
    ) -> None:
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        # livereload ignores a change made within 3 s of the last reload; our rebuild already
        # takes every change since the last one at once, so every reload is wanted.
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        own = {"state": self.state}
        app = web.Application(
            handlers=[
                (r"/livereload", OwnOriginLiveReloadHandler, own),
                (r"/forcereload", OwnHostForceReloadHandler, own),
                (r"/livereload.js", OwnHostLiveReloadJSHandler, own),
                (r"/(.*)", PreviewHandler, own),
            ],
            debug=False,
        )
        app.listen(port, address=host)


class ChangeWatcher:
    """Reports changes to the watched files (content, layouts, assets, site_config.yaml) as
    the operating system announces them (watchfiles: inotify, FSEvents, ReadDirectoryChanges),
    on the IO loop, a few milliseconds after a save: no polling interval to wait for. The
    folders are watched recursively and the repository's top folder alone, for the
    configuration: never .git, .venv or the output, whose churn would be noise."""

    # Milliseconds: changes that come this close together (an editor's save is often a
    # write, a rename and an attribute change) arrive as one batch, for at most DEBOUNCE.
    # Shorter steps can cut a save of many files in two on a busy machine, whose first half
    # may then be checked with a file half-written (bench/README.md: 5 ms was tried).
    STEP = 15
    DEBOUNCE = 200

    def __init__(self, root: Path, on_change: Callable[[set[str]], None], loop: IOLoop) -> None:
        self.root = root.resolve()
        self.on_change = on_change
        self.loop = loop
        self.stopped = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self) -> None:
        folders = [str(self.root / name) for name in WATCHED if (self.root / name).is_dir()]
        files = {name for name in WATCHED if not (self.root / name).is_dir()}
        jobs: list[tuple[list[str], bool, set[str] | None]] = [
            (folders, True, None),
            ([str(self.root)], False, files),
        ]
        for paths, recursive, only in jobs:
            if paths:
                thread = threading.Thread(
                    target=self._watch,
                    args=(paths, recursive, only),
                    name="preview-watcher",
                    daemon=True,
                )
                thread.start()
                self.threads.append(thread)

    def stop(self) -> None:
        self.stopped.set()

    def _watch(self, paths: list[str], recursive: bool, only: set[str] | None) -> None:
        for changes in watchfiles.watch(
            *paths,
            recursive=recursive,
            step=self.STEP,
            debounce=self.DEBOUNCE,
            stop_event=self.stopped,
            raise_interrupt=False,
            rust_timeout=1000,
        ):
            changed = set()
            for _, path in changes:
                # The path itself, never what a link there points to: a link saved in the
                # content is a change at its own path (the check refuses it there).
                try:
                    relative = Path(os.path.abspath(path)).relative_to(self.root).as_posix()
                except ValueError:
                    continue
                if only is None or relative in only:
                    changed.add(relative)
            if changed:
                self.loop.add_callback(self.on_change, changed)


def port_is_free(port: int) -> bool:
    probe = socket.socket()
    try:
        probe.bind(("127.0.0.1", port))
    except OSError as exc:
        print(
            f"cannot serve on port {port}: {exc.strerror or exc}; choose another with --port N",
            file=sys.stderr,
        )
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


STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


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
        # Every update reloads the whole page, as before the in-place update (for comparison).
        state.in_place = os.environ.get("SKILLMATRIX_FULL_RELOAD", "") in ("", "0")
        server = PreviewServer()
        server.state = state
        state.rebuild()
        print(f"serving {url} (Ctrl+C stops)", flush=True)
        if open_browser:
            opener = threading.Timer(1.0, open_in_browser, args=(url,))
            opener.daemon = True  # a browser that never answers must not keep us from exiting
            opener.start()
        server.serve_until_stopped(port, "127.0.0.1")
    except OSError as exc:
        print(
            f"cannot serve on port {port}: {exc.strerror or exc}; choose another with --port N",
            file=sys.stderr,
        )
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
