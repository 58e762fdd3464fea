from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.latest_national_dashboard, name="latest-national-dashboard"),
    path("provinsi/<str:code>/", views.latest_province_dashboard, name="latest-province-dashboard"),
    path("<str:cycle_code>/", views.national_dashboard, name="national-dashboard"),
    path("<str:cycle_code>/provinsi/<str:code>/", views.province_dashboard, name="province-dashboard"),
    path("<str:cycle_code>/ekspor/", views.table_export, name="table-export"),
]
