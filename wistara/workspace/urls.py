from django.urls import path

from . import views

app_name = "workspace"

urlpatterns = [
    path("ruang/<str:regency_code>/<str:cycle_code>/periksa/", views.checklist, name="checklist"),
]
