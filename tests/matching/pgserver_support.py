"""A throwaway PostgreSQL with pgvector from the `pgserver` wheel, for the pgvector backend's tests."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url, text

from bitgoeul.core.db import make_engine


@contextmanager
def pgvector_server(*databases: str) -> Iterator[dict[str, str]]:
    """Start a server; yield psycopg URLs of `databases` (created empty); skip the tests if it can't run."""
    pgserver = pytest.importorskip("pgserver")
    folder = tempfile.mkdtemp(prefix="bitgoeul-pg-")
    try:
        server = pgserver.get_server(folder, cleanup_mode="delete")
    except Exception as exc:  # e.g. refuses to run as this user
        pytest.skip(f"pgserver could not start PostgreSQL: {exc}")
    try:
        base = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
        from bitgoeul.matching import pgvector_backend

        engine = make_engine(base)
        with engine.connect() as connection:
            usable = pgvector_backend.available(connection)
        engine.dispose()
        if not usable:
            pytest.skip("pgvector extension not available in the bundled PostgreSQL")
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        urls = {}
        with admin.connect() as connection:
            for name in databases:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
                urls[name] = make_url(base).set(database=name).render_as_string(hide_password=False)
        admin.dispose()
        yield {"": base, **urls, "folder": folder}
    finally:
        server.cleanup()
