"""The two roles, as Django groups whose permissions are declared here.

- **editor**: edits, publishes and withdraws documents and authorities in the admin and the
  editing pages (``is_staff``, never ``is_superuser``). Publishing and withdrawing need no
  permission of their own: they are changes to a document, so ``archive.change_document``.
- **admin**: everything an editor may do, plus managing accounts (``auth.*_user``), unlocking
  throttled logins (axes) and reading the audit log. Also ``is_staff``, not ``is_superuser``: an
  admin cannot delete documents or their history from the admin either.

The groups' permissions are set (not added to) after every migration and whenever an account
is given a role, so an upgrade that adds a permission here reaches every existing account.
Extra rights for one person are given to that user directly, never by editing the groups.
"""

from __future__ import annotations

import logging

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission

EDITOR = "editor"
ADMIN = "admin"
ROLES = (EDITOR, ADMIN)
log = logging.getLogger(__name__)

_AUTHORITIES = ("agent", "place", "subject", "collection")
EDITOR_PERMISSIONS = (
    "archive.view_document",
    "archive.change_document",
    *(f"archive.{verb}_{model}" for model in _AUTHORITIES for verb in ("view", "add", "change")),
    # Name variants are edited inline on an authority: the inline needs all three.
    "archive.view_namevariant",
    "archive.add_namevariant",
    "archive.change_namevariant",
    "archive.delete_namevariant",
    "archive.view_sourcechange",
    "archive.change_sourcechange",
    "archive.view_revision",
    "archive.view_source",
    "authorities.view_mergeproposal",
    "authorities.change_mergeproposal",
    "authorities.view_sourceid",
    "authorities.change_sourceid",
    "authorities.view_term",
    "authorities.change_term",
)
ADMIN_PERMISSIONS = EDITOR_PERMISSIONS + (
    "auth.view_user",
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.view_group",
    "audit.view_auditentry",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
)
GROUP_PERMISSIONS = {EDITOR: EDITOR_PERMISSIONS, ADMIN: ADMIN_PERMISSIONS}


def can_edit(user) -> bool:
    """May edit, publish, withdraw and see drafts."""
    return bool(user and user.is_authenticated and user.has_perm("archive.change_document"))


def can_manage_users(user) -> bool:
    """May add, change and remove accounts and read the audit log."""
    return bool(user and user.is_authenticated and user.has_perm("auth.change_user"))


def role_of(user) -> str:
    """``admin``, ``editor`` or ``""`` (no role: a reader), from the user's groups.

    A superuser (made before roles existed, or by hand) counts as an admin.
    """
    if user is None or not user.is_authenticated:
        return ""
    if user.is_superuser:
        return ADMIN
    names = {g.name for g in user.groups.all()}
    for role in (ADMIN, EDITOR):
        if role in names:
            return role
    return ""


def ensure_groups() -> dict[str, Group]:
    """Create the role groups and set their permissions to exactly the declared ones."""
    groups = {}
    for name, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(wanted))
        groups[name] = group
    return groups


def assign(user, role: str) -> None:
    """Give ``user`` exactly one role: its group, ``is_staff`` on, ``is_superuser`` off."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    groups = ensure_groups()
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    others = [g for name, g in groups.items() if name != role]
    user.groups.remove(*others)
    user.groups.add(groups[role])


def _permissions(names) -> list[Permission]:
    """The Permission rows for ``app_label.codename`` names. A name that matches nothing (an app
    left out of INSTALLED_APPS) is logged and skipped rather than stopping every command;
    ``missing_permissions()`` lets the tests insist there are none."""
    found = _all_permissions()
    missing = [n for n in names if n not in found]
    if missing:
        log.warning("role permissions not found, not granted: %s", ", ".join(missing))
    return [found[n] for n in names if n in found]


def missing_permissions() -> list[str]:
    """Declared permissions that do not exist in the database."""
    found = _all_permissions()
    return [n for names in GROUP_PERMISSIONS.values() for n in names if n not in found]


def _all_permissions() -> dict[str, Permission]:
    rows = Permission.objects.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}": p for p in rows}


def sync_after_migrate(sender, **kwargs) -> None:
    """After the last app's post-migrate step (every app's permissions exist by then).

    Django sends post-migrate only for apps with models, so the last such app is the one.
    """
    with_models = [a for a in django_apps.get_app_configs() if a.models_module is not None]
    if sender is with_models[-1]:
        ensure_groups()
