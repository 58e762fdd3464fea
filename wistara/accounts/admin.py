from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError

from . import services
from .models import ApiToken, Office, RoleAssignment, User


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "province", "regency", "office"]

    def clean(self):
        data = super().clean()
        if data.get("role"):
            try:
                services.role_scope_validate(
                    data["role"], data.get("province"), data.get("regency"), data.get("office")
                )
            except ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    form = RoleAssignmentForm
    extra = 0
    autocomplete_fields = ["province", "regency", "office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Profile", {"fields": ("full_name", "email", "position", "phone")}),
        ("Status", {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined"]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "province", "regency", "office", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "regency__name", "province__name"]
    autocomplete_fields = ["user", "province", "regency", "office"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # New grants go through the service, the one way in for role changes.
        saved = services.role_grant(
            user=obj.user, role=obj.role, province=obj.province, regency=obj.regency,
            office=obj.office, granted_by=request.user,
        )
        obj.pk = saved.pk


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "regency", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "regency__name"]
    autocomplete_fields = ["regency"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]

    def has_add_permission(self, request) -> bool:
        return False
