"""Records spread over months for the dashboard tests, and a plain ledger of what was made: the tests count
the ledger with plain Python (the independent reference) and compare with the indicators."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.demonstrations.models import Demonstration, DemonstrationEvent, Need, Purchase, Solution
from bitgoeul.dialogue.models import DialogueAction, DialogueAnswer, DialogueSession, DialogueVoice
from bitgoeul.exchange.models import Event, MeetingSlot, PartnerListing, Rsvp, ScheduledMeeting
from bitgoeul.talent.models import Application, Job, TalentProfile
from tests import factories

FIRST = datetime(2024, 12, 1, tzinfo=UTC)  # a month before the tested year ...
LAST = datetime(2026, 1, 31, tzinfo=UTC)  # ... to a month after it: out-of-range records must not count
# Korean midnight is 15:00 UTC the day before: these two fall in different months.
EDGES = (datetime(2025, 3, 31, 14, 59, tzinfo=UTC), datetime(2025, 3, 31, 15, 0, tzinfo=UTC))


def kst_month(value: datetime | date) -> str:
    """The reference's month: Korean time is UTC+9, written out by hand."""
    if isinstance(value, datetime):
        value = value.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=9)
    return f"{value.year:04d}-{value.month:02d}"


@dataclass
class Ledger:
    needs: list[datetime] = field(default_factory=list)
    started: list[datetime] = field(default_factory=list)
    reported: list[datetime] = field(default_factory=list)
    decisions: list[tuple[datetime, bool]] = field(default_factory=list)  # (when, purchased)
    purchases: list[tuple[date, int]] = field(default_factory=list)
    jobs: list[tuple[str, datetime | None]] = field(default_factory=list)  # (status, published_at)
    applications: list[tuple[str, datetime]] = field(default_factory=list)  # (job status, applied_at)
    profiles: list[tuple[bool, datetime]] = field(default_factory=list)  # (visible, created_at)
    events: list[tuple[str, datetime, int]] = field(default_factory=list)  # (status, starts_at, checked in)
    meetings: list[tuple[str, str, datetime]] = field(default_factory=list)  # (event status, schedule, slot start)
    listings: list[tuple[bool, datetime]] = field(default_factory=list)  # (active, created_at)
    voices: list[tuple[bool, datetime | date]] = field(default_factory=list)  # (public, heard)
    actions: list[tuple[bool, datetime, datetime | None]] = field(default_factory=list)  # (public, opened, answered)
    # (status, published, skills)
    job_skills: list[tuple[str, datetime | None, list[str]]] = field(default_factory=list)
    courses: list[tuple[str, datetime, list[str]]] = field(default_factory=list)  # (status, starts_at, skills)


def instant(rng: random.Random) -> datetime:
    """A random instant between FIRST and LAST, now and then exactly on a Korean month edge."""
    if rng.random() < 0.1:
        return rng.choice(EDGES)
    seconds = rng.randrange(int((LAST - FIRST).total_seconds()))
    return FIRST + timedelta(seconds=seconds)


def build(session: Session, seed: int = 7) -> Ledger:
    rng = random.Random(seed)
    ledger = Ledger()
    firm, buyer, host = (factories.organisation(session, kind=k) for k in ("ai_firm", "buyer", "ai_firm"))
    people = [factories.user(session) for _ in range(24)]
    _try_and_buy(session, rng, ledger, firm.id, buyer.id)
    _talent(session, rng, ledger, host.id, people)
    _exchange(session, rng, ledger, host.id, people)
    _dialogue(session, rng, ledger)
    _education(session, random.Random(seed + 1), ledger)
    session.commit()
    return ledger


def _try_and_buy(session: Session, rng: random.Random, ledger: Ledger, firm_id: int, buyer_id: int) -> None:
    solution = Solution(organisation_id=firm_id, title_ko="솔루션")
    session.add(solution)
    for n in range(30):
        at = instant(rng)
        need = Need(organisation_id=buyer_id, title_ko=f"수요 {n}", domain="livestock", created_at=at)
        session.add(need)
        ledger.needs.append(at)
        if n >= 24:
            continue
        session.flush()
        path = ["proposed", "under_review", "agreed", "running", "reported"][:rng.randint(1, 5)]
        if len(path) == 5 and rng.random() < 0.8:
            path.append(rng.choice(["purchased", "not_purchased", "purchased"]))
        elif rng.random() < 0.2:
            path.append("withdrawn")
        demonstration = Demonstration(need_id=need.id, solution_id=solution.id, stage=path[-1], created_at=at)
        when = at
        for source, target in itertools.pairwise([None, *path]):
            demonstration.events.append(DemonstrationEvent(from_stage=source, to_stage=target, action=target,
                                                            actor_side="operator", at=when))
            if target == "running":
                ledger.started.append(when)
            elif target == "reported":
                ledger.reported.append(when)
            elif target in {"purchased", "not_purchased"}:
                ledger.decisions.append((when, target == "purchased"))
            if target == "purchased":
                bought = (when + timedelta(days=rng.randint(0, 20))).date()
                amount = rng.randrange(1, 500) * 1_000_000
                demonstration.purchase = Purchase(amount=amount, purchased_on=bought)
                ledger.purchases.append((bought, amount))
            when += timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 23))
        session.add(demonstration)


SKILLS = ("python", "sql", "react", "docker", "kotlin", "figma", "spark")  # typed by jobs, some in capitals


def _education(session: Session, rng: random.Random, ledger: Ledger) -> None:
    """Courses of every status over the months, each teaching skills jobs ask for or one nobody asks for."""
    from bitgoeul.education.models import Course, CourseSkill

    provider = factories.organisation(session, kind="university")
    for n in range(30):
        status = rng.choice(["published", "published", "published", "draft", "cancelled"])
        starts = instant(rng)
        skills = rng.sample([*SKILLS, "cobol", "fortran"], rng.randint(1, 3))
        session.add(Course(provider_id=provider.id, title_ko=f"과정 {n}", status=status, starts_at=starts,
                           ends_at=starts + timedelta(days=30), skills=skills,
                           taught=[CourseSkill(skill=skill, position=i) for i, skill in enumerate(skills)]))
        ledger.courses.append((status, starts, skills))


def _talent(session: Session, rng: random.Random, ledger: Ledger, org_id: int, people: list[User]) -> None:
    jobs = []
    for n in range(15):
        status = rng.choice(["published", "published", "closed", "draft"])
        published = None if status == "draft" else instant(rng)
        skills = [SKILLS[n % len(SKILLS)], SKILLS[(n * 3) % len(SKILLS)].upper()]
        job = Job(organisation_id=org_id, title_ko=f"공고 {n}", status=status, published_at=published,
                  skills_must=skills[:1], skills_nice=skills[1:])
        session.add(job)
        jobs.append(job)
        ledger.jobs.append((status, published))
        ledger.job_skills.append((status, published, [s.lower() for s in skills]))
    profiles = []
    for person in people[:20]:
        visible, at = rng.random() < 0.75, instant(rng)
        profile = TalentProfile(user_id=person.id, headline="개발자", visible=visible, created_at=at)
        session.add(profile)
        profiles.append(profile)
        ledger.profiles.append((visible, at))
    session.flush()
    for job, profile in rng.sample(list(itertools.product(jobs, profiles)), 40):
        at = instant(rng)
        session.add(Application(job_id=job.id, profile_id=profile.id, applied_at=at))
        ledger.applications.append((job.status, at))


def _exchange(session: Session, rng: random.Random, ledger: Ledger, org_id: int, people: list[User]) -> None:
    for n in range(12):
        status = ("published", "draft", "cancelled", "published")[n % 4]
        schedule = ("published", "draft", "none")[n % 3]
        starts = instant(rng)
        event = Event(title_ko=f"행사 {n}", status=status, starts_at=starts, ends_at=starts + timedelta(hours=3),
                      organisation_id=org_id, schedule_state=schedule, meetings_enabled=schedule != "none")
        session.add(event)
        session.flush()
        checked = 0
        for person in rng.sample(people, 6):
            present = rng.random() < 0.6
            checked += present
            session.add(Rsvp(event_id=event.id, user_id=person.id, status="going",
                             checked_in_at=starts + timedelta(minutes=5) if present else None))
        ledger.events.append((status, starts, checked))
        if schedule == "none":
            continue
        # The second slot may start in the next Korean month when the event starts just before midnight.
        slots = [MeetingSlot(event_id=event.id, starts_at=starts + timedelta(hours=h), ends_at=starts +
                             timedelta(hours=h, minutes=30)) for h in (0, 2)]
        session.add_all(slots)
        session.flush()
        ids = sorted(p.id for p in people[:6])
        for table, (a, b) in enumerate(rng.sample(list(itertools.combinations(ids, 2)), 4)):
            slot = slots[table % 2]
            session.add(ScheduledMeeting(event_id=event.id, slot_id=slot.id, table_no=table, a_user_id=a,
                                         b_user_id=b))
            ledger.meetings.append((status, schedule, slot.starts_at))
    for n in range(15):
        active, at = rng.random() < 0.7, instant(rng)
        session.add(PartnerListing(organisation_id=org_id, side="offer", intent="partnership", domain="any",
                                   title_ko=f"제휴 {n}", active=active, created_at=at))
        ledger.listings.append((active, at))


def _dialogue(session: Session, rng: random.Random, ledger: Ledger) -> None:
    sessions = []
    for n in range(6):
        status = "published" if n < 4 else "draft"
        held = instant(rng).date()
        sessions.append((DialogueSession(number=n + 1, held_on=held, status=status), status == "published", held))
    session.add_all(s for s, _public, _held in sessions)
    for n in range(30):
        created = instant(rng)
        moderation = rng.choice(["published", "published", "published", "pending", "rejected"])
        if n % 3 == 0:  # a citizen's voice between sessions: heard when sent
            voice = DialogueVoice(quote=f"의견 {n}", origin="citizen", moderation=moderation, created_at=created)
            public, heard = moderation == "published", created
        else:
            parent, published, held = rng.choice(sessions)
            voice = DialogueVoice(session=parent, quote=f"발언 {n}", moderation=moderation, created_at=created)
            public, heard = moderation == "published" and published, held
        session.add(voice)
        ledger.voices.append((public, heard))
        if rng.random() < 0.7:
            opened = instant(rng)
            action = DialogueAction(voice=voice, title_ko=f"조치 {n}", created_at=opened)
            answers = sorted(opened + timedelta(days=rng.randint(0, 90)) for _ in range(rng.randint(0, 3)))
            action.answers = [DialogueAnswer(body_ko="답변", answered_at=at, status="in_progress")
                              for at in reversed(answers)]  # stored out of order: the first is the earliest
            session.add(action)
            ledger.actions.append((public, opened, answers[0] if answers else None))
