from django.urls import path

from . import views, views_screen

app_name = "verification"

urlpatterns = [
    path("kirim/", views.submission, name="submission"),
    path("kirim-ulang/", views.resubmit, name="resubmit"),
    path("keputusan/", views.decision, name="decision"),
    path("bagaimana-jika/", views.what_if_view, name="what-if"),
    path("lapangan/", views.field_visit, name="field-visit"),
    path("nasional/terima-provinsi/", views_screen.accept_provincial, name="accept-provincial"),
    path("catatan/<int:response_id>/", views.response_reviews, name="response-reviews"),
    path("<str:level>/", views.review_list, name="review-list"),
    path("<str:level>/berita-acara/<str:section_code>.pdf", views.minutes_pdf, name="minutes"),
    path("<str:level>/butir/<int:response_id>/", views.review_save, name="review-save"),
    path("<str:level>/kembalikan/", views.review_return, name="review-return"),
    path("<str:level>/tenggat/", views.deadline_extend, name="deadline-extend"),
    # issue 11: the review screen, the province's common notes, the nation's acceptance
    path("<str:level>/tinjau/", views_screen.review_screen, name="review-screen"),
    path("<str:level>/tinjau/<int:response_id>/", views_screen.review_screen, name="review-item"),
    path("<str:level>/catatan-umum/", views_screen.common_note_create, name="common-note-create"),
    path("<str:level>/selesai/", views.review_complete, name="review-complete"),
]
