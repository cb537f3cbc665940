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

from . import export_rows
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


SE = etree.SubElement
REPORTING_ORG = {"ref": OFFICE_REF, "type": OFFICE_TYPE}
LOCATION_REACH, EXACTNESS, LOCATION_CLASS = {"code": "1"}, {"code": "2"}, {"code": "1"}
CATEGORY, LANGUAGE = {"code": "A12"}, {"code": "en"}
RESULT_ATTRS = {"1": {"type": "1", "aggregation-status": "0"}, "2": {"type": "2", "aggregation-status": "0"}}
TRANSACTION_TYPE = {code: {"code": code} for code in ("1", "2", "4", "11")}
DESCRIPTION = {"type": "1"}
OBJECTIVE = {"type": "2"}


def _narrative(parent, tag: str, text: str, attrib=None):
    el = SE(parent, tag, attrib) if attrib else SE(parent, tag)
    SE(el, "narrative").text = text
    return el


def _org(role=None, ref=None, kind=None) -> dict:
    """The attributes of a participating, provider or receiver organisation, empty ones left out."""
    attrs = {}
    if role:
        attrs["role"] = role
    if ref:
        attrs["ref"] = ref
    if kind:
        attrs["type"] = kind
    return attrs


def activity_element(p: "export_rows.ProjectExport", *, base_url: str, today: date) -> etree._Element:
    """One ``iati-activity``, built from the plain rows of ``export_rows`` with lxml's C element factory."""
    project = p.project
    status = project.status
    a = etree.Element("iati-activity", {
        "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        XML_LANG: "en", "default-currency": "USD", "hierarchy": "1"})
    SE(a, "iati-identifier").text = p.identifier
    _narrative(a, "reporting-org", OFFICE_NAME, REPORTING_ORG)
    _narrative(a, "title", project.title)
    _narrative(a, "description", project.description or project.objective, DESCRIPTION)
    if project.description and project.objective:
        _narrative(a, "description", project.objective, OBJECTIVE)
    for org in p.participants:
        _narrative(a, "participating-org", org["name"], _org(org["role"], org["ref"], org["type"]))
    SE(a, "activity-status", {"code": STATUS[status]})
    start, end = project.start_date.isoformat(), project.end_date.isoformat()
    SE(a, "activity-date", {"type": "1", "iso-date": start})
    if status not in ("approved", "cancelled") and project.start_date <= today:
        SE(a, "activity-date", {"type": "2", "iso-date": start})
    SE(a, "activity-date", {"type": "3", "iso-date": end})
    if status in ("completed", "closed") and project.end_date <= today:
        SE(a, "activity-date", {"type": "4", "iso-date": end})
    SE(a, "activity-scope", {"code": p.scope})
    for code, share in p.countries:
        SE(a, "recipient-country", {"code": code, "percentage": str(share)} if share is not None else {"code": code})
    for code, share in p.regions:
        attrs = {"code": code, "vocabulary": "2"}
        if share is not None:
            attrs["percentage"] = str(share)
        SE(a, "recipient-region", attrs)
    for code, name in p.locations:
        loc = SE(a, "location", {"ref": f"{p.identifier}-{code}"})
        SE(loc, "location-reach", LOCATION_REACH)
        _narrative(loc, "name", name)
        SE(loc, "administrative", {"vocabulary": "A4", "code": code, "level": "0"})
        SE(loc, "exactness", EXACTNESS)
        SE(loc, "location-class", LOCATION_CLASS)
    for code, share in p.sectors:
        SE(a, "sector", {"vocabulary": "1", "code": code, "percentage": str(share)})
    for kind, start_date, end_date, amount in p.budgets:
        b = SE(a, "budget", {"type": kind, "status": "2"})
        period_start = start_date.isoformat()
        SE(b, "period-start", {"iso-date": period_start})
        SE(b, "period-end", {"iso-date": end_date.isoformat()})
        SE(b, "value", {"currency": "USD", "value-date": period_start}).text = f"{amount:.2f}"
    for ref, kind, when, amount, description, provider in p.transactions:
        tr = SE(a, "transaction", {"ref": ref}) if ref else SE(a, "transaction")
        SE(tr, "transaction-type", TRANSACTION_TYPE[kind])
        day = when.isoformat()
        SE(tr, "transaction-date", {"iso-date": day})
        SE(tr, "value", {"currency": "USD", "value-date": day}).text = f"{amount:.2f}"
        _narrative(tr, "description", description)
        if provider:
            name, org_ref, org_type = provider
            _narrative(tr, "provider-org", name, _org(None, org_ref, org_type))
    # The project's page on the public portal (the staff pages need a login).
    link = SE(a, "document-link", {"format": "text/html",
                                   "url": f"{base_url.rstrip('/')}/open/projects/{project.code}/"})
    _narrative(link, "title", f"{project.code}: {project.title}")
    SE(link, "category", CATEGORY)
    SE(link, "language", LANGUAGE)
    for result in p.results:
        _result(a, result)
    return a


def _baseline(i, row, **value):
    year = row.baseline_date.year if row.baseline_date else row.start_year
    return SE(i, "baseline", {"year": str(year),
                              "iso-date": (row.baseline_date or date(year, 1, 1)).isoformat(), **value})


def _result(parent, result: dict) -> None:
    r = SE(parent, "result", RESULT_ATTRS[result["type"]])
    _narrative(r, "title", result["title"])
    for ind in result["indicators"]:
        row = ind.row
        i = SE(r, "indicator", {"measure": MEASURE[row.kind], "ascending": "1"})
        _narrative(i, "title", row.title)
        if row.definition:
            _narrative(i, "description", row.definition)
        quantitative = row.kind != "qualitative"
        if quantitative and row.baseline_value is not None:
            b = _baseline(i, row, value=_number(row.baseline_value))
            if row.baseline_text:
                _narrative(b, "comment", row.baseline_text)
        elif not quantitative and row.baseline_text:
            _narrative(_baseline(i, row), "comment", row.baseline_text)
        targets, actuals = ind.targets, ind.actuals
        for year in sorted(set(targets) | set(actuals)):
            target, actual = targets.get(year), actuals.get(year)
            if quantitative and not ((target and target[0] is not None) or (actual and actual[0] is not None)):
                continue
            period = SE(i, "period")
            SE(period, "period-start", {"iso-date": f"{year:04d}-01-01"})
            SE(period, "period-end", {"iso-date": f"{year:04d}-12-31"})
            if target and (target[0] is not None if quantitative else target[1]):
                t = SE(period, "target", {"value": _number(target[0])} if quantitative else None)
                if target[1]:
                    _narrative(t, "comment", target[1])
            if actual and (actual[0] is not None if quantitative else actual[1]):
                act = SE(period, "actual", {"value": _number(actual[0])} if quantitative else None)
                for dimension, category, amount in actual[2]:
                    value = f"{category}: {_number(amount)}"
                    SE(act, "dimension", {"name": dimension, "value": value} if dimension else {"value": value})
                if actual[1]:
                    _narrative(act, "comment", actual[1])


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
            for item in export_rows.projects_for_export(projects):
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
    figures = export_rows.organisation_figures()
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
