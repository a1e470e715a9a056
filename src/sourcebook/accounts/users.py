"""Adding, listing, re-roling and removing accounts: one function per change, each audited.

Used by ``sourcebook user``; the admin's own user pages are audited by :mod:`.admin`. Removing
an account deactivates it rather than deleting it: the audit log and versions name their
authors by user name, and a deactivated name can never be taken by someone else.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from sourcebook.audit.log import record

from . import roles


class AccountError(ValueError):
    """A refused account change; the message is one line that says what to do."""


def snapshot(user) -> dict:
    """What the audit log keeps of an account: never the password (nor its hash)."""
    return {
        "username": user.get_username(),
        "email": user.email,
        "role": roles.role_of(user),
        "active": user.is_active,
        "staff": user.is_staff,
        "superuser": user.is_superuser,
        "groups": sorted(g.name for g in user.groups.all()),
        "permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in user.user_permissions.select_related("content_type")
        ),
    }


def add(name: str, role: str, password: str, *, email: str = "", actor: str) -> object:
    """A new active account with ``role``; the password must pass Django's validators."""
    User = get_user_model()
    _check_role(role)
    _check_name(name)
    existing = User.objects.filter(username=name).first()
    if existing is not None:
        hint = "give it a role again with" if not existing.is_active else "change its role with"
        state = "was removed" if not existing.is_active else "exists"
        raise AccountError(f"user {name!r} {state}; {hint}: sourcebook user set-role {name} ROLE")
    user = User(username=name, email=email)
    check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save()
        roles.assign(user, role)
        record(actor, "add", "user", name, after=snapshot(user))
    return user


def set_role(name: str, role: str, *, actor: str) -> object:
    """Give an account one role (and reactivate it if it was removed)."""
    _check_role(role)
    with transaction.atomic():
        user = _get(name)
        before = snapshot(user)
        if role != roles.ADMIN:
            keep_an_admin(user, f"make {name!r} an {role}")
        roles.assign(user, role)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        after = snapshot(user)
        if after != before:
            record(actor, "set-role", "user", name, before=before, after=after)
    return user


def remove(name: str, *, actor: str) -> object:
    """Deactivate an account: it can no longer sign in; its name stays in the log."""
    with transaction.atomic():
        user = _get(name)
        if not user.is_active:
            raise AccountError(f"user {name!r} is already removed")
        keep_an_admin(user, f"remove {name!r}")
        before = snapshot(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(actor, "remove", "user", name, before=before, after=snapshot(user))
    return user


def set_password(name: str, password: str, *, actor: str) -> object:
    """A new password (validated); the log says that it changed, never what it is."""
    with transaction.atomic():
        user = _get(name)
        check_password(password, user)
        user.set_password(password)
        user.save(update_fields=["password"])
        record(actor, "set-password", "user", name)
    return user


def listing():
    """Every account, active first, by name."""
    User = get_user_model()
    return User.objects.prefetch_related("groups").order_by("-is_active", "username")


def check_password(password: str, user) -> None:
    """Django's password validators, as one line."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError("password refused: " + " ".join(exc.messages)) from None


def _get(name: str):
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise AccountError(f"no user {name!r} (list them with: sourcebook user list)")
    return user


def _check_role(role: str) -> None:
    if role not in roles.ROLES:
        raise AccountError(f"unknown role {role!r}: use one of {', '.join(roles.ROLES)}")


def _check_name(name: str) -> None:
    User = get_user_model()
    try:
        User.username_validator(name)
        if not name or len(name) > 150:
            raise ValidationError("at most 150 characters")
    except ValidationError as exc:
        raise AccountError(
            f"user name {name!r} refused: letters, digits and @.+-_ only, at most 150 characters"
        ) from exc


def keep_an_admin(user, what: str, also=()) -> None:
    """Refuse a change that would leave no active admin: nobody could manage accounts then.

    ``also``: other accounts losing their admin rights in the same step (a bulk delete).
    """
    User = get_user_model()
    admins = User.objects.filter(is_active=True).filter(
        Q(is_superuser=True) | Q(groups__name=roles.ADMIN)
    )
    leaving = {user.pk, *(u.pk for u in also)}
    if roles.role_of(user) == roles.ADMIN and not admins.exclude(pk__in=leaving).exists():
        raise AccountError(f"cannot {what}: it is the last admin; add another admin first")
