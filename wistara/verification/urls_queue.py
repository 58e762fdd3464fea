from django.urls import path

from . import views_screen

app_name = "verification_queue"

urlpatterns = [
    path("", views_screen.queue, name="queue"),
]
