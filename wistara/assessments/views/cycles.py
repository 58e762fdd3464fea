from django.http import Http404


def cycle_list(request):
    raise Http404


def cycle_create(request):
    raise Http404


def registration_create(request, cycle_code, regency_code):
    raise Http404
