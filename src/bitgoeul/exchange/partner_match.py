"""Reciprocal partner matching over plain data: an offer against seeks, or a seek against offers.

Pure: imports nothing from the app's core, web or database layers (a test checks it). The text part uses
the matching engine's BM25F both ways: how well the listing's words find the candidate AND how well the
candidate's words find the listing, each normalised by the query's score against itself, combined by a
harmonic mean so a match needs both sides to fit (one-sided text similarity is not enough; RecSys 2010's
reciprocal recommenders showed the same for people). Intent must agree; domain and region add to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bitgoeul.matching.engine import BM25Params, Document, LexicalIndex
from bitgoeul.text import regions
from bitgoeul.text.surface import surface_phrases

# Weights of the score's parts; they sum to 1 so a perfect match scores 1.0.
TEXT_WEIGHT = 0.5
DOMAIN_WEIGHT = 0.3
REGION_WEIGHT = 0.2
NATIONWIDE = frozenset({"", "전국", "nationwide", "any", "온라인", "online"})

CITY_EN: dict[str, str] = {"서울": "Seoul", "광주": "Gwangju", "전남": "Jeonnam", "대전": "Daejeon", "부산": "Busan",
                           "경기": "Gyeonggi", "대구": "Daegu", "인천": "Incheon", "세종": "Sejong", "판교": "Pangyo"}

INTENT_NAMES: dict[str, tuple[str, str]] = {
    "partnership": ("사업 제휴", "partnership"),
    "resale": ("재판매·유통", "resale"),
    "subcontracting": ("하도급·외주", "subcontracting"),
    "investment": ("투자", "investment"),
    "tech_exchange": ("기술 교류", "tech exchange"),
}


@dataclass(frozen=True)
class ListingData:
    """What the matcher needs of one listing; `domain_names` gives (Korean, English) for reasons."""

    id: int
    organisation_id: int
    side: str  # offer | seek
    intent: str
    domain: str  # a domain code or "any"
    region: str
    title: str
    text: str
    domain_names: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class PartnerMatch:
    """One ranked candidate with its score in [0, 1] and the reasons, in Korean and in English.

    `words` are the candidate's words that both descriptions share, as written there (whole words, not index
    terms); they belong to the last reason, and the edge shows them marked as record text."""

    id: int
    score: float
    text_fit: float
    reasons_ko: tuple[str, ...]
    reasons_en: tuple[str, ...]
    words: tuple[str, ...] = ()


def city_of(region: str) -> str:
    """"광주 북구" -> "광주"; "" or "전국" -> "" (anywhere)."""
    city = regions.city_of(region)
    return "" if city.lower() in NATIONWIDE else city


def domain_fit(a: str, b: str) -> float:
    if a == b and a != "any":
        return 1.0
    if "any" in (a, b):
        return 0.5
    return 0.0


def region_fit(offer: ListingData, seek: ListingData) -> float:
    """A seek's region says where the partner should be; an offer's where the offerer works."""
    wanted, offered = city_of(seek.region), city_of(offer.region)
    if not wanted or not offered:
        return 0.5  # one of them is anywhere: it fits, but says less than a named match
    return 1.0 if wanted == offered else 0.0


def _document(listing: ListingData) -> Document:
    return Document(kind="listing", id=listing.id, fields={"title": listing.title, "body": listing.text})


def _query(listing: ListingData) -> str:
    return f"{listing.title}\n{listing.text}"


def candidates_for(target: ListingData, pool: Sequence[ListingData]) -> list[ListingData]:
    """The other side's listings of other organisations with the same intent."""
    other = "seek" if target.side == "offer" else "offer"
    return [c for c in pool if c.side == other and c.intent == target.intent
            and c.organisation_id != target.organisation_id and c.id != target.id]


def match(target: ListingData, pool: Sequence[ListingData], *, top: int = 10) -> list[PartnerMatch]:
    """The best `top` partners for `target` from `pool`, best first (ties by id); candidates with no
    fitting domain and no shared words are left out."""
    candidates = candidates_for(target, pool)
    if not candidates:
        return []
    index = LexicalIndex(BM25Params(field_weights={"title": 2.0, "body": 1.0}))
    index.add_many([_document(target), *(_document(c) for c in candidates)])
    forward = _normalised_scores(index, target)
    matches = []
    for candidate in candidates:
        backward = _normalised_scores(index, candidate)
        there, back = forward.get(candidate.id, 0.0), backward.get(target.id, 0.0)
        text = 2 * there * back / (there + back) if there > 0 and back > 0 else 0.0
        offer, seek = (target, candidate) if target.side == "offer" else (candidate, target)
        dom, reg = domain_fit(target.domain, candidate.domain), region_fit(offer, seek)
        if text == 0.0 and dom == 0.0:
            continue
        score = TEXT_WEIGHT * text + DOMAIN_WEIGHT * dom + REGION_WEIGHT * reg
        ko, en, words = _reasons(index, target, candidate, offer, seek, dom, reg, text)
        matches.append(PartnerMatch(candidate.id, round(score, 4), round(text, 4), ko, en, words))
    matches.sort(key=lambda m: (-m.score, m.id))
    return matches[:top]


def _normalised_scores(index: LexicalIndex, listing: ListingData) -> dict[int, float]:
    """BM25F of the listing's words against every indexed listing, divided by its score against itself."""
    qterms = index.analyse_query(_query(listing))
    scores = index.scores(qterms)
    own = index.slot_of(("listing", listing.id))
    if own is None or scores[own] <= 0:
        return {}
    out: dict[int, float] = {}
    for slot, key in enumerate(index.slot_keys):
        if key is not None and slot != own and scores[slot] > 0:
            out[int(key[1])] = min(1.0, float(scores[slot] / scores[own]))
    return out


def _shared_terms(index: LexicalIndex, target: ListingData, candidate: ListingData, limit: int = 5) -> list[str]:
    slot = index.slot_of(("listing", candidate.id))
    if slot is None:
        return []
    matched = index.matched_terms(slot, index.analyse_query(_query(target)))
    terms = [t for name in ("title", "body") for t in matched.get(name, [])]
    return list(dict.fromkeys(t for t in terms if len(t) > 1))[:limit]


def _reasons(index: LexicalIndex, target: ListingData, candidate: ListingData, offer: ListingData,
             seek: ListingData, dom: float, reg: float,
             text: float) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    intent_ko, intent_en = INTENT_NAMES.get(target.intent, (target.intent, target.intent))
    ko = [f"같은 목적: {intent_ko}"]
    en = [f"Same intent: {intent_en}"]
    names = target.domain_names if target.domain != "any" else candidate.domain_names
    if dom == 1.0:
        ko.append(f"같은 분야: {names[0]}")
        en.append(f"Same domain: {names[1]}")
    elif dom == 0.5:
        ko.append("한쪽이 전 분야를 대상으로 함")
        en.append("One side is open to any domain")
    wanted, offered = city_of(seek.region), city_of(offer.region)
    if reg == 1.0:
        ko.append(f"찾는 지역과 맞음: {wanted}")
        en.append(f"In the region sought: {CITY_EN.get(wanted, wanted)}")
    elif reg == 0.5:
        ko.append("지역 제한 없음")
        en.append("No regional limit")
    else:
        ko.append(f"지역이 다름: 찾는 곳 {wanted}, 제공하는 곳 {offered}")
        en.append(f"Different regions: sought in {CITY_EN.get(wanted, wanted)}, "
                  f"offered in {CITY_EN.get(offered, offered)}")
    shared = _shared_terms(index, target, candidate)
    words: tuple[str, ...] = ()
    if shared and text > 0:
        # Index terms are morphemes ("분석하" reads as a fragment): show the candidate's words as written.
        words = tuple(surface_phrases(f"{candidate.title}\n{candidate.text}", shared, limit=6))
        ko.append(f"서로의 설명에 맞는 말 (적합도 {text:.0%})")
        en.append(f"Each description fits the other ({text:.0%})")
    return tuple(ko), tuple(en), words
