from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.version_list, name="version-list"),
    path("<str:code>/", views.version_detail, name="version-detail"),
    # Issue 13: before the section page, whose pattern would take "aturan-penghargaan" as a code.
    path("<str:code>/aturan-penghargaan/", views.award_settings, name="award-settings"),
    path("<str:code>/<str:section_code>/", views.section_detail, name="section-detail"),
]
