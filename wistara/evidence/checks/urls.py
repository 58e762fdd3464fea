from django.urls import path

from . import views

app_name = "evidence_checks"

urlpatterns = [
    path("", views.flagged, name="flagged"),
    path("ringkasan/", views.counts, name="counts"),
]
