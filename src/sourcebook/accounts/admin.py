"""The admin's user pages, audited: every add, change, password change and deletion made there
is written to the audit log with the signed-in admin as actor, like ``sourcebook user``.

Admins who are not superusers cannot make anyone a superuser or hand out single permissions
(only roles, by group): otherwise managing users would mean granting oneself everything. The last
active admin can be neither deactivated, demoted nor deleted here, as with ``sourcebook user``:
nobody could manage accounts afterwards.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError

from sourcebook.audit.log import record

from . import roles
from .users import AccountError, keep_an_admin, snapshot

User = get_user_model()
_BEFORE = "_sourcebook_user_before"


class AuditedUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "is_active", "last_login")
    list_filter = ("is_active", "groups", "is_superuser")

    @admin.display(description="role")
    def role(self, obj) -> str:
        return roles.role_of(obj) or "—"

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ("is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return (
            super().has_delete_permission(request, obj)
            and _may_touch(request, obj)
            and (obj is None or _may_lose_admin(obj))
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type("LastAdminKeptForm", (form,), {"clean": _clean_keeping_an_admin})

    def delete_queryset(self, request, queryset):
        """The bulk "delete selected" action: refused as a whole when it would take every admin."""
        kept = [u for u in queryset if not _may_lose_admin(u, others=queryset)]
        if kept:
            self.message_user(
                request,
                f"Not deleted: {kept[0].get_username()} is the last admin; add another admin first.",
                level="error",
            )
            return
        super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        if change:  # the stored state, before this form's changes reach the database
            stored = User.objects.get(pk=obj.pk)
            setattr(request, _BEFORE, snapshot(stored))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if roles.role_of(user) and not user.is_staff:  # a role is the right to use the admin
            user.is_staff = True
            user.save(update_fields=["is_staff"])

    def log_addition(self, request, obj, message):
        record(_actor(request), "add", "user", obj.get_username(), after=snapshot(obj))
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        before = getattr(request, _BEFORE, None)
        if before is None:  # the password form, which saves no other field
            record(_actor(request), "set-password", "user", obj.get_username())
        else:
            after = snapshot(obj)
            if after != before:
                record(
                    _actor(request),
                    "change",
                    "user",
                    obj.get_username(),
                    before=before,
                    after=after,
                )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record(_actor(request), "delete", "user", obj.get_username(), before=snapshot(obj))
        return super().log_deletions(request, queryset)


def _may_touch(request, obj) -> bool:
    """Only a superuser changes a superuser's account: an admin who could set a superuser's
    password could sign in as one."""
    return obj is None or not obj.is_superuser or request.user.is_superuser


def _may_lose_admin(user, others=()) -> bool:
    """Whether ``user`` (and ``others`` with it) can stop being an admin with one left."""
    try:
        keep_an_admin(user, "remove", also=others)
    except AccountError:
        return False
    return True


def _clean_keeping_an_admin(form):
    """The change form's ``clean``: refuse to deactivate or demote the last admin."""
    data = super(type(form), form).clean()
    user = form.instance
    if user.pk is None or "is_active" not in data:
        return data
    groups = data.get("groups")
    stays_admin = data.get("is_active") and (
        data.get("is_superuser", user.is_superuser)
        or (groups is not None and groups.filter(name=roles.ADMIN).exists())
    )
    if not stays_admin:
        stored = User.objects.get(pk=user.pk)
        try:
            keep_an_admin(stored, f"change {stored.get_username()!r}")
        except AccountError as exc:
            raise ValidationError(str(exc)) from exc
    return data


def _actor(request) -> str:
    return request.user.get_username()


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
