from django.urls import path

from . import views_awards

app_name = "past_awards"

urlpatterns = [path("", views_awards.past_awards_page, name="list")]
