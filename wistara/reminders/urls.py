from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path(
        "ruang/<str:regency_code>/<str:cycle_code>/kekurangan/kirim/", views.missing_send, name="missing-send"
    ),
]
