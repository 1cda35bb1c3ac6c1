"""Open proposals (pull requests) per role, from a data file the deploy workflow fetches with
`gh pr list --json number,title,url,labels`. A pull request belongs to a role through the label
`role/{role-id}`. Without the file (a local build) pages link to the pull requests instead."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LABEL_PREFIX = "role/"


@dataclass(frozen=True)
class Proposal:
    number: int
    title: str
    url: str


class ProposalsError(ValueError):
    pass


def load_proposals(path: Path, repository: str) -> dict[str, list[Proposal]]:
    """Role id -> its open proposals, newest first. Only links into `repository` are kept."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProposalsError(f"{path}: cannot read proposals: {exc}") from exc
    if not isinstance(data, list):
        raise ProposalsError(f"{path}: expected a JSON list of pull requests")
    by_role: dict[str, list[Proposal]] = {}
    for item in data:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url", ""))
        number = item.get("number")
        # Titles are strangers' text: kept as text (templates escape it), and links must
        # point into this repository.
        if not isinstance(number, int) or not url.startswith(repository + "/pull/"):
            continue
        proposal = Proposal(number, str(item.get("title", ""))[:200], url)
        for label in item.get("labels") or []:
            name = str(label.get("name", "")) if isinstance(label, dict) else ""
            if name.startswith(LABEL_PREFIX):
                by_role.setdefault(name[len(LABEL_PREFIX):], []).append(proposal)
    for proposals in by_role.values():
        proposals.sort(key=lambda p: -p.number)
    return by_role
