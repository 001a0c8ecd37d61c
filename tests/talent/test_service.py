"""Talent services: permissions, application states, refusals (deadline, duplicates), alerts, digests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bitgoeul.core.errors import Conflict, InvalidTransition, LoginRequired, PermissionDenied, ValidationFailed
from bitgoeul.core.forms import validate
from bitgoeul.talent import alerts, service
from bitgoeul.talent.figures import hiring_figures
from bitgoeul.talent.mail import MailSettings, send_digests
from bitgoeul.talent.models import Alert
from bitgoeul.talent.schemas import ApplyIn, JobIn, MoveIn, ProfileIn, SubscriptionIn
from tests import factories as f
from tests.talent import talent_factories as tf
from tests.talent.smtp_sink import smtp_sink


def test_people_edit_only_their_own_profile(session: Session) -> None:
    alice, bob = f.user(session), f.user(session)
    profile = tf.profile(session, alice)
    with pytest.raises(PermissionDenied):
        service.save_profile(session, bob, validate(ProfileIn, {"headline": "남의 프로필"}), user_id=alice.id)
    with pytest.raises(LoginRequired):
        service.save_profile(session, None, validate(ProfileIn, {"headline": "익명"}))
    updated = service.save_profile(session, f.operator(session), validate(ProfileIn, {"headline": "운영자가 고침"}),
                                   user_id=alice.id)
    assert updated.id == profile.id and updated.headline == "운영자가 고침"


def test_profile_validation_names_fields() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(ProfileIn, {"headline": "x", "languages": ["klingon"], "salary_wish": -1})
    assert {"headline", "languages", "salary_wish"} <= set(caught.value.fields)


def test_only_members_post_and_edit_their_organisations_jobs(session: Session) -> None:
    firm, other = f.organisation(session), f.organisation(session)
    member, outsider, person = f.member(session, firm), f.member(session, other), f.user(session)
    with pytest.raises(PermissionDenied):
        tf.job(session, person)
    job = tf.job(session, member)
    assert job.organisation_id == firm.id and job.published_at is not None
    with pytest.raises(PermissionDenied):
        service.update_job(session, outsider, job.id,
                           validate(JobIn, {"title_ko": "가로채기", "description_ko": "다른 회사가 고침 시도",
                                            "region": "광주 북구"}))
    operator_job = tf.job(session, f.operator(session), organisation_id=other.id, title_ko="운영자가 올린 공고")
    assert operator_job.organisation_id == other.id


def test_job_validation_salary_and_lists(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    with pytest.raises(ValidationFailed) as caught:
        tf.job(session, member, salary_min=5000, salary_max=4000)
    assert "salary_max" in caught.value.fields and "__all__" not in caught.value.fields
    job = tf.job(session, member, skills_must="Python, SQL; 리액트")
    assert job.skills_must == ["Python", "SQL", "리액트"]


def test_drafts_are_hidden_from_outsiders(session: Session) -> None:
    firm = f.organisation(session)
    member = f.member(session, firm)
    draft = tf.job(session, member, status="draft")
    assert service.view_job(session, member, draft.id).id == draft.id
    with pytest.raises(Exception, match="찾을 수 없습니다"):
        service.view_job(session, f.user(session), draft.id)
    assert draft.id not in [j.id for j in service.list_jobs(session, None).items]


def test_application_walks_to_hired_and_records_history(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    person = f.user(session)
    tf.profile(session, person)
    job = tf.job(session, member)
    application = service.apply(session, person, job.id, validate(ApplyIn, {"message": "지원합니다"}))
    assert application.state == "applied"
    with pytest.raises(PermissionDenied):
        service.move_application(session, person, application.id, validate(MoveIn, {"target": "interviewing"}))
    for target in ("interviewing", "offer", "hired"):
        service.move_application(session, member, application.id, validate(MoveIn, {"target": target}))
    assert application.state == "hired" and application.hired_at is not None
    assert [e.to_state for e in application.events] == ["applied", "interviewing", "offer", "hired"]
    with pytest.raises(InvalidTransition):
        service.move_application(session, member, application.id, validate(MoveIn, {"target": "declined"}))
    with pytest.raises(PermissionDenied):
        service.move_application(session, f.user(session), application.id, validate(MoveIn, {"target": "withdrawn"}))


def test_person_may_withdraw_or_decline_an_offer_and_apply_again(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    person = f.user(session)
    tf.profile(session, person)
    job = tf.job(session, member)
    application = service.apply(session, person, job.id)
    service.move_application(session, person, application.id, validate(MoveIn, {"target": "withdrawn"}))
    again = service.apply(session, person, job.id)
    assert again.id == application.id and again.state == "applied"
    service.move_application(session, member, again.id, validate(MoveIn, {"target": "interviewing"}))
    service.move_application(session, member, again.id, validate(MoveIn, {"target": "offer"}))
    assert service.allowed_moves(person, again) == ["declined", "withdrawn"]
    service.move_application(session, person, again.id, validate(MoveIn, {"target": "declined"}))
    assert again.state == "declined"


def test_duplicate_past_deadline_and_unpublished_applications_are_refused(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    person = f.user(session)
    with pytest.raises(ValidationFailed, match="프로필"):
        service.apply(session, person, tf.job(session, member).id)
    tf.profile(session, person)
    job = tf.job(session, member)
    service.apply(session, person, job.id)
    with pytest.raises(Conflict, match="이미 이 공고에 지원했습니다"):
        service.apply(session, person, job.id)
    late = tf.job(session, member, deadline=(date.today() - timedelta(days=1)).isoformat())
    with pytest.raises(Conflict, match="마감일"):
        service.apply(session, person, late.id)
    draft = tf.job(session, member, status="draft")
    with pytest.raises(Conflict, match="지원을 받지 않는"):
        service.apply(session, person, draft.id)


def test_firms_see_only_their_applications_and_ranked_people(session: Session) -> None:
    firm = f.organisation(session)
    member, outsider = f.member(session, firm), f.member(session, f.organisation(session))
    job = tf.job(session, member)
    with pytest.raises(PermissionDenied):
        service.job_applications(session, outsider, job.id)
    with pytest.raises(PermissionDenied):
        service.people_for_job(session, outsider, job.id)
    fit, unfit = f.user(session), f.user(session)
    tf.profile(session, fit)
    tf.profile(session, unfit, skills=["C++", "Embedded"], desired_roles="임베디드 펌웨어", wish_regions=["부산"],
               home_region="부산 해운대구")
    ranked = service.people_for_job(session, member, job.id)
    assert ranked[0][0].user_id == fit.id
    assert ranked[0][1].score > (ranked[1][1].score if len(ranked) > 1 else 0)
    assert any("React" in r.en for r in ranked[0][1].reasons)


def test_match_alert_once_per_person_and_job(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    graduate = f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match", "min_score": 50}))
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "search", "query": "React"}))
    job = tf.job(session, member)
    mine = alerts.my_alerts(session, graduate)
    assert [a.job_id for a in mine] == [job.id] and mine[0].score is not None and round(100 * mine[0].score) >= 50
    # Publishing again (close and re-open, or an explicit second notification) never duplicates it.
    service.set_job_status(session, member, job.id, "closed")
    service.set_job_status(session, member, job.id, "published")
    assert alerts.notify_for_job(session, job) == []
    assert len(alerts.my_alerts(session, graduate)) == 1
    session.add(Alert(user_id=graduate.id, job_id=job.id))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_unmatching_jobs_and_filters_send_nothing(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    graduate = f.user(session)
    tf.profile(session, graduate)
    alerts.subscribe(session, graduate, validate(SubscriptionIn, {"kind": "match", "min_score": 50}))
    alerts.subscribe(session, graduate,
                     validate(SubscriptionIn, {"kind": "search", "query": "데이터", "seniority": "lead"}))
    tf.job(session, member, title_ko="임베디드 펌웨어 개발자", title_en="Firmware developer",
           description_ko="전력 설비 펌웨어를 C++로 개발합니다.", skills_must=["C++", "Embedded"], skills_nice=[],
           region="부산 해운대구", seniority="senior")
    tf.job(session, member, title_ko="데이터 분석가", description_ko="도시 데이터를 분석합니다.", seniority="junior",
           skills_must=["SQL"])
    assert alerts.my_alerts(session, graduate) == []
    lead = tf.job(session, member, title_ko="데이터 팀장", description_ko="데이터 팀을 이끕니다.", seniority="lead",
                  skills_must=["SQL"])
    assert [a.job_id for a in alerts.my_alerts(session, graduate)] == [lead.id]


def test_subscriptions_need_a_profile_for_match_and_words_for_search(session: Session) -> None:
    person = f.user(session)
    with pytest.raises(ValidationFailed):
        alerts.subscribe(session, person, validate(SubscriptionIn, {"kind": "match"}))
    with pytest.raises(ValidationFailed):
        alerts.subscribe(session, person, validate(SubscriptionIn, {"kind": "search", "query": ""}))
    subscription = alerts.subscribe(session, person, validate(SubscriptionIn, {"kind": "search", "query": "웹 개발"}))
    with pytest.raises(PermissionDenied):
        alerts.cancel_subscription(session, f.user(session), subscription.id)
    assert alerts.cancel_subscription(session, person, subscription.id).active is False


def test_digest_arrives_at_the_loopback_smtp_server_once(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    graduate, refused = f.user(session, email="grad@example.org"), f.user(session, email="gone@example.org")
    for person in (graduate, refused):
        tf.profile(session, person)
        alerts.subscribe(session, person, validate(SubscriptionIn, {"kind": "match"}))
    first, second = tf.job(session, member), tf.job(session, member, title_ko="React 웹 개발자 (2)")
    with smtp_sink() as sink:
        sink.refuse.add("gone@example.org")
        settings = MailSettings(host=sink.host, port=sink.port, sender="jobs@example.org")
        result = send_digests(session, settings)
        assert (result.messages, result.alerts, result.failed) == (1, 2, ["gone@example.org"])
        retry = send_digests(session, settings)  # only the refused person is tried again
        assert (retry.messages, retry.failed) == (0, ["gone@example.org"])
        assert len(sink.received) == 1
    mail = sink.received[0]
    assert mail.recipients == ["grad@example.org"] and mail.sender == "jobs@example.org"
    body = mail.message.get_content()
    assert "새 채용 알림 2건" in str(mail.message["Subject"]) and f"/talent/jobs/{first.id}" in body
    assert f"/talent/jobs/{second.id}" in body and "New jobs for" not in body  # one language: the person's
    pending = session.scalar(select(func.count(Alert.id)).where(Alert.emailed_at.is_(None)))
    assert pending == 2  # the refused person's alerts stay queued


def test_mail_settings_from_environment() -> None:
    settings = MailSettings.from_env({"BITGOEUL_SMTP_HOST": "mail.internal", "BITGOEUL_SMTP_PORT": "2525",
                                      "BITGOEUL_MAIL_FROM": "jobs@example.org"})
    assert (settings.host, settings.port, settings.sender) == ("mail.internal", 2525, "jobs@example.org")
    with pytest.raises(ValueError, match="BITGOEUL_SMTP_PORT"):
        MailSettings.from_env({"BITGOEUL_SMTP_PORT": "smtp"})


def test_hiring_figures_count_local_and_academy_hires(session: Session) -> None:
    member = f.member(session, f.organisation(session))
    local_job = tf.job(session, member)
    away_job = tf.job(session, member, region="대전 유성구")
    grads = [f.user(session) for _ in range(3)]
    for person in grads:
        tf.profile(session, person)
    other = f.user(session)
    tf.profile(session, other, programme="none", cohort="")
    for person, job in ((grads[0], local_job), (grads[1], away_job), (other, local_job), (grads[2], local_job)):
        application = service.apply(session, person, job.id)
        if person is grads[2]:
            continue
        for target in ("interviewing", "offer", "hired"):
            service.move_application(session, member, application.id, validate(MoveIn, {"target": target}))
    figures = hiring_figures(session, city="광주")
    assert (figures.hires, figures.local_hires, figures.academy_hires, figures.academy_local_hires) == (3, 2, 2, 1)
    assert figures.academy_local_share == 0.5
    assert figures.median_days_to_hire is not None and figures.median_days_to_hire >= 0
    assert figures.applications_by_state["applied"] == 1 and figures.hires_by_region == {"광주": 2, "대전": 1}
