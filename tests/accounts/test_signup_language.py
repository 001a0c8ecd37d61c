"""A new account keeps the language its owner was reading in, even when they never chose one: the browser's
Accept-Language counts as much as a click on the language switch, so signing up does not flip the site to
Korean for an English reader."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.factories import csrf_of

from bitgoeul.accounts.models import User


@pytest.mark.parametrize(("accept", "expected"), [("en-US,en;q=0.9", "en"), ("ko-KR,ko;q=0.9", "ko")])
def test_sign_up_keeps_the_browsers_language(client: Any, session: Session, accept: str, expected: str) -> None:
    client.headers["Accept-Language"] = accept
    email = f"reader-{expected}@example.org"
    answer = client.post("/signup", data={"email": email, "password": "long enough password",
                                          "display_name": "Reader", "csrf_token": csrf_of(client, "/signup")})
    assert answer.status_code == 200  # followed the redirect home
    assert session.scalars(select(User.language).where(User.email == email)).one() == expected
    assert f'<html lang="{expected}"' in client.get("/").text
