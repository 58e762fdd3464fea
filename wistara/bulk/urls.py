from django.urls import path

from . import views

app_name = "bulk"

urlpatterns = [
    path("validasi/", views.validation_plan, name="validation-plan"),
    path("<int:change_id>/", views.change_detail, name="change"),
    path("<int:change_id>/terapkan/", views.change_apply, name="change-apply"),
    path("<int:change_id>/urungkan/", views.change_undo, name="change-undo"),
]
