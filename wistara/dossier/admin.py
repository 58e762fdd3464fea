"""Read only: every write to the dossier goes through its services (revisions, locks, audit)."""

from django.contrib import admin

from .models import Funding, GeneralData, Narrative, ProvincialDocument, ProvincialDossier


class ReadOnly(admin.ModelAdmin):
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GeneralData)
class GeneralDataAdmin(ReadOnly):
    list_display = ["regency", "leader_name", "forum_name", "revision", "updated_at"]
    search_fields = ["regency__name", "regency__code", "forum_name"]
    list_select_related = ["regency"]


@admin.register(Narrative)
class NarrativeAdmin(ReadOnly):
    list_display = ["registration", "section", "word_count", "status", "revision", "updated_at"]
    list_filter = ["status", "registration__cycle"]
    search_fields = ["registration__regency__name", "registration__regency__code"]
    list_select_related = ["registration__regency", "registration__cycle", "section"]
    exclude = ["body"]


@admin.register(Funding)
class FundingAdmin(ReadOnly):
    list_display = ["registration", "data_year", "source", "section", "activity", "amount", "removed_at"]
    list_filter = ["source", "data_year", "registration__cycle"]
    search_fields = ["registration__regency__name", "activity"]
    list_select_related = ["registration__regency", "registration__cycle", "section"]


DOCUMENT_FIELDS = ("kind", "title", "status", "revision", "removed_at")


class DocumentInline(admin.TabularInline):
    model = ProvincialDocument
    fields = readonly_fields = DOCUMENT_FIELDS
    extra = 0
    can_delete = False


@admin.register(ProvincialDossier)
class ProvincialDossierAdmin(ReadOnly):
    list_display = ["province", "cycle", "status", "submitted_at", "correction_deadline"]
    list_filter = ["status", "cycle"]
    inlines = [DocumentInline]
