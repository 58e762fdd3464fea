"""Pages: the notifications list, the preferences and the national delivery log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wistara.accounts.access import scope_for
from wistara.accounts.http import AuthedRequest

from . import channels, delivery, services
from .kinds import KINDS, render_title
from .models import Channel, Contact, Delivery, Mode, Notification


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("regency")
    kind, state = request.GET.get("jenis", ""), request.GET.get("status", "")
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    if state == "baru":
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("hal"))
    rows = [{"n": n, "title": render_title(n.kind, n.params)} for n in page]
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": rows,
            "kinds": [(k, v.label) for k, v in KINDS.items()],
            "kind": kind,
            "state": state,
            "configured": channels.configured(),
        },
    )


@login_required
@require_POST
def notification_read(request: AuthedRequest) -> HttpResponse:
    """Mark read: one (id), or all; an opened link marks its notification read and follows it."""
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    services.mark_read(user=request.user, ids=ids or None)
    if request.POST.get("open") and len(ids) == 1:
        note = get_object_or_404(Notification, pk=ids[0], user=request.user)
        if url_has_allowed_host_and_scheme(note.url, allowed_hosts=None):
            return redirect(note.url)
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/notifikasi/") else reverse("notifications:list"))


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    contact, _created = Contact.objects.get_or_create(user=request.user)
    if request.method == "POST":
        action = request.POST.get("action", "modes")
        try:
            if action == "modes":
                modes = {
                    (k, c): request.POST[f"{k}:{c}"]
                    for k in KINDS
                    for c in Channel.values
                    if request.POST.get(f"{k}:{c}")
                }
                services.preferences_save(
                    user=request.user, modes=modes, language=request.POST.get("language") or None
                )
                messages.success(request, _("Your notification settings are saved."))
            elif action == "phone":
                services.phone_start(user=request.user, raw=request.POST.get("whatsapp", ""))
                messages.success(request, _("A code was sent by WhatsApp; enter it below."))
            elif action == "code":
                services.phone_confirm(user=request.user, code=request.POST.get("code", ""))
                messages.success(request, _("Your WhatsApp number is verified."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("notifications:preferences")
    modes = services.modes_for(request.user)
    rows = [
        {"kind": k, "label": v.label, "channels": [(c, modes[(k, c)]) for c in Channel.values]}
        for k, v in KINDS.items()
    ]
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": rows,
            "modes": Mode.choices,
            "contact": contact,
            "configured": channels.configured(),
            "channels": Channel.choices,
            "has_email": bool(request.user.email),
        },
    )


@login_required
def delivery_log(request: AuthedRequest) -> HttpResponse:
    """National admins: every send, its status, attempts and last error; failed ones sent again."""
    if not scope_for(request.user).national_admin:
        raise PermissionDenied
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = delivery.retry_now(ids=ids)
        messages.success(request, _("%(count)s deliveries will be sent again.") % {"count": count})
        return redirect("notifications:delivery-log")
    qs = Delivery.objects.select_related("notification__user")
    state, channel = request.GET.get("status", ""), request.GET.get("kanal", "")
    if state in Delivery.Status.values:
        qs = qs.filter(status=state)
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    page = Paginator(qs, 50).get_page(request.GET.get("hal"))
    counts = dict(Delivery.objects.values_list("status").annotate(n=Count("id")).order_by())
    return render(
        request,
        "notifications/delivery_log.html",
        {
            "page": page,
            "state": state,
            "channel": channel,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in Delivery.Status.choices],
            "channels": Channel.choices,
            "configured": channels.configured(),
        },
    )
