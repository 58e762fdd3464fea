"""The admin of accounts (issue 15): every change goes through the accounts services, as on the
pages, or the admin only shows the rows and links to the page that makes the change.

- Users: added with `user_create`, their profile changed with `user_update`; their roles are
  shown, not edited, on the user's page (a grant or a revocation is the role page's).
- Role assignments: granted with `role_grant`, revoked (deleted) with `role_revoke`; never
  changed in place (revoke and grant again), so no grant escapes the scope rules.
- Offices: read only, linked to their regency's office pages, where the services keep the short
  names unique, and an office is deactivated rather than deleted.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

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
    """The user's roles, to read: grants and revocations are the role assignments' page's."""

    model = RoleAssignment
    fk_name = "user"
    fields = ("role", "province", "regency", "office", "granted_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province", "regency", "office", "granted_by")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Profile"), {"fields": ("full_name", "email", "position", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
        (_("Roles"), {"fields": ("roles_link",)}),
    )
    add_fieldsets = ((None, {"fields": ("username", "full_name", "password1", "password2")}),)
    readonly_fields = ["last_login", "date_joined", "roles_link"]
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    list_filter = ["is_active", "role_assignments__role"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleInline]

    @admin.display(description=_("Grant or revoke a role"))
    def roles_link(self, obj: User):
        if obj.pk is None:
            return "-"
        changelist = reverse("admin:accounts_roleassignment_changelist")
        add = reverse("admin:accounts_roleassignment_add")
        return format_html(
            '<a href="{}?user__id__exact={}">{}</a> · <a href="{}?user={}">{}</a>',
            changelist,
            obj.pk,
            _("this user's roles"),
            add,
            obj.pk,
            _("grant a role"),
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # a user being added holds no role yet

    def get_readonly_fields(self, request, obj=None):
        # The username is how people sign in and how the trail names them: not changed here.
        return [*self.readonly_fields, "username"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            # The form has already written its values onto obj: the service gets the stored row.
            services.user_update(
                user=User.objects.get(pk=obj.pk),
                data={
                    name: form.cleaned_data[name]
                    for name in services.USER_PROFILE_FIELDS
                    if name in form.cleaned_data
                },
            )
            return
        # The creation form has set the password's hash (or an unusable one) on obj.
        created = services.user_create(
            username=obj.username, password=None, password_hash=obj.password, full_name=obj.full_name
        )
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db

    def has_delete_permission(self, request, obj=None) -> bool:
        # A user's work and the audit trail point to it: deactivate it instead (is_active).
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    form = RoleAssignmentForm
    list_display = ["user", "role", "province", "regency", "office", "granted_on"]
    # Each row shows the user and the scope (the office by its short name): one query for the page.
    list_select_related = ["user", "province", "regency", "office"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "regency__name", "province__name"]
    autocomplete_fields = ["user", "province", "regency", "office"]

    @admin.display(description=_("granted on"), ordering="created_at")
    def granted_on(self, obj: RoleAssignment):
        return obj.created_at

    def has_change_permission(self, request, obj=None) -> bool:
        # A grant is never edited in place (its scope would escape role_grant): revoke, grant anew.
        # The list itself stays reachable (Django asks without an object).
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.role_grant(
            user=obj.user,
            role=obj.role,
            province=obj.province,
            regency=obj.regency,
            office=obj.office,
            granted_by=request.user,
        )
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def delete_model(self, request, obj):
        services.role_revoke(assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.role_revoke(assignment=assignment)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    """Read only: offices are made, renamed and (de)activated on their regency's office pages."""

    list_display = ["short_name", "name", "regency", "is_active", "office_page"]
    list_select_related = ["regency"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "regency__name"]

    @admin.display(description=_("Change on the office page"))
    def office_page(self, obj: Office):
        url = reverse("offices:office-edit", args=[obj.regency.code, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("change"))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read only: a token is made and revoked by its owner (api_token_create, api_token_revoke)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
