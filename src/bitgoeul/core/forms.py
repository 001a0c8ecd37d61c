"""Turn pydantic validation errors into per-field Messages (forms, API and CLI share them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bitgoeul.core.errors import ValidationFailed
from bitgoeul.core.i18n import Message

M = TypeVar("M", bound=BaseModel)

# pydantic's error type -> catalog key (its context, e.g. max_length, fills the message's parameters).
_KEYS = {
    "missing": "field.missing",
    "string_too_short": "field.string_too_short",
    "string_too_long": "field.string_too_long",
    "too_long": "field.too_many",
    "int_parsing": "field.int_parsing",
    "int_from_float": "field.int_parsing",
    "float_parsing": "field.float_parsing",
    "greater_than_equal": "field.greater_than_equal",
    "greater_than": "field.greater_than",
    "less_than_equal": "field.less_than_equal",
    "less_than": "field.less_than",
    "date_from_datetime_parsing": "field.date_parsing",
    "date_parsing": "field.date_parsing",
    "datetime_parsing": "field.datetime_parsing",
    "datetime_from_date_parsing": "field.datetime_parsing",
    "literal_error": "field.not_allowed",
    "enum": "field.not_allowed",
    "bool_parsing": "field.bool_parsing",
    "extra_forbidden": "field.extra_forbidden",
}


class FieldRule(ValueError):
    """A cross-field rule's refusal, raised in a model validator, naming the field it is shown beside.

    pydantic files a model validator's error under no field at all, so a form could only show it above
    everything ("check the fields") and the reader had to guess which input to fix; naming the field puts the
    message next to the input it is about, on pages and in the API's `fields`."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(message)
        self.field = field


def error_field(item: Mapping[str, Any], skip: int = 0) -> str:
    """The field one pydantic error is about: its location (less `skip` leading parts, e.g. FastAPI's `body`),
    else the field a FieldRule names, else `__all__` (the object as a whole)."""
    name = ".".join(str(part) for part in tuple(item["loc"])[skip:])
    if name:
        return name
    error = (item.get("ctx") or {}).get("error")
    return error.field if isinstance(error, FieldRule) else "__all__"


def field_message(item: Mapping[str, Any]) -> Message:
    context = dict(item.get("ctx") or {})
    error = context.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Message):
        return error.args[0]  # a validator raised ValueError(Message(...))
    key = _KEYS.get(str(item["type"]), "field.invalid")
    wanted = {"max_length", "ge", "gt", "le", "lt"}
    return Message(key, **{k: v for k, v in context.items() if k in wanted})


def field_errors(error: ValidationError) -> dict[str, str | Message]:
    """First error per field, as a Message; a cross-field rule goes under the field it names (FieldRule), only
    an error about the object as a whole under `__all__`."""
    fields: dict[str, str | Message] = {}
    for item in error.errors():
        fields.setdefault(error_field(item), field_message(item))
    return fields


def validate(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate `data` into `model` or raise ValidationFailed naming each bad field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise ValidationFailed("field.check", fields=field_errors(exc)) from exc
