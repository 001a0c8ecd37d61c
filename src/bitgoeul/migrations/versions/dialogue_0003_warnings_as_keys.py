"""dialogue: import warnings stored by the first importer as joined "한국어 / English" text become catalog keys

Revision ID: dialogue_0003
Revises: dialogue_0002
Create Date: 2026-12-08 05:50:00.000000

Until the catalog (6d068d4) the importer stored each warning as one string in both languages, which the
review page then showed whole on Korean and English pages alike. Each old wording is recognised exactly
and replaced by {"key", "params"}, the form the importer stores now; a string matching none is kept as it
is. Going down keeps the keys: the code of every later revision reads them, and rebuilding the joined
strings would only bring the two-language text back.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = 'dialogue_0003'
down_revision: str | None = 'dialogue_0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The first importer's wordings (42e4ff5 dialogue/extract/draft.py and dialogue/importer.py), whole.
OLD: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"제목을 찾지 못해 첫 문장을 제목으로 썼습니다\. / No headline found; the first sentence is used\."),
     "dialogue.extract.no_headline", ()),
    (re.compile(r"직접 인용문을 찾지 못했습니다\. / No direct quotes were found\."), "dialogue.extract.no_quotes", ()),
    (re.compile(r"회차를 찾지 못했습니다\. / No session number was found\."), "dialogue.extract.no_number", ()),
    (re.compile(r"대화 날짜를 찾지 못했습니다\. / No session date was found\."), "dialogue.extract.no_date", ()),
    (re.compile(r"기사 작성일을 찾지 못했습니다\. / No publication date was found\."),
     "dialogue.extract.no_published", ()),
    (re.compile(r"발언자를 알 수 없는 인용문 (\d+)건 / \1 quote\(s\) without a named speaker\."),
     "dialogue.extract.unattributed", ("n",)),
    (re.compile(r"스크립트 (\d+)개를 지웠습니다 \(실행하지 않음\)\. / \1 script element\(s\) removed, never run\."),
     "dialogue.importer.script_element_removed_never_run", ("scripts",)),
    (re.compile(r"제(\d+)회가 이미 있습니다 \(#(\d+)\)\. / Session \1 exists already \(#\2\)\."),
     "dialogue.importer.session_exists_already", ("facts_number", "taken")),
)

SESSIONS = sa.table("dialogue_sessions", sa.column("id", sa.Integer), sa.column("import_warnings", sa.JSON))


def as_key(warning: Any) -> Any:
    """One stored warning in the catalog's form, or unchanged when it is not an old joined wording."""
    if not isinstance(warning, str):
        return warning
    for pattern, key, names in OLD:
        found = pattern.fullmatch(warning.strip())
        if found:
            return {"key": key, "params": {name: int(value) for name, value in zip(names, found.groups(),
                                                                                    strict=True)}}
    return warning


def upgrade() -> None:
    connection = op.get_bind()
    for row in list(connection.execute(sa.select(SESSIONS.c.id, SESSIONS.c.import_warnings))):
        warnings = list(row.import_warnings or [])
        changed = [as_key(w) for w in warnings]
        if changed != warnings:
            connection.execute(SESSIONS.update().where(SESSIONS.c.id == row.id).values(import_warnings=changed))


def downgrade() -> None:
    pass
