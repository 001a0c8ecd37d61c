"""The one message mechanism: plurals, Messages rendered at the edge, errors with keys, number formats."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bitgoeul.core.errors import Conflict, NotFound, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import (
    Message,
    MissingMessage,
    catalog,
    labels,
    locale_language,
    long_date,
    money,
    period,
    speaking,
    translate,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "bitgoeul"


def test_plural_forms_follow_n() -> None:
    assert translate("core.example.meetings", "en", n=1) == "1 meeting"
    assert translate("core.example.meetings", "en", n=2) == "2 meetings"
    assert translate("core.example.meetings", "en", n=0) == "0 meetings"
    assert translate("core.example.meetings", "ko", n=1) == "회의 1건"


def test_a_message_renders_in_the_language_of_the_context() -> None:
    message = Message("core.example.meetings", n=3)
    with speaking("en"):
        assert str(message) == "3 meetings"
    with speaking("ko"):
        assert f"{message}" == "회의 3건"
    assert message.render("en") == "3 meetings"
    with pytest.raises(MissingMessage):
        Message("no.such.key")


def test_errors_carry_a_key_and_parameters_not_a_sentence() -> None:
    error = Conflict("core.example.meetings", n=1)
    assert error.key == "core.example.meetings" and error.status == 409
    assert error.render("en") == "1 meeting" and error.render("ko") == "회의 1건"
    with speaking("en"):
        assert error.message == "1 meeting"
    # A string that is no key stays as it is (a framework's own detail text).
    assert NotFound("Method Not Allowed").message == "Method Not Allowed"


def test_validation_errors_are_messages_in_either_language() -> None:
    from pydantic import BaseModel, Field

    class Form(BaseModel):
        title: str = Field(min_length=1, max_length=5)
        count: int

    with pytest.raises(ValidationFailed) as caught:
        validate(Form, {"title": "toolong"})
    error = caught.value
    assert error.field_texts("en") == {"title": "Too long (at most 5 characters).", "count": "This field is required."}
    assert error.field_texts("ko")["count"] == "필수 항목입니다."
    assert error.render("ko") == "입력값을 확인하세요."


@pytest.mark.parametrize(("value", "ko", "en"), [
    (52950, "52,950원", "KRW 52,950"), (0, "0원", "KRW 0"), (None, "-", "-"),
])
def test_money(value: int | None, ko: str, en: str) -> None:
    assert money(value, "ko") == ko and money(value, "en") == en


@pytest.mark.parametrize(("code", "ko", "en"), [
    ("2026-H1", "2026년 상반기", "H1 2026"), ("2025-H2", "2025년 하반기", "H2 2025"),
    ("2026-Q3", "2026년 3분기", "Q3 2026"), ("2026-03", "2026년 3월", "Mar 2026"), ("soon", "soon", "soon"),
])
def test_periods(code: str, ko: str, en: str) -> None:
    assert period(code, "ko") == ko and period(code, "en") == en


def test_long_dates() -> None:
    assert long_date(date(2026, 3, 1), "ko") == "2026년 3월 1일"
    assert long_date(date(2026, 3, 1), "en") == "1 Mar 2026"


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "ko"), ({"LANG": "ko_KR.UTF-8"}, "ko"), ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LANG": "ko_KR.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"), ({"LANG": "C.UTF-8"}, "ko"), ({"LC_ALL": "C"}, "ko"),
({"LANG": "fr_FR.UTF-8"}, "ko"),
])
def test_the_cli_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert locale_language(environ) == expected


def test_code_labels_come_from_the_catalog() -> None:
    kinds = labels("org.kinds")
    assert all(isinstance(ko, str) and isinstance(en, str) for ko, en in kinds.values())


def test_every_key_python_code_names_exists() -> None:
    """Keys given to Message(...) or to an error class are checked here, not when a user first meets them."""
    pattern = re.compile(r"""(?:Message|NotFound|ValidationFailed|PermissionDenied|Conflict|InvalidTransition|"""
                         r"""LoginRequired|DomainError|[A-Z][A-Za-z]+(?:Error|Rejected|Failed)|say|translate)\(\s*"""
                         r"""["']([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)["']""")
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(used - set(catalog()))
    assert not missing, f"keys missing from the catalogs: {missing}"



def test_no_joined_bilingual_strings_in_python() -> None:
    """One mechanism: no "한국어 / English" (or "English / 한국어") literals in code; the catalogs hold both
    languages, and pure cores that may not import them hand over their two texts separately."""
    joined = re.compile(r"""[\uac00-\ud7a3][^"'\n]* / [^"'\n]*[A-Za-z]{3}|[A-Za-z)] / [^"'\n]*[\uac00-\ud7a3]""")
    literal = re.compile(r"""(["'])(?:(?!\1).)*\1""")
    # This migration's patterns recognise (and never show) the joined wordings stored before the catalog,
    # to replace them with keys: it is the one place the old text must still be written out whole.
    recognisers = {"migrations/versions/dialogue_0003_warnings_as_keys.py"}
    offenders = [f"{path.relative_to(SRC)}:{number}" for path in sorted(SRC.rglob("*.py"))
                 if path.relative_to(SRC).as_posix() not in recognisers
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if any(joined.search(m.group(0)) for m in literal.finditer(line))]
    assert not offenders, offenders
