"""The shared vocabularies and the skill catalog: complete, ordered, used, and skills' texts
distinct."""

from __future__ import annotations

from .. import shapes
from ..diagnostics import Diagnostics, unknown
from ..load import Content
from .located import ROLES_DIR, Loc, report


def _check_vocabularies(content: Content, problems: Diagnostics) -> None:
    for kind, table, expected, filename in (
        ("level", content.levels, shapes.LEVELS, "levels.yaml"),
        ("proficiency", content.proficiencies, shapes.PROFICIENCIES, "proficiencies.yaml"),
    ):
        relpath = f"content/{filename}"
        if relpath not in content.sources or relpath in content.broken:
            continue
        src = content.sources[relpath]
        missing = [ident for ident in expected if ident not in table]
        if missing:
            report(
                problems,
                src,
                (),
                f"missing {kind} {', '.join(missing)} (all of {', '.join(expected)} "
                "must be defined)",
            )
        order = [ident for ident in table if ident in expected]
        if order != [ident for ident in expected if ident in table]:
            report(problems, src, (), f"{kind} entries must be in order: {', '.join(expected)}")


def _check_skills(content: Content, problems: Diagnostics) -> None:
    for ident in content.categories:  # category ids name folders of the site
        reserved = shapes.reserved_id_problem(ident)
        if reserved:
            src = content.source_of("category", ident)
            report(problems, src, (ident,), f"category id {reserved}", key=True)
    used = _skills_in_use(content)
    filled = {skill.category for skill in content.skills.values()}
    # A misspelt category or a broken skill file leaves a category empty: its error says it all.
    broken_skill = any(kind == "skill" for kind, _ in content.broken_ids)
    if content.skills and filled <= set(content.categories) and not broken_skill:
        for ident in content.categories:
            if ident not in filled:
                src = content.source_of("category", ident)
                report(
                    problems,
                    src,
                    (ident,),
                    f"category '{ident}' has no skill yet; its page is left out",
                    key=True,
                    warning=True,
                )
    for ident, skill in content.skills.items():
        src = content.source_of("skill", ident)
        # A salvaged skill whose category failed its model has None: reported already.
        if (
            skill.category is not None
            and _categories_known(content)
            and skill.category not in content.categories
        ):
            report(
                problems,
                src,
                ("category",),
                unknown(
                    "category", skill.category, content.categories, " from content/categories.yaml"
                ),
            )
        if content.roles and used is not None and ident not in used:
            report(
                problems,
                src,
                (),
                f"skill '{ident}' is in the catalog but no role uses it",
                warning=True,
            )


def _skills_in_use(content: Content) -> set[str] | None:
    """The skill ids some role's matrix names, or None when that cannot be known.

    A role file that failed its model still names its skills in its data's `matrix` keys (its
    salvaged matrix may have lost rows): they count as used. A role file that could not be
    read at all hides what it uses, so then no skill can be called unused."""
    used = {skill_id for role in content.roles.values() for skill_id in role.matrix}
    for relpath in content.broken:
        if not relpath.startswith(ROLES_DIR):
            continue
        source = content.sources.get(relpath)
        data = source.data if source is not None else None
        matrix = data.get("matrix") if isinstance(data, dict) else None
        if not isinstance(matrix, dict):
            return None
        used.update(matrix)
    return used


def _categories_known(content: Content) -> bool:
    """False when categories.yaml failed to load: its own errors say why, no cascade."""
    return "content/categories.yaml" not in content.broken


def _check_proficiency_texts(content: Content, locales: list[str], problems: Diagnostics) -> None:
    """A skill's four proficiency texts differ in every locale: a matrix cell opens the text
    of its proficiency, and two cells that read the same could not be told apart."""
    for ident, skill in content.skills.items():
        # Salvaged from a broken file (load.py), a skill may lack its texts: reported already.
        texts_of: shapes.SkillProficiencies | None = skill.proficiency
        if texts_of is None:
            continue
        src = content.source_of("skill", ident)
        for locale in locales:
            seen: dict[str, str] = {}
            for prof in shapes.PROFICIENCIES:
                text = getattr(texts_of, prof)
                if text is None:
                    continue
                # A missing translation falls back (a warning of its own), so only the texts
                # written for this locale are compared.
                value = text if isinstance(text, str) else text.get(locale)
                if value is None:
                    continue
                if value in seen:
                    loc: Loc = (
                        ("proficiency", prof)
                        if isinstance(text, str)
                        else ("proficiency", prof, locale)
                    )
                    pos = src.at(loc)
                    where = "" if isinstance(text, str) else f" in '{locale}'"
                    problems.error(
                        src.path,
                        pos.line,
                        pos.col,
                        f"the {prof} text of '{ident}' is the same as its "
                        f"{seen[value]} text{where}: say what {prof} adds, so a "
                        "reader can tell the two cells apart",
                    )
                else:
                    seen[value] = prof
