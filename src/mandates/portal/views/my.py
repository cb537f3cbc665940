"""Member-State and donor views: logged in, scoped by the permission matrix, with the same downloads
narrowed to what the person may see."""
from datetime import date

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from mandates.assistance.models import AssistanceRequest
from mandates.finance.models import Contribution, Expenditure, ProjectFinance
from mandates.people import permissions
from mandates.portfolio.models import Project, ProjectLocation
from mandates.results.models import Delivery, IndicatorValue
from mandates.statistics.selectors import country_main_series
from mandates.treaties import selectors as treaties

from ..filters import Filters
from ..selectors import figures as fig
from ..tables import TABLES
from .common import bad_input, page
from .downloads import table_download


def _scope(user):
    """('member_state', country) or ('donor', donor), or None for anybody else."""
    role = permissions.role_of(user)
    if role == "member_state_reader" and user.country_id:
        return "member_state", user.country
    if role == "donor_reader" and hasattr(user, "donor_reader"):
        return "donor", user.donor_reader.donor
    return None


def scoped_projects(user, kind, subject):
    if kind == "member_state":
        return permissions.visible(user, Project.objects.filter(locations__country=subject))
    funded = Q(pk__in=Expenditure.objects.filter(contribution__donor=subject).values("project_id")) | Q(
        pk__in=Contribution.objects.filter(donor=subject).values("project_id"))
    visible = permissions.visible(user, ProjectFinance.objects.all()).values("pk")
    return Project.objects.filter(funded, pk__in=visible)


def _context(user):
    scope = _scope(user)
    if scope is None:
        return None
    kind, subject = scope
    projects = Project.objects.filter(pk__in=scoped_projects(user, kind, subject).values("pk"))
    filters = Filters(country=subject) if kind == "member_state" else Filters(donor=subject)
    figures = fig.compute(filters, projects=projects)
    context = {
        "kind": kind, "subject": subject, "figures": figures, "filters": filters,
        "projects": projects.select_related("programme").prefetch_related(
            Prefetch("locations", queryset=ProjectLocation.objects.select_related("country", "area")),
            Prefetch("indicators__values", queryset=IndicatorValue.objects.filter(
                status=IndicatorValue.Status.APPROVED).order_by("year"), to_attr="approved_values"),
        ).order_by("code"),
    }
    if kind == "member_state":
        context["deliveries"] = permissions.visible(user, Delivery.objects.filter(country=subject)).select_related(
            "project")[:100]
        context["requests"] = permissions.visible(user, AssistanceRequest.objects.filter(
            requesting_state=subject)).order_by("-received_on")
        participant = treaties.participant_for(subject.iso3)
        context["treaty_rows"] = treaties.profile(user, participant, as_of=date.today())
        context["evidence"] = country_main_series(subject, limit=5, with_run=False)
    else:
        context["contributions"] = permissions.visible(user, Contribution.objects.filter(donor=subject)).select_related(
            "project", "programme", "theme", "area").order_by("-date")
    return context


@login_required
@bad_input
def mine(request):
    context = _context(request.user)
    if context is None:
        return page(request, "portal/not_found.html", {
            "message": _("This view is for Member-State and donor readers. Staff use the staff pages.")}, status=403)
    return page(request, "portal/mine.html", context)


@login_required
@bad_input
def my_download(request, fmt):
    context = _context(request.user)
    if context is None:
        raise Http404
    figures = context["figures"]
    rows = []
    for p in context["projects"]:
        money = figures.per_project.get(p.pk, {"spent": fig.ZERO, "budget": fig.ZERO})
        rows.append({"code": p.code, "title": p.title, "programme": p.programme.code if p.programme_id else "",
                     "status": str(p.get_status_display()), "start": p.start_date.isoformat(),
                     "end": p.end_date.isoformat(),
                     "locations": "; ".join(str(loc.country or loc.area) for loc in p.locations.all()),
                     "budget_usd": money["budget"] if context["kind"] == "member_state" else None,
                     "spent_usd": money["spent"]})
    assert "projects" in TABLES
    return table_download(request, "projects", fmt, filters=context["filters"], rows=rows)
