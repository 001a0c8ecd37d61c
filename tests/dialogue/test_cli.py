"""`bitgoeul dialogue ...`: the import contract JSON on the source article, saving drafts, clear refusals
of bad files with nothing saved, the list commands and the export tables."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bitgoeul.cli import app
from bitgoeul.core.db import make_engine, make_session_factory
from bitgoeul.dialogue.extract import MAX_BYTES
from bitgoeul.dialogue.models import DialogueSession, DialogueVoice

HERE = Path(__file__).resolve().parent
# ../shared beside the repository; BITGOEUL_SHARED_DIR points there from a worktree elsewhere.
SHARED = Path(os.environ.get("BITGOEUL_SHARED_DIR") or Path(__file__).resolve().parents[2] / ".." / "shared")
SEED = SHARED / "seed" / "gwangju-ai-monday-dialogue-2024-05-28.txt"
ARTICLE = HERE / "xss_article.html"
runner = CliRunner()


@pytest.fixture
def cli_env(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BITGOEUL_DATABASE_URL", db_url)
    monkeypatch.setenv("BITGOEUL_ENV", "development")
    return db_url


def run(*args: str) -> Any:
    return runner.invoke(app, list(args))


def counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        found = (int(session.scalar(select(func.count(DialogueSession.id))) or 0),
                 int(session.scalar(select(func.count(DialogueVoice.id))) or 0))
    engine.dispose()
    return found


def make_operator() -> None:
    result = run("user", "create", "--email", "ops@example.org", "--name", "운영자", "--role", "operator",
                 "--password", "correct horse battery")
    assert result.exit_code == 0, result.output


def test_contract_json_on_the_source_article(cli_env: str) -> None:
    if not SEED.is_file():
        pytest.skip("shared/seed not beside the repository")
    result = run("dialogue", "import", str(SEED), "--json")
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert set(draft) == {"session", "participants", "voices"}
    assert set(draft["session"]) == {"number", "date", "place", "topic", "title", "published"}
    assert draft["session"]["number"] == 38 and draft["session"]["date"] == "2024-05-27"
    assert draft["session"]["published"] == "2024-05-28" and draft["session"]["place"]
    for person in draft["participants"]:
        assert set(person) == {"name", "organisation", "role"}
    assert len(draft["participants"]) >= 10
    assert draft["voices"]
    for voice in draft["voices"]:
        assert set(voice) == {"speaker", "speaker_organisation", "quote", "kind", "themes"}
        assert isinstance(voice["themes"], list) and voice["quote"]
    assert counts(cli_env) == (0, 0)  # --json alone saves nothing


def test_save_makes_a_draft_for_review(cli_env: str) -> None:
    refused = run("dialogue", "import", str(ARTICLE), "--save")
    assert refused.exit_code == 2 and "operator" in refused.output
    make_operator()
    saved = run("dialogue", "import", str(ARTICLE), "--save")
    assert saved.exit_code == 0, saved.output
    assert "/dialogue/sessions/" in saved.stdout
    assert counts(cli_env) == (1, 4)
    listed = json.loads(run("dialogue", "sessions", "--json").stdout)
    assert [(s["number"], s["status"]) for s in listed] == [(12, "draft")]
    both = run("dialogue", "import", str(ARTICLE), "--json", "--save")
    assert json.loads(both.stdout)["session"]["number"] == 12 and "saved draft session" in both.stderr
    assert counts(cli_env) == (2, 8)


@pytest.mark.parametrize(("content", "words"), [
    (b"", "empty"), (b"\x00\x01\x02\x03" * 64, "binary"), (b"x" * (MAX_BYTES + 1), "large"),
])
def test_bad_files_are_refused_clearly(cli_env: str, tmp_path: Path, content: bytes, words: str) -> None:
    make_operator()
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    for flags in (("--json",), ("--save",)):
        result = run("--lang", "en", "dialogue", "import", str(path), *flags)
        assert result.exit_code == 2 and "error:" in result.output and words in result.output
        korean = run("--lang", "ko", "dialogue", "import", str(path), *flags)
        assert korean.exit_code == 2 and "오류:" in korean.output and words not in korean.output
        assert "Traceback" not in result.output
    assert counts(cli_env) == (0, 0)


def test_article_without_quotes_is_not_saved(cli_env: str) -> None:
    make_operator()
    preview = run("--lang", "en", "dialogue", "import", str(HERE / "no_quotes_article.txt"), "--json")
    assert preview.exit_code == 0 and json.loads(preview.stdout)["voices"] == []
    assert "No direct quotes" in preview.stderr and "인용문" not in preview.stderr
    saved = run("--lang", "en", "dialogue", "import", str(HERE / "no_quotes_article.txt"), "--save")
    assert saved.exit_code == 2 and "no direct quotes" in saved.output
    assert run("dialogue", "import", "/nonexistent/article.txt").exit_code == 2
    assert counts(cli_env) == (0, 0)


def test_export_sees_the_dialogue_tables(cli_env: str) -> None:
    make_operator()
    assert run("dialogue", "import", str(ARTICLE), "--save").exit_code == 0
    tables = run("export", "--list").stdout.split()
    assert {"dialogue_sessions", "dialogue_voices", "dialogue_actions", "dialogue_answers",
            "dialogue_themes"} <= set(tables)
    voices = json.loads(run("export", "dialogue_voices").stdout)
    assert len(voices) == 4 and all(v["verbatim"] for v in voices)
    assert json.loads(run("dialogue", "actions", "--json").stdout) == []
