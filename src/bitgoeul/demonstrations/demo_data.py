"""The deterministic demo ecosystem as plain data: organisations, solutions, needs, demonstrations, people.

Hand-written records live in `demo_data/*.json`; this module adds what is better drawn than written
(sizes, years, budgets, dates, measured KPI values) from one fixed seed, so two calls give equal data.
Dates (naive, Korean time) are offsets from one instant `now` (the loader passes the time of loading; the
default is the fixed `CLOCK`): about 18 months of programme history, more active lately. They are drawn
from a random source of their own, so moving `now` changes no text. Nothing here touches a database:
`demo_loader.load_demo` turns the result into rows.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from bitgoeul.core.domains import DOMAINS
from bitgoeul.demo_time import HISTORY_DAYS, days_ago_growing, timeline

__all__ = ["CLOCK", "DOMAINS", "REGIONS", "STAGES", "build_demo_data"]

Record = dict[str, Any]

SEED = 2024
# The default "now" (naive, Korean time): `build_demo_data()` without arguments places its dates before it.
CLOCK = datetime(2026, 3, 20, 9, 0)

STAGES: tuple[str, ...] = (
    "proposed",
    "under_review",
    "agreed",
    "running",
    "reported",
    "purchased",
    "not_purchased",
    "withdrawn",
)
_FORWARD = ("proposed", "under_review", "agreed", "running", "reported")

REGION_EN: dict[str, str] = {
    "광주 동구": "Dong-gu, Gwangju",
    "광주 서구": "Seo-gu, Gwangju",
    "광주 남구": "Nam-gu, Gwangju",
    "광주 북구": "Buk-gu, Gwangju",
    "광주 광산구": "Gwangsan-gu, Gwangju",
    "전남 나주시": "Naju, Jeonnam",
    "전남 순천시": "Suncheon, Jeonnam",
    "전남 담양군": "Damyang County, Jeonnam",
    "전남 화순군": "Hwasun County, Jeonnam",
    "전남 장성군": "Jangseong County, Jeonnam",
    "전남 영암군": "Yeongam County, Jeonnam",
    "전남 해남군": "Haenam County, Jeonnam",
    "전남 보성군": "Boseong County, Jeonnam",
}
REGIONS: list[str] = list(REGION_EN)

_FROM_EN = {"서울": "Seoul", "경기": "Gyeonggi", "대전": "Daejeon"}

# Who a firm in each domain usually sells to; used in generated organisation descriptions.
_CLIENTS: dict[str, tuple[str, str]] = {
    "livestock": ("축산 농가와 축협", "livestock farms and cooperatives"),
    "health": ("병원, 보건소, 돌봄 기관", "hospitals, public health centres and care providers"),
    "mobility": ("자치구와 교통 운영 기관", "district offices and transport operators"),
    "energy": ("발전 사업자, 공장, 공공건물", "power producers, factories and public buildings"),
    "manufacturing": ("자동차·가전 부품 공장", "automotive and appliance parts factories"),
    "culture": ("미술관, 관광 재단, 축제 주최 기관", "museums, tourism bodies and festival organisers"),
    "public_safety": ("자치구, 소방서, 관제센터", "district offices, fire stations and control rooms"),
    "agriculture": ("스마트팜과 영농조합", "smart farms and farming cooperatives"),
    "education": ("초중고등학교와 교육청", "schools and education offices"),
    "environment": ("상수도·환경 시설 운영 기관", "water and environmental utilities"),
    "retail": ("전통시장, 직매장, 물류센터", "traditional markets, farm shops and warehouses"),
}

# Kinds of reference sites per domain, for the fictional reference lines of solutions.
_SITES: dict[str, tuple[str, ...]] = {
    "livestock": ("한우 농가", "양돈 농장", "산란계 농장", "낙농 목장"),
    "health": ("종합병원", "요양병원", "보건소", "재활의원"),
    "mobility": ("자치구 도로", "공영주차장", "시내버스 노선", "산업단지 도로"),
    "energy": ("공공청사", "산업단지 공장", "태양광 발전소", "복지관"),
    "manufacturing": ("자동차 부품 공장", "가전 부품 공장", "식품 공장", "금형 공장"),
    "culture": ("시립미술관", "지역 축제", "관광안내소", "기록관"),
    "public_safety": ("통합관제센터", "소방서 상황실", "물류창고", "지하차도"),
    "agriculture": ("딸기 스마트팜", "배 과수원", "쌀 영농법인", "녹차 영농조합"),
    "education": ("초등학교", "중학교", "특성화고", "교육지원청"),
    "environment": ("정수장", "재활용 선별장", "아파트 단지", "산업단지"),
    "retail": ("전통시장", "로컬푸드 직매장", "물류센터", "동네 상권"),
}

_DEPLOYMENT_SENTENCES: dict[str, tuple[str, ...]] = {
    "cloud": (
        "클라우드 서비스로 제공돼 별도 서버 없이 웹과 모바일에서 바로 쓸 수 있습니다.",
        "클라우드에서 운영하며 데이터는 국내 데이터센터에 보관합니다.",
    ),
    "on_premise": (
        "수요기관 내부 서버에 설치해 데이터가 기관 밖으로 나가지 않습니다.",
        "폐쇄망에서도 쓸 수 있도록 구축형으로 설치합니다.",
    ),
    "edge": (
        "현장 장비에서 바로 추론하므로 통신이 끊겨도 동작합니다.",
        "영상과 센서 데이터를 현장 엣지 장비에서 처리해 원본을 밖으로 보내지 않습니다.",
    ),
    "hybrid": (
        "현장 장비가 실시간으로 판단하고 클라우드에서 모델을 갱신하는 하이브리드 구조입니다.",
        "제어는 현장에서, 분석과 리포트는 클라우드에서 하는 하이브리드 방식입니다.",
    ),
}
_PRICE_SENTENCES: dict[str, str] = {
    "subscription": "월 구독료로 쓸 수 있어 초기 비용 부담이 적습니다.",
    "license": "라이선스와 연간 유지보수 계약으로 공급합니다.",
    "per_use": "처리한 건수만큼 비용을 내는 사용량 과금 방식입니다.",
    "project": "현장 조건에 맞춘 구축 사업으로 공급합니다.",
}
_EXTRA_SENTENCES: tuple[str, ...] = (
    "도입 초기 두 달 동안 현장 데이터로 모델을 다시 학습해 정확도를 맞춥니다.",
    "기존 장비와 시스템에 표준 인터페이스로 연동합니다.",
    "담당자용 대시보드에서 결과와 근거를 함께 확인할 수 있습니다.",
    "개인정보는 수집 단계에서 비식별 처리합니다.",
)

_NOTES: dict[str, tuple[str, ...]] = {
    "under_review": (
        "운영 사무국이 신청서를 접수해 서류 검토를 시작했습니다.",
        "접수 완료. 현장 여건과 데이터 제공 범위를 검토합니다.",
        "예산 적정성과 성과지표 설정을 검토하고 있습니다.",
    ),
    "running": (
        "장비를 설치하고 실증을 시작했습니다.",
        "현장 설치와 데이터 연동을 마치고 실증에 착수했습니다.",
        "현장 담당자 교육을 마치고 실증 운영을 시작했습니다.",
    ),
    "reported": (
        "결과 보고서와 성과지표 측정값을 제출했습니다.",
        "실증 종료. 성과지표 측정 결과를 보고했습니다.",
        "최종 보고회를 열고 결과 보고서를 제출했습니다.",
    ),
}


@cache
def _rows(name: str) -> tuple[Record, ...]:
    """Read one hand-written table; cached because the files never change at run time."""
    text = resources.files("bitgoeul.demonstrations").joinpath("demo_data", f"{name}.json").read_text("utf-8")
    table = json.loads(text)
    columns: list[str] = table["columns"]
    return tuple(dict(zip(columns, row, strict=True)) for row in table["rows"])


def _batchim(word: str) -> int:
    """Final-consonant index of a word's last syllable (0 = none), to pick Korean particles."""
    last = word.rstrip()[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28
    return 4 if last in "LMNlmn" else 0  # Latin letters read aloud: only l, m, n end in a consonant


def _topic(word: str) -> str:
    return word + ("은" if _batchim(word) else "는")


def _with(word: str) -> str:
    return word + ("과" if _batchim(word) else "와")


def _towards(word: str) -> str:
    final = _batchim(word)
    return word + ("으로" if final and final != 8 else "로")  # ㄹ (8) takes 로


def build_demo_data(now: datetime = CLOCK) -> dict[str, list[Record]]:
    """Build the whole ecosystem; equal on every call with the same `now` (naive, Korean time; fixed seeds)."""
    rng = random.Random(SEED)
    when = timeline("demonstrations")
    firms = _firms(rng)
    others = _other_organisations(rng)
    organisations = firms + others
    names = {org["key"]: org["name_ko"] for org in organisations}
    demonstrations = _demonstrations(rng, names, now, when)
    solutions = _solutions(rng, demonstrations, names, now, when)
    needs = _needs(rng, demonstrations, now, when)
    return {
        "organisations": organisations,
        "solutions": solutions,
        "needs": needs,
        "demonstrations": demonstrations,
        "people": _people(),
    }


def _firms(rng: random.Random) -> list[Record]:
    firms: list[Record] = []
    for row in _rows("firms"):
        moved_from: str | None = row["hq_moved_from"]
        founded = rng.randint(2012, 2018) if moved_from else rng.randint(2015, 2024)
        size = rng.choices(("micro", "small", "medium", "large"), weights=(35, 45, 17, 3))[0]
        ko, en = _firm_descriptions(rng, row, founded)
        firms.append(
            {
                "key": row["key"],
                "name_ko": row["name_ko"],
                "name_en": row["name_en"],
                "kind": "ai_firm",
                "region": row["region"],
                "size": size,
                "founded_year": founded,
                "hq_moved_from": moved_from,
                "description_ko": ko,
                "description_en": en,
            }
        )
    return firms


def _firm_descriptions(rng: random.Random, row: Record, founded: int) -> tuple[str, str]:
    name, region, region_en = row["name_ko"], row["region"], REGION_EN[row["region"]]
    clients_ko, clients_en = _CLIENTS[row["domain"]]
    opening = rng.choice(
        (
            f"{_topic(name)} {region}에 본사를 둔 {row['specialty_ko']} 전문 AI 기업입니다.",
            f"{_topic(name)} {row['specialty_ko']} 기술을 만드는 {region}의 AI 기업입니다.",
        )
    )
    moved_from = row["hq_moved_from"]
    if moved_from:
        moved = rng.randint(max(founded + 2, 2019), 2024)
        history = f"{founded}년 {moved_from}에서 창업해 {moved}년 본사를 {_towards(region)} 옮겼습니다."
        history_en = (
            f"Founded in {_FROM_EN[moved_from]} in {founded}, it moved its headquarters to {region_en} in {moved}."
        )
    else:
        history = f"{founded}년에 창업했습니다."
        history_en = f"Founded in {region_en} in {founded}."
    clients = rng.choice((f"주요 고객은 {clients_ko}입니다.", f"{_with(clients_ko)} 함께 현장 데이터를 쌓아 왔습니다."))
    description_en = (
        f"{row['name_en']} is an AI firm specialising in {row['specialty_en']}. {history_en} "
        f"Its customers are mainly {clients_en}."
    )
    return f"{opening} {history} {clients}", description_en


def _other_organisations(rng: random.Random) -> list[Record]:
    organisations: list[Record] = []
    for row in _rows("organisations"):
        name: str = row["name_ko"]
        # Farms and firms have a founding year; public bodies keep it empty rather than invent one.
        private = any(mark in name for mark in ("(주)", "농장", "조합", "법인", "스마트팜", "목장"))
        organisations.append(
            {
                "key": row["key"],
                "name_ko": name,
                "name_en": row["name_en"],
                "kind": row["kind"],
                "region": row["region"],
                "size": row["size"],
                "founded_year": rng.randint(1988, 2016) if private else None,
                "hq_moved_from": None,
                "description_ko": row["description_ko"],
                "description_en": row["description_en"],
            }
        )
    return organisations


def _first_proposed(demonstrations: list[Record], field: str) -> dict[str, datetime]:
    """The earliest proposal naming each need or solution (`field` is need_key or solution_key)."""
    first: dict[str, datetime] = {}
    for demo in demonstrations:
        at = datetime.fromisoformat(demo["history"][0]["at"])
        key = demo[field]
        first[key] = min(first.get(key, at), at)
    return first


def _created(when: random.Random, now: datetime, before: datetime | None, lead: tuple[int, int]) -> str:
    """When a need or solution was registered: `lead` days before its first proposal, else any time in the
    history, more often lately."""
    if before is not None:
        at = before - timedelta(days=when.randint(*lead), hours=when.randint(0, 6))
    else:
        at = now - timedelta(days=days_ago_growing(when, HISTORY_DAYS, 2))
        at = at.replace(hour=when.randint(9, 17), minute=when.choice((0, 15, 30, 45)))
    return at.strftime("%Y-%m-%dT%H:%M")


def _solutions(rng: random.Random, demonstrations: list[Record], names: dict[str, str], now: datetime,
               when: random.Random) -> list[Record]:
    proposed = _first_proposed(demonstrations, "solution_key")
    bought: dict[str, list[str]] = {}
    for demo in demonstrations:
        if demo["purchase"]:
            need_org = _need_org()[demo["need_key"]]
            bought.setdefault(demo["solution_key"], []).append(
                f"{demo['purchase']['date'][:4]}년 {names[need_org]} 실증 후 도입"
            )
    solutions: list[Record] = []
    for row in _rows("solutions"):
        sentences = [
            row["summary_ko"],
            row["how_ko"],
            row["outcome_ko"],
            rng.choice(_DEPLOYMENT_SENTENCES[row["deployment"]]),
        ]
        if rng.random() < 0.6:
            sentences.append(_PRICE_SENTENCES[row["price_model"]])
        if rng.random() < 0.5:
            sentences.append(rng.choice(_EXTRA_SENTENCES))
        solutions.append(
            {
                "key": row["key"],
                "org_key": row["org_key"],
                "title_ko": row["title_ko"],
                "title_en": row["title_en"],
                "summary_ko": row["summary_ko"],
                "summary_en": row["summary_en"],
                "description_ko": " ".join(sentences),
                "domain_tags": list(row["domain_tags"]),
                "deployment": row["deployment"],
                "price_model": row["price_model"],
                "references": _references(rng, row["domain_tags"][0]) + bought.get(row["key"], []),
                "created_at": _created(when, now, proposed.get(row["key"]), (20, 120)),
            }
        )
    return solutions


def _references(rng: random.Random, domain: str) -> list[str]:
    lines = []
    for _ in range(rng.randint(1, 3)):
        year = rng.randint(2022, 2025)
        place = rng.choice(REGIONS)
        site = rng.choice(_SITES[domain])
        lines.append(
            rng.choice(
                (
                    f"{year}년 {place} {site} {rng.randint(2, 12)}곳 시범 적용",
                    f"{year}년 {place} {site} 실증 참여",
                    f"{year}년 {place} {site} 유상 공급",
                )
            )
        )
    return lines


@cache
def _need_org() -> dict[str, str]:
    return {row["key"]: row["org_key"] for row in _rows("needs")}


def _needs(rng: random.Random, demonstrations: list[Record], now: datetime, when: random.Random) -> list[Record]:
    in_demonstrations = {d["need_key"] for d in demonstrations}
    proposed = _first_proposed(demonstrations, "need_key")
    needs: list[Record] = []
    for row in _rows("needs"):
        budget_min = rng.randrange(20, 101, 10) * 1_000_000
        budget_max = budget_min + rng.randrange(20, 151, 10) * 1_000_000
        rng.randrange(0, 330)  # the old fixed deadline's draw, kept so every later draw (and text) stays the same
        created = _created(when, now, proposed.get(row["key"]), (10, 60))
        # Proposals close at the deadline: a need taken up by a demonstration may be past it; an open need's
        # deadline is ahead, two to eight months after it was posted and at least two weeks from now.
        posted = datetime.fromisoformat(created).date()
        if row["key"] in in_demonstrations:
            deadline = posted + timedelta(days=when.randint(45, 120))
        else:
            deadline = max(posted + timedelta(days=when.randint(60, 240)),
                           now.date() + timedelta(days=when.randint(14, 60)))
        # A demonstration needs a pilot site, so needs already in one always have it.
        site_available = row["key"] in in_demonstrations or rng.random() < 0.75
        site = row["site_ko"] if site_available else f"{row['site_ko']} (실증 장소는 협의가 필요합니다)"
        needs.append(
            {
                "key": row["key"],
                "org_key": row["org_key"],
                "title_ko": row["title_ko"],
                "title_en": row["title_en"],
                "problem_ko": row["problem_ko"],
                "domain": row["domain"],
                "budget_min": budget_min,
                "budget_max": budget_max,
                "deadline": deadline.isoformat(),
                "site_available": site_available,
                "site_description_ko": site,
                "data_available_ko": row["data_ko"],
                "created_at": created,
            }
        )
    return needs


def _path(row: Record) -> list[str]:
    """The stages a demonstration went through to reach its current stage."""
    stage: str = row["stage"]
    if stage == "withdrawn":
        return [*_FORWARD[: _FORWARD.index(row["withdrawn_from"]) + 1], "withdrawn"]
    if stage in ("purchased", "not_purchased"):
        return [*_FORWARD, stage]
    return list(_FORWARD[: _FORWARD.index(stage) + 1])


# Days between entering one stage and the next: review is quick, a demonstration runs for months.
_GAP_DAYS: dict[str, tuple[int, int]] = {
    "under_review": (2, 10),
    "agreed": (10, 35),
    "running": (7, 25),
    "reported": (110, 180),
    "purchased": (14, 60),
    "not_purchased": (14, 60),
    "withdrawn": (5, 30),
}


# How many days ago a demonstration entered the stage it is in now, for stages it leaves on its own:
# review takes days, a demonstration runs for months, a report waits weeks for the buyer's decision.
_LAG_DAYS: dict[str, tuple[int, int]] = {
    "proposed": (2, 12),
    "under_review": (2, 20),
    "agreed": (3, 30),
    "running": (10, 100),
    "reported": (5, 45),
}


def _lag(when: random.Random, stage: str, took: int) -> int:
    """Days between the last stage change and now. Ended demonstrations (purchased, not purchased,
    withdrawn) ended any time in the history that leaves room for their path and, before it, for their need
    and solution to be registered (up to 120 days earlier), more often lately."""
    if stage in _LAG_DAYS:
        return when.randint(*_LAG_DAYS[stage])
    return round(days_ago_growing(when, max(HISTORY_DAYS - 121 - took, 8), 3))


def _demonstrations(rng: random.Random, names: dict[str, str], now: datetime, when: random.Random) -> list[Record]:
    solution_org = {row["key"]: row["org_key"] for row in _rows("solutions")}
    demonstrations: list[Record] = []
    for row in _rows("demonstrations"):
        path = _path(row)
        gaps = [rng.randint(*_GAP_DAYS[stage]) for stage in path[1:]]
        rng.randint(3, 30)  # the old fixed end's draw, kept so every later draw (and text) stays the same
        end = now - timedelta(days=_lag(when, row["stage"], sum(gaps)) + 1)
        day = (end - timedelta(days=sum(gaps))).date()
        days = [day]
        for gap in gaps:
            day += timedelta(days=gap)
            days.append(day)
        funded = rng.randrange(30, 151, 5) * 1_000_000 if "agreed" in path else None
        purchase = None
        if row["stage"] == "purchased" and funded is not None:  # a purchase path always passes `agreed`
            purchase = {"amount": int(round(funded * rng.uniform(0.8, 2.5), -6)), "date": days[-1].isoformat()}
        context = {
            "buyer": names[_need_org()[row["need_key"]]],
            "firm": names[solution_org[row["solution_key"]]],
            "funded": funded,
            "purchase": purchase,
            "final": row["final_note_ko"],
        }
        history = [_event(rng, stage, when, context) for stage, when in zip(path, days, strict=True)]
        demonstrations.append(
            {
                "key": row["key"],
                "need_key": row["need_key"],
                "solution_key": row["solution_key"],
                "stage": row["stage"],
                "funded_amount": funded,
                "not_purchased_reason": row["final_note_ko"] if row["stage"] == "not_purchased" else None,
                "history": history,
                "kpis": _kpis(rng, row["kpis"], path),
                "purchase": purchase,
            }
        )
    return demonstrations


def _event(rng: random.Random, stage: str, day: date, context: Record) -> Record:
    at = datetime(day.year, day.month, day.day, rng.randint(9, 17), rng.choice((0, 10, 20, 30, 40, 50)))
    actor = {
        "under_review": "operator",
        "agreed": "operator",
        "running": "supplier",
        "reported": "supplier",
        "purchased": "buyer",
        "not_purchased": "buyer",
    }.get(stage) or rng.choice(("buyer", "supplier"))
    if stage == "proposed":
        note = (
            f"수요기관 {context['buyer']} 측에서 {context['firm']} 솔루션으로 실증을 신청했습니다."
            if actor == "buyer"
            else f"공급기업 {context['firm']} 측에서 {context['buyer']}에 실증을 제안했습니다."
        )
    elif stage == "agreed":
        note = f"협약을 체결하고 실증 지원금 {context['funded']:,}원을 확정했습니다."
    elif stage == "purchased":
        note = f"실증 결과를 바탕으로 {context['purchase']['amount']:,}원에 도입 계약을 맺었습니다."
    elif stage in ("not_purchased", "withdrawn"):
        note = context["final"]
    else:
        note = rng.choice(_NOTES[stage])
    return {"stage": stage, "at": at.strftime("%Y-%m-%dT%H:%M"), "actor": actor, "note_ko": note}


def _kpis(rng: random.Random, rows: list[list[Any]], path: list[str]) -> list[Record]:
    kpis: list[Record] = []
    for name_ko, name_en, unit, target, higher_is_better in rows:
        measured = _measured(rng, float(target), unit, higher_is_better, path) if "running" in path else None
        kpis.append(
            {"name_ko": name_ko, "name_en": name_en, "unit": unit, "target": float(target), "measured": measured}
        )
    return kpis


def _measured(rng: random.Random, target: float, unit: str, higher_is_better: bool, path: list[str]) -> float:
    """A measured value that tells the demonstration's story: interim, met, or short of the target."""
    final = path[-1]
    if final in ("running", "withdrawn"):
        ratio = rng.uniform(0.6, 1.0) if higher_is_better else rng.uniform(1.0, 1.5)
    elif final == "not_purchased":
        ratio = rng.uniform(0.7, 1.05) if higher_is_better else rng.uniform(0.95, 1.4)
    else:
        ratio = rng.uniform(1.0, 1.2) if higher_is_better else rng.uniform(0.6, 1.0)
    value = target * ratio
    if unit == "%" and higher_is_better:
        value = min(value, target + (100 - target) * 0.8)  # a share stays below 100 %, as in real trials
    return round(value, 1)


def _people() -> list[Record]:
    """Demo accounts: reserved example domains only, fictional names."""
    people: list[Record] = [
        {
            "key": "operator",
            "email": "operator@example.org",
            "display_name": "박서윤",
            "role": "operator",
            "org_key": "bitgoeul-ai-agency",
        }
    ]
    buyers = (
        ("gj-donggu-office", "김도윤"),
        ("bitgoeul-citizen-hospital", "이서연"),
        ("jangseong-hanwoo-coop", "정민호"),
        ("hanam-precision", "최지훈"),
        ("bitgoeul-city-museum", "한유진"),
        ("neulpureun-pig-farm", "오태양"),
    )
    suppliers = (
        ("calfnote", "문가람"),
        ("doneye", "서하준"),
        ("medibit", "윤채원"),
        ("visionqc", "장우진"),
        ("carewatch", "임나래"),
        ("artguide", "강현우"),
    )
    for number, (org_key, display_name) in enumerate(buyers, start=1):
        people.append(
            {
                "key": f"buyer{number}",
                "email": f"buyer{number}@example.org",
                "display_name": display_name,
                "role": "member",
                "org_key": org_key,
            }
        )
    for number, (org_key, display_name) in enumerate(suppliers, start=1):
        people.append(
            {
                "key": f"supplier{number}",
                "email": f"supplier{number}@example.org",
                "display_name": display_name,
                "role": "member",
                "org_key": org_key,
            }
        )
    for number, display_name in enumerate(("송지아", "배준서", "노하은"), start=1):
        people.append(
            {
                "key": f"person{number}",
                "email": f"person{number}@example.com",
                "display_name": display_name,
                "role": "person",
                "org_key": None,
            }
        )
    return people
