"""Building a report's document (live, or frozen for a final report) and writing it in a format."""
import ctypes.util
import json
import os
import shutil
import subprocess
import tempfile
import threading
from datetime import date
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import document, periods, render_docx, render_odt
from .facts import FactEngine, FrozenEngine

CSS = Path(__file__).parent / "static" / "reporting" / "document.css"
FORMATS = {"html": "text/html; charset=utf-8", "json": "application/json",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "pdf": "application/pdf",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def build(user, period: str, as_of, *, items=None, masthead=None, frozen: dict | None = None,
          kind: str = "technical_cooperation", target: str = "", since=None):
    """The document and its engine; raises periods.ReportError on bad input. ``kind`` is
    technical_cooperation or one of kinds.KINDS; ``target`` names what the report is about
    (``programme=GLOZ31``, ``donor=Sweden``, ``country=KEN``, ``region=002``); ``since`` is the as-at date of
    the previous report (the reporting period of “ratified in the period” starts the day after)."""
    period_obj, as_of = periods.resolve(period, as_of)
    if isinstance(since, str) and since:
        try:
            since = date.fromisoformat(since)
        except ValueError:
            raise periods.ReportError(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": since}) from None
    since = since or None
    engine = (FrozenEngine(user, period_obj, as_of, frozen, since=since) if frozen
              else FactEngine(user, period_obj, as_of, since=since))
    if kind == "technical_cooperation":
        doc = document.build(engine, items=items, masthead=masthead)
    else:
        from . import kinds

        doc = kinds.build(kind, engine, target, [i["text"] for i in items or []])
        if masthead:
            doc.masthead.update({k: v for k, v in masthead.items() if v})
    doc.kind = kind
    doc.language = (get_language() or "en")[:2]
    doc.masthead_date = document.long_date(doc.masthead["date"])
    doc.as_of_text = document.long_date(doc.as_of)
    labels = [document.annex_label(i, 2 if doc.annex else 1) for i in range(2 if doc.annex else 1)]
    doc.annex_labels = {"ratification": labels[0] if doc.annex else "", "sources": labels[-1]}
    return doc, engine


def target_of(parameters: dict) -> str:
    """A saved definition's subject as ``kind=code`` (programme, donor, country or region), or ""."""
    for name in ("programme", "donor", "country", "region"):
        if (parameters or {}).get(name):
            return f"{name}={parameters[name]}"
    return ""


def build_report(report, user):
    from .services import items_of

    params = report.parameters or {}
    target = {"regional_programmes": params.get("programme", ""), "donor": params.get("donor", ""),
              "profile": target_of(params)}.get(report.kind, "")
    frozen = report.frozen_facts if report.is_frozen else None
    doc, engine = build(user, report.period, report.as_of, items=items_of(report), masthead=params.get("masthead"),
                        frozen=frozen, kind=report.kind, target=target, since=params.get("since"))
    if frozen and frozen.get("tables") is not None:  # a final report's tables as they were when it was frozen
        stored = iter(thaw_tables(frozen["tables"]))
        doc.blocks = [next(stored, b) if b["type"] == "table" else b for b in doc.blocks]
    return doc, engine


def _cell(value):
    from decimal import Decimal

    return {"decimal": str(value)} if isinstance(value, Decimal) else value


def freeze_tables(doc) -> list:
    """The table blocks of a document as JSON (amounts kept exact), for a final report."""
    return [{**{k: b[k] for k in ("number", "title", "headings", "text_rows", "text_total", "empty")},
             "money": sorted(b["money"]), "rows": [[_cell(v) for v in r] for r in b["rows"]],
             "total": [_cell(v) for v in b["total"]] if b["total"] else None}
            for b in doc.blocks if b["type"] == "table"]


def thaw_tables(stored: list) -> list:
    from decimal import Decimal

    def cell(v):
        return Decimal(v["decimal"]) if isinstance(v, dict) and "decimal" in v else v

    return [{**t, "type": "table", "money": set(t["money"]), "rows": [[cell(v) for v in r] for r in t["rows"]],
             "total": [cell(v) for v in t["total"]] if t["total"] else None} for t in stored]


# Above this many table rows a report is written to PDF by LibreOffice from its .docx when the engine is "auto"
# and LibreOffice is installed: measured on the generated portfolio, WeasyPrint lays out about 7 pages a second
# and holds the whole layout (the report on all regional programmes at N=4: 29 s of CPU, 478 MB), LibreOffice
# starts in about a second and then converts 3-5 times faster in half the memory (5.3 s, 236 MB).
LARGE_ROWS = 200
_LIBREOFFICE = threading.Lock()


def pdf_engine(doc) -> str:
    """weasyprint (from the same HTML as the screen) or libreoffice (from the Word document), by the setting
    MANDATES_REPORT_PDF_ENGINE: weasyprint, libreoffice, or auto (LibreOffice for large reports when installed)."""
    engine = getattr(settings, "MANDATES_REPORT_PDF_ENGINE", "weasyprint") or "weasyprint"
    if engine == "auto":
        rows = sum(len(b.get("text_rows") or ()) for b in doc.blocks if b["type"] == "table")
        return "libreoffice" if rows > LARGE_ROWS and shutil.which("soffice") else "weasyprint"
    return engine


def pdf(doc) -> bytes:
    if pdf_engine(doc) == "libreoffice":
        return pdf_from_docx(render_docx.render(doc))
    from weasyprint import HTML

    html = render_to_string("reporting/pdf.html", {"doc": doc, "css": CSS.read_text(encoding="utf-8")})
    return HTML(string=html).write_pdf()


def _libreoffice_env() -> dict:
    """LibreOffice's environment: on jemalloc when the system has it (Debian libjemalloc2). A sixth of Writer's time
    laying out a long report went to glibc's malloc and free; with jemalloc the same conversion takes about 13 % less
    CPU, the PDF unchanged (BENCHMARKS.md, "pdf6")."""
    env = dict(os.environ)
    jemalloc = ctypes.util.find_library("jemalloc")
    if jemalloc and "LD_PRELOAD" not in env:
        env["LD_PRELOAD"] = jemalloc
    return env


def pdf_from_docx(content: bytes, *, direct: bool = True) -> bytes:
    """The Word document as a tagged PDF (selectable text, real footnotes), by LibreOffice in headless mode. One
    conversion at a time per process, with the process's own LibreOffice profile (made on first use). With
    ``direct``, LibreOffice is handed the same document in its own format (render_odt: the same pages, its Word
    import filter skipped) when render_odt translates everything in it."""
    soffice = shutil.which("soffice")
    if not soffice:
        raise periods.ReportError(_("LibreOffice is not installed on the server: the PDF cannot be written."))
    profile = Path(tempfile.gettempdir()) / f"mandates-libreoffice-{os.getpid()}"
    export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
    with _LIBREOFFICE, tempfile.TemporaryDirectory(prefix="mandates-pdf-") as work:
        source = Path(work) / "report.docx"
        source.write_bytes(content)
        if direct:
            made = render_odt.template(render_docx.template_path(), soffice, profile)
            translated = made and render_odt.body(content, made[1], made[2])
            if translated:
                source = Path(work) / "report.fodt"
                source.write_bytes(render_odt.document(made[0], *translated))
        try:
            subprocess.run([soffice, "--headless", "--norestore", "--nolockcheck",
                            f"-env:UserInstallation={profile.as_uri()}", "--convert-to", export, "--outdir", work,
                            str(source)], capture_output=True, timeout=900, check=False, env=_libreoffice_env())
        except subprocess.TimeoutExpired:
            raise periods.ReportError(_("LibreOffice could not write the PDF.")) from None
        result = Path(work) / "report.pdf"
        if not result.exists():
            raise periods.ReportError(_("LibreOffice could not write the PDF."))
        return result.read_bytes()


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


def file_name(doc) -> str:
    return (doc.masthead.get("symbol") or "report").replace("/", "_")


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
    name = file_name(doc)
    return Result(summary=_("%(n)s figures, %(f)s footnotes") % {"n": len(doc.facts), "f": len(doc.footnotes)},
                  filename=f"{name}.{fmt}", content=content, content_type=FORMATS[fmt])
