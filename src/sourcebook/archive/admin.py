"""The admin: where editors correct metadata and manage authorities.

A document edit saved here goes through the editing service like any other
(:func:`sourcebook.archive.editing.edit_document`): a new version with the editor's name, the
changed fields protected against re-ingest, an outbox event and an audit entry, inside the
admin's transaction. Texts are edited on the editing page (``/documents/<id>/edit/``), which
re-reads their apparatus; here they are shown read-only.

Documents and their versions cannot be deleted here: withdrawing (an action) keeps every
version and leaves a tombstone; only ``sourcebook purge`` deletes, for legal takedowns.
"""

from __future__ import annotations

from types import SimpleNamespace

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import URLField
from django.template.response import TemplateResponse

from sourcebook.audit.log import record as audit

from . import fields, models, publication
from .editing import check_changes, edit_document


class NameVariantInline(admin.TabularInline):
    model = models.NameVariant
    extra = 0
    fields = ("name", "system", "source")


class TextInline(admin.StackedInline):
    model = models.Text
    extra = 0
    fields = ("position", "kind", "language", "label", "body")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DocumentForm(forms.ModelForm):
    """Checks a change with the editing service's rules, so a bad value is shown on its field
    (the service would otherwise refuse it only when saving)."""

    def clean(self):
        data = super().clean()
        if self.instance.pk is None or self.errors:
            return data
        probe = SimpleNamespace(**{**vars(self.instance), **data})
        changes, _ = _admin_changes(probe, self.changed_data)
        try:
            check_changes(models.Document.objects.get(pk=self.instance.pk), changes)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                field = "date_text" if name == "date" else name
                self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
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
        who = getattr(request.user, "username", "") or "admin"
        if not change:
            super().save_model(request, obj, form, change)
            models.Revision.objects.create(
                document=obj, version=obj.version, data=obj.to_record().to_json(), author=who
            )
            models.IndexEvent.objects.create(public_id=obj.public_id, action="upsert")
            return
        changes, other = _admin_changes(obj, form.changed_data)
        if other:  # not record fields (collection, status, protected): stored as they are
            models.Document.objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in other})
        current = models.Document.objects.get(pk=obj.pk)
        obj.version = edit_document(current, changes, who, "edited in the admin").version


_DATE_COLUMNS = ("date_text", "date_edtf", "date_earliest", "date_latest", "date_approximate")


def _admin_changes(obj, changed: list[str]) -> tuple[dict, list[str]]:
    """The admin form's changed columns as editing-service fields, and the other columns."""
    changes, other = {}, []
    for name in changed:
        if name in ("title", "title_lines"):
            lines = obj.title_lines if "title_lines" in changed and obj.title_lines else None
            changes["title"] = "\n".join(lines) if lines else obj.title
        elif name == "date_text":
            changes["date"] = obj.date_text
        elif name in _DATE_COLUMNS:
            changes.setdefault("date", _date_json(obj))
        elif name in fields.NAMES:
            changes[name] = getattr(obj, name)
        elif name in {f.name for f in models.Document._meta.concrete_fields}:
            other.append(name)
    return changes, other


def _date_json(obj) -> dict:
    day = lambda d: d.isoformat() if d else None  # noqa: E731
    return {
        "text": obj.date_text,
        "edtf": obj.date_edtf,
        "earliest": day(obj.date_earliest),
        "latest": day(obj.date_latest),
        "approximate": obj.date_approximate,
    }


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

    def save_model(self, request, obj, form, change):
        """A name or description changed here is protected: a volume re-import keeps it."""
        edited = [f for f in ("name", "description") if change and f in form.changed_data]
        if edited:
            obj.protected = sorted(set(obj.protected or []) | set(edited))
            who = getattr(request.user, "username", "") or "admin"
            audit(
                who,
                "edit",
                type(obj).__name__.lower(),
                obj.slug,
                before={f: form.initial.get(f) for f in edited},
                after={f: getattr(obj, f) for f in edited},
                note="edited in the admin",
            )
        super().save_model(request, obj, form, change)

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
