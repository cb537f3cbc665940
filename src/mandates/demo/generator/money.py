"""Generated donors, rates of exchange, contributions, budgets with revisions and ERP expenditure."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from mandates.finance.money import percent_of, to_usd

from .bulk import Row

#: Currencies of generated contributions and expenditure, with a base rate (units per USD).
CURRENCIES = {"USD": Decimal("1"), "EUR": Decimal("0.72"), "GBP": Decimal("0.55"), "SEK": Decimal("6.9"),
              "JPY": Decimal("101.5"), "NOK": Decimal("5.8"), "CAD": Decimal("1.05"), "CHF": Decimal("1.1")}
YEARS = range(2008, 2012)


def generate(ctx) -> None:
    _rates(ctx)
    _donors(ctx)
    _contributions(ctx)
    _budgets(ctx)
    _expenditure(ctx)


def _rates(ctx) -> None:
    """A UN operational rate for every month of 2008-2011 and every generated currency (kept if present)."""
    from mandates.finance.models import ExchangeRate

    have = set(ExchangeRate.objects.values_list("currency", "month"))
    rows = []
    ctx.rates = {}
    for code, base in CURRENCIES.items():
        for year in YEARS:
            for month in range(1, 13):
                day = date(year, month, 1)
                rate = (base * Decimal(1 + ((year - 2008) * 12 + month) % 7 / 100)).quantize(Decimal("0.000001"))
                if code == "USD":
                    rate = Decimal("1")
                ctx.rates[(code, day)] = rate
                if (code, day) not in have:
                    rows.append(Row(currency=code, month=day, units_per_usd=rate))
    ctx.bulk(ExchangeRate, rows, "rates of exchange")
    for code, month, rate in ExchangeRate.objects.filter(currency__in=CURRENCIES).values_list(
            "currency", "month", "units_per_usd"):
        ctx.rates[(code, month)] = rate


def _donors(ctx) -> None:
    from mandates.finance.models import Donor

    taken = set(Donor.objects.exclude(country=None).values_list("country_id", flat=True))
    free = [c for c in ctx.countries if c.pk not in taken]
    kinds = ["european_commission", "un_entity", "ifi", "private_sector", "foundation", "other"]
    rows = []
    for i in range(ctx.n("donors")):
        if i % 2 == 0 and free:
            country = free.pop()
            rows.append(Row(name=f"{ctx.prefix}{country.name}", kind="member_state", country=country))
        else:
            rows.append(Row(name=f"{ctx.prefix}Donor {i:05}", kind=kinds[i % len(kinds)]))
    ctx.donors = ctx.bulk(Donor, rows, "donors")


def _segments(ctx):
    from mandates.finance.models import FundSegment

    special = {}
    general = {}
    for seg in FundSegment.objects.select_related("biennium"):
        for year in seg.biennium.years:
            if seg.kind == "special_purpose":
                special.setdefault(year, []).append(seg)
            elif seg.kind == "general_purpose":
                general.setdefault(year, []).append(seg)
    return special, general


def _contributions(ctx) -> None:
    from mandates.finance.models import Contribution

    special, general = _segments(ctx)
    ctx.special_segments = special
    rows = []
    for i in range(ctx.n("contributions")):
        day = date(2008, 1, 1) + timedelta(days=ctx.rng.randrange(0, 4 * 365))
        currency = ctx.rng.choice(list(CURRENCIES))
        rate = ctx.rates[(currency, day.replace(day=1))]
        amount = Decimal(ctx.rng.randrange(20, 3000) * 1000)
        usd = to_usd(amount, rate)
        earmarking = ("hard", "hard", "hard", "soft", "general_purpose")[i % 5]
        project = ctx.rng.choice(ctx.projects) if earmarking == "hard" else None
        segments = general if earmarking == "general_purpose" else special
        received = amount if i % 4 else (amount / 2).quantize(Decimal("0.01"))
        rows.append(Row(
            reference=f"{ctx.prefix}C{i:07}", donor=ctx.rng.choice(ctx.donors),
            segment=ctx.rng.choice(segments[day.year]), date=day, currency=currency, amount=amount, rate=rate,
            rate_month=day.replace(day=1), usd_amount=usd, received_amount=received,
            received_usd=to_usd(received, rate),
            status="received" if received == amount else "partly_received", earmarking=earmarking,
            theme=ctx.rng.choice(ctx.results) if earmarking == "soft" else None, project=project))
    ctx.contributions = ctx.bulk(Contribution, rows, "contributions")


def _budgets(ctx) -> None:
    """An original budget for every project, and a revision (the current one) for every third."""
    from mandates.finance.models import BudgetClass, BudgetLine, BudgetRevision

    classes = list(BudgetClass.objects.order_by("order", "code"))[:4]
    revisions = []
    for i, p in enumerate(ctx.projects):
        revised = i % 3 == 0
        revisions.append(Row(project=p, number=0, reason="Original budget", is_current=not revised))
        if revised:
            revisions.append(Row(project=p, number=1, reason="Additional funding received",
                                            is_current=True))
    revisions = ctx.bulk(BudgetRevision, revisions, "budget revisions")
    lines = []
    for rev in revisions:
        factor = Decimal("1.15") if rev.number else Decimal("1")
        for year in YEARS:
            segment = ctx.special_segments[year][(rev.project_id + year) % len(ctx.special_segments[year])]
            for k, cls in enumerate(classes):
                amount = (Decimal(40000 + (rev.project_id * 7919 + year * 31 + k * 17) % 250000) * factor)
                lines.append(Row(revision=rev, project_id=rev.project_id, is_current=rev.is_current,
                                        segment=segment, year=year, budget_class=cls,
                                        amount=amount.quantize(Decimal("0.01"))))
    ctx.bulk(BudgetLine, lines, "budget lines")
    ctx.budget_classes = classes


def _expenditure(ctx) -> None:
    """ERP lines: disbursements and obligations against the projects, at the month's rate, with 13 % PSC."""
    from mandates.finance.models import Expenditure

    total = ctx.n("expenditure")
    rows = []
    contributions_by_project: dict[int, list] = {}
    for c in ctx.contributions:
        if c.project_id:
            contributions_by_project.setdefault(c.project_id, []).append(c)
    for i in range(total):
        p = ctx.projects[i % len(ctx.projects)]
        day = min(p.start_date + timedelta(days=ctx.rng.randrange(0, 900)), date(2011, 12, 31), p.end_date)
        currency = "USD" if i % 4 else ctx.rng.choice(("EUR", "GBP", "CHF"))
        rate = ctx.rates[(currency, day.replace(day=1))]
        amount = Decimal(ctx.rng.randrange(100, 2000000)) / 100
        usd = to_usd(amount, rate)
        segs = ctx.special_segments[day.year]
        rows.append(Row(
            document_number=f"{ctx.prefix}{i // 10:07}", line=i % 10 + 1, segment=segs[i % len(segs)],
            kind="disbursement" if i % 6 else "obligation", date=day, project=p, work_unit=p.lead_unit,
            budget_class=ctx.budget_classes[i % len(ctx.budget_classes)], currency=currency, amount=amount,
            rate=rate, usd_amount=usd, psc_rate=Decimal("13.00"), psc_amount=percent_of(usd, Decimal("13.00")),
            contribution=ctx.rng.choice(contributions_by_project[p.pk]) if p.pk in contributions_by_project
            and i % 2 else None, description="Generated ERP line"))
        if len(rows) >= 10000:
            ctx.bulk(Expenditure, rows)
            ctx.tick("expenditure", i + 1, total)
            rows = []
    ctx.bulk(Expenditure, rows)
    ctx.tick("expenditure", total, total)
