"""Settings read once from the environment; every knob is listed in SETTINGS so the CLI and docs share it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused outside development


@dataclass(frozen=True)
class SettingSpec:
    """One environment variable: its name, default and what it does (rendered into docs/configuration.md)."""

    env: str
    default: str
    help: str


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("BITGOEUL_DATABASE_URL", "sqlite:///var/bitgoeul.db", "SQLAlchemy URL of the database."),
    SettingSpec("BITGOEUL_SECRET_KEY", DEFAULT_SECRET_KEY, "Signs sessions, CSRF and API tokens."),
    SettingSpec("BITGOEUL_ENV", "development", "development, test or production."),
    SettingSpec("BITGOEUL_DEFAULT_LANGUAGE", "ko", "Language when the browser states none (ko or en)."),
    SettingSpec("BITGOEUL_CITY", "광주|Gwangju", "City name as 'Korean|English'."),
    SettingSpec("BITGOEUL_QUEUE_URL", "", "Background jobs: empty = SQLite next to the DB, or redis://host:port."),
    SettingSpec("BITGOEUL_SMTP_HOST", "127.0.0.1", "SMTP server for alert digests."),
    SettingSpec("BITGOEUL_SMTP_PORT", "25", "SMTP port."),
    SettingSpec("BITGOEUL_MAIL_FROM", "noreply@bitgoeul.example.org", "Sender of e-mails."),
    SettingSpec("BITGOEUL_BASE_URL", "", "Public address prefixed to links in e-mails."),
    SettingSpec("BITGOEUL_EMBED_CACHE", "",
                "File of vectors by content hash kept across databases (empty = off; `make demo` uses one)."),
    SettingSpec("BITGOEUL_SEARCH_BACKEND", "memory",
                "Search index: memory (in each process) or pgvector (inside PostgreSQL; `bitgoeul match pg-enable`)."),
)
SEARCH_BACKENDS = ("memory", "pgvector")


class SettingsError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or malformed."""


@dataclass(frozen=True)
class Settings:
    """The running configuration; build it with `load_settings()`."""

    database_url: str
    secret_key: str
    environment: str
    default_language: str
    city_ko: str
    city_en: str
    queue_url: str
    search_backend: str = "memory"

    @property
    def is_development(self) -> bool:
        return self.environment == "development"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `environ` (default: the process environment) and refuse unsafe ones."""
    env = os.environ if environ is None else environ
    values = {spec.env: env.get(spec.env, spec.default) for spec in SETTINGS}
    environment = values["BITGOEUL_ENV"]
    if environment not in {"development", "test", "production"}:
        raise SettingsError(f"BITGOEUL_ENV must be development, test or production, not {environment!r}")
    secret = values["BITGOEUL_SECRET_KEY"]
    if environment != "development" and secret == DEFAULT_SECRET_KEY:
        raise SettingsError("BITGOEUL_SECRET_KEY is the development default; set a secret outside development")
    if environment == "production" and len(secret) < 32:
        raise SettingsError("BITGOEUL_SECRET_KEY must be at least 32 characters in production")
    language = values["BITGOEUL_DEFAULT_LANGUAGE"]
    if language not in {"ko", "en"}:
        raise SettingsError("BITGOEUL_DEFAULT_LANGUAGE must be ko or en")
    city_ko, _, city_en = values["BITGOEUL_CITY"].partition("|")
    url = values["BITGOEUL_DATABASE_URL"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return Settings(
        database_url=url,
        secret_key=secret,
        environment=environment,
        default_language=language,
        city_ko=city_ko,
        city_en=city_en or city_ko,
        queue_url=values["BITGOEUL_QUEUE_URL"],
        search_backend=search_backend(env),
    )


def search_backend(environ: Mapping[str, str] | None = None) -> str:
    """BITGOEUL_SEARCH_BACKEND, checked; read at each use so web, worker and CLI follow the environment."""
    env = os.environ if environ is None else environ
    value = env.get("BITGOEUL_SEARCH_BACKEND", "memory").strip() or "memory"
    if value not in SEARCH_BACKENDS:
        raise SettingsError(f"BITGOEUL_SEARCH_BACKEND는 memory 또는 pgvector입니다 (지금: {value!r}) / "
                            f"BITGOEUL_SEARCH_BACKEND must be memory or pgvector, not {value!r}")
    return value
