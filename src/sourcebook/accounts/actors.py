"""Who an audit entry names as actor: the signed-in user, or the operator at the command line."""

from __future__ import annotations

import getpass


def request_actor(request) -> str:
    """The signed-in user's name (anonymous requests change nothing, so never appear)."""
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else "anonymous"


def cli_actor() -> str:
    """``cli:<login name>``: the command line has no account, but the log should say who ran it.

    The login name is the operating system's, so it is a hint, not proof: whoever can run the
    command can change the database anyway.
    """
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no passwd entry for this uid (some containers)
        return "cli"
