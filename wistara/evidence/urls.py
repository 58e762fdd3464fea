from django.urls import path

from . import views, views_fill
from .checks import views as check_views

app_name = "evidence"

urlpatterns = [
    path("<int:response_id>/", views.evidence_panel, name="evidence-panel"),
    path("<int:response_id>/isi/", views_fill.response_fill_view, name="response-fill"),
    path("<int:response_id>/unggah/", views.evidence_upload, name="evidence-upload"),
    path("<int:response_id>/tautan/", views.evidence_link, name="evidence-link"),
    path("berkas/<int:evidence_id>/unduh/", views.evidence_download, name="evidence-download"),
    path("<int:evidence_id>/hapus/", views.evidence_remove, name="evidence-remove"),
    path("<int:evidence_id>/pulihkan/", views.evidence_restore, name="evidence-restore"),
    path("<int:evidence_id>/pemeriksaan/", check_views.evidence_check, name="evidence-check"),
]
