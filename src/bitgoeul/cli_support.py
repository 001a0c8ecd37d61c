"""What every CLI group shares: a session on the configured database and clean error exits."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer
from sqlalchemy.orm import Session

from bitgoeul.core.db import make_engine, make_session_factory, session_scope
from bitgoeul.core.i18n import LANGUAGES, Message, as_message, locale_language, localise, set_language, translate
from bitgoeul.core.registry import load_models
from bitgoeul.core.settings import Settings, SettingsError, load_settings, locale_environment

if TYPE_CHECKING:
    from bitgoeul.accounts.mail import MailSettings

R = TypeVar("R")


@contextmanager
def open_session() -> Iterator[Session]:
    """A committed-or-rolled-back session on BITGOEUL_DATABASE_URL."""
    load_models()
    engine = make_engine(settings_or_fail().database_url)
    try:
        with session_scope(make_session_factory(engine)) as session:
            yield session
    finally:
        engine.dispose()


def fail(message: str | Message, fields: Mapping[str, str | Message] | None = None) -> NoReturn:
    """Print a clear error on stderr (in the CLI's language) and exit 2: no tracebacks for mistakes a user
    can fix."""
    typer.echo(f"{translate('core.error_prefix')}: {localise(as_message(message))}", err=True)
    for name, problem in (fields or {}).items():
        typer.echo(f"  {name}: {localise(as_message(problem))}", err=True)
    raise typer.Exit(2)


def mail_or_fail(send: Callable[[Session, MailSettings], R]) -> R:
    """Run one mailing (notifications, job-alert digests) with the SMTP settings and a session: a malformed
    setting or a server that cannot be reached ends the command with one line, not a traceback."""
    from bitgoeul.accounts.mail import MailSettings  # imported when a mailing runs: most commands send none

    try:
        settings = MailSettings.from_env()
    except ValueError as exc:
        fail(str(exc))
    try:
        with open_session() as session:
            return send(session, settings)
    except OSError as exc:
        fail(f"SMTP {settings.host}:{settings.port}: {exc}")


def settings_or_fail() -> Settings:
    """The settings, or a clear message and exit 2 when the environment holds a malformed one."""
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc))


def say(key: str, **params: object) -> str:
    """A catalog message in the CLI's language (`--lang`, else the locale)."""
    return translate(key, None, **params)


def cli_language(asked: str | None = None) -> str:
    """The CLI's language: `--lang` if given, else the environment's locale (LC_ALL, LC_MESSAGES, LANG) when
    it names Korean or English, else BITGOEUL_DEFAULT_LANGUAGE (ko)."""
    if asked in LANGUAGES:
        return asked
    try:
        default = load_settings().default_language
    except SettingsError:
        default = "ko"
    return locale_language(locale_environment(), default)


def use_cli_language(asked: str | None = None) -> None:
    set_language(cli_language(asked))
