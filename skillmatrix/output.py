"""Write step: every stage writes through a `Folder`. A build writes into a fresh folder
beside the output, then swaps it in at once; the preview keeps its folder in step
(`SyncedFolder`: only changed bytes are written).

A failed or killed build leaves the previous site untouched; two builds started together are
serialised by a lock, so the one that finishes last leaves a whole site, never a mix.

The output folder is replaced as a whole, and its name can come from a stranger's pull request
(`output_dir` in site_config.yaml), so a build replaces only a folder that is absent, empty, or
marked as written by an earlier build (`guard_output`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .diagnostics import escape_text
from .shapes import OUTPUT_PROTECTED

_RENAME_EXCHANGE = 2

# Left in every output folder: the next build may replace a folder that holds it.
MARKER = ".skillmatrix-site"
MARKER_TEXT = "Written by the skillmatrix build; the next build replaces this whole folder.\n"
PROTECTED = OUTPUT_PROTECTED  # folders of the repository a build never replaces


class OutputRefused(Exception):
    """The output folder cannot be replaced safely; the message says why and what to do."""


def guard_output(root: Path, out: Path, shown: str | None = None) -> Path:
    """The real folder a build may replace with a new site, or OutputRefused.

    Refused: the repository itself or a folder that contains it; a protected folder of the
    repository (or one inside it); a folder holding a file tracked by git; a symbolic link;
    and any existing file or non-empty folder without the marker of an earlier build."""
    root = root.resolve()
    shown = escape_text(shown or str(out))  # as the user wrote it
    if out.is_symlink():
        raise OutputRefused(f"output folder '{shown}' is a symbolic link; give the folder itself")
    real = out.resolve()
    if real == root or real in root.parents:
        raise OutputRefused(
            f"output folder '{shown}' would replace the repository itself; "
            "choose a new folder such as _site"
        )
    if root in real.parents:
        relative = real.relative_to(root)
        if relative.parts[0] in PROTECTED:
            raise OutputRefused(
                f"output folder '{shown}' is inside {relative.parts[0]}/, "
                "which the build must not replace; choose a new folder such "
                "as _site"
            )
        tracked = _tracked_files(root, relative.as_posix())
        if tracked:
            raise OutputRefused(
                f"output folder '{shown}' holds files tracked by git (e.g. "
                f"{tracked[0]}); choose a new folder such as _site"
            )
    try:
        mode = os.lstat(real).st_mode
    except FileNotFoundError:
        return real
    if not stat.S_ISDIR(mode):
        raise OutputRefused(f"'{shown}' exists and is not a folder; choose another output folder")
    if any(os.scandir(real)) and not _is_marker(real / MARKER):
        raise OutputRefused(
            f"output folder '{shown}' is not empty and was not written by a "
            f"build (it has no {MARKER} file); choose an empty or new folder, "
            "or empty it yourself"
        )
    return real


def _is_marker(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _tracked_files(root: Path, relative: str) -> list[str]:
    """Files tracked by git at or under `relative` (empty without git or outside a work
    tree: the marker rule still protects what is there)."""
    try:
        listed = subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(root), "ls-files", "-z", "--", relative],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [name for name in listed.decode("utf-8", "replace").split("\0") if name]


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


@contextlib.contextmanager
def build_lock(out: Path) -> Iterator[None]:
    lock_path = out.parent / f".{out.name}.lock"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    # Leftovers of killed builds are removed first: they are never the live site.
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))


def publish(staging: Path, out: Path) -> None:
    """Make `staging` the live output folder."""
    os.chmod(staging, 0o755)
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous site
        return
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, out)


def write_file(root: Path, relpath: str, data: str | bytes) -> None:
    """Write `data` to `root`/`relpath`, making its folder if needed. A build writes tens of
    thousands of files: this is the plain system calls (its folder is made only when opening
    the file says it is missing), without pathlib's objects and checks for every file."""
    path = os.path.join(root, relpath)
    if isinstance(data, str):
        data = data.encode("utf-8")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


class Folder:
    """A folder the stages write files into: every file, as a build fills a fresh folder.
    Stateless, so forked workers may write through the same object."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, relpath: str, data: str | bytes) -> bool:
        """Write `data` at `relpath`; True when the bytes on disk changed."""
        write_file(self.path, relpath, data)
        return True


class SyncedFolder(Folder):
    """A folder kept in step with the site (the preview's): files are written only when
    their bytes change, and files no longer expected are removed."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.digests: dict[str, str] = {}  # file -> sha256 of what is on disk

    def write(self, relpath: str, data: str | bytes) -> bool:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        digest = hashlib.sha256(raw).hexdigest()
        if self.digests.get(relpath) == digest:
            return False
        write_file(self.path, relpath, raw)
        self.digests[relpath] = digest
        return True

    def keep_only(self, expected: set[str], *, spare: str = "") -> list[str]:
        """Remove the files not `expected` (a role renamed or removed) and the folders they
        leave empty, which would still answer as directories; `spare` is a folder name this
        class does not manage."""
        removed = sorted(set(self.digests) - expected)
        for relpath in removed:
            (self.path / relpath).unlink(missing_ok=True)
            del self.digests[relpath]
        if removed:
            for folder in sorted((p for p in self.path.rglob("*") if p.is_dir()), reverse=True):
                if folder.name != spare and not any(folder.iterdir()):
                    os.rmdir(folder)
        return removed
