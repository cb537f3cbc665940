"""Loading the demo data set (``demo/data/*.yaml``) through the apps' own services.

``load_demo`` reads and checks every file first (``data_set.read``), then writes everything in one
transaction, in dependency order: work units, partners, users, programmes (components, consultations),
projects (locations, partners, logical framework). Objects whose code (a partner's name, a user's user
name) already exists are left as they are, so running it twice changes nothing.

Statuses are reached by running the real lifecycle transitions, from draft, by the demo person who would
take each step (the programme manager whose unit covers the lead unit submits and starts; the planning
officer approves, endorses and closes), and each recorded status change is dated from the data file's
``timeline`` or, where a step is not dated there, from the object's start and end dates.
"""
import datetime
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mandates.core.models import StatusChange
from mandates.organisation.models import WorkUnit
from mandates.organisation.services import create_work_unit
from mandates.partners.models import Partner
from mandates.partners.services import save_partner
from mandates.people.models import Role, User
from mandates.people.services import create_user
from mandates.portfolio import services as portfolio
from mandates.portfolio.models import Programme, ProgrammeConsultation, Project

from . import lifecycle
from .data_set import DATA_DIR, DataSet, DemoDataError, Entry, partner_key, read

UNODC_IATI_PREFIX = "XM-DAC-41128"  # the Office's IATI organisation identifier (DAC channel code 41128)
APPROVER_STEPS = {"approve", "endorse", "close", "cancel"}


@dataclass
class LoadReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    admin_username: str = ""
    admin_password: str = ""
    admin_existed: bool = False

    def lines(self) -> list[str]:
        out = []
        for kind in ("work units", "partners", "users", "programmes", "components", "consultations", "projects",
                     "outcomes", "outputs", "activities", "status changes"):
            made, kept = self.created[kind], self.existing[kind]
            if made or kept:
                out.append(f"{kind.capitalize()}: {made} loaded" + (f", {kept} already there" if kept else ""))
        return out


def load_demo(by=None, *, data_dir: Path = DATA_DIR, today: datetime.date | None = None) -> LoadReport:
    """Load the demo data set; ``by`` is recorded as the author of the created objects (None: the system).

    Raises ``DemoDataError`` (naming file and entry) when a file is wrong; nothing is then written.
    """
    data = read(data_dir)
    report = LoadReport()
    today = today or timezone.localdate()
    with transaction.atomic():
        units = _load_units(data, by, report)
        partners = _load_partners(data, by, report)
        users = _load_users(data, units, by, report)
        actors = Actors(by, users)
        programmes = _load_programmes(data, units, actors, by, report, today)
        _load_projects(data, units, partners, programmes, actors, by, report, today)
    return report


@contextmanager
def _saving(entry: Entry, *parts: str):
    """Turn a service's ValidationError into a DemoDataError that names the file and entry."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            messages = [f"{name}: {' '.join(texts)}" for name, texts in exc.message_dict.items()]
        else:
            messages = exc.messages
        raise DemoDataError([f"{entry.where(*parts)}: {m}" for m in messages]) from exc


def _load_units(data: DataSet, by, report) -> dict[str, WorkUnit]:
    units = {u.code: u for u in WorkUnit.objects.all()}
    for entry, parent_code in data.units:
        item = entry.data
        if item["code"] in units:
            report.existing["work units"] += 1
            continue
        with _saving(entry):
            units[item["code"]] = create_work_unit(
                by=by, parent=units.get(parent_code), code=item["code"], name=item["name"], kind=item["kind"],
                location=item.get("location", ""), country=data.countries.get(item.get("country")), is_demo=True,
            )
        report.created["work units"] += 1
    # Inserting sorted siblings moves the paths of others: read the tree again.
    return {u.code: u for u in WorkUnit.objects.all()}


def _load_partners(data: DataSet, by, report) -> dict[str, Partner]:
    by_name = {p.name.lower(): p for p in Partner.objects.all()}
    for entry in data.partners:
        item = entry.data
        if item["name"].lower() in by_name:
            report.existing["partners"] += 1
            continue
        with _saving(entry):
            by_name[item["name"].lower()] = save_partner(
                by=by, name=item["name"], acronym=item.get("acronym", ""), kind=item["kind"],
                country=data.countries.get(item.get("country")), iati_organisation_ref=item.get("iati", ""),
                website=item.get("website", ""), description=item.get("description", ""), is_demo=True,
            )
        report.created["partners"] += 1
    keys = {}
    for partner in by_name.values():
        keys.setdefault(partner.name, partner)
        if partner.acronym:
            keys.setdefault(partner.acronym, partner)
    for entry in data.partners:  # the file's own naming wins
        keys[partner_key(entry.data)] = by_name[entry.data["name"].lower()]
    return keys


def _load_users(data: DataSet, units, by, report) -> dict[str, User]:
    wanted = [e.data["username"] for e in data.users]
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    for entry in data.users:
        item = entry.data
        if item["role"] == Role.ADMINISTRATOR and not report.admin_username:
            report.admin_username, report.admin_password = item["username"], data.password
            report.admin_existed = item["username"] in users
        if item["username"] in users:
            report.existing["users"] += 1
            continue
        superuser = bool(item.get("superuser"))
        with _saving(entry):
            users[item["username"]] = create_user(
                by=by, username=item["username"], password=data.password, role=item["role"],
                first_name=item.get("first_name", ""), last_name=item.get("last_name", ""),
                email=item.get("email", ""), work_unit=units.get(item.get("work_unit")),
                country=data.countries.get(item.get("country")), is_staff=superuser, is_superuser=superuser,
            )
        report.created["users"] += 1
    return users


class Actors:
    """Who takes each lifecycle step of a demo object."""

    def __init__(self, by, users: dict[str, User]):
        self.by = by
        people = sorted(users.values(), key=lambda u: u.username)
        self.planner = next((u for u in people if u.role == Role.PLANNING_OFFICER), None) or by
        units = {u.pk: u for u in WorkUnit.objects.filter(pk__in=[p.work_unit_id for p in people if p.work_unit_id])}
        self.managers = [(p, units[p.work_unit_id]) for p in people
                         if p.role == Role.PROGRAMME_MANAGER and p.work_unit_id in units]

    def for_step(self, name: str, unit: WorkUnit):
        if name in APPROVER_STEPS:
            return self.planner
        covering = [(len(u.path), p) for p, u in self.managers if u.covers(unit)]
        if covering:
            return max(covering, key=lambda pair: pair[0])[1]
        # No manager covers the unit: any manager submits, so that the planner who approves is a second person.
        return self.managers[0][0] if self.managers else self.by


def _timeline(entry: Entry) -> tuple[dict, dict]:
    dates, comments = {}, {}
    for name, value in (entry.data.get("timeline") or {}).items():
        if isinstance(value, dict):
            dates[name], comments[name] = value.get("date"), value.get("comment", "")
        else:
            dates[name] = value
    return dates, comments


def _run_lifecycle(obj, entry: Entry, unit: WorkUnit, actors: Actors, report, today, defaults=None):
    explicit, comments = _timeline(entry)
    path = lifecycle.plan(type(obj), entry.data["status"], list(explicit))
    dates = lifecycle.dated(path, {**(defaults or {}), **explicit}, entry.data["start"], entry.data["end"],
                            today=today)
    for step, when in zip(path, dates):
        with _saving(entry, f"lifecycle step “{step.name}”"):
            change = portfolio.transition(obj, step.name, by=actors.for_step(step.name, unit),
                                          comment=comments.get(step.name, ""))
        moment = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10, 0)))
        StatusChange.objects.filter(pk=change.pk).update(changed_at=moment)
        report.created["status changes"] += 1


def _load_programmes(data: DataSet, units, actors, by, report, today) -> dict[str, Programme]:
    programmes = {p.code: p for p in Programme.objects.all()}
    for entry in data.programmes:
        item = entry.data
        if item["code"] in programmes:
            report.existing["programmes"] += 1
            continue
        with _saving(entry):
            programme = portfolio.create_programme(
                by=by, code=item["code"], title=item["title"], kind=item["kind"], summary=item.get("summary", ""),
                strategy_period=data.period, start_date=item["start"], end_date=item["end"],
                lead_unit=units[item["lead_unit"]],
                countries=[data.countries[c] for c in item.get("countries") or []],
                areas=[data.areas[a] for a in item.get("areas") or []],
                results=[data.results[r] for r in item.get("results") or []],
                is_public=item.get("is_public", True), is_demo=True,
            )
        for component in item.get("components") or []:
            with _saving(entry, f"component {component['code']}"):
                portfolio.add_component(programme, by=by, code=component["code"], title=component["title"],
                                        description=component.get("description", ""))
            report.created["components"] += 1
        meetings = item.get("consultations") or []
        for meeting in meetings:
            with _saving(entry, f"consultation of {meeting['date']}"):
                portfolio.add_consultation(programme, by=by, kind=meeting["kind"], date=meeting["date"],
                                           place=meeting.get("place", ""), summary=meeting.get("summary", ""))
            report.created["consultations"] += 1
        defaults = {}
        if meetings:  # consultation starts before the first meeting; endorsement follows the meetings
            first = min(m["date"] for m in meetings)
            defaults["start_consultation"] = first - datetime.timedelta(days=30)
            decisive = [m["date"] for m in meetings if m["kind"] != ProgrammeConsultation.Kind.CONSULTATION]
            defaults["endorse"] = max([*decisive, item["start"] - datetime.timedelta(days=30)])
        _run_lifecycle(programme, entry, units[item["lead_unit"]], actors, report, today, defaults)
        programmes[item["code"]] = programme
        report.created["programmes"] += 1
    return programmes


def _locations(item, data: DataSet) -> list[dict]:
    raw = item.get("locations") or []
    shares = raw if isinstance(raw, dict) else dict.fromkeys(raw)
    result = []
    for code, share in shares.items():
        place = {"country": data.countries[code]} if code in data.countries else {"area": data.areas[code]}
        if share is not None:
            place["percentage"] = Decimal(str(share))
        result.append(place)
    return result


def _load_projects(data: DataSet, units, partners, programmes, actors, by, report, today) -> None:
    existing = set(Project.objects.values_list("code", flat=True))
    for entry in data.projects:
        item = entry.data
        if item["code"] in existing:
            report.existing["projects"] += 1
            continue
        programme = programmes.get(item.get("programme"))
        component = None
        if programme is not None and item.get("component"):
            component = programme.components.get(code=item["component"])
        roles = [(partners[key], role) for role, keys in (item.get("partners") or {}).items()
                 for key in (keys if isinstance(keys, list) else [keys])]
        with _saving(entry):
            project = portfolio.create_project(
                by=by, code=item["code"], title=item["title"], objective=item["objective"],
                description=item.get("description", ""), programme=programme, component=component,
                strategy_period=data.period, lead_unit=units[item["lead_unit"]],
                start_date=item["start"], end_date=item["end"],
                results=[data.results[r] for r in item["results"]],
                is_public=item.get("is_public", True), is_demo=True,
                iati_identifier=item.get("iati_identifier") or f"{UNODC_IATI_PREFIX}-{item['code']}",
                locations=_locations(item, data), partners=roles,
            )
        _load_logframe(project, entry, data, units, by, report)
        _run_lifecycle(project, entry, units[item["lead_unit"]], actors, report, today)
        existing.add(item["code"])
        report.created["projects"] += 1


def _load_logframe(project, entry: Entry, data: DataSet, units, by, report) -> None:
    lead = units[entry.data["lead_unit"]]
    for i, item in enumerate(entry.data["logframe"], 1):
        code = f"OC{i}"
        with _saving(entry, f"outcome {code}"):
            outcome = portfolio.add_outcome(project, by=by, code=code, title=item["outcome"],
                                            results=[data.results[r] for r in item.get("results") or []])
        report.created["outcomes"] += 1
        for j, out in enumerate(item["outputs"], 1):
            code = f"OP{i}.{j}"
            with _saving(entry, f"output {code}"):
                output = portfolio.add_output(outcome, by=by, code=code, title=out["output"],
                                              results=[data.results[r] for r in out.get("results") or []])
            report.created["outputs"] += 1
            for k, act in enumerate(out["activities"] or [], 1):
                code = f"A{i}.{j}.{k}"
                where = act.get("where")
                with _saving(entry, f"activity {code}"):
                    portfolio.add_activity(
                        output, by=by, code=code, title=act["title"], description=act.get("description", ""),
                        country=data.countries.get(where), area=data.areas.get(where) if where else None,
                        start_date=act.get("start"), end_date=act.get("end"),
                        responsible_unit=units[act["unit"]] if act.get("unit") else lead,
                        planned_cost=Decimal(act["cost"]), currency="USD",
                    )
                report.created["activities"] += 1
