"""Engine, sessions and migrations. SQLite runs in WAL mode with foreign keys on; PostgreSQL as is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from sqlalchemy import ColumnElement, Engine, MetaData, create_engine, event, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from bitgoeul.core.errors import Conflict, NotFound, ValidationFailed
from bitgoeul.core.i18n import Message
from bitgoeul.core.settings import SQLITE_SYNCHRONOUS, SettingsError, setting
from bitgoeul.core.time import UTCDateTime, now

T = TypeVar("T")
utcnow = now  # the name models and services use for "now, in UTC"; core/time.py is where time lives

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints the same on every database."""

    metadata = MetaData(naming_convention=NAMING)
    # A bare `Mapped[datetime]` is an instant too: stored in UTC with its offset (see core/time.py).
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class Timestamped:
    """Created/updated columns shared by most tables."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


def require_row(session: Session, model: type[T], key: object, message: str) -> T:
    """The row with primary key `key`, or NotFound with `message` (every service's `get_x` is this)."""
    row = session.get(model, key)
    if row is None:
        raise NotFound(message)
    return row


def is_unique_violation(exc: IntegrityError) -> bool:
    """True when a UNIQUE constraint or unique index refused the write (not a foreign key or NOT NULL)."""
    original = exc.orig
    if getattr(original, "sqlstate", None) == "23505":  # PostgreSQL unique_violation
        return True
    return getattr(original, "sqlite_errorname", "") in {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}


def flush_unique(session: Session, conflict: Conflict) -> None:
    """Flush; when a unique index refuses the write, raise `conflict` instead of the database's error.

    Services check an "only one" rule first (to say precisely what exists); two requests at the same moment
    both pass that check, and the index then refuses the second. It gets the same 409 as if it had come a
    moment later; the caller's unit of work is rolled back, so nothing of it is written.
    """
    try:
        session.flush()
    except IntegrityError as exc:
        if not is_unique_violation(exc):
            raise
        raise conflict from exc


def _sqlite_pragmas(synchronous: str) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    return on_connect


class NulRefused(ValidationFailed):
    """Text with a NUL character: PostgreSQL cannot store it and SQLite would keep it silently, so both
    refuse it the same way (422), whatever the edge (page, API, command)."""


def _refuse_nul(_conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any,
                executemany: bool) -> None:
    rows = parameters if executemany else [parameters]
    for row in rows:
        values = row.values() if isinstance(row, dict) else row if isinstance(row, list | tuple) else ()
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise NulRefused(Message("core.nul_refused"))


def make_engine(url: str, *, synchronous: str | None = None) -> Engine:
    """Create an engine; SQLite connections get WAL, foreign keys, a busy timeout and `synchronous`
    (NORMAL or FULL; default BITGOEUL_SQLITE_SYNCHRONOUS, see docs/operations.md)."""
    if url.startswith("sqlite"):
        level = (synchronous or setting("BITGOEUL_SQLITE_SYNCHRONOUS")).strip().upper()
        if level not in SQLITE_SYNCHRONOUS:
            raise SettingsError(f"BITGOEUL_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {level!r}")
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas(level))
    else:
        engine = create_engine(url, pool_pre_ping=True)
    event.listen(engine, "before_cursor_execute", _refuse_nul)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error so nothing is half-written."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Any:
    """Alembic configuration pointing at the packaged migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at `url` to `revision` (what `bitgoeul init` does).

    Each capability keeps its own migration branch off the initial revision, so "heads" means all of them.
    """
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def migration_heads(connection: Any) -> tuple[set[str], set[str]]:
    """(revisions the database is at, every head of the packaged migrations): equal when up to date."""
    from alembic.runtime.migration import MigrationContext

    current = set(MigrationContext.configure(connection).get_current_heads())
    return current, set(_script_heads())


@cache
def _script_heads() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` for LIKE/ILIKE with the text's own % and _ taken literally (use with escape=LIKE_ESCAPE):
    a search for "%" finds a percent sign, not every row."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def text_matches(text: str, *columns: Any) -> ColumnElement[bool]:
    """Any of `columns` contains `text` (case-insensitive), the text's % and _ taken literally."""
    pattern = like_pattern(text)
    return or_(*(column.ilike(pattern, escape=LIKE_ESCAPE) for column in columns))
