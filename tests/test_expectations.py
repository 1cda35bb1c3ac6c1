"""api/v1/expectations.json: every role's expectations in one small file, which the calculator
fetches for its distance to the other roles (issue #19)."""

from __future__ import annotations

import json
from pathlib import Path

from sitetree import add_layouts, write_tree

from skillmatrix.build import build

SECOND_ROLE = """family: backend
title: {en: Data Engineer, zh: 数据工程师, ru: Дата-инженер}
summary: {en: Moves data., zh: 搬运数据。, ru: Перемещает данные.}
core_categories: [databases]
matrix:
  postgresql: {junior: awareness, middle: working!, senior: advanced!, lead: expert!, principal: expert!}
"""


def test_every_role_once_with_its_ladder_ranks_and_required_flags(tmp_path: Path) -> None:
    root = add_layouts(
        write_tree(tmp_path / "site", {"content/roles/data-engineer.yaml": SECOND_ROLE})
    )
    out = tmp_path / "out"
    result = build(root, out, pdf=False)
    assert result.ok, [d.format() for d in result.problems]
    data = json.loads((out / "api/v1/expectations.json").read_text(encoding="utf-8"))
    assert data["skills"] == ["postgresql", "unit-testing"]  # every skill a role uses, sorted
    roles = {role["id"]: role for role in data["roles"]}
    assert list(roles) == ["backend-dev", "data-engineer"]
    ladder = ["junior", "middle", "senior", "lead", "principal"]
    assert roles["data-engineer"] == {
        "id": "data-engineer",
        "title": {"en": "Data Engineer", "zh": "数据工程师", "ru": "Дата-инженер"},
        "levels": ladder,
        "skills": [[0, "12344", "01111"]],
    }
    # The minimal role: PostgreSQL required from Junior, unit testing never required.
    assert roles["backend-dev"]["skills"] == [[0, "22344", "11111"], [1, "12333", "00000"]]
    # Small: the calculator pages never carry it, a reader fetches it once.
    assert "detail" not in json.dumps(data)
