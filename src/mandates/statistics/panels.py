"""Statistics beside the work: the country page shows the country's main series (core.extensions)."""
from mandates.core.extensions import register_panel


def _country_context(user, country):
    from . import selectors

    return {"country_series": selectors.country_main_series(country)}


def register():
    register_panel("country", "statistics/_country_panel.html", order=40, context=_country_context)
