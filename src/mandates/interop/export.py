"""IATI 2.03 export of the office's published projects (activity file) and of the office (organisation file).

Written with ``lxml.etree.xmlfile``: one activity is built and written at a time from the plain rows of
``export_rows`` (projects read in batches, a fixed number of queries each), so memory stays flat and
the query count depends on the number of batches, not of rows. Only published projects past approval
are exported; only approved indicator values; no internal notes, comments or people.
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


# An activity is written as markup, parsed by lxml (``activity_element``) and written by ``etree.xmlfile``:
# formatting strings and one C parse per activity cost half of building the same 160,000 elements (N=1)
# one ``SubElement`` call at a time, and the parse checks that the markup is well-formed. Every value read
# from the database is escaped by ``_t`` (text) or ``_q`` (attributes); codes, dates and amounts are ours.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def activity_element(p: "export_rows.ProjectExport", *, base_url: str, today: date) -> etree._Element:
    """One ``iati-activity`` element, from the plain rows of ``export_rows``."""
    return etree.fromstring(activity_markup(p, base_url=base_url, today=today), PARSER)


def _t(s: str) -> str:
    """Text content, escaped for markup."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _q(s: str) -> str:
    """An attribute value, escaped for markup (whitespace kept as character references, as lxml writes it)."""
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;"))


def _nar(tag, text, attrs=""):
    return f"<{tag}{attrs}><narrative>{_t(text)}</narrative></{tag}>"


def _org_attrs(role, ref, kind):
    s = f' role="{role}"' if role else ""
    if ref:
        s += f' ref="{_q(ref)}"'
    if kind:
        s += f' type="{kind}"'
    return s


REPORTING_ORG = _nar("reporting-org", OFFICE_NAME, f' ref="{OFFICE_REF}" type="{OFFICE_TYPE}"')


def activity_markup(p: "export_rows.ProjectExport", *, base_url: str, today: date) -> str:
    """One ``iati-activity`` as markup: every value from the database goes through ``_t`` or ``_q``."""
    project = p.project
    status = project.status
    o = [f'<iati-activity last-updated-datetime="{project.updated_at.replace(microsecond=0).isoformat()}" '
         f'xml:lang="en" default-currency="USD" hierarchy="1"><iati-identifier>{_t(p.identifier)}</iati-identifier>',
         REPORTING_ORG, _nar("title", project.title),
         _nar("description", project.description or project.objective, ' type="1"')]
    w = o.append
    if project.description and project.objective:
        w(_nar("description", project.objective, ' type="2"'))
    for org in p.participants:
        w(_nar("participating-org", org["name"], _org_attrs(org["role"], org["ref"], org["type"])))
    w(f'<activity-status code="{STATUS[status]}"/>')
    start, end = project.start_date.isoformat(), project.end_date.isoformat()
    w(f'<activity-date type="1" iso-date="{start}"/>')
    if status not in ("approved", "cancelled") and project.start_date <= today:
        w(f'<activity-date type="2" iso-date="{start}"/>')
    w(f'<activity-date type="3" iso-date="{end}"/>')
    if status in ("completed", "closed") and project.end_date <= today:
        w(f'<activity-date type="4" iso-date="{end}"/>')
    w(f'<activity-scope code="{p.scope}"/>')
    for code, share in p.countries:
        w(f'<recipient-country code="{_q(code)}" percentage="{share}"/>' if share is not None
          else f'<recipient-country code="{_q(code)}"/>')
    for code, share in p.regions:
        w(f'<recipient-region code="{_q(code)}" vocabulary="2" percentage="{share}"/>' if share is not None
          else f'<recipient-region code="{_q(code)}" vocabulary="2"/>')
    ident = _q(p.identifier)
    for code, name in p.locations:
        code = _q(code)
        w(f'<location ref="{ident}-{code}"><location-reach code="1"/>{_nar("name", name)}'
          f'<administrative vocabulary="A4" code="{code}" level="0"/><exactness code="2"/>'
          f'<location-class code="1"/></location>')
    for code, share in p.sectors:
        w(f'<sector vocabulary="1" code="{code}" percentage="{share}"/>')
    for kind, start_date, end_date, amount in p.budgets:
        s = start_date.isoformat()
        w(f'<budget type="{kind}" status="2"><period-start iso-date="{s}"/>'
          f'<period-end iso-date="{end_date.isoformat()}"/>'
          f'<value currency="USD" value-date="{s}">{amount:.2f}</value></budget>')
    for ref, kind, when, amount, description, provider in p.transactions:
        day = when.isoformat()
        w(f'<transaction ref="{_q(ref)}">' if ref else "<transaction>")
        w(f'<transaction-type code="{kind}"/><transaction-date iso-date="{day}"/>'
          f'<value currency="USD" value-date="{day}">{amount:.2f}</value>'
          f'<description><narrative>{_t(description)}</narrative></description>')
        if provider:
            w(_nar("provider-org", provider[0], _org_attrs(None, provider[1], provider[2])))
        w("</transaction>")
    w(f'<document-link format="text/html" url="{_q(base_url.rstrip("/"))}/open/projects/{_q(project.code)}/">'
      f'{_nar("title", f"{project.code}: {project.title}")}<category code="A12"/><language code="en"/></document-link>')
    for result in p.results:
        _result(w, result)
    w("</iati-activity>")
    return "".join(o)


def _baseline(row, value=""):
    year = row.baseline_date.year if row.baseline_date else row.start_year
    return (f'<baseline year="{year}" iso-date="{(row.baseline_date or date(year, 1, 1)).isoformat()}"'
            + (f' value="{value}"' if value else ""))


def _result(w, result):
    w(f'<result type="{result["type"]}" aggregation-status="0">{_nar("title", result["title"])}')
    for ind in result["indicators"]:
        row = ind.row
        w(f'<indicator measure="{MEASURE[row.kind]}" ascending="1">{_nar("title", row.title)}')
        if row.definition:
            w(_nar("description", row.definition))
        quantitative = row.kind != "qualitative"
        if quantitative and row.baseline_value is not None:
            b = _baseline(row, _number(row.baseline_value))
            w(f'{b}>{_nar("comment", row.baseline_text)}</baseline>' if row.baseline_text else b + "/>")
        elif not quantitative and row.baseline_text:
            w(f'{_baseline(row)}>{_nar("comment", row.baseline_text)}</baseline>')
        targets, actuals = ind.targets, ind.actuals
        for year in sorted(set(targets) | set(actuals)):
            target, actual = targets.get(year), actuals.get(year)
            if quantitative and not ((target and target[0] is not None) or (actual and actual[0] is not None)):
                continue
            w(f'<period><period-start iso-date="{year:04d}-01-01"/><period-end iso-date="{year:04d}-12-31"/>')
            if target and (target[0] is not None if quantitative else target[1]):
                w(f'<target value="{_number(target[0])}">' if quantitative else "<target>")
                if target[1]:
                    w(_nar("comment", target[1]))
                w("</target>")
            if actual and (actual[0] is not None if quantitative else actual[1]):
                w(f'<actual value="{_number(actual[0])}">' if quantitative else "<actual>")
                for dimension, category, amount in actual[2]:
                    name = f' name="{_q(dimension)}"' if dimension else ""
                    w(f'<dimension{name} value="{_q(category)}: {_number(amount)}"/>')
                if actual[1]:
                    w(_nar("comment", actual[1]))
                w("</actual>")
            w("</period>")
        w("</indicator>")
    w("</result>")


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
