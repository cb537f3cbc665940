"""What needs a finance officer's attention on the home page (registered in ``ready``)."""
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import DUE_SOON, AttentionItem, register_attention
from mandates.people import permissions

from .models import Biennium


def current_biennium(today: date | None = None):
    """The biennium the finance pages open on (as ``views.common.pick_biennium`` chooses it)."""
    year = (today or date.today()).year
    bienniums = list(Biennium.objects.order_by("start_year"))
    return next((b for b in bienniums if b.start_year <= year <= b.end_year), bienniums[-1] if bienniums else None)


def projected_shortfalls(user):
    if not permissions.can(user, "view", Biennium):
        return []
    from . import selectors

    biennium = current_biennium()
    if biennium is None:
        return []
    rows = selectors.projections(biennium, selectors.default_as_of(biennium))
    at_risk = sum(1 for p in rows if p.at_risk)
    return [AttentionItem(_("fund segments projected below their reserve in %(code)s") % {"code": biennium.code},
                          at_risk, f"{reverse('finance:projections')}?biennium={biennium.code}", DUE_SOON,
                          _("Finance"))]


def register():
    register_attention("finance.shortfalls", projected_shortfalls, roles=("finance_officer", "administrator"),
                       order=15)
