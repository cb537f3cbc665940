"""The portfolio's panels on earlier domains' pages (core.extensions), so that geography,
organisation and partners never import the portfolio: a country's projects, a work unit's
programmes and projects, a partner's projects. Registered in ``PortfolioConfig.ready``."""
from mandates.core.extensions import register_panel


def _country(user, country):
    from . import selectors

    return {"projects": selectors.projects_for_country(user, country)}


def _unit(user, unit):
    from . import selectors

    return selectors.led_by(user, unit)


def _partner(user, partner):
    from . import selectors

    return {"roles": selectors.projects_with_partner(user, partner)}


def register():
    register_panel("country", "portfolio/_country_projects.html", order=10, context=_country)
    register_panel("work_unit", "portfolio/_unit_portfolio.html", order=10, context=_unit)
    register_panel("partner", "portfolio/_partner_projects.html", order=10, context=_partner)
