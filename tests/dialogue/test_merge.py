"""Two outlets' articles about one session merge into one draft (issue 15): both sources, no quote twice,
new people and quotes added, and a date that disagrees flagged for the operator instead of overwritten.
Both articles are written here for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests import factories

from bitgoeul.core.errors import PermissionDenied, ValidationFailed
from bitgoeul.core.i18n import translate
from bitgoeul.dialogue import importer, service
from bitgoeul.dialogue.extract import MAX_BYTES
from bitgoeul.dialogue.models import DialogueSource, DialogueVoice

HERE = Path(__file__).resolve().parent
FIRST = (HERE / "merge_article_a.txt").read_bytes()
SECOND = (HERE / "merge_article_b.txt").read_bytes()


@pytest.fixture
def operator(session: Session) -> Any:
    return factories.operator(session)


def test_two_articles_merge_into_one_draft(session: Session, operator: Any) -> None:
    record = importer.import_article(session, operator, FIRST, "a.txt")
    assert record.held_on == date(2024, 6, 10) and record.number == 12
    merged = importer.merge_article(session, operator, record.id, SECOND, "b.txt")
    assert merged.id == record.id
    assert len(merged.sources) == 2
    assert [s.published_on for s in merged.sources] == [date(2024, 6, 11), date(2024, 6, 12)]
    assert merged.held_on == date(2024, 6, 10)  # not overwritten
    quotes = [voice.quote for voice in merged.voices]
    assert sum("집에 갈 방법" in quote for quote in quotes) == 1  # the same words from both outlets: one voice
    assert sum("막차" in quote for quote in quotes) == 1
    shelter = next(voice for voice in merged.voices if "쉼터" in voice.quote)
    assert shelter.source is merged.sources[1]
    assert shelter.participant is not None and shelter.participant.name == "문세찬"
    for voice in merged.voices:  # positions still point at the words, in the joined article text
        assert merged.article_text[voice.quote_start:voice.quote_end] == voice.quote
    flags = [w for w in merged.import_warnings if isinstance(w, dict)]
    disagreement = next(w for w in flags if w["key"] == "dialogue.merge_date_disagrees")
    assert disagreement["params"]["draft"] == "2024-06-10" and disagreement["params"]["other"] == "2024-06-11"
    assert not any(w["key"] == "dialogue.merge_number_disagrees" for w in flags)
    assert "2024-06-11" in translate(disagreement["key"], "ko", **disagreement["params"])
    added = next(w for w in flags if w["key"] == "dialogue.merge_added")
    assert translate(added["key"], "en", **added["params"]).endswith("1 new quote.")


def test_bad_input_and_published_sessions_leave_the_draft_unchanged(session: Session, operator: Any) -> None:
    record = importer.import_article(session, operator, FIRST, "a.txt")
    session.commit()
    sources = session.scalar(select(func.count()).select_from(DialogueSource))
    voices = session.scalar(select(func.count()).select_from(DialogueVoice))
    no_quotes = "인용문 없는 짧은 기사입니다. 시장이 시민을 만났다고 밝혔다.".encode()
    for bad in (b"", b"\x00\x01\x02binary", no_quotes, b"a" * (MAX_BYTES + 1)):
        with pytest.raises(ValidationFailed):
            importer.merge_article(session, operator, record.id, bad, "bad.txt")
        session.rollback()
    with pytest.raises(PermissionDenied):
        importer.merge_article(session, factories.user(session), record.id, SECOND, "b.txt")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(DialogueSource)) == sources
    assert session.scalar(select(func.count()).select_from(DialogueVoice)) == voices
    service.publish_session(session, operator, record.id)
    with pytest.raises(ValidationFailed) as refused:
        importer.merge_article(session, operator, record.id, SECOND, "b.txt")
    assert refused.value.key == "dialogue.merge_not_draft"
