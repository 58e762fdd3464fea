from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class WistaraAdminSite(admin.AdminSite):
    """The Django admin, for national administrators only (not for Django's is_staff flag)."""

    site_header = _("Wistara administration")
    site_title = _("Wistara administration")

    def has_permission(self, request: HttpRequest) -> bool:
        from wistara.accounts.access import is_national_admin

        return request.user.is_active and is_national_admin(request.user)


class WistaraAdminConfig(AdminConfig):
    default_site = "wistara.accounts.admin_site.WistaraAdminSite"
