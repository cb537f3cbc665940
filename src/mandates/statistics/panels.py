"""Statistics beside the work, through core.extensions (earlier apps never import statistics):
the country page shows the country's main series; an indicator page offers to take its values from a
series; indicators linked to a series get their actual values (with their source) from it."""
from mandates.core.extensions import register_panel, register_provider


def _country_context(user, country):
    from . import selectors

    return {"country_series": selectors.country_main_series(country)}


def _indicator_context(user, indicator):
    from mandates.people import permissions

    from .models import IndicatorLink

    link = IndicatorLink.objects.filter(indicator=indicator).select_related("series", "area").first()
    return {"statistics_link": link, "may_link": permissions.can(user, "change", indicator)}


def _indicator_visible(user, indicator):
    return indicator.is_quantitative


def linked_actuals(indicator_ids):
    """(indicator id, year, value, source) for the indicators that take their values from a series."""
    from django.db.models import Q

    from mandates.core.ids import InIds

    from .models import IndicatorLink, Value

    # One parameter for the whole id list: the implementation plan asks for thousands of indicators.
    links = list(IndicatorLink.objects.filter(InIds("indicator_id", indicator_ids)).select_related("series", "area"))
    if not links:
        return []
    by_pair = {(link.series_id, link.area_id): link for link in links}
    q = Q()
    for series_id, area_id in by_pair:
        q |= Q(series_id=series_id, area_id=area_id)
    out = []
    for value in Value.objects.filter(q).select_related("run").order_by("year"):
        link = by_pair[(value.series_id, value.area_id)]
        source = f"{link.series.get_collection_display()}, {link.area.name}: {value.source} ({value.run.file_name})"
        out.append((link.indicator_id, value.year, value.value, source))
    return out


def latest_import() -> int:
    """The stamp of the statistics imports (not audited: each is an ImportRun, in one transaction), for
    what is stored under a data version (the implementation plan's summaries take linked actuals)."""
    from .models import ImportRun

    return ImportRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def register():
    register_panel("country", "statistics/_country_panel.html", order=40, context=_country_context)
    register_panel("indicator", "statistics/_indicator_panel.html", order=40, visible=_indicator_visible,
                   context=_indicator_context)
    register_provider("indicator_actuals", linked_actuals)
    register_provider("data_version", latest_import)
