"""Writes of the reporting app: narratives, reports (saved definitions), their items, their lifecycle.
Each write validates, runs in a transaction and is audited in the name of the person."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from . import document, periods
from .facts import FactEngine
from .models import Narrative, Report, ReportItem

TRANSITIONS = {Report.Status.DRAFT: {Report.Status.IN_REVIEW},
               Report.Status.IN_REVIEW: {Report.Status.DRAFT, Report.Status.FINAL},
               Report.Status.FINAL: set()}


def _check_tokens(text: str) -> None:
    from .facts import KINDS, STAT_KINDS, facts_scoped

    known = set(KINDS) | set(STAT_KINDS) | set(facts_scoped.KINDS)
    bad = [k for k in document.fact_keys(text) if k.partition(":")[0] not in known]
    if bad:
        raise ValidationError({"text": _("Unknown fact field: %(keys)s") % {"keys": ", ".join(bad)}})


def save_narrative(*, by, period: str, text: str, section: str = "", result=None, programme=None, project=None,
                   narrative: Narrative | None = None) -> Narrative:
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the paragraph.")})
    if result is None and programme is None and project is None:
        raise ValidationError({"project": _("Choose the result, programme or project the paragraph is about.")})
    try:
        periods.resolve(period, None)
    except periods.ReportError as exc:
        raise ValidationError({"period": str(exc)}) from None
    _check_tokens(text)
    with transaction.atomic(), acting_as(by):
        n = narrative or Narrative(author=by)
        n.period, n.text, n.section = period, text.strip(), section.strip()
        n.result, n.programme, n.project = result, programme, project
        n.full_clean(exclude=["author"])
        n.save()
    return n


def create_report(*, by, title: str, period: str, as_of, kind: str = Report.Kind.TECHNICAL_COOPERATION,
                  parameters: dict | None = None, shared: bool = True) -> Report:
    try:
        period_obj, as_of = periods.resolve(period, as_of)
    except periods.ReportError as exc:
        raise ValidationError({"as_of": str(exc)}) from None
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    with transaction.atomic(), acting_as(by):
        return Report.objects.create(title=(title or "").strip() or _("Report %(period)s") % {"period": period},
                                     kind=kind, period=period_obj.code, as_of=as_of, parameters=parameters or {},
                                     shared=shared, created_by=by)


def _editable(report: Report) -> None:
    if report.is_frozen:
        raise ValidationError({"status": _("A final report is frozen and cannot be changed.")})


def add_item(report: Report, *, by, section: str, text: str = "", narrative: Narrative | None = None) -> ReportItem:
    _editable(report)
    text = text or (narrative.text if narrative else "")
    if not text.strip():
        raise ValidationError({"text": _("Write the paragraph.")})
    _check_tokens(text)
    with transaction.atomic(), acting_as(by):
        last = report.items.filter(section=section).aggregate(m=Max("order"))["m"] or 0
        return ReportItem.objects.create(report=report, narrative=narrative, section=section.strip(),
                                         order=last + 1, text=text.strip())


def update_item(item: ReportItem, *, by, text: str | None = None, order: int | None = None) -> ReportItem:
    _editable(item.report)
    with transaction.atomic(), acting_as(by):
        if text is not None:
            if not text.strip():
                raise ValidationError({"text": _("Write the paragraph.")})
            _check_tokens(text)
            item.text = text.strip()
        if order is not None:
            item.order = max(0, int(order))
        item.save()
    return item


def delete_item(item: ReportItem, *, by) -> None:
    _editable(item.report)
    with transaction.atomic(), acting_as(by):
        item.delete()


def items_of(report: Report) -> list[dict]:
    return [{"section": i.section, "text": i.text} for i in report.items.all()]


def engine_for(report: Report, user):
    """The live fact engine of a report (the reader's permissions apply)."""
    period, as_of = periods.resolve(report.period, report.as_of)
    return FactEngine(user, period, as_of)


def transition(report: Report, *, by, to: str) -> Report:
    if to not in TRANSITIONS.get(report.status, set()):
        raise ValidationError({"status": _("A report cannot move from %(a)s to %(b)s.")
                               % {"a": report.get_status_display(), "b": to}})
    with transaction.atomic(), acting_as(by):
        if to == Report.Status.FINAL:
            from .output import build_report, freeze_tables

            doc, engine = build_report(report, by)  # every figure the document states, with its kind
            report.frozen_facts = {**engine.freeze(), "tables": freeze_tables(doc)}
            report.finalised_at = timezone.now()
        report.status = to
        report.save()
    return report


def parse_date(value) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
