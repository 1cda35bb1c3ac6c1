"""`did you mean`: only a near id is suggested, since a far guess sends a contributor astray."""

from __future__ import annotations

import pytest
from sitetree import MINIMAL

from skillmatrix.diagnostics import did_you_mean

SKILLS = ["github-copilot", "kubernetes", "kubernetes-operators", "postgresql", "terraform"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("kubernetes-operators-xyz", "; did you mean 'kubernetes-operators'?"),  # suffix added
        ("github-copilt", "; did you mean 'github-copilot'?"),  # a typo
        ("postgres", "; did you mean 'postgresql'?"),  # cut short
        ("zzzz", ""),
        ("terraform-cloud-enterprise-edition", "; did you mean 'terraform'?"),  # long suffix
        ("x", ""),  # one letter is the prefix of too much to mean anything
    ],
)
def test_only_near_ids_are_suggested(word, expected):
    assert did_you_mean(word, SKILLS) == expected


def test_nothing_known_means_no_suggestion():
    assert did_you_mean("postgres", []) == ""


def test_unknown_skill_far_from_every_id_gets_no_guess(run_check):
    role = "content/roles/backend-dev.yaml"
    text = MINIMAL[role].replace("  postgresql:   {", "  zzzz:         {")
    messages = [d.message for d in run_check({role: text}).problems.errors]
    assert messages == ["unknown skill 'zzzz' (expected one of: postgresql, unit-testing)"]
