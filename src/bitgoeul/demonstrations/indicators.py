"""Try-and-buy indicators for the dashboard: needs, demonstrations started and completed, purchases and the
conversion rate (the programme page's definition, purchased / decided, taken month by month)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bitgoeul.core.indicators import Indicator, Values, counts, cumulative_share, define, sums
from bitgoeul.core.months import Months
from bitgoeul.demonstrations.models import DemonstrationEvent, Need, Purchase
from bitgoeul.demonstrations.stages import Stage

C = "demonstrations"
DECIDED = (Stage.purchased, Stage.not_purchased)


def needs_posted(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(Need.created_at).where(
        Need.created_at >= months.start, Need.created_at < months.end)), months)


def _first_entered(session: Session, stages: tuple[Stage, ...]) -> list[tuple[int, datetime, str]]:
    """(demonstration, when, stage) of each demonstration's first entry into one of `stages`."""
    rows = session.execute(select(DemonstrationEvent.demonstration_id, DemonstrationEvent.at,
                                  DemonstrationEvent.to_stage)
                           .where(DemonstrationEvent.to_stage.in_([s.value for s in stages]))
                           .order_by(DemonstrationEvent.at, DemonstrationEvent.id)).all()
    first: dict[int, tuple[int, datetime, str]] = {}
    for demonstration_id, at, stage in rows:
        first.setdefault(demonstration_id, (demonstration_id, at, stage))
    return list(first.values())


def demonstrations_started(session: Session, months: Months) -> Values:
    return counts((at for _id, at, _stage in _first_entered(session, (Stage.running,))), months)


def demonstrations_completed(session: Session, months: Months) -> Values:
    return counts((at for _id, at, _stage in _first_entered(session, (Stage.reported,))), months)


def purchases(session: Session, months: Months) -> Values:
    return counts(session.scalars(select(Purchase.purchased_on).where(
        Purchase.purchased_on >= months.first_day, Purchase.purchased_on < months.end_day)), months)


def purchase_amount(session: Session, months: Months) -> Values:
    rows = session.execute(select(Purchase.purchased_on, Purchase.amount).where(
        Purchase.purchased_on >= months.first_day, Purchase.purchased_on < months.end_day)).all()
    return sums(((row.purchased_on, row.amount) for row in rows), months)


def conversion_rate(session: Session, months: Months) -> Values:
    """Of the demonstrations decided (purchased or not) by the month's end, the share purchased, in %."""
    decisions = _first_entered(session, DECIDED)
    return cumulative_share(((at, at if stage == Stage.purchased else None)
                             for _id, at, stage in decisions), months)


def indicators() -> list[Indicator]:
    return [
        define(C, "needs_posted", needs_posted, "count", 10, ("등록된 도입 수요", "Needs posted"),
               ("그 달에 등록된 수요기관의 도입 수요 수", "Buyers' needs posted in the month")),
        define(C, "demonstrations_started", demonstrations_started, "count", 11,
               ("시작된 실증", "Demonstrations started"),
               ("그 달에 처음 '실증 중' 단계에 들어선 실증 수", "Demonstrations that first entered the running stage "
                "in the month")),
        define(C, "demonstrations_completed", demonstrations_completed, "count", 12,
               ("완료된 실증", "Demonstrations completed"),
               ("그 달에 결과 보고를 마친 실증 수", "Demonstrations that reported their results in the month")),
        define(C, "purchases", purchases, "count", 13, ("구매 건수", "Purchases"),
               ("그 달을 구매일로 기록된 실증 후 구매 수", "Purchases after a demonstration, by purchase date")),
        define(C, "purchase_amount", purchase_amount, "krw", 14, ("구매 금액", "Purchase amount"),
               ("그 달 구매의 금액 합계", "Total amount of the month's purchases")),
        define(C, "conversion_rate", conversion_rate, "percent", 15, ("구매 전환율", "Conversion rate"),
               ("그 달 말까지 구매 여부가 결정된 실증 가운데 구매로 이어진 비율 (누적)",
                "Of the demonstrations decided by the month's end, the share that led to a purchase (cumulative)")),
    ]
