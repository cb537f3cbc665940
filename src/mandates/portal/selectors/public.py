"""What the public may see. Every portal page, download, search and embed starts here.

Published means: a project marked published, past approval (not draft, submitted or cancelled),
and not under an unpublished programme; a programme marked published and endorsed or later.
Indicator values reach the public only when approved; deliveries only for published projects.
"""
from django.db.models import Exists, OuterRef, Q

from mandates.portfolio.models import Programme, Project
from mandates.results.models import Delivery, Indicator, IndicatorValue

PUBLIC_PROJECT_STATUSES = [
    Project.Status.APPROVED, Project.Status.IN_IMPLEMENTATION, Project.Status.SUSPENDED,
    Project.Status.COMPLETED, Project.Status.CLOSED,
]
PUBLIC_PROGRAMME_STATUSES = [
    Programme.Status.ENDORSED, Programme.Status.IN_IMPLEMENTATION, Programme.Status.UNDER_EVALUATION,
    Programme.Status.CLOSED,
]


def programme_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_public": True, f"{prefix}status__in": PUBLIC_PROGRAMME_STATUSES})


def project_q(prefix: str = "", *, programme_as_exists: bool = False) -> Q:
    """Published projects (through ``prefix``). ``programme_as_exists``: the programme tested by an ``EXISTS``
    instead of an outer join, for a query that reads few projects (see ``deliveries``)."""
    published_programme = (Exists(Programme.objects.filter(programme_q(), pk=OuterRef(f"{prefix}programme_id")))
                           if programme_as_exists else programme_q(f"{prefix}programme__"))
    return (
        Q(**{f"{prefix}is_public": True, f"{prefix}status__in": PUBLIC_PROJECT_STATUSES})
        & (Q(**{f"{prefix}programme__isnull": True}) | published_programme)
    )


def programmes():
    return Programme.objects.filter(programme_q())


def projects():
    return Project.objects.filter(project_q())


def indicators():
    """Indicators of published projects, and those of the strategy's expected results."""
    return Indicator.objects.filter(Q(project__isnull=True, result__isnull=False) | project_q("project__"))


def approved_values():
    return IndicatorValue.objects.filter(status=IndicatorValue.Status.APPROVED).filter(
        Q(indicator__project__isnull=True) | project_q("indicator__project__"))


def evaluations():
    """Evaluations whose report is published, of published projects or programmes."""
    from mandates.evaluation.models import Evaluation

    return Evaluation.objects.filter(is_public=True).filter(
        (Q(project__isnull=True) | project_q("project__")) & (Q(programme__isnull=True) | programme_q("programme__")))


def donors():
    """Donors of published projects: by a contribution to one, or by spending on one charged to a
    contribution. No other donor is named anywhere on the portal (filters, type-ahead, donor pages)."""
    from mandates.finance.models import Contribution, Donor, Expenditure

    published = projects().values("pk")
    return Donor.objects.filter(
        Q(pk__in=Contribution.objects.filter(project__in=published).values("donor_id"))
        | Q(pk__in=Expenditure.objects.filter(project__in=published, contribution__isnull=False)
            .values("contribution__donor_id")))


def contributions():
    """Contributions the portal may count: none earmarked to an unpublished project or programme."""
    from mandates.finance.models import Contribution

    return Contribution.objects.filter((Q(project__isnull=True) | project_q("project__"))
                                       & (Q(programme__isnull=True) | programme_q("programme__")))


def deliveries():
    """Deliveries of published projects. The programme test is an ``EXISTS`` rather than ``project_q``'s outer
    join: with the join, PostgreSQL hashed every published project (a sequential scan of the whole table) for the
    200 deliveries of one country — 9–16 ms at N=20 where the nested loop this shape gets takes 1 ms (pages7)."""
    return Delivery.objects.filter(project_q("project__", programme_as_exists=True))
