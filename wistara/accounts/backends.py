from django.contrib.auth.backends import ModelBackend

from .access import is_national_admin


class WistaraBackend(ModelBackend):
    """Password login; national administrators hold every model permission (for the admin).

    Roles, not Django's permission tables, decide access everywhere else (see access.py).
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if user_obj.is_active and is_national_admin(user_obj):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        if user_obj.is_active and is_national_admin(user_obj):
            return True
        return super().has_module_perms(user_obj, app_label)
