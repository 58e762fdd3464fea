"""National pages of the interchange, and the signed file link the national system fetches."""

from django.urls import path

from . import views_sipantas

app_name = "sipantas"

urlpatterns = [
    path("id/", views_sipantas.sipantas_ids, name="ids"),
    path("berkas/<str:token>/", views_sipantas.sipantas_file, name="file"),
]
