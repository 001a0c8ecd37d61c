"""Demo dialogue: a few fictional past sessions (our own words, fictional people), voices, actions in every
status with answers, and citizen voices with supports, so the overview shows its charts.

Dates are offsets from the demo's "now" (`bitgoeul.demo_time.demo_now`): the sessions below are written with
the dates they were first drafted with, and only the gaps between dates are kept. Each session is moved to a
Monday a given number of weeks ago (sessions are roughly monthly, as their numbers say); an action's due date,
its answers and the news items about it keep their distance from their session.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.time import city_zone
from bitgoeul.demo_time import demo_now
from bitgoeul.dialogue.models import (
    DialogueAction,
    DialogueActionLink,
    DialogueActionSource,
    DialogueAnswer,
    DialogueParticipant,
    DialogueSession,
    DialogueSource,
    DialogueSupport,
    DialogueTheme,
    DialogueVoice,
)
from bitgoeul.dialogue.service import ensure_themes

# (name, organisation, role, kind)
Person = tuple[str, str, str, str]
HOST: Person = ("윤하람", "광주광역시", "시장", "host")

SESSIONS: list[dict[str, Any]] = [
    {"key": "demo-31", "number": 31, "held_on": "2024-03-11", "place": "광주청년센터 2층 강당",
     "field": "women_education_youth", "topic": "청년이 광주에 남으려면",
     "title": "제31회 월요대화: 청년 일자리와 정착",
     "summary_ko": "청년 참석자들은 지역 일자리 정보가 흩어져 있고 첫 월세 부담이 크다고 말했다.",
     "summary_en": "Young participants said local job information is scattered and first rents are a burden.",
     "people": [HOST, ("서지민", "", "대학생", "student"), ("문태윤", "빛고을소프트", "대표", "firm"),
                ("고은채", "광주청년네트워크", "운영위원", "civic")],
     "voices": [
         (1, "지역에 개발자 자리가 있는지조차 몰라서 졸업하면 다들 수도권으로 갑니다",
          "complaint", ["talent", "women_education_youth"], "지역 채용 정보를 찾기 어렵다는 지적."),
         (2, "우리 회사도 사람을 못 구하는데 학생들은 일자리가 없다고 하니 만날 자리가 필요합니다",
          "proposal", ["talent", "exchange"], "기업과 학생이 만나는 자리를 만들자는 제안."),
         (3, "첫 월세 보증금을 시가 잠깐이라도 빌려주면 좋겠습니다", "request", ["women_education_youth"],
          "청년 보증금 대출 요청."),
         (0, "지역 일자리 정보를 한곳에 모으는 일부터 하겠습니다", "commitment", ["talent"], ""),
     ]},
    {"key": "demo-34", "number": 34, "held_on": "2024-04-08", "place": "양동시장 상인회관",
     "field": "economy_local_business", "topic": "전통시장과 배달 수수료",
     "title": "제34회 월요대화: 골목상권의 오늘",
     "summary_ko": "상인들은 배달앱 수수료와 주차 문제를 가장 먼저 꼽았다.",
     "summary_en": "Traders named delivery-app fees and parking first.",
     "people": [HOST, ("장미경", "양동시장상인회", "회장", "civic"), ("오세훈", "", "반찬가게 운영", "citizen"),
                ("한지수", "광주시의회", "시의원", "councillor")],
     "voices": [
         (1, "주말에 손님이 차를 댈 곳이 없어 그냥 돌아갑니다", "complaint", ["economy_local_business", "transport"],
          "시장 주차 공간 부족."),
         (2, "배달앱 수수료가 매출의 열에 하나를 넘으니 공공 배달앱을 다시 키워 주세요", "request",
          ["economy_local_business"], "공공 배달앱 활성화 요청."),
         (3, "상품권 가맹점 등록 절차를 줄이는 조례를 준비하겠습니다", "commitment", ["economy_local_business"], ""),
     ]},
    {"key": "demo-36", "number": 36, "held_on": "2024-04-29", "place": "첨단산업단지 기업지원센터",
     "field": "manufacturing_industry", "topic": "제조 현장에 AI를 들이려면",
     "title": "제36회 월요대화: 공장과 AI",
     "summary_ko": "중소 제조기업은 AI를 써 보고 싶어도 시험해 볼 데이터와 예산이 없다고 했다.",
     "summary_en": "Small manufacturers want to try AI but lack data to test on and budget.",
     "people": [HOST, ("배성호", "한결정밀", "대표", "firm"), ("임다현", "빛나래AI", "대표", "firm"),
                ("최윤석", "광주광역시", "AI산업과장", "official")],
     "voices": [
         (1, "AI 검사 장비를 써 보고 나서 사고 싶은데 시험 기간을 지원해 주는 사업이 너무 작습니다", "request",
          ["customers", "manufacturing_industry"], "써 보고 사는 실증 지원을 늘려 달라는 요청."),
         (2, "우리 같은 AI 기업은 고객을 만나는 게 제일 어렵습니다", "complaint", ["customers"],
          "AI 기업의 판로 문제."),
         (1, "팀장급 개발자는 서울에서 데려오기가 거의 불가능합니다", "complaint", ["talent"],
          "경력 개발자 부족."),
     ]},
    {"key": "demo-40", "number": 40, "held_on": "2024-06-24", "place": "광주송정역 회의실",
     "field": "urban_tourism", "topic": "해외 손님이 광주에 오기까지",
     "title": "제40회 월요대화: 공항에서 광주까지",
     "summary_ko": "기업인들은 인천공항에서 광주까지 오는 길이 해외 고객에게 가장 큰 장벽이라고 말했다.",
     "summary_en": "Business owners said the trip from Incheon airport is the biggest barrier for foreign clients.",
     "people": [HOST, ("류현아", "다온로보틱스", "대표", "firm"), ("김도윤", "광주관광재단", "팀장", "expert")],
     "voices": [
         (1, "해외 고객이 인천에 내려 광주까지 오는 데 반나절이 걸려서 중간에서 만납니다", "complaint",
          ["transport", "customers"], "공항-광주 이동 시간이 길다는 지적."),
         (2, "외국인 방문객을 위한 영어 안내판과 통역 지원이 부족합니다", "complaint", ["urban_tourism"],
          "외국어 안내 부족."),
         (0, "공항 리무진 증편을 관계 기관과 협의하겠습니다", "commitment", ["transport"], ""),
     ]},
]

# (session key, voice index, title ko, title en, department, status, due, progress, declined reason, answers)
ACTIONS: list[tuple[Any, ...]] = [
    ("demo-31", 0, "지역 채용 정보 한곳에 모으기", "One place for local job listings", "일자리정책과", "done",
     "2024-07-31", 100, "", [("2024-04-02", "빛고을 채용 공고 목록을 열었습니다.",
                             "Local job listings opened on Bitgoeul.", "in_progress", 60),
                            ("2024-06-20", "지역 기업 120곳의 공고가 올라와 완료로 처리합니다.",
                             "Listings from 120 local firms are up; marked done.", "done", 100)]),
    ("demo-31", 1, "기업·학생 교류의 날", "Firm and student exchange day", "AI산업과", "in_progress", "2024-09-30",
     50, "", [("2024-05-10", "9월 교류의 날을 준비하고 있습니다.", "An exchange day is being prepared for September.",
               "in_progress", 50)]),
    ("demo-31", 2, "청년 보증금 대출", "Deposit loans for young tenants", "청년정책과", "declined", "2024-06-30", 0,
     "같은 내용의 국가 사업이 있어 그 안내로 대신합니다.",
     [("2024-04-25", "국가 청년 전월세 보증금 대출을 안내하기로 했습니다.",
       "We will point young tenants to the national deposit loan.", "declined", 0)]),
    ("demo-34", 0, "시장 주말 임시 주차장", "Weekend parking near the market", "교통정책과", "open", "2024-08-31", 0,
     "", []),
    ("demo-34", 1, "공공 배달앱 수수료 지원", "Support for the public delivery app", "소상공인과", "in_progress",
     "2027-12-31", 30, "", [("2024-05-15", "가맹점 모집을 다시 시작했습니다.", "Merchant sign-up has reopened.",
                             "in_progress", 30)]),
    ("demo-36", 0, "써 보고 사는 실증 지원 확대", "More try-and-buy demonstrations", "AI산업과", "done",
     "2024-12-31", 100, "", [("2024-05-20", "2025년 실증 지원 사업 규모를 두 배로 늘립니다.",
                              "Demonstration funding doubles in 2025.", "done", 100)]),
    ("demo-36", 2, "팀장급 개발자 채용 연계", "Matching team-lead developers", "일자리정책과", "open", "2027-06-30",
     0, "", []),
    ("demo-40", 0, "공항-광주 이동 안내", "Door-to-door trip plans from the airport", "교통정책과", "in_progress",
     "2024-10-31", 40, "", [("2024-07-15", "빛고을 경로 안내에 공항 출발 경로를 넣었습니다.",
                             "Airport departures were added to Bitgoeul trip plans.", "in_progress", 40)]),
]

# How many weeks before now each session was held (on a Monday).
WEEKS_AGO = {"demo-31": 45, "demo-34": 32, "demo-36": 23, "demo-40": 6}
# How many days before now each citizen voice was sent (the last still awaits moderation).
CITIZEN_DAYS_AGO = (160, 105, 48, 4)

CITIZEN_VOICES: list[tuple[str, str, str, str, int]] = [
    # (theme, kind, quote, moderation, supporters)
    ("transport", "request", "첨단지구에서 송정역까지 가는 버스가 밤 10시면 끊깁니다. 막차를 늘려 주세요.",
     "published", 3),
    ("education", "proposal", "고등학생도 참가할 수 있는 AI 경진대회를 열어 주면 좋겠습니다.", "published", 2),
    ("infrastructure", "praise", "AI 데이터센터 견학 프로그램이 아이들에게 정말 좋았습니다.", "published", 1),
    ("welfare", "request", "어르신 디지털 교육을 동네 복지관에서도 해 주세요.", "pending", 0),
]


class Calendar:
    """Moves the dates written above to their place relative to now, keeping each date's distance from its
    session's written date."""

    def __init__(self, now: datetime) -> None:
        today = now.astimezone(city_zone()).date()
        monday = today - timedelta(days=today.weekday())
        self.now = now
        self.held = {row["key"]: monday - timedelta(weeks=WEEKS_AGO[row["key"]]) for row in SESSIONS}
        self.written = {row["key"]: date.fromisoformat(row["held_on"]) for row in SESSIONS}

    def day(self, key: str, written: str | date) -> date:
        """A date written relative to session `key`'s written date, moved with the session."""
        return self.held[key] + (date.fromisoformat(str(written)) - self.written[key])

    def at(self, key: str, written: str | date, hour: int = 10) -> datetime:
        """That day at `hour` on the city's clock, stored in UTC, never later than now."""
        return min(datetime.combine(self.day(key, written), time(hour), tzinfo=city_zone()).astimezone(UTC), self.now)


def _month_name(day: date) -> tuple[str, str]:
    english = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
    return f"{day.month}월", english[day.month - 1]


def _dated(key: str, ko: str, en: str, calendar: Calendar) -> tuple[str, str]:
    """Answers that name a month or a year say the one their moved dates fall in."""
    if "9월 교류의 날" in ko:  # the exchange day being prepared is in the action's due month
        month_ko, month_en = _month_name(calendar.day(key, "2024-09-30"))
        return ko.replace("9월", month_ko), en.replace("September", month_en)
    if "2025년" in ko:  # next year's programme, counted from the answer
        year = str(calendar.day(key, "2024-05-20").year + 1)
        return ko.replace("2025", year), en.replace("2025", year)
    return ko, en


def load_demo(session: Session, now: datetime | None = None) -> None:
    calendar = Calendar(now or demo_now())
    ensure_themes(session)
    themes = {t.code: t for t in session.scalars(select(DialogueTheme))}
    operator = session.scalar(select(User).where(User.role == "operator").order_by(User.id))
    people = list(session.scalars(select(User).where(User.role == "person").order_by(User.id)))
    sessions = {row["key"]: _session(row, themes, calendar) for row in SESSIONS}
    session.add_all(sessions.values())
    session.flush()
    made: dict[str, DialogueAction] = {}
    for key, index, title_ko, title_en, department, status, due, progress, reason, answers in ACTIONS:
        voice = sessions[key].voices[index]
        opened = calendar.at(key, calendar.written[key] + timedelta(days=2))  # written up after the session
        answered = [(calendar.at(key, day, hour=15), *_dated(key, ko, en, calendar), state, pct)
                    for day, ko, en, state, pct in answers]
        action = DialogueAction(
            voice=voice, title_ko=title_ko, title_en=title_en, owner_department=department, status=status,
            due_on=calendar.day(key, due), progress=progress, declined_reason=reason,
            created_by_id=operator.id if operator else None, created_at=opened,
            updated_at=answered[-1][0] if answered else opened,
            status_changed_at=answered[-1][0] if answered else opened)
        action.answers = [DialogueAnswer(answered_at=at, body_ko=ko, body_en=en, status=state, progress=pct,
                                         author_id=operator.id if operator else None)
                          for at, ko, en, state, pct in answered]
        session.add(action)
        made[title_ko] = action
    _links(made, calendar)
    for number, (theme, kind, quote, moderation, supporters) in enumerate(CITIZEN_VOICES):
        author = people[number % len(people)] if people else None
        sent = calendar.now - timedelta(days=CITIZEN_DAYS_AGO[number], hours=number + 1)
        voice = DialogueVoice(key=f"demo-citizen-{number + 1}", quote=quote, kind=kind, origin="citizen",
                              verbatim=True, moderation=moderation, author_id=author.id if author else None,
                              themes=[themes[theme]], created_at=sent, updated_at=sent)
        session.add(voice)
        session.flush()
        for user in people[:supporters]:
            session.add(DialogueSupport(voice_id=voice.id, user_id=user.id))
    session.flush()


def _session(row: dict[str, Any], themes: dict[str, DialogueTheme], calendar: Calendar) -> DialogueSession:
    key = row["key"]
    held = calendar.held[key]
    heard = calendar.at(key, row["held_on"])
    written_up = calendar.at(key, calendar.written[key] + timedelta(days=1))  # the day after, with the news
    record = DialogueSession(
        key=key, number=row["number"], title=row["title"], held_on=held,
        place=row["place"], field=row["field"], topic=row["topic"], host=HOST[0], summary_ko=row["summary_ko"],
        summary_en=row["summary_en"], status="published", published_at=written_up,
        created_at=heard, updated_at=written_up)
    record.sources.append(DialogueSource(outlet="빛고을데모신문", author="데모 기자", title=row["title"],
                                         published_on=held + timedelta(days=1)))
    participants = [DialogueParticipant(name=name, organisation_name=org, role=role, kind=kind, listed=True,
                                        position=i) for i, (name, org, role, kind) in enumerate(row["people"], 1)]
    record.participants = participants
    for position, (speaker, quote, kind, codes, summary) in enumerate(row["voices"], 1):
        record.voices.append(DialogueVoice(
            key=f"{row['key']}-v{position}", participant=participants[speaker], quote=quote, verbatim=True,
            summary_ko=summary, kind=kind, origin="manual", moderation="published", position=position,
            themes=[themes[c] for c in codes], created_at=heard, updated_at=heard))
    return record


def _links(actions: dict[str, DialogueAction], calendar: Calendar) -> None:
    """Actions lead somewhere on the platform; one has two sources because the credit was disputed."""
    tried = actions["써 보고 사는 실증 지원 확대"]
    year = calendar.day("demo-36", "2024-05-20").year + 1  # the answer announced next year's programme
    tried.links.append(DialogueActionLink(kind="programme_change", label=f"{year} 실증 지원 사업 공고",
                                          url="/demonstrations"))
    tried.sources.extend([
        DialogueActionSource(outlet="빛고을데모신문", title="실증 지원 두 배로",
                             published_on=calendar.day("demo-36", "2024-05-21")),
        DialogueActionSource(outlet="데모경제", title="실증 확대는 업계 건의 덕",
                             published_on=calendar.day("demo-36", "2024-05-22"))])
    actions["지역 채용 정보 한곳에 모으기"].links.append(
        DialogueActionLink(kind="other", label="빛고을 검색", url="/search"))
