from django.urls import path

from . import views

app_name = "interchange"

urlpatterns = [
    path("impor/", views.import_page, name="import"),
    path("workbook.xlsx", views.workbook_download, name="workbook"),
]
