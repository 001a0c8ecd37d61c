"""A bilingual (Korean <-> English) domain glossary used to expand queries across languages.

Lexical search cannot see that "livestock" and "축산" mean the same thing; expanding the query
with the glossary's other side lets an English query hit Korean records (and back) before or
without dense vectors. The default list is editable: copy it, add or remove pairs, pass it on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bitgoeul.text.analyse import dictionary_version

# (Korean, English) pairs written for this project. A Korean term may have several English
# renderings (and back); each pair is one edge. Keep phrases short: they are matched as
# contiguous runs of index terms.
DEFAULT_PAIRS: tuple[tuple[str, str], ...] = (
    # domains
    ("축산", "livestock"),
    ("가축", "livestock"),
    ("양돈", "pig farming"),
    ("한우", "hanwoo cattle"),
    ("소", "cattle"),
    ("돼지", "pig"),
    ("닭", "chicken"),
    ("양계", "poultry"),
    ("농업", "agriculture"),
    ("스마트팜", "smart farm"),
    ("스마트 팜", "smart farm"),
    ("온실", "greenhouse"),
    ("작물", "crop"),
    ("병해충", "pest"),
    ("수확", "harvest"),
    ("의료", "healthcare"),
    ("의료", "medical"),
    ("헬스케어", "healthcare"),
    ("병원", "hospital"),
    ("진단", "diagnosis"),
    ("영상 진단", "medical imaging"),
    ("환자", "patient"),
    ("돌봄", "care"),
    ("노인 돌봄", "elderly care"),
    ("치매", "dementia"),
    ("재활", "rehabilitation"),
    ("에너지", "energy"),
    ("전력", "power"),
    ("태양광", "solar"),
    ("풍력", "wind power"),
    ("수소", "hydrogen"),
    ("배터리", "battery"),
    ("전기차", "electric vehicle"),
    ("충전", "charging"),
    ("에너지 효율", "energy efficiency"),
    ("탄소", "carbon"),
    ("제조", "manufacturing"),
    ("공장", "factory"),
    ("스마트 공장", "smart factory"),
    ("불량", "defect"),
    ("품질 검사", "quality inspection"),
    ("설비", "equipment"),
    ("예지 보전", "predictive maintenance"),
    ("자동차 부품", "auto parts"),
    ("모빌리티", "mobility"),
    ("자율 주행", "autonomous driving"),
    ("자율주행", "autonomous driving"),
    ("교통", "traffic"),
    ("대중교통", "public transport"),
    ("주차", "parking"),
    ("물류", "logistics"),
    ("배송", "delivery"),
    ("드론", "drone"),
    ("공공 안전", "public safety"),
    ("공공안전", "public safety"),
    ("안전", "safety"),
    ("재난", "disaster"),
    ("화재", "fire"),
    ("범죄", "crime"),
    ("방범", "crime prevention"),
    ("감시", "surveillance"),
    ("침수", "flood"),
    ("폭염", "heatwave"),
    ("문화", "culture"),
    ("관광", "tourism"),
    ("콘텐츠", "content"),
    ("공연", "performance"),
    ("박물관", "museum"),
    ("예술", "art"),
    ("교육", "education"),
    ("학교", "school"),
    ("환경", "environment"),
    ("대기 오염", "air pollution"),
    ("미세먼지", "fine dust"),
    ("수질", "water quality"),
    ("폐기물", "waste"),
    ("재활용", "recycling"),
    # technologies
    ("인공지능", "ai"),
    ("인공 지능", "artificial intelligence"),
    ("영상 분석", "computer vision"),
    ("영상 분석", "video analytics"),
    ("컴퓨터 비전", "computer vision"),
    ("이미지 인식", "image recognition"),
    ("객체 탐지", "object detection"),
    ("음성 인식", "speech recognition"),
    ("자연어 처리", "natural language processing"),
    ("챗봇", "chatbot"),
    ("번역", "translation"),
    ("기계 학습", "machine learning"),
    ("머신러닝", "machine learning"),
    ("딥러닝", "deep learning"),
    ("예측", "prediction"),
    ("수요 예측", "demand forecasting"),
    ("이상 탐지", "anomaly detection"),
    ("추천", "recommendation"),
    ("최적화", "optimisation"),
    ("최적화", "optimization"),
    ("센서", "sensor"),
    ("사물 인터넷", "iot"),
    ("디지털 트윈", "digital twin"),
    ("로봇", "robot"),
    ("데이터", "data"),
    ("빅데이터", "big data"),
    ("클라우드", "cloud"),
    ("보안", "security"),
    ("개인정보", "privacy"),
    ("반도체", "semiconductor"),
    ("생성형", "generative"),
    ("언어 모델", "language model"),
    ("카메라", "camera"),
    # programmes and procurement
    ("실증", "poc"),
    ("실증", "proof of concept"),
    ("실증", "demonstration"),
    ("실증", "pilot"),
    ("시범 사업", "pilot project"),
    ("시범", "pilot"),
    ("시제품", "prototype"),
    ("구매", "purchase"),
    ("조달", "procurement"),
    ("혁신 제품", "innovation product"),
    ("바우처", "voucher"),
    ("공급 기업", "supplier"),
    ("수요 기업", "buyer"),
    ("수요처", "buyer"),
    ("예산", "budget"),
    ("도입", "adoption"),
    ("구축", "deployment"),
    ("납품", "delivery"),
    ("지자체", "local government"),
    ("구청", "district office"),
    ("시청", "city hall"),
    ("공공기관", "public institution"),
    ("대학", "university"),
    ("기업", "company"),
    ("스타트업", "startup"),
    ("창업", "startup"),
    ("일자리", "job"),
    ("채용", "hiring"),
    ("인재", "talent"),
    ("개발자", "developer"),
    ("연구", "research"),
    ("지원 사업", "support programme"),
)


@dataclass(frozen=True)
class Expansion:
    """Terms added to a query because the glossary links them to a phrase in it."""

    source: str  # the phrase found in the query, as written in the glossary
    target: str  # the glossary phrase on the other side
    terms: tuple[str, ...]  # index terms of the target


_Edge = tuple[tuple[str, ...], str, str]  # (source terms, source phrase, target phrase)


@dataclass
class Glossary:
    """An editable set of Korean <-> English phrase pairs, matched on index terms."""

    pairs: list[tuple[str, str]] = field(default_factory=lambda: list(DEFAULT_PAIRS))
    # Lookup by a phrase's first term, rebuilt when the pairs, analyser or user dictionary change.
    _by_first: dict[str, list[_Edge]] = field(default_factory=dict, init=False, repr=False)
    _built_for: tuple[int, int, int] | None = field(default=None, init=False, repr=False)

    def add(self, korean: str, english: str) -> None:
        """Add a pair (duplicates are harmless)."""
        self.pairs.append((korean, english))

    def _lookup(self, analyse: Callable[[str], list[str]]) -> dict[str, list[_Edge]]:
        stamp = (id(analyse), dictionary_version(), hash(tuple(self.pairs)))
        if self._built_for != stamp:
            by_first: dict[str, list[_Edge]] = {}
            seen: set[tuple[str, str]] = set()
            for left, right in self.pairs:
                for source, target in ((left, right), (right, left)):
                    src_terms = _phrase_terms(source, analyse)
                    if src_terms and (source, target) not in seen:
                        seen.add((source, target))
                        by_first.setdefault(src_terms[0], []).append((src_terms, source, target))
            self._by_first, self._built_for = by_first, stamp
        return self._by_first

    def expansions(self, terms: Sequence[str], analyse: Callable[[str], list[str]]) -> list[Expansion]:
        """Return the other-language phrases for every glossary phrase found in `terms`.

        A phrase is found when its own index terms occur as a contiguous run in `terms`.
        """
        lookup = self._lookup(analyse)
        found: list[Expansion] = []
        seen: set[tuple[str, str]] = set()
        for term in dict.fromkeys(terms):
            for src_terms, source, target in lookup.get(term, ()):
                if (source, target) in seen or not _contains_run(terms, src_terms):
                    continue
                tgt_terms = _phrase_terms(target, analyse)
                if tgt_terms:
                    seen.add((source, target))
                    found.append(Expansion(source, target, tgt_terms))
        return found


_phrase_cache: dict[tuple[str, int, int], tuple[str, ...]] = {}


def _phrase_terms(phrase: str, analyse: Callable[[str], list[str]]) -> tuple[str, ...]:
    # Glossary phrases are analysed once per analyser and user-dictionary version.
    key = (phrase, id(analyse), dictionary_version())
    cached = _phrase_cache.get(key)
    if cached is None:
        cached = tuple(analyse(phrase))
        _phrase_cache[key] = cached
    return cached


def _contains_run(terms: Sequence[str], run: Sequence[str]) -> bool:
    n = len(run)
    if n == 1:
        return run[0] in terms
    return any(tuple(terms[i : i + n]) == tuple(run) for i in range(len(terms) - n + 1))


def default_glossary() -> Glossary:
    """A fresh, editable copy of the built-in glossary."""
    return Glossary()
