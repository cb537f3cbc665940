"""What needs attention on the home page, from mandates (registered in ``ready``)."""
import datetime
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.extensions import (
    DUE_SOON,
    OVERDUE,
    AttentionItem,
    register_attention,
)
from mandates.people import permissions

HORIZON_DAYS = 90


def obligations(user):
    from .models import Obligation

    if not permissions.can(user, "view", Obligation):
        return []
    from . import selectors

    before = timezone.localdate() + datetime.timedelta(days=HORIZON_DAYS)
    calendar = reverse("resolutions:calendar")
    overdue = selectors.obligation_list(user, selectors.ObligationFilters(status="overdue")).count()
    due = selectors.obligation_list(user, selectors.ObligationFilters(status="due", deadline_before=before)).count()
    return [
        AttentionItem(_("obligations of resolutions overdue"), overdue, f"{calendar}?status=overdue", OVERDUE,
                      _("Mandates")),
        AttentionItem(_("obligations of resolutions due in the next %(days)s days") % {"days": HORIZON_DAYS}, due,
                      f"{calendar}?{urlencode({'status': 'due', 'before': before.isoformat()})}", DUE_SOON,
                      _("Mandates")),
    ]


REPORT_HORIZON_DAYS = 180


def reports_to_prepare(user):
    """Reports the resolutions ask for, not yet answered, due within six months or overdue."""
    from .models import Obligation

    if not permissions.can(user, "view", Obligation):
        return []
    from . import selectors

    before = timezone.localdate() + datetime.timedelta(days=REPORT_HORIZON_DAYS)
    count = selectors.obligation_list(user, selectors.ObligationFilters(
        status="open", kind=Obligation.Kind.REPORT, deadline_before=before)).count()
    query = urlencode({"kind": "report", "status": "open", "before": before.isoformat()})
    return [AttentionItem(_("reports to prepare for the governing bodies (due within %(days)s days or overdue)") % {
        "days": REPORT_HORIZON_DAYS}, count, f"{reverse('resolutions:calendar')}?{query}", DUE_SOON, _("Mandates"))]


def register():
    register_attention("resolutions.obligations", obligations, roles=("planning_officer", "administrator"),
                       order=20)
    register_attention("resolutions.reports", reports_to_prepare, roles=("planning_officer", "administrator"),
                       order=22)
