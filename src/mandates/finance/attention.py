"""What needs a finance officer's attention on the home page (registered in ``ready``)."""
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import (
    DUE_SOON,
    FOR_INFORMATION,
    OVERDUE,
    TO_DO,
    AttentionItem,
    register_attention,
    register_followed,
)
from mandates.core.shared_figures import kept
from mandates.people import permissions

from .models import Biennium, Contribution, ExchangeRate, ProjectFinance


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
    as_of = selectors.default_as_of(biennium)
    # the same for everyone who may see it: computed once per data version (core.shared_figures)
    at_risk = kept(("segments below their reserve", biennium.pk, as_of),
                   lambda: sum(1 for p in selectors.projections(biennium, as_of) if p.at_risk))
    return [AttentionItem(_("fund segments projected below their reserve in %(code)s") % {"code": biennium.code},
                          at_risk, f"{reverse('finance:projections')}?biennium={biennium.code}", DUE_SOON,
                          _("Finance"))]


def _delivery_item(user, spent: str, label: str, urgency: int, unit=None):
    from .selectors.delivery import audience, project_delivery

    # shared by the people who may see the same projects' money (core.shared_figures)
    count = kept(("projects by delivery", audience(user), unit.pk if unit else None, spent),
                 lambda: len(project_delivery(user, unit=unit, spent=spent, running_only=True)))
    query = {"by": "project", "spent": spent, "running": "1", **({"unit": unit.code} if unit else {})}
    return AttentionItem(label, count, f"{reverse('finance:delivery')}?{urlencode(query)}", urgency, _("Finance"))


def budgets_nearly_spent(user):
    """A programme manager's running projects with 90 % or more of their budget spent (not over it)."""
    if user.work_unit is None or not permissions.can(user, "view", ProjectFinance):
        return []
    return [_delivery_item(user, "90", _("of your unit's projects have spent 90 % or more of their budget"),
                           DUE_SOON, unit=user.work_unit),
            _delivery_item(user, "over", _("of your unit's projects have spent more than their budget"), OVERDUE,
                           unit=user.work_unit)]


def over_budget(user):
    if not permissions.can(user, "view", ProjectFinance):
        return []
    return [_delivery_item(user, "over", _("running projects whose expenditure exceeds their budget"), OVERDUE)]


def months_without_rate(user):
    if not permissions.can(user, "view", ExchangeRate):
        return []
    from .selectors.rates import missing_rates

    return [AttentionItem(_("months without a rate of exchange (a currency in a month)"), len(missing_rates()),
                          f"{reverse('finance:rates')}?missing=1", TO_DO, _("Finance"))]


def contributions_outstanding(user):
    """A donor reader: their pledges not yet (fully) received, by status."""
    from . import selectors

    items = []
    for status, label in ((Contribution.Status.PLEDGED, _("of your pledges not yet received")),
                          (Contribution.Status.PARTLY_RECEIVED, _("of your contributions partly received"))):
        count = selectors.contributions(user, status=status).count()
        items.append(AttentionItem(label, count, f"{reverse('finance:contribution_list')}?status={status}",
                                   FOR_INFORMATION, _("Finance")))
    return items


def followed_contributions(user):
    """A donor reader follows their own contributions."""
    if user.role != "donor_reader":
        return None
    return permissions.visible(user, Contribution.objects.all())


def currencies_with_rate():
    return ExchangeRate.objects.order_by().values_list("currency", flat=True).distinct()


def register():
    register_attention("finance.shortfalls", projected_shortfalls, roles=("finance_officer", "administrator"),
                       order=15)
    register_attention("finance.budgets_nearly_spent", budgets_nearly_spent, roles=("programme_manager",), order=16)
    register_attention("finance.over_budget", over_budget, roles=("finance_officer",), order=16)
    register_attention("finance.missing_rates", months_without_rate, roles=("finance_officer",), order=70)
    register_attention("finance.contributions", contributions_outstanding, roles=("donor_reader",), order=40)
    register_followed("finance.contributions", followed_contributions)
    from mandates.core.extensions import register_provider

    register_provider("currencies_with_rate", currencies_with_rate)  # the activity form offers only these
