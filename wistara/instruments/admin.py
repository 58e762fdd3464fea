from django.contrib import admin

from wistara.regions.admin import ReadOnlyAdmin

from .models import AwardCategory, Indicator, InstrumentVersion, ScaleOption, Section


class CategoryInline(admin.TabularInline):
    model = AwardCategory
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(ReadOnlyAdmin):
    """Versions change only by import (import_instrument), which checks the freeze rule."""

    list_display = ["code", "name", "award_year", "frozen_at"]
    inlines = [CategoryInline]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "version"]
    list_filter = ["version", "kind"]


class OptionInline(admin.TabularInline):
    model = ScaleOption
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "section"]
    list_filter = ["section__version", "section"]
    search_fields = ["code", "name"]
    inlines = [OptionInline]
