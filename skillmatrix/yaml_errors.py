"""YAML syntax errors in plain words, at the place a contributor has to edit.

PyYAML reports where its parser gave up, in the parser's terms ("expected <block end>, but found
'<block mapping start>'"). That place is often a line after the mistake: a `{` left open on one
line is noticed at the next key. Here the parser's marks and the text's lines are read back to
find the likely cause and to say what to do; the parser's own position is added whenever the
cause is on another line, so nothing the parser said is lost.

The rules are heuristics for the mistakes contributors make (indentation, brackets, quotes, tabs,
a missing `:`, reserved characters). Whatever they do not recognise keeps the parser's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# Each bracket and its partner.
_PARTNER = {"{": "}", "[": "]", "}": "{", "]": "["}
# PyYAML's words for what it found where it expected something else.
_FOUND = re.compile(r"but (?:found|got) '(.*)'$")
# The characters that start something other than text when they start a value.
_INDICATORS = {
    "&": "an anchor",
    "*": "an alias",
    "!": "a tag",
    "|": "a block of text",
    ">": "a folded block of text",
    "%": "a directive",
    "?": "a complex key",
    "-": "a list item",
}
_KEY_LIKE = re.compile(r"[A-Za-z0-9_.-]+")
MAX_KEY_CHARS = 1024  # PyYAML's limit on a key written on one line
# Bounds on the search for a bracket left open, so that a hostile file of brackets costs
# milliseconds: real content has a few brackets a line and lines of a few hundred characters.
MAX_OPENERS = 100
MAX_LINE_SCAN = 10_000


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based
    col: int  # 1-based
    message: str


def explain(exc: yaml.MarkedYAMLError, text: str) -> SyntaxProblem:
    """Where the contributor should look, and what to do, for a YAML syntax error."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    found = _explain(exc, _Text(lines), at)
    if found is None:
        found = (at, _parser_words(exc))
    (line, col), message = found
    if mark is not None and line != mark.line:
        message += f"; the YAML parser noticed it at line {mark.line + 1}, column {mark.column + 1}"
    return SyntaxProblem(line + 1, col + 1, message)


def _parser_words(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.context and problem.startswith("but "):  # "expected X, but found Y"
        problem = f"{exc.context}, {problem}"
    return problem


Place = tuple[int, int]  # 0-based line and column
Found = tuple[Place, str]


class _Text:
    """The file's lines, with the few questions the rules ask about them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def char(self, place: Place) -> str:
        line, col = place
        if 0 <= line < len(self.lines) and 0 <= col < len(self.lines[line]):
            return self.lines[line][col]
        return ""

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def previous_content_line(self, index: int) -> int | None:
        """The nearest line above `index` that holds more than blanks or a comment."""
        for other in range(min(index, len(self.lines)) - 1, -1, -1):
            if _is_content(self.lines[other]):
                return other
        return None

    def ancestors(self, index: int) -> list[tuple[int, int, str]]:
        """(line, column, key) of the keys that enclose line `index`, innermost first (the
        column of the key, after the `- ` of a list item)."""
        found: list[tuple[int, int, str]] = []
        limit = None
        for other in range(min(index, len(self.lines)) - 1, -1, -1):
            line = self.lines[other]
            if not _is_content(line):
                continue
            indent = _indent(line)
            if limit is not None and indent >= limit:
                continue
            key = _key_of(line)
            if key is not None:
                found.append((other, _key_column(line), key))
            limit = indent
            if indent == 0:
                break
        return found


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_of(line: str) -> str | None:
    """The key a `key: value` or `key:` line (or a list item `- key: value`) starts with."""
    body = line.strip()
    while body.startswith("- "):
        body = body[2:].lstrip()
    match = re.match(r"([^\s:#][^:#]*?):(?:\s|$)", body)
    return match.group(1).strip() if match else None


def _code(char: str) -> str:
    return "'`'" if char == "`" else f"`{char}`"


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _explain(exc: yaml.MarkedYAMLError, text: _Text, at: Place) -> Found | None:
    problem = exc.problem or ""
    context = exc.context or ""
    start = (exc.context_mark.line, exc.context_mark.column) if exc.context_mark else None
    found_match = _FOUND.search(problem)
    found = found_match.group(1) if found_match else ""
    if problem.endswith("that cannot start any token"):
        return _cannot_start(text, at)
    if context == "while scanning a quoted scalar" and start is not None:
        quote = text.char(start)
        return start, (
            f"this {_code(quote)} opened at line {start[0] + 1} column "
            f"{start[1] + 1} is never closed (add {_code(quote)} where the text ends)"
        )
    if problem.startswith("found unknown escape character"):
        return _bad_escape(text, at)
    if context in ("while parsing a flow node", "while parsing a block node"):
        return _empty_value(text, at, found, context == "while parsing a flow node")
    if context.startswith("while parsing a flow") and start is not None:
        return _flow(text, start, at, found)
    if problem == "mapping values are not allowed here":
        return _colon_in_the_wrong_place(text, at)
    if context == "while scanning a simple key" and start is not None:
        return _missing_colon(text, start)
    if context == "while parsing a block mapping":
        return _in_block_mapping(text, at, found)
    if context == "while parsing a block collection":
        return _in_list(text, at, found)
    if (
        context.startswith(
            (
                "while scanning an anchor",
                "while scanning an alias",
                "while scanning a tag",
                "while parsing a tag",
                "while scanning a directive",
                "while scanning a block scalar",
            )
        )
        and start is not None
    ):
        return _indicator(text, start)
    if problem.startswith("found undefined alias"):
        return _indicator(text, at)
    if found == "<stream end>":
        return _unclosed(text, _openers_above(text, at), at)
    if problem in ("sequence entries are not allowed here", "mapping keys are not allowed here"):
        return _indicator(text, at)
    if context == "expected a single document in the stream":
        return at, (
            "a content file holds a single document, but a second YAML document starts "
            "here: remove the `---` line"
        )
    if problem.startswith("expected '<document start>'"):
        return at, (
            "the document has ended (`...` or `---` above), but more text follows: "
            "remove the line that ends it"
        )
    return None


def _cannot_start(text: _Text, at: Place) -> Found:
    char = text.char(at)
    before = text.line(at[0])[: at[1]]
    if char == "\t":
        if not before.strip():
            return at, (
                "a tab is used for indentation; YAML indents with spaces only "
                "(replace the tab with spaces)"
            )
        return at, "a tab separates the text here; YAML allows only spaces (use a space)"
    return at, (
        f"text cannot start with {_code(char)}, which YAML reserves; put the text in "
        f"quotes: {_quoted(_value_at(text, at))}"
    )


def _indicator(text: _Text, at: Place) -> Found:
    char = text.char(at)
    meaning = _INDICATORS.get(char, "something other than text")
    return at, (
        f"{_code(char)} at the start of a value makes it {meaning} in YAML; if it is "
        f"text, put it in quotes: {_quoted(_value_at(text, at))}"
    )


def _value_at(text: _Text, at: Place) -> str:
    """The text of the value that starts at `at`, as far as the line shows it."""
    line = text.line(at[0])
    value = line[at[1] :]
    comment = value.find(" #")
    if comment >= 0:
        value = value[:comment]
    if _open_brackets(line[: at[1]]):
        value = re.split(r"[,}\]]", value, maxsplit=1)[0]
    if re.match(r"\s*(?:-\s+)?$", line[: at[1]]):  # a key: its value is not part of it
        value = value.split(": ", 1)[0]
    return value.rstrip() or value


def _open_brackets(prefix: str) -> bool:
    return prefix.count("{") + prefix.count("[") > prefix.count("}") + prefix.count("]")


def _bad_escape(text: _Text, at: Place) -> Found:
    line, col = at
    if col > 0 and text.char((line, col - 1)) == "\\":
        col -= 1
    escape = text.line(line)[col : col + 2]
    return (line, col), (
        f"`{escape}` is not an escape YAML knows in a double-quoted text: "
        "write `\\\\` for a backslash, or use single quotes, which keep "
        "backslashes as they are"
    )


# --- Brackets: {...} and [...] ---------------------------------------------------------------


def _flow(text: _Text, start: Place, at: Place, found: str) -> Found | None:
    """An error inside a {...} or [...] that YAML was reading from `start`."""
    quote = _text_after_quote(text, at, found)
    if quote is not None:
        return quote
    stack = _scan_flow(text, start, at)
    if found in ("}", "]") and stack and stack[-1][0] != _PARTNER[found]:
        opener, line, col = stack[-1]
        return (line, col), (
            f"this {_code(opener)} opened at line {line + 1} column {col + 1} is never closed "
            f"(add {_code(_PARTNER[opener])} before the {_code(found)} at line {at[0] + 1} "
            f"column {at[1] + 1})"
        )
    unclosed = _unclosed(text, [(line, col) for _, line, col in reversed(stack)], at)
    if unclosed is not None:
        return unclosed
    after = _text_after_closer(text, at)
    if after is not None:
        return after
    if found == ":" and stack:
        return _colon_inside_brackets(text, at, stack[-1][0])
    if found == "?":
        return at, (
            "`?` inside {...} or [...] ends a text for YAML; put the text in quotes: "
            f"{_quoted(_entry_value(text, at))}"
        )
    if found in ("{", "["):
        glued = re.search(r"([^\s,{\[:]+):(\S+)\s*$", text.line(at[0])[: at[1]])
        if glued:
            return (at[0], glued.start(2) - 1), (
                f"a `:` must be followed by a space: write `{glued.group(1)}: {glued.group(2)}`"
            )
        return at, f"a `,` is missing before this {_code(found)}"
    return None


def _unclosed(text: _Text, openers: list[Place], at: Place) -> Found | None:
    """The first of `openers` (innermost first) that is left open on its own line."""
    for line, col in openers[:MAX_OPENERS]:
        comments: list[Place] = []
        end_of_line = (line, min(len(text.line(line)), col + MAX_LINE_SCAN))
        if not _scan_flow(text, (line, col), end_of_line, comments):
            continue  # closed on its own line: not the one left open
        opener = text.char((line, col))
        end = line
        if at[0] > line:
            last = text.previous_content_line(at[0])
            end = line if last is None or last < line else last
        message = (
            f"this {_code(opener)} opened at line {line + 1} column {col + 1} is never "
            f"closed (add {_code(_PARTNER[opener])} at the end of line {end + 1})"
        )
        if comments and comments[0][0] == line:
            message += (
                f"; the `#` at column {comments[0][1] + 1} starts a comment, which hides "
                "the rest of the line (put a text containing `#` in quotes)"
            )
        return (line, col), message
    return None


def _openers_above(text: _Text, at: Place, lines: int = 200) -> list[Place]:
    """Brackets that start a value on the lines up to `at`, the nearest first."""
    found: list[Place] = []
    for line in range(at[0], max(-1, at[0] - lines), -1):
        row = text.line(line)[: at[1]] if line == at[0] else text.line(line)
        for match in reversed(list(re.finditer(r"(?:^|[\s,:{\[])([{\[])", row))):
            found.append((line, match.start(1)))
            if len(found) == MAX_OPENERS:
                return found
    return found


def _text_after_closer(text: _Text, at: Place) -> Found | None:
    """More text right after a `}` or `]`: a stray bracket, or text left outside."""
    row = text.line(at[0])
    close = len(row[: at[1]].rstrip()) - 1
    if close < 0 or row[close] not in "}]":
        return None
    return (at[0], close), (
        f"more text follows the {_code(row[close])} at column {close + 1}, which closes the "
        "value: remove that bracket if it is one too many, or move the text inside the brackets"
    )


def _entry_value(text: _Text, at: Place) -> str:
    """The text of the {...} or [...] entry around `at`, from its value's start to its end."""
    row = text.line(at[0])
    start = max(row.rfind(sep, 0, at[1]) for sep in (",", "{", "[", ": ")) + 1
    start += len(row[start:]) - len(row[start:].lstrip(" "))
    return re.split(r"[,}\]]", row[start:], maxsplit=1)[0].rstrip()


def _empty_value(text: _Text, at: Place, found: str, in_brackets: bool) -> Found | None:
    """`expected the node content`: a value that starts with a character that cannot start it."""
    if found == ",":
        if in_brackets:
            return (
                at,
                "an empty entry (two `,` in a row, or a `,` right after `{` or `[`): "
                "remove the extra `,`",
            )
        return at, "a value cannot start with `,`; remove it, or put the text in quotes"
    if found == ":":
        return at, "a value cannot start with `:`; remove the extra `:`, or put the text in quotes"
    if found in ("}", "]"):
        return at, f"this {_code(found)} closes nothing here; remove it"
    if found in ("-", "?"):
        return _indicator(text, at)
    return _unclosed(text, _openers_above(text, at), at)


def _scan_flow(
    text: _Text, start: Place, stop: Place, comments: list[Place] | None = None
) -> list[tuple[str, int, int]]:
    """The brackets still open at `stop`, reading flow content from the bracket at `start` as
    YAML does (quoted texts and comments hide brackets). Empty once that bracket is closed.
    Comments met on the way are added to `comments`."""
    stack: list[tuple[str, int, int]] = []
    line, col = start
    while (line, col) < stop and line < len(text.lines):
        row = text.lines[line]
        if col >= len(row):
            line, col = line + 1, 0
            continue
        char = row[col]
        if char in " \t,:":
            col += 1
        elif char == "#":  # where a token could start, even right after a `,`
            if comments is not None:
                comments.append((line, col))
            col = len(row)
        elif char in "{[":
            stack.append((char, line, col))
            col += 1
        elif char in "}]":
            if stack and stack[-1][0] == _PARTNER[char]:
                stack.pop()
            col += 1
            if not stack:
                return stack
        elif char in "\"'":
            line, col = _after_quoted(text, line, col)
        else:
            col = _after_plain(row, col)
    return stack


def _after_quoted(text: _Text, line: int, col: int) -> Place:
    """Where the quoted text starting at (line, col) ends (the end of the file if it does not)."""
    quote = text.lines[line][col]
    col += 1
    while line < len(text.lines):
        row = text.lines[line]
        while col < len(row):
            if quote == '"' and row[col] == "\\":
                col += 2
            elif row[col] == quote:
                if quote == "'" and row[col + 1 : col + 2] == "'":
                    col += 2
                    continue
                return line, col + 1
            else:
                col += 1
        line, col = line + 1, 0
    return len(text.lines), 0


def _after_plain(row: str, col: int) -> int:
    start = col
    while col < len(row):
        char = row[col]
        if char in ",[]{}" or (char == ":" and row[col + 1 : col + 2] in ("", " ", ",", "]", "}")):
            break
        if char == "#" and col > start and row[col - 1] in " \t":
            break
        col += 1
    return max(col, start + 1)


def _colon_inside_brackets(text: _Text, at: Place, opener: str) -> Found:
    """A second `:` in one entry of a {...} or [...]: a missing comma, or a text with `: `."""
    row = text.line(at[0])
    entry_start = max(row.rfind(sep, 0, at[1]) for sep in ",{[") + 1
    entry = row[entry_start : at[1]]
    key_start = entry_start + len(entry) - len(entry.lstrip())
    key, colon, value = entry.lstrip().partition(": ")
    value_start = key_start + len(key) + len(colon)
    words = value.split()
    if colon and len(words) > 1 and _KEY_LIKE.fullmatch(words[-1]):
        col = value_start + value.rstrip().rfind(words[-1])
        return (at[0], col), (
            f"a `,` is missing before '{words[-1]}' (entries inside "
            f"{_code(opener)}...{_code(_PARTNER[opener])} are separated by "
            "commas)"
        )
    start = value_start + len(value) - len(value.lstrip()) if colon else key_start
    rest = re.split(r"[,}\]]", row[start:], maxsplit=1)[0].rstrip()
    return at, (
        f"this text contains `: `, which YAML reads as the start of a value; put the "
        f"text in quotes: {_quoted(rest)}"
    )


# --- Quotes -----------------------------------------------------------------------------------


def _text_after_quote(text: _Text, at: Place, found: str) -> Found | None:
    """More text right after a closing quote: a quote closed too early, or one left out."""
    if found != "<scalar>":
        return None
    row = text.line(at[0])
    close = at[1] - 1
    while close >= 0 and row[close] == " ":
        close -= 1
    if close < 0 or row[close] not in "\"'":
        return None
    quote = row[close]
    open_ = _opening_quote(row, close)
    if open_ is None:
        return None
    shown = row[open_ : close + 1]
    if len(shown) > 40:
        shown = shown[:18] + "…" + shown[-18:]
    inner = '\\"' if quote == '"' else "''"
    return (at[0], open_), (
        f"the quoted text {shown} (columns {open_ + 1} to {close + 1}) is followed by more text, "
        f"but a quoted text ends at its closing quote: check that every quote is closed where "
        f"its text ends, and write a {quote} inside a quoted text as {inner}"
    )


def _opening_quote(row: str, close: int) -> int | None:
    """The quote that the quote at `close` closes, on the same line."""
    quote = row[close]
    col = close - 1
    while col >= 0:
        if row[col] == quote:
            if quote == '"' and col > 0 and row[col - 1] == "\\":
                col -= 2
                continue
            if quote == "'" and col > 0 and row[col - 1] == "'":
                col -= 2
                continue
            return col
        col -= 1
    return None


# --- Keys, colons and indentation ---------------------------------------------------------


def _colon_in_the_wrong_place(text: _Text, at: Place) -> Found | None:
    """`mapping values are not allowed here`: a `:` where YAML was reading a plain text."""
    row = text.line(at[0])
    before = row[: at[1]]
    body = before.lstrip(" ")
    indent = len(before) - len(body)
    while body.startswith("- "):
        indent += 2 + len(body[2:]) - len(body[2:].lstrip(" "))
        body = body[2:].lstrip(" ")
    if at[1] >= MAX_KEY_CHARS and ": " not in body:
        return (at[0], indent), (
            f"this key is longer than the {MAX_KEY_CHARS} characters YAML allows; shorten it"
        )
    if ": " in body:
        key, _, value = body.partition(": ")
        word = re.match(r"(\S+)\s+[\[{]", key)
        if word:
            col = indent + len(word.group(1))
            return (at[0], col), (
                f"a `:` is missing after the key '{word.group(1)}' "
                f"(write `{word.group(1)}: ` before the value)"
            )
        value = value.strip()
        rest = row[at[1] :]
        comment = rest.find(" #")
        full = (value + (rest[:comment] if comment >= 0 else rest)).rstrip()
        return at, (
            f"this text contains `: `, which YAML reads as the start of a value; put "
            f"the text in quotes: {_quoted(full)}"
        )
    above = text.previous_content_line(at[0])
    if above is None:
        return None
    # YAML was reading a plain text that began on an earlier line: find the key it belongs to.
    owner: int | None = above
    while owner is not None and _key_of(text.line(owner)) is None:
        owner = text.previous_content_line(owner)
    owner_row = text.line(owner) if owner is not None else ""
    owner_key = _key_of(owner_row)
    continued = owner == above or _indent(text.line(above)) > _key_column(owner_row)
    if owner is None or owner_key is None or not _has_value(owner_row) or not continued:
        above_row = text.line(above)
        if _key_of(above_row) is None:
            return _missing_colon(text, (above, _key_column(above_row)))
        return None
    if owner != above and _indent(row) == _indent(text.line(above)):
        # A line of the same text: the text itself contains ": ".
        return (owner, _value_column(owner_row)), (
            f"the text of '{owner_key}' contains `: ` (line {at[0] + 1}), which YAML reads as the "
            "start of a value; put the whole text in quotes, or use a block (`|`)"
        )
    return (at[0], _indent(row)), _indented_more(text, owner, owner_key)


def _value_column(row: str) -> int:
    col = _key_column(row)
    colon = row.find(":", col)
    col = colon + 1 if colon >= 0 else col
    return col + len(row[col:]) - len(row[col:].lstrip(" "))


def _has_value(row: str) -> bool:
    body = row.split(" #", 1)[0].rstrip()
    return not body.endswith(":")


def _key_column(row: str) -> int:
    col = _indent(row)
    while row[col : col + 2] == "- ":
        col += 2
        col += len(row[col:]) - len(row[col:].lstrip(" "))
    return col


def _indented_more(text: _Text, above: int, key: str) -> str:
    spaces = _key_column(text.line(above))
    return (
        f"this line is indented more than the key above it ('{key}' on line {above + 1}, "
        f"which already has a value); line it up with '{key}' ({_spaces(spaces)})"
    )


def _spaces(count: int) -> str:
    return "no indentation" if count == 0 else f"{count} space{'s' if count != 1 else ''}"


def _missing_colon(text: _Text, start: Place) -> Found:
    """A line that YAML read as a key without its `:`."""
    row = text.line(start[0])
    body = row[start[1] :]
    glued = re.match(r"([^\s:]+):(\S)", body)
    if glued:
        col = start[1] + len(glued.group(1))
        return (start[0], col), (
            f"a `:` must be followed by a space: write "
            f"`{glued.group(1)}: {body[len(glued.group(1)) + 1 :].rstrip()}`"
        )
    word = body.split()[0] if body.split() else body
    rest = body[len(word) :].strip()
    suggestion = f"{word}: {rest}" if rest else f"{word}:"
    return (start[0], start[1] + len(word)), (
        f"a `:` is missing after the key '{word}' (write `{suggestion}`)"
    )


def _in_block_mapping(text: _Text, at: Place, found: str) -> Found | None:
    row = text.line(at[0])
    if found == "<block mapping start>":
        return _indentation(text, at)
    if found == "-":
        sibling = _sibling_key(text, at)
        like = f" (like '{sibling[1]}' on line {sibling[0] + 1})" if sibling else ""
        return at, (
            f"a list item (`- `) is mixed into a mapping: the lines above at this "
            f"indentation are keys{like}; remove the `-`, or put the list under a key "
            "of its own"
        )
    if found in ("}", "]"):
        return at, (
            f"this {_code(found)} closes nothing: no {_code(_PARTNER[found])} is open "
            "before it; remove it"
        )
    after = _text_after_closer(text, at)
    if after is not None:
        return after
    if found == ":" and not row[: at[1]].strip():
        above = text.previous_content_line(at[0])
        if above is not None and _key_of(text.line(above)) is None:
            return at, (
                f"this line starts with the `:` of the key on line {above + 1}: move "
                f"the `:` to the end of line {above + 1}"
            )
        return at, "a line cannot start with `:`; remove it, or put the text in quotes"
    if found == ",":
        return at, (
            "a `,` separates entries only inside {...} or [...]; remove it, or put the "
            "text in quotes"
        )
    if found == "<scalar>":
        quote = _text_after_quote(text, at, found)
        if quote is not None:
            return quote
        if _key_of(row) is None:
            return _missing_colon(text, (at[0], _indent(row)))
    return None


def _sibling_key(text: _Text, at: Place) -> tuple[int, str] | None:
    for line, column, key in text.ancestors(at[0]):
        if column == at[1]:
            return line, key
    return None


def _indentation(text: _Text, at: Place) -> Found:
    """A key whose indentation does not fit the keys above it."""
    above = text.previous_content_line(at[0])
    spaces = at[1]
    if above is not None:
        above_row = text.line(above)
        key = _key_of(above_row)
        if key is not None and _key_column(above_row) < spaces and _has_value(above_row):
            return at, _indented_more(text, above, key)
    levels = text.ancestors(at[0])
    deeper = [level for level in levels if level[1] > spaces]
    shallower = [level for level in levels if level[1] < spaces]
    options = deeper[-1:] + shallower[:1]
    choices = " or ".join(
        f"'{key}' on line {line + 1} ({_spaces(indent)})"
        for line, indent, key in sorted(options, key=lambda level: -level[1])
    )
    message = f"the indentation ({_spaces(spaces)}) does not match any key above"
    if choices:
        message += f": line it up with {choices}"
    return at, message


def _in_list(text: _Text, at: Place, found: str) -> Found | None:
    """A line inside a list that is not an item (`- ...`)."""
    if found not in ("?", "<block mapping start>", "<scalar>"):
        return None
    for line in range(at[0] - 1, -1, -1):
        row = text.line(line)
        if _is_content(row) and _indent(row) == at[1] and row.lstrip().startswith("-"):
            key_col = _key_column(row)
            return at, (
                f"this line is inside a list but is not an item: indent it like "
                f"'{_key_of(row) or row.strip()}' on line {line + 1} "
                f"({_spaces(key_col)}) if it belongs to that item, or start it with "
                "`- ` to make it an item of its own"
            )
    return _indentation(text, at)
