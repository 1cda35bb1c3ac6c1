"""The shape of every content file, as Pydantic models (also the source of the JSON Schemas).

These models check each file on its own: types, required fields, no unknown fields. Whether an
id points at something that exists is a question about the whole content and is answered in
`validate.py`, where every file is at hand.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

# The individual-contributor ladder: levels.yaml must define these five (their URLs are
# published), and a role without `levels` has this ladder. levels.yaml may add more levels
# (another track's, e.g. management), each role naming its own ladder in `levels`.
LEVELS: tuple[str, ...] = ("junior", "middle", "senior", "lead", "principal")
PROFICIENCIES: tuple[str, ...] = ("awareness", "working", "advanced", "expert")
TRACKS: tuple[str, ...] = ("individual", "management")

ProficiencyId = Literal["awareness", "working", "advanced", "expert"]

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LOCALE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
# How a text starts that a spreadsheet reads as a formula: names go to the CSV export.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Ids become folder names of the published site, and Windows cannot create these (a clone of
# the built site, or of a future content layout keyed by id, would fail there).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)


def reserved_id_problem(ident: str) -> str | None:
    if ident in WINDOWS_RESERVED:
        return (
            f"'{ident}' is a name Windows reserves for a device and cannot be a file or "
            "folder there; choose another id"
        )
    return None


def describe(value: object) -> str:
    """How a contributor would name what they wrote, for error messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()}); quote it if you meant a text"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value}); quote it if you meant a text"


def _string(value: object, key: str | None = None) -> str:
    # Errors carry the offending locale key in their context, so that the loader can point at
    # the exact line of a nested value rather than at the mapping that holds it.
    where = f" for locale '{key}'" if key else ""
    ctx = {"key": key} if key else {}
    if not isinstance(value, str):
        raise PydanticCustomError(
            "text_type",
            "expected a text{where}, got {got}",
            {**ctx, "where": where, "got": describe(value)},
        )
    if not value.strip():
        raise PydanticCustomError("text_blank", "text{where} is empty", {**ctx, "where": where})
    return value


def _plain_text(value: object) -> str:
    return _string(value)


def _text(value: object) -> str | dict[str, str]:
    if isinstance(value, dict) and value:
        return {str(k): _string(v, str(k)) for k, v in value.items()}
    if isinstance(value, str):
        return _string(value)
    raise PydanticCustomError(
        "text_type",
        "expected a text, or a mapping from locale to text; got {got}",
        {"got": describe(value)},
    )


def _text_list(value: object) -> list[str] | dict[str, list[str]]:
    def items(seq: object, key: str | None) -> list[str]:
        if not isinstance(seq, list):
            where = f" for locale '{key}'" if key else ""
            raise PydanticCustomError(
                "list_type",
                "expected a list of texts{where}, got {got}",
                {"key": key, "where": where, "got": describe(seq)}
                if key
                else {"where": where, "got": describe(seq)},
            )
        return [_string(item, key) for item in seq]

    if isinstance(value, dict) and value:
        return {str(k): items(v, str(k)) for k, v in value.items()}
    return items(value, None)


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip()
    raise PydanticCustomError(
        "cell_type",
        "expected a proficiency such as 'working' or 'working!' (required), got {got}",
        {"got": describe(value)},
    )


def output_dir_problem(text: str) -> str | None:
    """Why `text` cannot be the output folder, or None. It must be a plain relative path
    inside the repository: never the repository itself, a folder above it, or one of its own
    folders (the build also refuses, when it runs, folders holding files tracked by git or
    not written by a build)."""
    parts = text.replace("\\", "/").split("/")
    problem = None
    if "\\" in text or text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        problem = "must be a relative path with '/' between folders"
    elif any(part in ("", ".", "..") for part in parts[:-1] or parts) or parts[-1] in (".", ".."):
        problem = "must name a folder inside the repository (no '.', '..' or empty parts)"
    elif parts[0] in OUTPUT_PROTECTED:
        problem = f"must not be inside {parts[0]}/, which the build would replace"
    return f"output_dir '{text}' {problem}; e.g. _site" if problem else None


def _output_dir(value: object) -> str:
    text = _string(value)
    problem = output_dir_problem(text)
    if problem:
        raise PydanticCustomError("output_dir", "{problem}", {"problem": problem})
    return text.rstrip("/")


# Folders of the repository that a build must never replace (output.PROTECTED, which imports
# this: the models are the lower layer).
# (bench/ is not one: the benchmark builds into its ignored bench/out/; the folder itself holds
# tracked files, which the build refuses to replace.)
OUTPUT_PROTECTED = frozenset(
    {
        ".git",
        ".github",
        "content",
        "layouts",
        "assets",
        "schemas",
        "skillmatrix",
        "tests",
        "docs",
        ".venv",
    }
)

OutputDir = Annotated[
    str,
    PlainValidator(_output_dir),
    WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"^(?!\.{1,2}(/|$))[^/\\:]"}),
]

NonBlank = Annotated[
    str, PlainValidator(_plain_text), WithJsonSchema({"type": "string", "minLength": 1})
]

_TEXT_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1, "description": "The same text in every locale."},
        {
            "type": "object",
            "description": "Text per locale; a missing locale falls back to the default one.",
            "propertyNames": {"pattern": LOCALE_PATTERN},
            "additionalProperties": {"type": "string", "minLength": 1},
            "minProperties": 1,
        },
    ]
}
# A text is either one string for every locale (product names such as "PostgreSQL") or a
# mapping from locale to string. Locale keys are checked against site_config in validate.py.
Text = Annotated[str | dict[str, str], PlainValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]

_TEXT_LIST_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "items": {"type": "string", "minLength": 1}},
        {
            "type": "object",
            "propertyNames": {"pattern": LOCALE_PATTERN},
            "additionalProperties": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "minProperties": 1,
        },
    ]
}
TextList = Annotated[
    list[str] | dict[str, list[str]], PlainValidator(_text_list), WithJsonSchema(_TEXT_LIST_SCHEMA)
]

_CELL_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "null", "description": "Not expected at this level."},
        {
            "type": "string",
            "enum": [p + suffix for p in PROFICIENCIES for suffix in ("", "!")],
            "description": "A proficiency; a trailing '!' marks the cell required.",
        },
    ]
}
Cell = Annotated[str | None, PlainValidator(_cell), WithJsonSchema(_CELL_SCHEMA)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteConfig(Strict):
    title: Text
    description: Text
    base_url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+/$")] = Field(
        description="Absolute URL of the published site, ending with '/'."
    )
    repository: Annotated[str, StringConstraints(pattern=r"^https://[^\s]+[^/]$")] = Field(
        description="Web URL of the repository, for 'suggest a change' links."
    )
    branch: NonBlank = "main"
    locales: list[Annotated[str, StringConstraints(pattern=LOCALE_PATTERN)]] = Field(min_length=1)
    default_locale: Annotated[str, StringConstraints(pattern=LOCALE_PATTERN)]
    output_dir: OutputDir = Field(
        "_site",
        description="Folder the build writes, relative to the repository; replaced "
        "as a whole by every build.",
    )
    history_limit: Annotated[int, Field(strict=True, ge=1, le=500)] = Field(
        20,
        description="How many of its latest changes a role's history page and feed list "
        "(read from git).",
    )


class Level(Strict):
    name: Text
    short: Text
    track: Literal["individual", "management"] = Field(
        "individual",
        description="The career track the level belongs to; levels.yaml lists each "
        "track's levels in order of seniority.",
    )


class Proficiency(Strict):
    name: Text
    mark: Text = Field(description="What a matrix cell prints; unique within a locale.")
    description: Text


class Category(Strict):
    name: Text


class SkillProficiencies(Strict):
    awareness: Text
    working: Text
    advanced: Text
    expert: Text


class Skill(Strict):
    category: Id
    name: Text
    description: Text
    proficiency: SkillProficiencies


class Family(Strict):
    name: Text
    description: Text


class FaqEntry(Strict):
    question: Text
    answer: Text


class RolePath(Strict):
    """A step from a level of this role into a level of another role (a career move)."""

    role: Id = Field(description="The other role's id.")
    from_: Id = Field(alias="from", description="A level of this role.")
    to: Id = Field(description="A level of the other role (its ladder).")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Role(Strict):
    family: Id
    title: Text
    summary: Text
    core_categories: list[Id] = Field(
        default_factory=list,
        description="Categories whose Working-or-above cells are required (content/README.md).",
    )
    levels: list[Id] = Field(
        default_factory=lambda: list(LEVELS),
        min_length=1,
        description="The role's ladder: level ids of levels.yaml, of one track, in its order "
        "(default: the five individual-contributor levels).",
    )
    paths: list[RolePath] = Field(
        default_factory=list,
        description="Career moves from a level of this role into a level of another role.",
    )
    stack: dict[Id, TextList] = Field(default_factory=dict)
    focus: dict[Id, Text] = Field(default_factory=dict)
    faq: list[FaqEntry] = Field(default_factory=list)
    matrix: dict[Id, dict[Id, Cell]] = Field(
        description="Per skill id, the proficiency expected at each level of the role's ladder."
    )
    details: dict[Id, dict[Id, Text]] = Field(
        default_factory=dict,
        description="Per skill and level, a detail text replacing the catalog's generic one.",
    )


class Competency(Strict):
    """One impact-and-behaviours competency of the shared catalog (content/competencies/)."""

    order: int = Field(
        ge=0,
        strict=True,
        description="Reading order on every page; unique across competencies, gaps allowed.",
    )
    name: Text
    description: Text = Field(description="What the competency is, in one to three sentences.")
    # Level ids are checked against levels.yaml with the whole content at hand (validate/), so
    # a catalog written for more levels than a site defines gets one precise error per key.
    levels: dict[Id, Text] = Field(
        description="Per level id of levels.yaml, what the competency expects at that level."
    )


# The vocabularies are files holding a mapping from id to entry.
Levels = dict[Id, Level]
Proficiencies = dict[ProficiencyId, Proficiency]
Categories = dict[Id, Category]
PluralCategory = Literal["zero", "one", "two", "few", "many", "other"]
_UI_VALUE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "minLength": 1},
        {
            "type": "object",
            "description": "Plural forms (CLDR categories); {count} is replaced by the number.",
            "propertyNames": {"enum": ["zero", "one", "two", "few", "many", "other"]},
            "additionalProperties": {"type": "string", "minLength": 1},
            "required": ["other"],
        },
    ]
}
UiKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]+$")]
UiValue = Annotated[str | dict[PluralCategory, NonBlank], WithJsonSchema(_UI_VALUE_SCHEMA)]
UiStrings = dict[UiKey, UiValue]
