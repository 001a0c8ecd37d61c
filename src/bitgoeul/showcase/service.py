"""What the showcase can do: read its sites, let operators rewrite their words and captions, take visit
requests and answer them (the answer reaches the requester's inbox and e-mail). Plain functions over a
session; permissions are decided in `policy.py`."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.accounts.public import notify
from bitgoeul.core.auth import Actor
from bitgoeul.core.db import require_row, text_matches, utcnow
from bitgoeul.core.errors import Conflict, NotFound, ValidationFailed
from bitgoeul.core.i18n import Message, pick, translate
from bitgoeul.core.pagination import Page, paginate
from bitgoeul.core.registry import Venue
from bitgoeul.showcase import policy
from bitgoeul.showcase.models import ShowcaseSite, VisitRequest
from bitgoeul.showcase.schemas import SiteTextIn, VisitAnswerIn, VisitRequestIn

STATUSES = ("pending", "accepted", "declined")
ASKED = "showcase.visit_requested"
ANSWERED = "showcase.visit_answered"
TEXT_FIELDS = ("name_ko", "name_en", "summary_ko", "summary_en", "compute_ko", "compute_en", "data_ko", "data_en",
               "support_ko", "support_en", "apply_ko", "apply_en", "address_ko", "address_en", "radius_m",
               "place_words")


def list_sites(session: Session) -> list[ShowcaseSite]:
    return list(session.scalars(select(ShowcaseSite).order_by(ShowcaseSite.position, ShowcaseSite.id)))


def get_site(session: Session, slug: str) -> ShowcaseSite:
    site = session.scalar(select(ShowcaseSite).where(ShowcaseSite.slug == slug))
    if site is None:
        raise NotFound("showcase.service.no_such_site")
    return site


def site_venues(session: Session) -> list[Venue]:
    """Each site with a point, under its names, for the trip planner's place search."""
    return [Venue(f"showcase:{s.slug}", s.name_ko, s.name_en, s.lat, s.lon) for s in list_sites(session)
            if s.lat is not None and s.lon is not None]


def update_site(session: Session, actor: Actor | None, slug: str, data: SiteTextIn) -> ShowcaseSite:
    """Rewrite a site's words and its pictures' captions (a caption of another site's picture is refused)."""
    policy.require_editor(actor)
    site = get_site(session, slug)
    for name in TEXT_FIELDS:
        setattr(site, name, getattr(data, name))
    pictures = {p.id: p for p in site.pictures}
    for caption in data.captions:
        picture = pictures.get(caption.picture_id)
        if picture is None:
            problem = Message("showcase.service.not_this_sites_picture")
            raise ValidationFailed(problem, fields={f"caption_ko_{caption.picture_id}": problem})
        picture.caption_ko, picture.caption_en = caption.caption_ko, caption.caption_en
    session.flush()
    return site


def _operators(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.role == "operator", User.is_active.is_(True))
                                .order_by(User.id)))


def request_visit(session: Session, actor: Actor | None, slug: str, data: VisitRequestIn) -> VisitRequest:
    """A signed-in person asks to visit; every operator is told in the inbox."""
    user = policy.require_requester(actor)
    site = get_site(session, slug)
    visit = VisitRequest(site_id=site.id, user_id=user.id, group_name=data.group_name, group_size=data.group_size,
                         preferred_date=data.preferred_date, language=data.language, purpose=data.purpose)
    session.add(visit)
    session.flush()
    for operator in _operators(session):
        texts = [translate("showcase.notice.requested", lang, group=data.group_name, n=data.group_size,
                           site=pick(lang, site.name_ko, site.name_en), day=data.preferred_date.isoformat())
                 for lang in ("ko", "en")]
        notify(session, operator.id, ASKED, texts[0], texts[1], f"/showcase/visits/{visit.id}")
    return visit


def list_visits(session: Session, actor: Actor | None, *, q: str = "", status: str | None = None,
                page: int = 1, per_page: int = 20) -> Page[VisitRequest]:
    """Every visit request for operators, newest first; `q` searches the group, purpose and requester."""
    policy.require_answerer(actor)
    statement = (select(VisitRequest).outerjoin(VisitRequest.user)
                 .order_by(VisitRequest.created_at.desc(), VisitRequest.id.desc()))
    if q.strip():
        statement = statement.where(text_matches(q, VisitRequest.group_name, VisitRequest.purpose,
                                                 User.display_name, User.email))
    if status:
        if status not in STATUSES:
            problem = Message("showcase.service.unknown_status")
            raise ValidationFailed(problem, fields={"status": problem})
        statement = statement.where(VisitRequest.status == status)
    return paginate(session, statement, page, per_page)


def pending_count(session: Session, actor: Actor | None) -> int:
    policy.require_answerer(actor)
    return int(session.scalar(select(func.count(VisitRequest.id)).where(VisitRequest.status == "pending")) or 0)


def my_visits(session: Session, actor: Actor | None) -> list[VisitRequest]:
    """The requester's own requests, newest first (none for nobody)."""
    if actor is None:
        return []
    return list(session.scalars(select(VisitRequest).where(VisitRequest.user_id == actor.id)
                                .order_by(VisitRequest.created_at.desc(), VisitRequest.id.desc()).limit(10)))


def get_visit(session: Session, actor: Actor | None, visit_id: int) -> VisitRequest:
    visit = require_row(session, VisitRequest, visit_id, "showcase.service.no_such_request")
    policy.require_viewer(actor, visit)
    return visit


def answer_visit(session: Session, actor: Actor | None, visit_id: int, data: VisitAnswerIn) -> VisitRequest:
    """Accept or decline a pending request with a written answer; the requester hears it in the inbox and by
    e-mail. An answered request is not answered again (a second operator would contradict the first)."""
    operator = policy.require_answerer(actor)
    visit = require_row(session, VisitRequest, visit_id, "showcase.service.no_such_request")
    if visit.status != "pending":
        raise Conflict("showcase.service.already_answered")
    visit.status, visit.answer = data.status, data.answer
    visit.answered_by_id, visit.answered_at = operator.id, utcnow()
    session.flush()
    if visit.user_id is not None:
        site = visit.site
        texts = [translate(f"showcase.notice.{data.status}", lang, site=pick(lang, site.name_ko, site.name_en),
                           day=visit.preferred_date.isoformat()) for lang in ("ko", "en")]
        notify(session, visit.user_id, ANSWERED, texts[0], texts[1], f"/showcase/visits/{visit.id}", email=True)
    return visit

