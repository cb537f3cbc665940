"""Writes to requests for technical assistance: validated, in a transaction, audited.

Facts are saved with ``save_request``; the lifecycle moves with ``triage``, ``assign``,
``respond`` and ``close`` (or ``transition`` by name), each recorded by ``core.lifecycle``.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as
from mandates.core.lifecycle import run_transition

from .models import AssistanceRequest

Status = AssistanceRequest.Status
FACT_FIELDS = ("requesting_state", "received_on", "channel", "state_reference", "subject", "description",
               "urgency", "reference", "is_demo")
RESPONSES = {"accept": Status.ACCEPTED, "decline": Status.DECLINED, "refer": Status.REFERRED}


def today() -> datetime.date:
    return timezone.localdate()


def next_reference(year: int) -> str:
    """The next free reference of a year: TA-2009-0001, TA-2009-0002 ..."""
    prefix = f"TA-{year}-"
    taken = AssistanceRequest.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    numbers = [int(ref[len(prefix):]) for ref in taken if ref[len(prefix):].isdigit()]
    return f"{prefix}{(max(numbers) + 1 if numbers else 1):04d}"


def result_errors(nodes) -> str | None:
    """A message when a node is not a result area or an expected result of a strategy's results tree."""
    wrong = []
    for node in nodes:
        period = node.period
        allowed = {period.result_level, max(period.result_level - 1, 0)}
        if node.track != "results" or node.level not in allowed:
            wrong.append(node.code)
    if wrong:
        return ("Choose result areas or expected results of the strategy; "
                f"{', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} not.")
    return None


def received_on_error(received_on) -> str | None:
    if not received_on:
        return "Give the date the request was received."
    if received_on > today():
        return "The date received cannot be in the future."
    return None


def _check_facts(req: AssistanceRequest, results) -> None:
    errors = {}
    if not req.requesting_state_id:
        errors["requesting_state"] = "Say which State made the request."
    if received_on_error(req.received_on):
        errors["received_on"] = received_on_error(req.received_on)
    elif req.responded_on and req.received_on > req.responded_on:
        errors["received_on"] = "The request cannot be received after it was answered."
    if not (req.subject or "").strip():
        errors["subject"] = "Give the subject of the request."
    if req.channel not in AssistanceRequest.Channel.values:
        errors["channel"] = f"Unknown channel “{req.channel}”."
    if req.urgency not in AssistanceRequest.Urgency.values:
        errors["urgency"] = f"Unknown urgency “{req.urgency}”."
    if req.reference and AssistanceRequest.objects.filter(reference=req.reference).exclude(pk=req.pk).exists():
        errors["reference"] = f"Another request has the reference “{req.reference}”."
    if results is not None:
        message = result_errors(results)
        if message:
            errors["results"] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_request(req: AssistanceRequest | None = None, *, by, results=None, **data) -> AssistanceRequest:
    """Create (``req`` None) or update a request's facts. ``results``: strategy nodes, or None to keep them."""
    req = req or AssistanceRequest()
    if req.pk and req.status == Status.CLOSED:
        raise ValidationError({"__all__": _("A closed request cannot be changed.")})
    for key in FACT_FIELDS:
        if key in data:
            value = data[key]
            setattr(req, key, value.strip() if isinstance(value, str) else value)
    results = list(results) if results is not None else None
    if results is not None:
        results = list({node.pk: node for node in results}.values())
    _check_facts(req, results)
    if not req.reference:
        req.reference = next_reference(req.received_on.year)
    with acting_as(by):
        req.save()
        if results is not None:
            req.results.set(results)
    return req


def triage(req: AssistanceRequest, *, by, comment: str = ""):
    return run_transition(req, "start_triage", by=by, comment=comment)


@transaction.atomic
def assign(req: AssistanceRequest, *, by, unit, comment: str = ""):
    _check_source(req, "assign")
    if unit is None:
        raise ValidationError({"assigned_unit": _("Choose the work unit that will handle the request.")})
    req.assigned_unit = unit
    return run_transition(req, "assign", by=by, comment=comment)


def _check_source(req: AssistanceRequest, name: str) -> None:
    """A clear message when the transition does not start from the current status (before other checks)."""
    method = getattr(req, name)
    meta = method._django_fsm
    if not meta.has_transition(req.status):
        raise ValidationError(
            {"transition": _("“%(action)s” is not possible from status “%(status)s”.")
             % {"action": name.replace("_", " "), "status": req.get_status_display()}}
        )


@transaction.atomic
def respond(req: AssistanceRequest, outcome: str, *, by, responded_on=None, project=None, activity=None,
            partner=None, reason: str = "", comment: str = ""):
    """Accept (with a linked project and/or activity), decline (with a reason) or refer (to a partner)."""
    if outcome not in RESPONSES:
        raise ValidationError({"transition": _("Unknown response “%(outcome)s”.") % {"outcome": outcome}})
    _check_source(req, outcome)
    responded_on = responded_on or today()
    errors = {}
    if responded_on > today():
        errors["responded_on"] = "The date of response cannot be in the future."
    elif responded_on < req.received_on:
        errors["responded_on"] = "The response cannot come before the request was received."
    reason = (reason or "").strip()
    if outcome == "accept":
        if project is None and activity is None:
            errors["project"] = "Link the project or the activity that delivers the assistance."
        elif activity is not None:
            activity_project = activity.output.outcome.project
            if project is None:
                project = activity_project
            elif activity_project.pk != project.pk:
                errors["activity"] = f"This activity belongs to project {activity_project.code}, not {project.code}."
    elif outcome == "decline" and not reason:
        errors["decline_reason"] = "Say why the request is declined."
    elif outcome == "refer" and partner is None:
        errors["partner"] = "Choose the partner the request is referred to."
    if errors:
        raise ValidationError(errors)
    req.responded_on = responded_on
    req.project = project if outcome == "accept" else None
    req.activity = activity if outcome == "accept" else None
    req.partner = partner if outcome == "refer" else None
    req.decline_reason = reason if outcome == "decline" else ""
    return run_transition(req, outcome, by=by, comment=comment)


def close(req: AssistanceRequest, *, by, comment: str = ""):
    return run_transition(req, "close", by=by, comment=comment)


TRANSITION_FIELDS = {
    "start_triage": (),
    "assign": ("assigned_unit",),
    "accept": ("responded_on", "project", "activity"),
    "decline": ("responded_on", "decline_reason"),
    "refer": ("responded_on", "partner"),
    "close": (),
}


def transition(req: AssistanceRequest, name: str, *, by, comment: str = "", **fields):
    """Run a transition by name with the fields it needs (see ``TRANSITION_FIELDS``)."""
    if name not in TRANSITION_FIELDS:
        raise ValidationError({"transition": _("Unknown action “%(name)s”.") % {"name": name}})
    if name == "start_triage":
        return triage(req, by=by, comment=comment)
    if name == "assign":
        return assign(req, by=by, unit=fields.get("assigned_unit"), comment=comment)
    if name == "close":
        return close(req, by=by, comment=comment)
    return respond(req, name, by=by, comment=comment, responded_on=fields.get("responded_on"),
                   project=fields.get("project"), activity=fields.get("activity"), partner=fields.get("partner"),
                   reason=fields.get("decline_reason", ""))
