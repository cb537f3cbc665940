"""IATI 2.03 export of the office's published projects (activity file) and of the office (organisation file).

Written with ``lxml.etree.xmlfile``: one activity is built and written at a time, projects are read
in chunks with their parts prefetched, so memory stays flat and the query count depends on the
number of chunks, not of rows. Only published projects past approval are exported; only approved
indicator values; no internal notes, comments or people.
"""
from collections import defaultdict
from datetime import date
from pathlib import Path

from django.utils import timezone
from lxml import etree

from . import selectors
from .selectors import OFFICE_NAME, OFFICE_REF, OFFICE_TYPE

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"approved": "1", "in_implementation": "2", "suspended": "6", "completed": "3", "closed": "4",
          "cancelled": "5"}
MEASURE = {"number": "1", "percentage": "2", "amount": "1", "qualitative": "5"}
PARTNER_ROLE = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}


def _text(parent, tag: str, text: str, **attrs):
    el = etree.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items() if v not in (None, "")})
    etree.SubElement(el, "narrative").text = text
    return el


def _el(parent, tag: str, **attrs):
    return etree.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attrs.items()
                                          if v not in (None, "")})


def _money(value) -> str:
    return f"{value:.2f}"


def _value(parent, tag: str, amount, currency: str, value_date: date):
    el = _el(parent, tag, currency=currency, value_date=value_date.isoformat())
    el.text = _money(amount)
    return el


def activity_element(p: "selectors.ProjectExport", *, base_url: str, today: date) -> etree._Element:
    project = p.project
    a = etree.Element("iati-activity", {
        "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        XML_LANG: "en", "default-currency": "USD", "hierarchy": "1"})
    _el(a, "iati-identifier").text = p.identifier
    _text(a, "reporting-org", OFFICE_NAME, ref=OFFICE_REF, type=OFFICE_TYPE)
    _text(a, "title", project.title)
    _text(a, "description", project.description or project.objective, type="1")
    if project.description and project.objective:
        _text(a, "description", project.objective, type="2")
    for org in p.participants:
        _text(a, "participating-org", org["name"], role=org["role"], ref=org["ref"], type=org["type"])
    _el(a, "activity-status", code=STATUS[project.status])
    _el(a, "activity-date", type="1", iso_date=project.start_date.isoformat())
    if project.status not in ("approved", "cancelled") and project.start_date <= today:
        _el(a, "activity-date", type="2", iso_date=project.start_date.isoformat())
    _el(a, "activity-date", type="3", iso_date=project.end_date.isoformat())
    if project.status in ("completed", "closed") and project.end_date <= today:
        _el(a, "activity-date", type="4", iso_date=project.end_date.isoformat())
    _el(a, "activity-scope", code=p.scope)
    for code, share in p.countries:
        _el(a, "recipient-country", code=code, percentage=share)
    for code, share in p.regions:
        _el(a, "recipient-region", code=code, vocabulary="2", percentage=share)
    for location in p.locations:
        loc = _el(a, "location", ref=f"{p.identifier}-{location['code']}")
        _el(loc, "location-reach", code="1")
        _text(loc, "name", location["name"])
        _el(loc, "administrative", vocabulary="A4", code=location["code"], level="0")
        _el(loc, "exactness", code="2")
        _el(loc, "location-class", code="1")
    for code, share in p.sectors:
        _el(a, "sector", vocabulary="1", code=code, percentage=share)
    for budget in p.budgets:
        b = _el(a, "budget", type=budget["type"], status="2")
        _el(b, "period-start", iso_date=budget["start"].isoformat())
        _el(b, "period-end", iso_date=budget["end"].isoformat())
        _value(b, "value", budget["amount"], "USD", budget["start"])
    for t in p.transactions:
        tr = _el(a, "transaction", ref=t.get("ref"))
        _el(tr, "transaction-type", code=t["type"])
        _el(tr, "transaction-date", iso_date=t["date"].isoformat())
        _value(tr, "value", t["amount"], "USD", t["date"])
        if t.get("description"):
            _text(tr, "description", t["description"])
        if t.get("provider"):
            _text(tr, "provider-org", t["provider"]["name"], ref=t["provider"]["ref"], type=t["provider"]["type"])
        if t.get("receiver"):
            _text(tr, "receiver-org", t["receiver"]["name"], ref=t["receiver"]["ref"])
    # The project's page on the public portal (the staff pages need a login).
    link = _el(a, "document-link", format="text/html", url=f"{base_url.rstrip('/')}/open/projects/{project.code}/")
    _text(link, "title", f"{project.code}: {project.title}")
    _el(link, "category", code="A12")
    _el(link, "language", code="en")
    for result in p.results:
        _result(a, result)
    return a


def _result(parent, result: dict) -> None:
    r = _el(parent, "result", type=result["type"], aggregation_status="0")
    _text(r, "title", result["title"])
    for ind in result["indicators"]:
        i = _el(r, "indicator", measure=MEASURE[ind.kind], ascending="1")
        _text(i, "title", ind.title)
        if ind.definition:
            _text(i, "description", ind.definition)
        quantitative = ind.kind != "qualitative"
        if quantitative and ind.baseline_value is not None:
            year = ind.baseline_date.year if ind.baseline_date else ind.start_year
            b = _el(i, "baseline", year=year, iso_date=(ind.baseline_date or date(year, 1, 1)).isoformat(),
                    value=_number(ind.baseline_value))
            if ind.baseline_text:
                _text(b, "comment", ind.baseline_text)
        elif not quantitative and ind.baseline_text:
            year = ind.baseline_date.year if ind.baseline_date else ind.start_year
            b = _el(i, "baseline", year=year, iso_date=(ind.baseline_date or date(year, 1, 1)).isoformat())
            _text(b, "comment", ind.baseline_text)
        targets = {t.year: t for t in ind.targets.all()}
        actuals = {v.year: v for v in ind.values.all() if v.status == "approved"}
        for year in sorted(set(targets) | set(actuals)):
            target, actual = targets.get(year), actuals.get(year)
            if quantitative and not ((target and target.value is not None) or (actual and actual.value is not None)):
                continue
            period = _el(i, "period")
            _el(period, "period-start", iso_date=date(year, 1, 1).isoformat())
            _el(period, "period-end", iso_date=date(year, 12, 31).isoformat())
            if target and (target.value is not None if quantitative else target.text):
                t = _el(period, "target", value=_number(target.value) if quantitative else None)
                if target.text:
                    _text(t, "comment", target.text)
            if actual and (actual.value is not None if quantitative else actual.text):
                act = _el(period, "actual", value=_number(actual.value) if quantitative else None)
                for row in actual.breakdown.all():
                    _el(act, "dimension", name=row.dimension, value=f"{row.category}: {_number(row.amount)}")
                if actual.text:
                    _text(act, "comment", actual.text)


def _number(value):
    if value is None:
        return None
    return str(value.quantize(1)) if value == value.to_integral() else str(value.normalize())


class _Chunks:
    """A file-like sink for ``etree.xmlfile`` whose writes are collected and handed on in pieces."""

    def __init__(self):
        self.parts = []

    def write(self, data):
        self.parts.append(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def stream_activities(*, base_url: str = "http://localhost:8000", projects=None, progress=None):
    """The activity file as a sequence of byte strings, one activity at a time (constant memory)."""
    today = timezone.localdate()
    sink = _Chunks()
    count = 0
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", version="2.03",
                        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()}):
            xf.write("\n")
            for item in selectors.projects_for_export(projects):
                xf.write(activity_element(item, base_url=base_url, today=today), pretty_print=True)
                xf.flush()
                count += 1
                if progress:
                    progress(count, None)
                yield sink.take()
    yield sink.take()


def write_activities(out, *, base_url: str = "http://localhost:8000", projects=None, progress=None) -> int:
    """Write the activity file to ``out`` (a path or binary file); returns the number of activities."""
    counted = []

    def count(done, total):
        counted.append(done)
        if progress:
            progress(done, total)

    chunks = stream_activities(base_url=base_url, projects=projects, progress=count)
    if isinstance(out, (str, Path)):
        with open(out, "wb") as fh:
            fh.writelines(chunks)
    else:
        for chunk in chunks:
            out.write(chunk)
    return counted[-1] if counted else 0


def write_organisation(out) -> None:
    """Write the organisation file: total budget, budgets per recipient country, total expenditure per year."""
    figures = selectors.organisation_figures()
    today = timezone.localdate()
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", version="2.03",
                        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()}):
            org = etree.Element("iati-organisation", {
                "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(), XML_LANG: "en",
                "default-currency": "USD"})
            _el(org, "organisation-identifier").text = OFFICE_REF
            _text(org, "name", OFFICE_NAME)
            _text(org, "reporting-org", OFFICE_NAME, ref=OFFICE_REF, type=OFFICE_TYPE)
            for year, amount in figures["budget"]:
                _period_value(org, "total-budget", year, amount, status="2")
            by_country = defaultdict(list)
            for code, year, amount in figures["country_budget"]:
                by_country[code].append((year, amount))
            for code in sorted(by_country):
                for year, amount in by_country[code]:
                    rb = _el(org, "recipient-country-budget", status="2")
                    _el(rb, "recipient-country", code=code)
                    _period(rb, year)
                    _value(rb, "value", amount, "USD", date(year, 1, 1))
            for year, amount in figures["expenditure"]:
                if year <= today.year:
                    _period_value(org, "total-expenditure", year, amount)
            xf.write(org, pretty_print=True)


def _period(parent, year: int) -> None:
    _el(parent, "period-start", iso_date=date(year, 1, 1).isoformat())
    _el(parent, "period-end", iso_date=date(year, 12, 31).isoformat())


def _period_value(parent, tag: str, year: int, amount, status=None) -> None:
    el = _el(parent, tag, status=status)
    _period(el, year)
    _value(el, "value", amount, "USD", date(year, 1, 1))


def external_element(activity) -> etree._Element:
    """An imported activity written back as IATI 2.03 (what was kept of it)."""
    attrs = {XML_LANG: "en"}
    if activity.last_updated:
        attrs["last-updated-datetime"] = activity.last_updated.isoformat()
    if activity.default_currency:
        attrs["default-currency"] = activity.default_currency
    a = etree.Element("iati-activity", attrs)
    _el(a, "iati-identifier").text = activity.identifier
    _text(a, "reporting-org", activity.reporting_org_name, ref=activity.reporting_org_ref,
          type=activity.reporting_org_type)
    _text(a, "title", activity.title)
    if activity.description:
        _text(a, "description", activity.description, type="1")
    for p in activity.participants.all():
        if p.name:
            _text(a, "participating-org", p.name, role=p.role, ref=p.ref, type=p.type)
        else:
            _el(a, "participating-org", role=p.role, ref=p.ref, type=p.type)
    if activity.status:
        _el(a, "activity-status", code=activity.status)
    for code, when in (("1", activity.planned_start), ("2", activity.actual_start), ("3", activity.planned_end),
                       ("4", activity.actual_end)):
        if when:
            _el(a, "activity-date", type=code, iso_date=when.isoformat())
    for c in activity.countries.all():
        _el(a, "recipient-country", code=c.code, percentage=_number(c.percentage))
    for r in activity.regions.all():
        _el(a, "recipient-region", code=r.code, vocabulary=r.vocabulary, percentage=_number(r.percentage))
    for s in activity.sectors.all():
        _el(a, "sector", code=s.code, vocabulary=s.vocabulary, percentage=_number(s.percentage))
    for b in activity.budgets.all():
        budget = _el(a, "budget", type=b.type, status=b.status)
        _el(budget, "period-start", iso_date=b.period_start.isoformat())
        _el(budget, "period-end", iso_date=b.period_end.isoformat())
        _value(budget, "value", b.value, b.currency, b.value_date or b.period_start)
    for t in activity.transactions.all():
        tr = _el(a, "transaction", ref=t.ref)
        _el(tr, "transaction-type", code=t.type)
        _el(tr, "transaction-date", iso_date=t.date.isoformat())
        _value(tr, "value", t.value, t.currency, t.value_date or t.date)
        for tag, ref, name in (("provider-org", t.provider_ref, t.provider_name),
                               ("receiver-org", t.receiver_ref, t.receiver_name)):
            if name:
                _text(tr, tag, name, ref=ref)
            elif ref:
                _el(tr, tag, ref=ref)
    return a


def write_external(out, activities) -> int:
    """Write imported activities (a queryset) back as an IATI 2.03 activity file, streamed in chunks."""
    count = 0
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", version="2.03",
                        **{"generated-datetime": timezone.now().replace(microsecond=0).isoformat()}):
            for activity in activities.order_by("pk").prefetch_related(
                    "participants", "countries", "regions", "sectors", "budgets", "transactions").iterator(
                    chunk_size=200):
                xf.write(external_element(activity), pretty_print=True)
                count += 1
    return count
