from django.urls import path

from . import office_views as views

app_name = "offices"

urlpatterns = [
    path("", views.office_list, name="office-list"),
    path("baru/", views.office_create, name="office-create"),
    path("standar/", views.office_defaults, name="office-defaults"),
    path("<int:office_id>/", views.office_edit, name="office-edit"),
    path("<int:office_id>/aktif/", views.office_toggle, name="office-toggle"),
    path("<int:office_id>/operator/", views.operator_create, name="operator-create"),
    path("operator/<int:assignment_id>/cabut/", views.operator_revoke, name="operator-revoke"),
]
