from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from mandates.core import events
from mandates.core.forms import apply_service_errors

from . import services
from .models import Notification, Preference


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page})


@login_required
def changes(request):
    """What others changed, since the person's last visit, in what they follow (from the audit log)."""
    from mandates.core.audit import display_rows

    from .changes import changes_for, last_visit

    page = Paginator(changes_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/changes.html", {
        "page_obj": page, "rows": display_rows(page.object_list, limit=50), "since": last_visit(request.user)})


def unread(request):
    """The bell's count, loaded by htmx after the page (so pages keep their query count and a kept
    page never shows a stale count)."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    if not count:
        return HttpResponse("")
    label = ngettext("%(count)s unread notification", "%(count)s unread notifications", count) % {"count": count}
    return HttpResponse(format_html('<span class="bell__count" title="{}">{}</span><span class="visually-hidden">{}</span>',
                                    label, count, label))


@login_required
@require_POST
def read(request):
    services.mark_read(request.user)
    return redirect("notifications:list")


@login_required
def open_notification(request, pk):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, pk)
    url = note.url if note.url and url_has_allowed_host_and_scheme(note.url, {request.get_host()}) else ""
    return redirect(url or "notifications:list")


class PreferenceForm(forms.Form):
    deadline_days = forms.IntegerField(label=gettext_lazy("Remind me of deadlines this many days ahead"),
                                       min_value=1, max_value=365)
    weekly_digest = forms.BooleanField(label=gettext_lazy("Send me a weekly digest by e-mail"), required=False)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in (kinds or {}).items():
            self.fields[f"kind:{kind}"] = forms.ChoiceField(label=label, choices=Preference.Channel.choices)


@login_required
def preferences(request):
    pref = services.preference_for(request.user)
    kinds = events.kinds()
    initial = {"deadline_days": pref.deadline_days, "weekly_digest": pref.weekly_digest,
               **{f"kind:{k}": pref.channel(k) for k in kinds}}
    form = PreferenceForm(request.POST or None, initial=initial, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_preferences(request.user, by=request.user, deadline_days=data["deadline_days"],
                                      weekly_digest=data["weekly_digest"],
                                      channels={k: data[f"kind:{k}"] for k in kinds})
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your notification preferences were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "has_email": bool(request.user.email)})
