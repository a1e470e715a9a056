"""Roles in the admin (issue 9, "Roles: an editor cannot manage users"): editors work on
documents and authorities but never see accounts or the audit log; admins manage accounts, and
every change they make there is in the audit log with their name.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sourcebook.audit.log import record
from sourcebook.audit.models import AuditEntry

from .accounts_support import PASSWORD, make

User = get_user_model()


@pytest.fixture
def editor(db):
    return make("lin", "editor")


@pytest.fixture
def admin_user(db):
    return make("ada", "admin")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)  # login() passes no request, which axes requires
    return client


def test_an_editor_cannot_manage_users(editor, seed_doc):
    client = _client(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/archive/document/").status_code == 200
    assert client.get(f"/admin/archive/document/{seed_doc.pk}/change/").status_code == 200
    assert client.get("/admin/archive/agent/").status_code == 200
    for path in (
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{editor.pk}/change/",
        f"/admin/auth/user/{editor.pk}/password/",
        "/admin/auth/group/",
        "/admin/audit/auditentry/",
    ):
        assert client.get(path).status_code == 403, path
    # Nor by posting: an editor cannot make itself an admin.
    form = {"username": "lin", "is_active": "on", "is_staff": "on", "is_superuser": "on"}
    response = client.post(f"/admin/auth/user/{editor.pk}/change/", form)
    assert response.status_code == 403
    editor.refresh_from_db()
    assert not editor.is_superuser and not editor.has_perm("auth.change_user")
    index = client.get("/admin/").content.decode()
    assert "/admin/auth/user/" not in index and "Audit" not in index


def test_an_admin_manages_users_and_it_is_audited(admin_user, editor):
    client = _client(admin_user)
    assert client.get("/admin/auth/user/").status_code == 200
    added = client.post(
        "/admin/auth/user/add/",
        {"username": "mo", "password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    mo = User.objects.get(username="mo")
    editor_group = mo.groups.model.objects.get(name="editor")
    change = {
        "username": "mo",
        "email": "mo@example.org",
        "is_active": "on",
        "groups": [str(editor_group.pk)],
        "date_joined_0": "2026-12-04",
        "date_joined_1": "06:00:00",
        "initial-date_joined_0": "2026-12-04",
        "initial-date_joined_1": "06:00:00",
    }
    changed = client.post(f"/admin/auth/user/{mo.pk}/change/", change)
    assert changed.status_code == 302, changed.content.decode()[:3000]
    mo.refresh_from_db()
    assert mo.is_staff and mo.has_perm("archive.change_document")  # the group made it staff
    password = {"password1": "yet another phrase 3", "password2": "yet another phrase 3"}
    assert client.post(f"/admin/auth/user/{mo.pk}/password/", password).status_code == 302
    deleted = client.post(f"/admin/auth/user/{mo.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302

    entries = AuditEntry.objects.filter(target_id="mo").order_by("id")
    assert [(e.actor, e.action) for e in entries] == [
        ("ada", "add"),
        ("ada", "change"),
        ("ada", "set-password"),
        ("ada", "delete"),
    ]
    change_entry = entries[1]
    assert (change_entry.before["role"], change_entry.after["role"]) == ("", "editor")
    assert (change_entry.before["staff"], change_entry.after["staff"]) == (False, True)
    assert "pbkdf2" not in str([(e.before, e.after) for e in entries])


def test_an_admin_cannot_make_anyone_a_superuser(admin_user, editor):
    """Managing users is not a back door to every right: superuser and single permissions are
    read-only for admins (who are not superusers themselves)."""
    client = _client(admin_user)
    page = client.get(f"/admin/auth/user/{editor.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    # Nor take over a superuser's account by setting its password.
    root = User.objects.create_superuser("root", "r@example.org", PASSWORD)
    password = {"password1": "taken over 12345", "password2": "taken over 12345"}
    assert client.post(f"/admin/auth/user/{root.pk}/password/", password).status_code == 403
    assert client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    root.refresh_from_db()
    assert root.check_password(PASSWORD) and root.is_active


def test_the_audit_log_is_read_only_and_for_admins(admin_user, editor):
    record("lin", "withdraw", "document", "208190", before={"status": "published"})
    entry = AuditEntry.objects.get(action="withdraw")
    client = _client(admin_user)
    listing = client.get("/admin/audit/auditentry/")
    assert listing.status_code == 200 and "withdraw" in listing.content.decode()
    assert client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert (
        client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"actor": "x"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.actor == "lin"
    superuser = User.objects.create_superuser("root", "r@example.org", PASSWORD)
    assert _client(superuser).get("/admin/audit/auditentry/add/").status_code == 403


def test_a_removed_editor_is_signed_out_and_cannot_sign_in(editor, admin_user):
    from sourcebook.accounts import users

    client = _client(editor)
    assert client.get("/admin/archive/document/").status_code == 200
    users.remove("lin", actor="ada")
    assert client.get("/admin/archive/document/").status_code == 302  # its session is void
    fresh = Client(REMOTE_ADDR="192.0.2.10")
    response = fresh.post("/admin/login/?next=/admin/", {"username": "lin", "password": PASSWORD})
    assert response.status_code == 200  # the form again
    assert fresh.get("/admin/").status_code == 302


def _change_form(user, **changes) -> dict:
    from django.contrib.auth.models import Group

    form = {
        "username": user.username,
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in Group.objects.filter(user=user)],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_the_last_admin_cannot_be_demoted_deactivated_or_deleted_in_the_admin(admin_user):
    """As ``sourcebook user`` refuses it: with no active admin nobody could manage accounts."""
    client = _client(admin_user)
    page = f"/admin/auth/user/{admin_user.pk}/change/"
    for changes in ({"is_active": None}, {"groups": []}):
        response = client.post(page, _change_form(admin_user, **changes))
        assert response.status_code == 200  # the form again, with the reason
        assert "it is the last admin" in response.content.decode()
        admin_user.refresh_from_db()
        assert admin_user.is_active and admin_user.has_perm("auth.change_user")
    assert client.get(f"/admin/auth/user/{admin_user.pk}/delete/").status_code == 403
    action = {"action": "delete_selected", "_selected_action": [admin_user.pk], "post": "yes"}
    client.post("/admin/auth/user/", action)
    assert User.objects.filter(pk=admin_user.pk, is_active=True).exists()
    # With a second admin, the first may step down.
    make("bea", "admin")
    response = client.post(page, _change_form(admin_user, is_active=None))
    assert response.status_code == 302, response.content.decode()[-2000:]
    admin_user.refresh_from_db()
    assert not admin_user.is_active
