"""Tables of the finance pages, built from the selectors (the page and its Excel export share them)."""
from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .selectors.delivery import DIMENSION_TITLES, DIMENSIONS
from .selectors.sums import cents
from .tables import Column, Table


def segment_columns() -> list[Column]:
    return [
        Column("label", _("Fund segment")), Column("code", _("Code"), "code"),
        Column("opening", _("Opening balance"), "money"), Column("contributions", _("Contributions and allotments"), "money"),
        Column("psc_credited", _("PSC credited"), "money"), Column("income", _("Total income"), "money"),
        Column("expenditure", _("Expenditure"), "money"), Column("psc_charged", _("PSC charged"), "money"),
        Column("uses", _("Total uses"), "money"), Column("net", _("Surplus (shortfall)"), "money"),
        Column("closing", _("Closing balance"), "money"), Column("budget", _("Current budget"), "money"),
        Column("delivery", pgettext("financial implementation", "Delivery"), "percent"),
    ]


def overview_tables(ov: dict) -> list[Table]:
    b = ov["biennium"]
    rows = []
    for line in ov["lines"]:
        f = line.flows
        rows.append({
            "label": line.label, "code": line.code, "opening": line.opening,
            "contributions": f.contributions + f.allotments, "psc_credited": f.psc_credited, "income": f.income,
            "expenditure": f.expenditure, "psc_charged": f.psc_charged, "uses": f.uses, "net": f.net,
            "closing": line.closing, "budget": f.budget, "delivery": line.delivery, "_role": line.role,
        })
    tables = [Table("segments", _("Sources and uses by fund segment, %(biennium)s") % {"biennium": b}, segment_columns(),
                    rows, note=_("PSC: programme support cost, charged to special-purpose segments and credited to the "
                                 "programme-support-cost segment of the same fund, so the two columns cancel out in "
                                 "the total."))]
    sources = [{"source": r["source"], "amount": r["amount"], "share": r["share"]} for r in ov["sources"]]
    sources.append({"source": _("Total"), "amount": sum((r["amount"] for r in ov["sources"]), Decimal(0)),
                    "share": 1 if ov["sources"] else None, "_role": "total"})
    tables.append(Table("sources", _("Funding mix by source, %(biennium)s") % {"biennium": b}, [
        Column("source", _("Source")), Column("amount", _("Amount (USD)"), "money"), Column("share", _("Share"), "percent")],
        sources))
    tables.append(year_table(ov["by_year"], _("Income by year and earmarking, %(biennium)s") % {"biennium": b}))
    if ov["apportionment"]:
        tables.append(Table("apportionment", _("Apportionment of general-purpose requirements, %(biennium)s") % {"biennium": b}, [
            Column("fund", _("Fund")), Column("share", _("Share"), "percent"),
            Column("budget", _("Requirements budgeted (USD)"), "money"),
            Column("expenditure", _("Requirements spent (USD)"), "money")],
            [{"fund": a["fund"].name, "share": a["share"] / 100, "budget": a["budget"],
              "expenditure": a["expenditure"]} for a in ov["apportionment"]],
            note=b.apportionment_source))
    tables.append(Table("uses", _("Expenditure by budget class, %(biennium)s") % {"biennium": b}, [
        Column("name", _("Budget class")), Column("budget", _("Current budget"), "money"),
        Column("expenditure", _("Expenditure"), "money"), Column("delivery", pgettext("financial implementation", "Delivery"), "percent")],
        ov["uses_by_class"]))
    return tables


def year_table(rows: list[dict], title: str) -> Table:
    return Table("years", title, [
        Column("year", _("Year"), "year"), Column("general_purpose", _("General-purpose"), "money"),
        Column("soft", _("Soft-earmarked"), "money"), Column("hard", _("Hard-earmarked"), "money"),
        Column("voluntary", _("Voluntary contributions"), "money"), Column("regular_budget", _("Regular budget"), "money"),
        Column("total", _("Total"), "money"), Column("earmarked_share", _("Earmarked share"), "percent"),
        Column("rb_share", _("Regular-budget share"), "percent")], rows)


def _risk(p) -> str:
    if p.role in ("member", "total"):
        return ""
    return _("Below reserve") if p.at_risk else _("Above reserve")  # the page's badge, word for word


def projection_table(rows, biennium, as_of, total=None) -> Table:
    out = []
    for p in [*rows, *([total] if total is not None else [])]:
        out.append({
            "label": p.label, "code": p.code, "opening": p.opening, "income_to_date": p.income_to_date,
            "pledged_later": p.pledged_later, "expected_from_history": p.expected_from_history,
            "projected_income": p.projected_income, "uses_to_date": p.uses_to_date,
            "projected_uses": p.projected_uses, "net": p.net, "closing": p.closing, "reserve": p.reserve,
            "risk": _risk(p), "_role": p.role,
        })
    return Table("projections", _("Projections %(biennium)s as of %(date)s") % {
        "biennium": biennium, "date": date_format(as_of, "j F Y")}, [
        Column("label", _("Fund segment")), Column("code", _("Code"), "code"), Column("opening", _("Opening balance"), "money"),
        Column("income_to_date", _("Income to date"), "money"), Column("pledged_later", _("Pledged, later dated"), "money"),
        Column("expected_from_history", _("Expected from history"), "money"),
        Column("projected_income", _("Projected income"), "money"), Column("uses_to_date", _("Uses to date"), "money"),
        Column("projected_uses", _("Projected expenditure"), "money"), Column("net", _("Surplus (shortfall)"), "money"),
        Column("closing", _("Projected closing balance"), "money"), Column("reserve", _("Reserve"), "money"),
        Column("risk", _("Risk"))], out)


EARMARKING = {"general_purpose": gettext_lazy("General-purpose"), "soft": gettext_lazy("Soft"),
              "hard": gettext_lazy("Hard")}


def _target(c) -> str:
    """What a contribution is earmarked to, briefly (codes for projects, programmes and strategy nodes)."""
    if c.project_id:
        return c.project.code
    if c.programme_id:
        return c.programme.code
    if c.area_id:
        return c.area.name
    if c.theme_id:
        return _("Strategy %(code)s") % {"code": c.theme.code}
    return ""


def contributions_table(rows, title=None) -> Table:
    out = []
    for c in rows:
        out.append({
            "reference": c.reference, "date": c.date, "donor": c.donor.name, "segment": c.segment.code,
            "biennium": c.segment.biennium.code, "earmarking": EARMARKING[c.earmarking],
            "earmarked_to": _target(c), "currency": c.currency, "amount": c.amount,
            "rate": c.rate, "usd_amount": c.usd_amount, "received_usd": c.received_usd,
            "status": c.get_status_display(), "_link": reverse("finance:contribution_detail", args=[c.pk]),
        })
    return Table("contributions", title or _("Contributions"), [
        Column("reference", _("Reference")), Column("date", _("Date"), "date"), Column("donor", _("Donor")),
        Column("segment", _("Fund segment"), "code"), Column("biennium", _("Biennium"), "code"),
        Column("earmarking", _("Earmarking")), Column("earmarked_to", _("Earmarked to")), Column("currency", _("Currency")),
        Column("amount", _("Amount (original currency)"), "money"), Column("rate", _("Rate used (per USD)")),
        Column("usd_amount", _("US-dollar equivalent"), "money"), Column("received_usd", _("Received (USD)"), "money"),
        Column("status", _("Status"))], out, empty=_("No contribution matches."))


def donors_table(rows) -> Table:
    return Table("donors", _("Donors"), [
        Column("name", _("Donor")), Column("kind", _("Kind")), Column("count", _("Contributions"), "int"),
        Column("total", _("Total (USD)"), "money"), Column("received", _("Received (USD)"), "money")],
        [{"name": d.name, "kind": d.get_kind_display(), "count": d.count, "total": cents(d.total),
          "received": cents(d.received), "_link": reverse("finance:donor_detail", args=[d.pk])} for d in rows],
        empty=_("No donor to show."))


def donor_tables(detail: dict) -> list[Table]:
    donor = detail["donor"]
    tables = [Table("by_biennium", _("By biennium and earmarking"), [
        Column("biennium", _("Biennium")), Column("general_purpose", _("General-purpose"), "money"),
        Column("soft", _("Soft-earmarked"), "money"), Column("hard", _("Hard-earmarked"), "money"),
        Column("total", _("Total"), "money")], detail["by_biennium"]),
        contributions_table(detail["contributions"], title=_("Contributions of %(donor)s") % {"donor": donor.label}),
        Table("paid_for", _("What the contributions paid for"), [
            Column("project", _("Project")), Column("expenditure", _("Expenditure (USD)"), "money"),
            Column("psc", _("Programme support cost (USD)"), "money")],
            [{"project": f"{r['project__code']} {r['project__title']}" if r["project"] else _("Office-level"),
              "expenditure": cents(r["total"]), "psc": cents(r["psc"]),
              "_link": reverse("finance:project", args=[r["project"]]) if r["project"] else None}
             for r in detail["paid_for"]],
            empty=_("No expenditure is recorded against these contributions yet."))]
    return tables


def project_tables(pf: dict) -> list[Table]:
    money = [Column("budget", _("Budget (USD)"), "money"), Column("expenditure", _("Expenditure (USD)"), "money"),
             Column("delivery", pgettext("financial implementation", "Delivery"), "percent")]
    lines = [{"year": r["year"], "class": r["budget_class"].name, "budget": r["budget"],
              "expenditure": r["expenditure"], "obligations": r["obligations"], "psc": r["psc"],
              "delivery": r["delivery"]} for r in pf["lines"]]
    lines.append({"year": None, "class": _("Total"), **{k: pf["total"][k] for k in ("budget", "expenditure",
                                                                              "obligations", "psc", "delivery")},
                  "_role": "total"})
    years = [dict(y) for y in pf["years"]]
    years.append({"year": None, **pf["total"], "_role": "total"})
    return [
        Table("by_year_class", _("Budget and expenditure by year and budget class"), [
            Column("year", _("Year"), "year"), Column("class", _("Budget class")), *money[:2],
            Column("obligations", _("of which obligations"), "money"),
            Column("psc", _("Programme support cost (USD)"), "money"), money[2]], lines,
            empty=_("No budget or expenditure is recorded for this project yet.")),
        Table("by_year", _("By year"), [Column("year", _("Year"), "year"), *money], years),
        Table("by_biennium", _("By biennium"), [Column("biennium", _("Biennium")), *money], pf["bienniums"]),
        Table("by_class", _("By budget class"), [Column("class", _("Budget class")), *money],
              [{"class": c["budget_class"].name, "budget": c["budget"], "expenditure": c["expenditure"],
                "delivery": c["delivery"]} for c in pf["by_class"]]),
        Table("by_segment", _("Current budget by fund segment"), [
            Column("segment", _("Code")), Column("name", _("Fund segment")), Column("budget", _("Budget (USD)"), "money")],
            pf["by_segment"]),
    ]


def delivery_table(rows: list[dict], dimension: str, biennium) -> Table:
    label = str(DIMENSIONS[dimension])
    title = str(DIMENSION_TITLES[dimension]) + (f", {biennium}" if biennium else "")
    out = []
    for r in rows:
        link = r.get("link")
        out.append({"label": r["label"], "budget": r["budget"], "expenditure": r["expenditure"],
                    "delivery": r["delivery"], "_link": reverse(link[0], args=[link[1]]) if link else None})
    return Table(f"delivery_{dimension}", title, [
        Column("label", label), Column("budget", _("Current budget (USD)"), "money"),
        Column("expenditure", _("Expenditure (USD)"), "money"), Column("delivery", pgettext("financial implementation", "Delivery"), "percent")], out,
        empty=_("No project budget or expenditure to show."))


def rates_table(rates) -> Table:
    return Table("rates", _("Rates of exchange"), [
        Column("month", _("Month")), Column("currency", _("Currency")), Column("units_per_usd", _("Units per US dollar")),
        Column("demo", _("Demo"))],
        [{"month": r.month.strftime("%Y-%m"), "currency": r.currency, "units_per_usd": r.units_per_usd,
          "demo": _("demo") if r.is_demo else ""} for r in rates])


def expenditure_table(rows, title=None) -> Table:
    return Table("expenditure", title or _("Expenditure and obligations"), [
        Column("document", _("ERP document")), Column("date", _("Date"), "date"), Column("kind", _("Kind")),
        Column("segment", _("Fund segment")), Column("class", _("Budget class")), Column("currency", _("Currency")),
        Column("amount", _("Amount (original currency)"), "money"), Column("usd_amount", _("US dollars"), "money"),
        Column("psc_amount", _("Programme support cost"), "money"), Column("description", _("Description"))],
        [{"document": f"{e.document_number}/{e.line}", "date": e.date, "kind": e.get_kind_display(),
          "segment": e.segment.code, "class": e.budget_class.name, "currency": e.currency, "amount": e.amount,
          "usd_amount": e.usd_amount, "psc_amount": e.psc_amount, "description": e.description} for e in rows],
        empty=_("No expenditure is recorded yet."))
