from django.urls import path

from . import views, views_sipantas

app_name = "interchange"

urlpatterns = [
    path("impor/", views.import_page, name="import"),
    path("workbook.xlsx", views.workbook_download, name="workbook"),
    path("berkas/", views.bundle_start, name="bundle"),
    path("sipantas/", views_sipantas.sipantas_page, name="sipantas"),
    path("sipantas/rekaman.xlsx", views_sipantas.sipantas_xlsx, name="sipantas-xlsx"),
    path("sipantas/kirim/", views_sipantas.sipantas_push_view, name="sipantas-push"),
]
