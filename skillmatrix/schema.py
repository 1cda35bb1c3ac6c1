"""JSON Schemas for the content files, generated from the models.

Each content file names its schema on its first line (`# yaml-language-server: $schema=...`), so
editors with the YAML language server complete field names and flag mistakes while typing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .load import load_schema_shapes

SCHEMA_DIR = "schemas"
SCHEMA_BASE = "https://skills-matrix.invalid/schemas/"


def generate_schemas() -> dict[str, str]:
    """File name -> JSON text, deterministic (sorted keys, trailing newline)."""
    out: dict[str, str] = {}
    for name, shape in load_schema_shapes().items():
        schema: dict[str, Any] = TypeAdapter(shape).json_schema()
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{name}.schema.json",
            "title": schema.pop("title", name),
            **schema,
        }
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write_schemas(root: Path) -> list[Path]:
    target = root / SCHEMA_DIR
    target.mkdir(exist_ok=True)
    written = []
    for filename, text in generate_schemas().items():
        path = target / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale_schemas(root: Path) -> list[str]:
    """Schema files that differ from what the models generate (or are missing)."""
    stale = []
    for filename, text in generate_schemas().items():
        path = root / SCHEMA_DIR / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(f"{SCHEMA_DIR}/{filename}")
    return stale
