"""The audit log in the admin: read-only, and only for those who manage users (admins).

Nobody adds, changes or deletes an entry here, superusers included: the log is only ever added
to by the services whose changes it records.
"""

from __future__ import annotations

from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target", "target_id", "note")
    list_filter = ("action", "target")
    search_fields = ("actor", "target_id", "note")
    date_hierarchy = "at"
    fields = ("at", "actor", "action", "target", "target_id", "note", "before", "after")
    readonly_fields = fields

    def has_module_permission(self, request):
        return _can_read(request)

    def has_view_permission(self, request, obj=None):
        return _can_read(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _can_read(request) -> bool:
    """Admins: whoever may manage users may read what was done (the log names accounts)."""
    user = request.user
    return user.is_active and user.is_authenticated and user.has_perm("auth.change_user")
