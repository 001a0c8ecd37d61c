"""`bitgoeul demo-data --scale N`: the demo ecosystem N times over, for benchmarks at ten times the size.

Why generated from the loaded demo rather than written: a benchmark needs volume with the demo's shape
(every capability, every relation, the same share of stages and states), and search must still mean
something, so copies are not the same text with a suffix. Each copy `k` of a row takes its own record and
a "donor" of the same table (same domain where the table has one), and mixes their words and sentences;
Korean and English fields of one row use the same donor and the same cut, so both languages tell the same
(recombined) story. Everything is drawn from one seeded random source: two runs give equal databases.

Rows are copied table by table with Core statements (ids shifted by copy, foreign keys shifted with the
table they point at), so the search index is rebuilt afterwards with `indexing.reindex`, as for any bulk
write. Derived tables (search documents, vectors, stored match lists, match cards) and shared reference
tables (dialogue themes, the transit feed) are not copied.
"""

from __future__ import annotations

import random
import re
from typing import Any

from sqlalchemy import Integer, Table, func, insert, select, text
from sqlalchemy.orm import Session

from bitgoeul.core.db import Base

SEED = 2026
# Derived from other tables, or shared vocabulary every copy refers to.
_SKIP = {"alembic_version", "auth_sessions", "dialogue_themes", "match_lists", "notifications",
         "search_documents", "search_embeddings", "search_user_words", "talent_match_cards"}
_SKIP_PREFIX = ("transit_",)
# Prose columns whose words or sentences are mixed with the donor's.
_PROSE = re.compile(r"^(title|title_ko|title_en|name_ko|name_en|summary|summary_ko|summary_en|description_ko|"
                    r"description_en|problem_ko|problem_en|headline|desired_roles|text_ko|text_en|quote|"
                    r"minutes_ko|minutes_en|body_ko|body_en|message|note)$")
# List columns (skills, tags) mixed the same way.
_LISTS = {"skills", "skills_must", "skills_nice", "domain_tags", "wish_regions"}
# Integer columns that hold another table's id without a declared foreign key.
_IMPLIED = {("exchange_meeting_requests", "pair_low_id"): "organisations",
            ("exchange_meeting_requests", "pair_high_id"): "organisations"}
_SENTENCE = re.compile(r"(?<=[.!?。])\s+")


def _copied_tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables
            if t.name not in _SKIP and not t.name.startswith(_SKIP_PREFIX)]


def _mix_words(own: str, donor: str, cut: float) -> str:
    """The first part of one title and the last part of another, cut at the same share of their words."""
    a, b = own.split(), donor.split()
    if len(a) < 2 or len(b) < 2:
        return own
    head = a[:max(1, round(len(a) * cut))]
    tail = b[max(1, round(len(b) * cut)):]
    return " ".join(head + tail) if tail else " ".join(head)


def _mix_sentences(own: str, donor: str, rng: random.Random) -> str:
    """Sentences of both texts, alternating from a random side, in their own order."""
    a, b = _SENTENCE.split(own.strip()), _SENTENCE.split(donor.strip())
    if len(a) + len(b) < 3:
        return _mix_words(own, donor, 0.5)
    start = rng.random() < 0.5
    out = [s for i, s in enumerate(a) if (i % 2 == 0) == start] + [s for i, s in enumerate(b) if (i % 2 == 0) != start]
    return " ".join(out) or own


def _mix(column: str, own: Any, donor: Any, cut: float, rng: random.Random) -> Any:
    if column in _LISTS and isinstance(own, list) and isinstance(donor, list):
        half = max(1, len(own) // 2)
        return list(dict.fromkeys([*own[:half], *donor[half // 2:]]))
    if not isinstance(own, str) or not isinstance(donor, str) or not own or not donor:
        return own
    if column.startswith(("title", "name", "headline")) or len(own) < 80:
        return _mix_words(own, donor, cut)
    return _mix_sentences(own, donor, random.Random(rng.random()))


def _unique_value(value: Any, copy: int) -> Any:
    if not isinstance(value, str):
        return value
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local}+{copy}@{domain}"
    return f"{value}-x{copy}"


def scale_up(session: Session, scale: int, seed: int = SEED) -> dict[str, int]:
    """Add `scale - 1` recombined copies of every copied table's rows; returns rows added per table."""
    if scale <= 1:
        return {}
    connection = session.connection()
    tables = _copied_tables()
    names = {t.name for t in tables}
    # Integer primary key "id": copy k of row i gets id i + k * span, so foreign keys shift the same way.
    span: dict[str, int] = {}
    for table in tables:
        if "id" in table.c and isinstance(table.c.id.type, Integer) and table.c.id.primary_key:
            span[table.name] = int(connection.scalar(select(func.max(table.c.id))) or 0)
    rng = random.Random(seed)
    added: dict[str, int] = {}
    for table in tables:
        rows = [dict(r) for r in connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()]
        if not rows:
            continue
        unique = {c.name for c in table.columns if c.unique}
        for constraint in table.constraints:
            cols = list(getattr(constraint, "columns", []))
            if constraint.__class__.__name__ == "UniqueConstraint" and not any(c.foreign_keys for c in cols):
                unique |= {c.name for c in cols if not c.primary_key}
        shifts: dict[str, str] = {}
        for col in table.columns:
            for fk in col.foreign_keys:
                target = fk.column.table.name
                if target in names and target in span and fk.column.name == "id":
                    shifts[col.name] = target
        for (table_name, column_name), target in _IMPLIED.items():
            if table_name == table.name:
                shifts[column_name] = target
        prose = [c.name for c in table.columns if _PROSE.match(c.name) or c.name in _LISTS]
        group = "domain" if "domain" in table.c else None
        by_group: dict[Any, list[dict[str, Any]]] = {}
        for row in rows:
            by_group.setdefault(row.get(group) if group else None, []).append(row)
        copies: list[dict[str, Any]] = []
        for k in range(1, scale):
            for row in rows:
                new = dict(row)
                if table.name in span:
                    new["id"] = row["id"] + k * span[table.name]
                for column, target in shifts.items():
                    if new.get(column) is not None:
                        new[column] = new[column] + k * span[target]
                if table.name == "exchange_rsvps" and isinstance(new.get("available_slot_ids"), list):
                    new["available_slot_ids"] = [i + k * span["exchange_meeting_slots"]
                                                 for i in new["available_slot_ids"]]
                for column in unique:
                    new[column] = _unique_value(new.get(column), k)
                peers = by_group[row.get(group) if group else None]
                donor = peers[rng.randrange(len(peers))] if len(peers) > 1 else rows[rng.randrange(len(rows))]
                cut = rng.uniform(0.35, 0.65)
                for column in prose:
                    if column not in unique:
                        new[column] = _mix(column, row.get(column), donor.get(column), cut, rng)
                copies.append(new)
        for start in range(0, len(copies), 1000):
            connection.execute(insert(table), copies[start:start + 1000])
        added[table.name] = len(copies)
    if connection.dialect.name == "postgresql":
        for name in span:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                                    f"(SELECT coalesce(max(id), 1) FROM {name}))"))
    from bitgoeul.matching.indexing import reindex

    reindex(session)
    return added
