"""Separate the article body from page noise: headers, bylines, likes, photo strips, copyright lines.

Works line by line on plain text (HTML has already been flattened to lines), because news pages put
each piece of furniture on its own line; the body is what is left between the header and the tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bitgoeul.dialogue.extract.dates import FULL_DATE, find_published

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
# Short lines that are page furniture wherever they appear.
_NOISE_START = re.compile(
    r"^(?:이\s?기사\s?좋아요|이\s?기사를\s?추천|도배방지|포토\s?뉴스|메인사진|썸네일|관련\s?기사|관련\s?사진|"
    r"많이\s?본|인기\s?기사|공유하기|페이스북|트위터|카카오톡|카카오스토리|URL\s?복사|구독|로그인|회원가입|"
    r"댓글|기자명|추천|비추천|싫어요|좋아요|이동|광고|SNS|프린트|인쇄|글자\s?크기|스크랩|목록|닫기|"
    r"Copyright|ⓒ|©)",
    re.IGNORECASE,
)
_BULLET_ONLY = re.compile(r"^[•·▶►■□◆◇※\-\s\d]*$")
_COPYRIGHT = re.compile(r"ⓒ|©|\(c\)|copyright|저작권자|무단\s*전재|재배포", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPORTER = re.compile(r"[가-힣]{2,4}\s?(?:기자|특파원|통신원|객원기자|인턴기자)")
_STAMP = re.compile(r"(?:기사입력|입력|등록|승인|송고(?:시간)?|수정|발행|업데이트)\s*[:：]?\s*\d{4}")
# Lines after which nothing is article body any more.
_TAIL_START = re.compile(
    r"^(?:<?\s*저작권자|ⓒ|©|Copyright|무단\s*전재|이\s?기사\s?좋아요|이\s?기사를\s?추천|관련\s?기사|송고\s?시간|"
    r"관련\s?사진|많이\s?본|포토\s?뉴스|인기\s?기사)",
    re.IGNORECASE,
)
# "[가람신문=이준혁 기자] ", "[가람=뉴스한마당] 이도윤 기자 = ", "(서울=연합뉴스) 홍길동 기자 = "
_DATELINE = re.compile(
    r"^(?:\[[^\]]{1,40}\]|\([^)]{1,40}=[^)]{1,40}\)|【[^】]{1,40}】)\s*(?:[가-힣]{2,4}\s*(?:기자|특파원)\s*=\s*)?"
)
_PHOTO_CREDIT = re.compile(r"\s*(?:\(|/)\s*(?:사진\s*=\s*)?[^()/\n]{1,25}?\s*제공\s*\)?\s*$")
_BODY_LIKE = re.compile(r"(?:다|요|음|함)\s*[.。]?\s*[”\"’'」)]*\s*$|다\.\s")
_TITLE_PREFIX = re.compile(r"^\s*\[[^\]]{1,30}\]\s*")
# List bullets glued to the word after them ("▷박형준 시장과"): a space keeps the word a word.
_BULLETS = re.compile(r"[▷▶►△▲▽▼■□◆◇※•]")
_MAX_QUOTE_LINES = 5


@dataclass(frozen=True)
class CleanArticle:
    """Title, publication date and body paragraphs of one article."""

    title: str | None
    published: date | None
    paragraphs: tuple[str, ...]
    dropped_lines: int
    # Lines that are not body but may state a session fact: headline, subtitle, photo captions.
    evidence: tuple[str, ...] = ()


def normalise_lines(text: str) -> list[str]:
    """Lines with unified spacing; blank lines removed."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (_SPACES.sub(" ", _BULLETS.sub(" ", line)).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _join_open_quotes(lines: list[str]) -> list[str]:
    """A quotation the page broke over several lines is one paragraph again (“… / … / …”고 밝혔다)."""
    joined: list[str] = []
    pending: list[str] = []
    for line in lines:
        pending.append(line)
        text = " ".join(pending)
        marks = [char for char in text if char in "“”\""]
        if marks and marks[-1] == "“" and len(pending) < _MAX_QUOTE_LINES:
            continue
        joined.append(text)
        pending = []
    if pending:
        joined.extend(pending)
    return joined


def _is_noise(line: str) -> bool:
    if _BULLET_ONLY.match(line):
        return True
    if len(line) <= 40 and _NOISE_START.match(line):
        return True
    if len(line) <= 200 and _COPYRIGHT.search(line):
        return True
    short = len(line) <= 100
    if short and _REPORTER.search(line) and not _BODY_LIKE.search(line):
        return True  # a byline ("김수현 기자 | 기사입력 ...", "/ 최윤서 기자", "기자 email")
    if short and _STAMP.search(line):
        return True
    if short and FULL_DATE.search(line) and not _BODY_LIKE.search(line) and "|" in line:
        return True
    return bool(short and _EMAIL.search(line) and not _BODY_LIKE.search(line))


def _is_body_like(line: str) -> bool:
    return len(line) >= 30 and bool(_BODY_LIKE.search(line))


def clean_title(title: str) -> str:
    """A headline without the outlet tag some sites prefix ("[문화와사람] ...")."""
    return _TITLE_PREFIX.sub("", " ".join(title.split())).strip()


def clean_article(
    text: str, *, title: str | None = None, published_meta: str | None = None, stamp_text: str | None = None
) -> CleanArticle:
    """Split text into header, body and tail; return the title, publication date and body paragraphs."""
    lines = normalise_lines(text)
    published = find_published(normalise_lines(stamp_text) if stamp_text else lines, published_meta)
    if published is None and stamp_text:
        published = find_published(lines, None)
    first_body = next((index for index, line in enumerate(lines) if _is_body_like(line)), len(lines))
    header, rest = lines[:first_body], lines[first_body:]
    body_lines: list[str] = []
    seen_body = 0
    dropped = len(header)
    evidence = [line for line in header if not _is_noise(line)]
    for line in rest:
        if seen_body >= 2 and _TAIL_START.match(line):
            dropped += 1
            break
        if _is_noise(line):
            dropped += 1
            if not _COPYRIGHT.search(line):
                evidence.append(line)
            continue
        body_lines.append(line)
        seen_body += _is_body_like(line)
    if title is None:
        title = next(
            (line for line in header if len(line) >= 10 and not _is_noise(line) and not FULL_DATE.search(line)),
            None,
        )
    paragraphs: list[str] = []
    body_lines = _join_open_quotes(body_lines)
    for index, line in enumerate(body_lines):
        if index < 2:
            line = _DATELINE.sub("", line)
        line = _PHOTO_CREDIT.sub("", line)
        if title and clean_title(line) == clean_title(title):
            continue
        if line:
            paragraphs.append(line)
    return CleanArticle(
        title=clean_title(title) if title else None,
        published=published,
        paragraphs=tuple(paragraphs),
        dropped_lines=dropped,
        evidence=tuple(([title] if title else []) + evidence),
    )
