"""The implementation plan as an Excel workbook (openpyxl) and a Word document (python-docx).

Both are written from the same ``plan.Plan`` the page shows: every expected result of the selection,
its columns (a)-(f), its gaps, and the plan's totals (each project or activity counted once).
"""
from decimal import Decimal
from io import BytesIO

from mandates.core.spreadsheet import safe_row

from .plan import GAP_LABELS
from .plan import funding as plan_money

COLUMNS = ["Theme", "Result area", "Code", "Expected result", "(a) How: contributing outputs", "Activities"]


def _money_text(amounts: dict | None) -> str:
    if not amounts:
        return "—"
    return "; ".join(f"{cur} {amt:,.2f}" for cur, amt in sorted(amounts.items()))


def _node(node) -> str:
    return f"{node.code} {node.title}" if node is not None else ""


def _cells(row, currencies, with_spent):
    cells = [_node(row.theme), _node(row.area), row.result.code, row.result.title,
             "\n".join(f"{o['project']} {o['code']} {o['title']}" for o in row.outputs) or "—",
             row.activity_count]
    for cur in currencies:
        cells.append(row.budget.get(cur, Decimal(0)))
        if with_spent:
            cells.append((row.expenditure or {}).get(cur, Decimal(0)))
    cells += [
        "\n".join(row.where) or "—",
        "\n".join(f"{u['code']} {u['name']}" for u in row.units) or "—",
        "\n".join(f"{p['code']} {p['title']}" for p in row.projects) or "—",
        "\n".join(f"{i['indicator'].title} — {i['progress'].label}" for i in row.indicators) or "—",
        "\n".join(row.gap_labels) or "",
    ]
    return cells


def _headers(plan):
    with_spent = plan.source == plan_money.FINANCE
    headers = list(COLUMNS)
    for cur in plan.currencies:
        headers.append(f"(b) Budget ({cur})" if with_spent else f"(b) Planned cost ({cur})")
        if with_spent:
            headers.append(f"(b) Expenditure ({cur})")
    headers += ["(c) Where", "(d) Who: work units", "(e) Projects", "(f) Indicators and status", "Gaps"]
    return headers, with_spent


def _filters_text(plan) -> str:
    parts = [f"Strategy period {plan.period.code}"]
    f = plan.filters
    if f.get("year"):
        parts.append(f"year {f['year']}")
    for key, label in (("region", "region"), ("country", "country"), ("work_unit", "work unit"), ("theme", "theme")):
        if f.get(key) is not None:
            parts.append(f"{label}: {f[key]}")
    if plan.as_of:
        parts.append(f"as at {plan.as_of:%d %B %Y}")
    return ", ".join(parts)


def to_excel(plan) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "Implementation plan"
    ws.append([f"Implementation plan — {plan.period.title}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_filters_text(plan) + f". Cost: {plan.source_label}." + (f" {plan.attribution}" if plan.attribution else "")
               + (f" {plan_money.conversion_text(plan.conversions)}" if plan.conversions else "")])
    ws.append([])
    headers, with_spent = _headers(plan)
    ws.append(headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="005A9C")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    gap_fill = PatternFill("solid", fgColor="FDF1DC")
    money_cols = [i + 1 for i, h in enumerate(headers) if h.startswith("(b)")]
    for row in plan.rows:
        ws.append(safe_row(_cells(row, plan.currencies, with_spent)))
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.column in money_cols:
                cell.number_format = "#,##0.00"
        if row.gaps:
            ws.cell(row=ws.max_row, column=len(headers)).fill = gap_fill
    total = ["Total (each project or activity counted once)", "", "", f"{plan.totals['results']} expected results",
             "", sum(r.activity_count for r in plan.rows)]
    for cur in plan.currencies:
        total.append(plan.totals["budget"].get(cur, Decimal(0)))
        if with_spent:
            total.append((plan.totals["expenditure"] or {}).get(cur, Decimal(0)))
    total += ["", "", f"{plan.totals['projects']} projects", "", f"{plan.totals['with_gaps']} results with gaps"]
    ws.append(total)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        if cell.column in money_cols:
            cell.number_format = "#,##0.00"
    widths = {"A": 28, "B": 28, "C": 9, "D": 50, "E": 50}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=5)
    gaps = wb.create_sheet("Gaps")
    gaps.append(["Gap", "Expected results"])
    for code, label in GAP_LABELS.items():
        gaps.append([str(label), plan.totals["gaps"][code]])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_word(plan) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(9)
    doc.add_heading(f"Implementation plan — {plan.period.title}", level=0)
    doc.add_paragraph(_filters_text(plan) + f". Cost: {plan.source_label}. "
                      + (f"{plan.attribution} " if plan.attribution else "")
                      + (f"{plan_money.conversion_text(plan.conversions)} " if plan.conversions else "") + "Indicator status as of "
                      f"{plan.year or plan.reporting_year}.")
    with_spent = plan.source == plan_money.FINANCE
    cost_head = "(b) Budget / expenditure" if with_spent else "(b) Planned cost"
    heads = ["Expected result", "(a) How", cost_head, "(c) Where", "(d) Who", "(e) Projects", "(f) Indicators", "Gaps"]
    for group in plan.groups:
        if group["theme"] is not None:
            doc.add_heading(_node(group["theme"]), level=1)
        for area in group["areas"]:
            if area["area"] is not None:
                doc.add_heading(_node(area["area"]), level=2)
            table = doc.add_table(rows=1, cols=len(heads))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, heads):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in area["rows"]:
                cost = _money_text(row.budget)
                if with_spent:
                    cost = f"Budget: {cost}\nSpent: {_money_text(row.expenditure)}"
                values = [
                    f"{row.result.code} {row.result.title}",
                    "\n".join(f"{o['project']} {o['code']} {o['title']}" for o in row.outputs) or "—",
                    cost,
                    ", ".join(row.where) or "—",
                    ", ".join(u["code"] for u in row.units) or "—",
                    ", ".join(p["code"] for p in row.projects) or "—",
                    "\n".join(f"{i['indicator'].title}: {i['progress'].label}" for i in row.indicators) or "—",
                    ", ".join(row.gap_labels),
                ]
                cells = table.add_row().cells
                for cell, text in zip(cells, values):
                    cell.text = text
    doc.add_heading("Totals", level=1)
    totals = doc.add_table(rows=0, cols=2)
    totals.style = "Table Grid"
    lines = [("Expected results", str(plan.totals["results"])), ("Contributing projects", str(plan.totals["projects"])),
             ("Planned cost" if not with_spent else "Budget", _money_text(plan.totals["budget"]))]
    if with_spent:
        lines.append(("Expenditure", _money_text(plan.totals["expenditure"])))
    lines.append(("Results with gaps", str(plan.totals["with_gaps"])))
    for code, label in GAP_LABELS.items():
        lines.append((str(label), str(plan.totals["gaps"][code])))
    for label, text in lines:
        cells = totals.add_row().cells
        cells[0].text, cells[1].text = label, text
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
