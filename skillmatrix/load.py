"""Load step: find the content files, parse them and check each against its model.

The result holds the typed content plus every file's positions, so later steps can point at the
exact line of a cross-reference that does not resolve.
"""

from __future__ import annotations

import copy
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, Field, TypeAdapter, ValidationError, create_model

from . import shapes
from .diagnostics import Diagnostic, Diagnostics, did_you_mean
from .source import SYMLINK_MESSAGE, ParseCache, Position, SourceFile, read_source

T = TypeVar("T")

CONFIG_FILE = "site_config.yaml"
CONTENT_DIR = "content"
# Files that hold one vocabulary each, and folders that hold one entity per file.
# file -> (attribute of Content, kind of entry, model of the whole file)
VOCABULARIES: dict[str, tuple[str, str, Any]] = {
    "levels.yaml": ("levels", "level", shapes.Levels),
    "proficiencies.yaml": ("proficiencies", "proficiency", shapes.Proficiencies),
    "categories.yaml": ("categories", "category", shapes.Categories),
}
# folder -> (kind of entry, model of one file)
COLLECTIONS: dict[str, tuple[str, Any]] = {
    "skills": ("skill", shapes.Skill),
    "families": ("family", shapes.Family),
    "roles": ("role", shapes.Role),
    "competencies": ("competency", shapes.Competency),
}
UI_DIR = "i18n"


@dataclass
class Content:
    """Everything under content/ and the site configuration, as typed values."""

    root: Path
    config: shapes.SiteConfig | None = None
    levels: dict[str, shapes.Level] = field(default_factory=dict)
    proficiencies: dict[str, shapes.Proficiency] = field(default_factory=dict)
    categories: dict[str, shapes.Category] = field(default_factory=dict)
    skills: dict[str, shapes.Skill] = field(default_factory=dict)
    families: dict[str, shapes.Family] = field(default_factory=dict)
    roles: dict[str, shapes.Role] = field(default_factory=dict)
    competencies: dict[str, shapes.Competency] = field(default_factory=dict)
    ui: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    # (kind, id) -> repository-relative path of the file that defines it
    origins: dict[tuple[str, str], str] = field(default_factory=dict)
    # Files that exist but failed to load: their ids are known, so references to them must
    # not cascade into "unknown id" errors on top of the file's own. A broken skill, family or
    # role may still be in `skills`, `families` or `roles` as salvaged (see `salvage`): the run
    # has errors, so it is checked but never built.
    broken: set[str] = field(default_factory=set)
    cache: ParseCache | None = None
    broken_ids: set[tuple[str, str]] = field(default_factory=set)

    def exists(self, kind: str, ident: str, loaded: dict[str, Any]) -> bool:
        return ident in loaded or (kind, ident) in self.broken_ids

    def source_of(self, kind: str, ident: str) -> SourceFile:
        return self.sources[self.origins[(kind, ident)]]

    def __repr__(self) -> str:
        # Short: a test's failure report prints it, and the default one holds every file.
        return (
            f"<Content {self.root}: {len(self.sources)} files, {len(self.roles)} roles, "
            f"{len(self.skills)} skills>"
        )


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def _adapter(shape: Any) -> TypeAdapter[Any]:
    if shape not in _ADAPTERS:
        _ADAPTERS[shape] = TypeAdapter(shape)
    return _ADAPTERS[shape]


def load_config(root: Path) -> shapes.SiteConfig | None:
    """Only the site configuration (for commands that need no content), or None if invalid."""
    problems = Diagnostics()
    source = read_source(root / CONFIG_FILE, CONFIG_FILE, problems)
    return _check(source, shapes.SiteConfig, problems) if source else None


def output_dir_setting(root: Path) -> tuple[str, Position] | None:
    """site_config.yaml's output_dir as written, and where, before anything is validated: the
    build refuses a hostile one before it does anything else. None when it cannot be read
    (then `check` says why, and the build stops there)."""
    source = read_source(root / CONFIG_FILE, CONFIG_FILE, Diagnostics())
    if source is None or not isinstance(source.data, dict):
        return None
    value = source.data.get("output_dir", "_site")
    return (value, source.at(("output_dir",))) if isinstance(value, str) else None


def load_content(root: Path, problems: Diagnostics, cache: ParseCache | None = None) -> Content:
    content = Content(root=root, cache=cache)
    config_source = _read(root, CONFIG_FILE, content, problems)
    if config_source is not None:
        content.config = _check(config_source, shapes.SiteConfig, problems)

    content_dir = root / CONTENT_DIR
    layout = _layout(root, cache)
    problems.extend(layout.links)
    if content_dir.is_symlink() or not content_dir.is_dir():
        if not content_dir.is_symlink():
            problems.error(CONTENT_DIR, 1, 1, "content folder is missing")
        return content

    for filename, (attr, kind, shape) in VOCABULARIES.items():
        relpath = f"{CONTENT_DIR}/{filename}"
        if not (root / relpath).exists():
            problems.error(relpath, 1, 1, f"missing vocabulary file {filename}")
            continue
        source = _read(root, relpath, content, problems)
        value = _check(source, shape, problems) if source else None
        if value is None:
            content.broken.add(relpath)
            continue
        setattr(content, attr, value)
        for ident in value:
            content.origins[(kind, ident)] = relpath

    for folder, (kind, model) in COLLECTIONS.items():
        for name, is_dir in layout.entries[folder]:  # none for a linked folder (reported)
            path = content_dir / folder / name
            if is_dir or name.startswith(".") or path.suffix not in _ENTITY_SUFFIXES:
                continue
            relpath = f"{CONTENT_DIR}/{folder}/{name}"
            ident = _entity_id(path, relpath, problems)
            if ident is None:
                content.broken.add(relpath)  # what it defines or uses is unknown
                continue
            source = _read(root, relpath, content, problems)
            entity = _check(source, model, problems) if source else None
            if entity is None:
                content.broken.add(relpath)
                content.broken_ids.add((kind, ident))
                entity = salvage(source, model) if source else None
            if entity is not None:
                getattr(content, folder)[ident] = entity
                content.origins[(kind, ident)] = relpath

    for name, _ in layout.entries[UI_DIR]:
        path = content_dir / UI_DIR / name
        relpath = f"{CONTENT_DIR}/{UI_DIR}/{name}"
        if path.suffix != ".yaml":
            problems.error(relpath, 1, 1, "UI string files are named {locale}.yaml")
            continue
        source = _read(root, relpath, content, problems)
        strings = _check(source, shapes.UiStrings, problems) if source else None
        if strings is not None:
            content.ui[path.stem] = strings
            content.origins[("ui", path.stem)] = relpath
        else:
            content.broken.add(relpath)

    problems.extend(layout.strays)
    return content


# Folders whose files the build reads or publishes: none of them may hold a symbolic link.
READ_FOLDERS = (CONTENT_DIR, "layouts", "assets")


@dataclass
class Layout:
    """What the folders hold, as far as loading goes: the entries of each content folder
    (name, whether a folder; sorted), and the problems of the layout itself (symbolic links,
    stray files). Walking the folders again after every save costs more than the save on a
    large site: the preview keeps the last layout while only known files change (`_layout`)."""

    entries: dict[str, list[tuple[str, bool]]]  # content folder -> its entries
    links: list[Diagnostic]
    strays: list[Diagnostic]
    files: frozenset[str]  # every file of READ_FOLDERS (repository paths)


def _layout(root: Path, cache: ParseCache | None) -> Layout:
    """The layout of `root`, walked again unless `cache` holds one and was told that only
    files it lists changed, each still a regular file (a file added, removed or replaced by
    a link or a folder changes the layout: a new walk)."""
    kept = cache.layout if cache is not None else None
    changed = cache.changed if cache is not None else None
    if (
        isinstance(kept, Layout)
        and changed is not None
        and all(path == CONFIG_FILE or _still_a_file(root, path, kept.files) for path in changed)
    ):
        return kept
    layout = _walk(root)
    if cache is not None:
        cache.layout = layout
    return layout


def _still_a_file(root: Path, relpath: str, files: frozenset[str]) -> bool:
    if relpath not in files:
        return False
    try:
        return stat.S_ISREG(os.lstat(root / relpath).st_mode)
    except OSError:
        return False


def _walk(root: Path) -> Layout:
    links, files = Diagnostics(), set()
    # Every symbolic link where the build reads, files and folders alike, is an error: a
    # link committed in a pull request could make the build read or publish any file of the
    # machine that runs it (folders are walked without following links).
    for top in READ_FOLDERS:
        if (root / top).is_symlink():
            links.error(top, 1, 1, SYMLINK_MESSAGE)
            continue
        for folder, dirs, names in os.walk(root / top):
            for name in sorted([*dirs, *names]):
                path = Path(folder, name)
                relpath = path.relative_to(root).as_posix()
                if path.is_symlink():
                    links.error(relpath, 1, 1, SYMLINK_MESSAGE)
                elif name in names:
                    files.add(relpath)
    content_dir = root / CONTENT_DIR
    entries = {
        folder: []
        if (content_dir / folder).is_symlink()
        else [(path.name, path.is_dir()) for path in sorted((content_dir / folder).glob("*"))]
        for folder in (*COLLECTIONS, UI_DIR)
    }
    strays = Diagnostics()
    if content_dir.is_dir() and not content_dir.is_symlink():
        _report_strays(content_dir, root, strays)
    return Layout(entries, list(links), list(strays), frozenset(files))


_ENTITY_SUFFIXES = (".yaml", ".yml", ".json")


def _entity_id(path: Path, relpath: str, problems: Diagnostics) -> str | None:
    """The id a content file defines; None (and reported) when its name cannot give one."""
    if path.suffix != ".yaml":
        problems.error(relpath, 1, 1, f"rename to {path.stem}.yaml: content files end in .yaml")
        return None
    ident = path.stem
    if not re.fullmatch(shapes.ID_PATTERN, ident):
        problems.error(
            relpath,
            1,
            1,
            f"file name '{ident}' is not a valid id: use lower-case "
            "letters, digits and single hyphens, e.g. 'backend-developer-go'",
        )
        return None
    reserved = shapes.reserved_id_problem(ident)
    if reserved:
        problems.error(relpath, 1, 1, f"file name {reserved}")
        return None
    return ident


def _report_strays(content_dir: Path, root: Path, problems: Diagnostics) -> None:
    """YAML files outside the known layout would be silently ignored: say so instead."""
    known_dirs = {*COLLECTIONS, UI_DIR}
    for path in sorted(content_dir.rglob("*.y*ml")):
        rel = path.relative_to(content_dir)
        if len(rel.parts) == 1 and rel.name in VOCABULARIES:
            continue
        if len(rel.parts) == 2 and rel.parts[0] in known_dirs:
            continue
        expected = [*VOCABULARIES, *(f"{d}/" for d in sorted(known_dirs))]
        problems.error(
            path.relative_to(root).as_posix(),
            1,
            1,
            f"file is outside the content layout (expected one of: "
            f"{', '.join(expected)}){did_you_mean(rel.parts[0], expected)}",
        )


def _read(root: Path, relpath: str, content: Content, problems: Diagnostics) -> SourceFile | None:
    source = read_source(root / relpath, relpath, problems, content.cache)
    if source is not None:
        content.sources[relpath] = source
    return source


def _check(source: SourceFile, shape: Any, problems: Diagnostics) -> Any:
    if source.data is None:
        return None
    if shape in source.models:
        return source.models[shape]  # only valid results are kept: errors are reported again
    try:
        value = source.models[shape] = _adapter(shape).validate_python(source.data)
    except ValidationError as exc:
        report_validation_error(exc, source, shape, problems)
        return None
    return value


# --- Salvage ----------------------------------------------------------------------------------
#
# A file that fails its model has had its errors reported, but dropping it whole would hide the
# rest: its other mistakes (an unknown skill id in its matrix, unsafe Markdown) would go
# unreported until the first is fixed, and the skills only it uses would look unused. So the
# parts that failed are pruned from a copy of its data, and what remains is checked like any
# other file. The result stays in `Content.broken`: the run has errors, so it is never built.

_SALVAGE_ROUNDS = 10  # each round prunes at least one part; real files need one or two
# Where an error prunes more than the failing value: a matrix row with a hole would be warned
# about ("expected at junior but not at middle"), so a bad cell or level drops its whole row.
_PRUNE_DEPTH: dict[Any, dict[str, int]] = {shapes.Role: {"matrix": 2}}


def salvage(source: SourceFile, model: type[BaseModel]) -> BaseModel | None:
    """What passes `model` of a file that failed it: failing values pruned, required fields
    that are missing or failed left as None (the checks skip those). None if nothing can be
    kept (the file is not a mapping)."""
    if not isinstance(source.data, dict):
        return None
    data = copy.deepcopy(source.data)
    lenient = _lenient(model)
    for _ in range(_SALVAGE_ROUNDS):
        try:
            return lenient.model_validate(data)
        except ValidationError as exc:
            targets = [_prune_target(err, model) for err in exc.errors(include_url=False)]
        if not _prune(data, [target for target in targets if target]):
            return None
    return None


_LENIENT: dict[Any, type[BaseModel]] = {}


def _lenient(model: type[BaseModel]) -> type[BaseModel]:
    """`model` with its required fields optional, checked as strictly otherwise: a missing
    mapping is empty, anything else None. A subclass, so a salvaged entity is still a `model`."""
    if model not in _LENIENT:
        fields: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            if info.is_required():
                shape: Any = info.annotation
                if info.metadata:
                    shape = Annotated[(shape, *info.metadata)]
                empty = dict if get_origin(info.annotation) is dict else lambda: None
                fields[name] = (shape, Field(default_factory=empty))
        _LENIENT[model] = create_model(f"Salvaged{model.__name__}", __base__=model, **fields)
    return _LENIENT[model]


def _prune_target(err: Any, model: Any) -> tuple[str | int, ...]:
    loc = tuple(part for part in err["loc"] if part != "[key]")
    if err["type"] == "missing":
        loc = loc[:-1]  # what holds the missing field goes (a FAQ entry without its answer)
    depth = _PRUNE_DEPTH.get(model, {}).get(str(loc[0])) if loc else None
    return loc[:depth] if depth else loc


def _prune(data: Any, targets: list[tuple[str | int, ...]]) -> bool:
    """Delete every target location from `data`; False if none could be deleted."""
    found: dict[int, tuple[Any, set[str | int]]] = {}
    for loc in targets:
        parent = data
        for part in loc[:-1]:
            parent = _child(parent, part)
        if _child(parent, loc[-1]) is not _MISSING:
            found.setdefault(id(parent), (parent, set()))[1].add(loc[-1])
    for parent, keys in found.values():
        if isinstance(parent, list):
            # From the end, so that deleting an item does not move the next one to delete.
            for index in sorted((key for key in keys if isinstance(key, int)), reverse=True):
                del parent[index]
        else:
            for key in keys:
                del parent[str(key)]
    return bool(found)


_MISSING = object()


def _child(parent: Any, part: str | int) -> Any:
    if isinstance(parent, dict):
        return parent.get(str(part), _MISSING)
    if isinstance(parent, list) and isinstance(part, int) and 0 <= part < len(parent):
        return parent[part]
    return _MISSING


def report_validation_error(
    exc: ValidationError, source: SourceFile, shape: Any, problems: Diagnostics
) -> None:
    for err in exc.errors(include_url=False):
        loc = tuple(part for part in err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "extra_forbidden":
            pos = source.at(loc, key=True)
            allowed = _fields_at(shape, loc[:-1])
            message = f"unknown field '{loc[-1]}'"
            if allowed:
                message += f" (expected one of: {', '.join(allowed)})"
                message += did_you_mean(str(loc[-1]), allowed)
        elif kind == "missing":
            pos = source.at(loc[:-1])
            message = f"missing required field '{loc[-1]}'"
        elif loc and loc[-1] == "[key]":
            loc = loc[:-1]
            pos = source.at(loc, key=True)
            expected = ctx.get("expected", "")
            if kind == "literal_error":
                options = [o.strip(" '") for o in str(expected).replace(" or ", ", ").split(",")]
                message = f"unknown key '{loc[-1]}' (expected one of: {', '.join(options)})"
                message += did_you_mean(str(loc[-1]), options)
            elif kind == "string_pattern_mismatch":
                rule = _KEY_RULES.get(ctx.get("pattern"), _KEY_RULES[shapes.ID_PATTERN])
                message = f"'{loc[-1]}' {rule}"
            else:
                message = f"invalid key '{loc[-1]}': {err['msg']}"
        else:
            if "key" in ctx and ctx["key"] is not None:
                loc = (*loc, ctx["key"])
            pos = source.at(loc)
            message = _message(err)
        problems.error(source.path, pos.line, pos.col, message)


# What a key that does not match its pattern should look like, in words.
_KEY_RULES = {
    shapes.ID_PATTERN: "is not a valid id: use lower-case letters, digits and single hyphens",
    get_args(shapes.UiKey)[1].pattern: "is not a valid UI string key: use lower-case "
    "letters, digits, '_' and '.'",
}


def _message(err: Any) -> str:
    kind = err["type"]
    got = shapes.describe(err.get("input"))
    if kind in ("text_type", "text_blank", "list_type", "cell_type", "output_dir"):
        return str(err["msg"])
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {got}"
    if kind == "list_type":
        return f"expected a list, got {got}"
    if kind == "literal_error":
        return f"{err['msg']}, got '{err.get('input')}'"
    if kind == "string_pattern_mismatch":
        return f"'{err.get('input')}' is not a valid value: {err['msg']}"
    msg = str(err["msg"])
    return f"{msg[0].lower()}{msg[1:]} (got {got})"


def _fields_at(shape: Any, loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found by following `loc` from `shape`, for 'did you mean'."""
    current: Any = shape
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field_info = current.model_fields.get(str(part))
            if field_info is None:
                return []
            current = field_info.annotation
        else:
            args = getattr(current, "__args__", ())
            current = args[-1] if args else None
        current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        # As a contributor writes them: `from` is the alias of the field `from_`.
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _unwrap(annotation: Any) -> Any:
    # Step through Annotated[...] and Optional/containers to the model class, if any.
    while hasattr(annotation, "__metadata__"):
        annotation = annotation.__origin__
    return annotation


def load_schema_shapes() -> dict[str, Any]:
    """Shape of each kind of content file, keyed by schema name (used by `schema`)."""
    return {
        "site_config": shapes.SiteConfig,
        "levels": shapes.Levels,
        "proficiencies": shapes.Proficiencies,
        "categories": shapes.Categories,
        "skill": shapes.Skill,
        "family": shapes.Family,
        "role": shapes.Role,
        "competency": shapes.Competency,
        "ui": shapes.UiStrings,
    }
