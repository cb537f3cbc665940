"""The built-in search providers, one per domain. Each narrows its rows with
``people.permissions.visible`` before matching, so a person finds only what they may see."""
from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.people import permissions

from . import engine
from .registry import Hit, register


def _collect(user, query, qs, *, kind, code_fields=(), title_fields=(), body_fields=(), title, url, text=None,
             code=None, action="view"):
    try:
        qs = permissions.visible(user, qs, action)
    except LookupError:
        return []
    scored: dict[int, tuple[float, object]] = {}
    for score, obj in engine.code_hits(qs, query, code_fields):
        scored[obj.pk] = (score, obj)
    for score, obj in engine.text_hits(qs, query, title_fields, body_fields):
        if obj.pk not in scored or scored[obj.pk][0] < score:
            scored[obj.pk] = (max(score, scored.get(obj.pk, (0, None))[0]), obj)
    return [Hit(kind=kind, title=title(obj), url=url(obj), score=score,
                snippet=engine.snippet(text(obj), query) if text else "", code=code(obj) if code else "")
            for score, obj in scored.values()]


def programmes(user, query):
    from mandates.portfolio.models import Programme

    return _collect(user, query, Programme.objects.all(), kind=_("Programme"), code_fields=("code",),
                    title_fields=("code", "title"), body_fields=("summary",), title=lambda o: o.title,
                    code=lambda o: o.code, text=lambda o: o.summary,
                    url=lambda o: reverse("portfolio:programme_detail", args=[o.pk]))


def projects(user, query):
    from mandates.portfolio.models import Project

    return _collect(user, query, Project.objects.all(), kind=_("Project"), code_fields=("code",),
                    title_fields=("code", "title"), body_fields=("objective", "description"),
                    title=lambda o: o.title, code=lambda o: o.code, text=lambda o: o.objective,
                    url=lambda o: reverse("portfolio:project_detail", args=[o.pk]))


def expected_results(user, query):
    from mandates.strategy.models import StrategyNode

    qs = StrategyNode.objects.filter(track="results").select_related("period")
    return _collect(user, query, qs, kind=_("Strategy result"), code_fields=("code",),
                    title_fields=("title",), body_fields=("description",), title=lambda o: o.title,
                    code=lambda o: f"{o.period.code} {o.code}", text=lambda o: o.description,
                    url=lambda o: reverse("strategy:node", args=[o.period.code, o.code]))


def resolutions(user, query):
    from mandates.resolutions.models import Paragraph, Resolution

    hits = _collect(user, query, Resolution.objects.all(), kind=_("Resolution"), code_fields=("symbol",),
                    title_fields=("symbol", "title"), title=lambda o: o.title, code=lambda o: o.symbol,
                    url=lambda o: reverse("resolutions:detail", args=[o.pk]))
    paragraphs = Paragraph.objects.select_related("resolution")
    hits += _collect(user, query, paragraphs, kind=_("Paragraph of a resolution"), title_fields=("addressee",),
                     body_fields=("text",),
                     title=lambda o: f"{o.resolution.symbol}, " + (_("paragraph %(n)s") % {"n": o.number}
                                                                    if o.number else _("preamble")),
                     text=lambda o: o.text,
                     url=lambda o: reverse("resolutions:detail", args=[o.resolution_id]) + f"#paragraph-{o.pk}")
    return hits


def obligations(user, query):
    from mandates.resolutions.models import Obligation

    qs = Obligation.objects.select_related("paragraph__resolution")
    return _collect(user, query, qs, kind=_("Obligation"), code_fields=("report_symbol",),
                    title_fields=("report_title", "recipient"), body_fields=("actor", "deadline_text", "notes"),
                    title=lambda o: f"{o.paragraph.resolution.symbol}: {o.report_title or o.recipient or o.actor}",
                    text=lambda o: o.deadline_text or o.notes,
                    url=lambda o: reverse("resolutions:obligation_edit", args=[o.pk]))


def partners(user, query):
    from mandates.partners.models import Partner

    return _collect(user, query, Partner.objects.all(), kind=_("Partner"), code_fields=("acronym",),
                    title_fields=("name", "acronym"), body_fields=("description",),
                    title=lambda o: o.name + (f" ({o.acronym})" if o.acronym else ""), text=lambda o: o.description,
                    url=lambda o: reverse("partners:detail", args=[o.pk]))


def countries(user, query):
    from mandates.geography.models import Country

    return _collect(user, query, Country.objects.all(), kind=_("Country or area"), code_fields=("iso3", "iso2"),
                    title_fields=("name",), title=lambda o: o.name, code=lambda o: o.iso3,
                    url=lambda o: reverse("geography:detail", args=[o.iso3]))


def lessons(user, query):
    from mandates.evaluation.models import Lesson

    return _collect(user, query, Lesson.objects.all(), kind=_("Lesson learned"), title_fields=("title",),
                    body_fields=("text",), title=lambda o: o.title, text=lambda o: o.text,
                    url=lambda o: reverse("evaluation:lesson_detail", args=[o.pk]))


def register_all():
    for provider in (programmes, projects, expected_results, resolutions, obligations, partners, countries,
                     lessons):
        register(provider.__name__, provider)
