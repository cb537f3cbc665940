"""Writes to resolutions: import, hand corrections, obligations, links to results.

Every function validates (``ValidationError`` with a message per field), runs in one transaction
(nothing is half-saved) and saves inside ``acting_as(by)`` so the audit trail names the person.
"""
import datetime
import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mandates.core.audit import acting_as

from . import analysis, deadlines, reference
from .models import Obligation, Paragraph, Resolution, ResultLink
from .parsing import ParseError, parse_text, read_docx

SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(?:[/.][A-Za-z0-9.()-]+)+$")
DOCX_MAGIC = b"PK\x03\x04"
RESOLUTION_FIELDS = ("symbol", "kind", "body", "date", "title", "session")
PARAGRAPH_FIELDS = ("kind", "number", "verb", "addressee_category", "addressee", "text")
OBLIGATION_FIELDS = ("kind", "actor", "recipient_body", "recipient", "deadline_text", "deadline", "deadline_precision",
                     "recurrence", "recurrence_months", "status",
                     "report_symbol", "report_title", "report_date", "report_section", "notes")


# --- reading the source ---------------------------------------------------------------------

def read_source(source, name: str = "") -> tuple[str, str, str]:
    """(text, format, name) of a path, an uploaded file, bytes or a string holding the text."""
    if isinstance(source, Path):
        name = name or source.name
        data = source.read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, str):
        return source, _text_format(source, name), name
    else:  # a file object (an upload)
        name = name or getattr(source, "name", "") or ""
        data = source.read()
        if isinstance(data, str):
            return data, _text_format(data, name), name
    if data[:4] == DOCX_MAGIC or name.lower().endswith(".docx"):
        try:
            return read_docx(io.BytesIO(data)), Resolution.SourceFormat.DOCX, name
        except ParseError as exc:
            raise ValidationError({"source": str(exc)}) from exc
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError({"source": "The file is neither text (UTF-8), Markdown nor a Word document (.docx)."})
    if "\x00" in text:
        raise ValidationError({"source": "The file is neither text, Markdown nor a Word document (.docx)."})
    return text, _text_format(text, name), name


def _text_format(text: str, name: str) -> str:
    if name.lower().endswith((".md", ".markdown")) or re.search(r"^#{1,6} |\*[A-Z][a-z]+\*", text, re.M):
        return Resolution.SourceFormat.MARKDOWN
    return Resolution.SourceFormat.TEXT


def _as_date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: f"“{value}” is not a date: write it as YYYY-MM-DD."}) from None


def _body_code(value) -> str:
    body = reference.find_body(str(value or ""))
    if body is None:
        known = ", ".join(b.code for b in reference.bodies().values())
        raise ValidationError({"body": f"Unknown body “{value}”: use one of {known} (or the body's name)."})
    return body.code


def _check_symbol(symbol: str, *, exclude_pk=None) -> str:
    symbol = (symbol or "").strip()
    if not symbol:
        raise ValidationError({"symbol": "Give the document symbol, e.g. A/RES/64/179."})
    if not SYMBOL_RE.match(symbol):
        raise ValidationError({"symbol": f"“{symbol}” is not a document symbol such as A/RES/64/179 or E/RES/2009/23."})
    return symbol


# --- import -------------------------------------------------------------------------------------

@transaction.atomic
def import_resolution(source, *, symbol: str, body: str, date, title: str | None = None, by=None,
                      kind: str = "", session: str = "", replace: bool = False, name: str = "",
                      is_demo: bool = False, suggest: bool = True, symbol_source: str = "") -> Resolution:
    """Import a resolution from its text (plain, Markdown) or a Word document; see ``parsing``.

    Raises ``ValidationError`` (fields ``source``, ``symbol``, ``body``, ``date``, ``title``) and
    saves nothing when the text has no operative paragraph, a date cannot be read, or the symbol is
    already imported (unless ``replace``: the old import and its corrections are then deleted).
    """
    symbol = _check_symbol(symbol)
    body_code = _body_code(body)
    adopted = _as_date(date, "date")
    text, fmt, name = read_source(source, name)
    if not text.strip():
        raise ValidationError({"source": "The text is empty."})
    existing = Resolution.objects.filter(symbol=symbol).first()
    if existing and not replace:
        raise ValidationError({"symbol": f"{symbol} is already imported. Import it again with “replace” to "
                                         "overwrite it (its corrections and confirmed links are lost)."})
    unit = "paragraph" if fmt == Resolution.SourceFormat.DOCX else "line"
    try:
        parsed = parse_text(text, unit=unit)
    except ParseError as exc:
        raise ValidationError({"source": str(exc)}) from exc
    title = (title or "").strip() or parsed.title
    if not title:
        raise ValidationError({"title": "No title can be read from the text: give one."})
    with acting_as(by):
        if existing:
            existing.delete()
        resolution = Resolution(
            symbol=symbol, body=body_code, date=adopted, title=title[:500], source_text=text, source_format=fmt,
            source_name=name[:255], is_demo=is_demo, imported_by=by if getattr(by, "pk", None) else None,
            kind=kind or (Resolution.Kind.DECISION if "/DEC/" in symbol.upper() else Resolution.Kind.RESOLUTION),
            session=session or _session_from_symbol(symbol), symbol_source=symbol_source[:500],
        )
        resolution.full_clean()
        resolution.save()
        drafts_by_number = {}
        context = deadlines.DeadlineContext.for_resolution(body=body_code, adopted=adopted, symbol=symbol)
        for position, item in enumerate(parsed.paragraphs, start=1):
            paragraph = Paragraph(
                resolution=resolution, kind=item.kind, number=item.number, position=position, verb=item.verb[:80],
                addressee_category=item.addressee_category, addressee=item.addressee[:500], text=item.text,
                source_line=item.line,
            )
            paragraph.save()
            if item.kind == Paragraph.Kind.OPERATIVE:
                drafts = deadlines.derive_obligations(item.text, item.analysis, body=body_code, on=adopted,
                                                      context=context)
                drafts_by_number[item.number] = drafts
                for draft in drafts:
                    _save_draft(paragraph, draft, drafts_by_number)
            context.observe(item.text)  # "the Commission", "this special session" in later paragraphs
    if suggest:
        suggest_links(resolution, by=by)
    warnings = list(parsed.warnings)
    if parsed.date_hint and parsed.date_hint != adopted:
        warnings.append(f"The text gives {parsed.date_hint:%d %B %Y} as its date; {adopted:%d %B %Y} was recorded.")
    resolution.import_warnings = warnings
    return resolution


def _session_from_symbol(symbol: str) -> str:
    """'A/RES/64/179' -> '64th session' (General Assembly symbols carry the session)."""
    match = re.match(r"^A/RES/(\d{1,3})/", symbol)
    if not match:
        return ""
    number = int(match.group(1))
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} session"


def _save_draft(paragraph: Paragraph, draft: deadlines.ObligationDraft, drafts_by_number: dict) -> Obligation:
    """Save an obligation; one that refers to an earlier paragraph's report ("the report referred to
    in paragraph 32") takes that paragraph's deadline when it has none of its own."""
    deadline, deadline_text, rule = draft.deadline, draft.deadline_text, draft.deadline_rule
    precision, recurrence, months = draft.deadline_precision, draft.recurrence, draft.recurrence_months
    recipient_body, recipient = draft.recipient_body, draft.recipient
    if not deadline_text and draft.refers_to_paragraph in drafts_by_number:
        earlier = next((d for d in drafts_by_number[draft.refers_to_paragraph] if d.deadline_text), None)
        if earlier is not None:
            deadline, rule = earlier.deadline, earlier.deadline_rule
            precision, recurrence, months = earlier.deadline_precision, earlier.recurrence, earlier.recurrence_months
            deadline_text = f"{earlier.deadline_text} (as paragraph {draft.refers_to_paragraph})"
            recipient_body, recipient = earlier.recipient_body, earlier.recipient
    obligation = Obligation(
        paragraph=paragraph, kind=draft.kind, actor=draft.actor[:300], recipient_body=recipient_body,
        recipient=recipient[:300], deadline_text=deadline_text[:200], deadline=deadline, deadline_rule=rule[:300],
        deadline_precision=precision, recurrence=recurrence.replace("every N years", "")[:20],
        recurrence_months=months,
    )
    obligation.save()
    return obligation


# --- resolutions ------------------------------------------------------------------------------

@transaction.atomic
def update_resolution(resolution: Resolution, *, by, **data) -> Resolution:
    if "symbol" in data:
        data["symbol"] = _check_symbol(data["symbol"])
        if Resolution.objects.filter(symbol=data["symbol"]).exclude(pk=resolution.pk).exists():
            raise ValidationError({"symbol": f"{data['symbol']} is already imported."})
    if "body" in data:
        data["body"] = _body_code(data["body"])
    if "date" in data:
        data["date"] = _as_date(data["date"], "date")
    for key in RESOLUTION_FIELDS:
        if key in data:
            setattr(resolution, key, data[key])
    resolution.title = (resolution.title or "").strip()
    try:
        resolution.full_clean(exclude=["imported_by"])
    except ValidationError:
        resolution.refresh_from_db()
        raise
    with acting_as(by):
        resolution.save()
    return resolution


@transaction.atomic
def delete_resolution(resolution: Resolution, *, by) -> None:
    with acting_as(by):
        resolution.delete()


# --- paragraphs -------------------------------------------------------------------------------

def _check_paragraph(paragraph: Paragraph) -> None:
    paragraph.text = (paragraph.text or "").strip()
    if not paragraph.text:
        raise ValidationError({"text": "A paragraph needs its text."})
    if paragraph.kind == Paragraph.Kind.OPERATIVE:
        if not paragraph.number:
            raise ValidationError({"number": "An operative paragraph has a number."})
        clash = Paragraph.objects.filter(resolution_id=paragraph.resolution_id, kind=Paragraph.Kind.OPERATIVE,
                                         number=paragraph.number).exclude(pk=paragraph.pk)
        if clash.exists():
            raise ValidationError({"number": f"Paragraph {paragraph.number} already exists in this resolution."})
    else:
        paragraph.number = None
    if paragraph.addressee_category != analysis.NO_ADDRESSEE and not paragraph.addressee.strip():
        raise ValidationError({"addressee": "Give the addressee's words, or choose “No addressee”."})
    paragraph.full_clean(exclude=["resolution"])


@transaction.atomic
def update_paragraph(paragraph: Paragraph, *, by, **data) -> Paragraph:
    for key in PARAGRAPH_FIELDS:
        if key in data:
            setattr(paragraph, key, data[key] if data[key] is not None or key == "number" else "")
    paragraph.edited = True
    try:
        _check_paragraph(paragraph)
    except ValidationError:
        paragraph.refresh_from_db()  # leave the object as it is stored
        raise
    with acting_as(by):
        paragraph.save()
    return paragraph


def _compact_positions(resolution: Resolution) -> None:
    for position, paragraph in enumerate(resolution.paragraphs.order_by("position", "id"), start=1):
        if paragraph.position != position:
            paragraph.position = position
            paragraph.save(update_fields=["position"])


@transaction.atomic
def merge_paragraphs(first: Paragraph, *, by) -> Paragraph:
    """Join a paragraph with the one after it (a split the import made wrongly): the text, the
    obligations and the links of the second move to the first, and the second is deleted."""
    second = first.resolution.paragraphs.filter(position__gt=first.position).order_by("position").first()
    if second is None:
        raise ValidationError({"paragraph": "This is the last paragraph: there is nothing after it to merge."})
    with acting_as(by):
        glue = "" if first.text.endswith("-") else " "
        first.text = first.text.rstrip() + glue + second.text.lstrip()
        first.edited = True
        first.save()
        for obligation in second.obligations.all():
            obligation.paragraph = first
            obligation.save()
        taken = set(first.links.values_list("result_id", flat=True))
        for link in second.links.all():
            if link.result_id in taken:
                link.delete()
            else:
                link.paragraph = first
                link.save()
        second.delete()
        _compact_positions(first.resolution)
    return first


@transaction.atomic
def split_paragraph(paragraph: Paragraph, *, at, by, number: int | None = None) -> Paragraph:
    """Cut a paragraph in two where ``at`` (the words that open the second part, or an offset)
    starts. The second part is read again (verb, addressee, obligations) and numbered ``number``
    (default: the next number). Returns the new paragraph."""
    text = paragraph.text
    if isinstance(at, int):
        offset = at
    else:
        words = (at or "").strip()
        if not words:
            raise ValidationError({"at": "Give the words that open the new paragraph."})
        offset = text.find(words)
        if offset < 0:
            raise ValidationError({"at": "These words are not in the paragraph."})
        if text.find(words, offset + 1) >= 0:
            raise ValidationError({"at": "These words occur more than once: give a few more of them."})
    head, tail = text[:offset].strip(), text[offset:].strip()
    if not head or not tail:
        raise ValidationError({"at": "The split must leave text on both sides."})
    resolution = paragraph.resolution
    operative = paragraph.kind == Paragraph.Kind.OPERATIVE
    if operative:
        number = number or (paragraph.number or 0) + 1
    with acting_as(by):
        for later in resolution.paragraphs.filter(position__gt=paragraph.position).order_by("-position"):
            later.position += 1
            later.save(update_fields=["position"])
        paragraph.text, paragraph.edited = head, True
        paragraph.save()
        result = analysis.analyse_operative(tail) if operative else analysis.analyse_preambular(tail)
        new = Paragraph(resolution=resolution, kind=paragraph.kind, number=number if operative else None,
                        position=paragraph.position + 1, verb=result.verb[:80], addressee=result.addressee[:500],
                        addressee_category=result.category, text=tail, edited=True)
        _check_paragraph(new)
        new.save()
        if operative:
            for draft in deadlines.derive_obligations(tail, result, body=resolution.body, on=resolution.date):
                _save_draft(new, draft, {})
    return new


# --- obligations ------------------------------------------------------------------------------

def _check_obligation(obligation: Obligation, programmes, projects) -> None:
    if obligation.status == Obligation.Status.ANSWERED and not (
        obligation.report_symbol.strip() or obligation.report_title.strip() or programmes or projects
    ):
        raise ValidationError({"status": "Say what answered it: a report (symbol or title), a programme or a "
                                         "project."})
    if obligation.report_date and obligation.report_date < obligation.paragraph.resolution.date:
        raise ValidationError({"report_date": "The report cannot be older than the resolution it answers."})
    obligation.full_clean(exclude=["paragraph"])


@transaction.atomic
def save_obligation(obligation: Obligation | None = None, *, by, paragraph: Paragraph | None = None,
                    **data) -> Obligation:
    """Create (``obligation`` None, for ``paragraph``) or correct an obligation."""
    obligation = obligation or Obligation(paragraph=paragraph, kind=Obligation.Kind.ACT)
    if obligation.paragraph_id is None:
        raise ValidationError({"paragraph": "An obligation belongs to a paragraph."})
    if "deadline" in data and data["deadline"] not in (None, ""):
        data["deadline"] = _as_date(data["deadline"], "deadline")
    if "report_date" in data and data["report_date"] not in (None, ""):
        data["report_date"] = _as_date(data["report_date"], "report_date")
    for key in OBLIGATION_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key in ("deadline", "report_date", "recurrence_months"):
            value = value or None
        elif value is None:
            value = ""
        setattr(obligation, key, value)
    if "deadline" in data:
        obligation.deadline_rule = "set by hand" if obligation.deadline else ""
    programmes = list(data["programmes"]) if "programmes" in data else (
        list(obligation.programmes.all()) if obligation.pk else [])
    projects = list(data["projects"]) if "projects" in data else (
        list(obligation.projects.all()) if obligation.pk else [])
    try:
        _check_obligation(obligation, programmes, projects)
    except ValidationError:
        if obligation.pk:
            obligation.refresh_from_db()
        raise
    with acting_as(by):
        obligation.save()
        if "programmes" in data:
            obligation.programmes.set(programmes)
        if "projects" in data:
            obligation.projects.set(projects)
    return obligation


@transaction.atomic
def delete_obligation(obligation: Obligation, *, by) -> None:
    with acting_as(by):
        obligation.delete()


# --- links to expected results ------------------------------------------------------------

def period_for(date: datetime.date):
    """The strategy period in force on ``date``; failing that, one that starts the next year (a
    strategy is adopted the year before it starts, as ECOSOC 2007/12 adopted 2008-2011)."""
    from mandates.strategy.models import StrategyPeriod

    periods = StrategyPeriod.objects.filter(start_year__lte=date.year + 1, end_year__gte=date.year)
    in_force = [p for p in periods if p.start_year <= date.year]
    chosen = sorted(in_force or list(periods), key=lambda p: -p.start_year)
    return chosen[0] if chosen else None


def _result_documents(period) -> dict:
    from mandates.strategy.models import StrategyNode

    nodes = {n.pk: n for n in StrategyNode.objects.filter(period=period, track="results")}
    documents = {}
    for node in nodes.values():
        if node.level != period.result_level:
            continue
        words, parent = [node.title, node.description], nodes.get(node.parent_id)
        while parent is not None:
            words.append(parent.title)
            parent = nodes.get(parent.parent_id)
        documents[node.pk] = " ".join(w for w in words if w)
    return documents


def _query_text(paragraph: Paragraph) -> str:
    text = paragraph.text
    for words in (paragraph.verb, paragraph.addressee):
        if words:
            text = text.replace(words, " ")
    return text


@transaction.atomic
def suggest_links(resolution: Resolution, *, by=None, top: int = 3) -> int:
    """(Re)compute the suggested links from the operative paragraphs addressed to the office to the
    expected results of the period in force; confirmed and rejected links are kept as decided.
    Returns the number of suggestions."""
    period = period_for(resolution.date)
    paragraphs = [p for p in resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE) if p.addresses_office]
    with acting_as(by):
        ResultLink.objects.filter(paragraph__resolution=resolution, state=ResultLink.State.SUGGESTED,
                                  source=ResultLink.Source.SIMILARITY).delete()
        if period is None or not paragraphs:
            return 0
        documents = _result_documents(period)
        if not documents:
            return 0
        from .similarity import suggest

        decided = set(ResultLink.objects.filter(paragraph__resolution=resolution).values_list("paragraph_id", "result_id"))
        found = suggest({p.pk: _query_text(p) for p in paragraphs}, documents, top=top)
        made = 0
        for paragraph in paragraphs:
            for rank, (node_id, score) in enumerate(found.get(paragraph.pk, []), start=1):
                if (paragraph.pk, node_id) in decided:
                    continue
                ResultLink(paragraph=paragraph, result_id=node_id, score=score, rank=rank).save()
                made += 1
    return made


@transaction.atomic
def decide_link(link: ResultLink, *, state: str, by) -> ResultLink:
    if state not in (ResultLink.State.CONFIRMED, ResultLink.State.REJECTED):
        raise ValidationError({"state": "Confirm or reject the link."})
    link.state, link.decided_by, link.decided_at = state, by if getattr(by, "pk", None) else None, timezone.now()
    with acting_as(by):
        link.save()
    return link


@transaction.atomic
def add_link(paragraph: Paragraph, result, *, by) -> ResultLink:
    """Link a paragraph to an expected result by hand (confirmed at once)."""
    if paragraph.kind != Paragraph.Kind.OPERATIVE:
        raise ValidationError({"result": "Only operative paragraphs are linked to results."})
    if result is None or result.track != "results" or result.level != result.period.result_level:
        raise ValidationError({"result": "Choose an expected result."})
    link = ResultLink.objects.filter(paragraph=paragraph, result=result).first() or ResultLink(
        paragraph=paragraph, result=result, source=ResultLink.Source.PERSON)
    link.state, link.decided_by, link.decided_at = ResultLink.State.CONFIRMED, by, timezone.now()
    with acting_as(by):
        link.save()
    return link
