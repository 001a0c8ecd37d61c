"""Every setting, read once from the environment here and nowhere else.

`SETTINGS` is the registry: one `SettingSpec` per environment variable, naming the `Settings` field it
fills. The CLI (`bitgoeul config show`) and docs/configuration.md are generated from it, and a test fails
when the docs lag. Adding a setting: one `SettingSpec`, one `Settings` field, `bitgoeul config docs`.
Pure cores (matching/engine, transit/router) never read settings; their callers pass values in.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused outside development
SEARCH_BACKENDS = ("memory", "pgvector")
ROUTER_ENGINES = ("auto", "numba", "numpy")
LOG_FORMATS = ("json", "text")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
SQLITE_SYNCHRONOUS = ("NORMAL", "FULL")
MASK = "********"


@dataclass(frozen=True)
class SettingSpec:
    """One environment variable: its name, the field it fills, default, what it does, and if it is secret."""

    env: str
    field: str
    default: str
    help: str
    secret: bool = False


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec("BITGOEUL_DATABASE_URL", "database_url", "sqlite:///var/bitgoeul.db",
                "SQLAlchemy URL of the database, e.g. `postgresql+psycopg://user:pass@host/db`."),
    SettingSpec("BITGOEUL_SECRET_KEY", "secret_key", DEFAULT_SECRET_KEY,
                "Signs sessions, CSRF and API tokens; refused outside development when left at the default, "
                "at least 32 characters in production.", secret=True),
    SettingSpec("BITGOEUL_ENV", "environment", "development", "`development`, `test` or `production`."),
    SettingSpec("BITGOEUL_DEFAULT_LANGUAGE", "default_language", "ko",
                "Language when the browser states none (`ko` or `en`)."),
    SettingSpec("BITGOEUL_CITY", "city", "광주|Gwangju", "City name as `Korean|English`."),
    SettingSpec("BITGOEUL_TIMEZONE", "timezone", "Asia/Seoul",
                "The city's IANA time zone (e.g. `Asia/Seoul`, `Europe/Berlin`): times are stored in UTC and "
                "shown and typed on this clock; zone data comes from `tzdata` where the system has none."),
    SettingSpec("BITGOEUL_QUEUE_URL", "queue_url", "",
                "Background jobs (embeddings): empty = a SQLite queue beside the database; `redis://host:port` "
                "when several machines share the work (needs the `redis` package, installed by default)."),
    SettingSpec("BITGOEUL_SEARCH_BACKEND", "search_backend", "memory",
                "Search index: `memory` (in each process) or `pgvector` (inside PostgreSQL, after "
                "`bitgoeul match pg-enable`; see docs/matching.md)."),
    SettingSpec("BITGOEUL_SMTP_HOST", "smtp_host", "127.0.0.1", "SMTP server for job-alert digests."),
    SettingSpec("BITGOEUL_SMTP_PORT", "smtp_port", "25", "SMTP port."),
    SettingSpec("BITGOEUL_MAIL_FROM", "mail_from", "noreply@bitgoeul.example.org", "Sender of e-mails."),
    SettingSpec("BITGOEUL_BASE_URL", "base_url", "", "Public address put in front of links in e-mails."),
    SettingSpec("BITGOEUL_EMBED_THREADS", "embed_threads", "1",
                "Threads the embedding model may use (throughput comes from one process per core instead)."),
    SettingSpec("BITGOEUL_EMBED_CACHE", "embed_cache", "",
                "A SQLite file of vectors by content hash that outlives the database, so a rebuilt database "
                "re-uses them (empty = off; `make demo` and `make serve` use `var/embedding-cache.db`)."),
    SettingSpec("BITGOEUL_TIMETABLE_DIR", "timetable_dir", "",
                "A folder where built transit timetables are kept as files, one folder per feed version and "
                "date range, memory-mapped by every later start and every worker instead of built again "
                "(empty = off: each process builds its own; `make demo` and `make serve` use "
                "`var/timetables`)."),
    SettingSpec("BITGOEUL_ROUTER_ENGINE", "router_engine", "auto",
                "Transit router rounds: `numba` (compiled), `numpy` (arrays) or `auto` (numba when installed). "
                "Same answers; numba is about 4x faster."),
    SettingSpec("BITGOEUL_LOG_LEVEL", "log_level", "INFO", "`DEBUG`, `INFO`, `WARNING` or `ERROR`."),
    SettingSpec("BITGOEUL_LOG_FORMAT", "log_format", "json",
                "`json` (one object a line with the request id; for log collectors) or `text`."),
    SettingSpec("BITGOEUL_FORWARDED_ALLOW_IPS", "forwarded_allow_ips", "127.0.0.1",
                "Reverse proxies whose `X-Forwarded-For`/`-Proto` headers are believed (comma-separated "
                "addresses, or `*` behind a private network only)."),
    SettingSpec("BITGOEUL_SQLITE_SYNCHRONOUS", "sqlite_synchronous", "NORMAL",
                "SQLite durability: `NORMAL` (WAL: a power cut may lose the last commits, never corrupts) or "
                "`FULL` (every commit survives a power cut; slower writes). See docs/operations.md."),
    SettingSpec("BITGOEUL_ALLOWED_HOSTS", "allowed_hosts", "",
                "Host names the site answers to, comma-separated (any other `Host` gets 400); empty = the host of "
                "`BITGOEUL_BASE_URL`, else loopback names (refused in production). Absolute URLs (iCal, e-mails) "
                "use `BITGOEUL_BASE_URL`, never a request's `Host` header."),
    SettingSpec("BITGOEUL_API_DOCS", "api_docs", "",
                "API docs at `/api/docs`: `1` or `0` (empty = on, except in production). `/openapi.json` stays."),
    SettingSpec("BITGOEUL_RATE_LIMIT_URL", "rate_limit_url", "",
                "Where rate-limit counters live: `redis://host:port` shares them between workers and machines; "
                "empty = the Redis of `BITGOEUL_QUEUE_URL` if it is one, else each process counts alone; "
                "`memory` = each process."),
    SettingSpec("BITGOEUL_RATE_LIMITS", "rate_limits", "",
                "Tries allowed per window, overriding the defaults, e.g. `login=20/900,search=120/60` "
                "(kinds and defaults: docs/security.md)."),
    SettingSpec("BITGOEUL_MAX_BODY_BYTES", "max_body_bytes", str(10 * 1024 * 1024),
                "Largest request body accepted, in bytes; a larger one is refused with 413 before it is read."),
    SettingSpec("BITGOEUL_ZIP_MAX_MEMBERS", "zip_max_members", "200", "Most files a zip (a GTFS feed) may hold."),
    SettingSpec("BITGOEUL_ZIP_MAX_FILE_MB", "zip_max_file_mb", "512",
                "Largest uncompressed file inside a zip, in MiB (raise it for a national timetable)."),
    SettingSpec("BITGOEUL_ZIP_MAX_TOTAL_MB", "zip_max_total_mb", "1024",
                "Largest uncompressed total of a zip, in MiB."),
    SettingSpec("BITGOEUL_ZIP_MAX_RATIO", "zip_max_ratio", "100",
                "Largest uncompressed/compressed ratio of a file over 1 MiB in a zip (zip bombs reach thousands)."),
    SettingSpec("BITGOEUL_METRICS_DIR", "metrics_dir", "",
                "A directory where web worker processes share their Prometheus counters, so `/metrics` adds "
                "up every worker; `bitgoeul serve --workers N` (N > 1) sets a fresh one itself."),
)
# What tests, `make demo` and a developer's browser send; production names its own hosts.
LOOPBACK_HOSTS = "localhost,127.0.0.1,[::1],::1,testserver"


class SettingsError(ValueError):
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
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    mail_from: str = "noreply@bitgoeul.example.org"
    base_url: str = ""
    embed_threads: int = 1
    embed_cache: str = ""
    timetable_dir: str = ""
    router_engine: str = "auto"
    log_level: str = "INFO"
    log_format: str = "json"
    forwarded_allow_ips: str = "127.0.0.1"
    sqlite_synchronous: str = "NORMAL"
    metrics_dir: str = ""
    allowed_hosts: str = LOOPBACK_HOSTS
    api_docs: bool = True
    rate_limit_url: str = ""
    rate_limits: str = ""
    max_body_bytes: int = 10 * 1024 * 1024
    zip_max_members: int = 200
    zip_max_file_mb: int = 512
    zip_max_total_mb: int = 1024
    zip_max_ratio: int = 100
    timezone: str = "Asia/Seoul"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def host_names(self) -> tuple[str, ...]:
        return tuple(h for h in self.allowed_hosts.split(",") if h)

    @property
    def city(self) -> str:
        return f"{self.city_ko}|{self.city_en}"


def _choice(values: Mapping[str, str], env: str, allowed: tuple[str, ...], *, upper: bool = False) -> str:
    value = values[env].strip()
    value = value.upper() if upper else value
    if value not in allowed:
        raise SettingsError(f"{env} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _integer(values: Mapping[str, str], env: str, low: int, high: int) -> int:
    value = values[env].strip()
    if not value.isdigit() or not low <= int(value) <= high:
        raise SettingsError(f"{env} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read settings from `environ` (default: the process environment) and refuse unsafe ones."""
    env = os.environ if environ is None else environ
    values = {spec.env: env.get(spec.env, spec.default) for spec in SETTINGS}
    environment = _choice(values, "BITGOEUL_ENV", ("development", "test", "production"))
    secret = values["BITGOEUL_SECRET_KEY"]
    if environment != "development" and secret == DEFAULT_SECRET_KEY:
        raise SettingsError("BITGOEUL_SECRET_KEY is the development default; set a secret outside development")
    if environment == "production" and len(secret) < 32:
        raise SettingsError("BITGOEUL_SECRET_KEY must be at least 32 characters in production")
    city_ko, _, city_en = values["BITGOEUL_CITY"].partition("|")
    url = values["BITGOEUL_DATABASE_URL"]
    if url.startswith("sqlite:///") and ":memory:" not in url:
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return Settings(
        database_url=url,
        secret_key=secret,
        environment=environment,
        default_language=_choice(values, "BITGOEUL_DEFAULT_LANGUAGE", ("ko", "en")),
        city_ko=city_ko,
        city_en=city_en or city_ko,
        queue_url=values["BITGOEUL_QUEUE_URL"].strip(),
        search_backend=search_backend(env),
        smtp_host=values["BITGOEUL_SMTP_HOST"],
        smtp_port=_integer(values, "BITGOEUL_SMTP_PORT", 1, 65535),
        mail_from=values["BITGOEUL_MAIL_FROM"],
        base_url=values["BITGOEUL_BASE_URL"],
        embed_threads=_integer(values, "BITGOEUL_EMBED_THREADS", 1, 256),
        embed_cache=values["BITGOEUL_EMBED_CACHE"].strip(),
        timetable_dir=values["BITGOEUL_TIMETABLE_DIR"].strip(),
        router_engine=_choice(values, "BITGOEUL_ROUTER_ENGINE", ROUTER_ENGINES),
        log_level=_choice(values, "BITGOEUL_LOG_LEVEL", LOG_LEVELS, upper=True),
        log_format=_choice(values, "BITGOEUL_LOG_FORMAT", LOG_FORMATS),
        forwarded_allow_ips=values["BITGOEUL_FORWARDED_ALLOW_IPS"].strip(),
        sqlite_synchronous=_choice(values, "BITGOEUL_SQLITE_SYNCHRONOUS", SQLITE_SYNCHRONOUS, upper=True),
        metrics_dir=values["BITGOEUL_METRICS_DIR"].strip(),
        allowed_hosts=_allowed_hosts(values["BITGOEUL_ALLOWED_HOSTS"], values["BITGOEUL_BASE_URL"], environment),
        api_docs=_flag(values, "BITGOEUL_API_DOCS", default=environment != "production"),
        rate_limit_url=values["BITGOEUL_RATE_LIMIT_URL"].strip(),
        rate_limits=values["BITGOEUL_RATE_LIMITS"].strip(),
        max_body_bytes=_integer(values, "BITGOEUL_MAX_BODY_BYTES", 1024, 2**40),
        zip_max_members=_integer(values, "BITGOEUL_ZIP_MAX_MEMBERS", 1, 1_000_000),
        zip_max_file_mb=_integer(values, "BITGOEUL_ZIP_MAX_FILE_MB", 1, 1_000_000),
        zip_max_total_mb=_integer(values, "BITGOEUL_ZIP_MAX_TOTAL_MB", 1, 1_000_000),
        zip_max_ratio=_integer(values, "BITGOEUL_ZIP_MAX_RATIO", 1, 1_000_000),
        timezone=_zone(values),
    )


def _zone(values: Mapping[str, str]) -> str:
    """BITGOEUL_TIMEZONE, checked against the zone database (core/time.py reads it at each use)."""
    from bitgoeul.core.time import DEFAULT_ZONE, zone_named  # core.time reads settings: imported late

    try:
        return zone_named(values["BITGOEUL_TIMEZONE"].strip() or DEFAULT_ZONE).key
    except ValueError as error:
        raise SettingsError(f"BITGOEUL_TIMEZONE: {error}") from error


def _allowed_hosts(value: str, base_url: str, environment: str) -> str:
    """Host names requests may carry: those listed, else BITGOEUL_BASE_URL's host, else loopback names
    (production must name its own: answering any Host would let a forged one into absolute URLs)."""
    hosts = [h.strip().lower() for h in value.split(",") if h.strip()]
    if not hosts and base_url.strip():
        hosts = [urlsplit(base_url.strip()).hostname or ""]
    if not any(hosts):
        if environment == "production":
            raise SettingsError("set BITGOEUL_ALLOWED_HOSTS or BITGOEUL_BASE_URL in production")
        return LOOPBACK_HOSTS
    return ",".join(hosts)


def _flag(values: Mapping[str, str], env: str, *, default: bool) -> bool:
    value = values[env].strip().lower()
    if not value:
        return default
    if value not in {"1", "0", "true", "false"}:
        raise SettingsError(f"{env} must be 1 or 0, not {value!r}")
    return value in {"1", "true"}


def search_backend(environ: Mapping[str, str] | None = None) -> str:
    """BITGOEUL_SEARCH_BACKEND, checked; read at each use so web, worker and CLI follow the environment."""
    env = os.environ if environ is None else environ
    value = env.get("BITGOEUL_SEARCH_BACKEND", "memory").strip() or "memory"
    if value not in SEARCH_BACKENDS:
        # Like every configuration error: for the operator, in English, naming the variable.
        raise SettingsError(f"BITGOEUL_SEARCH_BACKEND must be memory or pgvector, not {value!r}")
    return value


@cache
def _by_env() -> dict[str, SettingSpec]:
    """SETTINGS by variable name: `setting` runs per value on hot paths (the city's zone per timestamp)."""
    return {s.env: s for s in SETTINGS}


def setting(env_name: str, environ: Mapping[str, str] | None = None) -> str:
    """One setting's raw text (default if unset), for code that must follow the environment at each use
    (the queue a test process points at, say) without building and checking the whole configuration."""
    spec = _by_env().get(env_name)
    if spec is None:
        raise KeyError(f"{env_name} is not a setting; add it to SETTINGS")
    env = os.environ if environ is None else environ
    return env.get(spec.env, spec.default)


def locale_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The POSIX locale variables (not Bitgoeul settings): the CLI speaks their language unless --lang."""
    env = os.environ if environ is None else environ
    return {name: env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if name in env}


def export_to_children(values: Mapping[str, str]) -> None:
    """Put values into this process's environment so the processes it starts inherit them (how
    `bitgoeul serve --workers N` hands its workers the shared metrics directory)."""
    os.environ.update(values)


def _mask_url(url: str) -> str:
    """A URL with its password replaced: `postgresql://u:secret@h/db` -> `postgresql://u:********@h/db`."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", rf"\g<1>{MASK}@", url)


def effective(settings: Settings) -> list[tuple[SettingSpec, str]]:
    """Each setting with its effective value as text, secrets masked (what `bitgoeul config show` prints)."""
    out: list[tuple[SettingSpec, str]] = []
    for spec in SETTINGS:
        value = str(getattr(settings, spec.field))
        if spec.secret:
            value = MASK
        elif "url" in spec.field:
            value = _mask_url(value)
        out.append((spec, value))
    return out


def configuration_markdown() -> str:
    """docs/configuration.md, generated from SETTINGS (`bitgoeul config docs > docs/configuration.md`)."""
    lines = [
        "# Configuration",
        "",
        "<!-- Generated from src/bitgoeul/core/settings.py by `bitgoeul config docs > docs/configuration.md`;",
        "     tests/core/test_configuration.py fails when this page and the settings disagree. -->",
        "",
        "Every setting comes from an environment variable, read in one place (`bitgoeul.core.settings`).",
        "`bitgoeul config show` prints the effective values (secrets and URL passwords masked);",
        "`bitgoeul config show --json` does the same as JSON. A malformed value stops the app at start-up.",
        "",
        "| variable | default | what it does |",
        "|---|---|---|",
    ]
    for spec in SETTINGS:
        default = "a development key" if spec.secret else (f"`{spec.default}`" if spec.default else "empty")
        lines.append(f"| `{spec.env}` | {default} | {spec.help} |")
    return "\n".join(lines) + "\n"


def field_names() -> set[str]:
    """The `Settings` fields a spec may name (plus `city`, split into city_ko/city_en)."""
    return {f.name for f in fields(Settings)} | {"city"}
