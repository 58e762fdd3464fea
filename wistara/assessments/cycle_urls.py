from django.urls import path

from .views import calendar, cycles

app_name = "cycles"

urlpatterns = [
    path("", cycles.cycle_list, name="cycle-list"),
    path("baru/", cycles.cycle_create, name="cycle-create"),
    path("<str:cycle_code>/kalender/", calendar.cycle_calendar, name="cycle-calendar"),  # issue 12
    path("kabupaten/<str:regency_code>/", cycles.regency_cycles, name="regency-cycles"),
    path(
        "<str:cycle_code>/daftar/<str:regency_code>/", cycles.registration_create, name="registration-create"
    ),
]
