from django.urls import path

from .views import meetings

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="meeting-list"),
    path("baru/", meetings.meeting_form, name="meeting-create"),
    path("tindak-lanjut/", meetings.action_list, name="action-list"),
    path("tindak-lanjut/terlambat/", meetings.overdue_box, name="overdue-box"),
    path("tindak-lanjut/<int:item_id>/", meetings.action_update, name="action-update"),
    path("serah-terima/", meetings.handover, name="handover"),
    path("<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/ubah/", meetings.meeting_form, name="meeting-edit"),
    path("<int:meeting_id>/hadir/", meetings.meeting_attendance, name="meeting-attendance"),
    path("<int:meeting_id>/<str:step>/simpan/", meetings.meeting_step, name="meeting-step"),
    path("<int:meeting_id>/<str:document>.pdf", meetings.meeting_pdf, name="meeting-pdf"),
]
