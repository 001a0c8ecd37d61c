"""`bitgoeul user ...`: create accounts from the shell (the first operator is made this way)."""

from __future__ import annotations

import json

import typer

from bitgoeul.cli_support import fail, mail_or_fail, open_session, say

app = typer.Typer(help=say("accounts.cli.accounts"), no_args_is_help=True)


@app.command("create")
def create(
    email: str = typer.Option(..., help="E-mail address (login name)"),
    name: str = typer.Option(..., help="Display name"),
    role: str = typer.Option("person", help="person, member or operator"),
    organisation: int | None = typer.Option(None, help="Organisation id (members)"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Create an account; the password is hashed with argon2 and never printed."""
    from bitgoeul.accounts.service import create_user
    from bitgoeul.core.errors import DomainError

    try:
        with open_session() as session:
            user = create_user(session, email=email, password=password, display_name=name, role=role,
                               organisation_id=organisation)
            result = {"id": user.id, "email": user.email, "role": user.role}
    except DomainError as exc:
        fail(exc.message, exc.fields)
    typer.echo(json.dumps(result, ensure_ascii=False) if as_json else f"created {result['email']} ({role})")


@app.command("send-mail")
def send_mail(as_json: bool = typer.Option(False, "--json", help="Print JSON")) -> None:
    """E-mail every queued notification (demonstration requests and moves), one message per person."""
    from bitgoeul.accounts.mail import send_notification_mail

    result = mail_or_fail(send_notification_mail)
    data = {"messages": result.messages, "notifications": result.notifications, "refused": result.failed}
    typer.echo(json.dumps(data, ensure_ascii=False) if as_json
               else "\n".join(f"{key}: {value}" for key, value in data.items()))


@app.command("passwd")
def passwd(
    email: str = typer.Argument(..., help="E-mail address of the account"),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """Set a new password; every session and API token of the account stops working at once."""
    from bitgoeul.accounts.sessions import set_password
    from bitgoeul.core.errors import DomainError
    from bitgoeul.core.i18n import translate

    try:
        with open_session() as session:
            user = set_password(session, email, password)
            result = {"id": user.id, "email": user.email, "signed_out": True}
    except DomainError as exc:
        fail(exc.message, exc.fields)
    typer.echo(json.dumps(result, ensure_ascii=False) if as_json
               else translate("signin.password_changed", email=result["email"]))


@app.command("deactivate")
def deactivate(
    email: str = typer.Argument(..., help="E-mail address of the account"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON"),
) -> None:
    """The account can no longer sign in; its sessions and API tokens stop working at once."""
    from bitgoeul.accounts.sessions import deactivate as deactivate_account
    from bitgoeul.core.errors import DomainError
    from bitgoeul.core.i18n import translate

    try:
        with open_session() as session:
            user = deactivate_account(session, email)
            result = {"id": user.id, "email": user.email, "active": False}
    except DomainError as exc:
        fail(exc.message, exc.fields)
    typer.echo(json.dumps(result, ensure_ascii=False) if as_json
               else translate("signin.deactivated", email=result["email"]))
