from django.urls import path

from .views import funding, narratives, regency, reviews

app_name = "dossier"

urlpatterns = [
    path("", regency.index, name="index"),
    path("data-umum/", regency.general, name="general"),
    path("unduh.pdf", regency.dossier_pdf, name="pdf"),
    path("berkas/<int:attachment_id>/", regency.file, name="file"),
    path("narasi/<str:section_code>/", narratives.narrative, name="narrative"),
    path("narasi/<str:section_code>/simpan/", narratives.narrative_save, name="narrative-save"),
    path("narasi/<str:section_code>/pdf/", narratives.narrative_pdf, name="narrative-pdf"),
    path("narasi/<str:section_code>/gambar/", narratives.narrative_image, name="narrative-image"),
    path("narasi/<str:section_code>/riwayat/", narratives.narrative_history, name="narrative-history"),
    path("pendanaan/", funding.funding_list, name="funding"),
    path("pendanaan/grafik/", funding.funding_chart, name="funding-chart"),
    path("pendanaan/tambah/", funding.funding_create, name="funding-create"),
    path("pendanaan/<int:funding_id>/", funding.funding_edit, name="funding-edit"),
    path("pendanaan/<int:funding_id>/hapus/", funding.funding_remove, name="funding-remove"),
    path("pendanaan/<int:funding_id>/pulihkan/", funding.funding_restore, name="funding-restore"),
    path("pendanaan/<int:funding_id>/bukti/", funding.funding_evidence, name="funding-evidence"),
    path(
        "pendanaan/bukti/<int:attachment_id>/hapus/",
        funding.funding_evidence_remove,
        name="funding-evidence-remove",
    ),
    path("kirim-ulang/", reviews.resubmit, name="resubmit"),
    path("tinjauan/<str:level>/", reviews.review_list, name="review"),
    path("tinjauan/<str:level>/kembalikan/", reviews.review_return, name="review-return"),
    path("tinjauan/<str:level>/<str:section_code>/", reviews.review_save, name="review-save"),
]
