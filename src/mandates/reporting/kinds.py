"""The reports other than the technical-cooperation report, built from the same fact engine into the same
Document (blocks of chapters, sections, numbered paragraphs with live facts, and tables) that the HTML, Word,
PDF and Excel renderers write:

- ``regional_programmes``: the progress report on the regional programmes (2009/23 para. 13), one chapter per
  programme: consultation history, components, projects with their money and deliveries, indicator progress;
- ``donor``: per donor, what was given, received, earmarked to what, spent, and what the funded projects
  delivered and achieved;
- ``profile``: a country or region profile: programmes, projects, money, deliveries, requests for assistance,
  treaty status, crime statistics;
- ``medium_term``: the activities projected for the biennium with their estimated cost, by expected result
  (2007/12 para. 7).

Tables hold money as Decimal (written to the cent) and the total row of a table is the fact the text states.
"""
from collections import defaultdict

from django.utils.translation import gettext as _

from . import facts_scoped, scopes
from . import stats as stat_facts
from .document import Document, _Builder, chapter_number, long_date, section_letters
from .periods import ReportError

KINDS = {
    "regional_programmes": "programme",
    "donor": "donor",
    "profile": "country|region",
    "medium_term": "",
}


class _Doc:
    """Chapters, sections, numbered paragraphs and tables, numbered as the UN does (I., A., 1.)."""

    def __init__(self, engine, *, title, subtitle, symbol, organ, summary, distribution="General"):
        self.b = _Builder(engine)
        self.engine = engine
        self.chapter = self.section = -1
        self.tables = 0
        self.doc = Document(masthead={"organ": organ, "symbol": symbol, "distribution": distribution,
                                      "date": engine.as_of, "original": "English", "session": "",
                                      "agenda_item": "", "agenda_title": ""},
                            title=title, subtitle=subtitle, summary=self.b.runs(summary),
                            period=engine.period.code, as_of=engine.as_of)

    def chapter_(self, title):
        self.chapter += 1
        self.section = -1
        number = chapter_number(self.chapter)
        self.doc.blocks.append({"type": "chapter", "number": number, "title": title})
        self.doc.contents.append({"level": 1, "number": number, "title": title})

    def section_(self, title):
        self.section += 1
        number = f"{section_letters()[self.section]}."
        self.doc.blocks.append({"type": "section", "number": number, "title": title})
        self.doc.contents.append({"level": 2, "number": number, "title": title})

    def para(self, text):
        self.doc.blocks.append(self.b.para(text))

    def table(self, title, headings, rows, total=None, money=()):
        self.tables += 1
        money = set(money)
        fmt = _number_formatter()
        self.doc.blocks.append({"type": "table", "number": self.tables, "title": title,
                                "headings": [str(h) for h in headings], "rows": rows, "total": total,
                                "money": money, "text_rows": [_texts(r, money, fmt) for r in rows],
                                "text_total": _texts(total, money, fmt) if total else None,
                                "empty": _("None in the period.")})

    def finish(self, items=None):
        for text in items or []:
            self.para(text)
        self.doc.footnotes = self.b.footnotes
        self.doc.facts = [self.engine.get(k) for k in self.b.fact_order] + [
            f for f in self.engine.used() if f.key not in self.b.fact_order]
        return self.doc


def _number_formatter():
    """``number_format(v, places, force_grouping=True)`` with the language's separators read once, not for each
    cell (Django looks the three of them up, through the translation machinery, on every call)."""
    from django.utils import numberformat
    from django.utils.formats import get_format
    from django.utils.translation import get_language

    lang = get_language()
    sep, grouping, thousands = (get_format(name, lang, use_l10n=True) for name in (
        "DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR"))

    def fmt(value, places=None):
        return numberformat.format(value, sep, places, grouping, thousands, force_grouping=True, use_l10n=True)
    return fmt


def _texts(row, money, fmt=None) -> list[str]:
    """Cells as the document prints them: money to the cent with grouping, numbers grouped, the rest as text."""
    from decimal import Decimal

    fmt = fmt or _number_formatter()
    out = []
    for i, v in enumerate(row):
        if v is None:
            out.append("")
        elif i in money and isinstance(v, (Decimal, int)):
            out.append(fmt(v, 2))
        elif isinstance(v, (int, Decimal)) and not isinstance(v, bool):
            out.append(fmt(v))
        else:
            out.append(str(v))
    return out


def _f(key):
    return "{{fact:" + key + "}}"


def _fn(text):
    """A footnote mark and its text, or nothing."""
    return "[[fn:" + " ".join(text.replace("]]", "] ]").split()) + "]]" if text else ""


def _projects_table(d: _Doc, spec: str):
    data = facts_scoped.scope_data(d.engine, spec)
    e = d.engine
    attributed = bool(data["attribution"])  # a country or a region: the share of each project's money
    rows = [[f"{r['project'].code} {r['project'].title}", r["project"].get_status_display(), r["budget"],
             r["expenditure"], r["deliveries"], r["participants"]]
            + ([facts_scoped.percent(r["share"])] if attributed else []) for r in data["rows"]]
    total = [_("Total"), "", e.get(f"budget:{spec}").value, e.get(f"expenditure:{spec}").value,
             e.get(f"scope_deliveries:{spec}").value, e.get(f"scope_participants:{spec}").value] + (
        [""] if attributed else [])
    d.table(_("Projects, budget, expenditure and deliveries"),
            [_("Project"), _("Status"), _("Budget (USD)"), _("Expenditure (USD)"), _("Deliveries"),
             _("Participants")] + ([_("Share attributed")] if attributed else []), rows, total if rows else None,
            money=(2, 3))
    return data


def _indicator_data(engine, project_ids) -> tuple[list, dict, dict]:
    """The indicators of these projects the reader may see (by project code, code) and their approved series."""
    from mandates.people import permissions
    from mandates.results import selectors
    from mandates.results.models import Indicator

    # the table reads the indicator and its project only: not the six related rows of indicator_queryset()
    indicators = list(permissions.visible(engine.user, Indicator.objects.select_related("project")).filter(
        project__in=list(project_ids)).order_by("project__code", "code", "id"))
    series = selectors.series_for(indicators, as_of_year=engine.as_of.year, approved_only=True,
                                  recorded_by=engine.as_of) if indicators else {}
    by_project = defaultdict(list)  # project -> (place in the order, indicator): a programme's table picks its own
    for n, ind in enumerate(indicators):
        by_project[ind.project_id].append((n, ind))
    return indicators, series, by_project


def _indicators_table(d: _Doc, projects, prepared=None):
    """``prepared``: ``_indicator_data`` of a larger set of projects (all the report's), read once."""
    ids = {p.pk for p in projects}
    if prepared is None:
        indicators, series, _by_project = _indicator_data(d.engine, ids)
    else:
        by_project, series = prepared[2], prepared[1]  # each project's indicators, in the report's order
        indicators = [i for _n, i in sorted((n, i) for pk in ids for n, i in by_project.get(pk, ()))]
    if not indicators:
        d.table(_("Indicator progress (approved values)"), [_("Project"), _("Indicator")], [])
        return
    rows = []
    for ind in indicators:
        s = series[ind.pk]
        last = max(s.actuals, default=None)
        rows.append([ind.project.code, str(ind), ind.baseline_value if ind.is_quantitative else ind.baseline_text,
                     s.actuals.get(last) if last else "", s.targets.get(max(s.targets, default=0), "") if s.targets
                     else "", s.progress.label])
    d.table(_("Indicator progress (approved values)"),
            [_("Project"), _("Indicator"), _("Baseline"), _("Latest actual"), _("Target"), _("Progress")], rows)


def regional_programmes(engine, target: str = "", items=None) -> Document:
    from mandates.people import permissions
    from mandates.portfolio.models import Programme

    if target:
        programmes = [scopes.resolve(f"programme={target}", engine.user).obj]
    else:
        programmes = list(permissions.visible(engine.user, Programme.objects.filter(
            kind=Programme.Kind.REGIONAL)).order_by("code"))
        if not programmes:
            raise ReportError(_("There is no regional programme that you may see."))
    d = _Doc(engine, title=_("Progress made in the development and implementation of the regional programmes "
                             "of the United Nations Office on Drugs and Crime"),
             subtitle=_("Report of the Executive Director"), symbol=f"UNODC/RP/{engine.period.code}"
             + (f"/{programmes[0].code}" if target else ""),
             organ=_("Commission on Crime Prevention and Criminal Justice"),
             summary=_("Pursuant to Economic and Social Council resolution 2009/23, paragraph 13, the present report "
                       "describes, for each regional programme, its consultations, components, projects, funding, "
                       "deliveries and the progress of its indicators during the period %(p)s, as at %(d)s.")
             % {"p": engine.period.code, "d": long_date(engine.as_of)})
    # every programme's figures, consultations, components and indicators read at once, not per programme
    from django.db.models import Prefetch, prefetch_related_objects

    prefetch_related_objects(programmes, Prefetch("consultations", queryset=Programme.consultations.rel.related_model
                                                  .objects.order_by("date", "pk"), to_attr="report_consultations"),
                             Prefetch("components", queryset=Programme.components.rel.related_model.objects
                                      .order_by("code"), to_attr="report_components"))
    facts_scoped.prefetch_programmes(engine, programmes)
    indicators = _indicator_data(engine, [r["project"].pk for p in programmes for r in facts_scoped.scope_data(
        engine, f"programme={p.code}")["rows"]])
    for programme in programmes:
        spec = f"programme={programme.code}"
        d.chapter_(f"{programme.code} {programme.title}")
        d.para(_("The programme, %(status)s, runs from %(start)s to %(end)s. Its projects (%(n)s) have a budget "
                 "of %(budget)s for the period, of which %(spent)s was spent by the as-at date; deliveries: %(del)s, "
                 "reaching %(people)s participants.") % {
            "status": programme.get_status_display().lower(), "start": long_date(programme.start_date),
            "end": long_date(programme.end_date), "n": _f(f"projects:{spec}"), "budget": _f(f"budget:{spec}"),
            "spent": _f(f"expenditure:{spec}"), "del": _f(f"scope_deliveries:{spec}"),
            "people": _f(f"scope_participants:{spec}")})
        d.section_(_("Consultations and components"))
        consultations = programme.report_consultations
        d.table(_("Consultation history"), [_("Date"), _("Kind"), _("Place"), _("Summary")],
                [[c.date.isoformat(), c.get_kind_display(), c.place, c.summary] for c in consultations])
        d.table(_("Components"), [_("Code"), _("Component")],
                [[c.code, c.title] for c in programme.report_components])
        d.section_(_("Projects and funding"))
        data = _projects_table(d, spec)
        d.section_(_("Indicator progress"))
        _indicators_table(d, [r["project"] for r in data["rows"]], indicators)
    return d.finish(items)


def donor(engine, target: str = "", items=None) -> Document:
    if not target:
        raise ReportError(_("A donor report needs a donor (--donor NAME)."))
    scope = scopes.resolve(f"donor={target}", engine.user)
    spec = scope.spec
    d = _Doc(engine, title=_("Report to %(donor)s on its contributions to the United Nations Office on Drugs and "
                             "Crime") % {"donor": scope.name}, subtitle=_("Donor report, %(p)s") % {
        "p": engine.period.code}, symbol=f"UNODC/DR/{engine.period.code}/{scopes.donor_reference(scope.obj)}",
             organ=_("United Nations Office on Drugs and Crime"), distribution=_("Restricted"),
             summary=_("Contributions of %(donor)s to the funds of the biennium %(p)s, what was received and spent "
                       "as at %(d)s, and what the projects it funds delivered and achieved.")
             % {"donor": scope.name, "p": engine.period.code, "d": long_date(engine.as_of)})
    d.chapter_(_("Contributions"))
    d.para(_("%(donor)s pledged or agreed %(pledged)s for the biennium, of which %(received)s was received; "
             "%(spent)s was spent from these contributions by the as-at date.") % {
        "donor": scope.name, "pledged": _f(f"pledged:{spec}"), "received": _f(f"received:{spec}"),
        "spent": _f(f"donor_spent:{spec}")})
    data = facts_scoped.scope_data(engine, spec)
    rows = [[c.reference, c.date.isoformat(), c.segment.code if c.segment_id else "", facts_scoped.earmark(c),
             c.usd_amount, c.received_usd, c.spent] for c in data.get("contributions", [])]
    e = engine
    d.table(_("Contributions of the biennium"), [_("Reference"), _("Date"), _("Fund"), _("Earmarked to"),
                                                 _("Amount (USD)"), _("Received (USD)"), _("Spent (USD)")],
            rows, [_("Total"), "", "", "", e.get(f"pledged:{spec}").value, e.get(f"received:{spec}").value,
                   e.get(f"donor_spent:{spec}").value] if rows else None, money=(4, 5, 6))
    d.chapter_(_("Projects funded"))
    d.para(_("Projects the contributions paid for or are earmarked to: %(n)s; their deliveries during the "
             "period: %(del)s, with %(people)s participants.") % {
        "n": _f(f"projects:{spec}"), "del": _f(f"scope_deliveries:{spec}"),
        "people": _f(f"scope_participants:{spec}")})
    _projects_table(d, spec)
    d.chapter_(_("Results achieved"))
    _indicators_table(d, [r["project"] for r in data["rows"]])
    return d.finish(items)


def _treaty_rows(engine, scope) -> tuple[list, list]:
    from django.db.models import Count, Q

    from mandates.treaties import selectors
    from mandates.treaties.models import CONSENT_KINDS, SIGNATURE_KINDS, TreatyEvent

    countries = scopes.countries(scope)
    instruments = selectors.instruments(engine.user).order_by("position", "code")
    if scope.kind == "country":
        events = {}
        for ev in TreatyEvent.objects.filter(participant__country=scope.obj, date__lte=engine.as_of).order_by("date"):
            slot = "consent" if ev.kind in CONSENT_KINDS else "signature" if ev.kind in SIGNATURE_KINDS else ""
            if slot:
                events.setdefault((ev.instrument_id, slot), ev)
        rows = []
        for i in instruments:
            sig, con = events.get((i.pk, "signature")), events.get((i.pk, "consent"))
            rows.append([i.short_name, sig.date.isoformat() if sig else "",
                         f"{con.date.isoformat()} ({con.get_kind_display()})" if con else ""])
        return [_("Instrument"), _("Signature"), _("Consent to be bound")], rows
    in_scope = Q(events__participant__country__in=countries, events__date__lte=engine.as_of)
    counted = instruments.annotate(
        parties=Count("events__participant", filter=in_scope & Q(events__kind__in=CONSENT_KINDS), distinct=True))
    total = countries.count()
    return ([_("Instrument"), _("States parties in the region"), _("Countries of the region")],
            [[i.short_name, i.parties, total] for i in counted])


def profile(engine, target: str = "", items=None) -> Document:
    if not target or "=" not in target:
        raise ReportError(_("A profile needs a country or a region (--country ISO3 or --region M49)."))
    scope = scopes.resolve(target, engine.user)
    spec = scope.spec
    kind_name = _("Country profile") if scope.kind == "country" else _("Region profile")
    d = _Doc(engine, title=_("%(kind)s: %(name)s") % {"kind": kind_name, "name": scope.name}, subtitle=_("Period %(p)s") % {"p": engine.period.code},
             symbol=f"UNODC/PROFILE/{engine.period.code}/{scope.code}",
             organ=_("United Nations Office on Drugs and Crime"),
             summary=_("The programmes and projects of the Office in %(name)s, their money and deliveries, the "
                       "requests for assistance received, the status of the treaties and the latest crime "
                       "statistics, as at %(d)s.") % {"name": scope.name, "d": long_date(engine.as_of)})
    d.chapter_(_("Programmes and projects"))
    # the money is the share attributed to the place; a footnote says how, and that the rest is not counted
    note = facts_scoped.scope_data(engine, spec)["attribution"]
    d.para(_("Projects working in %(name)s: %(n)s, with a budget of %(budget)s for the period, of which "
             "%(spent)s was spent by the as-at date; deliveries: %(del)s, with %(people)s participants. Requests for "
             "technical assistance received: %(req)s.") % {
        "n": _f(f"projects:{spec}"), "name": scope.name, "budget": _f(f"budget:{spec}") + _fn(note),
        "spent": _f(f"expenditure:{spec}"), "del": _f(f"scope_deliveries:{spec}"),
        "people": _f(f"scope_participants:{spec}"), "req": _f(f"requests:{spec}")})
    data = _projects_table(d, spec)
    programmes = sorted({r["project"].programme for r in data["rows"] if r["project"].programme_id},
                        key=lambda p: p.code)
    d.table(_("Programmes"), [_("Programme"), _("Kind"), _("Status")],
            [[f"{p.code} {p.title}", p.get_kind_display(), p.get_status_display()] for p in programmes])
    d.chapter_(_("Requests for technical assistance"))
    requests = facts_scoped._requests(engine, scope).select_related("requesting_state").order_by("received_on")
    d.table(_("Requests received in the period"), [_("Reference"), _("State"), _("Received"), _("Subject"),
                                                   _("Status")],
            [[r.reference, r.requesting_state.name, r.received_on.isoformat(), r.subject, r.get_status_display()]
             for r in requests])
    d.chapter_(_("Status of the treaties"))
    headings, rows = _treaty_rows(engine, scope)
    d.table(_("Status as at %(d)s") % {"d": long_date(engine.as_of)}, headings, rows)
    if scope.kind == "country":
        from mandates.statistics import selectors as stats

        main = stats.country_main_series(scope.obj)
        if main["rows"]:
            stat_facts.prime(engine, scope.obj.iso3, main["area"], main["rows"])  # the values just read: no query per series
            d.chapter_(_("Crime and criminal justice statistics"))
            for value in main["rows"]:
                alias = f"{value.series.pk}:{scope.obj.iso3}:{value.year}"
                d.para(_("%(series)s: %(value)s in %(year)s.") % {"series": str(value.series),
                                                                  "value": _f(f"stat:{alias}"), "year": value.year})
    return d.finish(items)


def medium_term(engine, target: str = "", items=None) -> Document:
    from mandates.strategy.models import StrategyNode

    data = facts_scoped.planned_cost_data(engine)
    d = _Doc(engine, title=_("Medium-term strategy activities projected for %(p)s and their estimated cost")
             % {"p": engine.period.code}, subtitle=_("Report of the Executive Director"),
             symbol=f"UNODC/MTS/{engine.period.code}", organ=_("Commission on Narcotic Drugs and Commission on "
                                                               "Crime Prevention and Criminal Justice"),
             summary=_("Pursuant to Economic and Social Council resolution 2007/12, paragraph 7, the present report "
                       "identifies the activities projected for the biennium %(p)s under each expected result of the "
                       "strategy, with their estimated cost (%(cost)s in all, activities costed in United States "
                       "dollars).") % {"p": engine.period.code, "cost": _f("planned_cost:all")})
    names = {n.code: n.title for n in StrategyNode.objects.filter(code__in=[c for c in data["groups"] if c])}
    d.chapter_(_("Activities projected by expected result"))
    rows = []
    for code in sorted(data["groups"]):
        g = data["groups"][code]
        others = "; ".join(f"{cur} {amount}" for cur, amount in sorted(g["cost"].items()) if cur != "USD")
        rows.append([code or _("(no expected result)"), names.get(code, ""), len(g["projects"]), g["activities"],
                     g["cost"].get("USD", facts_scoped.Z), others])
    every_project = set().union(*(g["projects"] for g in data["groups"].values()))  # a project may serve several
    total = [_("Total"), "", len(every_project), sum(r[3] for r in rows),
             engine.get("planned_cost:all").value, ""] if rows else None
    d.table(_("Activities and estimated cost"), [_("Result"), _("Expected result"), _("Projects"), _("Activities"),
                                                 _("Estimated cost (USD)"), _("Other currencies")], rows, total,
            money=(4,))
    for code in sorted(c for c in data["groups"] if c)[:40]:
        d.para(_("Expected result %(code)s, %(title)s: %(cost)s.") % {
            "code": code, "title": names.get(code, ""), "cost": _f(f"planned_cost:{code}")})
    return d.finish(items)


BUILDERS = {"regional_programmes": regional_programmes, "donor": donor, "profile": profile,
            "medium_term": medium_term}


def build(kind: str, engine, target: str = "", items=None) -> Document:
    if kind not in BUILDERS:
        raise ReportError(_("Unknown kind of report “%(kind)s”.") % {"kind": kind})
    return BUILDERS[kind](engine, target, items)


__all__ = ["BUILDERS", "KINDS", "build"]
