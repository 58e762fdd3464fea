"""The national admin configures the checks per instrument version (which run, thresholds, words)."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .config import ALL_CHECKS
from .models import CheckSettings, IndicatorWords
from .services import settings_changed


class CheckSettingsForm(forms.ModelForm):
    checks = forms.MultipleChoiceField(
        label=_("checks that run"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, code) for code in ALL_CHECKS],
        help_text=_("None ticked means all."),
    )

    class Meta:
        model = CheckSettings
        fields = ["version", "checks", "min_ppi", "min_sharpness", "match_ratio", "photo_needs_gps"]


@admin.register(CheckSettings)
class CheckSettingsAdmin(admin.ModelAdmin):
    form = CheckSettingsForm
    list_display = ["version", "min_ppi", "min_sharpness", "match_ratio", "revision"]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        # A new revision makes every attachment's findings be derived again (cheaply, from the facts).
        super().save_model(request, obj, form, change)
        settings_changed(obj.version_id)


@admin.register(IndicatorWords)
class IndicatorWordsAdmin(admin.ModelAdmin):
    list_display = ["indicator", "words"]
    search_fields = ["indicator__code", "indicator__name", "words"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator__section__version"]

    @transaction.atomic
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        settings_changed(obj.indicator.section.version_id)
