"""``sourcebook user``: accounts without Django management commands (issue 9, "Accounts and
roles"). Before: an account needed ``python -m django createsuperuser`` with the right settings.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model

from sourcebook.audit.models import AuditEntry

from .accounts_support import PASSWORD, on_terminal, user_cli

User = get_user_model()


def _add(name: str, role: str, password: str = PASSWORD, *extra: str):
    return user_cli("user", "add", name, "--role", role, "--password-stdin", *extra, stdin=password)


def test_add_list_set_role_remove_over_the_real_cli(transactional_db):
    assert _add("ada", "admin").returncode == 0
    added = _add("lin", "editor", PASSWORD + "\n", "--email", "lin@example.org")
    assert (added.returncode, added.stdout) == (0, "added editor lin\n"), added.stderr

    lin = User.objects.get(username="lin")
    assert lin.check_password(PASSWORD)  # one trailing newline is not part of the password
    assert (lin.is_staff, lin.is_superuser, lin.email) == (True, False, "lin@example.org")
    assert lin.has_perm("archive.change_document") and lin.has_perm("archive.change_agent")
    assert not lin.has_perm("auth.change_user") and not lin.has_perm("archive.delete_document")
    assert User.objects.get(username="ada").has_perm("auth.change_user")

    listing = user_cli("user", "list")
    assert listing.stdout == "ada\tadmin\tnever\tactive\nlin\teditor\tnever\tactive\n"

    assert user_cli("user", "set-role", "lin", "admin").returncode == 0
    assert User.objects.get(username="lin").has_perm("auth.change_user")
    assert user_cli("user", "remove", "ada").returncode == 0
    ada = User.objects.get(username="ada")  # kept, so the log's "ada" still means her
    assert not ada.is_active
    rows = [json.loads(line) for line in user_cli("user", "list", "--json").stdout.splitlines()]
    assert [(r["name"], r["role"], r["active"]) for r in rows] == [
        ("lin", "admin", True),
        ("ada", "admin", False),
    ]
    # A removed account comes back with a role, not by adding it again.
    again = _add("ada", "editor")
    assert again.returncode == 1
    assert again.stderr == (
        "error: user 'ada' was removed; give it a role again with: "
        "sourcebook user set-role ada ROLE\n"
    )
    assert user_cli("user", "set-role", "ada", "editor").returncode == 0
    assert User.objects.get(username="ada").is_active


def test_every_change_is_audited_without_the_password(transactional_db):
    _add("ada", "admin")
    _add("lin", "editor")
    user_cli("user", "set-role", "lin", "admin")
    user_cli("user", "set-password", "lin", "--password-stdin", stdin="another passphrase 9")
    user_cli("user", "remove", "lin")

    entries = list(AuditEntry.objects.filter(target="user").order_by("id"))
    assert [(e.action, e.target_id) for e in entries] == [
        ("add", "ada"),
        ("add", "lin"),
        ("set-role", "lin"),
        ("set-password", "lin"),
        ("remove", "lin"),
    ]
    assert all(e.actor.startswith("cli") for e in entries)
    role_change = entries[2]
    assert (role_change.before["role"], role_change.after["role"]) == ("editor", "admin")
    assert (entries[4].before["active"], entries[4].after["active"]) == (True, False)
    stored = json.dumps([[e.before, e.after, e.note] for e in entries])
    assert "passphrase" not in stored and "pbkdf2" not in stored and "password" not in stored
    assert User.objects.get(username="lin").check_password("another passphrase 9")


def test_refusals_are_one_line_and_change_nothing(transactional_db):
    _add("ada", "admin")
    no_tty = "error: no terminal to ask for a password: pipe it in with --password-stdin\n"
    common = "error: password refused: This password is too common.\n"
    short = (
        "error: password refused: This password is too short. "
        "It must contain at least 8 characters.\n"
    )
    bad_name = (
        "error: user name 'b b' refused: letters, digits and @.+-_ only, at most 150 characters\n"
    )
    last = "it is the last admin; add another admin first\n"
    cases = [
        (("add", "bob", "--role", "editor"), "", no_tty),
        (("add", "bob", "--role", "editor", "--password-stdin"), "password", common),
        (("add", "bob", "--role", "editor", "--password-stdin"), "Zq9#x", short),
        (("add", "b b", "--role", "editor", "--password-stdin"), PASSWORD, bad_name),
        (("add", "bob", "--role", "owner", "--password-stdin"), PASSWORD, None),
        (
            ("set-role", "nobody", "editor"),
            "",
            "error: no user 'nobody' (list them with: sourcebook user list)\n",
        ),
        (("remove", "ada"), "", f"error: cannot remove 'ada': {last}"),
        (("set-role", "ada", "editor"), "", f"error: cannot make 'ada' an editor: {last}"),
    ]
    before = list(AuditEntry.objects.values_list("id", flat=True))
    for args, stdin, message in cases:
        result = user_cli("user", *args, stdin=stdin)
        assert result.returncode != 0, args
        if message is not None:
            assert result.stderr == message, args
        assert "Traceback" not in result.stderr
    assert list(User.objects.values_list("username", flat=True)) == ["ada"]
    assert User.objects.get(username="ada").is_active
    assert list(AuditEntry.objects.values_list("id", flat=True)) == before


def test_groups_are_there_after_migrate_and_stay_exact(transactional_db):
    """Roles are groups whose permissions the code declares; an upgrade resets them."""
    from django.contrib.auth.models import Group, Permission

    from sourcebook.accounts import roles

    editor = Group.objects.get(name="editor")  # made by the post-migrate step, no command needed
    editor.permissions.add(Permission.objects.get(codename="delete_document"))
    roles.ensure_groups()
    codenames = set(editor.permissions.values_list("codename", flat=True))
    assert "delete_document" not in codenames and "change_document" in codenames
    assert roles.missing_permissions() == []


def test_on_a_terminal_the_password_is_asked_twice_and_not_echoed(transactional_db):
    secret = "typed on a terminal 4"
    status, shown = on_terminal(["user", "add", "ada", "--role", "admin"], [secret, secret])
    assert status == 0, shown
    assert "Password:" in shown and "Repeat for confirmation:" in shown
    assert secret not in shown and "added admin ada" in shown
    assert User.objects.get(username="ada").check_password(secret)
    # Two different answers: asked again, nothing stored until they match.
    status, shown = on_terminal(
        ["user", "set-password", "ada"], ["first try 12345", "second try 6789", secret, secret]
    )
    assert status == 0 and "Error: The two entered values do not match." in shown, shown
    assert User.objects.get(username="ada").check_password(secret)
