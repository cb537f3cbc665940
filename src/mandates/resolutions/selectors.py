"""Reads for the resolutions pages and API: each a bounded number of queries, narrowed by permissions."""
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Min, Prefetch, Q
from django.utils import timezone

from mandates.core.params import filter_year
from mandates.people import permissions

from .analysis import OFFICE_CATEGORIES
from .models import Obligation, Paragraph, Resolution, ResultLink

OBLIGATION_STATES = (("due", "Due"), ("overdue", "Overdue"), ("open", "Not answered (due or overdue)"),
                     ("answered", "Answered"))


def resolution_list(user, *, search: str = "", body: str = "", year: int | None = None):
    qs = Resolution.objects.annotate(
        operative_count=Count("paragraphs", filter=Q(paragraphs__kind=Paragraph.Kind.OPERATIVE), distinct=True),
        open_obligations=Count("paragraphs__obligations",
                               filter=Q(paragraphs__obligations__status=Obligation.Status.OPEN), distinct=True),
    ).order_by("-date", "symbol")
    if search:
        qs = qs.filter(Q(symbol__icontains=search) | Q(title__icontains=search))
    if body:
        qs = qs.filter(body=body)
    qs = filter_year(qs, "date", year)
    return permissions.visible(user, qs)


def resolution_years() -> list[int]:
    return sorted({d.year for d in Resolution.objects.dates("date", "year")}, reverse=True)


def resolution_detail(user, pk: int) -> Resolution:
    """The resolution with its paragraphs, their obligations (with programmes and projects) and
    their links (with the result and who decided), in a fixed number of queries."""
    links = ResultLink.objects.select_related("result", "result__period", "decided_by").order_by(
        "rank", "-score", "id")
    obligations = Obligation.objects.prefetch_related("programmes", "projects").order_by("id")
    paragraphs = Paragraph.objects.order_by("position").prefetch_related(
        Prefetch("obligations", queryset=obligations), Prefetch("links", queryset=links))
    qs = permissions.visible(user, Resolution.objects.all()).prefetch_related(
        Prefetch("paragraphs", queryset=paragraphs))
    return qs.get(pk=pk)


def unanswered_requests(resolution: Resolution) -> list[Paragraph]:
    """Operative paragraphs addressed to the office (or its Executive Director, or the
    Secretary-General) that no confirmed result, programme, project or report answers. Works on
    the prefetched paragraphs of :func:`resolution_detail` (no query of its own)."""
    out = []
    for paragraph in resolution.paragraphs.all():
        if paragraph.kind != Paragraph.Kind.OPERATIVE or paragraph.addressee_category not in OFFICE_CATEGORIES:
            continue
        confirmed = any(link.state == ResultLink.State.CONFIRMED for link in paragraph.links.all())
        answered = any(
            o.status == Obligation.Status.ANSWERED or o.has_report or o.programmes.all() or o.projects.all()
            for o in paragraph.obligations.all()
        )
        if not confirmed and not answered:
            out.append(paragraph)
    return out


def paragraphs_for_api(user, symbol: str, kind: str = Paragraph.Kind.OPERATIVE):
    """The paragraphs of the resolution with this symbol, each with its earliest deadline."""
    resolutions = permissions.visible(user, Resolution.objects.filter(symbol=symbol))
    qs = Paragraph.objects.filter(resolution__in=resolutions).select_related("resolution").annotate(
        deadline=Min("obligations__deadline"))
    if kind != "all":
        qs = qs.filter(kind=kind)
    return qs.order_by("position")


@dataclass
class ObligationFilters:
    body: str = ""
    year: int | None = None
    status: str = ""  # due | overdue | answered
    symbol: str = ""
    deadline_after: datetime.date | None = None
    deadline_before: datetime.date | None = None
    kind: str = ""  # act | report


def obligation_list(user, filters: ObligationFilters | None = None):
    filters = filters or ObligationFilters()
    today = timezone.localdate()
    qs = Obligation.objects.select_related("paragraph", "paragraph__resolution").annotate(
        answer_count=Count("programmes", distinct=True) + Count("projects", distinct=True),
    )
    if filters.body:
        qs = qs.filter(paragraph__resolution__body=filters.body)
    qs = filter_year(qs, "deadline", filters.year)
    if filters.symbol:
        qs = qs.filter(paragraph__resolution__symbol=filters.symbol)
    if filters.deadline_after:
        qs = qs.filter(deadline__gte=filters.deadline_after)
    if filters.deadline_before:
        qs = qs.filter(deadline__lte=filters.deadline_before)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status == "open":
        qs = qs.filter(status=Obligation.Status.OPEN)
    elif filters.status == "answered":
        qs = qs.filter(status=Obligation.Status.ANSWERED)
    elif filters.status == "overdue":  # a recurring obligation is due again, never overdue as a whole
        qs = qs.filter(status=Obligation.Status.OPEN, deadline__lt=today, recurrence="")
    elif filters.status == "due":
        qs = qs.filter(status=Obligation.Status.OPEN).filter(
            Q(deadline__gte=today) | Q(deadline__isnull=True) | ~Q(recurrence=""))
    qs = qs.order_by(F("deadline").asc(nulls_last=True), "paragraph__resolution__symbol", "paragraph__position", "id")
    return permissions.visible(user, qs)


def obligation_summary(user) -> dict:
    """How many obligations are due, overdue and answered (one query)."""
    today = timezone.localdate()
    open_ = Q(status=Obligation.Status.OPEN)
    return permissions.visible(user, Obligation.objects.all()).aggregate(
        due=Count("id", filter=open_ & (Q(deadline__gte=today) | Q(deadline__isnull=True) | ~Q(recurrence=""))),
        overdue=Count("id", filter=open_ & Q(deadline__lt=today, recurrence="")),
        answered=Count("id", filter=Q(status=Obligation.Status.ANSWERED)),
    )


def obligation_years() -> list[int]:
    return sorted({d.year for d in Obligation.objects.exclude(deadline=None).dates("deadline", "year")},
                  reverse=True)


def results_with_mandates(user, period):
    """The expected results of a period with how many paragraphs are linked to each (confirmed,
    suggested), in one query."""
    from mandates.strategy.models import StrategyNode

    visible_links = permissions.visible(user, ResultLink.objects.all())
    return StrategyNode.objects.filter(period=period, track="results", level=period.result_level).annotate(
        confirmed=Count("mandate_links", filter=Q(mandate_links__state=ResultLink.State.CONFIRMED,
                                                  mandate_links__in=visible_links), distinct=True),
        suggested=Count("mandate_links", filter=Q(mandate_links__state=ResultLink.State.SUGGESTED,
                                                  mandate_links__in=visible_links), distinct=True),
    ).order_by("sort_key")


def mandates_for_result(user, result):
    """The links to one expected result, confirmed first, with their paragraph and resolution."""
    return permissions.visible(user, ResultLink.objects.filter(result=result).exclude(
        state=ResultLink.State.REJECTED)).select_related(
        "paragraph", "paragraph__resolution", "decided_by").order_by("state", "-paragraph__resolution__date",
                                                                     "paragraph__position")


def links_list(user, *, symbol: str = "", state: str = ""):
    qs = ResultLink.objects.select_related("paragraph", "paragraph__resolution", "result", "result__period",
                                           "decided_by")
    if symbol:
        qs = qs.filter(paragraph__resolution__symbol=symbol)
    if state:
        qs = qs.filter(state=state)
    return permissions.visible(user, qs.order_by("paragraph__resolution__symbol", "paragraph__position", "rank"))
