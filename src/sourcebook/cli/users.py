"""``sourcebook user``: accounts for editors and admins, without Django management commands."""

from __future__ import annotations

import json
import sys

import click

from sourcebook import runtime

from .main import fail, main

ROLES = click.Choice(["editor", "admin"])


@main.group("user")
def user() -> None:
    """Add, list, re-role and remove the accounts of editors and admins.

    \b
    Examples:
      sourcebook user add ada --role admin            # asks for the password twice
      printf '%s\\n' "$PASSWORD" | sourcebook user add lin --role editor --password-stdin
      sourcebook user list
      sourcebook user set-role lin admin
      sourcebook user remove lin
    """


@user.command("add")
@click.argument("name")
@click.option("--role", type=ROLES, required=True, help="editor or admin.")
@click.option("--email", default="", help="Contact address (optional).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def add(name: str, role: str, email: str, password_stdin: bool) -> None:
    """Add an account. Editors edit, publish and withdraw; admins also manage accounts."""
    password = _password(password_stdin)
    _run(lambda users, actor: users.add(name, role, password, email=email, actor=actor))
    click.echo(f"added {role} {name}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per account.")
def list_users(as_json: bool) -> None:
    """Every account: name, role, last login, active."""
    runtime.setup()
    from sourcebook.accounts import roles, users

    for account in users.listing():
        row = {
            "name": account.get_username(),
            "role": roles.role_of(account) or "-",
            "last_login": account.last_login.isoformat() if account.last_login else None,
            "active": account.is_active,
        }
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            when = f"{account.last_login:%Y-%m-%d %H:%M}" if account.last_login else "never"
            active = "active" if account.is_active else "removed"
            click.echo(f"{row['name']}\t{row['role']}\t{when}\t{active}")


@user.command("set-role", short_help="Give an account another role.")
@click.argument("name")
@click.argument("role", type=ROLES)
def set_role(name: str, role: str) -> None:
    """Give an account another role (a removed account becomes active again)."""
    _run(lambda users, actor: users.set_role(name, role, actor=actor))
    click.echo(f"{name} is now {role}")


@user.command("set-password", short_help="Set a new password.")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password(name: str, password_stdin: bool) -> None:
    """Set a new password (for a forgotten one, or the last admin's)."""
    password = _password(password_stdin)
    _run(lambda users, actor: users.set_password(name, password, actor=actor))
    click.echo(f"password of {name} changed")


@user.command("remove", short_help="Deactivate an account (its name stays in the log).")
@click.argument("name")
def remove(name: str) -> None:
    """Deactivate an account: it cannot sign in; its name stays in versions and the log."""
    _run(lambda users, actor: users.remove(name, actor=actor))
    click.echo(f"removed {name} (set-role gives it a role again)")


def _run(change) -> None:
    """Run one account change with the operator as actor; a refusal is one line."""
    runtime.setup()
    from sourcebook.accounts import users
    from sourcebook.accounts.actors import cli_actor

    try:
        change(users, cli_actor())
    except users.AccountError as exc:
        fail(str(exc))


def _password(from_stdin: bool) -> str:
    """From standard input (one line), or asked twice on a terminal; never from an argument,
    which other local users could read in the process list."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("no password on standard input")
        return password
    if not sys.stdin.isatty():
        fail("no terminal to ask for a password: pipe it in with --password-stdin")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)
