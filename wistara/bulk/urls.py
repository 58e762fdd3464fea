from django.urls import path

from . import views, views_assign

app_name = "bulk"

# Included at ruang/<regency>/<cycle>/, beside the assessments' own pages.
urlpatterns = [
    path("penugasan/", views_assign.assignment_list, name="assignment-list"),
    path("penugasan/simpan/", views_assign.assignment_set, name="assignment-set"),
    path("validasi/", views.validation_queue, name="validation-queue"),
    path("perubahan/validasi/", views.validation_plan, name="validation-plan"),
    path("perubahan/<int:change_id>/", views.change_detail, name="change"),
    path("perubahan/<int:change_id>/terapkan/", views.change_apply, name="change-apply"),
    path("perubahan/<int:change_id>/urungkan/", views.change_undo, name="change-undo"),
]
