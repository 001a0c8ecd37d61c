"""Who hears about a demonstration: a request and every stage move go to the buyer's and the supplier's
members and to the city's operators (the shared inbox, `accounts.notifications`, and an e-mail queued for
people with an address), never to the person who acted. Called inside the action's own transaction, so an
action that fails or is rolled back tells nobody anything."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bitgoeul.accounts.models import User
from bitgoeul.accounts.public import notify
from bitgoeul.core.auth import Actor
from bitgoeul.core.i18n import translate
from bitgoeul.demonstrations.models import Demonstration

REQUESTED = "demonstrations.requested"
MOVED = "demonstrations.moved"


def recipients(session: Session, demonstration: Demonstration, actor: Actor | None) -> list[User]:
    """Active members of the buyer and of the supplier, and every active operator, except the actor."""
    organisations = {demonstration.need.organisation_id, demonstration.solution.organisation_id}
    people = session.scalars(select(User).where(
        User.is_active.is_(True),
        or_(User.role == "operator", (User.role == "member") & User.organisation_id.in_(organisations)),
    ).order_by(User.id))
    return [user for user in people if actor is None or user.id != actor.id]


def _texts(demonstration: Demonstration, key: str, **params: str) -> tuple[str, str]:
    need, solution = demonstration.need, demonstration.solution
    titles = {"ko": (need.title_ko, solution.title_ko),
              "en": (need.title_en or need.title_ko, solution.title_en or solution.title_ko)}
    texts = []
    for language in ("ko", "en"):
        stage_params = {name: translate(f"demo.stage.{value}", language) for name, value in params.items()}
        texts.append(translate(key, language, need=titles[language][0], solution=titles[language][1],
                               **stage_params))
    return texts[0], texts[1]


def _tell(session: Session, demonstration: Demonstration, actor: Actor | None, kind: str,
          texts: tuple[str, str]) -> None:
    for user in recipients(session, demonstration, actor):
        notify(session, user.id, kind, texts[0], texts[1], f"/demonstrations/{demonstration.id}", email=True)


def demonstration_requested(session: Session, demonstration: Demonstration, actor: Actor | None) -> None:
    _tell(session, demonstration, actor, REQUESTED, _texts(demonstration, "demo.notice.requested"))


def stage_moved(session: Session, demonstration: Demonstration, actor: Actor | None, source: str,
                target: str) -> None:
    _tell(session, demonstration, actor, MOVED,
          _texts(demonstration, "demo.notice.moved", source=source, target=target))
