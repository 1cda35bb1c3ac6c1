"""A small valid site as a dict of files, and a helper that writes it (with changes) to disk.

Tests change one file or one line of this tree and assert the exact message and position, so
each rule is tested with a few lines of YAML rather than a copy of the real content.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


MINIMAL: dict[str, str] = {
    "site_config.yaml": _d("""
        title: {en: Test Matrix, zh: 测试矩阵, ru: Тестовая матрица}
        description: {en: A test site., zh: 测试站点。, ru: Тестовый сайт.}
        base_url: https://example.org/matrix/
        repository: https://github.com/example/matrix
        branch: main
        locales: [en, zh, ru]
        default_locale: en
        output_dir: _site
        """),
    "content/levels.yaml": _d("""
        junior: {name: {en: Junior, zh: 初级, ru: Junior}, short: {en: Jun, zh: 初级, ru: Jun}}
        middle: {name: {en: Middle, zh: 中级, ru: Middle}, short: {en: Mid, zh: 中级, ru: Mid}}
        senior: {name: {en: Senior, zh: 高级, ru: Senior}, short: {en: Sen, zh: 高级, ru: Sen}}
        lead: {name: {en: Lead, zh: 负责人, ru: Lead}, short: {en: Lead, zh: 负责人, ru: Lead}}
        principal: {name: {en: Principal, zh: 首席, ru: Principal}, short: {en: Pr, zh: 首席, ru: Pr}}
        """),
    "content/proficiencies.yaml": _d("""
        awareness:
          name: {en: Awareness, zh: 了解, ru: Знакомство}
          mark: {en: A, zh: 了, ru: З}
          description: {en: Knows it exists., zh: 知道。, ru: Знает.}
        working:
          name: {en: Working, zh: 熟练, ru: Рабочий}
          mark: {en: W, zh: 熟, ru: Р}
          description: {en: Uses it., zh: 使用。, ru: Использует.}
        advanced:
          name: {en: Advanced, zh: 精通, ru: Продвинутый}
          mark: {en: V, zh: 精, ru: П}
          description: {en: Masters it., zh: 精通。, ru: Владеет.}
        expert:
          name: {en: Expert, zh: 专家, ru: Эксперт}
          mark: {en: E, zh: 专, ru: Э}
          description: {en: Leads it., zh: 引领。, ru: Ведёт.}
        """),
    "content/categories.yaml": _d("""
        databases:
          name: {en: Databases, zh: 数据库, ru: Базы данных}
        testing:
          name: {en: Testing, zh: 测试, ru: Тестирование}
        """),
    "content/skills/postgresql.yaml": _d("""
        category: databases
        name: PostgreSQL
        description: {en: A relational database., zh: 关系型数据库。, ru: Реляционная СУБД.}
        proficiency:
          awareness: {en: Knows tables., zh: 知道表。, ru: Знает таблицы.}
          working: {en: Writes joins., zh: 会写连接。, ru: Пишет JOIN.}
          advanced: {en: Tunes queries., zh: 调优查询。, ru: Оптимизирует запросы.}
          expert: {en: Runs clusters., zh: 运维集群。, ru: Ведёт кластеры.}
        """),
    "content/skills/unit-testing.yaml": _d("""
        category: testing
        name: {en: Unit Testing, zh: 单元测试, ru: Модульное тестирование}
        description: {en: Tests small units., zh: 测试小单元。, ru: Тестирует модули.}
        proficiency:
          awareness: {en: Reads tests., zh: 读测试。, ru: Читает тесты.}
          working: {en: Writes tests., zh: 写测试。, ru: Пишет тесты.}
          advanced: {en: Designs fixtures., zh: 设计夹具。, ru: Проектирует фикстуры.}
          expert: {en: Sets standards., zh: 制定标准。, ru: Задаёт стандарты.}
        """),
    "content/families/backend.yaml": _d("""
        name: {en: Backend, zh: 后端, ru: Бэкенд}
        description: {en: Server-side roles., zh: 服务端角色。, ru: Серверные роли.}
        """),
    "content/roles/backend-dev.yaml": _d("""
        family: backend
        title: {en: Backend Developer, zh: 后端开发, ru: Бэкенд-разработчик}
        summary: {en: Builds services., zh: 构建服务。, ru: Строит сервисы.}
        core_categories: [databases]
        stack:
          junior: {en: [PostgreSQL], zh: [PostgreSQL], ru: [PostgreSQL]}
        focus:
          junior: {en: Learn SQL., zh: 学习 SQL。, ru: Изучать SQL.}
        faq:
          - question: {en: "Why?", zh: 为什么？, ru: "Зачем?"}
            answer: {en: Because., zh: 因为。, ru: Потому что.}
        matrix:
          postgresql:   {junior: working!, middle: working!, senior: advanced!, lead: expert!, principal: expert!}
          unit-testing: {junior: awareness, middle: working, senior: advanced, lead: advanced, principal: advanced}
        """),
}


# A second track: three management levels, a management role with its own ladder, and a
# path into it from Senior of the backend role (an overlay of MINIMAL, for write_tree).
MANAGEMENT_LEVELS = _d("""
    manager:
      name: {en: Manager, zh: 经理, ru: Менеджер}
      short: {en: Mgr, zh: 经理, ru: Мен}
      track: management
    senior-manager:
      name: {en: Senior Manager, zh: 高级经理, ru: Старший менеджер}
      short: {en: SMgr, zh: 高级经理, ru: СтМен}
      track: management
    director:
      name: {en: Director, zh: 总监, ru: Директор}
      short: {en: Dir, zh: 总监, ru: Дир}
      track: management
    """)
TRACKS: dict[str, str] = {
    "content/levels.yaml": MINIMAL["content/levels.yaml"] + MANAGEMENT_LEVELS,
    "content/families/management.yaml": _d("""
        name: {en: Management, zh: 管理, ru: Управление}
        description: {en: Leading teams., zh: 带领团队。, ru: Руководство командами.}
        """),
    "content/roles/eng-manager.yaml": _d("""
        family: management
        title: {en: Engineering Manager, zh: 工程经理, ru: Руководитель разработки}
        summary: {en: Leads a team., zh: 带领团队。, ru: Руководит командой.}
        levels: [manager, senior-manager, director]
        stack:
          manager: {en: [Hiring plans], zh: [招聘计划], ru: [План найма]}
        focus:
          senior-manager: {en: Lead managers., zh: 带领经理。, ru: Руководить менеджерами.}
        matrix:
          unit-testing: {manager: working, senior-manager: advanced, director: expert}
          postgresql:   {manager: awareness, senior-manager: awareness, director: working}
        details:
          postgresql:
            director: {en: Funds the database team., zh: 资助数据库团队。, ru: Финансирует команду БД.}
        """),
    "content/roles/backend-dev.yaml": MINIMAL["content/roles/backend-dev.yaml"].replace(
        "matrix:\n",
        "paths:\n  - {role: eng-manager, from: senior, to: manager}\nmatrix:\n",
    ),
}


# The interface strings are part of every site; tests use the real ones.
for _locale in ("en", "zh", "ru"):
    _ui = REPO / "content" / "i18n" / f"{_locale}.yaml"
    if _ui.exists():
        MINIMAL[f"content/i18n/{_locale}.yaml"] = _ui.read_text(encoding="utf-8")


def write_tree(root: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write MINIMAL overlaid with `files` (None deletes a file) under `root`."""
    merged: dict[str, str | bytes | None] = {**MINIMAL, **files}
    for relpath, text in merged.items():
        if text is None:
            continue
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def add_layouts(root: Path) -> Path:
    """Layouts and assets of the real site, for tests that build."""
    for name in ("layouts", "assets"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    return root


def copy_repo_content(target: Path) -> Path:
    """A copy of the real content, layouts and assets (for build and serve tests)."""
    for name in ("content", "layouts", "assets", "schemas"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "site_config.yaml", target / "site_config.yaml")
    return target


# Two competencies of the impact-and-behaviours catalog, for the tests that show or check them
# (the minimal site has none: an empty catalog is valid).
COMPETENCIES: dict[str, str] = {
    "content/competencies/autonomy.yaml": _d("""
        # yaml-language-server: $schema=../../schemas/competency.schema.json
        order: 20
        name: {en: Autonomy, zh: 自主性, ru: Самостоятельность}
        description: {en: How much guidance the work needs., zh: 工作需要多少指导。, ru: Сколько нужно указаний.}
        levels:
          junior: {en: Works on tasks with help., zh: 在帮助下完成任务。, ru: Решает задачи с помощью.}
          middle: {en: Works on features alone., zh: 独立完成功能。, ru: Делает функции сам.}
          senior: {en: Owns a service., zh: 负责一个服务。, ru: Отвечает за сервис.}
          lead: {en: Sets a team's goals., zh: 设定团队目标。, ru: Ставит цели команде.}
          principal: {en: Sets the company's direction., zh: 设定公司方向。, ru: Задаёт направление компании.}
        """),
    "content/competencies/mentoring.yaml": _d("""
        # yaml-language-server: $schema=../../schemas/competency.schema.json
        order: 10
        name: {en: Mentoring, zh: 指导, ru: Наставничество}
        description: {en: Growing others., zh: 帮助他人成长。, ru: Растит других.}
        levels:
          junior: {en: Asks good questions., zh: 善于提问。, ru: Задаёт хорошие вопросы.}
          middle: {en: Helps a newcomer., zh: 帮助新人。, ru: Помогает новичку.}
          senior: {en: Mentors two engineers., zh: 指导两名工程师。, ru: Наставляет двух инженеров.}
          lead: {en: Grows the team's seniors., zh: 培养团队的高级工程师。, ru: Растит сеньоров команды.}
          principal: {en: Grows leaders across teams., zh: 跨团队培养领导者。, ru: Растит лидеров в компании.}
        """),
}
