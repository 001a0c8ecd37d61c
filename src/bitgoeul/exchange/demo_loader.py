"""Demo exchange data: Seoul firms meeting Gwangju start-ups, service builders with solution sellers, an
exchange day with 1:1 preferences and a draft timetable, an AI competition with tracks, and a past meetup.

Everything is fictional and deterministic. Organisations and accounts of the try-and-buy demo are found by
key and e-mail; three Seoul firms (absent from that demo) and their members are added here.

Dates are offsets from the demo's "now" (`bitgoeul.demo_time.demo_now`): listings are posted over about 18
months, the meetup was held some eight months ago, the exchange day six weeks ago (timetable published, most
attendees checked in) and the competition is four to five months ahead. Events are built through the services
on a date the real clock still calls upcoming (registration is refused for past events), then moved to their
place, which is a whole number of weeks away so weekdays and times stay.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.core.db import utcnow
from bitgoeul.core.forms import validate
from bitgoeul.core.time import as_utc, city_zone
from bitgoeul.demo_time import demo_now, spread, timeline
from bitgoeul.exchange import events, meetings, partners
from bitgoeul.exchange.models import Event, MeetingSlot, Rsvp, Submission, Team
from bitgoeul.exchange.schemas import (
    EventIn,
    ListingIn,
    MeetingRequestIn,
    MeetingSetupIn,
    PreferencesIn,
    ResponseIn,
    SlotsIn,
    SubmissionIn,
    TeamIn,
    TrackIn,
)
from bitgoeul.organisations.models import Organisation

DEMO_PASSWORD = "bitgoeul-demo"  # noqa: S105  (the published password of every demo account)

SEOUL_FIRMS = (
    ("seoul-trendlab", "트렌드랩서울", "Trendlab Seoul", "서울 강남구", "김하늘",
     "생성형 AI 서비스를 기획하고 만드는 서울의 서비스 개발 기업입니다.",
     "A Seoul firm that designs and builds generative-AI services."),
    ("hangang-cloud", "한강클라우드", "Hangang Cloud", "서울 마포구", "이도현",
     "AI 솔루션을 공공·기업 고객에게 공급하는 솔루션 판매 기업입니다.",
     "A solution seller supplying AI products to public and corporate customers."),
    ("gangnam-vision", "강남비전", "Gangnam Vision", "서울 서초구", "박지우",
     "영상 분석 모델을 연구하는 서울의 AI 기업입니다.", "A Seoul AI firm researching video-analytics models."),
)

# (organisation key, side, intent, domain, region, title ko, title en, text ko, text en)
LISTINGS: tuple[tuple[str, ...], ...] = (
    ("visionqc", "offer", "subcontracting", "manufacturing", "광주",
     "제조 비전 검사 모델 개발 외주", "Outsourced development of visual inspection models",
     "광주 광산구의 부품 공장에서 쌓은 불량 검사 데이터와 경험으로 비전 검사 모델을 개발해 드립니다.",
     "We build visual defect-inspection models, drawing on data and experience from parts factories in Gwangju."),
    ("seoul-trendlab", "seek", "subcontracting", "manufacturing", "전국",
     "제조 비전 검사 개발 협력사를 찾습니다", "Looking for a partner to develop visual inspection",
     "제조 고객을 위한 AI 서비스에 들어갈 비전 검사 모델을 함께 개발할 지역 협력사를 찾습니다.",
     "We seek a regional partner to develop the visual-inspection model inside our AI service for manufacturers."),
    ("hangang-cloud", "offer", "resale", "any", "서울",
     "수도권 공공·기업 판매 채널 제공", "Sales channel to public and corporate buyers around Seoul",
     "지역 AI 기업의 솔루션을 수도권 공공기관과 기업에 재판매하고 도입을 지원합니다.",
     "We resell regional AI firms' solutions to public bodies and firms around Seoul and support the roll-out."),
    ("medibit", "seek", "resale", "health", "서울",
     "의료 영상 판독 솔루션 수도권 판매 파트너", "Sales partner around Seoul for radiology AI",
     "광주 병원에서 검증한 판독 보조 솔루션을 수도권 병원에 판매할 재판매 파트너를 찾습니다.",
     "We seek a reseller to sell our radiology reading assistant, proven in Gwangju hospitals, around Seoul."),
    ("carewatch", "seek", "resale", "health", "서울",
     "돌봄 IoT 솔루션 판매 파트너", "Sales partner for care IoT",
     "혼자 사는 어르신의 생활 패턴을 학습하는 돌봄 솔루션을 수도권 지자체에 판매할 파트너를 찾습니다.",
     "We seek a partner to sell our care solution for older people living alone to local governments near Seoul."),
    ("seoul-trendlab", "offer", "tech_exchange", "any", "서울",
     "생성형 AI 서비스 개발 노하우 공유", "Sharing how we build generative-AI services",
     "대규모 언어 모델 서비스 설계, 평가, 운영 경험을 지역 기업과 나누고 함께 연구합니다.",
     "We share our experience designing, evaluating and running large-language-model services with regional firms."),
    ("drawing-reader", "seek", "tech_exchange", "manufacturing", "서울",
     "서울 선도 기업과 문서 AI·언어 모델 기술 교류", "Tech exchange on document AI and language models",
     "도면과 작업지시서를 읽는 문서 AI에 언어 모델을 붙이려 합니다. 서울의 선도 기업과 기술 교류를 원합니다.",
     "We are adding language models to our document AI for drawings and work orders and want to learn from Seoul's "
     "leading firms."),
    ("gangnam-vision", "offer", "tech_exchange", "public_safety", "서울",
     "영상 분석 모델 경량화 기술 교류", "Tech exchange on lightweight video-analytics models",
     "CCTV 영상 분석 모델을 엣지 장비에 올리는 경량화 기술을 공유합니다.",
     "We share techniques for running CCTV video-analytics models on edge devices."),
    ("guardvision", "seek", "tech_exchange", "public_safety", "서울",
     "CCTV 이상행동 탐지 경량화 기술 교류", "Tech exchange on edge abnormal-behaviour detection",
     "이상행동 탐지 모델을 엣지 장비에서 돌리려 합니다. 영상 분석 경량화 경험이 있는 기업을 찾습니다.",
     "We want to run our abnormal-behaviour detection on edge devices and seek firms experienced in lightweight "
     "video analytics."),
    ("calfnote", "seek", "investment", "livestock", "전국",
     "번식우 웨어러블 사업 투자 유치", "Raising investment for breeding-cow wearables",
     "발정·분만 감지 웨어러블의 양산과 전국 판매를 위한 투자를 찾습니다.",
     "We seek investment to mass-produce and sell our oestrus and calving detection wearables nationwide."),
    ("gj-ai-startup-center", "offer", "investment", "any", "광주",
     "지역 AI 스타트업 투자 연계", "Investment matchmaking for regional AI start-ups",
     "광주의 AI 스타트업을 투자사와 연결하고 투자 설명회를 엽니다.",
     "We connect Gwangju's AI start-ups with investors and run investor days."),
    ("doneye", "offer", "partnership", "livestock", "전남",
     "양돈 축사 영상·음향 분석 제휴", "Partnership on pig-barn video and sound analytics",
     "사료·동물약품 기업과 함께 축사 데이터를 활용한 서비스를 만들고 싶습니다.",
     "We want to build services on barn data together with feed and veterinary firms."),
    ("feedmind", "seek", "partnership", "livestock", "전남",
     "축사 데이터 제휴 기업을 찾습니다", "Seeking a barn-data partner",
     "사료 배합 최적화에 축사 영상·음향 데이터를 더할 제휴 기업을 찾습니다.",
     "We seek a partner whose barn video and sound data can improve our feed formulation."),
)

TRACKS = (
    ("공공데이터 활용", "Open public data", "광주의 공공데이터로 시민 생활 문제를 풉니다.",
     "Solve city problems with open data."),
    ("제조 비전 AI", "Vision AI for manufacturing", "부품 불량 이미지로 검사 모델을 만듭니다.",
     "Build an inspection model on defect images."),
    ("생성형 AI 서비스", "Generative-AI services", "지역 문제를 푸는 생성형 AI 서비스를 기획합니다.",
     "Design a generative-AI service for the region."),
)

# When each event starts: (days from now, weekday it falls on (Monday 0), Korean time). Negative: held.
EXCHANGE_DAY = (-42, 3, time(13, 0))  # a Thursday afternoon six weeks ago
COMPETITION_DAY = (135, 5, time(10, 0))  # a Saturday four to five months ahead
PAST_MEETUP = (-250, 0, time(18, 30))  # a Monday evening some eight months ago
ANNOUNCED_DAYS = 40  # events are announced about this long before they start
VENUE = ("빛고을 AI 카페", "광주광역시 북구 첨단과기로 (가상 주소)", 35.2289, 126.8427)


def starts(now: datetime, place: tuple[int, int, time]) -> datetime:
    """An event's start: `days` from now, moved back to the weekday, at the Korean time (aware)."""
    days, weekday, at = place
    day = now.astimezone(city_zone()).date() + timedelta(days=days)
    day -= timedelta(days=(day.weekday() - weekday) % 7)
    return datetime.combine(day, at, tzinfo=city_zone())


def _listed(now: datetime) -> list[datetime]:
    return spread(timeline("exchange-listings"), len(LISTINGS), now, newest=3)


def load_demo(session: Session, now: datetime | None = None) -> None:
    from bitgoeul.core.auth import hash_password

    now = now or demo_now()
    orgs = {o.key: o for o in session.scalars(select(Organisation).where(Organisation.key.is_not(None)))}
    users = {u.email: u for u in session.scalars(select(User))}
    password_hash = hash_password(DEMO_PASSWORD)
    # The Seoul firms joined a week before their first listing or meeting request.
    first = {key: starts(now, EXCHANGE_DAY) - timedelta(days=25) for key, *_ in SEOUL_FIRMS}
    for (key, *_), listed in zip(LISTINGS, _listed(now), strict=True):
        if key in first:
            first[key] = min(first[key], listed)
    for key, name_ko, name_en, region, person, about_ko, about_en in SEOUL_FIRMS:
        joined = first[key] - timedelta(days=7)
        org = Organisation(key=key, name_ko=name_ko, name_en=name_en, kind="ai_firm", region=region, size="small",
                           description_ko=about_ko, description_en=about_en, created_at=joined, updated_at=joined)
        session.add(org)
        session.flush()
        orgs[key] = org
        email = f"{key}@example.org"
        users[email] = User(email=email, display_name=person, role="member", organisation_id=org.id,
                            password_hash=password_hash, created_at=joined, updated_at=joined)
        session.add(users[email])
    session.flush()
    operator = users["operator@example.org"]
    _listings(session, operator, orgs, now)
    _requests(session, orgs, users, starts(now, EXCHANGE_DAY))
    _exchange_day(session, operator, orgs, users, now)
    _competition(session, operator, orgs, users, now)
    _past_meetup(session, operator, orgs, users, now)


def _listings(session: Session, operator: User, orgs: dict[str | None, Organisation], now: datetime) -> None:
    for number, (row, listed) in enumerate(zip(LISTINGS, _listed(now), strict=True), 1):
        key, side, intent, domain, region, title_ko, title_en, text_ko, text_en = row
        if key not in orgs:
            continue
        listing = partners.create_listing(session, operator, validate(ListingIn, {
            "organisation_id": orgs[key].id, "side": side, "intent": intent, "domain": domain, "region": region,
            "title_ko": title_ko, "title_en": title_en, "text_ko": text_ko, "text_en": text_en}))
        listing.key = f"listing-{number}"
        listing.created_at = listing.updated_at = listed
        if orgs[key].created_at is not None and as_utc(orgs[key].created_at) > listed - timedelta(days=7):
            orgs[key].created_at = listed - timedelta(days=7)  # an organisation joined before it posted


def _requests(session: Session, orgs: dict[str | None, Organisation], users: dict[str, User],
              exchange_day: datetime) -> None:
    """Two requests a few weeks before the exchange day (one names it), the second accepted two days later."""
    trendlab, hangang = users["seoul-trendlab@example.org"], users["hangang-cloud@example.org"]
    first = partners.send_request(session, trendlab, validate(MeetingRequestIn, {
        "to_organisation_id": orgs["visionqc"].id, "message": "비전 검사 외주 건으로 교류의 날에 만나 뵙고 싶습니다."}))
    first.created_at = first.updated_at = (exchange_day - timedelta(days=18, hours=2)).astimezone(UTC)
    accepted = partners.send_request(session, hangang, validate(MeetingRequestIn, {
        "to_organisation_id": orgs["medibit"].id,
        "message": "수도권 병원 판매 조건을 이야기하고 싶습니다."}))
    medibit_member = users.get("supplier3@example.org")
    if medibit_member is not None:
        partners.respond(session, medibit_member, accepted.id,
                         validate(ResponseIn, {"decision": "accept", "note": "다음 주 화요일 좋습니다."}))
    sent = (exchange_day - timedelta(days=25, hours=3)).astimezone(UTC)
    accepted.created_at = sent
    accepted.updated_at = sent + timedelta(days=2) if medibit_member is not None else sent
    if medibit_member is not None:
        accepted.responded_at = sent + timedelta(days=2)
    session.flush()


def building(start: datetime) -> datetime:
    """Where to build an event starting at `start`: the first date a whole number of weeks later that the
    real clock still calls upcoming (ten days ahead: after a week-early submission deadline too), so the
    services take registrations and submissions."""
    ahead = utcnow() + timedelta(days=10) - start
    weeks = max(0, math.ceil(ahead / timedelta(weeks=1)))
    return start + timedelta(weeks=weeks)


def _event(session: Session, operator: User, orgs: dict[str | None, Organisation], key: str,
           values: dict[str, Any]) -> Event:
    name, address, lat, lon = VENUE
    data = {"venue_name": name, "venue_address": address, "lat": lat, "lon": lon,
            "organisation_id": orgs["bitgoeul-ai-agency"].id if "bitgoeul-ai-agency" in orgs else None, **values}
    event = events.create_event(session, operator, validate(EventIn, data))
    event.key = key
    events.move_event(session, operator, event.id, "published")
    return event


def _between(start: datetime, end: datetime, number: int, count: int) -> datetime:
    """The `number`-th (from 1) of `count` instants evenly spaced strictly between start and end."""
    return start + (end - start) * number / (count + 1)


def _place(session: Session, event: Event, start: datetime, now: datetime, *, held: bool) -> None:
    """Move an event built at `building(start)` to `start`; date what happened around it from `now`: announced
    about ANNOUNCED_DAYS before, registrations (and teams, a submission) between then and the start or now,
    check-ins at the door of a held event, a held event's timetable published three days before."""
    shift = start.astimezone(UTC) - as_utc(event.starts_at)
    event.starts_at = as_utc(event.starts_at) + shift
    event.ends_at = as_utc(event.ends_at) + shift
    if event.submission_deadline is not None:
        event.submission_deadline = as_utc(event.submission_deadline) + shift
    announced = min(start - timedelta(days=ANNOUNCED_DAYS), now - timedelta(days=10)).astimezone(UTC)
    event.created_at = event.updated_at = event.published_at = announced
    until = min(start.astimezone(UTC), now)
    for slot in session.scalars(select(MeetingSlot).where(MeetingSlot.event_id == event.id)):
        slot.starts_at = as_utc(slot.starts_at) + shift
        slot.ends_at = as_utc(slot.ends_at) + shift
    rsvps = list(session.scalars(select(Rsvp).where(Rsvp.event_id == event.id).order_by(Rsvp.id)))
    for number, entry in enumerate(rsvps, 1):
        entry.created_at = entry.updated_at = _between(announced, until, number, len(rsvps))
        if held and entry.status == "going":
            entry.checked_in_at = event.starts_at + timedelta(minutes=3 * number) if number % 5 else None
    teams = list(session.scalars(select(Team).where(Team.event_id == event.id).order_by(Team.id)))
    for number, team in enumerate(teams, 1):
        team.created_at = _between(rsvps[-1].created_at if rsvps else announced, until, number, len(teams) + 1)
        for submission in session.scalars(select(Submission).where(Submission.team_id == team.id)):
            submission.submitted_at = _between(team.created_at, until, 1, 1)
    if event.schedule_state != "none":
        event.schedule_generated_at = event.starts_at - timedelta(days=4)
    if held and event.schedule_state == "draft":
        # Published by hand rather than through meetings.publish: the notices it sends would be dated today
        # for an event long past. The draft is the scheduler's own, so it keeps every rule.
        event.schedule_state = "published"
        event.schedule_published_at = event.starts_at - timedelta(days=3)
    session.flush()


def _exchange_day(session: Session, operator: User, orgs: dict[str | None, Organisation],
                  users: dict[str, User], now: datetime) -> None:
    start = starts(now, EXCHANGE_DAY)
    day = building(start)
    event = _event(session, operator, orgs, f"exchange-day-{start:%Y-%m}", {
        "kind": "exchange_day", "title_ko": "광주-서울 AI 기업 교류의 날",
        "title_en": "Gwangju-Seoul AI firms exchange day",
        "description_ko": "서비스 개발 기업과 솔루션 판매 기업, 서울의 선도 기업과 광주의 스타트업이 1:1로 만납니다. "
                          "만나고 싶은 상대를 고르면 주최자가 미팅 일정을 짭니다.",
        "description_en": "Service builders meet solution sellers, and Seoul's leading firms meet Gwangju's start-ups, "
                          "one to one. Choose whom you want to meet; the organiser schedules the meetings.",
        "starts_at": day, "ends_at": day + timedelta(hours=5), "capacity": 40,
        "waitlist_capacity": 10, "meetings_enabled": True})
    meetings.set_up(session, operator, event.id, validate(MeetingSetupIn, {"meeting_tables": 4,
                                                                           "max_meetings_per_person": 4}))
    meetings.add_slots(session, operator, event.id, validate(SlotsIn, {"first_start": day + timedelta(hours=1),
                                                                       "minutes": 20,
                                                     "count": 6, "gap_minutes": 5}))
    names = ["seoul-trendlab@example.org", "hangang-cloud@example.org", "gangnam-vision@example.org",
             *(f"supplier{n}@example.org" for n in range(1, 7)), "buyer4@example.org"]
    people = [users[n] for n in names if n in users]
    for person in people:
        events.rsvp(session, person, event.id)
    by_email = {u.email: u for u in people}
    wishes = (  # (from, to, level): Seoul firms and solution sellers meet Gwangju start-ups
        ("seoul-trendlab", "supplier4", "must"), ("supplier4", "seoul-trendlab", "must"),
        ("hangang-cloud", "supplier3", "must"), ("supplier3", "hangang-cloud", "must"),
        ("hangang-cloud", "supplier5", "meet"), ("supplier5", "hangang-cloud", "must"),
        ("gangnam-vision", "supplier4", "meet"), ("supplier2", "seoul-trendlab", "meet"),
        ("supplier1", "hangang-cloud", "meet"), ("supplier6", "seoul-trendlab", "meet"),
        ("buyer4", "supplier4", "must"), ("supplier4", "buyer4", "meet"),
        ("supplier2", "supplier1", "no"), ("seoul-trendlab", "gangnam-vision", "meet"),
    )
    marks: dict[User, dict[int, str]] = {}
    for source, target, level in wishes:
        a, b = by_email.get(_email(source)), by_email.get(_email(target))
        if a is not None and b is not None:
            marks.setdefault(a, {})[b.id] = level
    for person, levels in marks.items():
        meetings.save_preferences(session, person, event.id, validate(PreferencesIn, {"levels": levels}))
    meetings.run_schedule(session, operator, event.id, time_limit=2.0)
    _place(session, event, start, now, held=start < now)


def _email(key: str) -> str:
    return f"{key}@example.org"


def _competition(session: Session, operator: User, orgs: dict[str | None, Organisation],
                 users: dict[str, User], now: datetime) -> None:
    start = starts(now, COMPETITION_DAY)
    day = building(start)
    event = _event(session, operator, orgs, f"ai-competition-{start.year}", {
        "kind": "competition", "title_ko": f"빛고을 AI 경진대회 {start.year}",
        "title_en": f"Bitgoeul AI Competition {start.year}",
        "description_ko": "학생과 시민, 기업이 함께하는 AI 경진대회입니다. "
                          "부문을 골라 팀을 만들고 결과물을 제출하세요.",
        "description_en": "An AI competition for students, citizens and firms: choose a track, form a team and submit.",
        "starts_at": day, "ends_at": day + timedelta(hours=8), "capacity": 120,
        "submission_deadline": day - timedelta(days=7)})
    tracks = [events.add_track(session, operator, event.id, validate(TrackIn, {
        "name_ko": name_ko, "name_en": name_en, "description_ko": about_ko, "description_en": about_en}))
        for name_ko, name_en, about_ko, about_en in TRACKS]
    people = [users[e] for e in ("person1@example.com", "person2@example.com", "person3@example.com") if e in users]
    for person in people:
        events.rsvp(session, person, event.id)
    if len(people) >= 3:
        first = events.create_team(session, people[0], event.id, validate(TeamIn, {"track_id": tracks[0].id,
                                                                                   "name": "무등산 데이터팀"}))
        events.join_team(session, people[1], event.id, first.id)
        events.create_team(session, people[2], event.id, validate(TeamIn, {"track_id": tracks[2].id,
                                                                           "name": "빛고을 챗봇"}))
        events.submit(session, people[0], event.id, validate(SubmissionIn, {
            "title": "버스 혼잡도 예측 지도", "summary": "공공 버스 승하차 데이터로 정류장별 혼잡도를 예측합니다.",
            "url": "https://example.org/demo/bus-crowding"}))
    _place(session, event, start, now, held=start < now)


def _past_meetup(session: Session, operator: User, orgs: dict[str | None, Organisation],
                 users: dict[str, User], now: datetime) -> None:
    """A meetup already held: registrations and attendance are written directly (RSVPs close at the end)."""
    start = starts(now, PAST_MEETUP)
    event = _event(session, operator, orgs, f"ai-cafe-meetup-{start:%Y-%m}", {
        "kind": "meetup", "title_ko": "AI 카페 저녁 교류 모임", "title_en": "AI Cafe evening meetup",
        "description_ko": "AI 사관학교 수료생과 지역 기업이 만나는 저녁 모임이었습니다.",
        "description_en": "An evening where AI Academy graduates met regional firms.",
        "starts_at": start, "ends_at": start + timedelta(hours=2), "capacity": 30})
    came = [u for e, u in sorted(users.items()) if e.startswith(("supplier", "person"))]
    announced = (start - timedelta(days=ANNOUNCED_DAYS)).astimezone(UTC)
    event.created_at = event.updated_at = event.published_at = announced
    for position, person in enumerate(came, 1):
        checked = start.astimezone(UTC) + timedelta(minutes=5 * position) if position % 4 else None
        registered = _between(announced, start.astimezone(UTC), position, len(came))
        session.add(Rsvp(event_id=event.id, user_id=person.id, status="going", position=position,
                         checked_in_at=checked, created_at=registered, updated_at=registered))
    session.flush()
