"""Warnings the first importer stored as joined "한국어 / English" text are read in one language after the
dialogue_0003 migration, each as its catalog key: the Korean page shows the Korean half, the English page
the English half."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path

from alembic import command

from bitgoeul.core.db import alembic_config
from bitgoeul.core.i18n import translate

# What the first importer (42e4ff5) stored, copied from its f-strings with sample numbers.
OLD = [
    "제목을 찾지 못해 첫 문장을 제목으로 썼습니다. / No headline found; the first sentence is used.",
    "직접 인용문을 찾지 못했습니다. / No direct quotes were found.",
    "회차를 찾지 못했습니다. / No session number was found.",
    "대화 날짜를 찾지 못했습니다. / No session date was found.",
    "기사 작성일을 찾지 못했습니다. / No publication date was found.",
    "발언자를 알 수 없는 인용문 3건 / 3 quote(s) without a named speaker.",
    "스크립트 2개를 지웠습니다 (실행하지 않음). / 2 script element(s) removed, never run.",
    "제41회가 이미 있습니다 (#7). / Session 41 exists already (#7).",
]
KEPT = {"key": "dialogue.merge_added", "params": {"source": "광주일보", "n": 2}}


def test_old_joined_warnings_become_catalog_keys(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = alembic_config(url)
    command.upgrade(config, "heads")
    command.downgrade(config, "dialogue_0002")
    with closing(sqlite3.connect(tmp_path / "old.db")) as connection:
        names = [row[1] for row in connection.execute('PRAGMA table_info("dialogue_sessions")')
                 if row[3] and row[4] is None and row[5] == 0]
        values: dict[str, object] = dict.fromkeys(names, "x")
        values.update({"id": 1, "photo_captions": "[]", "import_warnings": json.dumps([*OLD, KEPT, "메모"]),
                       "created_at": "2026-01-01 00:00:00.000000+00:00",
                       "updated_at": "2026-01-01 00:00:00.000000+00:00"})
        connection.execute(f'INSERT INTO dialogue_sessions ({", ".join(values)}) '  # noqa: S608
                           f'VALUES ({", ".join("?" for _ in values)})', list(values.values()))
        connection.commit()
    command.upgrade(config, "heads")
    with closing(sqlite3.connect(tmp_path / "old.db")) as connection:
        stored = json.loads(connection.execute("SELECT import_warnings FROM dialogue_sessions").fetchone()[0])
    assert stored[-2:] == [KEPT, "메모"]  # today's keys and unknown text are left as they are
    converted = stored[:-2]
    assert all(isinstance(w, dict) for w in converted)
    for old, new in zip(OLD, converted, strict=True):
        korean, english = old.split(" / ")
        assert translate(new["key"], "ko", **new["params"]) == korean
        shown = translate(new["key"], "en", **new["params"])
        assert not re.search(r"[가-힣]", shown)
        # The old English said "quote(s)"; the catalog has plural forms, so only that wording may differ.
        assert shown == english or shown == english.replace("quote(s)", "quotes").rstrip(".")
