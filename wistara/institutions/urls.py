from django.urls import path

from .views import registry

app_name = "institutions"

urlpatterns = [
    path("", registry.overview, name="overview"),
    path("isi-kelembagaan/", registry.prefill, name="prefill"),
    path("berkas/<int:file_id>/", registry.file_download, name="file"),
    path("catatan/<str:kind>/<int:record_id>/<str:action>/", registry.record_change, name="record-change"),
    path("<slug:body_slug>/", registry.body_detail, name="body-detail"),
    path("<slug:body_slug>/simpan/<str:what>/", registry.body_save, name="body-save"),
    path("<slug:area_body>/<str:area_code>/", registry.body_detail, name="area-detail"),
    path("<slug:area_body>/<str:area_code>/simpan/<str:what>/", registry.body_save, name="area-save"),
]
