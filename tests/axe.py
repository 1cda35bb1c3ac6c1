"""axe-core (shipped in axe-playwright-python) limited to the WCAG 2.x A and AA rules."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_AXE = Axe()


def violations(page: Page) -> list[str]:
    """'rule-id: target' for every violation on the page as it is now."""
    result = _AXE.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    )
    found = []
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']}: {' '.join(map(str, node['target']))} ({violation['help']})"
            )
    return found
