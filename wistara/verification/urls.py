from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("kirim/", views.submission, name="submission"),
    path("kirim-ulang/", views.resubmit, name="resubmit"),
    path("keputusan/", views.decision, name="decision"),
    path("bagaimana-jika/", views.what_if_view, name="what-if"),
    path("lapangan/", views.field_visit, name="field-visit"),
    path("catatan/<int:response_id>/", views.response_reviews, name="response-reviews"),
    path("<str:level>/", views.review_list, name="review-list"),
    path("<str:level>/berita-acara/<str:section_code>.pdf", views.minutes_pdf, name="minutes"),
    path("<str:level>/butir/<int:response_id>/", views.review_save, name="review-save"),
    path("<str:level>/kembalikan/", views.review_return, name="review-return"),
    path("<str:level>/tenggat/", views.deadline_extend, name="deadline-extend"),
    path("<str:level>/selesai/", views.review_complete, name="review-complete"),
]
