"""The default theme taxonomy for dialogue voices, and keyword classification against any taxonomy.

Two families: the dialogue's eight rotating fields, and the AI programme's themes. Codes are stable
identifiers for storage and URLs; labels are for people (Korean first). Operators can edit the
taxonomy: `classify_themes` takes any sequence of `Theme`, so the platform passes its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bitgoeul.dialogue.extract.korean import kiwi

_NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "XR"})


@dataclass(frozen=True)
class Theme:
    """One theme: `cues` are nouns or short stems; a voice gets the theme when one of them occurs."""

    code: str
    ko: str
    en: str
    family: str  # "field" (the eight dialogue fields) or "programme" (AI programme themes)
    cues: tuple[str, ...]


def _cues(text: str) -> tuple[str, ...]:
    """Cues written as one "|"-separated string; cues may contain spaces ("납품 단가")."""
    return tuple(text.split("|"))


DEFAULT_THEMES: tuple[Theme, ...] = (
    Theme(
        "civil_society_environment",
        "시민사회·환경",
        "Civil society & environment",
        "field",
        _cues("환경|하천|생태|기후|탄소|쓰레기|일회용|재활용|수달|준설|녹지|시민단체|미세먼지|숲|공원"),
    ),
    Theme(
        "welfare",
        "복지",
        "Welfare",
        "field",
        _cues("복지|돌봄|어르신|장애인|요양|방문간호|발달장애|취약계층|노인|간병|퇴원|경로당"),
    ),
    Theme(
        "women_education_youth",
        "여성·교육·청년",
        "Women, education & youth",
        "field",
        _cues("여성|청년|경력보유|경력단절|재취업|출산|육아|하원|보육|아이를"),
    ),
    Theme(
        "culture_sports",
        "문화·체육",
        "Culture & sports",
        "field",
        _cues("문화|예술|공연|극단|체육|운동장|축구|생활체육|소극장|비엔날레|스포츠|창작|야구|타이거즈|동호인"),
    ),
    Theme(
        "manufacturing_industry",
        "제조업·산업계",
        "Manufacturing & industry",
        "field",
        _cues("제조|공장|스마트공장|설비|부품|금형|산업단지|납품 단가|전기요금|시험 장비"),
    ),
    Theme(
        "labour_human_rights",
        "노동·인권",
        "Labour & human rights",
        "field",
        _cues("노동|노동자|산재|인권|쉼터|임금|처우|근로|배달 기사|플랫폼 노동|노동 상담|야간 상담"),
    ),
    Theme(
        "economy_local_business",
        "경제·골목상권",
        "Economy & local business",
        "field",
        _cues("골목상권|상권|상인|소상공인|임대료|전통시장|상품권|가맹점|배달앱|수수료|점포|손님"),
    ),
    Theme(
        "urban_tourism",
        "도시·관광",
        "City & tourism",
        "field",
        _cues("관광|관광객|숙박|야간 경관|볼거리|안내판|케이블카|축제|도시재생|보행|골목을"),
    ),
    Theme(
        "customers",
        "고객·수요",
        "Customers & demand",
        "programme",
        _cues("고객|매출|수요|판로|구매|구매처|실증|납품|거래처|조달|써 보고|사용해 보고|고객층"),
    ),
    Theme(
        "talent",
        "인재",
        "Talent",
        "programme",
        _cues("인재|인력|개발자|채용|일자리|구인|취업|취직|팀장급|시니어|신입|경력 개발자|전문 인력"),
    ),
    Theme(
        "exchange",
        "교류·네트워킹",
        "Exchange & networking",
        "programme",
        _cues("교류|네트워킹|협업|교류회|만남의 자리|교류할|초청해"),
    ),
    Theme(
        "transport",
        "교통",
        "Transport",
        "programme",
        _cues(
            "교통|버스|비행기|KTX|철도|노선|환승|공항|리무진|배차|택시|"
            "주차|정류장|귀가|대중교통|왕복|시간이 걸린|4시간|일곱 시간"
        ),
    ),
    Theme(
        "education",
        "교육",
        "Education",
        "programme",
        _cues("교육|강의|경진대회|직업훈련|훈련|현장실습|실습|멘토|수료|교육과정|과제"),
    ),
    Theme(
        "infrastructure",
        "인프라·랜드마크",
        "Infrastructure & landmarks",
        "programme",
        _cues("인프라|데이터센터|랜드마크|시설|장비|연습 공간|공공건물|주차장|센터"),
    ),
)


def theme_by_code(code: str, taxonomy: Sequence[Theme] = DEFAULT_THEMES) -> Theme | None:
    return next((theme for theme in taxonomy if theme.code == code), None)


def classify_themes(text: str, taxonomy: Sequence[Theme] = DEFAULT_THEMES) -> tuple[str, ...]:
    """Codes of the themes whose cues occur in the text, in taxonomy order.

    Single-morpheme cues are matched against Kiwi's nouns (so "교육" does not fire inside "교육감"
    unless Kiwi reads it so); cues with a space or a particle are matched as phrases.
    """
    nouns = {token.form for token in kiwi().tokenize(text) if token.tag in _NOUN_TAGS}
    codes = []
    for theme in taxonomy:
        for cue in theme.cues:
            phrase = " " in cue or not cue.isalnum() or len(cue) >= 4 or cue[-1] in "을를의할"
            if cue in nouns or (phrase and cue in text):
                codes.append(theme.code)
                break
    return tuple(codes)
