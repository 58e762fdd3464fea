from django.urls import path

from .views import dashboard, odf, registration, responses

app_name = "assessments"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("kekurangan/", dashboard.missing, name="missing"),
    path("pendaftaran/", registration.registration_edit, name="registration-edit"),
    path("indikator/", responses.response_list, name="response-list"),
    path("indikator/<int:response_id>/", responses.response_detail, name="response-detail"),
    path("indikator/<int:response_id>/status/", responses.response_status, name="response-status"),
    path("indikator/<int:response_id>/usulan/", responses.response_proposal, name="response-proposal"),
    path("odf/", odf.odf_list, name="odf"),
    path("odf/unggah/", odf.odf_upload, name="odf-upload"),
    path("odf/unggah/pilihan/", odf.odf_upload_confirm, name="odf-upload-confirm"),
    path("odf/templat.csv", odf.odf_template, name="odf-template"),
    path("odf/<str:village_code>/", odf.odf_row, name="odf-row"),
]
