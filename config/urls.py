from django.contrib import admin
from django.urls import include, path

from config.api import api
from wistara.ops.health import healthz
from wistara.workspace import views as workspace_views

urlpatterns = [
    path("", workspace_views.home, name="home"),
    path("healthz", healthz, name="healthz"),  # issue 14: for the load balancer
    path("akun/", include("wistara.accounts.urls")),
    path("wilayah/", include("wistara.workspace.region_urls")),
    path("instrumen/", include("wistara.instruments.urls")),
    path("siklus/", include("wistara.assessments.cycle_urls")),
    path("ruang/<str:regency_code>/<str:cycle_code>/profil/", include("wistara.dossier.urls")),
    path("ruang/<str:regency_code>/<str:cycle_code>/", include("wistara.assessments.urls")),
    # Bulk changes: preview, confirm, undo (issue 10).
    path("ruang/<str:regency_code>/<str:cycle_code>/", include("wistara.bulk.urls")),
    path("provinsi/<str:code>/<str:cycle_code>/dokumen/", include("wistara.dossier.province_urls")),
    path("ruang/<str:regency_code>/<str:cycle_code>/lembaga/", include("wistara.institutions.urls")),
    path("ruang/<str:regency_code>/<str:cycle_code>/rakor/", include("wistara.institutions.meeting_urls")),
    path("verifikasi/<str:regency_code>/<str:cycle_code>/", include("wistara.verification.urls")),
    path("verifikasi/antrean/", include("wistara.verification.urls_queue")),  # issue 11: reviewer's queue
    path("bukti/", include("wistara.evidence.urls")),
    # Issue 16: the files the automatic evidence check flagged, per office.
    path(
        "ruang/<str:regency_code>/<str:cycle_code>/pemeriksaan-bukti/",
        include("wistara.evidence.checks.urls"),
    ),
    # Issue 13: workbook import/export, the national system's package and push.
    path("ruang/<str:regency_code>/<str:cycle_code>/pertukaran/", include("wistara.interchange.urls")),
    path("sipantas/", include("wistara.interchange.national_urls")),
    path("tugas/", include("wistara.jobs.urls")),
    path("riwayat-penghargaan/", include("wistara.awards.urls")),
    path("", include("wistara.workspace.urls")),
    path("opd/<str:regency_code>/", include("wistara.accounts.office_urls")),
    path("", include("wistara.notifications.urls")),  # issue 12: notifications
    path("", include("wistara.reminders.urls")),  # issue 12: the missing list sent to an office
    path("i18n/", include("django.conf.urls.i18n")),
    path("laporan/", include("wistara.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Issue 15, one error contract: under /api/ an unknown address, a request Django refuses before
# any view runs, or a fault of ours answers the API's JSON error body; pages keep their pages.
handler404 = "wistara.common.api_errors.not_found"
handler400 = "wistara.common.api_errors.bad_request_view"
handler500 = "wistara.common.api_errors.server_error_view"
