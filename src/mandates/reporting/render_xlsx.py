"""Excel output of a report's tables and annexes: the status of ratification and the sources of figures.
Text cells that could run as formulas are neutralised; numbers are written as numbers."""
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from mandates.core.spreadsheet import safe_cell

from .document import Document


def _sheet(wb, title, headings, rows):
    ws = wb.create_sheet("".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31])
    ws.append([safe_cell(str(h)) for h in headings])
    for row in rows:
        ws.append([safe_cell(v) if isinstance(v, str) else v for v in row])
    return ws


def render(doc: Document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, _("Sources of figures"), [_("No."), _("Key"), _("Figure"), _("Value"), _("Unit"), _("Status"),
                                         _("Definition"), _("Filters"), _("As at")],
           [[i, f.key, f.label, f.value, f.unit, f.status, f.definition,
             "; ".join(f"{k}={v}" for k, v in f.filters.items()), f.as_of]
            for i, f in enumerate(doc.facts, start=1)])
    used = {ws.title for ws in wb.worksheets}
    for block in doc.blocks:
        if block["type"] != "table" or not block["rows"]:
            continue
        title = f"{block['number']} {block['title']}"[:31]
        while title in used:
            title = title[:28] + f"~{len(used)}"
        used.add(title)
        rows = [*block["rows"], *([block["total"]] if block["total"] else [])]
        _sheet(wb, title, block["headings"], rows)
    if doc.annex:
        _sheet(wb, _("States parties"), [_("Instrument"), _("Signatories"), _("States parties"),
                                         _("New parties in the period")],
               [[t["name"], t["signatories"], t["parties"], t["new"]] for t in doc.annex["totals"]])
        _sheet(wb, _("Status of ratification"), [_("State"), *doc.annex["columns"]],
               [[r["name"], *r["cells"]] for r in doc.annex["rows"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
