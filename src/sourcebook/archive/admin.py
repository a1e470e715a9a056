"""The admin: where editors correct metadata and manage authorities.

An edit saved here is a change like any other: it becomes a new version (the previous one is
kept in Revision) and an outbox event, inside the admin's transaction.

Documents and their versions cannot be deleted here: withdrawing (an action) keeps every
version and leaves a tombstone; only ``sourcebook purge`` deletes, for legal takedowns.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import URLField
from django.template.response import TemplateResponse

from . import models, publication


class NameVariantInline(admin.TabularInline):
    model = models.NameVariant
    extra = 0
    fields = ("name", "system", "source")


class TextInline(admin.StackedInline):
    model = models.Text
    extra = 0
    fields = ("position", "kind", "language", "label", "body")
    readonly_fields = ("body",)
    can_delete = False


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = (
        "public_id",
        "date_text",
        "title",
        "repository",
        "reference",
        "version",
        "status",
    )
    list_filter = ("status", "languages", "repository", "date_approximate")
    search_fields = ("public_id", "title", "summary", "reference")
    readonly_fields = (
        "public_id",
        "version",
        "source",
        "created_at",
        "updated_at",
        "status",
        "withdrawn_reason",
        "deleted_at",
    )
    exclude = ("agents",)
    inlines = [TextInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    actions = ["publish_selected", "withdraw_selected", "reinstate_selected"]

    def has_delete_permission(self, request, obj=None):
        return False  # withdraw instead; `sourcebook purge` is the only hard delete

    @admin.action(description="Publish selected drafts", permissions=["change"])
    def publish_selected(self, request, queryset):
        drafts = queryset.filter(status=models.Document.DRAFT)
        changed = publication.publish(drafts, _actor(request))
        skipped = queryset.count() - len(changed)
        note = f"; {skipped} not drafts, left as they were" if skipped else ""
        self.message_user(request, f"{len(changed)} published{note}.")

    @admin.action(description="Withdraw selected documents…", permissions=["change"])
    def withdraw_selected(self, request, queryset):
        """First call: a form asking for the reason. Second (``apply``): withdraw each."""
        reason = request.POST.get("reason", "").strip()
        if request.POST.get("apply") and reason:
            self._each(
                request,
                queryset,
                lambda d: publication.withdraw(d, reason, _actor(request)),
                "withdrawn",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "documents": list(queryset),
            "reason": reason,
            "error": "A reason is required." if request.POST.get("apply") else "",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/archive/document/withdraw.html", context)

    @admin.action(description="Reinstate selected withdrawn documents", permissions=["change"])
    def reinstate_selected(self, request, queryset):
        self._each(
            request, queryset, lambda d: publication.reinstate(d, _actor(request)), "reinstated"
        )

    def _each(self, request, queryset, change, done: str) -> None:
        """Apply ``change`` to each document (one transaction each); report what was refused."""
        count = 0
        for doc in queryset:
            try:
                change(doc)
                count += 1
            except publication.StateError as exc:
                self.message_user(request, str(exc), level=messages.WARNING)
        self.message_user(request, f"{count} {done}.")

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        who = getattr(request.user, "username", "") or "admin"
        models.Revision.objects.create(
            document=obj,
            version=obj.version,
            data=obj.to_record().to_json(),
            source=obj.source,
            reason=f"edit by {who}",
        )
        models.IndexEvent.objects.create(public_id=obj.public_id, action=models.IndexEvent.UPSERT)


@admin.register(models.Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("document", "version", "reason", "created_at")
    readonly_fields = ("document", "version", "data", "source", "reason", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # versions are never lost


def _actor(request) -> str:
    return getattr(request.user, "username", "") or "admin"


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("path", "format", "size", "sha256", "ingested_at")
    exclude = ("data",)
    readonly_fields = ("sha256", "format", "path", "size", "ingested_at")


class AuthorityAdmin(admin.ModelAdmin):
    """People, places, subjects, collections: their names and variants are in the search index
    of every document linked to them, so an edit queues those documents for re-indexing."""

    search_fields = ("name", "slug")
    inlines = [NameVariantInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _reindex_linked(form.instance)

    def delete_model(self, request, obj):
        linked = list(obj.documents.values_list("public_id", flat=True))
        super().delete_model(request, obj)
        models.IndexEvent.upsert_all(linked)

    def delete_queryset(self, request, queryset):
        linked = [
            pid for obj in queryset for pid in obj.documents.values_list("public_id", flat=True)
        ]
        super().delete_queryset(request, queryset)
        models.IndexEvent.upsert_all(linked)


def _reindex_linked(authority) -> None:
    models.IndexEvent.upsert_all(authority.documents.values_list("public_id", flat=True))


for model in (models.Agent, models.Place, models.Subject, models.Collection):
    admin.site.register(model, type(f"{model.__name__}Admin", (AuthorityAdmin,), {}))
