from django.urls import path

from . import views

app_name = "past_awards"

urlpatterns = [path("", views.past_awards_page, name="list")]
