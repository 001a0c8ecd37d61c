"""Cross-field rules of the course form stand beside the field they are about, in the page's language, and a
refused form saves nothing: an end before the start, one coordinate alone, an academy cohort without a name."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.core.i18n import translate
from bitgoeul.education.models import Course
from tests import factories as f
from tests.factories import csrf_of, login
from tests.form_fields import beside, on_whole_form

START = (datetime.now() + timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
LOCAL = "%Y-%m-%dT%H:%M"


def courses(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Course)) or 0)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"ends_at": (START - timedelta(days=1)).strftime(LOCAL)}, "ends_at", "range.end_before_start"),
    ({"lat": "35.15"}, "lon", "education.schemas.both_coordinates"),
    ({"kind": "academy"}, "cohort", "education.schemas.cohort_for_academy"),
], ids=["end-before-start", "latitude-only", "academy-without-cohort"])
def test_course_cross_field_errors_beside_their_field(client: TestClient, session: Session, lang: str,
                                                      changes: dict[str, str], field: str, key: str) -> None:
    teacher = f.member(session, f.organisation(session, kind="university"))
    session.commit()
    login(client, teacher.email)
    token = csrf_of(client, "/education/courses/new")
    data: dict[str, Any] = {"csrf_token": token, "title_ko": "리액트 실무", "skills": "리액트, TypeScript",
                            "starts_at": START.strftime(LOCAL), "ends_at": (START + timedelta(days=20)).strftime(LOCAL)}
    refused = client.post(f"/education/courses/new?lang={lang}", data={**data, **changes})
    assert refused.status_code == 422
    assert beside(refused.text, field) == translate(key, lang)
    assert on_whole_form(refused.text) == translate("form.check_fields", lang)
    assert courses(session) == 0
    made = client.post("/education/courses/new", data=data, follow_redirects=False)
    assert made.status_code == 303 and courses(session) == 1  # the rest was fine
