from django.urls import path

from .views import provincial

app_name = "provincial"

urlpatterns = [
    path("", provincial.documents, name="documents"),
    path("unggah/", provincial.document_upload, name="document-upload"),
    path("kirim/", provincial.submit, name="submit"),
    path("kirim-ulang/", provincial.resubmit, name="resubmit"),
    path("kembalikan/", provincial.return_documents, name="return"),
    path("<int:document_id>/", provincial.document_detail, name="document"),
    path("<int:document_id>/ganti/", provincial.document_replace, name="document-replace"),
    path("<int:document_id>/hapus/", provincial.document_remove, name="document-remove"),
    path("<int:document_id>/unduh/", provincial.document_download, name="document-download"),
    path("<int:document_id>/tinjau/", provincial.document_review, name="document-review"),
]
