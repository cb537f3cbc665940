"""What needs attention on the home page, from requests for assistance (registered in ``ready``)."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import (
    FOR_INFORMATION,
    TO_DO,
    AttentionItem,
    register_attention,
    register_followed,
)

from .models import AssistanceRequest


def assigned_to_my_unit(user):
    unit = user.work_unit
    if unit is None:
        return []
    from . import selectors

    filters = selectors.RequestFilters(unit=unit, status=AssistanceRequest.Status.ASSIGNED)
    url = f"{reverse('assistance:list')}?{urlencode({'unit': unit.code, 'status': 'assigned'})}"
    return [AttentionItem(_("requests for assistance assigned to your unit, waiting for an answer"),
                          selectors.request_list(user, filters).count(), url, TO_DO, _("Assistance"))]


def my_requests(user):
    """A Member State reader: their State's requests, by status (one query)."""
    from django.db.models import Count

    from . import selectors

    counts = dict(selectors.visible_requests(user).order_by().values_list("status").annotate(n=Count("id")))
    labels = dict(AssistanceRequest.Status.choices)
    return [AttentionItem(_("of your requests for assistance: %(status)s") % {"status": labels[status].lower()},
                          counts[status], f"{reverse('assistance:list')}?status={status}", FOR_INFORMATION,
                          _("Assistance"))
            for status in AssistanceRequest.Status.values if counts.get(status)]


def followed_requests(user):
    """A Member State reader follows their State's requests."""
    if user.role != "member_state_reader":
        return None
    from . import selectors

    return selectors.visible_requests(user)


def register():
    register_attention("assistance.assigned", assigned_to_my_unit, roles=("programme_manager",), order=40)
    register_attention("assistance.mine", my_requests, roles=("member_state_reader",), order=40)
    register_followed("assistance.requests", followed_requests)
