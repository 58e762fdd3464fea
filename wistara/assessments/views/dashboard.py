from django.http import Http404


def dashboard(request, regency_code, cycle_code):
    raise Http404


def missing(request, regency_code, cycle_code):
    raise Http404
