from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifikasi/", views.notification_list, name="list"),
    path("notifikasi/baca/", views.notification_read, name="read"),
    path("notifikasi/pengaturan/", views.preferences, name="preferences"),
    path("notifikasi/pengiriman/", views.delivery_log, name="delivery-log"),
]
