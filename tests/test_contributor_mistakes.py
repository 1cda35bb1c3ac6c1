"""The mistakes of a contributor's first pull request, each with every diagnostic `check` gives.

Each case changes a line or two of the MINIMAL tree and lists the whole output: the message in
plain words, at the line to edit (with the parser's own position when that is another line), and
nothing else, so a broken file never drags in warnings about files that are fine.

Lines of the MINIMAL role (content/roles/backend-dev.yaml), for the arithmetic in the comments:
   1 family: backend
   2 title: {en: Backend Developer, ...}
   3 summary: {en: Builds services., ...}
   4 core_categories: [databases]
   5 stack:
   6   junior: {en: [PostgreSQL], zh: [PostgreSQL], ru: [PostgreSQL]}
   7 focus:
   8   junior: {en: Learn SQL., ...}
   9 faq:
  10   - question: {en: "Why?", zh: ..., ru: "Зачем?"}
  11     answer: {en: Because., ...}
  12 matrix:
  13   postgresql:   {junior: working!, middle: working!, senior: advanced!, ...}
  14   unit-testing: {junior: awareness, middle: working, senior: advanced, ...}
"""

from __future__ import annotations

import pytest
from sitetree import MINIMAL

ROLE = "content/roles/backend-dev.yaml"
POSTGRESQL = "content/skills/postgresql.yaml"
CONFIG = "site_config.yaml"
UI_EN = "content/i18n/en.yaml"
UI_ZH = "content/i18n/zh.yaml"
# A second role that uses postgresql only: unit-testing is then used by backend-dev alone, so
# losing backend-dev to a mistake would make unit-testing look unused.
DBA = "content/roles/dba.yaml"
DBA_TEXT = MINIMAL[ROLE].replace(
    "  unit-testing: {junior: awareness, middle: working, senior: advanced, lead: advanced, "
    "principal: advanced}\n",
    "",
)
PROFICIENCY_IDS = "awareness, working, advanced, expert"


def edit(path: str, *changes: tuple[str, str]) -> dict[str, str]:
    """MINIMAL's `path` with each (old, new) applied; every `old` occurs exactly once."""
    text = MINIMAL[path]
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {path}"
        text = text.replace(old, new)
    return {path: text}


def diagnostics(result) -> list[str]:
    return [d.format() for d in result.problems]


def syntax(line: int, col: int, message: str) -> str:
    return f"{ROLE}:{line}:{col}: error: YAML syntax: {message}"


MISTAKES = [
    pytest.param(
        # "  title:" under "family: backend": YAML reads it as more of the text "backend".
        edit(ROLE, ("\ntitle:", "\n  title:")),
        [
            syntax(
                2,
                3,
                "this line is indented more than the key above it ('family' on line 1, "
                "which already has a value); line it up with 'family' (no indentation)",
            )
        ],
        id="key-indented-more-than-the-key-above",
    ),
    pytest.param(
        # One space before unit-testing (line 14): neither the rows (2) nor `matrix:` (0).
        edit(ROLE, ("\n  unit-testing:", "\n unit-testing:")),
        [
            syntax(
                14,
                2,
                "the indentation (1 space) does not match any key above: line it up "
                "with 'postgresql' on line 13 (2 spaces) or 'matrix' on line 12 "
                "(no indentation)",
            )
        ],
        id="indentation-matches-no-key",
    ),
    pytest.param(
        # The `{` of the postgresql row is column 17 ("  postgresql:   " is 16 characters);
        # the parser only notices at the ':' after unit-testing, 14:15.
        edit(ROLE, ("principal: expert!}", "principal: expert!")),
        [
            syntax(
                13,
                17,
                "this `{` opened at line 13 column 17 is never closed (add `}` at the "
                "end of line 13); the YAML parser noticed it at line 14, column 15",
            )
        ],
        id="unclosed-brace-on-a-matrix-row",
    ),
    pytest.param(
        # "core_categories: " is 17 characters: the `[` is column 18; noticed at "stack:" (5:6).
        edit(ROLE, ("core_categories: [databases]", "core_categories: [databases")),
        [
            syntax(
                4,
                18,
                "this `[` opened at line 4 column 18 is never closed (add `]` at the "
                "end of line 4); the YAML parser noticed it at line 5, column 6",
            )
        ],
        id="unclosed-bracket",
    ),
    pytest.param(
        # The last `[` of line 6 (column 52) closed by a `}` (column 63) instead of a `]`.
        edit(ROLE, ("ru: [PostgreSQL]}", "ru: [PostgreSQL}")),
        [
            syntax(
                6,
                52,
                "this `[` opened at line 6 column 52 is never closed (add `]` before the "
                "`}` at line 6 column 63)",
            )
        ],
        id="bracket-closed-by-a-brace",
    ),
    pytest.param(
        # "family: " is 8 characters: the quote is column 9; the parser reads to the end (15:1).
        edit(ROLE, ("family: backend", "family: 'backend")),
        [
            syntax(
                1,
                9,
                "this `'` opened at line 1 column 9 is never closed (add `'` where the "
                "text ends); the YAML parser noticed it at line 15, column 1",
            )
        ],
        id="unclosed-quote",
    ),
    pytest.param(
        # '  - question: {en: "Why?, zh: …, ru: "Зачем?"}': the first quote (column 20) is closed
        # by the opening quote of the ru text (column 41), and "Зачем?" follows it.
        edit(ROLE, ('{en: "Why?",', '{en: "Why?,')),
        [
            syntax(
                10,
                20,
                'the quoted text "Why?, zh: 为什么？, ru: " (columns 20 to 41) is followed '
                "by more text, but a quoted text ends at its closing quote: check that "
                'every quote is closed where its text ends, and write a " inside a '
                'quoted text as \\"',
            )
        ],
        id="quote-closed-by-the-next-text",
    ),
    pytest.param(
        edit(ROLE, ("\nsummary:", "\n\tsummary:")),
        [
            syntax(
                3,
                1,
                "a tab is used for indentation; YAML indents with spaces only (replace "
                "the tab with spaces)",
            )
        ],
        id="tab-indentation",
    ),
    pytest.param(
        # "summary {en: …": the `:` belongs after "summary", column 8; the parser objects to the
        # second ':' of the line instead.
        edit(ROLE, ("summary: {en:", "summary {en:")),
        [
            syntax(
                3,
                8,
                "a `:` is missing after the key 'summary' (write `summary: ` before the value)",
            )
        ],
        id="missing-colon-before-a-mapping",
    ),
    pytest.param(
        # "family backend" and the next line are read as one text, until "title:" (2:6).
        edit(ROLE, ("family: backend", "family backend")),
        [
            syntax(
                1,
                7,
                "a `:` is missing after the key 'family' (write `family: backend`); the "
                "YAML parser noticed it at line 2, column 6",
            )
        ],
        id="missing-colon-after-a-key",
    ),
    pytest.param(
        # "junior: working! middle: …": the comma belongs before 'middle' (column 35: the `{` is
        # 17, "junior: working! " is 17 characters from 18).
        edit(ROLE, ("junior: working!, middle", "junior: working! middle")),
        [
            syntax(
                13,
                35,
                "a `,` is missing before 'middle' (entries inside `{`...`}` are "
                "separated by commas)",
            )
        ],
        id="missing-comma-in-a-row",
    ),
    pytest.param(
        edit(ROLE, ("\nfocus:", "\n- focus:")),
        [
            syntax(
                7,
                1,
                "a list item (`- `) is mixed into a mapping: the lines above at this "
                "indentation are keys (like 'stack' on line 5); remove the `-`, or put the "
                "list under a key of its own",
            )
        ],
        id="list-item-in-a-mapping",
    ),
    pytest.param(
        edit(ROLE, ("family: backend", "family: @backend")),
        [
            syntax(
                1,
                9,
                "text cannot start with `@`, which YAML reserves; put the text in quotes: "
                '"@backend"',
            )
        ],
        id="value-starts-with-at-sign",
    ),
    pytest.param(
        # "summary: {en: " is 14 characters: the backtick is column 15; the text ends at ','.
        edit(ROLE, ("{en: Builds services.,", "{en: `make` services.,")),
        [
            syntax(
                3,
                15,
                "text cannot start with '`', which YAML reserves; put the text in quotes: "
                '"`make` services."',
            )
        ],
        id="value-starts-with-backtick",
    ),
    pytest.param(
        # Line 14: '{' is column 17, "junior: awareness, " 19 characters -> middle at 37,
        # "middle: " 8 -> the value is column 45.
        edit(ROLE, ("middle: working, senior", "middle: wroking, senior")),
        [
            f"{ROLE}:14:45: error: unknown proficiency 'wroking' (expected one of: "
            f"{PROFICIENCY_IDS}); did you mean 'working'? (add '!' to mark the cell required)"
        ],
        id="unknown-proficiency",
    ),
    pytest.param(
        # The row key is 13:3. No role uses postgresql then: a true warning of its own.
        edit(ROLE, ("  postgresql:   {", "  postgre:      {")),
        [
            f"{ROLE}:13:3: error: unknown skill 'postgre' (expected one of: postgresql, "
            "unit-testing); did you mean 'postgresql'?",
            f"{POSTGRESQL}:1:1: warning: skill 'postgresql' is in the catalog but no role uses it",
        ],
        id="unknown-skill-in-a-matrix",
    ),
    pytest.param(
        # A cell that fails the model (14:26: "junior: " ends at 25) and a family that does not
        # exist (1:9): both reported, although the first takes the role out of the build.
        {
            DBA: DBA_TEXT,
            **edit(
                ROLE, ("family: backend", "family: backnd"), ("junior: awareness", "junior: 42")
            ),
        },
        [
            f"{ROLE}:1:9: error: unknown family 'backnd' (expected one of: backend); did you mean "
            "'backend'?",
            f"{ROLE}:14:26: error: expected a proficiency such as 'working' or 'working!' "
            "(required), got a number (42)",
        ],
        id="two-mistakes-in-one-role",
    ),
    pytest.param(
        # A misspelt level (13:54) and an unknown skill in the other row: the row with the bad
        # level is left out of the checks, the other row is still checked.
        {
            DBA: DBA_TEXT,
            **edit(
                ROLE,
                ("senior: advanced!", "senoir: advanced!"),
                ("  unit-testing: {", "  unit-tests:   {"),
            ),
        },
        [
            f"{ROLE}:13:54: error: 'senoir' is not a level of this role (its levels: junior, "
            "middle, senior, lead, principal, the default ladder; `levels` sets another); "
            "did you mean 'senior'?",
            f"{ROLE}:14:3: error: unknown skill 'unit-tests' (expected one of: postgresql, "
            "unit-testing); did you mean 'unit-testing'?",
            "content/skills/unit-testing.yaml:1:1: warning: skill 'unit-testing' is in the catalog "
            "but no role uses it",
        ],
        id="misspelt-level-and-unknown-skill",
    ),
    pytest.param(
        # A missing title, and raw HTML in the summary (now line 2: columns 22 and 33).
        {
            DBA: DBA_TEXT,
            **edit(
                ROLE,
                ("title: {en: Backend Developer, zh: 后端开发, ru: Бэкенд-разработчик}\n", ""),
                ("{en: Builds services.,", "{en: Builds <b>services</b>.,"),
            ),
        },
        [
            f"{ROLE}:1:1: error: missing required field 'title'",
            f"{ROLE}:2:22: error: raw HTML is not allowed in Markdown (write plain Markdown; it is "
            "rendered as escaped text)",
            f"{ROLE}:2:33: error: raw HTML is not allowed in Markdown (write plain Markdown; it is "
            "rendered as escaped text)",
        ],
        id="missing-field-and-unsafe-markdown",
    ),
    pytest.param(
        # A name that is a number (2:7) and a misspelt category (1:11) in one skill file.
        edit(
            POSTGRESQL,
            ("name: PostgreSQL", "name: 42"),
            ("category: databases", "category: databse"),
        ),
        [
            f"{POSTGRESQL}:1:11: error: unknown category 'databse' (expected one of: databases, "
            "testing); did you mean 'databases'?",
            f"{POSTGRESQL}:2:7: error: expected a text, or a mapping from locale to text; got a "
            "number (42)",
        ],
        id="two-mistakes-in-one-skill",
    ),
    pytest.param(
        # The role that uses unit-testing cannot be read: no skill is called unused.
        {DBA: DBA_TEXT, **edit(ROLE, ("principal: advanced}", "principal: advanced"))},
        [
            syntax(
                14,
                17,
                "this `{` opened at line 14 column 17 is never closed (add `}` at the "
                "end of line 14); the YAML parser noticed it at line 15, column 1",
            )
        ],
        id="syntax-error-in-a-role-makes-no-skill-unused",
    ),
    pytest.param(
        # The same role under a name that is not an id: what it uses is unknown.
        {DBA: DBA_TEXT, ROLE: None, "content/roles/Backend-Dev.yaml": MINIMAL[ROLE]},
        [
            "content/roles/Backend-Dev.yaml:1:1: error: file name 'Backend-Dev' is not a valid id: "
            "use lower-case letters, digits and single hyphens, e.g. 'backend-developer-go'"
        ],
        id="role-file-name-not-an-id",
    ),
    pytest.param(
        # Without its locales, no text can be checked against them: one error, not one per text.
        edit(CONFIG, ("default_locale: en", "default_locale: en: x")),
        [
            f"{CONFIG}:7:19: error: YAML syntax: this text contains `: `, which YAML reads as the "
            'start of a value; put the text in quotes: "en: x"'
        ],
        id="broken-site-config",
    ),
    pytest.param(
        # The default locale's strings fail their model: the other locales and the layouts
        # cannot be compared against them, and are not.
        edit(UI_EN, ("nav.home: Home", "Nav.Home: Home")),
        [
            f"{UI_EN}:6:1: error: 'Nav.Home' is not a valid UI string key: use lower-case letters, "
            "digits, '_' and '.'"
        ],
        id="broken-default-ui-strings",
    ),
    pytest.param(
        # "nav.home: " is 10 characters, "首页" 11..12: the second ':' is column 13.
        edit(UI_ZH, ("nav.home: 首页", "nav.home: 首页: 主页")),
        [
            f"{UI_ZH}:5:13: error: YAML syntax: this text contains `: `, which YAML reads as the "
            'start of a value; put the text in quotes: "首页: 主页"'
        ],
        id="broken-ui-strings-of-a-locale",
    ),
]


@pytest.mark.parametrize(("files", "expected"), MISTAKES)
def test_contributor_mistake(run_check, files, expected):
    assert diagnostics(run_check(files)) == expected


def test_a_salvaged_role_is_checked_but_stays_broken(run_check):
    # The role failed its model: what is valid of it is checked, and it is still marked broken,
    # so that nothing treats it as clean (the errors stop any build).
    result = run_check({DBA: DBA_TEXT, **edit(ROLE, ("junior: awareness", "junior: 42"))})
    assert diagnostics(result) == [
        f"{ROLE}:14:26: error: expected a proficiency such as 'working' or 'working!' "
        "(required), got a number (42)",
    ]
    assert ROLE in result.content.broken
    assert ("role", "backend-dev") in result.content.broken_ids
    # The bad cell's row is left out, the valid row is kept for the cross-reference checks.
    assert list(result.content.roles["backend-dev"].matrix) == ["postgresql"]
