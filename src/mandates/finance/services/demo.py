"""The finance demo (``data/demo_*.yaml``, ``rates_demo.csv``, ``demo_erp_expenditure.csv``), loaded
through the services after the demo portfolio. Projects are found by code; money for a project
that is missing (or whose dates no longer cover a year or a row) is skipped and counted. Running
it twice changes nothing."""
import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import yaml
from django.db import transaction

from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.portfolio.models import Programme, Project
from mandates.strategy.models import StrategyNode

from ..models import Biennium, BudgetRevision, Contribution, Donor, DonorReader, FundSegment, SegmentGroup
from .budgets import revise_budget
from .contributions import assign_donor_reader, save_contribution, save_donor
from .expenditure import import_expenditure
from .rates import import_exchange_rates
from .structure import DATA_DIR, load_fund_structure, save_allotment, set_opening_balance, set_reserve

STRATEGY_PERIOD = "2008-2011"


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{kind.capitalize()}: {n}" for kind, n in self.created.items() if n]
        out += [f"Skipped {kind}: {n}" for kind, n in self.skipped.items() if n]
        return out + self.notes


def _yaml(name: str) -> dict:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_finance_demo(by=None) -> DemoReport:
    report = DemoReport()
    load_fund_structure(by=by)
    batch = import_exchange_rates(DATA_DIR / "rates_demo.csv", by=by, is_demo=True)
    report.created["rates of exchange"] = batch.created
    donors = _donors(by, report)
    _contributions(donors, by, report)
    _settings(by, report)
    _budgets(by, report)
    _expenditure(by, report)
    return report


def _donors(by, report) -> dict[str, Donor]:
    data = _yaml("demo_donors.yaml")
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=[d["country"] for d in data["member_states"]])}
    partners = {p.name: p for p in Partner.objects.all()}
    out = {}
    for item in data["member_states"]:
        country = countries.get(item["country"])
        if country is None:
            report.skipped["donors (country not loaded)"] += 1
            continue
        donor = Donor.objects.filter(country=country).first()
        if donor is None:
            donor = save_donor(by=by, name=country.name, short_name=item["short_name"], kind=Donor.Kind.MEMBER_STATE,
                               country=country, partner=partners.get(item.get("partner")), is_demo=True)
            report.created["donors"] += 1
        out[item["short_name"]] = donor
    for item in data["others"]:
        donor = Donor.objects.filter(name=item["name"]).first()
        if donor is None:
            donor = save_donor(by=by, name=item["name"], short_name=item["short_name"], kind=item["kind"],
                               partner=partners.get(item.get("partner")), is_demo=True)
            report.created["donors"] += 1
        out[item["name"]] = out[item["short_name"]] = donor
    from mandates.people.models import User
    from mandates.people.services import create_user

    for item in data.get("readers", []):
        user = User.objects.filter(username=item["username"]).first()
        if user is None:
            user = create_user(by=by, username=item["username"], password=data["password"], role="donor_reader",
                               first_name=item.get("first_name", ""), last_name=item.get("last_name", ""),
                               email=item.get("email", ""))
            report.created["donor reader accounts"] += 1
        if not DonorReader.objects.filter(user=user).exists() and user.role == "donor_reader":
            assign_donor_reader(user, out[item["donor"]], by=by)
    return out


def _contributions(donors, by, report) -> None:
    items = _yaml("demo_contributions.yaml")["contributions"]
    existing = set(Contribution.objects.filter(reference__in=[c["reference"] for c in items])
                   .values_list("reference", flat=True))
    segments = {(s.biennium_id, s.code): s for s in FundSegment.objects.all()}
    bienniums = list(Biennium.objects.all())
    projects = {p.code: p for p in Project.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    areas = {a.m49_code: a for a in Area.objects.all()}
    themes = {n.code: n for n in StrategyNode.objects.filter(period__code=STRATEGY_PERIOD, track="results")}
    for item in items:
        if item["reference"] in existing:
            continue
        day = date.fromisoformat(str(item["date"]))
        biennium = next(b for b in bienniums if b.start_year <= day.year <= b.end_year)
        targets, missing = {}, None
        for key, index in (("project", projects), ("programme", programmes), ("area", areas), ("theme", themes)):
            if key in item:
                targets[key] = index.get(str(item[key]))
                if targets[key] is None:
                    missing = key
        donor = donors.get(item["donor"])
        if missing or donor is None:
            report.skipped[f"contributions ({missing or 'donor'} not loaded)"] += 1
            continue
        save_contribution(by=by, reference=item["reference"], donor=donor,
                          segment=segments[(biennium.pk, item["segment"])], date=day, currency=item["currency"],
                          amount=Decimal(item["amount"]), received_amount=Decimal(item["received"]),
                          earmarking=item["earmarking"], psc_rate=Decimal(item["psc_rate"]) if "psc_rate" in item
                          else None, description="Demo contribution", is_demo=True, **targets)
        report.created["contributions"] += 1


def _settings(by, report) -> None:
    data = _yaml("demo_settings.yaml")
    for biennium_code, values in data["opening_balances"].items():
        for code, amount in values.items():
            segment = FundSegment.objects.get(biennium__code=biennium_code, code=code)
            if segment.opening_balance is None:
                set_opening_balance(segment, amount=Decimal(amount), by=by)
    for biennium_code, values in data["reserves"].items():
        for code, amount in values.items():
            target = (FundSegment.objects.filter(biennium__code=biennium_code, code=code).first()
                      or SegmentGroup.objects.get(biennium__code=biennium_code, code=code))
            if not target.reserve:
                set_reserve(target, amount=Decimal(amount), by=by)
    for code, years in data["allotments"].items():
        for year, amount in years.items():
            segment = FundSegment.objects.get(biennium__start_year__lte=year, biennium__end_year__gte=year, code=code)
            save_allotment(segment=segment, year=year, amount=Decimal(amount), reference="Demo allotment", by=by,
                           is_demo=True)


def _lines(years: dict, segment_code: str | None = None, keep=lambda year: True) -> list[dict]:
    """Budget lines from {year: {class: amount}} (and, for office budgets, a segment per entry)."""
    return [{"year": int(year), "segment": segment_code, "budget_class": cls, "amount": Decimal(str(amount))}
            for year, classes in years.items() if keep(int(year)) for cls, amount in classes.items()]


def _budgets(by, report) -> None:
    data = _yaml("demo_budgets.yaml")
    for code, segments in data["office"].items():
        biennium = Biennium.objects.get(code=code)
        if BudgetRevision.objects.filter(biennium=biennium, project__isnull=True).exists():
            continue
        lines = [line for seg, years in segments.items() for line in _lines(years, seg)]
        revise_budget(biennium=biennium, lines=lines, reason="Approved budget", by=by, is_demo=True)
        report.created["office-level budgets"] += 1
    projects = {p.code: p for p in Project.objects.filter(code__in=list(data["projects"]))}
    for code, entry in data["projects"].items():
        project = projects.get(code)
        if project is None:
            report.skipped["project budgets (project not loaded)"] += 1
            continue
        if BudgetRevision.objects.filter(project=project).exists():
            continue
        keep = lambda year: project.start_date.year <= year <= project.end_date.year  # noqa: E731
        revise_budget(project=project, lines=_lines(entry["years"], entry["segment"], keep), by=by, is_demo=True)
        for revision in entry.get("revisions", []):
            revise_budget(project=project, lines=_lines(revision["years"], entry["segment"], keep),
                          reason=revision["reason"], by=by, is_demo=True)
        report.created["project budgets"] += 1


def _expenditure(by, report) -> None:
    path = DATA_DIR / "demo_erp_expenditure.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    projects = {p.code: p for p in Project.objects.all()}
    known = set(Contribution.objects.values_list("reference", flat=True))
    units = set(WorkUnit.objects.values_list("code", flat=True))
    kept = []
    for row in rows:
        code = row["project_code"]
        if code:
            project = projects.get(code)
            day = date.fromisoformat(row["date"])
            if project is None or not (project.start_date <= day <= project.end_date):
                report.skipped["ERP rows (project missing or dates changed)"] += 1
                continue
        if row["contribution_ref"] and row["contribution_ref"] not in known:
            row["contribution_ref"] = ""
        if row["work_unit_code"] and row["work_unit_code"] not in units:
            row["work_unit_code"] = ""
        kept.append(row)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    upload = io.BytesIO(out.getvalue().encode("utf-8"))
    batch = import_expenditure(upload, by=by, file_name=path.name, is_demo=True)
    report.created["expenditure lines"] = batch.created
