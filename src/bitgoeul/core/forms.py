"""Turn pydantic validation errors into bilingual per-field messages (forms and API share them)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from bitgoeul.core.errors import ValidationFailed

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "필수 항목입니다. / This field is required.",
    "string_too_short": "너무 짧습니다. / Too short.",
    "string_too_long": "너무 깁니다 (최대 {max_length}자). / Too long (at most {max_length} characters).",
    "int_parsing": "정수를 입력하세요. / Enter a whole number.",
    "float_parsing": "숫자를 입력하세요. / Enter a number.",
    "greater_than_equal": "{ge} 이상이어야 합니다. / Must be at least {ge}.",
    "greater_than": "{gt}보다 커야 합니다. / Must be greater than {gt}.",
    "less_than_equal": "{le} 이하여야 합니다. / Must be at most {le}.",
    "date_from_datetime_parsing": "날짜 형식(YYYY-MM-DD)이 아닙니다. / Not a date (YYYY-MM-DD).",
    "date_parsing": "날짜 형식(YYYY-MM-DD)이 아닙니다. / Not a date (YYYY-MM-DD).",
    "literal_error": "허용되지 않는 값입니다. / Not one of the allowed values.",
    "enum": "허용되지 않는 값입니다. / Not one of the allowed values.",
    "bool_parsing": "예/아니오 값이 아닙니다. / Not a yes/no value.",
    "extra_forbidden": "알 수 없는 항목입니다. / Unknown field.",
}


def field_errors(error: ValidationError) -> dict[str, str]:
    """First error per field, as a bilingual sentence; errors on the whole object go under `__all__`."""
    fields: dict[str, str] = {}
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"]) or "__all__"
        template = _MESSAGES.get(item["type"])
        if template is None:
            message = str(item["msg"]).removeprefix("Value error, ")
        else:
            message = template.format(**(item.get("ctx") or {}))
        fields.setdefault(name, message)
    return fields


def validate(model: type[M], data: Mapping[str, Any]) -> M:
    """Validate `data` into `model` or raise ValidationFailed naming each bad field."""
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        raise ValidationFailed("입력값을 확인하세요. / Please check the highlighted fields.",
                               fields=field_errors(exc)) from exc


def blank_to_none(data: Mapping[str, Any]) -> dict[str, Any]:
    """HTML forms send '' for an empty input; optional fields want None."""
    return {k: (None if isinstance(v, str) and v.strip() == "" else v) for k, v in data.items()}
