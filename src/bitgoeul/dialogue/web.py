"""Dialogue pages: overview with charts, sessions (list, page, import, review), voices (list, citizen form,
moderation, support), themes and follow-up actions with their answers. Handlers parse, call a service,
render; services check access. Imported text is only ever rendered through autoescaping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from bitgoeul.core.auth import Actor, is_operator, require_login, require_operator
from bitgoeul.core.charts import Bar, bar_chart
from bitgoeul.core.errors import DomainError, LoginRequired, NotFound, PermissionDenied
from bitgoeul.core.forms import validate
from bitgoeul.core.i18n import pick, translate
from bitgoeul.core.pagination import Page
from bitgoeul.dialogue import service
from bitgoeul.dialogue.evidence import mention_of, sentence_around
from bitgoeul.dialogue.exports import action_row, session_row, voice_row
from bitgoeul.dialogue.extract import MAX_BYTES
from bitgoeul.dialogue.figures import DialogueFigures, dialogue_figures, figure_rows
from bitgoeul.dialogue.importer import import_article, merge_article
from bitgoeul.dialogue.models import DialogueAction, DialogueSession, DialogueVoice
from bitgoeul.dialogue.schemas import (
    ActionIn,
    ActionMoveIn,
    AnswerIn,
    CitizenVoiceIn,
    LinkIn,
    ModerationIn,
    ParticipantIn,
    SessionIn,
    SourceIn,
    ThemeIn,
    VoiceIn,
)
from bitgoeul.dialogue.states import LINK_KINDS, PARTICIPANT_KINDS, VOICE_KINDS, ActionStatus
from bitgoeul.web.deps import CurrentUser, SessionDep, get_language, rate_limited
from bitgoeul.web.forms import (
    EXPORT_FORMATS,
    PER_PAGE,
    FormDep,
    every_item,
    export_response,
    field_errors,
    form_input,
    form_values,
    see_other,
    service_data,
)
from bitgoeul.web.rendering import render

router = APIRouter(prefix="/dialogue")

SESSION_FIELDS = ("number", "title", "held_on", "starts_at", "place", "field", "field_other", "topic", "host",
                  "summary_ko", "summary_en", "minutes_ko", "minutes_en")
SOURCE_FIELDS = ("outlet", "author", "title", "url", "published_on")
PARTICIPANT_FIELDS = ("name", "organisation_name", "role", "kind", "user_id", "organisation_id")
VOICE_FIELDS = ("participant_id", "speaker_text", "quote", "summary_ko", "summary_en", "kind")
ACTION_FIELDS = ("title_ko", "title_en", "description_ko", "description_en", "owner_department", "due_on",
                 "progress")
ANSWER_FIELDS = ("body_ko", "body_en", "progress", "status", "reason")
LINK_FIELDS = ("kind", "target_id", "label", "url")
THEME_FIELDS = ("code", "label_ko", "label_en", "family")


def _labels(request: Request, session: Session) -> dict[str, Any]:
    """Theme names, coded values and option lists in the page's language."""
    language = get_language(request)
    themes = service.list_themes(session)
    names = {t.code: pick(language, t.label_ko, t.label_en) for t in themes}
    fields = service.field_codes(session)

    def field_label(code: str) -> str:
        return names.get(code) or translate("dialogue.field_other", language)

    return {
        "themes": themes, "theme_label": lambda code: names.get(code, code), "field_label": field_label,
        "field_options": [(code, field_label(code)) for code in fields],
        "theme_options": [(t.code, names[t.code]) for t in themes if t.active],
        "kind_options": [(k, translate(f"dialogue.kind.{k}", language)) for k in VOICE_KINDS],
        "pkind_options": [(k, translate(f"dialogue.pkind.{k}", language)) for k in PARTICIPANT_KINDS],
        "status_options": [(s.value, translate(f"dialogue.status.{s.value}", language)) for s in ActionStatus],
        "link_options": [(k, translate(f"dialogue.link.{k}", language)) for k in LINK_KINDS],
        "is_operator": is_operator(getattr(request.state, "user", None)),
        "overdue": service.is_overdue, "speaker_of": service.speaker_of,
    }


M = TypeVar("M", bound=BaseModel)


def _edit_input(model: type[M], data: dict[str, Any], user: Actor | None) -> M:
    """A form's values as the service's typed input, once the user is known to keep the record (as each
    service checks first): no one else gets field errors, or a review page, back for a bad form."""
    service.require_editor(user)
    return validate(model, data)


def _acted(session: Session, again: Callable[[DomainError, dict[str, str]], Response],
           action: Callable[[], str]) -> Response:
    """Run one write; on a refusal roll back and show the page again with the reason and its 4xx status.

    Missing login, access and records are not form mistakes: they go to the app's error pages.
    """
    try:
        target = action()
    except (LoginRequired, NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        session.rollback()
        return again(exc, field_errors(exc.fields))
    return see_other(session, target)


# --- overview --------------------------------------------------------------------------------------------


def _charts(request: Request, figures: DialogueFigures) -> dict[str, str]:
    language = get_language(request)

    def t(key: str) -> str:
        return translate(key, language)

    status_bars = [Bar(t(f"dialogue.status.{s}"), n, str(n)) for s, n in figures.per_status.items()]
    theme_bars = [Bar(pick(language, r.label_ko, r.label_en), r.total, str(r.total)) for r in figures.themes]
    support_bars = [Bar(_short(v.quote), n, str(n)) for v, n in figures.top_voices]
    return {"chart_status": bar_chart(status_bars, title=t("dialogue.chart_status")),
            "chart_themes": bar_chart(theme_bars, title=t("dialogue.chart_themes")),
            "chart_support": bar_chart(support_bars, title=t("dialogue.chart_support"))}


def _short(text: str, size: int = 18) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


@router.get("")
def overview(request: Request, session: SessionDep, format: str | None = None) -> Response:
    figures = dialogue_figures(session)
    if format in EXPORT_FORMATS:
        return export_response(figure_rows(figures), "dialogue_figures", str(format))
    recent = service.list_sessions(session, None, page=1, per_page=5)
    return render(request, "dialogue/overview.html", {
        "figures": figures, "recent": recent.items, **_charts(request, figures), **_labels(request, session)})


# --- sessions --------------------------------------------------------------------------------------------


@router.get("/sessions")
def session_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", field: str = "",
                 year: str = "", status: str = "", page: int = 1, format: str | None = None) -> Response:
    year_number = int(year) if year.isdigit() else None

    def fetch(number: int, size: int) -> Page[DialogueSession]:
        return service.list_sessions(session, user, q=q, field=field or None, year=year_number,
                                     status=status or None, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response([session_row(s) for s in every_item(fetch)], "dialogue_sessions", str(format))
    return render(request, "dialogue/session_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "field": field, "year": year, "status": status,
        **_labels(request, session)})


def _session_form(request: Request, session: Session, values: dict[str, Any], errors: dict[str, str],
                  status: int = 200) -> Response:
    return render(request, "dialogue/session_new.html", {"values": values, "errors": errors,
                                                         **_labels(request, session)}, status_code=status)


@router.get("/sessions/new")
def session_new(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_operator(user)
    return _session_form(request, session, {"field": "other"}, {})


@router.post("/sessions/new")
def session_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    data = _session_data(values)

    def typed() -> SessionIn:
        return _edit_input(SessionIn, data, user)

    return _acted(session, lambda exc, errors: _session_form(request, session, values, errors or
                                                             {"__all__": exc.message}, exc.status),
                  lambda: f"/dialogue/sessions/{service.create_session(session, user, typed()).id}/review")


def _session_data(values: dict[str, Any]) -> dict[str, Any]:
    data = service_data(values, SESSION_FIELDS)
    data["photo_captions"] = [line.strip() for line in values.get("photo_captions", "").splitlines() if line.strip()]
    return data


@router.get("/sessions/{session_id}")
def session_detail(request: Request, session: SessionDep, user: CurrentUser, session_id: int) -> Response:
    record = service.get_session(session, user, session_id)
    voices = [v for v in record.voices if service.voice_is_public(v) or is_operator(user)]
    return render(request, "dialogue/session_detail.html", {
        "s": record, "voices": voices, "supports": service.support_counts(session, [v.id for v in voices]),
        **_labels(request, session)})


def _review(request: Request, session: Session, user: Actor | None, session_id: int, *, failed: str = "",
            problem: DomainError | None = None, errors: dict[str, str] | None = None,
            values: dict[str, Any] | None = None, status: int = 200) -> Response:
    record = service.get_session(session, user, session_id)
    text = record.article_text or ""
    evidence = {f"voice-{v.id}": sentence_around(text, v.quote_start, v.quote_end) for v in record.voices}
    evidence.update({f"participant-{p.id}": mention_of(text, p.name) for p in record.participants})
    return render(request, "dialogue/session_review.html", {
        "s": record, "failed": failed, "problem": problem, "errors": errors or {}, "values": values or {},
        "evidence": evidence,
        "session_values": _session_values(record), **_labels(request, session)}, status_code=status)


def _session_values(record: DialogueSession) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in SESSION_FIELDS}
    values["held_on"] = record.held_on.isoformat() if record.held_on else ""
    values["starts_at"] = record.starts_at.strftime("%H:%M") if record.starts_at else ""
    values["photo_captions"] = "\n".join(record.photo_captions)
    return values


@router.get("/sessions/{session_id}/review")
def session_review(request: Request, session: SessionDep, user: CurrentUser, session_id: int) -> Response:
    require_operator(user)
    return _review(request, session, user, session_id)


def _review_write(request: Request, session: Session, user: Actor | None, session_id: int, failed: str,
                  values: dict[str, Any], action: Callable[[], object], to: str = "review") -> Response:
    def again(exc: DomainError, errors: dict[str, str]) -> Response:
        return _review(request, session, user, session_id, failed=failed, problem=exc, errors=errors,
                       values=values, status=exc.status)

    def run() -> str:
        action()
        suffix = "/review" if to == "review" else ""
        return f"/dialogue/sessions/{session_id}{suffix}#{failed}"

    return _acted(session, again, run)


@router.post("/sessions/{session_id}/edit")
def session_update(request: Request, session: SessionDep, user: CurrentUser, session_id: int,
                   form: FormDep) -> Response:
    values = form_values(form)
    return _review_write(request, session, user, session_id, "session", values,
                         lambda: service.update_session(session, user, session_id,
                                                        _edit_input(SessionIn, _session_data(values), user)))


@router.post("/sessions/{session_id}/publish")
def session_publish(request: Request, session: SessionDep, user: CurrentUser, session_id: int) -> Response:
    return _review_write(request, session, user, session_id, "publish", {},
                         lambda: service.publish_session(session, user, session_id), to="page")


@router.post("/sessions/{session_id}/unpublish")
def session_unpublish(request: Request, session: SessionDep, user: CurrentUser, session_id: int) -> Response:
    return _review_write(request, session, user, session_id, "publish", {},
                         lambda: service.unpublish_session(session, user, session_id))


@router.post("/sessions/{session_id}/sources")
def session_add_source(request: Request, session: SessionDep, user: CurrentUser, session_id: int,
                       form: FormDep) -> Response:
    values = form_values(form)
    return _review_write(request, session, user, session_id, "source", values,
                         lambda: service.add_source(session, user, session_id,
                                                    _edit_input(SourceIn, service_data(values, SOURCE_FIELDS), user)))


@router.post("/sessions/{session_id}/participants")
def participant_add(request: Request, session: SessionDep, user: CurrentUser, session_id: int,
                    form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, PARTICIPANT_FIELDS)
    return _review_write(request, session, user, session_id, "participant-new", values,
                         lambda: service.add_participant(session, user, session_id,
                                                         _edit_input(ParticipantIn, data, user)))


@router.post("/participants/{participant_id}")
def participant_update(request: Request, session: SessionDep, user: CurrentUser, participant_id: int,
                       form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, PARTICIPANT_FIELDS)
    session_id = int(values.get("session_id", "0") or 0)
    return _review_write(request, session, user, session_id, f"participant-{participant_id}", values,
                         lambda: service.update_participant(session, user, participant_id,
                                                            _edit_input(ParticipantIn, data, user)))


@router.post("/participants/{participant_id}/delete")
def participant_delete(request: Request, session: SessionDep, user: CurrentUser, participant_id: int,
                       form: FormDep) -> Response:
    session_id = int(form_values(form).get("session_id", "0") or 0)
    return _review_write(request, session, user, session_id, "participants", {},
                         lambda: service.delete_participant(session, user, participant_id))


def _voice_data(values: dict[str, Any], form: Any) -> dict[str, Any]:
    data = service_data(values, VOICE_FIELDS)
    data["themes"] = [v for v in form.getlist("themes") if isinstance(v, str) and v]
    data["verbatim"] = values.get("verbatim") in {"true", "on"}
    return data


@router.post("/sessions/{session_id}/voices")
def voice_add(request: Request, session: SessionDep, user: CurrentUser, session_id: int,
              form: FormDep) -> Response:
    values = form_values(form, lists=("themes",))
    return _review_write(request, session, user, session_id, "voice-new", values,
                         lambda: service.add_voice(session, user, session_id,
                                                   _edit_input(VoiceIn, _voice_data(values, form), user)))


@router.post("/voices/{voice_id}/edit")
def voice_update(request: Request, session: SessionDep, user: CurrentUser, voice_id: int,
                 form: FormDep) -> Response:
    values = form_values(form, lists=("themes",))
    session_id = service.get_voice(session, user, voice_id).session_id or 0
    return _review_write(request, session, user, session_id, f"voice-{voice_id}", values,
                         lambda: service.update_voice(session, user, voice_id,
                                                      _edit_input(VoiceIn, _voice_data(values, form), user)))


@router.post("/voices/{voice_id}/delete")
def voice_delete(request: Request, session: SessionDep, user: CurrentUser, voice_id: int) -> Response:
    session_id = service.get_voice(session, user, voice_id).session_id or 0
    return _review_write(request, session, user, session_id, "voices", {},
                         lambda: service.delete_voice(session, user, voice_id))


# --- import ----------------------------------------------------------------------------------------------


def _import_page(request: Request, errors: dict[str, str], status: int = 200) -> Response:
    return render(request, "dialogue/import.html", {"errors": errors, "values": {},
                                                    "max_mb": MAX_BYTES // 1_048_576}, status_code=status)


@router.get("/import")
def import_form(request: Request, user: CurrentUser) -> Response:
    require_operator(user)
    return _import_page(request, {})


@router.post("/import", dependencies=[Depends(rate_limited("import"))])
def import_upload(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    """Read at most one byte past the limit, so an enormous upload is refused without holding it all."""
    upload = form.get("file")
    raw, name = b"", ""
    if isinstance(upload, UploadFile):
        with upload.file:  # spooled to disk by the form parser; closed here, even when refused below
            raw, name = upload.file.read(MAX_BYTES + 1), upload.filename or ""
    require_operator(user)
    return _acted(session, lambda exc, errors: _import_page(request, errors or {"file": exc.message}, exc.status),
                  lambda: f"/dialogue/sessions/{import_article(session, user, raw, name).id}/review")


@router.post("/sessions/{session_id}/merge", dependencies=[Depends(rate_limited("import"))])
def session_merge(request: Request, session: SessionDep, user: CurrentUser, session_id: int,
                  form: FormDep) -> Response:
    """Another outlet's article about this draft: read at most one byte past the limit, as on import."""
    upload = form.get("file")
    raw, name = b"", ""
    if isinstance(upload, UploadFile):
        with upload.file:
            raw, name = upload.file.read(MAX_BYTES + 1), upload.filename or ""
    require_operator(user)
    return _review_write(request, session, user, session_id, "merge", {},
                         lambda: merge_article(session, user, session_id, raw, name))


# --- voices ----------------------------------------------------------------------------------------------


@router.get("/voices")
def voice_list(request: Request, session: SessionDep, user: CurrentUser, q: str = "", theme: str = "",
               kind: str = "", origin: str = "", sort: str = "recent", page: int = 1,
               format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[DialogueVoice]:
        return service.list_voices(session, q=q, theme=theme or None, kind=kind or None, origin=origin or None,
                                   sort=sort, page=number, per_page=size)

    if format in EXPORT_FORMATS:
        items = every_item(fetch)
        counts = service.support_counts(session, [v.id for v in items])
        return export_response([voice_row(v, counts.get(v.id, 0)) for v in items], "dialogue_voices", str(format))
    current = fetch(page, PER_PAGE)
    ids = [v.id for v in current.items]
    return render(request, "dialogue/voice_list.html", {
        "page": current, "q": q, "theme": theme, "kind": kind, "origin": origin, "sort": sort,
        "supports": service.support_counts(session, ids), "mine": service.supported_by(session, user, ids),
        **_labels(request, session)})


def _citizen_form(request: Request, session: Session, values: dict[str, Any], errors: dict[str, str],
                  status: int = 200) -> Response:
    return render(request, "dialogue/voice_form.html", {"values": values, "errors": errors,
                                                       **_labels(request, session)}, status_code=status)


@router.get("/voices/new")
def voice_new(request: Request, session: SessionDep, user: CurrentUser, theme: str = "") -> Response:
    require_login(user)
    return _citizen_form(request, session, {"theme": theme, "kind": "request"}, {})


@router.post("/voices/new")
def voice_submit(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("theme", "quote", "kind"))

    def submit() -> str:
        return f"/dialogue/voices/{service.submit_voice(session, user, form_input(CitizenVoiceIn, data, user)).id}"

    return _acted(session, lambda exc, errors: _citizen_form(request, session, values, errors or
                                                             {"__all__": exc.message}, exc.status), submit)


def _voice_page(request: Request, session: Session, user: Actor | None, voice_id: int, *, failed: str = "",
                problem: DomainError | None = None, errors: dict[str, str] | None = None,
                values: dict[str, Any] | None = None, status: int = 200) -> Response:
    voice = service.get_voice(session, user, voice_id)
    sessions = service.list_sessions(session, user, page=1, per_page=50).items if is_operator(user) else []
    return render(request, "dialogue/voice_detail.html", {
        "v": voice, "public": service.voice_is_public(voice),
        "support_count": service.support_counts(session, [voice.id]).get(voice.id, 0),
        "supported": voice.id in service.supported_by(session, user, [voice.id]), "sessions": sessions,
        "failed": failed, "problem": problem, "errors": errors or {}, "values": values or {},
        **_labels(request, session)}, status_code=status)


@router.get("/voices/{voice_id}")
def voice_detail(request: Request, session: SessionDep, user: CurrentUser, voice_id: int) -> Response:
    return _voice_page(request, session, user, voice_id)


def _voice_write(request: Request, session: Session, user: Actor | None, voice_id: int, failed: str,
                 values: dict[str, Any], action: Callable[[], str]) -> Response:
    def again(exc: DomainError, errors: dict[str, str]) -> Response:
        return _voice_page(request, session, user, voice_id, failed=failed, problem=exc, errors=errors,
                           values=values, status=exc.status)

    return _acted(session, again, action)


def _back(values: dict[str, Any], fallback: str) -> str:
    target = str(values.get("next") or "")
    return target if target.startswith("/dialogue") and not target.startswith("//") else fallback


@router.post("/voices/{voice_id}/support")
def voice_support(request: Request, session: SessionDep, user: CurrentUser, voice_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)

    def run() -> str:
        service.support_voice(session, user, voice_id)
        return _back(values, f"/dialogue/voices/{voice_id}")

    return _voice_write(request, session, user, voice_id, "support", values, run)


@router.post("/voices/{voice_id}/moderate")
def voice_moderate(request: Request, session: SessionDep, user: CurrentUser, voice_id: int,
                   form: FormDep) -> Response:
    values = form_values(form)

    def run() -> str:
        service.moderate_voice(session, user, voice_id,
                               _edit_input(ModerationIn, service_data(values, ("decision", "reason")), user))
        return _back(values, f"/dialogue/voices/{voice_id}")

    return _voice_write(request, session, user, voice_id, "moderate", values, run)


@router.post("/voices/{voice_id}/attach")
def voice_attach(request: Request, session: SessionDep, user: CurrentUser, voice_id: int,
                 form: FormDep) -> Response:
    values = form_values(form)
    target = int(values["session_id"]) if str(values.get("session_id", "")).isdigit() else 0

    def run() -> str:
        service.attach_voice(session, user, voice_id, target)
        return f"/dialogue/sessions/{target}"

    return _voice_write(request, session, user, voice_id, "attach", values, run)


@router.post("/voices/{voice_id}/actions")
def action_create(request: Request, session: SessionDep, user: CurrentUser, voice_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ACTION_FIELDS)

    def create() -> str:
        action = service.create_action(session, user, voice_id, _edit_input(ActionIn, data, user))
        return f"/dialogue/actions/{action.id}"

    return _voice_write(request, session, user, voice_id, "action", values, create)


@router.get("/moderation")
def moderation(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return render(request, "dialogue/moderation.html", {
        "queue": service.moderation_queue(session, user), **_labels(request, session)})


# --- themes ----------------------------------------------------------------------------------------------


def _theme_list(request: Request, session: Session, values: dict[str, Any], errors: dict[str, str],
                status: int = 200) -> Response:
    return render(request, "dialogue/theme_list.html", {"values": values, "errors": errors,
                                                       **_labels(request, session)}, status_code=status)


def _theme_data(values: dict[str, Any]) -> dict[str, Any]:
    data = service_data(values, THEME_FIELDS)
    data["cues"] = [c.strip() for c in str(values.get("cues", "")).split(",") if c.strip()]
    data["active"] = values.get("active") in {"true", "on"}
    return data


@router.get("/themes")
def theme_list(request: Request, session: SessionDep) -> Response:
    return _theme_list(request, session, {"family": "other", "active": "true"}, {})


@router.post("/themes")
def theme_create(request: Request, session: SessionDep, user: CurrentUser, form: FormDep) -> Response:
    values = form_values(form)

    def create() -> str:
        theme = service.save_theme(session, user, _edit_input(ThemeIn, _theme_data(values), user))
        return f"/dialogue/themes/{theme.code}"

    return _acted(session, lambda exc, errors: _theme_list(request, session, values, errors or
                                                           {"__all__": exc.message}, exc.status), create)


def _theme_page(request: Request, session: Session, code: str, *, errors: dict[str, str] | None = None,
                values: dict[str, Any] | None = None, status: int = 200) -> Response:
    theme = service.get_theme(session, code)
    voices = service.list_voices(session, theme=code, sort="support", page=1, per_page=50)
    actions = service.list_actions(session, theme=code, page=1, per_page=50)
    current = values or {"label_ko": theme.label_ko, "label_en": theme.label_en, "family": theme.family,
                         "cues": ", ".join(theme.cues), "active": "true" if theme.active else ""}
    return render(request, "dialogue/theme_detail.html", {
        "theme": theme, "voices": voices.items, "actions": actions.items,
        "supports": service.support_counts(session, [v.id for v in voices.items]),
        "errors": errors or {}, "values": current, **_labels(request, session)}, status_code=status)


@router.get("/themes/{code}")
def theme_detail(request: Request, session: SessionDep, code: str) -> Response:
    return _theme_page(request, session, code)


@router.post("/themes/{code}/edit")
def theme_update(request: Request, session: SessionDep, user: CurrentUser, code: str, form: FormDep) -> Response:
    values = form_values(form)
    data = {**_theme_data(values), "code": code}

    def again(exc: DomainError, errors: dict[str, str]) -> Response:
        return _theme_page(request, session, code, errors=errors or {"__all__": exc.message}, values=values,
                           status=exc.status)

    def save() -> str:
        return f"/dialogue/themes/{service.save_theme(session, user, _edit_input(ThemeIn, data, user), code).code}"

    return _acted(session, again, save)


# --- actions ---------------------------------------------------------------------------------------------


@router.get("/actions")
def action_list(request: Request, session: SessionDep, q: str = "", status: str = "", theme: str = "",
                overdue: str = "", page: int = 1, format: str | None = None) -> Response:
    def fetch(number: int, size: int) -> Page[DialogueAction]:
        return service.list_actions(session, q=q, status=status or None, theme=theme or None,
                                    overdue=overdue == "1", page=number, per_page=size)

    if format in EXPORT_FORMATS:
        return export_response([action_row(a) for a in every_item(fetch)], "dialogue_actions", str(format))
    return render(request, "dialogue/action_list.html", {
        "page": fetch(page, PER_PAGE), "q": q, "status": status, "theme": theme, "overdue_only": overdue == "1",
        **_labels(request, session)})


def _action_page(request: Request, session: Session, user: Actor | None, action_id: int, *, failed: str = "",
                 problem: DomainError | None = None, errors: dict[str, str] | None = None,
                 values: dict[str, Any] | None = None, status: int = 200) -> Response:
    action = service.get_action(session, user, action_id)
    edit_values = {name: getattr(action, name) for name in ACTION_FIELDS}
    edit_values["due_on"] = action.due_on.isoformat() if action.due_on else ""
    return render(request, "dialogue/action_detail.html", {
        "a": action, "moves": service.allowed_moves(action), "first_days": service.first_answer_days(action),
        "failed": failed, "problem": problem, "errors": errors or {}, "values": values or {},
        "edit_values": edit_values, **_labels(request, session)}, status_code=status)


@router.get("/actions/{action_id}")
def action_detail(request: Request, session: SessionDep, user: CurrentUser, action_id: int) -> Response:
    return _action_page(request, session, user, action_id)


def _action_write(request: Request, session: Session, user: Actor | None, action_id: int, failed: str,
                  values: dict[str, Any], action: Callable[[], object]) -> Response:
    def again(exc: DomainError, errors: dict[str, str]) -> Response:
        return _action_page(request, session, user, action_id, failed=failed, problem=exc, errors=errors,
                            values=values, status=exc.status)

    def run() -> str:
        action()
        return f"/dialogue/actions/{action_id}#{failed}"

    return _acted(session, again, run)


@router.post("/actions/{action_id}/edit")
def action_update(request: Request, session: SessionDep, user: CurrentUser, action_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ACTION_FIELDS)
    return _action_write(request, session, user, action_id, "edit", values,
                         lambda: service.update_action(session, user, action_id, _edit_input(ActionIn, data, user)))


@router.post("/actions/{action_id}/move")
def action_move(request: Request, session: SessionDep, user: CurrentUser, action_id: int,
                form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ("target", "reason"))
    return _action_write(request, session, user, action_id, f"move-{values.get('target', '')}", values,
                         lambda: service.move_action(session, user, action_id, _edit_input(ActionMoveIn, data, user)))


@router.post("/actions/{action_id}/answers")
def action_answer(request: Request, session: SessionDep, user: CurrentUser, action_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, ANSWER_FIELDS)
    return _action_write(request, session, user, action_id, "answer", values,
                         lambda: service.answer_action(session, user, action_id, _edit_input(AnswerIn, data, user)))


@router.post("/actions/{action_id}/links")
def action_link(request: Request, session: SessionDep, user: CurrentUser, action_id: int,
                form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, LINK_FIELDS)
    return _action_write(request, session, user, action_id, "link", values,
                         lambda: service.add_link(session, user, action_id, _edit_input(LinkIn, data, user)))


@router.post("/actions/{action_id}/sources")
def action_source(request: Request, session: SessionDep, user: CurrentUser, action_id: int,
                  form: FormDep) -> Response:
    values = form_values(form)
    data = service_data(values, SOURCE_FIELDS)
    return _action_write(request, session, user, action_id, "source", values,
                         lambda: service.add_action_source(session, user, action_id, _edit_input(SourceIn, data, user)))
