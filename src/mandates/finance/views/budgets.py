"""A project's finance tab, and budget revisions (a project's or the office-level budget)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.locking import unchanged
from mandates.people import permissions

from .. import reports, selectors, services
from ..forms import BudgetLineFormSet, BudgetReasonForm, segment_choices
from ..models import Biennium, BudgetLine, BudgetRevision, ProjectFinance
from .common import excel, wants_excel


def project(request, pk):
    permissions.require(request.user, "view", ProjectFinance)
    project = get_object_or_404(ProjectFinance.objects.select_related("lead_unit", "programme"), pk=pk)
    permissions.require(request.user, "view", project)
    pf = selectors.project_finance(request.user, project)
    tables = reports.project_tables(pf)
    spent = selectors.project_expenditure(project)
    if wants_excel(request):
        contributions = reports.contributions_table(pf["contributions"], title="Contributions earmarked to it")
        return excel([*tables, contributions, reports.expenditure_table(spent)], f"project-{project.code}-finance",
                     heading=project.code)
    page = Paginator(spent, 50).get_page(request.GET.get("page"))
    chart = {"labels": [str(y["year"]) for y in pf["years"]], "budget": [f"{y['budget']:.2f}" for y in pf["years"]],
             "expenditure": [f"{y['expenditure']:.2f}" for y in pf["years"]]}
    show_history = permissions.can_view_history(request.user)
    return render(request, "finance/project.html", {
        "project": project, "pf": pf, "tables": tables, "page_obj": page,
        "expenditure_table": reports.expenditure_table(page.object_list), "chart": chart, "section": "projects",
        "contributions_table": reports.contributions_table(pf["contributions"], title="Contributions earmarked to it"),
        "can_revise": permissions.can(request.user, "add", BudgetRevision),
        "history": history_for(list(pf["revisions"])) if show_history and pf["revisions"] else None,
    })


def _initial_lines(lines) -> list[dict]:
    """Current lines as form rows; a fund's apportioned shares are shown again as the one coded line."""
    rows: dict[tuple, dict] = {}
    for line in lines:
        code = line.segment.biennium.apportionment_code if line.apportioned else line.segment.code
        key = (line.year, code, line.budget_class.code)
        row = rows.setdefault(key, {"year": line.year, "segment": code, "budget_class": line.budget_class.code,
                                    "amount": 0})
        row["amount"] += line.amount
    return list(rows.values())


def _revise(request, *, project=None, biennium=None, bienniums, back: str, title: str):
    permissions.require(request.user, "add", BudgetRevision)
    current = BudgetLine.objects.filter(is_current=True).select_related("segment__biennium", "budget_class")
    current = current.filter(project=project) if project is not None else current.filter(
        project__isnull=True, segment__biennium=biennium)
    choices = segment_choices(bienniums)
    formset = BudgetLineFormSet(request.POST or None, initial=None if request.POST else _initial_lines(current),
                                form_kwargs={"segment_choices": choices}, prefix="lines")
    reason = BudgetReasonForm(request.POST or None, record=project if project is not None else biennium,
                              version=selectors.budget_version)
    errors = []
    if request.method == "POST" and formset.is_valid() and reason.is_valid():
        lines = [f.cleaned_data for f in formset.forms
                 if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("year")]
        try:
            with unchanged(reason):
                revision = services.revise_budget(project=project, biennium=biennium, lines=lines,
                                                  reason=reason.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the budget was revised by someone else meanwhile (core.locking)
                exc = ValidationError({"lines": exc.messages})
            errors = exc.message_dict.get("lines", []) + exc.message_dict.get("project", [])
            for message in exc.message_dict.get("reason", []):
                reason.add_error("reason", message)
        else:
            messages.success(request, _("%(revision)s recorded.") % {"revision": revision.label})
            return redirect(back)
    return render(request, "finance/budget_form.html", {
        "formset": formset, "reason": reason, "errors": errors, "title": title, "back": back,
        "project": project, "biennium": biennium, "section": "projects" if project else "overview"})


def project_budget(request, pk):
    project = get_object_or_404(ProjectFinance, pk=pk)
    bienniums = Biennium.objects.filter(end_year__gte=project.start_date.year,
                                        start_year__lte=project.end_date.year).prefetch_related("segments")
    return _revise(request, project=project, bienniums=bienniums, back=f"/finance/projects/{project.pk}/",
                   title=f"Budget of {project.code}: new revision")


def office_budget(request, code):
    permissions.require(request.user, "view", Biennium)
    biennium = get_object_or_404(Biennium, code=code)
    if request.GET.get("edit") or request.method == "POST":
        return _revise(request, biennium=biennium, bienniums=Biennium.objects.filter(pk=biennium.pk)
                       .prefetch_related("segments"), back=f"/finance/budgets/{code}/",
                       title=f"Office-level budget {code}: new revision")
    permissions.require(request.user, "view", BudgetRevision)
    revisions = list(BudgetRevision.objects.filter(biennium=biennium, project__isnull=True).order_by("-number"))
    lines = (BudgetLine.objects.filter(is_current=True, project__isnull=True, segment__biennium=biennium)
             .select_related("segment", "budget_class").order_by("year", "segment__order", "budget_class__order"))
    from ..tables import Column, Table

    table = Table("office_budget", f"Office-level budget {code} (current revision)", [
        Column("year", "Year", "year"), Column("segment", "Fund segment"), Column("class", "Budget class"),
        Column("amount", "Amount (USD)", "money"), Column("apportioned", "Apportioned share")],
        [{"year": ln.year, "segment": ln.segment.name, "class": ln.budget_class.name, "amount": ln.amount,
          "apportioned": "yes" if ln.apportioned else ""} for ln in lines])
    if wants_excel(request):
        return excel([table], f"office-budget-{code}")
    return render(request, "finance/office_budget.html", {
        "biennium": biennium, "table": table, "revisions": revisions, "section": "overview",
        "can_revise": permissions.can(request.user, "add", BudgetRevision)})
