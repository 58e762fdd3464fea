from django.http import Http404


def registration_edit(request, regency_code, cycle_code):
    raise Http404
