"""A role's history: read from a test repository made of crafted commits, shown on a page per
role and locale, followed through Atom feeds (parsed by a real feed parser); without git, the
build still works and says the history is unavailable."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from sitetree import MINIMAL, add_layouts, write_tree

from skillmatrix import history
from skillmatrix.build import build
from skillmatrix.check import check
from skillmatrix.feeds import change_lines
from skillmatrix.history import (
    FAILED,
    NO_GIT,
    NOT_A_REPOSITORY,
    SHALLOW,
    SUBJECT_LENGTH,
    CellMove,
    clean_subject,
    pull_request,
    read_history,
    shown_changes,
)
from skillmatrix.i18n import Translator
from skillmatrix.links import broken_links
from skillmatrix.preview import Preview
from skillmatrix.resolve import resolve

ROLE = "content/roles/backend-dev.yaml"
OTHER_ROLE = "content/roles/data-dev.yaml"
BASE = "https://example.org/matrix/"
REPOSITORY = "https://github.com/example/matrix"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = (
    '<script>alert("x")</script> & <b>bold</b> \x1b[31mred\x07 \x1e marker \u202eevil '
    + "long " * 80
)


def git(root: Path, *args: str, date: str | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    settings = ["-c", "user.name=Tester", "-c", "user.email=t@example.org"]
    settings += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    done = subprocess.run(
        ["git", *settings, *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def commit(root: Path, files: dict[str, str], subject: str, date: str) -> str:
    for relpath, text in files.items():
        (root / relpath).write_text(text, encoding="utf-8")
    git(root, "add", "--", *files)
    git(root, "commit", "-q", "-m", subject, date=date)
    return git(root, "rev-parse", "HEAD")


def role_text(**replacements: str) -> str:
    text = MINIMAL[ROLE]
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


FIRST_ROLE = MINIMAL[ROLE]
NEWEST_FIRST = ("hostile", "fix", "broken", "merge", "raise", "start")
OTHER = MINIMAL[ROLE].replace("title: {en: Backend Developer,", "title: {en: Data Developer,")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A repository whose history changes the role's cells in known ways: the commits by
    name."""
    root = add_layouts(write_tree(tmp_path_factory.mktemp("repo"), {OTHER_ROLE: OTHER}))
    git(root, "init", "-q")
    (root / ".gitignore").write_text("_site/\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start the matrix", date="2026-01-01T10:00:00Z")
    commits = {"start": git(root, "rev-parse", "HEAD")}
    raised = role_text(
        **{
            "middle: working!, senior": "middle: advanced!, senior",
            "junior: awareness, middle: working": "junior: working, middle: working",
        }
    )
    commits["raise"] = commit(
        root, {ROLE: raised}, "Raise PostgreSQL at Middle (#12)", "2026-01-02T10:00:00Z"
    )
    commits["other"] = commit(
        root,
        {OTHER_ROLE: OTHER.replace("lead: expert!, principal", "lead: advanced!, principal")},
        "Data role: Lead is Advanced",
        "2026-01-03T10:00:00Z",
    )
    # A pull request merged with a merge commit: the main line's change is the merge.
    git(root, "checkout", "-q", "-b", "topic")
    focused = raised.replace(
        "junior: {en: Learn SQL., zh: 学习 SQL。, ru: Изучать SQL.}",
        "junior: {en: Learn SQL well., zh: 学习 SQL。, ru: Изучать SQL.}",
    )
    commit(root, {ROLE: focused}, "Sharper focus", "2026-01-04T10:00:00Z")
    git(root, "checkout", "-q", "main")
    git(
        root,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge pull request #34 from someone/topic",
        "topic",
        date="2026-01-05T10:00:00Z",
    )
    commits["merge"] = git(root, "rev-parse", "HEAD")
    commits["broken"] = commit(root, {ROLE: "matrix: [unclosed\n"}, "Oops", "2026-01-06T10:00:00Z")
    commits["fix"] = commit(root, {ROLE: focused}, "Fix the role file", "2026-01-07T10:00:00Z")
    commits["hostile"] = commit(
        root,
        {
            ROLE: focused.replace(
                "stack:\n  junior: {en: [PostgreSQL]", "stack:\n  junior: {en: [PostgreSQL, Redis]"
            )
        },
        HOSTILE,
        "2026-01-08T10:00:00Z",
    )
    return root, commits


@pytest.fixture(scope="module")
def built(repo: tuple[Path, dict[str, str]]) -> Path:
    root, _ = repo
    result = build(root, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    assert result.notes == ["PDFs skipped: --no-pdf"]  # the history was read: nothing to say
    return root / "_site"


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def entry_ids(html: str) -> list[str]:
    return re.findall(r'<li id="c-([0-9a-f]{40})">', html)


def test_history_page_lists_the_changes_newest_first_with_their_moves(repo, built) -> None:
    _, commits = repo
    html = page(built, "en/roles/backend-dev/history/index.html")
    # The other role's change is not this role's; the topic branch's commit is its merge.
    assert entry_ids(html) == [commits[name] for name in NEWEST_FIRST]
    raised = html[
        html.index(f'id="c-{commits["raise"]}"') : html.index(f'id="c-{commits["start"]}"')
    ]
    assert "PostgreSQL</a>, Middle: Working → Advanced" in raised
    assert "Unit Testing</a>, Junior: Awareness → Working</li>" in raised
    assert f'<a href="{REPOSITORY}/pull/12">pull request #12</a>' in raised
    assert (
        f'<a href="{REPOSITORY}/commit/{commits["raise"]}"><code>{commits["raise"][:7]}</code></a>'
        in raised
    )
    assert '<time datetime="2026-01-02T10:00:00Z">2026-01-02</time>' in raised
    merged = html[
        html.index(f'id="c-{commits["merge"]}"') : html.index(f'id="c-{commits["raise"]}"')
    ]
    assert f'<a href="{REPOSITORY}/pull/34">pull request #34</a>' in merged
    assert "Focus changed at: Junior" in merged
    hostile = html[: html.index(f'id="c-{commits["fix"]}"')]
    assert "Stack changed at: Junior" in hostile
    assert "could not be read" not in hostile
    # Before and after the broken commit, the file cannot be compared: said, not guessed.
    fixed = html[html.index(f'id="c-{commits["fix"]}"') : html.index(f'id="c-{commits["merge"]}"')]
    assert fixed.count("could not be read at this commit") == 2
    assert "The role was added." in html[html.index(f'id="c-{commits["start"]}"') :]


def test_a_hostile_subject_is_escaped_cleaned_and_bounded(built) -> None:
    html = page(built, "en/roles/backend-dev/history/index.html")
    subject = re.search(r'<span class="history-subject">(.*?)</span>', html, re.S)
    assert subject is not None
    text = subject.group(1)
    assert text.startswith("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold")
    assert "<script>" not in html and "<b>bold" not in html
    for hidden in ("\x1b", "\x07", "\x1e", "\u202e"):
        assert hidden not in html
    assert text.endswith("…")
    assert len(clean_subject(HOSTILE)) == SUBJECT_LENGTH


def test_role_feed_parses_and_holds_the_changes(repo, built) -> None:
    _, commits = repo
    feed = feedparser.parse((built / "en/roles/backend-dev/history/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == BASE + "en/roles/backend-dev/history/feed.xml"
    assert feed.feed.updated == "2026-01-08T10:00:00Z"
    page_url = BASE + "en/roles/backend-dev/history/"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": BASE + "en/roles/backend-dev/history/feed.xml",
        "alternate": page_url,
    }
    assert [e.id for e in feed.entries] == [
        f"{page_url}#c-{commits[name]}" for name in NEWEST_FIRST
    ]
    raised = feed.entries[4]
    assert raised.title == "Backend Developer: Raise PostgreSQL at Middle (#12)"
    assert raised.updated == "2026-01-02T10:00:00Z"
    assert {link.rel: link.href for link in raised.links} == {
        "alternate": f"{page_url}#c-{commits['raise']}",
        "related": f"{REPOSITORY}/pull/12",
    }
    assert raised.summary == (
        "PostgreSQL, Middle: Working → Advanced\nUnit Testing, Junior: Awareness → Working"
    )
    # The hostile subject is text in the feed: no element came of it.
    assert feed.entries[0].title.startswith('Backend Developer: <script>alert("x")')
    tree = ET.parse(built / "en/roles/backend-dev/history/feed.xml")
    assert tree.getroot().find(f"{ATOM}entry/{ATOM}title/*") is None


def test_role_feed_structure(built) -> None:
    # What RFC 4287 requires of a feed and its entries, checked on the XML itself.
    root = ET.parse(built / "zh/roles/backend-dev/history/feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh"
    for name in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert root.find(ATOM + name) is not None, name
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(NEWEST_FIRST)
    for item in entries:
        assert len(item.findall(f"{ATOM}id")) == 1
        assert len(item.findall(f"{ATOM}title")) == 1
        updated = item.find(f"{ATOM}updated")
        assert updated is not None and re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", updated.text or ""
        )
        assert item.find(f"{ATOM}link[@rel='alternate']") is not None
    assert "PostgreSQL，中级：熟练 → 精通" in (entries[4].findtext(f"{ATOM}summary") or "")


def test_site_feed_merges_every_role_newest_first(repo, built) -> None:
    _, commits = repo
    feed = feedparser.parse((built / "en/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.id == BASE + "en/feed.xml"
    assert feed.feed.updated == "2026-01-08T10:00:00Z"
    ids = [e.id for e in feed.entries]
    backend = BASE + "en/roles/backend-dev/history/#c-"
    data = BASE + "en/roles/data-dev/history/#c-"
    assert ids == [
        backend + commits["hostile"],
        backend + commits["fix"],
        backend + commits["broken"],
        backend + commits["merge"],
        data + commits["other"],
        backend + commits["raise"],
        backend + commits["start"],
        data + commits["start"],
    ]
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_role_pages_offer_the_history_and_its_feeds(built) -> None:
    role = page(built, "ru/roles/backend-dev/index.html")
    head = role[: role.index("</head>")]
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{BASE}ru/roles/backend-dev/history/feed.xml"'
        in head
    )
    assert f'<link rel="alternate" type="application/atom+xml" href="{BASE}ru/feed.xml"' in head
    assert (
        '<a href="../../../ru/roles/backend-dev/history/feed.xml" type="application/atom+xml">'
        "Подписаться (Atom)</a>" in role
    )
    assert '<a href="../../../ru/roles/backend-dev/history/">История</a>' in role
    home = page(built, "ru/index.html")
    assert f'<link rel="alternate" type="application/atom+xml" href="{BASE}ru/feed.xml"' in home
    path = page(built, "ru/roles/backend-dev/path/index.html")
    assert '<a href="../history/">История</a>' in path


def test_no_broken_links(built) -> None:
    assert broken_links(built, "/matrix/") == []


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_repository_same_bytes(repo, built, tmp_path: Path) -> None:
    root, _ = repo
    before = tree_digest(built)
    other = tmp_path / "again"
    result = build(root, other, pdf=False)
    assert result.ok
    assert tree_digest(other) == before


def test_history_limit_bounds_the_page_and_the_feed(repo, tmp_path: Path) -> None:
    root, commits = repo
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("_site"))
    config = clone / "site_config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "history_limit: 2\n", encoding="utf-8")
    result = build(clone, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    html = page(clone / "_site", "en/roles/backend-dev/history/index.html")
    assert entry_ids(html) == [commits["hostile"], commits["fix"]]
    assert "At most the latest 2 changes are listed." in html
    feed = feedparser.parse((clone / "_site/en/feed.xml").read_bytes())
    assert len(feed.entries) == 2


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "input should be greater than or equal to 1 (got a number (0))"),
        (
            "true",
            "input should be a valid integer (got true/false (true); quote it if you meant a text)",
        ),
    ],
)
def test_history_limit_is_validated(run_check, value: str, message: str) -> None:
    config = MINIMAL["site_config.yaml"] + f"history_limit: {value}\n"
    result = run_check({"site_config.yaml": config})
    line = config.count("\n")
    assert [d.format() for d in result.problems] == [
        f"site_config.yaml:{line}:16: error: {message}"
    ]


def test_without_git_the_build_says_the_history_is_unavailable(tmp_path: Path) -> None:
    root = add_layouts(write_tree(tmp_path, {}))
    result = build(root, pdf=False)
    assert result.ok
    assert result.notes == ["PDFs skipped: --no-pdf"]  # outside a repository: expected
    for locale, words in (
        ("en", "the site was built outside a git repository"),
        ("zh", "git 仓库之外"),
    ):
        html = page(root / "_site", f"{locale}/roles/backend-dev/history/index.html")
        assert words in html
        assert "fetch-depth: 0" in html
        assert entry_ids(html) == []
    for path in ("en/roles/backend-dev/history/feed.xml", "ru/feed.xml"):
        feed = feedparser.parse((root / "_site" / path).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.entries == []
        assert feed.feed.updated == "1970-01-01T00:00:00Z"  # fixed: never the build's time
    assert broken_links(root / "_site", "/matrix/") == []


def test_git_missing_or_a_shallow_clone(repo, tmp_path: Path, monkeypatch) -> None:
    root, _ = repo
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(shallow))
    assert read_history(shallow, [ROLE]).reason == SHALLOW
    result = build(shallow, pdf=False)
    assert result.ok
    assert result.notes[0] == (
        "history unavailable: shallow clone (fetch the whole history: git fetch --unshallow, "
        "or fetch-depth: 0 in a GitHub Actions checkout); the history pages say so"
    )
    assert "from a shallow clone" in page(
        shallow / "_site", "en/roles/backend-dev/history/index.html"
    )
    assert read_history(tmp_path, [ROLE]).reason == NOT_A_REPOSITORY
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    missing = read_history(root, [ROLE])
    assert not missing.available and missing.reason == NO_GIT


def test_a_site_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    # The site may live below the repository's top: paths are the site's, from its root.
    site = write_tree(tmp_path / "site", {})
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Start", date="2026-01-01T10:00:00Z")
    raised = role_text(**{"junior: awareness,": "junior: working,"})
    second = commit(site, {ROLE: raised}, "Raise (#5)", "2026-01-02T10:00:00Z")
    changes = read_history(site, [ROLE]).of(ROLE)
    assert [(c.commit, c.pull, c.created) for c in changes[:1]] == [(second, 5, False)]
    assert len(changes) == 2 and changes[1].created
    assert [(m.skill, m.level, m.before, m.after) for m in changes[0].moves] == [
        ("unit-testing", "junior", ("awareness", False), ("working", False))
    ]


def test_serve_reads_the_history_once(repo, tmp_path: Path) -> None:
    root, commits = repo
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", f"file://{root}", str(clone))
    view = Preview(clone, tmp_path / "preview", base_url="http://127.0.0.1:8000/", live_reload=8000)
    assert view.update().ok
    html = page(tmp_path / "preview", "en/roles/backend-dev/history/index.html")
    assert entry_ids(html)[0] == commits["hostile"]
    assert "restart it to see newer commits" in html
    newer = commit(clone, {ROLE: FIRST_ROLE}, "Back to the start", "2026-02-01T10:00:00Z")
    assert view.update({ROLE}).ok
    html = page(tmp_path / "preview", "en/roles/backend-dev/history/index.html")
    assert newer not in html


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Raise PostgreSQL (#123)", 123),
        ("Merge pull request #45 from someone/branch", 45),
        ("Fix #7 in the text", None),
        ("(#12) at the start", None),
        ("Plain", None),
    ],
)
def test_pull_request_numbers(subject: str, number: int | None) -> None:
    assert pull_request(subject) == number


def test_dates_are_commit_dates_in_utc(repo) -> None:
    root, commits = repo
    history = read_history(root, [ROLE])
    change = next(c for c in history.of(ROLE) if c.commit == commits["raise"])
    assert change.date == datetime(2026, 1, 2, 10, tzinfo=UTC)


def test_required_flags_of_a_move() -> None:
    assert CellMove("x", "junior", ("working", False), ("working", True)).now_required
    assert CellMove("x", "junior", None, ("awareness", True)).now_required
    assert CellMove("x", "junior", ("expert", True), None).no_longer_required
    kept = CellMove("x", "junior", ("working", True), ("advanced", True))
    assert not kept.now_required and not kept.no_longer_required


def test_a_proficiency_an_old_commit_named_is_shown_as_written(tmp_path: Path) -> None:
    # Old commits may use a vocabulary of their time: the move shows what was written.
    old = role_text(**{"junior: awareness,": "junior: intermediate,"})
    root = write_tree(tmp_path, {ROLE: old})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Old words", date="2026-01-01T10:00:00Z")
    commit(root, {ROLE: MINIMAL[ROLE]}, "Today's words", "2026-01-02T10:00:00Z")
    checked = check(root)
    assert not checked.problems.errors
    site = resolve(checked.content)
    role = site.role("backend-dev")
    shown = shown_changes(read_history(root, [ROLE]), role, site)
    assert [(m.skill_id, m.level.id, m.before, m.after) for m in shown[0].moves] == [
        ("unit-testing", "junior", "intermediate", site.proficiencies[0])
    ]
    english = Translator("en", site.ui["en"], site.ui["en"], "en")
    assert change_lines(shown[0], english) == ["Unit Testing, Junior: intermediate → Awareness"]


def test_git_output_is_bounded(repo, monkeypatch) -> None:
    root, _ = repo
    monkeypatch.setattr(history, "OUTPUT_LIMIT", 100)  # the log of this repository is longer
    found = read_history(root, [ROLE])
    assert not found.available and found.reason == FAILED
    assert found.warning() == "history unavailable: git could not read it"
