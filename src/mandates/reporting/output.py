"""Building a report's document (live, or frozen for a final report) and writing it in a format."""
import json
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import document, periods, render_docx
from .facts import FactEngine, FrozenEngine

CSS = Path(__file__).parent / "static" / "reporting" / "document.css"
FORMATS = {"html": "text/html; charset=utf-8", "json": "application/json",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def build(user, period: str, as_of, *, items=None, masthead=None, frozen: dict | None = None):
    """The document and its engine; raises periods.ReportError on bad input."""
    period_obj, as_of = periods.resolve(period, as_of)
    engine = FrozenEngine(user, period_obj, as_of, frozen) if frozen else FactEngine(user, period_obj, as_of)
    doc = document.build(engine, items=items, masthead=masthead)
    doc.language = (get_language() or "en")[:2]
    return doc, engine


def build_report(report, user):
    from .services import items_of

    return build(user, report.period, report.as_of, items=items_of(report),
                 masthead=(report.parameters or {}).get("masthead"),
                 frozen=report.frozen_facts if report.is_frozen else None)


def pdf(doc) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reporting/pdf.html", {"doc": doc, "css": CSS.read_text(encoding="utf-8")})
    return HTML(string=html).write_pdf()


def render(doc, fmt: str) -> bytes:
    if fmt == "docx":
        return render_docx.render(doc)
    if fmt == "pdf":
        return pdf(doc)
    if fmt == "xlsx":
        from . import render_xlsx

        return render_xlsx.render(doc)
    if fmt == "json":
        return json.dumps(document.fact_json(doc), indent=2, ensure_ascii=False).encode("utf-8")
    if fmt == "html":
        html = render_to_string("reporting/pdf.html", {"doc": doc, "css": CSS.read_text(encoding="utf-8")})
        return html.encode("utf-8")
    raise periods.ReportError(_("Unknown format “%(fmt)s” (use docx, pdf, xlsx, json or html).") % {"fmt": fmt})


def render_job(*, params, input_file=None, by, progress):
    """Background job ``reporting.render``: a saved report written in a format, offered for download."""
    from django.core.exceptions import ValidationError

    from mandates.jobs.registry import Result
    from mandates.people import permissions

    from .models import Report

    fmt = params.get("format", "pdf")
    if fmt not in FORMATS:
        raise ValidationError(_("Unknown format “%(fmt)s”.") % {"fmt": fmt})
    report = Report.objects.filter(pk=params.get("report")).first()
    if report is None or not permissions.can(by, "view", report) or not (report.shared or report.created_by_id == by.pk):
        raise ValidationError(_("There is no such report."))
    progress(0, 3, _("Computing the figures"))
    try:
        doc, _engine = build_report(report, by)
        progress(1, 3, _("Writing the document"))
        content = render(doc, fmt)
    except periods.ReportError as exc:
        raise ValidationError(str(exc)) from None
    progress(3, 3, _("Done"))
    name = (doc.masthead.get("symbol") or "report").replace("/", "_")
    return Result(summary=_("%(n)s figures, %(f)s footnotes") % {"n": len(doc.facts), "f": len(doc.footnotes)},
                  filename=f"{name}.{fmt}", content=content, content_type=FORMATS[fmt])
