from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.version_list, name="version-list"),
    path("<str:code>/", views.version_detail, name="version-detail"),
    path("<str:code>/<str:section_code>/", views.section_detail, name="section-detail"),
]
