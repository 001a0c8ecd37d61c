"""The persisted search index: analysed documents and their embeddings.

Rows hold what is slow to compute (Kiwi terms, e5 vectors) so a restart rebuilds the in-memory
index by reading, never by re-analysing; that also keeps results identical across restarts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bitgoeul.core.db import Base, utcnow
from bitgoeul.core.time import UTCDateTime


class SearchDocument(Base):
    """One searchable record of any registered kind, as the engine sees it."""

    __tablename__ = "search_documents"
    __table_args__ = (UniqueConstraint("kind", "record_id", name="uq_search_documents_kind_record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # Text so every kind fits (integer ids are written in decimal and read back as int).
    record_id: Mapped[str] = mapped_column(String(80))
    # Grows on every write (and when a vector arrives): in-memory indexes catch up by it.
    seq: Mapped[int] = mapped_column(BigInteger, index=True)
    # Hash of fields and attributes: an unchanged record is not re-analysed or rewritten.
    content_hash: Mapped[str] = mapped_column(String(64))
    # engine.content_hash of the passage text: the key of its vector in search_embeddings.
    passage_hash: Mapped[str] = mapped_column(String(32), index=True)
    passage: Mapped[str] = mapped_column(Text, default="")
    title_ko: Mapped[str] = mapped_column(String(300), default="")
    title_en: Mapped[str] = mapped_column(String(300), default="")
    terms: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # field -> analysed index terms
    attrs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # filter attributes (codec-encoded)
    embed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    embed_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchEmbedding(Base):
    """A passage vector, computed once per distinct text (content hash) and shared by every record with it."""

    __tablename__ = "search_embeddings"

    content_hash: Mapped[str] = mapped_column(String(32), primary_key=True)
    model: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian, unit length
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SearchUserWord(Base):
    """A name Kiwi keeps as one token (organisation, programme, place), learnt from indexed records.

    Stored so every process (web, worker, CLI) analyses queries with the same dictionary the
    records were analysed with.
    """

    __tablename__ = "search_user_words"

    word: Mapped[str] = mapped_column(String(100), primary_key=True)
    tag: Mapped[str] = mapped_column(String(10), default="NNP")
    # pending: seen in a record, not yet given to Kiwi; active: in Kiwi; skipped: Kiwi keeps it whole already.
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class MatchList(Base):
    """A record's ranked matches, computed when records or vectors change and read by pages in one query.

    `relation` names a capability's `stored.Relation` (demonstrations': "similar" solution -> solutions,
    "needs" solution -> needs, "solutions" need -> solutions); `top` is how many were asked for (a shorter
    list is not a prefix of a longer one under every backend). `docs` and `seq` are the stamp: the count
    and highest `seq` of the rows of the relation's stamp kinds in `search_documents` when the list was
    computed. Any insert, update, new vector or delete among those rows changes the stamp, so a stale list
    is never shown.
    """

    __tablename__ = "match_lists"

    relation: Mapped[str] = mapped_column(String(20), primary_key=True)
    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    top: Mapped[int] = mapped_column(Integer, primary_key=True)
    docs: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    # [[target id, 0-100 score, [reason fields]], ...] best first (see stored.encode_reason)
    items: Mapped[list[Any]] = mapped_column(JSON, default=list)

