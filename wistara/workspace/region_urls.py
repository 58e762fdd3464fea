from django.urls import path

from . import region_views as views

app_name = "regions"

urlpatterns = [
    path("provinsi/<str:code>/", views.province_detail, name="province-detail"),
    path("kabupaten/<str:code>/", views.regency_detail, name="regency-detail"),
]
