"""The `bitgoeul` command: init, demo-data, user create, and export round-trips of every table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import func, select
from tests import factories
from tests.talent import talent_factories
from typer.testing import CliRunner

from bitgoeul.accounts.models import User
from bitgoeul.accounts.notifications import notify
from bitgoeul.cli import app
from bitgoeul.core.db import make_engine, make_session_factory
from bitgoeul.core.export import table_rows
from bitgoeul.core.registry import export_tables
from bitgoeul.demonstrations.stages import Stage
from bitgoeul.talent.models import Alert

runner = CliRunner()


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    monkeypatch.setenv("BITGOEUL_ENV", "development")
    return db_url


def run(*args: str, input_text: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input_text)


def test_init_demo_data_and_export_round_trip(cli_env: str) -> None:
    assert run("init").exit_code == 0
    loaded = run("demo-data")
    assert loaded.exit_code == 0, loaded.output
    summary = json.loads(loaded.output)
    assert summary["solutions"] >= 120 and summary["needs"] >= 80 and summary["demonstrations"] >= 30

    again = run("demo-data")
    assert again.exit_code == 2
    assert "이미 있습니다" in again.output
    assert "already" in run("--lang", "en", "demo-data").output
    kept = run("demo-data", "--if-empty")  # what `make demo` runs on every start: keeps what is there
    assert kept.exit_code == 0 and json.loads(kept.output) == {"kept": True}

    listed = run("export", "--list").output.split()
    assert set(listed) == set(export_tables())

    engine = make_engine(cli_env)
    with make_session_factory(engine)() as session:
        firms = session.scalar(select(func.count()).select_from(export_tables()["organisations"])
                               .where(export_tables()["organisations"].kind == "ai_firm"))
        assert firms is not None and firms >= 60
        stages = set(session.scalars(select(export_tables()["demonstrations"].stage)))
        assert stages == {s.value for s in Stage}
        for name, model in export_tables().items():
            expected = table_rows(session, model)
            as_json = json.loads(run("export", name, "--format", "json").output)
            assert as_json == expected, name
            raw = runner.invoke(app, ["export", name, "--format", "csv"]).stdout_bytes
            assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a BOM so spreadsheets read UTF-8"
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
            assert len(rows) == len(expected), name
            for row, want in zip(rows, expected, strict=True):
                for key, value in want.items():
                    text = "" if value is None else (
                        json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value))
                    assert row[key] == text, (name, key)
        assert "password_hash" not in run("export", "users", "--format", "csv").output
        korean = json.loads(run("export", "solutions", "--format", "json").output)[0]["title_ko"]
        assert any("\uac00" <= ch <= "\ud7a3" for ch in korean)
    engine.dispose()


def test_export_refuses_unknown_tables_and_formats(cli_env: str) -> None:
    unknown = run("export", "secrets")
    assert unknown.exit_code == 2 and "unknown table" in unknown.output
    bad_format = run("export", "users", "--format", "xml")
    assert bad_format.exit_code == 2


def test_user_create_hashes_the_password(cli_env: str) -> None:
    created = run("user", "create", "--email", "ops@example.org", "--name", "운영자", "--role", "operator",
                  "--json", input_text="a long enough password\na long enough password\n")
    assert created.exit_code == 0, created.output
    assert json.loads(created.output.strip().splitlines()[-1])["role"] == "operator"
    engine = make_engine(cli_env)
    with make_session_factory(engine)() as session:
        user = session.scalar(select(User).where(User.email == "ops@example.org"))
        assert user is not None and user.password_hash.startswith("$argon2")
        assert "a long enough password" not in user.password_hash
    engine.dispose()
    duplicate = run("user", "create", "--email", "ops@example.org", "--name", "x", "--role", "operator",
                    input_text="another long password\nanother long password\n")
    assert duplicate.exit_code == 2 and "email" in duplicate.output


@pytest.mark.parametrize("command", [("user", "send-mail"), ("talent", "send-digests")])
def test_mailing_commands_end_on_a_bad_setting_or_server_with_one_line(
        cli_env: str, monkeypatch: pytest.MonkeyPatch, command: tuple[str, str]) -> None:
    assert run("init").exit_code == 0
    empty = run(*command, "--json")
    assert empty.exit_code == 0, empty.output
    assert json.loads(empty.output)["messages"] == 0  # nothing queued: no server is asked

    engine = make_engine(cli_env)
    with make_session_factory(engine)() as session:
        person = factories.user(session)
        if command[0] == "user":
            notify(session, person.id, "test", "새 소식", "News", "/", email=True)
        else:
            job = talent_factories.job(session, factories.member(session, factories.organisation(session)))
            session.add(Alert(user_id=person.id, job_id=job.id, score=0.5, reasons=[]))
        session.commit()
    engine.dispose()

    monkeypatch.setenv("BITGOEUL_SMTP_PORT", "not-a-port")
    malformed = run(*command)
    assert malformed.exit_code == 2 and "BITGOEUL_SMTP_PORT" in malformed.output
    assert "Traceback" not in malformed.output

    monkeypatch.setenv("BITGOEUL_SMTP_PORT", "9")  # discard: nothing listens on it here
    refused = run(*command)
    assert refused.exit_code == 2 and "SMTP 127.0.0.1:9" in refused.output
