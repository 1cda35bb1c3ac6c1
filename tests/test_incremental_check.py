"""The preview's incremental check (validate/memo.py, and source.ParseCache told which files
changed) finds what a full check finds: the same problems and the same translation coverage
after every edit of a sequence that breaks and mends every per-file check (characters, schema
lines, texts) and the settings they use."""

from __future__ import annotations

import shutil
from pathlib import Path

from sitetree import REPO

from skillmatrix.check import CheckResult, check
from skillmatrix.source import ParseCache
from skillmatrix.validate import ValidationMemo

SKILL = "content/skills/postgresql.yaml"
ROLE = "content/roles/backend-dev.yaml"
CONFIG = "site_config.yaml"
CATEGORIES = "content/categories.yaml"

# (file, text replaced, replacement), applied in turn; each later step undoes an earlier one.
EDITS: list[tuple[str, str, str]] = [
    (SKILL, "working: {en: Writes joins., zh: 会写连接。, ", "working: {en: Writes joins., "),
    (ROLE, "summary: {en: Builds services.", "summary: {en: Builds \u202eservices."),
    (ROLE, "answer: {en: Because.,", 'answer: {en: "Because \\u202e.",'),
    (SKILL, "advanced: {en: Tunes queries.", "advanced: {en: Tunes <b>queries</b>."),
    (SKILL, "expert: {en: Runs clusters.,", "expert: {en: Runs clusters., de: Betreibt.,"),
    (CONFIG, "locales: [en, zh, ru]", "locales: [en, zh]"),
    (CONFIG, "default_locale: en", "default_locale: zh"),
    (CONFIG, "default_locale: zh", "default_locale: en"),
    (CONFIG, "locales: [en, zh]", "locales: en zh"),
    (CONFIG, "locales: en zh", "locales: [en, zh, ru]"),
    (ROLE, "family: backend", "family: [backend"),
    (ROLE, "family: [backend", "family: backend"),
    (SKILL, "working: {en: Writes joins., ", "working: {en: Writes joins., zh: 会写连接。, "),
    (SKILL, "Tunes <b>queries</b>.", "Tunes queries."),
    (ROLE, "summary: {en: Builds \u202eservices.", "summary: {en: Builds services."),
    (SKILL, "expert: {en: Runs clusters., de: Betreibt.,", "expert: {en: Runs clusters.,"),
    (ROLE, 'answer: {en: "Because \\u202e.",', "answer: {en: Because.,"),
    # The catalog a role file is checked against changes while the role file does not: its
    # required cells, core categories and skill ids are checked again all the same.
    (SKILL, "category: databases", "category: testing"),
    (CATEGORIES, "databases:", "databeses:"),
    (CATEGORIES, "databeses:", "databases:"),
    (SKILL, "category: testing", "category: databases"),
]


def outcome(result: CheckResult) -> tuple[list[str], list[str]]:
    return (
        [item.format() for item in result.problems],
        [coverage.format() for coverage in result.coverage],
    )


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, (relpath, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_edit_is_checked_as_a_full_check_would(site) -> None:
    root = site({})
    cache, memo = ParseCache(), ValidationMemo()
    assert outcome(check(root, cache, memo=memo)) == outcome(check(root))
    seen = set()
    for relpath, old, new in EDITS:
        edit(root, relpath, old, new)
        cache.expect_changes({relpath})  # as the preview's watcher says: the others are not read
        incremental, full = check(root, cache, memo=memo), check(root)
        assert outcome(incremental) == outcome(full), (relpath, new)
        seen.update(outcome(full)[0])
    # The sequence did break the checks it means to test, and mended them.
    assert any("bidirectional control character" in line for line in seen)
    assert any("raw HTML" in line for line in seen)
    assert any("missing 'zh' translation" in line for line in seen)
    assert any("unknown locale 'de'" in line for line in seen)
    assert any("is marked required, but its category 'testing'" in line for line in seen)
    assert any("unknown category 'databases'" in line for line in seen)
    assert outcome(check(root))[0] == []


def test_a_skill_added_is_found_by_the_roles_that_named_it(site) -> None:
    root = site({})
    cache, memo = ParseCache(), ValidationMemo()
    edit(root, ROLE, "  unit-testing: {", "  unit-tests: {")
    incremental = check(root, cache, memo=memo)
    assert any("unknown skill 'unit-tests'" in line for line in outcome(incremental)[0])
    assert outcome(incremental) == outcome(check(root))
    skill = (root / "content/skills/unit-testing.yaml").read_text(encoding="utf-8")
    (root / "content/skills/unit-tests.yaml").write_text(skill, encoding="utf-8")
    cache.expect_changes({"content/skills/unit-tests.yaml"})  # the role file is not read
    incremental = check(root, cache, memo=memo)
    assert not any("unit-tests'" in line for line in outcome(incremental)[0])
    assert outcome(incremental) == outcome(check(root))


def test_schemas_added_and_removed_are_checked_as_a_full_check_would(site) -> None:
    root = site({})
    cache, memo = ParseCache(), ValidationMemo()
    assert outcome(check(root, cache, memo=memo)) == outcome(check(root))
    # With schemas to point at, every file must name its own on its first line.
    shutil.copytree(REPO / "schemas", root / "schemas")
    incremental = check(root, cache, memo=memo)
    assert any("the first line must be" in line for line in outcome(incremental)[0])
    assert outcome(incremental) == outcome(check(root))
    text = (root / SKILL).read_text(encoding="utf-8")
    schema_line = "# yaml-language-server: $schema=../../schemas/skill.schema.json\n"
    (root / SKILL).write_text(schema_line + text, encoding="utf-8")
    assert outcome(check(root, cache, memo=memo)) == outcome(check(root))
    shutil.rmtree(root / "schemas")
    assert outcome(check(root, cache, memo=memo)) == outcome(check(root))
    (root / SKILL).unlink()
    incremental = check(root, cache, memo=memo)
    assert incremental.problems.errors  # the role's row names a skill no longer there
    assert outcome(incremental) == outcome(check(root))


def test_the_folders_layout_is_walked_again_when_it_changes(site, tmp_path) -> None:
    """The preview keeps the last walk of the folders (load.Layout) while only known files
    change: a file added where it is not read, or a file replaced by a link, is found."""
    root = site({})
    cache, memo = ParseCache(), ValidationMemo()
    check(root, cache, memo=memo)
    stray = "content/skill/redis.yaml"
    (root / stray).parent.mkdir()
    (root / stray).write_text("category: databases\n", encoding="utf-8")
    cache.expect_changes({stray})
    incremental = check(root, cache, memo=memo)
    assert any("outside the content layout" in line for line in outcome(incremental)[0])
    assert outcome(incremental) == outcome(check(root))
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((root / SKILL).read_bytes())
    (root / SKILL).unlink()
    (root / SKILL).symlink_to(outside)
    cache.expect_changes({SKILL})
    incremental = check(root, cache, memo=memo)
    assert any("symbolic link" in line for line in outcome(incremental)[0])
    assert outcome(incremental) == outcome(check(root))
    # Only a known file edited: the kept layout, and the same findings as a full check.
    edit(root, ROLE, "summary: {en: Builds services.", "summary: {en: Builds APIs.")
    cache.expect_changes({ROLE})
    assert outcome(check(root, cache, memo=memo)) == outcome(check(root))
