"""Reading and checking the demo data files before anything is written.

Every problem is reported with the file and the entry it is in, e.g.
``projects/justice.yaml: project “KENZ02”, activity A1.1.2: “KEX” is not a country (ISO alpha-3) or an
M49 area code.`` All problems are collected and raised together as a ``DemoDataError``.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.people.models import Role
from mandates.portfolio.models import Programme, ProgrammeConsultation, Project, ProjectPartner
from mandates.strategy.models import StrategyNode, StrategyPeriod, Track

from . import lifecycle

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoDataError(Exception):
    """The demo data files are wrong; ``problems`` lists each one with its file and entry."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The demo data cannot be loaded:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class Entry:
    """One entry of a data file, with what is needed to name it in a message."""

    file: str
    label: str
    data: dict

    def where(self, *parts: str) -> str:
        return ": ".join([self.file, ", ".join([self.label, *parts])])


@dataclass
class DataSet:
    units: list[tuple[Entry, str | None]] = field(default_factory=list)  # (entry, parent code), parents first
    partners: list[Entry] = field(default_factory=list)
    password: str = ""
    users: list[Entry] = field(default_factory=list)
    period: StrategyPeriod | None = None
    programmes: list[Entry] = field(default_factory=list)
    projects: list[Entry] = field(default_factory=list)
    # Reference data, looked up once.
    countries: dict[str, Country] = field(default_factory=dict)
    areas: dict[str, Area] = field(default_factory=dict)
    results: dict[str, StrategyNode] = field(default_factory=dict)


KEYS = {
    "unit": ({"code", "name", "kind"}, {"location", "country", "children"}),
    "partner": ({"name", "kind"}, {"acronym", "iati", "country", "website", "description"}),
    "user": ({"username", "role"}, {"first_name", "last_name", "email", "work_unit", "country", "superuser"}),
    "programme": (
        {"code", "title", "kind", "start", "end", "lead_unit", "status"},
        {"summary", "countries", "areas", "results", "components", "consultations", "timeline", "is_public"},
    ),
    "project": (
        {"code", "title", "objective", "lead_unit", "start", "end", "status", "results", "logframe"},
        {"description", "programme", "component", "locations", "partners", "timeline", "is_public",
         "iati_identifier"},
    ),
    "outcome": ({"outcome", "outputs"}, {"results"}),
    "output": ({"output", "activities"}, {"results"}),
    "activity": ({"title", "cost"}, {"where", "start", "end", "unit", "description"}),
}


def partner_key(data: dict) -> str:
    """How projects usually name a partner: its acronym, or its name when it has none (the name works too)."""
    return str(data.get("acronym") or data.get("name") or "")


class Checker:
    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def keys(self, entry: Entry, data, kind: str, *parts: str) -> bool:
        if not isinstance(data, dict):
            self.add(entry.where(*parts), f"expected a mapping of fields, found {type(data).__name__}.")
            return False
        required, optional = KEYS[kind]
        for key in sorted(required - data.keys()):
            self.add(entry.where(*parts), f"“{key}” is missing.")
        for key in sorted(data.keys() - required - optional):
            self.add(entry.where(*parts), f"unknown field “{key}”.")
        return required <= data.keys()

    def entries(self, items, name: str, kind: str, noun: str, key: str):
        """The items of a file that are mappings with the right fields, each with its Entry."""
        for index, item in enumerate(items, 1):
            label = f"{noun} “{item.get(key)}”" if isinstance(item, dict) else f"{noun} {index}"
            entry = Entry(name, label, item if isinstance(item, dict) else {})
            if self.keys(entry, item, kind):
                yield entry, item

    def choice(self, entry: Entry, value, choices, what: str = "kind") -> None:
        if value not in choices:
            self.add(entry.where(), f"unknown {what} “{value}” ({', '.join(choices)}).")

    def code_list(self, entry: Entry, values, what: str, *parts: str) -> list[str]:
        """A list of codes, each written as a string (``"001"``, ``1.2.1``)."""
        if values is None:
            return []
        if not isinstance(values, list):
            self.add(entry.where(*parts), f"“{what}” must be a list.")
            return []
        codes = []
        for value in values:
            if not isinstance(value, str):
                self.add(entry.where(*parts), f"write the {what} code {value!r} in quotes, as text.")
            else:
                codes.append(value)
        return codes

    def date(self, entry: Entry, value, what: str, *parts: str):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        self.add(entry.where(*parts), f"“{what}” must be a date written YYYY-MM-DD, not {value!r}.")
        return None


def _read(path: Path, root: Path, key: str, checker: Checker):
    name = path.relative_to(root).as_posix()
    try:
        with open(path, encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except FileNotFoundError:
        checker.add(name, "the file is missing.")
        return name, None
    except yaml.YAMLError as exc:
        checker.add(name, f"not valid YAML: {exc}")
        return name, None
    if not isinstance(content, dict) or not isinstance(content.get(key), list):
        checker.add(name, f"expected a top-level “{key}:” list.")
        return name, None
    return name, content


def read(data_dir: Path = DATA_DIR) -> DataSet:
    """Read and check every file of the demo data set; raise ``DemoDataError`` listing all problems."""
    data_dir = Path(data_dir)
    checker = Checker()
    data = DataSet()
    data.countries = {c.iso3: c for c in Country.objects.all()}
    data.areas = {a.m49_code: a for a in Area.objects.all()}
    if not data.countries:
        raise DemoDataError(["No countries: load the reference data first (mandates load_reference_data)."])

    name, content = _read(data_dir / "work_units.yaml", data_dir, "units", checker)
    if content:
        _units(content["units"], None, name, data, checker, seen=set())
    name, content = _read(data_dir / "partners.yaml", data_dir, "partners", checker)
    if content:
        _partners(content["partners"], name, data, checker)

    unit_codes = {e.data.get("code") for e, _ in data.units} | set(WorkUnit.objects.values_list("code", flat=True))
    name, content = _read(data_dir / "users.yaml", data_dir, "users", checker)
    if content:
        _users(content, name, data, unit_codes, checker)

    name, content = _read(data_dir / "programmes.yaml", data_dir, "programmes", checker)
    if content:
        code = str(content.get("strategy_period") or "")
        data.period = StrategyPeriod.objects.filter(code=code).first()
        if data.period is None:
            checker.add(name, f"the strategy period “{code}” does not exist: load the reference data first "
                              f"(mandates load_reference_data).")
        else:
            data.results = {
                n.code: n for n in StrategyNode.objects.filter(
                    period=data.period, track=Track.RESULTS, level=data.period.result_level)
            }
            _programmes(content["programmes"], name, data, unit_codes, checker)

    project_files = sorted((data_dir / "projects").glob("*.yaml"))
    if not project_files:
        checker.add("projects/", "no project files (projects/*.yaml).")
    partner_keys = set()
    for entry in data.partners:
        partner_keys |= {entry.data["name"], partner_key(entry.data)}
    for partner in Partner.objects.all():
        partner_keys |= {partner.name, partner.acronym} - {""}
    for path in project_files:
        name, content = _read(path, data_dir, "projects", checker)
        if content and data.period is not None:
            _projects(content["projects"], name, data, unit_codes, partner_keys, checker)
    seen: dict[str, str] = {}
    for entry in data.projects:
        code = entry.data["code"]
        if code in seen:
            checker.add(entry.where(), f"the code is also used in {seen[code]}.")
        seen.setdefault(code, entry.file)

    if checker.problems:
        raise DemoDataError(checker.problems)
    return data


def _units(items, parent, name, data, checker, seen):
    for entry, item in checker.entries(items, name, "unit", "work unit", "code"):
        if item["code"] in seen:
            checker.add(entry.where(), "the code is used twice.")
        seen.add(item["code"])
        checker.choice(entry, item["kind"], WorkUnit.Kind.values)
        if item.get("country") and item["country"] not in data.countries:
            checker.add(entry.where(), f"“{item['country']}” is not a country (ISO alpha-3).")
        data.units.append((entry, parent))
        children = item.get("children") or []
        if not isinstance(children, list):
            checker.add(entry.where(), "“children” must be a list.")
            continue
        _units(children, item["code"], name, data, checker, seen)


def _partners(items, name, data, checker):
    seen = set()
    for entry, item in checker.entries(items, name, "partner", "partner", "name"):
        for key in {item["name"].lower(), partner_key(item).lower()}:
            if key in seen:
                checker.add(entry.where(), f"“{key}” names two partners.")
            seen.add(key)
        checker.choice(entry, item["kind"], Partner.Kind.values)
        if item.get("country") and item["country"] not in data.countries:
            checker.add(entry.where(), f"“{item['country']}” is not a country (ISO alpha-3).")
        if "iati" in item and not isinstance(item["iati"], str):
            checker.add(entry.where(), "write the IATI identifier in quotes, as text.")
        data.partners.append(entry)


def _users(content, name, data, unit_codes, checker):
    data.password = content.get("password")
    if not isinstance(data.password, str) or len(data.password) < 8:
        checker.add(name, "“password:” must be given, at least 8 characters.")
    seen = set()
    for entry, item in checker.entries(content["users"], name, "user", "user", "username"):
        if item["username"] in seen:
            checker.add(entry.where(), "the user name is used twice.")
        seen.add(item["username"])
        checker.choice(entry, item["role"], Role.values, "role")
        if item.get("work_unit") and item["work_unit"] not in unit_codes:
            checker.add(entry.where(), f"no work unit “{item['work_unit']}”.")
        if item.get("country") and item["country"] not in data.countries:
            checker.add(entry.where(), f"“{item['country']}” is not a country (ISO alpha-3).")
        if item["role"] == Role.PROGRAMME_MANAGER and not item.get("work_unit"):
            checker.add(entry.where(), "a programme manager needs a work unit.")
        if item["role"] == Role.MEMBER_STATE_READER and not item.get("country"):
            checker.add(entry.where(), "a Member State reader needs a country.")
        data.users.append(entry)
    if not any(e.data.get("role") == Role.ADMINISTRATOR for e in data.users):
        checker.add(name, "there must be a demo administrator.")


def _common(entry, item, kind, data, unit_codes, checker):
    """Checks shared by programmes and projects: dates, lead unit, results, status and its timeline."""
    model = Programme if kind == "programme" else Project
    start = checker.date(entry, item["start"], "start")
    end = checker.date(entry, item["end"], "end")
    if start and end and end < start:
        checker.add(entry.where(), "the end date is before the start date.")
    if item["lead_unit"] not in unit_codes:
        checker.add(entry.where(), f"no work unit “{item['lead_unit']}”.")
    for code in checker.code_list(entry, item.get("results"), "result"):
        if code not in data.results:
            checker.add(entry.where(), f"“{code}” is not an expected result of the strategy {data.period.code}.")
    if "is_public" in item and not isinstance(item["is_public"], bool):
        checker.add(entry.where(), "“is_public” must be true or false.")
    if item["status"] not in model.Status.values:
        checker.add(entry.where(), f"unknown status “{item['status']}” ({', '.join(model.Status.values)}).")
        return
    timeline = item.get("timeline") or {}
    if not isinstance(timeline, dict):
        checker.add(entry.where(), "“timeline” must map lifecycle steps to dates.")
        return
    names = lifecycle.transition_names(model)
    explicit = {}
    for step, value in timeline.items():
        if step not in names:
            checker.add(entry.where("timeline"), f"“{step}” is not a lifecycle step ({', '.join(sorted(names))}).")
            continue
        when = value.get("date") if isinstance(value, dict) else value
        if isinstance(value, dict) and set(value) - {"date", "comment"}:
            checker.add(entry.where("timeline", step), "give only “date” and “comment”.")
        explicit[step] = checker.date(entry, when, "date", "timeline", step)
    if len(explicit) < len(timeline):
        return
    try:
        path = lifecycle.plan(model, item["status"], list(explicit))
    except ValueError as exc:
        checker.add(entry.where("timeline"), f"the status “{item['status']}” is not reachable: {exc}")
        return
    dates = [explicit[s.name] for s in path if explicit.get(s.name)]
    if dates != sorted(dates):
        checker.add(entry.where("timeline"), "the dates of the lifecycle steps go backwards in time.")
    if kind == "programme" and item["kind"] == Programme.Kind.REGIONAL and any(s.name == "endorse" for s in path):
        kinds = {c.get("kind") for c in item.get("consultations") or [] if isinstance(c, dict)}
        if not kinds & {ProgrammeConsultation.Kind.EXPERT_MEETING, ProgrammeConsultation.Kind.MINISTERIAL_MEETING}:
            checker.add(entry.where(), "a regional programme is endorsed only after an expert or ministerial "
                                       "meeting: record one under “consultations”.")


def _places(entry, data, checker, values, *parts) -> None:
    for code in values:
        if code not in data.countries and code not in data.areas:
            checker.add(entry.where(*parts), f"“{code}” is not a country (ISO alpha-3) or an M49 area code.")


def _programmes(items, name, data, unit_codes, checker):
    seen = set()
    for entry, item in checker.entries(items, name, "programme", "programme", "code"):
        if item["code"] in seen:
            checker.add(entry.where(), "the code is used twice.")
        seen.add(item["code"])
        checker.choice(entry, item["kind"], Programme.Kind.values)
        for code in checker.code_list(entry, item.get("countries"), "country"):
            if code not in data.countries:
                checker.add(entry.where(), f"“{code}” is not a country (ISO alpha-3).")
        for code in checker.code_list(entry, item.get("areas"), "area"):
            if code not in data.areas:
                checker.add(entry.where(), f"“{code}” is not an M49 area code.")
        components = item.get("components") or []
        codes = [c.get("code") for c in components if isinstance(c, dict)]
        if len(codes) != len(components) or not all(c and isinstance(c, str) for c in codes):
            checker.add(entry.where(), "each component needs a code (text) and a title.")
        elif len(set(codes)) != len(codes):
            checker.add(entry.where(), "two components have the same code.")
        for number, meeting in enumerate(item.get("consultations") or [], 1):
            if not isinstance(meeting, dict) or meeting.get("kind") not in ProgrammeConsultation.Kind.values:
                checker.add(entry.where(f"consultation {number}"),
                            f"“kind” must be one of {', '.join(ProgrammeConsultation.Kind.values)}.")
                continue
            checker.date(entry, meeting.get("date"), "date", f"consultation {number}")
        _common(entry, item, "programme", data, unit_codes, checker)
        data.programmes.append(entry)


def _projects(items, name, data, unit_codes, partner_keys, checker):
    programmes = {e.data["code"]: e.data for e in data.programmes}
    existing = {p.code: {c.code for c in p.components.all()} for p in Programme.objects.prefetch_related("components")}
    roles = ProjectPartner.Role.values
    for entry, item in checker.entries(items, name, "project", "project", "code"):
        programme = item.get("programme")
        if programme:
            if programme in programmes:
                components = {c.get("code") for c in programmes[programme].get("components") or []}
            elif programme in existing:
                components = existing[programme]
            else:
                checker.add(entry.where(), f"no programme “{programme}”.")
                components = None
            if components is not None and item.get("component") and item["component"] not in components:
                checker.add(entry.where(), f"the programme {programme} has no component “{item['component']}”.")
        elif item.get("component"):
            checker.add(entry.where(), "a component needs its programme.")
        locations = item.get("locations") or []
        if isinstance(locations, dict):
            codes = checker.code_list(entry, list(locations), "location")
            if not all(isinstance(v, (int, float)) for v in locations.values()):
                checker.add(entry.where(), "location percentages must be numbers.")
            elif sum(locations.values()) > 100:
                checker.add(entry.where(), "the location percentages add up to more than 100.")
        else:
            codes = checker.code_list(entry, locations, "location")
        _places(entry, data, checker, codes)
        partners = item.get("partners") or {}
        if not isinstance(partners, dict):
            checker.add(entry.where(), f"“partners” must map roles ({', '.join(roles)}) to lists of partners.")
            partners = {}
        for role, names in partners.items():
            if role not in roles:
                checker.add(entry.where(), f"unknown partner role “{role}” ({', '.join(roles)}).")
            for key in names if isinstance(names, list) else [names]:
                if key not in partner_keys:
                    checker.add(entry.where(), f"no partner “{key}” (give its acronym, or its name).")
        _common(entry, item, "project", data, unit_codes, checker)
        start, end = item.get("start"), item.get("end")
        _logframe(entry, item.get("logframe"), data, unit_codes, checker, start, end)
        data.projects.append(entry)


def _logframe(entry, outcomes, data, unit_codes, checker, start, end):
    if not isinstance(outcomes, list) or not outcomes:
        checker.add(entry.where(), "the logframe needs at least one outcome.")
        return
    for i, outcome in enumerate(outcomes, 1):
        if not checker.keys(entry, outcome, "outcome", f"outcome OC{i}"):
            continue
        _results(entry, outcome, data, checker, f"outcome OC{i}")
        if not isinstance(outcome["outputs"], list) or not outcome["outputs"]:
            checker.add(entry.where(f"outcome OC{i}"), "an outcome needs at least one output.")
            continue
        for j, output in enumerate(outcome["outputs"], 1):
            where = f"output OP{i}.{j}"
            if not checker.keys(entry, output, "output", where):
                continue
            _results(entry, output, data, checker, where)
            for k, activity in enumerate(output["activities"] or [], 1):
                _activity(entry, activity, data, unit_codes, checker, f"activity A{i}.{j}.{k}", start, end)


def _results(entry, item, data, checker, where):
    for code in checker.code_list(entry, item.get("results"), "result", where):
        if code not in data.results:
            checker.add(entry.where(where),
                        f"“{code}” is not an expected result of the strategy {data.period.code}.")


def _activity(entry, activity, data, unit_codes, checker, where, start, end):
    if not checker.keys(entry, activity, "activity", where):
        return
    if not isinstance(activity["cost"], str):
        checker.add(entry.where(where), "write the planned cost in quotes, as a decimal text (\"12500.00\").")
    else:
        try:
            if Decimal(activity["cost"]) < 0:
                checker.add(entry.where(where), "the planned cost cannot be negative.")
        except InvalidOperation:
            checker.add(entry.where(where), f"“{activity['cost']}” is not an amount.")
    if "where" in activity:
        _places(entry, data, checker, checker.code_list(entry, [activity["where"]], "place", where), where)
    if activity.get("unit") and activity["unit"] not in unit_codes:
        checker.add(entry.where(where), f"no work unit “{activity['unit']}”.")
    a_start = checker.date(entry, activity["start"], "start", where) if "start" in activity else None
    a_end = checker.date(entry, activity["end"], "end", where) if "end" in activity else None
    if a_start and a_end and a_end < a_start:
        checker.add(entry.where(where), "the end date is before the start date.")
    dates_ok = isinstance(start, datetime.date) and isinstance(end, datetime.date)
    if dates_ok and any(d and not (start <= d <= end) for d in (a_start, a_end)):
        checker.add(entry.where(where), f"the activity's dates fall outside the project's ({start} to {end}).")
