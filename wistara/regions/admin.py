from django.contrib import admin

from .models import District, Province, Regency, Village


class ReadOnlyAdmin(admin.ModelAdmin):
    """Regions come only from the official list (load_regions), never from hand edits."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]


@admin.register(Village)
class VillageAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "district"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]
