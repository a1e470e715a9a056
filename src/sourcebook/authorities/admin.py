"""Admin for per-volume person ids, terms and merge proposals (accept merges here)."""

from __future__ import annotations

from django.contrib import admin, messages

from . import merge, models


@admin.register(models.SourceId)
class SourceIdAdmin(admin.ModelAdmin):
    list_display = ("volume", "xml_id", "name", "description", "agent")
    list_filter = ("volume",)
    search_fields = ("name", "xml_id", "description")
    raw_id_fields = ("agent",)


@admin.register(models.Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("term", "description", "volume", "xml_id")
    list_filter = ("volume",)
    search_fields = ("term", "description")


@admin.register(models.MergeProposal)
class MergeProposalAdmin(admin.ModelAdmin):
    list_display = ("agent", "other", "descriptions_agree", "score", "status", "reason")
    list_filter = ("status", "descriptions_agree")
    search_fields = ("agent__name", "other__name")
    raw_id_fields = ("agent", "other")
    actions = ["accept", "reject"]

    @admin.action(description="Accept: merge the second person into the first")
    def accept(self, request, queryset):
        done = 0
        for proposal in list(queryset.filter(status=models.MergeProposal.PENDING)):
            if models.MergeProposal.objects.filter(pk=proposal.pk).exists():
                merge.accept(proposal, getattr(request.user, "username", "") or "admin")
                done += 1
        self.message_user(request, f"{done} merge(s) done.", messages.SUCCESS)

    @admin.action(description="Reject: they are different persons")
    def reject(self, request, queryset):
        n = 0
        for proposal in list(queryset.filter(status=models.MergeProposal.PENDING)):
            merge.reject(proposal, getattr(request.user, "username", "") or "admin")
            n += 1
        self.message_user(request, f"{n} proposal(s) rejected.", messages.SUCCESS)
