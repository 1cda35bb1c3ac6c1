"""Preview latency as a maintainer feels it: from the file written to the page in a real browser
connected to `serve` showing the change. `python -m bench.latency [--scale] [--runs N] [--compare]`.

Four edits, each made and undone in turn (every run is one save), the browser on the page
that shows it: a matrix cell (role page), a sentence of a skill's proficiency text (skill
page), a skill renamed (role page) and a name edited in 20 files (role page). The figures are
medians, printed beside a full build of the same content timed in this process (an edit must
never cost more than that), as JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import REPO, generate
from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.model import Cell, Site
from skillmatrix.resolve import resolve

OUT = REPO / "bench" / "out"
MARK = "Zqx"  # a word no content has: what the browser waits for
ON_SCREEN = re.compile(r"the pages on screen in (\d+) ms")


@dataclass
class Edit:
    """A change to one or more files, and the page and text that show it."""

    name: str
    page: str  # site path of the page the browser shows
    selector: str  # an element of that page
    changed: str  # its text once the edit is saved
    original: str  # its text before
    files: dict[str, tuple[str, str]]  # path -> (text before, text after)

    def save(self, root: Path, forward: bool) -> None:
        for path, (before, after) in self.files.items():
            (root / path).write_text(after if forward else before, encoding="utf-8")


def edits(root: Path, site: Site) -> list[Edit]:
    role = sorted(site.roles, key=lambda r: r.id)[0]
    if any(r.id == "backend-developer-python" for r in site.roles):
        role = site.role("backend-developer-python")
    role_file = root / role.source
    role_text = role_file.read_text(encoding="utf-8")

    # A cell that can drop a step without breaking a rule: Expert at Principal over at most
    # Advanced at Lead (required either way, since both are above Working).
    def lowerable(cells: list[Cell | None]) -> bool:
        last, before = cells[-1], cells[-2]
        return (
            last is not None
            and last.proficiency.id == "expert"
            and before is not None
            and before.proficiency.id in ("working", "advanced")
        )

    row = next(r for r in role.rows if lowerable(r.cells))
    line = next(
        text
        for text in role_text.splitlines()
        if re.match(rf"\s+{re.escape(row.skill.id)}:\s*\{{", text)
    )
    cell = re.search(r"principal: expert(!?)", line)
    assert cell, line
    new_line = line.replace(cell.group(0), f"principal: advanced{cell.group(1)}")
    cell_selector = (
        f'table.matrix tr:has(th a[href$="/skills/{row.skill.id}/"]) td.cell:nth-of-type(5) .mark b'
    )
    marks = {p.id: p.mark.plain("en") for p in site.proficiencies}

    skill = row.skill
    skill_file = root / skill.source
    skill_text = skill_file.read_text(encoding="utf-8")
    sentence = skill.meanings["advanced"].plain("en")
    first_words = " ".join(sentence.split()[:3])
    assert first_words in skill_text, first_words

    def renamed(text: str, name: str) -> str:
        # `name: X` or `name: {en: X, ...}` (X maybe quoted) or a block mapping with `en: X`
        # below `name:`.
        at = text.index("\nname:")
        head, tail = text[:at], text[at:]
        for pattern in (
            f"name: {name}\n",
            f"en: {name},",
            f"en: {name}\n",
            f"en: '{name}',",  # the scale corpus quotes its texts
        ):
            if pattern in tail:
                return head + tail.replace(pattern, pattern.replace(name, f"{name} {MARK}"), 1)
        raise AssertionError(f"cannot rename {name}")

    many = [r.skill for r in role.rows[:20]]
    return [
        Edit(
            "cell",
            f"en/roles/{role.id}/",
            cell_selector,
            marks["advanced"],
            marks["expert"],
            {role.source: (role_text, role_text.replace(line, new_line, 1))},
        ),
        Edit(
            "text",
            f"en/skills/{skill.id}/",
            "main",
            MARK,
            sentence,
            {
                skill.source: (
                    skill_text,
                    skill_text.replace(first_words, f"{first_words} {MARK}", 1),
                )
            },
        ),
        Edit(
            "rename",
            f"en/roles/{role.id}/",
            f'table.matrix th a[href$="/skills/{skill.id}/"]',
            f"{skill.name.plain('en')} {MARK}",
            skill.name.plain("en"),
            {skill.source: (skill_text, renamed(skill_text, skill.name.plain("en")))},
        ),
        Edit(
            "rename_20_files",
            f"en/roles/{role.id}/",
            f'table.matrix th a[href$="/skills/{many[-1].id}/"]',
            f"{many[-1].name.plain('en')} {MARK}",
            many[-1].name.plain("en"),
            {
                s.source: (text, renamed(text, s.name.plain("en")))
                for s in many
                for text in [(root / s.source).read_text(encoding="utf-8")]
            },
        ),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(root: Path, *, full_reload: bool = False) -> Iterator[tuple[str, list[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SKILLMATRIX_FULL_RELOAD": "1" if full_reload else "",
        },
    )
    assert process.stdout is not None
    log: list[str] = []
    for line in process.stdout:  # the first build, then "serving ..."
        log.append(line)
        if line.startswith("serving "):
            break
    else:
        raise RuntimeError("serve stopped before serving:\n" + "".join(log))
    # The rest of its output is read as it comes (a full pipe would stall the server).
    threading.Thread(target=lambda: log.extend(process.stdout or ()), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/", log
    finally:
        process.terminate()
        # serve removes its preview folder as it stops: the scale corpus's 37,000 files take
        # a while on this filesystem.
        process.wait(timeout=600)


def measure(
    root: Path, runs: int, only: list[str] | None = None, *, full_reload: bool = False
) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    checked = check(root)
    assert not checked.problems.errors, [d.format() for d in checked.problems.errors][:5]
    site = resolve(checked.content)
    chosen = [edit for edit in edits(root, site) if not only or edit.name in only]
    figures: dict[str, object] = {}
    with serving(root, full_reload=full_reload) as (url, log), sync_playwright() as playwright:
        executable = os.environ.get("SKILLMATRIX_CHROMIUM") or None
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        for edit in chosen:
            for attempt in range(3):  # a reload for the previous edit may cut a navigation
                try:
                    page.goto(url + edit.page)
                    break
                except Exception:
                    if attempt == 2:
                        raise
                    time.sleep(1)
            page.wait_for_function("() => window.LiveReload !== undefined")
            time.sleep(0.2)  # the in-place update's copy of the page (preview_client.js)
            times = []
            logged = len(log)
            for attempt in range(runs):
                forward = attempt % 2 == 0
                expected = edit.changed if forward else edit.original
                started = time.perf_counter()
                edit.save(root, forward)
                try:
                    # The whole text of the element, or for a long text whether the mark
                    # word is in it (saved) or not (undone).
                    page.wait_for_function(
                        "([selector, text, mark]) => { const e = document.querySelector(selector);"
                        " if (e === null) return false; const shown = e.textContent.trim();"
                        " return mark ? shown.includes(mark) === (text === mark)"
                        " : shown === text; }",
                        arg=[edit.selector, expected, MARK if edit.name == "text" else ""],
                        polling=5,
                        timeout=30_000,
                    )
                except Exception as exc:
                    shown = page.evaluate(
                        "s => document.querySelector(s)?.textContent", edit.selector
                    )
                    served = page.request.get(url + edit.page).text()
                    raise RuntimeError(
                        f"{edit.name}, run {attempt}: waited for {expected!r} "
                        f"in {edit.selector!r}, page shows "
                        f"{(shown or '')[:300]!r} (served now: {expected in served}); "
                        "serve said:\n" + "".join(log[-20:])
                    ) from exc
                times.append((time.perf_counter() - started) * 1000)
                time.sleep(0.3)  # let the watcher settle before the next save
            if runs % 2:
                edit.save(root, False)  # leave the content as it was
                time.sleep(1)
            time.sleep(1)  # the last update's report
            # serve's own figure: from the start of an update to the page on screen written.
            first_steps = [
                float(found.group(1)) for line in log[logged:] if (found := ON_SCREEN.search(line))
            ]
            figures[edit.name] = {
                "median_ms": round(statistics.median(times), 1),
                "runs_ms": [round(t, 1) for t in times],
                "serve_first_step_median_ms": statistics.median(first_steps)
                if first_steps
                else None,
            }
        browser.close()
    return figures


def full_build_ms(root: Path, work: Path) -> float:
    started = time.perf_counter()
    assert build(root, work / "full", pdf=False).ok
    return (time.perf_counter() - started) * 1000


def copy_content(source: Path, target: Path) -> Path:
    for name in ("content", "layouts", "assets"):
        shutil.copytree(source / name, target / name)
    shutil.copy2(source / "site_config.yaml", target / "site_config.yaml")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.latency")
    parser.add_argument(
        "--scale", action="store_true", help="the scale corpus, not the real content"
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        choices=["cell", "text", "rename", "rename_20_files"],
        action="append",
        help="measure only these edits",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also measure with every update a full reload (no in-place update), same run",
    )
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="latency-", dir=OUT) as tmp:
        source = generate(OUT / "corpus") if args.scale else REPO
        root = copy_content(source, Path(tmp) / "site")
        report: dict[str, object] = {
            "content": "scale" if args.scale else "real",
            "date": time.strftime("%Y-%m-%d"),
        }
        report["full_build_ms"] = round(full_build_ms(root, Path(tmp)), 1)
        report["edit_to_browser"] = measure(root, args.runs, args.only)
        if args.compare:
            report["edit_to_browser_full_reload"] = measure(
                root, args.runs, args.only, full_reload=True
            )
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
