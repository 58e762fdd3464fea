from django.http import Http404


def assignment_list(request, regency_code, cycle_code):
    raise Http404


def response_list(request, regency_code, cycle_code):
    raise Http404


def response_detail(request, regency_code, cycle_code, response_id):
    raise Http404


def response_save(request, regency_code, cycle_code, response_id):
    raise Http404


def response_status(request, regency_code, cycle_code, response_id):
    raise Http404
