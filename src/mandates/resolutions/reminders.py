"""Deadline reminders for obligations of resolutions (planning officers). Registered in ``ready``."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core import events

KIND = "resolutions.obligation_deadline"


def obligation_deadlines(user, days):
    if user.role not in ("planning_officer", "administrator"):
        return []
    from . import selectors

    horizon = timezone.localdate() + datetime.timedelta(days=days)
    qs = selectors.obligation_list(user, selectors.ObligationFilters(deadline_before=horizon)).filter(status="open")
    # a recurring obligation is reminded of at its next occurrence, when that falls within the horizon
    return [events.Deadline(KIND, f"obligation:{o.pk}", _("%(symbol)s: %(what)s") % {
        "symbol": o.paragraph.resolution.symbol, "what": (o.report_title or o.recipient or o.actor or _("obligation"))[:150]},
        reverse("resolutions:obligation_edit", args=[o.pk]), o.next_due) for o in qs[:200]
        if o.next_due is None or o.next_due <= horizon]


def register():
    events.register_kind(KIND, gettext_lazy("An obligation of a resolution falls due or is overdue"))
    events.register_deadlines("resolutions.obligations", obligation_deadlines)
