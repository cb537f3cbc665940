"""The tables the portal shows, as columns and rows, so a download holds exactly what is on screen.

Each table has named columns (the column picker chooses among them) and a function giving its rows
for the current filters. Text cells that a spreadsheet would read as a formula are neutralised.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from mandates.geography.names import place_name

from .selectors import figures as fig

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """OWASP CSV injection: a text cell starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass
class Table:
    name: str
    title: object
    columns: list[tuple[str, object]]
    rows: Callable  # (filters) -> list[dict]

    def pick(self, wanted: list[str]) -> list[tuple[str, object]]:
        if not wanted:
            return self.columns
        known = dict(self.columns)
        unknown = [w for w in wanted if w not in known]
        if unknown:
            from .filters import BadFilter
            raise BadFilter(_("Unknown column: %(names)s. Choose among: %(known)s.")
                            % {"names": ", ".join(u[:30] for u in unknown[:5]), "known": ", ".join(known)})
        return [(key, known[key]) for key in wanted]


def _project_rows(filters):
    projects = fig.filtered_projects(filters).select_related("programme").prefetch_related(
        "locations__country", "locations__area").order_by("code")
    figures = fig.compute(filters, projects=projects)
    for p in projects:
        money = figures.per_project.get(p.pk, {"spent": fig.ZERO, "budget": fig.ZERO})
        yield {
            "code": p.code, "title": p.title, "programme": p.programme.code if p.programme_id else "",
            "status": str(p.get_status_display()), "start": p.start_date.isoformat(), "end": p.end_date.isoformat(),
            "locations": "; ".join(place_name(loc.country or loc.area) for loc in p.locations.all()),
            "budget_usd": None if filters.donor else money["budget"], "spent_usd": money["spent"],
        }


def _from_figures(attribute, make):
    def rows(filters):
        return [make(row) for row in getattr(fig.compute(filters), attribute)]
    return rows


TABLES = {t.name: t for t in [
    Table("projects", _("Projects"), [
        ("code", _("Code")), ("title", _("Title")), ("programme", _("Programme")), ("status", _("Status")),
        ("start", _("Start")), ("end", _("End")), ("locations", _("Where")), ("budget_usd", _("Budget (USD)")),
        ("spent_usd", _("Spent (USD)"))], _project_rows),
    Table("years", _("Money by year"), [("year", _("Year")), ("budget_usd", _("Budget (USD)")),
                                         ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_year", lambda r: {"year": r["year"], "budget_usd": r["budget"], "spent_usd": r["spent"]})),
    Table("donors", _("Spending by donor"), [("donor", _("Donor")), ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_donor", lambda r: {"donor": r["name"] or str(_("Not attributed to a donor")),
                                               "spent_usd": r["spent"]})),
    Table("countries", _("Spending by country"), [("iso3", _("ISO code")), ("country", _("Country or area")),
                                                  ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_country", lambda r: {"iso3": r["country"].iso3, "country": r["name"],
                                                 "spent_usd": r["spent"]})),
    Table("regions", _("Spending by region"), [("m49", _("M49 code")), ("region", _("Region")),
                                               ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_region", lambda r: {"m49": r["area"].m49_code, "region": r["name"],
                                                "spent_usd": r["spent"]})),
    Table("themes", _("Spending by theme"), [("code", _("Code")), ("theme", _("Theme")),
                                             ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_theme", lambda r: {"code": r["node"].code, "theme": r["node"].title,
                                               "spent_usd": r["spent"]})),
    Table("results", _("Spending by expected result"), [("code", _("Code")), ("result", _("Expected result")),
                                                        ("spent_usd", _("Spent (USD)"))],
          _from_figures("by_result", lambda r: {"code": r["node"].code, "result": r["node"].title,
                                                "spent_usd": r["spent"]})),
]}
