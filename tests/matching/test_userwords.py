"""The user dictionary grows from the database: organisation, programme and place names become Kiwi user
words in batches, records containing them are re-analysed, and queries are cut the same way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests import factories as f
from tests.matching.test_service import bag_embed, bag_vector

from bitgoeul.matching import memory, service, userwords, worker
from bitgoeul.matching.indexing import activate_words
from bitgoeul.matching.models import SearchDocument, SearchUserWord
from bitgoeul.text import index_terms


@pytest.fixture(autouse=True)
def lexical_only(tmp_path: Path) -> Iterator[None]:
    worker.configure(f"sqlite:///{tmp_path}/queue.db", embedder=bag_embed, query_embedder=bag_vector)
    memory.forget()
    userwords.forget()
    yield
    worker.configure(None)
    memory.forget()


def status_of(session: Session, word: str) -> str | None:
    return session.scalar(select(SearchUserWord.status).where(SearchUserWord.word == word))


def invented(session: Session, sqlite_word: str, postgres_word: str) -> str:
    """A name Kiwi splits, different per database: Kiwi is one per process, and a word it learnt for
    the first database would already be whole for the second."""
    return sqlite_word if session.get_bind().dialect.name == "sqlite" else postgres_word


def title_terms(session: Session, kind: str, record_id: int) -> list[str]:
    row = session.scalars(select(SearchDocument).where(SearchDocument.kind == kind,
                                                       SearchDocument.record_id == str(record_id))).one()
    return list(row.terms["title"])


def test_candidates_are_single_hangul_name_pieces() -> None:
    names = ["고래별노트 주식회사", "AI사관학교 4기", "Moo Lab", "(사)푸른숲", "가", "「달빛」"]
    assert userwords.candidates(names) == ["고래별노트", "주식회사", "AI사관학교", "4기"]


def test_a_name_becomes_one_term_after_activation(session: Session) -> None:
    word = invented(session, "고래별노트", "별빛고래랩")
    # Kiwi alone mangles these invented names (a wrong stem, a lost syllable): what the dictionary fixes.
    assert index_terms(word) != [word]
    firm = f.organisation(session, name_ko=word, name_en="Whale Star")
    member = f.member(session, firm)
    solution = f.solution(session, member, title_ko=f"{word} 축사 기록 앱", title_en="Barn diary app")
    session.commit()
    assert status_of(session, word) == "pending"  # noted; a small write starts no (slow) Kiwi rebuild
    # (How Kiwi cuts the name inside a longer text depends on its context; the query alone is cut wrongly.)

    assert activate_words(session) >= 2
    session.commit()
    assert status_of(session, word) == "active"
    assert index_terms(word) == [word]
    # Records written before the word existed were re-analysed with it.
    assert title_terms(session, "organisation", firm.id)[0] == word
    assert word in title_terms(session, "solution", solution.id)
    found = service.search(session, word, mode="lexical").results
    assert {(r.kind, r.id) for r in found} >= {("organisation", firm.id), ("solution", solution.id)}
    assert any(reason.kind == "words" and "title" in reason.fields and word in reason.words
               for reason in found[0].reasons)

    # Another process loads the active words before analysing a query (here: after forgetting the load).
    memory.forget()
    userwords.forget()
    assert [r.id for r in service.search(session, word, kinds=["organisation"], mode="lexical").results] == [firm.id]


def test_words_kiwi_already_keeps_whole_are_skipped(session: Session) -> None:
    f.organisation(session, name_ko="광주송정역 사무소")
    session.commit()
    activate_words(session)
    session.commit()
    assert status_of(session, "광주송정역") == "skipped"


def test_a_bulk_load_activates_its_names_before_commit(session: Session) -> None:
    word = invented(session, "구름다리노트", "도토리숲랩")
    assert index_terms(word) != [word]
    firms = [f.organisation(session, name_ko=f"{word} {n}호점") for n in range(userwords.BATCH)]
    session.commit()  # one transaction of BATCH records: its names become words at commit
    assert status_of(session, word) == "active"
    assert title_terms(session, "organisation", firms[0].id)[0] == word
    found = service.search(session, word, kinds=["organisation"], top=200, mode="lexical").results
    assert len(found) == len(firms)
