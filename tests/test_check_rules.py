"""One small test per `check` rule: one file of the MINIMAL tree changed, the exact diagnostics.

Every expected position was worked out by hand from the edited line (1-based line and column
of the offending key or value); the comments next to the numbers show the arithmetic.

Tests marked `xfail(strict=True, reason="engine bug: ...")` pin an engine bug: they describe the
behaviour the engine should have and fail today. When the engine is fixed they XPASS, which a
strict xfail reports as a failure, so the marker must then be removed.
"""

from __future__ import annotations

import pytest
from sitetree import MINIMAL

from skillmatrix.source import MAX_FILE_BYTES

CONFIG = "site_config.yaml"
LEVELS = "content/levels.yaml"
PROFICIENCIES = "content/proficiencies.yaml"
CATEGORIES = "content/categories.yaml"
POSTGRESQL = "content/skills/postgresql.yaml"
UNIT_TESTING = "content/skills/unit-testing.yaml"
FAMILY = "content/families/backend.yaml"
ROLE = "content/roles/backend-dev.yaml"

RAW_HTML = (
    "raw HTML is not allowed in Markdown (write plain Markdown; it is rendered as escaped text)"
)
LAYOUT = (
    "file is outside the content layout (expected one of: levels.yaml, proficiencies.yaml, "
    "categories.yaml, competencies/, families/, i18n/, roles/, skills/)"
)
ROLE_FIELDS = (
    "family, title, summary, core_categories, levels, paths, stack, focus, faq, matrix, details"
)
LEVEL_IDS = "junior, middle, senior, lead, principal"
PROFICIENCY_IDS = "awareness, working, advanced, expert"
ALIAS = "YAML aliases (*name) are not allowed in content; write the value out"


def edit(path: str, old: str, new: str) -> dict[str, str]:
    """MINIMAL's `path` with the one occurrence of `old` replaced by `new`."""
    text = MINIMAL[path]
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {path}"
    return {path: text.replace(old, new)}


def diagnostics(result) -> list[str]:
    return [d.format() for d in result.problems]


def where(result) -> list[tuple[str, int, int, str]]:
    return [(d.path, d.line, d.col, d.severity.value) for d in result.problems]


# --- YAML syntax and the loader's refusals --------------------------------------------------


def test_yaml_syntax_error(run_check):
    # "family: backend: extra": the second ':' is column 16 (f=1, "family: " ends at 8,
    # "backend" is 9..15).
    result = run_check(edit(ROLE, "family: backend", "family: backend: extra"))
    assert diagnostics(result) == [
        f"{ROLE}:1:16: error: YAML syntax: this text contains `: `, which YAML reads as the "
        'start of a value; put the text in quotes: "backend: extra"',
    ]


def test_yaml_tab_indentation_is_a_syntax_error(run_check):
    result = run_check(edit(ROLE, "summary:", "\tsummary:"))
    assert diagnostics(result) == [
        f"{ROLE}:3:1: error: YAML syntax: a tab is used for indentation; YAML indents with "
        "spaces only (replace the tab with spaces)",
    ]


def test_duplicate_skill_in_matrix(run_check):
    # The seed page's bug: postgresql listed twice; the second row (line 14) is the offender.
    result = run_check(
        edit(
            ROLE,
            "  unit-testing: {",
            "  postgresql:   {junior: working, middle: working, senior: advanced, lead: expert,"
            " principal: expert}\n  unit-testing: {",
        )
    )
    assert diagnostics(result) == [
        f"{ROLE}:14:3: error: duplicate key 'postgresql' (first defined at line 13); YAML would "
        "silently keep only the last one",
    ]


def test_yaml_alias_is_refused(run_check):
    # 'summary: {en: &s Builds services., zh: *s, ...': "summary: {" is 10 characters, en at 11,
    # "en: &s Builds services., " is 25 characters, zh at 36, "zh: " puts '*s' at 40.
    result = run_check(
        edit(
            ROLE,
            "summary: {en: Builds services., zh: 构建服务。",
            "summary: {en: &s Builds services., zh: *s",
        )
    )
    assert diagnostics(result) == [f"{ROLE}:3:40: error: {ALIAS}"]


def test_anchor_without_alias_is_accepted(run_check):
    assert diagnostics(run_check(edit(ROLE, "family: backend", "family: &f backend"))) == []


def test_merge_key_is_refused(run_check):
    # "  unit-testing: {" is 17 characters: '<<' starts at column 18.
    result = run_check(edit(ROLE, "  unit-testing: {", "  unit-testing: {<<: {junior: working}, "))
    assert diagnostics(result) == [
        f"{ROLE}:14:18: error: YAML merge keys (<<) are not allowed in content",
    ]


@pytest.mark.parametrize(
    "text", ["", "\n\n", "# only a comment\n"], ids=["empty", "blank", "comment"]
)
def test_empty_file(run_check, text):
    assert diagnostics(run_check({ROLE: text})) == [
        f"{ROLE}:1:1: error: file is empty; expected a YAML mapping",
    ]


@pytest.mark.parametrize("text", ["~\n", "null\n", "---\n"])
def test_null_document_is_reported_like_an_empty_file(run_check, text):
    assert diagnostics(run_check({ROLE: text})) == [
        f"{ROLE}:1:1: error: file is empty; expected a YAML mapping",
    ]


def test_binary_junk(run_check):
    result = run_check({ROLE: b"\x00\x00\x00\x01PK\x03\x04 binary \x00 junk"})
    assert diagnostics(result) == [f"{ROLE}:1:1: error: binary data (NUL byte) in a text file"]


def test_nul_byte_is_reported_at_its_line_and_column(run_check):
    # "family: back\0end": "family: " is 8 characters, "back" 9..12, the NUL is column 13.
    result = run_check(edit(ROLE, "family: backend", "family: back\x00end"))
    assert diagnostics(result) == [f"{ROLE}:1:13: error: binary data (NUL byte) in a text file"]


def test_invalid_utf8(run_check):
    # Line 2 'description: {en: Server\xc3(side...': "description: {en: " is 18 characters,
    # "Server" 19..24, the bad byte is column 25.
    raw = MINIMAL[FAMILY].encode().replace(b"Server-side", b"Server\xc3(side")
    assert diagnostics(run_check({FAMILY: raw})) == [
        f"{FAMILY}:2:25: error: not UTF-8 text (byte 0xc3); save the file as UTF-8",
    ]


def test_invalid_utf8_column_counts_characters(run_check):
    # 'name: {en: Backend, zh: 后端\xff...': "name: {en: Backend, zh: " is 24 characters, "后端"
    # is 25..26, so the bad byte is column 27 (not 31, which would count bytes).
    raw = MINIMAL[FAMILY].encode().replace("zh: 后端".encode(), "zh: 后端".encode() + b"\xff")
    assert diagnostics(run_check({FAMILY: raw})) == [
        f"{FAMILY}:1:27: error: not UTF-8 text (byte 0xff); save the file as UTF-8",
    ]


def test_bom_crlf_and_tab_in_quoted_string_are_accepted(run_check):
    text = MINIMAL[POSTGRESQL].replace("name: PostgreSQL", 'name: "Postgre\tSQL"')
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    assert diagnostics(run_check({POSTGRESQL: raw})) == []


def test_positions_in_a_bom_crlf_file(run_check):
    # A BOM is not a column and CRLF is one line break: same positions as the LF file.
    text = edit(POSTGRESQL, "category: databases", "category: database")[POSTGRESQL]
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    assert diagnostics(run_check({POSTGRESQL: raw})) == [
        f"{POSTGRESQL}:1:11: error: unknown category 'database' (expected one of: databases, "
        "testing); did you mean 'databases'?",
    ]


def test_control_character_is_a_diagnostic(run_check):
    # 'description: {en: Server-side\a roles.': "description: {en: " is 18, "Server-side"
    # 19..29, the BEL is column 30.
    result = run_check(edit(FAMILY, "Server-side roles.", "Server-side\x07 roles."))
    assert where(result) == [(FAMILY, 2, 30, "error")]


def test_control_character_message_names_the_character(run_check):
    result = run_check(edit(FAMILY, "Server-side roles.", "Server-side\x07 roles."))
    message = result.problems.errors[0].message
    assert "character 7 " not in message
    assert "U+0007" in message or "\\x07" in message


@pytest.mark.parametrize("bad", [b"\xc3(", b"\x00", b"\x07"], ids=["utf8", "nul", "control"])
def test_byte_positions_in_a_cr_only_file(run_check, bad):
    # Same line 2 as test_invalid_utf8: the bad byte replaces '-' in "Server-side", column 25.
    raw = (
        MINIMAL[FAMILY]
        .replace("\n", "\r")
        .encode()
        .replace(b"Server-side", b"Server" + bad + b"side")
    )
    assert where(run_check({FAMILY: raw})) == [(FAMILY, 2, 25, "error")]


def test_yaml_positions_in_a_cr_only_file(run_check):
    # "description: {" is 14 characters: the 'zz' key is column 15 of line 2.
    raw = (
        MINIMAL[FAMILY].replace("\n", "\r").replace("description: {en:", "description: {zz: x, en:")
    )
    assert diagnostics(run_check({FAMILY: raw})) == [
        f"{FAMILY}:2:15: error: unknown locale 'zz' (expected one of: en, zh, ru)",
    ]


def test_unicode_line_separators_do_not_shift_lines(run_check):
    # Line 2: "Server" is 19..24, NEL 25, '-' 26, LS 27, "side " 28..32, '<b>' 33, '</b>' 37.
    result = run_check(edit(FAMILY, "Server-side roles.", "Server\x85-\u2028side <b>x</b>."))
    assert where(result) == [(FAMILY, 2, 33, "error"), (FAMILY, 2, 37, "error")]


def test_impossible_date_does_not_crash(run_check):
    # Kept as the text '2024-13-45' (what the engine's comment intends), a valid name.
    result = run_check(
        edit(FAMILY, "name: {en: Backend, zh: 后端, ru: Бэкенд}", "name: 2024-13-45")
    )
    assert diagnostics(result) == []


@pytest.mark.parametrize("tagged", ["!!int abc", "!!float abc", "!!bool abc", "!!timestamp abc"])
def test_explicit_tag_on_bad_scalar_does_not_crash(run_check, tagged):
    result = run_check(edit(FAMILY, "name: {en: Backend, zh: 后端, ru: Бэкенд}", f"name: {tagged}"))
    assert all(d.line == 1 for d in result.problems)


def test_second_document_message(run_check):
    result = run_check({FAMILY: MINIMAL[FAMILY] + "---\nname: Other\n"})
    assert where(result) == [(FAMILY, 3, 1, "error")]
    assert "single document" in diagnostics(result)[0]


# --- Shape of each file (the models) --------------------------------------------------------


def test_unknown_field_with_did_you_mean(run_check):
    # 'titel:' is at 2:1; the missing 'title' is reported at the mapping that lacks it (1:1).
    result = run_check(edit(ROLE, "title:", "titel:"))
    assert diagnostics(result) == [
        f"{ROLE}:1:1: error: missing required field 'title'",
        f"{ROLE}:2:1: error: unknown field 'titel' (expected one of: {ROLE_FIELDS}); "
        "did you mean 'title'?",
    ]


def test_missing_required_field(run_check):
    summary = "summary: {en: Builds services., zh: 构建服务。, ru: Строит сервисы.}\n"
    result = run_check(edit(ROLE, summary, ""))
    assert diagnostics(result) == [f"{ROLE}:1:1: error: missing required field 'summary'"]


def test_number_where_text_expected(run_check):
    # "title: " is 7 characters: the number is at column 8.
    title = "title: {en: Backend Developer, zh: 后端开发, ru: Бэкенд-разработчик}"
    result = run_check(edit(ROLE, title, "title: 42"))
    assert diagnostics(result) == [
        f"{ROLE}:2:8: error: expected a text, or a mapping from locale to text; got a number (42)",
    ]


def test_a_date_like_value_is_text(run_check):
    # Plain scalars follow the YAML 1.2 core schema, as editors' YAML tooling does: no dates,
    # and only true/false are booleans, so "no" or "2024-01-15" stay the text they look like.
    result = run_check(
        edit(FAMILY, "name: {en: Backend, zh: 后端, ru: Бэкенд}", "name: 2024-01-15")
    )
    assert diagnostics(result) == []
    result = run_check(
        edit(
            FAMILY, "name: {en: Backend, zh: 后端, ru: Бэкенд}", "name: {en: 'No', zh: no, ru: on}"
        )
    )
    assert diagnostics(result) == []


def test_list_where_mapping_expected(run_check):
    # "  unit-testing: " is 16 characters: the list starts at column 17.
    result = run_check(
        edit(
            ROLE,
            "{junior: awareness, middle: working, senior: advanced, lead: advanced, "
            "principal: advanced}",
            "[awareness, working]",
        )
    )
    assert diagnostics(result) == [f"{ROLE}:14:17: error: expected a mapping of fields, got a list"]


def test_unknown_level_key_with_did_you_mean(run_check):
    # Line 13: "  postgresql:   {" is 17 characters; "junior: working!, " and
    # "middle: working!, " are 18 each, so 'senoir' starts at 18 + 36 = 54.
    result = run_check(edit(ROLE, "senior: advanced!", "senoir: advanced!"))
    assert diagnostics(result) == [
        f"{ROLE}:13:54: error: 'senoir' is not a level of this role (its levels: {LEVEL_IDS}, "
        "the default ladder; `levels` sets another); did you mean 'senior'?",
    ]


def test_unknown_locale_key(run_check):
    # "name: {" 7, en at 8, "en: Backend, " 13 -> zh at 21, "zh: 后端, " 8 -> ru at 29,
    # "ru: Бэкенд, " 12 -> zz at 41.
    result = run_check(edit(FAMILY, "ru: Бэкенд}", "ru: Бэкенд, zz: Bk}"))
    assert diagnostics(result) == [
        f"{FAMILY}:1:41: error: unknown locale 'zz' (expected one of: en, zh, ru)",
    ]


def test_text_missing_default_locale(run_check):
    result = run_check(edit(FAMILY, "name: {en: Backend, zh: 后端", "name: {zh: 后端"))
    assert diagnostics(result) == [
        f"{FAMILY}:1:7: error: missing the 'en' text: every text needs the default locale, "
        "which other locales fall back to",
    ]


# --- Cross references -----------------------------------------------------------------------


def test_unknown_skill_in_matrix(run_check):
    # The row key is at 13:3; postgresql is then used by no role (a warning of its own).
    result = run_check(edit(ROLE, "  postgresql:   {", "  postgres:     {"))
    assert diagnostics(result) == [
        f"{ROLE}:13:3: error: unknown skill 'postgres' (expected one of: postgresql, "
        "unit-testing); did you mean 'postgresql'?",
        f"{POSTGRESQL}:1:1: warning: skill 'postgresql' is in the catalog but no role uses it",
    ]


def test_broken_skill_file_does_not_cascade_into_unknown_skill(run_check):
    result = run_check(edit(POSTGRESQL, "name: PostgreSQL", "name: 42"))
    assert diagnostics(result) == [
        f"{POSTGRESQL}:2:7: error: expected a text, or a mapping from locale to text; "
        "got a number (42)",
    ]


def test_unknown_category_in_skill(run_check):
    # "category: " is 10 characters: the value is column 11.
    result = run_check(edit(POSTGRESQL, "category: databases", "category: database"))
    assert diagnostics(result) == [
        f"{POSTGRESQL}:1:11: error: unknown category 'database' (expected one of: databases, "
        "testing); did you mean 'databases'?",
    ]


def test_unknown_family_in_role(run_check):
    # "family: " is 8 characters: the value is column 9.
    result = run_check(edit(ROLE, "family: backend", "family: backnd"))
    assert diagnostics(result) == [
        f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); "
        "did you mean 'backend'?",
    ]


def test_unknown_proficiency_value(run_check):
    # Line 14: '{' is column 17, junior 18, "junior: awareness, " 19 -> middle 37,
    # "middle: working, " 17 -> senior 54, "senior: " 8 -> the value is column 62.
    result = run_check(edit(ROLE, "senior: advanced, lead", "senior: advnced!, lead"))
    assert diagnostics(result) == [
        f"{ROLE}:14:62: error: unknown proficiency 'advnced' (expected one of: "
        f"{PROFICIENCY_IDS}); did you mean 'advanced'? (add '!' to mark the cell required)",
    ]


def test_duplicate_mark_within_a_locale(run_check):
    # Line 11 "  mark: {en: V, ...": "  mark: {en: " is 13 characters, the mark is column 14.
    result = run_check(edit(PROFICIENCIES, "mark: {en: V,", "mark: {en: W,"))
    assert diagnostics(result) == [
        f"{PROFICIENCIES}:11:14: error: mark 'W' of advanced is already the mark of working in "
        "'en': a reader could not tell them apart",
    ]


def test_detail_for_skill_not_in_catalog_or_matrix(run_check):
    # The details key 'redis' is on line 13 (after the inserted "details:" line), column 3.
    result = run_check(edit(ROLE, "matrix:\n", "details:\n  redis: {junior: Knows it.}\nmatrix:\n"))
    assert diagnostics(result) == [
        f"{ROLE}:13:3: error: unknown skill 'redis' (expected one of: postgresql, unit-testing)",
    ]


def test_detail_for_catalog_skill_not_in_matrix_names_the_matrix(run_check):
    text = (
        MINIMAL[ROLE]
        .replace(
            "  unit-testing: {junior: awareness, middle: working, senior: advanced, lead: advanced, "
            "principal: advanced}\n",
            "",
        )
        .replace("matrix:\n", "details:\n  unit-testing: {junior: Knows it.}\nmatrix:\n")
    )
    result = run_check({ROLE: text})
    assert where(result) == [(ROLE, 13, 3, "error"), (UNIT_TESTING, 1, 1, "warning")]
    message = result.problems.errors[0].message
    assert "matrix" in message and "unknown skill" not in message


def test_detail_for_level_without_cell(run_check):
    text = (
        MINIMAL[ROLE]
        .replace("lead: advanced, principal: advanced}", "lead: advanced}")
        .replace("matrix:\n", "details:\n  unit-testing: {principal: Leads the guild.}\nmatrix:\n")
    )
    result = run_check({ROLE: text})
    # details.unit-testing.principal key: "  unit-testing: {" is 17 characters -> column 18.
    assert diagnostics(result) == [
        f"{ROLE}:13:18: error: 'unit-testing' has no cell at principal to describe",
        f"{ROLE}:16:17: warning: 'unit-testing' is expected at lead but not at principal: "
        "a higher level should not expect less",
    ]


# --- Matrix shape warnings ------------------------------------------------------------------


def test_proficiency_drop_warning(run_check):
    # Line 14: lead at 72, "lead: advanced, " 16 -> principal 88, "principal: " 11 -> value 99.
    result = run_check(
        edit(ROLE, "lead: advanced, principal: advanced}", "lead: advanced, principal: working}")
    )
    assert diagnostics(result) == [
        f"{ROLE}:14:99: warning: 'unit-testing' drops from advanced at lead to working at "
        "principal",
    ]


@pytest.mark.parametrize(
    "row_end",
    ["lead: advanced, principal: null}", "lead: advanced}"],
    ids=["explicit-null", "omitted"],
)
def test_trailing_empty_level_warning(run_check, row_end):
    # Reported at the row (the mapping that starts at 14:17).
    result = run_check(edit(ROLE, "lead: advanced, principal: advanced}", row_end))
    assert diagnostics(result) == [
        f"{ROLE}:14:17: warning: 'unit-testing' is expected at lead but not at principal: "
        "a higher level should not expect less",
    ]


@pytest.mark.parametrize("row", ["{}", "{junior: null, middle: ~}"], ids=["empty", "all-null"])
def test_row_with_no_cells(run_check, row):
    result = run_check(
        edit(
            ROLE,
            "{junior: awareness, middle: working, senior: advanced, lead: advanced, "
            "principal: advanced}",
            row,
        )
    )
    assert diagnostics(result) == [
        f"{ROLE}:14:17: error: 'unit-testing' has no cell at any level; remove the row or set a "
        "proficiency",
    ]


# --- The rule for required cells (content/README.md) ----------------------------------------
# MINIMAL's role has core_categories [databases]: postgresql (databases) is required from
# Working up, unit-testing (testing) never is.

CORE = "databases"


def test_awareness_is_never_required(run_check):
    # Line 14: '{' is column 17, "junior: " 18..25, the value is column 26.
    result = run_check(edit(ROLE, "{junior: awareness, middle", "{junior: awareness!, middle"))
    assert diagnostics(result) == [
        f"{ROLE}:14:26: error: 'unit-testing' at junior: Awareness is never required; "
        "remove the '!'",
    ]


def test_awareness_in_a_core_category_needs_no_mark(run_check):
    result = run_check(edit(ROLE, "{junior: working!, middle", "{junior: awareness, middle"))
    assert diagnostics(result) == []


def test_working_cell_in_a_core_category_must_be_required(run_check):
    # Line 13: "  postgresql:   {" is 17 characters, "junior: working!, " 18 more: middle's
    # key is column 36 and its value, after "middle: ", column 44.
    result = run_check(edit(ROLE, "middle: working!,", "middle: working,"))
    assert diagnostics(result) == [
        f"{ROLE}:13:44: error: 'postgresql' at middle is working in 'databases', one of this "
        f"role's core categories ({CORE}), so it is required: write 'working!'",
    ]


def test_required_cell_outside_the_core_categories(run_check):
    # Line 14: senior's value is column 62 (see test_unknown_proficiency_value).
    result = run_check(edit(ROLE, "senior: advanced, lead", "senior: advanced!, lead"))
    assert diagnostics(result) == [
        f"{ROLE}:14:62: error: 'unit-testing' at senior is marked required, but its category "
        f"'testing' is not one of this role's core categories ({CORE}): remove the '!', or add "
        "'testing' to core_categories if every cell of it from Working up is required",
    ]


def test_a_role_without_core_categories_requires_nothing(run_check):
    # Line 13's values: junior 26, middle 44 (+18), senior 62 (+18), lead 79 (+"senior:
    # advanced!, " 19 - "senior: " 8 + "lead: " 6), principal 99 (+"expert!, " 9 + 11).
    result = run_check(edit(ROLE, "core_categories: [databases]", "core_categories: []"))
    assert where(result) == [(ROLE, 13, col, "error") for col in (26, 44, 62, 79, 99)]
    assert "core categories (none)" in result.problems.errors[0].message


def test_adding_a_core_category_makes_its_cells_required(run_check):
    # unit-testing's Working and above cells (middle .. principal) lack the '!'. Line 14's
    # values: middle 45, senior 62, lead 78 (its key is 72), principal 99.
    result = run_check(
        edit(ROLE, "core_categories: [databases]", "core_categories: [databases, testing]")
    )
    assert where(result) == [(ROLE, 14, col, "error") for col in (45, 62, 78, 99)]


def test_required_rule_does_not_cascade_from_an_unknown_category(run_check):
    result = run_check(edit(POSTGRESQL, "category: databases", "category: database"))
    assert [d.path for d in result.problems.errors] == [POSTGRESQL]


# --- A skill's proficiency texts ---------------------------------------------------------------


def test_two_proficiencies_of_a_skill_with_the_same_text(run_check):
    # Line 7 "  advanced: {en: ...": "  advanced: {en: " is 17 characters, the text column 18.
    result = run_check(
        edit(POSTGRESQL, "advanced: {en: Tunes queries.,", "advanced: {en: Writes joins.,")
    )
    assert diagnostics(result) == [
        f"{POSTGRESQL}:7:18: error: the advanced text of 'postgresql' is the same as its "
        "working text in 'en': say what advanced adds, so a reader can tell the two cells apart",
    ]


def test_one_text_for_every_locale_repeated_is_reported_once(run_check):
    text = MINIMAL[POSTGRESQL]
    for prof in ("working", "expert"):
        start = text.index(f"  {prof}: ")
        end = text.index("\n", start)
        text = text[:start] + f"  {prof}: Same text." + text[end:]
    result = run_check({POSTGRESQL: text})
    # "  expert: " is 10 characters: the text is column 11 of line 8.
    assert diagnostics(result) == [
        f"{POSTGRESQL}:8:11: error: the expert text of 'postgresql' is the same as its working "
        "text: say what expert adds, so a reader can tell the two cells apart",
    ]


def test_an_untranslated_proficiency_text_is_not_compared_with_its_fallback(run_check):
    # zh lacks the advanced text: it falls back to English (a warning), not a duplicate.
    result = run_check(edit(POSTGRESQL, "zh: 调优查询。, ", ""))
    assert [d.severity.value for d in result.problems] == ["warning"]


# --- The schema line ------------------------------------------------------------------------


def _with_schema_lines() -> dict[str, str]:
    files = {}
    for relpath, text in MINIMAL.items():
        parts = relpath.split("/")
        if len(parts) == 3:
            name = {"skills": "skill", "roles": "role", "families": "family", "i18n": "ui"}[
                parts[1]
            ]
            line = f"# yaml-language-server: $schema=../../schemas/{name}.schema.json"
        else:
            line = (
                "../" * (len(parts) - 1)
                + "schemas/"
                + parts[-1].removesuffix(".yaml")
                + ".schema.json"
            )
            line = f"# yaml-language-server: $schema={line}"
        files[relpath] = text if text.startswith(line) else f"{line}\n{text}"
    return files


def test_every_file_names_its_schema_where_schemas_exist(site):
    import shutil

    from sitetree import REPO

    from skillmatrix.check import check

    root = site(_with_schema_lines())
    assert diagnostics(check(root)) == []  # without schemas/ the line is not asked for either
    shutil.copytree(REPO / "schemas", root / "schemas")
    assert diagnostics(check(root)) == []
    skill = (root / POSTGRESQL).read_text(encoding="utf-8")
    (root / POSTGRESQL).write_text(skill.replace("skill.schema", "role.schema"), encoding="utf-8")
    (root / FAMILY).write_text(MINIMAL[FAMILY], encoding="utf-8")
    assert diagnostics(check(root)) == [
        f"{FAMILY}:1:1: error: the first line must be `# yaml-language-server: "
        "$schema=../../schemas/family.schema.json`: it names the file's schema, so that "
        "editors check the file as you type",
        f"{POSTGRESQL}:1:1: error: the first line must be `# yaml-language-server: "
        "$schema=../../schemas/skill.schema.json`: it names the file's schema, so that "
        "editors check the file as you type",
    ]


# --- Catalog and translation warnings -------------------------------------------------------


def test_unused_catalog_skill_warning(run_check):
    third = MINIMAL[UNIT_TESTING].replace("Unit Testing", "Integration Testing")
    result = run_check({"content/skills/integration-testing.yaml": third})
    assert diagnostics(result) == [
        "content/skills/integration-testing.yaml:1:1: warning: skill 'integration-testing' is in "
        "the catalog but no role uses it",
    ]


def test_missing_translation_warning(run_check):
    result = run_check(edit(FAMILY, "zh: 后端, ru: Бэкенд}", "zh: 后端}"))
    assert diagnostics(result) == [f"{FAMILY}:1:7: warning: missing 'ru' translation of name"]
    assert [c.format() for c in result.coverage] == [
        "en: 46/46 texts",
        "zh: 46/46 texts",
        "ru: 45/46 texts",
    ]


@pytest.mark.parametrize("path", [LEVELS, PROFICIENCIES])
def test_empty_vocabulary_is_an_error(run_check, path):
    result = run_check({path: "{}\n"})
    assert where(result) == [(path, 1, 1, "error")]


# --- Markdown ---------------------------------------------------------------------------------


def test_raw_html_inline(run_check):
    # Line 2: the text starts at column 19 ("description: {en: " is 18); "Server-side " is 12
    # characters so '<b>' is column 31, and '</b>' is 31 + len("<b>roles") = 39.
    result = run_check(edit(FAMILY, "Server-side roles.", "Server-side <b>roles</b>."))
    assert diagnostics(result) == [
        f"{FAMILY}:2:31: error: {RAW_HTML}",
        f"{FAMILY}:2:39: error: {RAW_HTML}",
    ]


def test_raw_html_on_second_line_of_block_scalar(run_check):
    # Line 5 is "    Some <em>HTML</em> here.": '<em>' at 10, '</em>' at 10 + len("<em>HTML") = 18.
    result = run_check(
        edit(
            FAMILY,
            "description: {en: Server-side roles., zh: 服务端角色。, ru: Серверные роли.}",
            "description:\n  en: |\n    Server-side roles.\n    Some <em>HTML</em> here.\n"
            "  zh: 服务端角色。\n  ru: Серверные роли.",
        )
    )
    assert diagnostics(result) == [
        f"{FAMILY}:5:10: error: {RAW_HTML}",
        f"{FAMILY}:5:18: error: {RAW_HTML}",
    ]


def test_raw_html_block(run_check):
    # An HTML block on the 2nd line of a '|' text: line 4, after 2 spaces of indentation.
    result = run_check(
        edit(
            FAMILY,
            "description: {en: Server-side roles., zh: 服务端角色。, ru: Серверные роли.}",
            "description: |\n  Server-side roles.\n  <div>block</div>",
        )
    )
    assert diagnostics(result) == [f"{FAMILY}:4:3: error: {RAW_HTML}"]


def test_raw_html_repeated_tag_reported_at_each_place(run_check):
    # '<b>' at 31, '</b>' at 39, " and " -> the second '<b>' at 48, its '</b>' at 48 + 7 = 55.
    result = run_check(
        edit(FAMILY, "Server-side roles.", "Server-side <b>roles</b> and <b>more</b>.")
    )
    assert diagnostics(result) == [
        f"{FAMILY}:2:31: error: {RAW_HTML}",
        f"{FAMILY}:2:39: error: {RAW_HTML}",
        f"{FAMILY}:2:48: error: {RAW_HTML}",
        f"{FAMILY}:2:55: error: {RAW_HTML}",
    ]


def test_javascript_link(run_check):
    # The quoted text starts at column 20; "Server-side [roles](" is 20 characters -> column 40.
    result = run_check(
        edit(
            FAMILY, "{en: Server-side roles.,", "{en: 'Server-side [roles](javascript:alert(1)).',"
        )
    )
    assert diagnostics(result) == [
        f"{FAMILY}:2:40: error: 'javascript:' links are not allowed (expected https://, http://, "
        "mailto: or a relative link)",
    ]


def test_data_link(run_check):
    # The quoted text starts at column 20; "See [x](" is 8 characters -> column 28.
    result = run_check(
        edit(FAMILY, "{en: Server-side roles.,", "{en: 'See [x](data:text/html;base64,AAAA).',")
    )
    assert diagnostics(result) == [
        f"{FAMILY}:2:28: error: 'data:' links are not allowed (expected https://, http://, "
        "mailto: or a relative link)",
    ]


def test_image(run_check):
    # Reported at the image's URL: "Server-side ![logo](" is 20 characters -> column 40.
    result = run_check(
        edit(
            FAMILY,
            "{en: Server-side roles.,",
            "{en: 'Server-side ![logo](https://img.example/x.png).',",
        )
    )
    assert diagnostics(result) == [
        f"{FAMILY}:2:40: error: images are not allowed in content texts (they would load from a "
        "third party); link to the page instead",
    ]


def test_safe_links_are_accepted(run_check):
    result = run_check(
        edit(
            FAMILY,
            "{en: Server-side roles.,",
            "{en: 'See [docs](https://example.org/), [mail](mailto:a@example.org), [up](../x).',",
        )
    )
    assert diagnostics(result) == []


# --- Files and layout -----------------------------------------------------------------------


def test_yml_extension(run_check):
    result = run_check({"content/skills/redis.yml": MINIMAL[POSTGRESQL]})
    assert diagnostics(result) == [
        "content/skills/redis.yml:1:1: error: rename to redis.yaml: content files end in .yaml",
    ]


@pytest.mark.parametrize(
    ("relpath", "hint"),
    [
        ("content/roles/extra/x.yaml", "roles/"),
        ("content/skill/redis.yaml", "skills/"),
        ("content/other.yaml", None),  # nothing near 'other.yaml': no guess
    ],
)
def test_yaml_file_outside_layout(run_check, relpath, hint):
    result = run_check({relpath: MINIMAL[FAMILY]})
    suggestion = f"; did you mean '{hint}'?" if hint else ""
    assert diagnostics(result) == [f"{relpath}:1:1: error: {LAYOUT}{suggestion}"]


def test_file_name_not_a_valid_id(run_check):
    result = run_check({"content/skills/Redis_DB.yaml": MINIMAL[POSTGRESQL]})
    assert diagnostics(result) == [
        "content/skills/Redis_DB.yaml:1:1: error: file name 'Redis_DB' is not a valid id: use "
        "lower-case letters, digits and single hyphens, e.g. 'backend-developer-go'",
    ]


def test_file_over_size_limit(run_check):
    padding = "#" + "x" * (MAX_FILE_BYTES // 2 * 3) + "\n"  # 1.5 MB of comment
    result = run_check({FAMILY: MINIMAL[FAMILY] + padding})
    assert diagnostics(result) == [
        f"{FAMILY}:1:1: error: file is 1,500,148 bytes; content files are limited to 1,000,000 "
        "bytes (split it, or remove the data that does not belong in content)",
    ]


def test_file_at_size_limit_is_accepted(run_check):
    text = MINIMAL[FAMILY]
    text += "#" * (MAX_FILE_BYTES - len(text.encode()) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert diagnostics(run_check({FAMILY: text})) == []


def test_size_message_just_over_the_limit(run_check):
    text = MINIMAL[FAMILY]
    text += "#" * (MAX_FILE_BYTES - len(text.encode())) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES + 1
    result = run_check({FAMILY: text})
    assert where(result) == [(FAMILY, 1, 1, "error")]
    assert "file is 1.0 MB; content files are limited to 1 MB" not in diagnostics(result)[0]


# --- One run, every problem ---------------------------------------------------------------


def test_several_errors_in_several_files_sorted(run_check):
    role = (
        MINIMAL[ROLE]
        .replace("family: backend", "family: backnd")
        .replace("{en: Builds services.,", "{en: Builds <b>services</b>.,")
        .replace("  postgresql:   {", "  postgres:     {")
    )
    files = {
        UNIT_TESTING: MINIMAL[UNIT_TESTING].replace("category: testing", "category: tesing"),
        ROLE: role,
        FAMILY: MINIMAL[FAMILY].replace(
            "{en: Server-side roles.,", "{en: '[x](javascript:void(0))',"
        ),
    }
    result = run_check(files)
    # summary line 3: the text starts at 15, "Builds " -> '<b>' at 22, '</b>' at 22 + 11 = 33.
    # family line 2: the quoted text starts at 20, "[x](" -> 'javascript:' at 24.
    assert diagnostics(result) == [
        f"{FAMILY}:2:24: error: 'javascript:' links are not allowed (expected https://, "
        "http://, mailto: or a relative link)",
        f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); "
        "did you mean 'backend'?",
        f"{ROLE}:3:22: error: {RAW_HTML}",
        f"{ROLE}:3:33: error: {RAW_HTML}",
        f"{ROLE}:13:3: error: unknown skill 'postgres' (expected one of: postgresql, "
        "unit-testing); did you mean 'postgresql'?",
        f"{POSTGRESQL}:1:1: warning: skill 'postgresql' is in the catalog but no role uses it",
        f"{UNIT_TESTING}:1:11: error: unknown category 'tesing' (expected one of: databases, "
        "testing); did you mean 'testing'?",
    ]
    assert len(result.problems.errors) == 6
    assert len(result.problems.warnings) == 1
