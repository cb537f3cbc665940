"""Writes to evaluations and their follow-up: validated, in a transaction, audited.

Rules: a project evaluation names its project, a programme evaluation its programme, a thematic one
the themes/results it covers; a recommendation and an action item have an owner (a person or a work
unit); a management response that rejects or partially accepts gives its reason; a rejected
recommendation gets no action items.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .models import ActionItem, Evaluation, Finding, Lesson, ManagementResponse, Recommendation

EVALUATION_FIELDS = ("title", "subject", "modality", "project", "programme", "responsible_unit", "managed_by",
                     "evaluators", "start_date", "completion_date", "status", "summary", "report_url", "is_public",
                     "is_demo")
OWNER_MESSAGE = "Name an owner: a person or a work unit."


def _set(obj, data: dict, fields) -> None:
    for key in fields:
        if key in data:
            setattr(obj, key, data[key])


@transaction.atomic
def save_evaluation(evaluation: Evaluation | None = None, *, by, results=None, **data) -> Evaluation:
    evaluation = evaluation or Evaluation()
    _set(evaluation, data, EVALUATION_FIELDS)
    evaluation.title = (evaluation.title or "").strip()
    subject = evaluation.subject
    if subject == Evaluation.Subject.PROJECT and evaluation.project_id is None:
        raise ValidationError({"project": _("A project evaluation names the project evaluated.")})
    if subject == Evaluation.Subject.PROGRAMME and evaluation.programme_id is None:
        raise ValidationError({"programme": _("A programme evaluation names the programme evaluated.")})
    if subject == Evaluation.Subject.THEMATIC:
        covered = list(results) if results is not None else (list(evaluation.results.all()) if evaluation.pk else [])
        if not covered:
            raise ValidationError({"results": _("A thematic evaluation names the themes or results it covers.")})
    if evaluation.responsible_unit_id is None:
        lead = evaluation.project or evaluation.programme
        if lead is None:
            raise ValidationError({"responsible_unit": _("Name the work unit that is evaluated and follows up.")})
        evaluation.responsible_unit = lead.lead_unit
    if evaluation.start_date and evaluation.completion_date and evaluation.completion_date < evaluation.start_date:
        raise ValidationError({"completion_date": _("The evaluation cannot be completed before it starts.")})
    if evaluation.status == Evaluation.Status.COMPLETED and not evaluation.completion_date:
        raise ValidationError({"completion_date": _("Give the completion date of a completed evaluation.")})
    evaluation.full_clean(exclude=["project", "programme", "responsible_unit", "managed_by"], validate_unique=False)
    with acting_as(by):
        evaluation.save()
        if results is not None:
            evaluation.results.set(results)
    return evaluation


def _next_number(qs) -> int:
    return (qs.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def add_finding(evaluation: Evaluation, *, by, text: str, number: int | None = None) -> Finding:
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the finding.")})
    number = number or _next_number(evaluation.findings.all())
    if evaluation.findings.filter(number=number).exists():
        raise ValidationError({"number": _("Finding %(number)s already exists.") % {"number": number}})
    with acting_as(by):
        return Finding.objects.create(evaluation=evaluation, number=number, text=text.strip())


def _check_owner(owner_unit, owner_person) -> None:
    if owner_unit is None and owner_person is None:
        raise ValidationError({"owner_unit": OWNER_MESSAGE})
    if owner_person is not None and not owner_person.is_active:
        raise ValidationError({"owner_person": _("%(owner_person)s is no longer active; choose another owner.") % {"owner_person": owner_person}})


@transaction.atomic
def save_recommendation(recommendation: Recommendation | None = None, *, by, evaluation: Evaluation | None = None,
                        text: str | None = None, number: int | None = None, finding=None, owner_unit=None,
                        owner_person=None, is_demo: bool = False) -> Recommendation:
    rec = recommendation or Recommendation(evaluation=evaluation, is_demo=is_demo)
    if text is not None:
        rec.text = text.strip()
    if not rec.text:
        raise ValidationError({"text": _("Write the recommendation.")})
    if recommendation is None or owner_unit is not None or owner_person is not None:
        rec.owner_unit, rec.owner_person = owner_unit, owner_person
    _check_owner(rec.owner_unit, rec.owner_person)
    if finding is not None and finding.evaluation_id != rec.evaluation_id:
        raise ValidationError({"finding": _("This finding belongs to another evaluation.")})
    if finding is not None:
        rec.finding = finding
    if rec.pk is None:
        rec.number = number or _next_number(Recommendation.objects.filter(evaluation=rec.evaluation))
        if Recommendation.objects.filter(evaluation=rec.evaluation, number=rec.number).exists():
            raise ValidationError({"number": _("Recommendation %(number)s already exists.") % {"number": rec.number}})
    with acting_as(by):
        rec.save()
    return rec


@transaction.atomic
def record_response(recommendation: Recommendation, *, by, decision: str, reason: str = "",
                    responded_on=None) -> ManagementResponse:
    if decision not in ManagementResponse.Decision.values:
        raise ValidationError({"decision": _("Accepted, partially accepted or rejected?")})
    reason = (reason or "").strip()
    if decision != ManagementResponse.Decision.ACCEPTED and not reason:
        raise ValidationError({"reason": _("Give the reason when a recommendation is rejected or partially accepted.")})
    if decision == ManagementResponse.Decision.REJECTED and recommendation.actions.filter(
            status__in=ActionItem.OPEN_STATUSES).exists():
        raise ValidationError({"decision": _("Open action items exist; close or cancel them before rejecting.")})
    response = ManagementResponse.objects.filter(recommendation=recommendation).first() or ManagementResponse(
        recommendation=recommendation)
    response.decision, response.reason = decision, reason
    response.responded_on = responded_on or timezone.localdate()
    response.responded_by = by if getattr(by, "is_authenticated", False) else None
    with acting_as(by):
        response.save()
    return response


ACTION_FIELDS = ("description", "owner_unit", "owner_person", "due_date", "status", "completed_on", "progress_note",
                 "is_demo")


@transaction.atomic
def save_action_item(item: ActionItem | None = None, *, by, recommendation: Recommendation | None = None,
                     **data) -> ActionItem:
    item = item or ActionItem(recommendation=recommendation)
    _check_assignment_rule(item, by, data)
    _set(item, data, ACTION_FIELDS)
    item.description = (item.description or "").strip()
    if not item.description:
        raise ValidationError({"description": _("Say what will be done.")})
    _check_owner(item.owner_unit, item.owner_person)
    if item.due_date is None:
        raise ValidationError({"due_date": _("Give a due date.")})
    response = ManagementResponse.objects.filter(recommendation_id=item.recommendation_id).first()
    if item.pk is None and response is not None and response.decision == ManagementResponse.Decision.REJECTED:
        raise ValidationError({"recommendation": _("The recommendation was rejected; it takes no action items.")})
    if item.status == ActionItem.Status.DONE and item.completed_on is None:
        item.completed_on = timezone.localdate()
    if item.status != ActionItem.Status.DONE:
        item.completed_on = None
    item.full_clean(exclude=["recommendation", "owner_unit", "owner_person"], validate_unique=False,
                    validate_constraints=False)
    with acting_as(by):
        item.save()
    return item


ASSIGNMENT_FIELDS = ("description", "owner_unit", "owner_person", "due_date")


def _check_assignment_rule(item: ActionItem, by, data: dict) -> None:
    """An owner updates progress, not the assignment: only someone who may change the evaluation
    changes an existing item's description, owner or due date (pages and API alike)."""
    from mandates.people import permissions

    if item.pk is None or by is None:
        return
    evaluation = item.recommendation.evaluation
    if permissions.can(by, "change", evaluation):
        return
    problems = {}
    for name in ASSIGNMENT_FIELDS:
        if name not in data:
            continue
        new, old = data[name], getattr(item, name)
        if name in ("owner_unit", "owner_person"):
            new, old = getattr(new, "pk", new), getattr(old, "pk", old)
        if name == "description":
            new, old = (new or "").strip(), (old or "").strip()
        if new != old:
            problems[name] = "An owner updates progress, not the assignment: ask the evaluation's manager."
    if problems:
        raise ValidationError(problems)


LESSON_FIELDS = ("title", "text", "evaluation", "project", "is_public", "is_demo")


@transaction.atomic
def save_lesson(lesson: Lesson | None = None, *, by, results=None, areas=None, **data) -> Lesson:
    """Create or update a lesson. A new lesson from an evaluation takes, unless given, the evaluation's
    results (and its project's) and the regions of the project's locations."""
    lesson = lesson or Lesson()
    _set(lesson, data, LESSON_FIELDS)
    lesson.title, lesson.text = (lesson.title or "").strip(), (lesson.text or "").strip()
    if not lesson.title:
        raise ValidationError({"title": _("Give the lesson a title.")})
    if not lesson.text:
        raise ValidationError({"text": _("Write the lesson.")})
    if lesson.project_id is None and lesson.evaluation_id and lesson.evaluation.project_id:
        lesson.project = lesson.evaluation.project
    is_new = lesson.pk is None
    if is_new and results is None and (lesson.evaluation_id or lesson.project_id):
        found = set()
        if lesson.evaluation_id:
            found |= set(lesson.evaluation.results.all())
        if lesson.project_id:
            found |= set(lesson.project.results.all())
        results = sorted(found, key=lambda n: n.pk)
    if is_new and areas is None and lesson.project_id:
        areas = []
        for loc in lesson.project.locations.select_related("country", "area"):
            area = loc.area if loc.area_id else (loc.country.finest_area or loc.country.region)
            if area is not None and area not in areas:
                areas.append(area)
    with acting_as(by):
        lesson.save()
        if results is not None:
            lesson.results.set(results)
        if areas is not None:
            lesson.areas.set(areas)
    return lesson
