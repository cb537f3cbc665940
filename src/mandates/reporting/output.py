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
           "pdf": "application/pdf"}


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
    if fmt == "json":
        return json.dumps(document.fact_json(doc), indent=2, ensure_ascii=False).encode("utf-8")
    if fmt == "html":
        html = render_to_string("reporting/pdf.html", {"doc": doc, "css": CSS.read_text(encoding="utf-8")})
        return html.encode("utf-8")
    raise periods.ReportError(_("Unknown format “%(fmt)s” (use docx, pdf, json or html).") % {"fmt": fmt})
