"""The admin's user pages, audited: every add, change, password change and deletion made there
is written to the audit log with the signed-in admin as actor, like ``sourcebook user``.

Admins who are not superusers cannot make anyone a superuser or hand out single permissions
(only roles, by group): otherwise managing users would mean granting oneself everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from sourcebook.audit.log import record

from . import roles
from .users import snapshot

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
        return super().has_delete_permission(request, obj) and _may_touch(request, obj)

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


def _actor(request) -> str:
    return request.user.get_username()


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)
