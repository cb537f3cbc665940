"""The indicators-and-deliveries panel on the project page (registered through core.extensions)."""
from mandates.core.extensions import register_panel
from mandates.people import permissions


def _context(user, project) -> dict:
    from . import selectors

    # the rows name the indicator's output, outcome or result only: not the other five tables of the list
    indicators = list(selectors.indicator_list(user, project=project)
                      .select_related(None).select_related("result", "outcome", "output")[:50])
    series = selectors.series_for(indicators)
    deliveries = selectors.delivery_list(user, project=project)
    return {
        "indicator_rows": [{"indicator": i, "progress": series[i.pk].progress} for i in indicators],
        "delivery_summary": selectors.delivery_summary(deliveries),
        # only their titles are shown: no seven-table join to plan (20 ms of PostgreSQL at N=20)
        "recent_deliveries": list(deliveries.select_related(None).only("pk", "title")[:5]),
    }


def _flags(user, project) -> dict:
    """The panel's buttons, for the person reading it (the rest of the panel may be shared: ``_shared``)."""
    from .models import Delivery, Indicator

    return {"may_add_delivery": permissions.can(user, "add", Delivery(project=project)),
            "may_add_indicator": permissions.can(user, "add", Indicator(project=project))}


def _shared(user, project) -> tuple:
    """The panel shows the indicators and deliveries of the project the person may see, nothing else of theirs."""
    return permissions.view_key(user, "indicator", "delivery")


def _visible(user, project) -> bool:
    return permissions.scope(user, "indicator", "view") != "none"


def register() -> None:
    register_panel("project", "results/_project_panel.html", order=20, visible=_visible, context=_context,
                   shared=_shared, flags=_flags)
