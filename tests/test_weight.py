"""Page weight, checked by size (never by time): a role page's HTML, CSS and JS together stay
under 40 KB compressed, in every locale, for every role."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from sitetree import REPO

from skillmatrix.build import build

BUDGET = 40_000


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("weight") / "site"
    assert build(REPO, out, pdf=False).ok
    return out


def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_role_pages_fit_the_budget(site: Path) -> None:
    pages = sorted(site.glob("*/roles/*/index.html"))
    roles = len(list((REPO / "content/roles").glob("*.yaml")))
    assert len(pages) == roles * 3  # every role in three locales
    for page in pages:
        html = page.read_text(encoding="utf-8")
        # Linked relatively: from {locale}/roles/{role}/ the site's root is three folders up.
        assets = re.findall(r'(?:href|src)="\.\./\.\./\.\./(assets/[^"]+\.(?:css|js))"', html)
        assert assets, page
        total = compressed(page) + sum(compressed(site / asset) for asset in assets)
        assert total < BUDGET, f"{page.relative_to(site)}: {total} bytes"


def test_no_web_font_and_no_third_party_request(site: Path) -> None:
    assert not [p for p in site.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
    css = "".join(p.read_text(encoding="utf-8") for p in (site / "assets").glob("*.css"))
    assert "@font-face" not in css and "@import" not in css and "url(http" not in css
