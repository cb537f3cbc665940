"""Tables of the finance pages, built from the selectors (the page and its Excel export share them)."""
from decimal import Decimal

from django.urls import reverse

from .selectors.sums import cents
from .tables import Column, Table

SEGMENT_COLUMNS = [
    Column("label", "Fund segment"), Column("code", "Code", "code"),
    Column("opening", "Opening balance", "money"), Column("contributions", "Contributions and allotments", "money"),
    Column("psc_credited", "PSC credited", "money"), Column("income", "Total income", "money"),
    Column("expenditure", "Expenditure", "money"), Column("psc_charged", "PSC charged", "money"),
    Column("uses", "Total uses", "money"), Column("net", "Surplus (shortfall)", "money"),
    Column("closing", "Closing balance", "money"), Column("budget", "Current budget", "money"),
    Column("delivery", "Delivery", "percent"),
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
    tables = [Table("segments", f"Sources and uses by fund segment, {b}", SEGMENT_COLUMNS, rows,
                    note="PSC: programme support cost, charged to special-purpose segments and credited to the "
                         "programme-support-cost segment of the same fund, so the two columns cancel out in the "
                         "total.")]
    sources = [{"source": r["source"], "amount": r["amount"], "share": r["share"]} for r in ov["sources"]]
    sources.append({"source": "Total", "amount": sum((r["amount"] for r in ov["sources"]), Decimal(0)),
                    "share": 1 if ov["sources"] else None, "_role": "total"})
    tables.append(Table("sources", f"Funding mix by source, {b}", [
        Column("source", "Source"), Column("amount", "Amount (USD)", "money"), Column("share", "Share", "percent")],
        sources))
    tables.append(year_table(ov["by_year"], f"Income by year and earmarking, {b}"))
    if ov["apportionment"]:
        tables.append(Table("apportionment", f"Apportionment of general-purpose requirements, {b}", [
            Column("fund", "Fund"), Column("share", "Share", "percent"),
            Column("budget", "Requirements budgeted (USD)", "money"),
            Column("expenditure", "Requirements spent (USD)", "money")],
            [{"fund": a["fund"].name, "share": a["share"] / 100, "budget": a["budget"],
              "expenditure": a["expenditure"]} for a in ov["apportionment"]],
            note=b.apportionment_source))
    tables.append(Table("uses", f"Expenditure by budget class, {b}", [
        Column("name", "Budget class"), Column("budget", "Current budget", "money"),
        Column("expenditure", "Expenditure", "money"), Column("delivery", "Delivery", "percent")],
        ov["uses_by_class"]))
    return tables


def year_table(rows: list[dict], title: str) -> Table:
    return Table("years", title, [
        Column("year", "Year", "year"), Column("general_purpose", "General-purpose", "money"),
        Column("soft", "Soft-earmarked", "money"), Column("hard", "Hard-earmarked", "money"),
        Column("voluntary", "Voluntary contributions", "money"), Column("regular_budget", "Regular budget", "money"),
        Column("total", "Total", "money"), Column("earmarked_share", "Earmarked share", "percent"),
        Column("rb_share", "Regular-budget share", "percent")], rows)


def _risk(p) -> str:
    if p.role in ("member", "total"):
        return ""
    return "Below reserve" if p.at_risk else "Above reserve"  # the page's badge, word for word


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
    return Table("projections", f"Projections {biennium} as of {as_of:%d %B %Y}", [
        Column("label", "Fund segment"), Column("code", "Code", "code"), Column("opening", "Opening balance", "money"),
        Column("income_to_date", "Income to date", "money"), Column("pledged_later", "Pledged, later dated", "money"),
        Column("expected_from_history", "Expected from history", "money"),
        Column("projected_income", "Projected income", "money"), Column("uses_to_date", "Uses to date", "money"),
        Column("projected_uses", "Projected expenditure", "money"), Column("net", "Surplus (shortfall)", "money"),
        Column("closing", "Projected closing balance", "money"), Column("reserve", "Reserve", "money"),
        Column("risk", "Risk")], out)


EARMARKING = {"general_purpose": "General-purpose", "soft": "Soft", "hard": "Hard"}


def _target(c) -> str:
    """What a contribution is earmarked to, briefly (codes for projects, programmes and strategy nodes)."""
    if c.project_id:
        return c.project.code
    if c.programme_id:
        return c.programme.code
    if c.area_id:
        return c.area.name
    if c.theme_id:
        return f"Strategy {c.theme.code}"
    return ""


def contributions_table(rows, title="Contributions") -> Table:
    out = []
    for c in rows:
        out.append({
            "reference": c.reference, "date": c.date, "donor": c.donor.name, "segment": c.segment.code,
            "biennium": c.segment.biennium.code, "earmarking": EARMARKING[c.earmarking],
            "earmarked_to": _target(c), "currency": c.currency, "amount": c.amount,
            "rate": c.rate, "usd_amount": c.usd_amount, "received_usd": c.received_usd,
            "status": c.get_status_display(), "_link": reverse("finance:contribution_detail", args=[c.pk]),
        })
    return Table("contributions", title, [
        Column("reference", "Reference"), Column("date", "Date", "date"), Column("donor", "Donor"),
        Column("segment", "Fund segment", "code"), Column("biennium", "Biennium", "code"),
        Column("earmarking", "Earmarking"), Column("earmarked_to", "Earmarked to"), Column("currency", "Currency"),
        Column("amount", "Amount (original currency)", "money"), Column("rate", "Rate used (per USD)"),
        Column("usd_amount", "US-dollar equivalent", "money"), Column("received_usd", "Received (USD)", "money"),
        Column("status", "Status")], out, empty="No contribution matches.")


def donors_table(rows) -> Table:
    return Table("donors", "Donors", [
        Column("name", "Donor"), Column("kind", "Kind"), Column("count", "Contributions", "int"),
        Column("total", "Total (USD)", "money"), Column("received", "Received (USD)", "money")],
        [{"name": d.name, "kind": d.get_kind_display(), "count": d.count, "total": cents(d.total),
          "received": cents(d.received), "_link": reverse("finance:donor_detail", args=[d.pk])} for d in rows],
        empty="No donor to show.")


def donor_tables(detail: dict) -> list[Table]:
    donor = detail["donor"]
    tables = [Table("by_biennium", "By biennium and earmarking", [
        Column("biennium", "Biennium"), Column("general_purpose", "General-purpose", "money"),
        Column("soft", "Soft-earmarked", "money"), Column("hard", "Hard-earmarked", "money"),
        Column("total", "Total", "money")], detail["by_biennium"]),
        contributions_table(detail["contributions"], title=f"Contributions of {donor.label}"),
        Table("paid_for", "What the contributions paid for", [
            Column("project", "Project"), Column("expenditure", "Expenditure (USD)", "money"),
            Column("psc", "Programme support cost (USD)", "money")],
            [{"project": f"{r['project__code']} {r['project__title']}" if r["project"] else "Office-level",
              "expenditure": cents(r["total"]), "psc": cents(r["psc"]),
              "_link": reverse("finance:project", args=[r["project"]]) if r["project"] else None}
             for r in detail["paid_for"]],
            empty="No expenditure is recorded against these contributions yet.")]
    return tables


def project_tables(pf: dict) -> list[Table]:
    money = [Column("budget", "Budget (USD)", "money"), Column("expenditure", "Expenditure (USD)", "money"),
             Column("delivery", "Delivery", "percent")]
    lines = [{"year": r["year"], "class": r["budget_class"].name, "budget": r["budget"],
              "expenditure": r["expenditure"], "obligations": r["obligations"], "psc": r["psc"],
              "delivery": r["delivery"]} for r in pf["lines"]]
    lines.append({"year": None, "class": "Total", **{k: pf["total"][k] for k in ("budget", "expenditure",
                                                                              "obligations", "psc", "delivery")},
                  "_role": "total"})
    years = [dict(y) for y in pf["years"]]
    years.append({"year": None, **pf["total"], "_role": "total"})
    return [
        Table("by_year_class", "Budget and expenditure by year and budget class", [
            Column("year", "Year", "year"), Column("class", "Budget class"), *money[:2],
            Column("obligations", "of which obligations", "money"),
            Column("psc", "Programme support cost (USD)", "money"), money[2]], lines,
            empty="No budget or expenditure is recorded for this project yet."),
        Table("by_year", "By year", [Column("year", "Year", "year"), *money], years),
        Table("by_biennium", "By biennium", [Column("biennium", "Biennium"), *money], pf["bienniums"]),
        Table("by_class", "By budget class", [Column("class", "Budget class"), *money],
              [{"class": c["budget_class"].name, "budget": c["budget"], "expenditure": c["expenditure"],
                "delivery": c["delivery"]} for c in pf["by_class"]]),
        Table("by_segment", "Current budget by fund segment", [
            Column("segment", "Code"), Column("name", "Fund segment"), Column("budget", "Budget (USD)", "money")],
            pf["by_segment"]),
    ]


def delivery_table(rows: list[dict], label: str, biennium) -> Table:
    title = f"Delivery by {label.lower()}" + (f", {biennium}" if biennium else "")
    out = []
    for r in rows:
        link = r.get("link")
        out.append({"label": r["label"], "budget": r["budget"], "expenditure": r["expenditure"],
                    "delivery": r["delivery"], "_link": reverse(link[0], args=[link[1]]) if link else None})
    return Table(f"delivery_{label.lower()}", title, [
        Column("label", label), Column("budget", "Current budget (USD)", "money"),
        Column("expenditure", "Expenditure (USD)", "money"), Column("delivery", "Delivery", "percent")], out,
        empty="No project budget or expenditure to show.")


def rates_table(rates) -> Table:
    return Table("rates", "Rates of exchange", [
        Column("month", "Month"), Column("currency", "Currency"), Column("units_per_usd", "Units per US dollar"),
        Column("demo", "Demo")],
        [{"month": r.month.strftime("%Y-%m"), "currency": r.currency, "units_per_usd": r.units_per_usd,
          "demo": "demo" if r.is_demo else ""} for r in rates])


def expenditure_table(rows, title="Expenditure and obligations") -> Table:
    return Table("expenditure", title, [
        Column("document", "ERP document"), Column("date", "Date", "date"), Column("kind", "Kind"),
        Column("segment", "Fund segment"), Column("class", "Budget class"), Column("currency", "Currency"),
        Column("amount", "Amount (original currency)", "money"), Column("usd_amount", "US dollars", "money"),
        Column("psc_amount", "Programme support cost", "money"), Column("description", "Description")],
        [{"document": f"{e.document_number}/{e.line}", "date": e.date, "kind": e.get_kind_display(),
          "segment": e.segment.code, "class": e.budget_class.name, "currency": e.currency, "amount": e.amount,
          "usd_amount": e.usd_amount, "psc_amount": e.psc_amount, "description": e.description} for e in rows],
        empty="No expenditure is recorded yet.")
