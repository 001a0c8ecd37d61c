"""Logging: one JSON object a line (or plain text), every line carrying the request id of the request that
wrote it, so an operator can go from an error answer's `request_id` to every line about that request.

The id lives in a context variable that the web edge sets per request; lines written outside a request
(the worker, start-up) carry an empty id.
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

_request_id: ContextVar[str] = ContextVar("bitgoeul_request_id", default="")
# Attributes every LogRecord has; anything else was passed with `extra=` and goes into the JSON object.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def current_request_id() -> str:
    """The id of the request being answered (empty outside a request)."""
    return _request_id.get()


def set_request_id(value: str) -> None:
    _request_id.set(value)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (as `request_id`) unless the caller gave one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data:
                data[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


def logging_config(level: str = "INFO", fmt: str = "json") -> dict[str, Any]:
    """A `logging.config.dictConfig` for the app, uvicorn and huey alike (uvicorn applies it in each worker)."""
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": f"{__name__}.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "default", "filters": ["request_id"]}},
        "root": {"level": level, "handlers": ["stderr"]},
        # uvicorn's own lines go through the root handler; its access log is replaced by bitgoeul.access.
        "loggers": {**{name: {"level": level, "handlers": [], "propagate": True}
                       for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "huey")},
                    # /readyz asks Alembic where the schema is; its per-call INFO lines are noise.
                    "alembic": {"level": "WARNING", "handlers": [], "propagate": True}},
    }


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    import logging.config

    logging.config.dictConfig(logging_config(level, fmt))
