"""What needs attention on the home page, from the results domain (registered in ``ready``)."""
from datetime import date
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.extensions import DUE_SOON, OVERDUE, TO_DO, AttentionItem, register_attention
from mandates.people import permissions

# A year's indicator values are due by the end of the first quarter of the next year.
VALUES_DUE_MONTH = 3


def values_to_review(user):
    if permissions.scope(user, "indicator_value", "transition") == "none":
        return []
    from . import selectors

    return [AttentionItem(_("indicator values submitted, waiting for your approval"),
                          selectors.pending_values(user).count(), reverse("results:pending_values"), DUE_SOON,
                          _("Results"))]


def values_due(user, today: date | None = None):
    """A programme manager's indicators with no value yet for last year (due by 31 March)."""
    from .models import Indicator

    unit = user.work_unit
    if unit is None or not permissions.can(user, "view", Indicator):
        return []
    from . import selectors

    today = today or timezone.localdate()
    year = today.year - 1
    overdue = today.month > VALUES_DUE_MONTH
    count = selectors.indicator_list(user, unit=unit, missing_year=year).count()
    label = (_("indicator values for %(year)s overdue (due by 31 March) in your unit's projects") if overdue
             else _("indicator values for %(year)s due by 31 March in your unit's projects")) % {"year": year}
    url = f"{reverse('results:indicator_list')}?{urlencode({'unit': unit.code, 'missing': year})}"
    return [AttentionItem(label, count, url, OVERDUE if overdue else DUE_SOON, _("Results"))]


def activities_overdue(user):
    from mandates.portfolio.models import Activity

    unit = user.work_unit
    if unit is None or not permissions.can(user, "view", Activity):
        return []
    from . import selectors

    count = selectors.activities_without_delivery(user, unit=unit, ended_before=timezone.localdate()).count()
    return [AttentionItem(_("activities of your unit's projects past their end date without a delivery"), count,
                          f"{reverse('results:overdue_activities')}?{urlencode({'unit': unit.code})}", OVERDUE,
                          _("Results"))]


def plan_gaps(user):
    """Expected results of the latest period with a gap in the implementation plan (as the plan page counts them)."""
    from .models import ImplementationPlan

    if not permissions.can(user, "view", ImplementationPlan):
        return []
    from mandates.strategy.models import StrategyPeriod

    from .plan import stored
    from .plan.summary import DEFAULT_SHOWN

    period = StrategyPeriod.objects.order_by("-start_year").first()
    if period is None:
        return []
    # The plan is the office's heaviest page: its count is kept until the data change (the latest audit
    # entry) or the day turns (the as-at date of its gaps), so the home page stays light.
    from auditlog.models import LogEntry
    from django.core.cache import cache

    latest = LogEntry.objects.order_by("-pk").values_list("pk", "timestamp").first() or (0, "")
    stamp = str(latest[1]).replace(" ", "T")
    key = f"attention:plan_gaps:{user.pk}:{period.pk}:{latest[0]}:{stamp}:{timezone.localdate().isoformat()}"
    count = cache.get(key)
    if count is None:
        # the plan page's own stored summary (the same gaps; brought up to date in part after a write, or
        # computed and stored once for the page): not the whole plan computed live for one number
        count = stored.summary_plan(user, period, shown=DEFAULT_SHOWN).totals["with_gaps"]
        cache.set(key, count, 3600)
    return [AttentionItem(_("expected results of %(period)s with gaps in the implementation plan") % {
        "period": period.code}, count, f"{reverse('results:plan')}?period={period.code}", TO_DO, _("Results"))]


def register():
    register_attention("results.values_to_review", values_to_review,
                       roles=("planning_officer", "administrator"), order=10)
    register_attention("results.values_due", values_due, roles=("programme_manager",), order=12)
    register_attention("results.activities_overdue", activities_overdue, roles=("programme_manager",), order=14)
    register_attention("results.plan_gaps", plan_gaps, roles=("planning_officer",), order=60)
