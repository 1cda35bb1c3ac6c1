"""A deterministic scale corpus in the real content format: 1,000 roles over a 600-skill catalog,
in en, zh and ru. Same seed, same bytes. Vocabularies, interface strings, layouts and assets are
the repository's own, so the corpus builds exactly like the real site."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LEVELS = ("junior", "middle", "senior", "lead", "principal")
PROFS = ("awareness", "working", "advanced", "expert")
WORDS = [
    "service",
    "queue",
    "cache",
    "index",
    "schema",
    "pipeline",
    "contract",
    "release",
    "rollout",
    "incident",
    "budget",
    "latency",
    "throughput",
    "replica",
    "shard",
    "cluster",
    "tenant",
    "gateway",
    "token",
    "policy",
    "review",
    "design",
    "migration",
    "backfill",
    "fixture",
    "harness",
    "probe",
    "alert",
    "dashboard",
    "runbook",
    "capacity",
    "quota",
]
ZH = [
    "服务",
    "队列",
    "缓存",
    "索引",
    "模式",
    "流水线",
    "契约",
    "发布",
    "灰度",
    "事故",
    "预算",
    "延迟",
    "吞吐",
    "副本",
    "分片",
    "集群",
    "租户",
    "网关",
    "令牌",
    "策略",
    "评审",
    "设计",
    "迁移",
    "回填",
    "探针",
    "告警",
    "看板",
    "手册",
    "容量",
    "配额",
]
RU = [
    "сервис",
    "очередь",
    "кэш",
    "индекс",
    "схема",
    "конвейер",
    "контракт",
    "релиз",
    "выкатка",
    "инцидент",
    "бюджет",
    "задержка",
    "пропускная",
    "реплика",
    "шард",
    "кластер",
    "тенант",
    "шлюз",
    "токен",
    "политика",
    "ревью",
    "дизайн",
    "миграция",
    "заполнение",
    "проба",
    "алерт",
    "дашборд",
    "регламент",
    "ёмкость",
    "квота",
]


def _sentence(rng: random.Random, words: list[str], count: int, sep: str = " ") -> str:
    return sep.join(rng.choice(words) for _ in range(count))


def _text(rng: random.Random, count: int) -> str:
    en = _sentence(rng, WORDS, count).capitalize() + "."
    zh = _sentence(rng, ZH, count // 2, "") + "。"
    ru = _sentence(rng, RU, count).capitalize() + "."
    return f"{{en: '{en}', zh: '{zh}', ru: '{ru}'}}"


def generate(target: Path, *, roles: int = 1000, skills: int = 600, seed: int = 7) -> Path:
    """Write the corpus under `target` (replacing it) and return it."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    content = target / "content"
    for folder in ("skills", "roles", "families"):
        (content / folder).mkdir(parents=True)
    shutil.copytree(REPO / "content" / "i18n", content / "i18n")
    for name in ("levels.yaml", "proficiencies.yaml"):
        shutil.copy2(REPO / "content" / name, content / name)
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "site_config.yaml", target / "site_config.yaml")

    categories = [f"category-{i:02d}" for i in range(24)]
    (content / "categories.yaml").write_text(
        "".join(f"{c}:\n  name: {_text(rng, 3)}\n" for c in categories), encoding="utf-8"
    )

    skill_ids = [f"skill-{i:03d}" for i in range(skills)]
    for index, skill in enumerate(skill_ids):
        lines = [
            f"category: {categories[index % len(categories)]}",
            f"name: {_text(rng, 2)}",
            f"description: {_text(rng, 40)}",
            "proficiency:",
        ]
        lines += [f"  {p}: {_text(rng, 30)}" for p in PROFS]
        (content / "skills" / f"{skill}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    families = [f"family-{i:02d}" for i in range(40)]
    for family in families:
        (content / "families" / f"{family}.yaml").write_text(
            f"name: {_text(rng, 2)}\ndescription: {_text(rng, 30)}\n", encoding="utf-8"
        )

    for index in range(roles):
        chosen = rng.sample(skill_ids, rng.randint(40, 80))
        core = rng.sample(categories, 8)
        lines = [
            f"family: {families[index % len(families)]}",
            f"title: {_text(rng, 3)}",
            f"summary: {_text(rng, 40)}",
            f"core_categories: [{', '.join(core)}]",
            "stack:",
        ]
        for level in LEVELS:
            items = ", ".join(f"'{_sentence(rng, WORDS, 2)}'" for _ in range(6))
            lines.append(f"  {level}: [{items}]")
        lines.append("focus:")
        lines += [f"  {level}: {_text(rng, 40)}" for level in LEVELS]
        lines.append("matrix:")
        for skill in chosen:
            start = rng.randint(0, 2)
            rank = rng.randint(0, 1)
            category = categories[skill_ids.index(skill) % len(categories)]
            cells = []
            for i, level in enumerate(LEVELS):
                if i < start:
                    continue
                rank = min(3, rank + rng.randint(0, 1)) if i > start else rank
                prof = PROFS[rank]
                required = "!" if rank >= 1 and category in core else ""
                cells.append(f"{level}: {prof}{required}")
            lines.append(f"  {skill}: {{{', '.join(cells)}}}")
        (content / "roles" / f"role-{index:04d}.yaml").write_text(
            "\n".join(lines) + "\n", encoding="utf-8"
        )
    return target
