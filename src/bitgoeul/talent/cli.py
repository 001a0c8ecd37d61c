"""`bitgoeul talent ...`: list jobs, rank matches both ways, rebuild the matching cards, send the digest
e-mails, print the figures."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import typer
from sqlalchemy import select

from bitgoeul.cli_support import fail, mail_or_fail, open_session, say, settings_or_fail
from bitgoeul.core.errors import DomainError
from bitgoeul.talent.matching import Match
from bitgoeul.talent.schemas import shown_scores

app = typer.Typer(help=say("talent.cli.talent_jobs_two_sided_matching"),
                  no_args_is_help=True)


def _emit(data: Any, as_json: bool, lines: list[str]) -> None:
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1, default=str))
    else:
        typer.echo("\n".join(lines) if lines else "-")


@dataclasses.dataclass
class _Operator:
    """The command line runs with the operator's reach (whoever can run it can read the database anyway)."""

    id: int = 0
    role: str = "operator"
    organisation_id: int | None = None


def _match_dict(match: Match) -> dict[str, Any]:
    return {**shown_scores(match), "reasons": [dataclasses.asdict(r) for r in match.reasons]}


@app.command("jobs")
def jobs(q: str = typer.Option("", help="search words"), team_lead: bool = typer.Option(False, "--team-lead"),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """List published jobs (newest first)."""
    from bitgoeul.talent import service
    from bitgoeul.talent.schemas import JobOut

    with open_session() as session:
        page = service.list_jobs(session, None, q=q, team_lead=team_lead, per_page=100)
        rows = [JobOut.model_validate(j).model_dump(mode="json") for j in page.items]
    _emit(rows, as_json, [f"{r['id']:>5}  {r['title_ko']}  [{r['seniority']}] {r['region']}" for r in rows])


@app.command("matches")
def matches(email: str = typer.Argument(..., help="the person's e-mail"), top: int = typer.Option(10),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """Rank open jobs for a person by the two-sided score, with reasons."""
    from bitgoeul.accounts.models import User
    from bitgoeul.talent import service

    with open_session() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            fail(f"no user with e-mail {email!r}")
        try:
            ranked = service.jobs_for_me(session, user, top=top)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows = [{"job_id": j.id, "title_ko": j.title_ko, "title_en": j.title_en, **_match_dict(m)} for j, m in ranked]
    _emit(rows, as_json, [f"{r['score']:>3}  {r['job_id']:>5}  {r['title_ko']}" for r in rows])


@app.command("people")
def people(job_id: int = typer.Argument(...), top: int = typer.Option(10),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Rank visible people for a job by the two-sided score (run as the operator)."""
    from bitgoeul.talent import service

    with open_session() as session:
        try:
            ranked = service.people_for_job(session, _Operator(), job_id, top=top)
        except DomainError as exc:
            fail(exc.message, exc.fields)
        rows = [{"profile_id": p.id, "name": p.user.display_name, "headline": p.headline, **_match_dict(m)}
                for p, m in ranked]
    _emit(rows, as_json, [f"{r['score']:>3}  {r['profile_id']:>5}  {r['name']}  {r['headline']}" for r in rows])


@app.command("rebuild-matching")
def rebuild_matching(as_json: bool = typer.Option(False, "--json")) -> None:
    """Re-analyse every job's and profile's matching card (after writes that bypassed the application)."""
    from bitgoeul.talent import match_store

    with open_session() as session:
        written = match_store.rebuild(session)
    _emit({"cards": written}, as_json, [say("talent.cli.cards", written=written)])


@app.command("send-digests")
def send_digests_command(as_json: bool = typer.Option(False, "--json")) -> None:
    """E-mail every queued alert, one digest per person (BITGOEUL_SMTP_HOST/PORT, BITGOEUL_MAIL_FROM)."""
    from bitgoeul.talent.mail import send_digests

    result = mail_or_fail(send_digests)
    data = dataclasses.asdict(result)
    _emit(data, as_json, [f"messages: {result.messages}", f"alerts: {result.alerts}",
                          *(f"refused: {a}" for a in result.failed)])


@app.command("dashboard")
def dashboard(city: str | None = typer.Option(None, help="the city whose hires count as local (default: the "
                                                      "platform's city, BITGOEUL_CITY)"),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """Hiring figures: hires, local hires, median days to hire, academy graduates hired locally."""
    from bitgoeul.talent.figures import hiring_figures

    with open_session() as session:
        figures = dataclasses.asdict(hiring_figures(session, city=city or settings_or_fail().city_ko))
    _emit(figures, as_json, [f"{k}: {v}" for k, v in figures.items()])


@app.command("skills-gap")
def skills_gap(months: int = typer.Option(6, "--months", help="how many months of coming courses (1-24)"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """Per skill: open jobs asking for it, people offering it (visible profiles, counted) and courses starting
    in the coming months; widest gap (jobs minus people) first."""
    from bitgoeul.education.public import MAX_GAP_MONTHS
    from bitgoeul.education.public import skills_gap as gap_figures

    if not 1 <= months <= MAX_GAP_MONTHS:
        fail(say("talent.cli.months_between", low=1, high=MAX_GAP_MONTHS))
    with open_session() as session:
        figures = gap_figures(session, months)
    rows = [{"skill": g.skill, "open_jobs": g.open_jobs, "people": g.people, "courses": g.courses}
            for g in figures.skills]
    _emit({"skills": rows}, as_json,
          [f"{g.gap:>4}  {g.skill}  {g.open_jobs} / {g.people} / {g.courses}" for g in figures.skills])
