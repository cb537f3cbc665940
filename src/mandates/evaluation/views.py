"""Pages of evaluations, their recommendations and follow-up, and lessons learned."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.geography.names import by_name
from mandates.people import permissions

from . import selectors, services
from .forms import ActionItemForm, EvaluationForm, FindingForm, LessonForm, RecommendationForm, ResponseForm
from .models import ActionItem, Evaluation, Lesson, Recommendation


def _tabs(request, current):
    user = request.user
    tabs = [("evaluations", _("Evaluations"), "evaluation:list", permissions.can(user, "view", Evaluation)),
            ("follow_up", _("Follow-up"), "evaluation:follow_up", permissions.can(user, "view", ActionItem)),
            ("lessons", _("Lessons learned"), "evaluation:lessons", permissions.can(user, "view", Lesson))]
    return [{"label": label, "url": reverse(name), "current": key == current}
            for key, label, name, allowed in tabs if allowed]


def evaluation_list(request):
    permissions.require(request.user, "view", Evaluation)
    g = request.GET
    qs = selectors.evaluation_list(request.user, search=g.get("q", "").strip(), subject=g.get("subject", ""),
                                   modality=g.get("modality", ""), status=g.get("status", ""))
    return render(request, "evaluation/list.html", {
        "page_obj": Paginator(qs, 50).get_page(g.get("page")), "q": g.get("q", ""), "subject": g.get("subject", ""),
        "modality": g.get("modality", ""), "status": g.get("status", ""), "subjects": Evaluation.Subject.choices,
        "modalities": Evaluation.Modality.choices, "statuses": Evaluation.Status.choices,
        "can_add": permissions.can(request.user, "add", Evaluation), "tabs": _tabs(request, "evaluations"),
    })


def evaluation_detail(request, pk):
    evaluation = get_object_or_404(permissions.visible(request.user, Evaluation.objects.select_related(
        "project", "programme", "responsible_unit", "managed_by")), pk=pk)
    recommendations = list(selectors.recommendations_of(evaluation))
    can_change = permissions.can(request.user, "change", evaluation)
    for rec in recommendations:
        for action in rec.actions.all():  # the prefetched instances the template shows
            action.may_update = permissions.can(request.user, "change", action)
    return render(request, "evaluation/detail.html", {
        "evaluation": evaluation, "findings": evaluation.findings.all(), "recommendations": recommendations,
        "results": evaluation.results.select_related("period"), "lessons": evaluation.lessons.all(),
        "can_change": can_change,
        "can_see_actions": permissions.can(request.user, "view", ActionItem),
        "history": (history_for(evaluation, list(evaluation.findings.all()), recommendations,
                                [r.response for r in recommendations if hasattr(r, "response")],
                                [a for r in recommendations for a in r.actions.all()])
                    if permissions.can_view_history(request.user) else None),
    })


def evaluation_edit(request, pk=None):
    evaluation = get_object_or_404(Evaluation, pk=pk) if pk else None
    permissions.require(request.user, "change" if evaluation else "add", evaluation or Evaluation)
    form = EvaluationForm(request.POST or None, instance=evaluation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        results = data.pop("results")
        try:
            with unchanged(form):
                saved = services.save_evaluation(Evaluation.objects.get(pk=pk) if pk else None, by=request.user,
                                                 results=results, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("evaluation:detail", pk=saved.pk)
    return render(request, "evaluation/form.html", {"form": form, "evaluation": evaluation,
                                                    "title": "Edit evaluation" if evaluation else "New evaluation"})


def _child_form(request, evaluation, form, save, title):
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(reverse("evaluation:detail", args=[evaluation.pk]) + "#recommendations")
    return render(request, "evaluation/child_form.html", {"form": form, "evaluation": evaluation, "title": title})


def finding_add(request, pk):
    evaluation = get_object_or_404(Evaluation, pk=pk)
    permissions.require(request.user, "change", evaluation)
    return _child_form(request, evaluation, FindingForm(request.POST or None),
                       lambda d: services.add_finding(evaluation, by=request.user, text=d["text"]), "Add a finding")


def recommendation_edit(request, pk=None, rec_pk=None):
    rec = get_object_or_404(Recommendation.objects.select_related("evaluation"), pk=rec_pk) if rec_pk else None
    evaluation = rec.evaluation if rec else get_object_or_404(Evaluation, pk=pk)
    permissions.require(request.user, "change", evaluation)
    form = RecommendationForm(request.POST or None, instance=rec, evaluation=evaluation)
    return _child_form(request, evaluation, form, lambda d: services.save_recommendation(
        Recommendation.objects.get(pk=rec.pk) if rec else None, by=request.user, evaluation=evaluation, **d),
        "Edit the recommendation" if rec else "Add a recommendation")


def response_edit(request, rec_pk):
    rec = get_object_or_404(Recommendation.objects.select_related("evaluation"), pk=rec_pk)
    permissions.require(request.user, "change", rec)
    form = ResponseForm(request.POST or None, instance=getattr(rec, "response", None))
    return _child_form(request, rec.evaluation, form, lambda d: services.record_response(
        rec, by=request.user, **d), f"Management response to recommendation {rec.number}")


def action_edit(request, rec_pk=None, action_pk=None):
    item = get_object_or_404(ActionItem.objects.select_related("recommendation__evaluation", "owner_unit",
                                                               "owner_person__work_unit"), pk=action_pk) \
        if action_pk else None
    rec = item.recommendation if item else get_object_or_404(Recommendation.objects.select_related("evaluation"),
                                                             pk=rec_pk)
    manages = permissions.can(request.user, "change", rec.evaluation)
    if item is None and not (manages and permissions.can(request.user, "add", ActionItem)):
        raise PermissionDenied
    if item is not None and not permissions.can(request.user, "change", item):
        raise PermissionDenied
    form = ActionItemForm(request.POST or None, instance=item, owner_only=item is not None and not manages)
    return _child_form(request, rec.evaluation, form, lambda d: services.save_action_item(
        ActionItem.objects.get(pk=item.pk) if item else None, by=request.user, recommendation=rec, **d),
        "Update the action" if item else f"Add an action to recommendation {rec.number}")


def follow_up(request):
    permissions.require(request.user, "view", ActionItem)
    from mandates.organisation.models import WorkUnit

    code = request.GET.get("unit")
    if code is None:  # a programme manager starts with their own unit, others with every unit
        unit = request.user.work_unit if getattr(request.user, "role", "") == "programme_manager" else None
    else:
        unit = WorkUnit.objects.filter(code=code).first() if code else None
    overdue_only = request.GET.get("overdue") == "1"
    data = selectors.follow_up(request.user, unit=unit, overdue_only=overdue_only)
    return render(request, "evaluation/follow_up.html", {
        **data, "unit": unit, "overdue_only": overdue_only,
        "tabs": _tabs(request, "follow_up"),
    })


def lesson_list(request):
    permissions.require(request.user, "view", Lesson)
    from mandates.geography.models import Area
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    g = request.GET
    period = StrategyPeriod.objects.filter(code=g.get("period")).first() if g.get("period") else \
        StrategyPeriod.objects.order_by("-start_year").first()
    nodes = StrategyNode.objects.filter(period=period, track="results", level__lt=period.result_level) \
        if period else StrategyNode.objects.none()
    by_code = {n.code: n for n in nodes}
    theme, area = by_code.get(g.get("theme", "")), by_code.get(g.get("result_area", ""))
    region = Area.objects.filter(m49_code=g.get("region", "")).first() if g.get("region") else None
    qs = selectors.lesson_search(request.user, q=g.get("q", ""), theme=theme, result_area=area, region=region)
    return render(request, "evaluation/lessons.html", {
        "page_obj": Paginator(qs, 30).get_page(g.get("page")), "q": g.get("q", ""), "theme": theme,
        "result_area": area, "region": region, "nodes": nodes, "period": period,
        "regions": by_name(Area.objects.filter(level__in=["world", "region", "sub_region", "intermediate"])),
        "can_add": permissions.can(request.user, "add", Lesson), "tabs": _tabs(request, "lessons"),
    })


def lesson_detail(request, pk):
    lesson = get_object_or_404(permissions.visible(request.user, selectors.lesson_queryset()), pk=pk)
    return render(request, "evaluation/lesson_detail.html", {
        "lesson": lesson, "can_change": permissions.can(request.user, "change", lesson),
        "history": history_for(lesson) if permissions.can_view_history(request.user) else None,
    })


def lesson_edit(request, pk=None):
    lesson = get_object_or_404(Lesson, pk=pk) if pk else None
    permissions.require(request.user, "change" if lesson else "add", lesson or Lesson)
    initial = {"evaluation": request.GET.get("evaluation")} if request.GET.get("evaluation") else None
    form = LessonForm(request.POST or None, instance=lesson, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        results, areas = data.pop("results"), data.pop("areas")
        try:
            with unchanged(form):
                saved = services.save_lesson(Lesson.objects.get(pk=pk) if pk else None, by=request.user,
                                             results=list(results) or (None if not pk else []),
                                             areas=list(areas) or (None if not pk else []), **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Lesson saved."))
            return redirect("evaluation:lesson_detail", pk=saved.pk)
    return render(request, "evaluation/lesson_form.html", {"form": form, "lesson": lesson})
