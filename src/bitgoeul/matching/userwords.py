"""The user dictionary that grows from the database: names Kiwi should keep as one token.

Kinds name the words of a record (`register_kind(..., user_words=...)`: organisation names,
programme names, places). Writing a record stores its new name pieces as *pending* words (cheap).
Kiwi rebuilds its model on every dictionary change (about a second), so pending words are given
to Kiwi in batches (`activate`): by `bitgoeul match reindex`, at the commit of a bulk load (the demo
data, imports: `BATCH` records or more), and by the worker's periodic task. Activation re-analyses
the records whose text contains a new word, and every process loads the active words before it
analyses a query, so records and queries are always cut the same way. A word Kiwi already keeps
whole is marked skipped and changes nothing.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from sqlalchemy import Connection, ScalarSelect, func, insert, or_, select, update

from bitgoeul.core.registry import hooks
from bitgoeul.matching.manifest import USER_WORDS_ACTIVATED
from bitgoeul.text import add_user_words, index_terms

MAX_WORD = 40
BATCH = 100  # a transaction indexing this many records activates pending words before it commits
# A name piece worth keeping: at least one Hangul syllable, letters and digits only, 2-40 characters.
_HANGUL = re.compile(r"[가-힣]")
_STRIP = "()[]{}<>\"'“”‘’·,.:;!?/"

_lock = threading.Lock()
_loaded: dict[str, int] = {}  # database url -> active words already given to Kiwi
# The hooks declared for USER_WORDS_ACTIVATED are called with (connection, words) right after `activate`
# gives new words to Kiwi, in its transaction: other stores of analysed text (the talent matcher's cards)
# re-analyse what contains them.


def candidates(names: Iterable[str]) -> list[str]:
    """Single-token pieces of names that could be user words ("무센스랩", "AI사관학교"), in order."""
    out: dict[str, None] = {}
    for name in names:
        for piece in (name or "").split():
            piece = piece.strip(_STRIP)
            if 2 <= len(piece) <= MAX_WORD and _HANGUL.search(piece) and piece.replace("-", "").isalnum():
                out[piece] = None
    return list(out)


def splits(word: str) -> bool:
    """Whether Kiwi cuts `word` into more than one index term, or loses part of it."""
    return index_terms(word) != [word]


def _url(connection: Connection) -> str:
    return connection.engine.url.render_as_string(hide_password=False)


def load(connection: Connection) -> int:
    """Give Kiwi every active word this process has not seen yet (one count query when none is new)."""
    from bitgoeul.matching.models import SearchUserWord as W

    url = _url(connection)
    count = int(connection.execute(select(func.count()).select_from(W).where(W.status == "active")).scalar_one())
    with _lock:
        if _loaded.get(url) == count:
            return 0
        words = list(connection.execute(select(W.word, W.tag).where(W.status == "active").order_by(W.word)))
        added = add_user_words([(w, t) for w, t in words])
        _loaded[url] = count
    return added


def active_count() -> ScalarSelect[int]:
    """How many words are active, as a subquery: part of the stamp of stored lists ranked by analysed text
    (a new active word can cut their texts differently)."""
    from bitgoeul.matching.models import SearchUserWord as W

    return select(func.count()).select_from(W).where(W.status == "active").scalar_subquery()


def note(connection: Connection, names: Iterable[str]) -> int:
    """Store the name pieces not seen before as pending; returns how many were new."""
    from bitgoeul.matching.models import SearchUserWord as W

    wanted = candidates(names)
    if not wanted:
        return 0
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        known.update(connection.execute(select(W.word).where(W.word.in_(wanted[start:start + 500]))).scalars())
    fresh = [w for w in wanted if w not in known]
    if fresh:
        connection.execute(insert(W), [{"word": w, "tag": "NNP", "status": "pending"} for w in fresh])
    return len(fresh)


def activate(connection: Connection) -> list[str]:
    """Give pending words to Kiwi in one go; returns the words now active (callers re-analyse texts with them)."""
    from bitgoeul.matching.models import SearchUserWord as W

    load(connection)
    pending = list(connection.execute(select(W.word).where(W.status == "pending").order_by(W.word)).scalars())
    if not pending:
        return []
    fresh = [w for w in pending if splits(w)]
    skipped = [w for w in pending if w not in set(fresh)]
    if skipped:
        connection.execute(update(W).where(W.word.in_(skipped)).values(status="skipped"))
    if fresh:
        connection.execute(update(W).where(W.word.in_(fresh)).values(status="active"))
        with _lock:
            add_user_words([(w, "NNP") for w in fresh])
            # Not counted as loaded here: a rollback would undo the rows, and `load` re-reads by count.
        for listener in hooks(USER_WORDS_ACTIVATED):
            listener(connection, fresh)
    return fresh


def rows_containing(connection: Connection, words: list[str]) -> list[tuple[str, str]]:
    """(kind, record id) of indexed records whose text contains any of `words`."""
    from bitgoeul.matching.models import SearchDocument as D

    found: dict[tuple[str, str], None] = {}
    for start in range(0, len(words), 50):
        chunk = words[start:start + 50]
        condition = or_(*(D.passage.contains(w, autoescape=True) for w in chunk),
                        *(D.title_ko.contains(w, autoescape=True) for w in chunk))
        found.update(dict.fromkeys((k, r) for k, r in connection.execute(select(D.kind, D.record_id).where(condition))))
    return list(found)


def forget() -> None:
    """Forget which databases were loaded (tests); Kiwi itself keeps the words for the process."""
    with _lock:
        _loaded.clear()
