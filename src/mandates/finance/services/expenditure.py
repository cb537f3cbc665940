"""Import of expenditure and obligations from the ERP export (CSV or XLSX, template in
``data/erp_template.yaml``).

Atomic: every row is checked first; one bad row and nothing is written, and the error list names
each bad row by its number in the file (the header is row 1). Idempotent: a row is identified by
its ERP document number and line; importing the same file again changes nothing.
"""
import csv
import hashlib
import io
from datetime import date, datetime
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core import bulk, uploads
from mandates.core.audit import acting_as
from mandates.organisation.models import WorkUnit
from mandates.portfolio.models import Project

from .. import money
from ..models import Contribution, Expenditure, FundSegment, ImportBatch
from .rates import RateTable
from .structure import DATA_DIR, StructureIndex

TEMPLATE_FILE = DATA_DIR / "erp_template.yaml"
COMPARED = ("kind", "date", "project_id", "work_unit_id", "budget_class_id", "currency", "amount", "rate",
            "usd_amount", "contribution_id", "psc_rate", "psc_amount", "description", "apportioned")


def template_columns() -> list[dict]:
    return yaml.safe_load(TEMPLATE_FILE.read_text(encoding="utf-8"))["columns"]


def column_names() -> list[str]:
    return [c["name"] for c in template_columns()]


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(column_names())
    writer.writerow([c["example"] for c in template_columns()])
    return out.getvalue().encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "expenditure"
    sheet.append(column_names())
    sheet.append([c["example"] for c in template_columns()])
    notes = book.create_sheet("columns")
    notes.append(["column", "required", "meaning"])
    for c in template_columns():
        notes.append([c["name"], "yes" if c["required"] else "no", c["help"].strip()])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading the file --------------------------------------------------------------------------------
def _read_rows(raw: bytes, file_name: str) -> list[tuple[int, dict]]:
    if file_name.lower().endswith(".xlsx"):
        rows = list(uploads.xlsx_rows(raw))
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError({"file": [_("The file is not UTF-8 text: save it as “CSV UTF-8” or XLSX.")]})
        rows = list(uploads.limited(uploads.guarded_rows(csv.reader(io.StringIO(text)))))
    if not rows:
        raise ValidationError({"file": [_("The file is empty.")]})
    header = [str(h or "").strip().lower() for h in rows[0]]
    required = [c["name"] for c in template_columns() if c["required"]]
    missing = [name for name in required if name not in header]
    if missing:
        columns = ", ".join(missing)
        if len(header) == 1 and ";" in header[0]:
            message = _("Row 1: missing column(s) %(columns)s (the file seems to use semicolons: use commas).")
        else:
            message = _("Row 1: missing column(s) %(columns)s.")
        raise ValidationError({"file": [message % {"columns": columns}]})
    out, width = [], len(header)
    text_cells = not file_name.lower().endswith(".xlsx") and all(header)  # CSV: every cell is text
    for number, values in enumerate(rows[1:], start=2):
        if text_cells:  # the same row as ``_row`` gives, built in C
            if not "".join(values[:width]).strip():
                continue
            if len(values) < width:
                values = values + [None] * (width - len(values))
            out.append((number, dict(zip(header, values))))
            continue
        row = _row(header, values)
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in row.values()):
            continue
        out.append((number, row))
    return out


def _row(header: list[str], values) -> dict:
    """A file row by column name: missing cells None, unnamed columns left out."""
    return {name: values[i] if i < len(values) else None for i, name in enumerate(header) if name}


def _text(value) -> str:
    if type(value) is str:  # CSV cells: the common case first
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"date “{_text(value)}” is not YYYY-MM-DD")


# --- checking and writing ----------------------------------------------------------------------------
KINDS = tuple(Expenditure.Kind.values)  # (``Kind.values`` builds a new list at every call)
ADJUSTMENT, SPECIAL_PURPOSE = Expenditure.Kind.ADJUSTMENT.value, FundSegment.Kind.SPECIAL_PURPOSE.value


class _Context:
    def __init__(self, rows):
        texts = lambda column: {_text(r.get(column)) for _n, r in rows} - {""}  # noqa: E731
        self.index = StructureIndex()
        self.projects = {p.code: p for p in Project.objects.filter(code__in=texts("project_code"))}
        self.units = {u.code: u for u in WorkUnit.objects.filter(code__in=texts("work_unit_code"))}
        self.contributions = {c.reference: c for c in Contribution.objects.filter(
            reference__in=texts("contribution_ref")).select_related("segment")}
        self.rates = RateTable({_text(r.get("currency")).upper() for _n, r in rows})
        self._days: dict[str, date] = {}
        self._bienniums: dict[int, object] = {}
        self.checked: dict[tuple, dict | None] = {}  # see ``_checked_once``

    def day(self, value) -> date:
        """``_date`` remembered by text: a year's export holds a few hundred distinct dates."""
        if type(value) is not str:
            return _date(value)
        day = self._days.get(value)
        if day is None:
            day = self._days[value] = _date(value)
        return day

    def biennium(self, year: int):
        if year not in self._bienniums:
            self._bienniums[year] = self.index.biennium_for_year(year)
        return self._bienniums[year]


def _check_row(row: dict, ctx: _Context) -> tuple[list[dict], list[str]]:
    """The rows to store for one file row, or the problems found."""
    problems = []
    document = _text(row.get("document_number"))
    if not document:
        problems.append(_("document_number is required"))
    elif len(document) > 40:
        problems.append(_("document_number is longer than 40 characters"))
    try:
        line = int(_text(row.get("line")))
        if line < 1:
            raise ValueError
    except ValueError:
        problems.append(_("line “%(line)s” is not a whole number from 1") % {"line": _text(row.get("line"))})
        line = None
    try:
        day = ctx.day(row.get("date"))
    except ValueError as exc:
        problems.append(str(exc))
        day = None
    kind = _text(row.get("kind")).lower()
    if kind not in KINDS:
        problems.append(_("kind “%(kind)s” is not one of %(kinds)s") % {"kind": kind, "kinds": ", ".join(KINDS)})
    try:
        amount = money.parse_amount(row.get("amount") if not isinstance(row.get("amount"), str)
                                    else row.get("amount").strip())
        if amount < 0 and kind != ADJUSTMENT:
            problems.append(_("a negative amount is allowed on adjustments only"))
    except ValueError as exc:
        problems.append(_("amount: %(problem)s") % {"problem": exc})
        amount = None
    currency = _text(row.get("currency")).upper()
    rate = None
    if not money.is_currency(currency):
        problems.append(_("unknown currency “%(currency)s”") % {"currency": currency})
    elif day is not None:
        try:
            rate = ctx.rates.rate(currency, day)
        except ValueError as exc:
            problems.append(str(exc))
    klass = ctx.index.classes.get(_text(row.get("budget_class")).lower())
    if klass is None:
        problems.append(_("unknown budget class “%(budget_class)s”") % {"budget_class": _text(row.get("budget_class"))})
    project_code = _text(row.get("project_code"))
    project = ctx.projects.get(project_code) if project_code else None
    if project_code and project is None:
        problems.append(_("unknown project code “%(code)s”") % {"code": project_code})
    if project is not None and day is not None and not (project.start_date <= day <= project.end_date):
        problems.append(_("the date %(day)s is outside the project %(project)s (%(start)s to %(end)s)") % {
            "day": f"{day:%d %b %Y}", "project": project.code, "start": f"{project.start_date:%d %b %Y}",
            "end": f"{project.end_date:%d %b %Y}"})
    unit_code = _text(row.get("work_unit_code"))
    unit = ctx.units.get(unit_code) if unit_code else None
    if unit_code and unit is None:
        problems.append(_("unknown work unit “%(code)s”") % {"code": unit_code})
    contribution_ref = _text(row.get("contribution_ref"))
    contribution = ctx.contributions.get(contribution_ref) if contribution_ref else None
    if contribution_ref and contribution is None:
        problems.append(_("unknown contribution “%(reference)s”") % {"reference": contribution_ref})
    description = _text(row.get("description"))[:300]
    code = _text(row.get("fund_segment"))
    allocated = []
    biennium = ctx.biennium(day.year) if day else None
    if day is not None and biennium is None:
        problems.append(_("no biennium is configured for %(year)s") % {"year": day.year})
    elif biennium is not None and amount is not None:
        try:
            allocated = ctx.index.allocate(biennium, code, amount)
        except ValueError as exc:
            problems.append(str(exc))
    for segment, _part, _app in allocated:
        if segment.kind == SPECIAL_PURPOSE and project is None:
            problems.append(_("special-purpose expenditure needs a project_code"))
        if contribution is not None:
            if segment.kind != SPECIAL_PURPOSE:
                problems.append(_("contribution_ref is for special-purpose lines only"))
            elif contribution.segment.fund_id != segment.fund_id:
                problems.append(_("the contribution %(reference)s is not in the fund of %(segment)s") % {
                    "reference": contribution.reference, "segment": segment.code})
            elif contribution.project_id and project is not None and contribution.project_id != project.pk:
                problems.append(_("the contribution %(reference)s is earmarked to another project") % {
                    "reference": contribution.reference})
    if problems:
        return [], problems
    out = []
    # Apportioned lines split the original amount and its US-dollar equivalent by the same shares, so
    # that both add up exactly to the ERP line.
    usd_parts = [part for _s, part, _a in ctx.index.allocate(biennium, code, money.to_usd(amount, rate))]
    for (segment, part, apportioned), usd in zip(allocated, usd_parts):
        psc_rate, psc = None, money.ZERO
        if segment.kind == SPECIAL_PURPOSE:
            psc_rate = (contribution.psc_rate if contribution is not None and contribution.psc_rate is not None
                        else segment.biennium.psc_rate)
            psc = money.percent_of(usd, psc_rate)
        out.append(bulk.Row({  # relations as objects and as ids: written in bulk without a per-row lookup
            "document_number": document, "line": line, "segment": segment, "apportioned": apportioned,
            "kind": kind, "date": day, "project": project, "work_unit": unit, "budget_class": klass,
            "currency": currency, "amount": part, "rate": rate, "usd_amount": usd, "contribution": contribution,
            "psc_rate": psc_rate, "psc_amount": psc, "description": description, "segment_id": segment.pk,
            "project_id": project.pk if project is not None else None,
            "work_unit_id": unit.pk if unit is not None else None, "budget_class_id": klass.pk,
            "contribution_id": contribution.pk if contribution is not None else None,
        }))
    return out, []


_PER_LINE = ("document_number", "line", "amount", "usd_amount", "psc_amount", "description")
_MISSING = object()
_KEY_TYPES = frozenset({str, date, datetime})
CHECKED_LIMIT = 20_000  # combinations kept (about 1 kB each)


def _checked_once(row: dict, ctx: _Context):
    """The values a row takes from its date, kind, currency, budget class, project, work unit, contribution and
    fund segment — checked by ``_check_row`` once per distinct combination of these cells (a year's export repeats
    a few thousand of them) — or None when that combination has a problem or is apportioned between funds."""
    key = (row.get("date"), row.get("kind"), row.get("currency"), row.get("budget_class"), row.get("project_code"),
           row.get("work_unit_code"), row.get("contribution_ref"), row.get("fund_segment"))
    found = ctx.checked.get(key, _MISSING)
    if found is _MISSING and len(ctx.checked) >= CHECKED_LIMIT:
        return None  # memory stays bounded on a file of all-different lines: the rest are checked row by row
    if found is _MISSING:
        # a line of this combination that passes every check of its own (number, line, a zero amount); cells
        # other than text and dates (XLSX numbers: 1, 1.0 and True are equal keys) take the general path
        made, problems = _check_row({**row, "document_number": "X", "line": "1", "amount": "0"}, ctx)
        found = None
        if (made and not problems and len(made) == 1 and not made[0]["apportioned"]
                and all(value is None or type(value) in _KEY_TYPES for value in key)):
            found = {name: value for name, value in made[0].items() if name not in _PER_LINE}
        ctx.checked[key] = found
    return found


def _check_line(row: dict, ctx: _Context) -> tuple[list[dict], list[str]]:
    """``_check_row``'s result, by its common case: the combination's part checked once, then the line's own
    number, line and amount. Anything unusual (a problem, an apportioned line) goes through ``_check_row`` itself,
    so the stored values and every error message are the same."""
    base = _checked_once(row, ctx)
    if base is None:
        return _check_row(row, ctx)
    document, line, amount = row.get("document_number"), row.get("line"), row.get("amount")
    if type(document) is not str or type(line) is not str or type(amount) is not str:
        return _check_row(row, ctx)  # XLSX cells (numbers, dates): the general path
    document = document.strip()
    try:
        number = int(line)
        value = money.parse_amount(amount.strip())
    except ValueError:
        return _check_row(row, ctx)
    if not document or len(document) > 40 or number < 1 or (value < 0 and base["kind"] != ADJUSTMENT):
        return _check_row(row, ctx)
    usd = money.to_usd(value, base["rate"])
    made = bulk.Row(base)
    made["document_number"], made["line"], made["amount"], made["usd_amount"] = document, number, value, usd
    made["psc_amount"] = money.percent_of(usd, base["psc_rate"]) if base["psc_rate"] is not None else money.ZERO
    made["description"] = _text(row.get("description"))[:300]
    return [made], []


def _differs(obj: Expenditure, values: dict) -> bool:
    for field in COMPARED:
        name = field[:-3] if field.endswith("_id") else field
        value = values[name]
        value = value.pk if hasattr(value, "pk") else value
        if getattr(obj, field) != value:
            return True
    return False


def _throttled(progress, total: int):
    """``progress`` called about a hundred times over ``total`` steps (and at the last), not once per row."""
    step, last = max(1, total // 100), [-total]

    def report(done: int, message: str) -> None:
        if done - last[0] >= step or done == total:
            last[0] = done
            progress(done, total, message)
    return report


def _existing(keys) -> dict[tuple, list[Expenditure]]:
    """The stored lines of these (document, line) keys, read in chunks (SQLite takes a bounded number of
    parameters a statement)."""
    documents = sorted({key[0] for key in keys})
    existing: dict[tuple, list[Expenditure]] = {}
    for start in range(0, len(documents), 2000):
        for obj in Expenditure.objects.filter(document_number__in=documents[start:start + 2000]):
            existing.setdefault((obj.document_number, obj.line), []).append(obj)
    return existing


@transaction.atomic
def import_expenditure(upload, *, by, file_name: str = "", is_demo: bool = False, progress=None) -> ImportBatch:
    """Import an ERP export (path or uploaded file). Raises ValidationError({"file": [row errors]}).
    ``progress(done, total, message)`` (optional) hears how far it got: rows checked, then saved.

    New lines are written in bulk with their audit entries (``core.bulk.insert_audited``: one COPY or
    executemany per 5,000 lines); changed and moved lines, rare, are saved one by one through the ORM."""
    if hasattr(upload, "read"):
        raw, file_name = uploads.read_limited(upload), file_name or getattr(upload, "name", "upload.csv")
    else:
        raw, file_name = uploads.read_limited(upload), file_name or Path(upload).name
    rows = _read_rows(raw, file_name)
    if not rows:
        raise ValidationError({"file": [_("The file has no data rows.")]})
    report = _throttled(progress or (lambda *args, **kwargs: None), 2 * len(rows))
    ctx = _Context(rows)
    errors, wanted, first_row = [], {}, {}
    for done, (number, row) in enumerate(rows, start=1):
        report(done, "Checking rows")
        made, problems = _check_line(row, ctx)
        if made:
            key = (made[0]["document_number"], made[0]["line"])
            if key in first_row:
                problems = [_("repeats document %(document)s line %(line)s (row %(row)s)") % {
                    "document": key[0], "line": key[1], "row": first_row[key]}]
            else:
                first_row[key] = number
                wanted[key] = made
        if problems:
            errors.append(_("Row %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(problems)})
    if errors:
        raise ValidationError({"file": errors})
    existing = _existing(wanted)
    batch = ImportBatch(kind=ImportBatch.Kind.EXPENDITURE, file_name=file_name[:255],
                        sha256=hashlib.sha256(raw).hexdigest(), rows=len(rows),
                        imported_by=by if getattr(by, "is_authenticated", False) else None)
    with acting_as(by):
        batch.save()
        new_rows = []  # written in bulk below, each with its audit entry
        for done, (key, made) in enumerate(wanted.items(), start=1):
            report(len(rows) + done * len(rows) // max(len(wanted), 1), "Saving lines")
            if key not in existing:  # a new line (the whole of a first import)
                for values in made:
                    values["batch_id"], values["is_demo"] = batch.pk, is_demo
                new_rows.extend(made)
                batch.created += 1
                continue
            old = {obj.segment_id: obj for obj in existing[key]}
            changed = False
            for values in made:
                obj = old.pop(values["segment"].pk, None)
                if obj is None:
                    values["batch_id"], values["is_demo"] = batch.pk, is_demo
                    new_rows.append(values)
                    changed = True
                elif _differs(obj, values):
                    for name, value in values.items():
                        setattr(obj, name, value)
                    obj.batch = batch
                    obj.save()
                    changed = True
            for obj in old.values():  # the line moved to another segment
                obj.delete()
                changed = True
            if changed:
                batch.updated += 1
            else:
                batch.unchanged += 1
        bulk.insert_audited(Expenditure, new_rows, by=by)
        batch.save()
    return batch
