"""Open proposals (pull requests) per role, from a data file the deploy workflow fetches with
`gh pr list --json number,title,url,labels,files`. A pull request belongs to every role whose
page it would change: the role's own file, its family's, or a skill of its matrix (matched
from the files it changes, so no maintainer has to label it, and nothing needs more than the
read-only token a deploy has), and to any role named by a label `role/{role-id}`. Without the
file (a local build) pages link to the pull requests instead."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LABEL_PREFIX = "role/"
MAX_FILES = 3000  # what `gh` returns at most per pull request; more is not a proposal we list


@dataclass(frozen=True)
class Proposal:
    number: int
    title: str
    url: str
    labelled: frozenset[str] = frozenset()  # role ids named by `role/{id}` labels
    files: frozenset[str] = frozenset()  # repository paths the pull request changes


class ProposalsError(ValueError):
    pass


def load_proposals(path: Path, repository: str) -> list[Proposal]:
    """The open pull requests of `path`, newest first; only links into `repository` are kept."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProposalsError(f"{path}: cannot read proposals: {exc}") from exc
    if not isinstance(data, list):
        raise ProposalsError(f"{path}: expected a JSON list of pull requests")
    proposals = []
    for item in data:
        if not isinstance(item, dict):
            continue
        url = str(item.get("url", ""))
        number = item.get("number")
        # Titles are strangers' text: kept as text (templates escape it), and links must
        # point into this repository.
        if not isinstance(number, int) or not url.startswith(repository + "/pull/"):
            continue
        labelled = {
            name[len(LABEL_PREFIX) :]
            for name in _names(item.get("labels"), "name")
            if name.startswith(LABEL_PREFIX)
        }
        files = set(_names(item.get("files"), "path")[:MAX_FILES])
        proposals.append(
            Proposal(
                number, str(item.get("title", ""))[:200], url, frozenset(labelled), frozenset(files)
            )
        )
    proposals.sort(key=lambda p: -p.number)
    return proposals


def _names(items: object, key: str) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(item[key]) for item in items if isinstance(item, dict) and key in item]


def proposals_by_role(
    proposals: Iterable[Proposal], roles: dict[str, frozenset[str]]
) -> dict[str, list[Proposal]]:
    """Role id -> the proposals that concern it, newest first; `roles` maps each role id to
    the files its pages show (its own, its family's, its skills')."""
    by_role: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        for role_id, sources in roles.items():
            if role_id in proposal.labelled or not sources.isdisjoint(proposal.files):
                by_role.setdefault(role_id, []).append(proposal)
    return by_role
