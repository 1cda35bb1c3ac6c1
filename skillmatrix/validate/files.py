"""Files: each content file names its JSON Schema on its first line."""

from __future__ import annotations

from functools import partial

from ..diagnostics import Diagnostics
from ..load import Content
from ..source import SourceFile
from .memo import ValidationMemo, per_file

# Folder of a content file -> the schema of its files; a file of its own names its own schema.
_FOLDER_SCHEMAS = {
    "skills": "skill",
    "roles": "role",
    "families": "family",
    "competencies": "competency",
    "i18n": "ui",
}


def _check_schema_lines(
    content: Content, problems: Diagnostics, memo: ValidationMemo | None = None
) -> None:
    """Each file's first line names its JSON Schema (content/README.md), for editors to
    complete and check the file while it is typed. Only where the schema exists to point at."""
    schemas = frozenset(
        path.name.removesuffix(".schema.json")
        for path in (content.root / "schemas").glob("*.schema.json")
    )
    for relpath, src in content.sources.items():
        if relpath not in content.broken:
            per_file(
                memo, "schema line", src, schemas, problems, partial(_schema_line, src, schemas)
            )


def _schema_line(src: SourceFile, schemas: frozenset[str], problems: Diagnostics) -> None:
    parts = src.path.split("/")
    if parts[0] == "content" and len(parts) == 3:
        name, prefix = _FOLDER_SCHEMAS.get(parts[1]), "../../"
    else:
        name, prefix = parts[-1].removesuffix(".yaml"), "../" * (len(parts) - 1)
    if name not in schemas:
        return
    expected = f"# yaml-language-server: $schema={prefix}schemas/{name}.schema.json"
    first = src.text.splitlines()[0].strip() if src.text else ""
    if first != expected:
        problems.error(
            src.path,
            1,
            1,
            f"the first line must be `{expected}`: it names the file's schema, "
            "so that editors check the file as you type",
        )
