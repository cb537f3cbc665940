"""Writes of the resolution import: read and split a text into a draft, correct the draft, save it.

``prepare_import`` reads the source (``readers``), parses it and returns an ``ImportDraft``: the split
as plain data, with the paragraphs the parser is unsure of and why, the document's warnings and any
resolution with the same operative text. The import page shows it; the planning officer corrects it
(``corrections``: ``draft_merge``, ``draft_split``, ``draft_edit_paragraph``, ``draft_edit_obligation``,
``draft_edit_document``, each audited) and saves it with ``commit_draft`` — one transaction, nothing
half-saved. ``import_resolution`` does both at once for the command line, the API and the demo, under
the same rules (a duplicate needs a reason).
"""
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from mandates.core.audit import acting_as

from . import analysis, duplicates, readers, reference
from .models import ImportDraft, Obligation, Paragraph, Resolution
from .parsing import ParseError, clauses, parse_text

SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z0-9]*(?:[/.][A-Za-z0-9.()-]+)+$")
SUBPARAGRAPH_RE = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(.*)$")
LONG_PARAGRAPH = 3500


def as_date(value, field: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({field: _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}}) from None


def body_code(value) -> str:
    body = reference.find_body(str(value or ""))
    if body is None:
        known = ", ".join(b.code for b in reference.bodies().values())
        raise ValidationError({"body": _("Unknown body “%(value)s”: use one of %(known)s (or the body's name).") % {
            "value": value, "known": known}})
    return body.code


def check_symbol(symbol: str) -> str:
    symbol = (symbol or "").strip()
    if not symbol:
        raise ValidationError({"symbol": _("Give the document symbol, e.g. A/RES/64/179.")})
    if len(symbol) > Resolution._meta.get_field("symbol").max_length:
        raise ValidationError({"symbol": _("The symbol is %(n)s characters long: a document symbol has at most %(limit)s.")
                               % {"n": len(symbol), "limit": Resolution._meta.get_field("symbol").max_length}})
    if not SYMBOL_RE.match(symbol):
        raise ValidationError({"symbol": _("“%(symbol)s” is not a document symbol such as A/RES/64/179 or E/RES/2009/23.")
                                         % {"symbol": symbol}})
    return symbol


def session_from_symbol(symbol: str) -> str:
    """'A/RES/64/179' -> '64th session' (General Assembly symbols carry the session)."""
    match = re.match(r"^A/RES/(\d{1,3})/", symbol)
    if not match:
        return ""
    number = int(match.group(1))
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} session"


def _already_imported(symbol: str, replace: bool):
    existing = Resolution.objects.filter(symbol=symbol).first()
    if existing and not replace:
        raise ValidationError({"symbol": _("%(symbol)s is already imported. Import it again with “replace” to "
                                           "overwrite it (its corrections and confirmed links are lost).") % {
            "symbol": symbol}})
    return existing


# --- reading and splitting ------------------------------------------------------------------------

def _parse(source: readers.Source, **context):
    try:
        parsed = parse_text(source.text, unit=source.unit, **context)
    except ParseError as exc:
        raise ValidationError({"source": readers.describe_non_resolution(source.text) or str(exc)}) from exc
    readers.check_resolution_shape(parsed, source.text)
    return parsed


def _obligation_dicts(parser_obligations) -> list[dict]:
    """The obligations the review page shows and the import saves, from the parser's own list (one per
    asking clause, each with every deadline its words give): the clauses that ask the office, its
    Executive Director or the Secretary-General, and the passive ones ("Requests that a report be
    submitted ..."); one row per deadline when a clause names several."""
    out = []
    for ob in parser_obligations:
        if not (ob.addressee_category in analysis.OFFICE_CATEGORIES or ob.passive):
            continue
        # one report due at the same time to two bodies ("at their sessions in the first half of 2011") is one row
        chosen: dict = {}
        for deadline in ob.deadlines:
            chosen.setdefault((deadline.text, deadline.date), []).append(deadline)
        for group in list(chosen.values()) or [[None]]:
            deadline = group[0]
            names = list(dict.fromkeys(d.recipient for d in group if d is not None and d.recipient))
            out.append({
                "kind": ob.kind, "verb": ob.verb[:80], "actor": ob.addressee[:300],
                "recipient_body": (deadline.recipient_body if deadline else ob.recipient_body) or "",
                "recipient": (" and the ".join(names) if deadline else ob.recipient or "")[:300],
                "deadline_text": deadline.text[:200] if deadline else "",
                "deadline": deadline.date.isoformat() if deadline and deadline.date else None,
                "deadline_rule": (deadline.rule if deadline else "")[:300],
                "deadline_precision": (deadline.precision if deadline and deadline.date else "") or "",
                "recurrence": (deadline.recurrence if deadline else "").replace("every N years", "")[:20],
                "recurrence_months": deadline.period_months if deadline else None})
    return out


def _analysed(kind: str, text: str, body: str, on: datetime.date) -> dict:
    """Verb, addressee and obligations of a paragraph's text after a split, read by the parser's clauses."""
    operative = kind == Paragraph.Kind.OPERATIVE
    result = analysis.analyse_operative(text) if operative else analysis.analyse_preambular(text)
    return {"verb": result.verb[:80], "addressee": result.addressee[:500], "addressee_category": result.category,
            "obligations": _obligation_dicts(clauses.obligations(text, result, body=body, on=on)) if operative
            else []}


def subparagraphs(text: str) -> list[dict]:
    subs = []
    for line in text.split("\n"):
        match = SUBPARAGRAPH_RE.match(line.strip())
        if match:
            subs.append({"label": match.group(1), "text": match.group(2)})
    return subs


def _unsure(item: dict, previous_number) -> list[str]:
    """Why the review page should draw the officer's eye to this paragraph."""
    reasons = list(item.get("unsure") or [])
    codes = set(item.pop("unsure_codes", ()))
    if not item["verb"] and "no_verb" not in codes:
        reasons.append(_("Its opening words are not a known operative verb.") if item["kind"] == "operative"
                       else _("Its opening words are not a known preambular phrase."))
    if _ends_open(item["text"]) and "ends_mid_paragraph" not in codes:
        reasons.append(_("It stops without a full stop, semicolon or comma: it may run on into the next paragraph, "
                         "or the text may be cut."))
    if item["kind"] == "operative" and previous_number is not None and item["number"] not in (
            None, previous_number + 1) and "numbering_gap" not in codes:
        reasons.append(_("Its number (%(number)s) does not follow paragraph %(previous)s.") % {
            "number": item["number"], "previous": previous_number})
    if len(item["text"]) > LONG_PARAGRAPH:
        reasons.append(_("It is unusually long: it may hold several paragraphs."))
    for obligation in item["obligations"]:
        if obligation["deadline_text"] and not obligation["deadline"] and "deadline_unresolved" not in codes:
            reasons.append(_("The deadline “%(words)s” could not be given a date.") % {
                "words": obligation["deadline_text"]})
    return list(dict.fromkeys(reasons))


def _ends_open(text: str) -> bool:
    tail = re.sub(r"[\s*_\"”’)\]]+$", "", text or "")
    return bool(tail) and tail[-1] not in ".;:,!?"


def _paragraph_dicts(parsed) -> list[dict]:
    out, previous = [], None
    for item in parsed.paragraphs:
        base = {"kind": item.kind, "number": item.number, "text": item.text, "line": item.line,
                "verb": item.verb[:80], "addressee": item.addressee[:500], "addressee_category": item.addressee_category,
                "footnotes": [{"mark": f.mark, "text": f.text} for f in item.footnotes],
                "subparagraphs": [{"label": s.label, "text": s.text} for s in item.subparagraphs],
                "unsure": [u.message for u in item.unsure], "unsure_codes": [u.code for u in item.unsure],
                "obligations": _obligation_dicts(item.obligations) if item.kind == Paragraph.Kind.OPERATIVE else []}
        base["unsure"] = _unsure(base, previous)
        if item.kind == Paragraph.Kind.OPERATIVE:
            previous = item.number
        out.append(base)
    return out


def _partial_warning(parsed, paragraphs: list[dict]) -> str:
    """A text cut in the middle: its last paragraph stops mid-sentence and no closing line follows."""
    if not paragraphs:
        return ""
    if parsed.partial:  # the parser saw it: say it in the officer's language
        if parsed.last_complete is None:
            return _("The text looks cut: it stops inside the first operative paragraph.")
        return _("The text looks cut: it stops in the middle of operative paragraph %(number)s. The last complete "
                 "paragraph is operative paragraph %(complete)s.") % {
            "number": paragraphs[-1]["number"], "complete": parsed.last_complete}
    if parsed.end_line is not None or not _ends_open(paragraphs[-1]["text"]):
        return ""
    last = paragraphs[-1]
    complete = paragraphs[-2] if len(paragraphs) > 1 else None
    if complete is None:
        named = _("none")
    elif complete["kind"] == "operative":
        named = _("operative paragraph %(number)s") % {"number": complete["number"]}
    else:
        named = _("the preambular paragraph “%(start)s …”") % {"start": " ".join(complete["text"].split()[:6])}
    where = (_("operative paragraph %(number)s") % {"number": last["number"]} if last["kind"] == "operative"
             else _("a preambular paragraph"))
    last["unsure"].append(_("The text stops in the middle of this paragraph."))
    return _("The text looks cut: it stops in the middle of %(where)s. The last complete paragraph is %(named)s.") % {
        "where": where, "named": named}


def symbol_from_text(parsed, body: str) -> str:
    """The document symbol the text prints, or the one its resolution number gives with the body that
    adopted it ("1958/688(XXVI)" of the Council -> "E/RES/1958/688(XXVI)"); "" when it cannot be known
    (a General Assembly number before 1976 without its session, a Commission's number)."""
    if parsed.symbol_hint and SYMBOL_RE.match(parsed.symbol_hint.strip()):
        return parsed.symbol_hint.strip()
    number = re.sub(r"\s+", "", parsed.number_hint or "")
    if body == "GA":
        special = re.fullmatch(r"S-(\d{1,2})/(\d{1,3})", number)
        if special:
            return f"A/RES/S-{special.group(1)}/{special.group(2)}"
        if re.fullmatch(r"\d{1,4}\([IVXLC]+\)[A-Z]?", number):
            return f"A/RES/{number}"  # 2434(XXIII): numbered with the session in Roman figures until 1975
        numbered = re.fullmatch(r"(\d{2,3})/\d{1,3}", number)
        if numbered and int(numbered.group(1)) >= 31:  # session/number since the thirty-first session
            return f"A/RES/{number}"
    if body == "ECOSOC" and re.fullmatch(r"(?:19|20)\d\d/\d{1,4}(?:\([IVXLC]+\))?[A-Z]?", number):
        return f"E/RES/{number}"
    return ""


MISSING = {
    "symbol": _lazy("The text does not print its symbol: give it, e.g. A/RES/64/179 or E/RES/2009/23."),
    "body": _lazy("The text does not name the body that adopted it: choose the governing body."),
    "date": _lazy("The text does not give its date of adoption: give it."),
    "title": _lazy("No title can be read from the text: give one."),
}


def header(parsed, *, symbol="", body="", date=None, title="") -> dict:
    """Symbol, body, date and title: what the officer gave, else what the text prints. Raises one
    ``ValidationError`` naming every field that is missing from both or wrong; ``read_from_text`` lists
    the fields taken from the text."""
    errors, taken = {}, []
    values = {"symbol": (symbol or "").strip(), "body": (str(body or "")).strip(), "title": (title or "").strip()}
    try:
        values["body"] = body_code(values["body"]) if values["body"] else ""
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not values["body"] and parsed is not None and parsed.body_hint:
        values["body"], taken = parsed.body_hint, [*taken, "body"]
    if values["symbol"]:
        try:
            values["symbol"] = check_symbol(values["symbol"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif parsed is not None and (found := symbol_from_text(parsed, values["body"])):
        values["symbol"], taken = found, [*taken, "symbol"]
    if date not in (None, ""):
        try:
            values["date"] = as_date(date, "date")
        except ValidationError as exc:
            errors.update(exc.message_dict)
    elif parsed is not None and parsed.date_hint:
        values["date"], taken = parsed.date_hint, [*taken, "date"]
    if not values["title"] and parsed is not None and parsed.title:
        values["title"], taken = parsed.title, [*taken, "title"]
    for field_name, message in MISSING.items():
        if not values.get(field_name) and field_name not in errors:
            errors[field_name] = [str(message)]
    if errors:
        raise ValidationError(errors)
    values["read_from_text"] = [f for f in ("symbol", "body", "date", "title") if f in taken]
    return values


def _check_given(*, symbol, body, date) -> None:
    errors = {}
    for given, check in ((symbol, check_symbol), (body, body_code), (date, lambda v: as_date(v, "date"))):
        if given not in (None, ""):
            try:
                check(given)
            except ValidationError as exc:
                errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def read_header(source, *, name: str = "", **given) -> dict:
    """Read and split the text only to know its symbol, body, date and title (the import page asks the
    officer for what the text does not print). Raises ``ValidationError`` as ``prepare_import`` does."""
    parsed = _parse(readers.read(source, name))
    return header(parsed, **given)


@transaction.atomic
def prepare_import(source, *, symbol: str = "", body: str = "", date=None, title: str | None = None, by=None,
                   kind: str = "", session: str = "", replace: bool = False, name: str = "",
                   save: bool = True) -> ImportDraft:
    """Read and split the text into a draft the officer reviews; raises ``ValidationError`` (fields
    ``source``, ``symbol``, ``body``, ``date``, ``title``) for what cannot be a resolution. Symbol, body,
    date and title default to what the text prints."""
    _check_given(symbol=symbol, body=body, date=date)  # what the officer typed is refused before the text is read
    if symbol:
        _already_imported(check_symbol(symbol), replace)
    source = readers.read(source, name)
    limit = Resolution._meta.get_field("title").max_length
    if title and len(title.strip()) > limit:
        raise ValidationError({"title": _("The title is %(n)s characters long: at most %(limit)s.")
                               % {"n": len(title.strip()), "limit": limit}})
    values = header(_parse(source), symbol=symbol, body=body, date=date, title=title)
    symbol, code, adopted, title = values["symbol"], values["body"], values["date"], values["title"]
    _already_imported(symbol, replace)
    parsed = _parse(source, body=code, on=adopted, symbol=symbol)  # deadlines from this body's sessions
    paragraphs = _paragraph_dicts(parsed)
    warnings = [w for w in parsed.warnings if not w.startswith("Partial text:")]
    partial = _partial_warning(parsed, paragraphs)
    if partial:
        warnings.append(partial)
    if parsed.date_hint and parsed.date_hint != adopted:
        warnings.append(_("The text gives %(printed)s as its date; %(given)s was recorded.") % {
            "printed": date_format(parsed.date_hint, "j F Y"), "given": date_format(adopted, "j F Y")})
    notes = list(source.notes)
    if values["read_from_text"]:
        labels = {"symbol": _("symbol"), "body": _("governing body"), "date": _("date of adoption"),
                  "title": _("title")}
        notes.append(_("Read from the text: %(fields)s.") % {
            "fields": ", ".join(str(labels[f]) for f in values["read_from_text"])})
    operative = [p["text"] for p in paragraphs if p["kind"] == Paragraph.Kind.OPERATIVE]
    duplicate = duplicates.find(operative, exclude_symbol=symbol)
    fmt = {readers.PDF: Resolution.SourceFormat.PDF}.get(source.format, source.format)
    draft = ImportDraft(
        owner=by if getattr(by, "pk", None) else None, symbol=symbol, body=code, date=adopted, title=title[:500],
        kind=kind or (Resolution.Kind.DECISION if "/DEC/" in symbol.upper() else Resolution.Kind.RESOLUTION),
        session=session or session_from_symbol(symbol), replace=replace, source_text=source.text,
        source_format=fmt, source_name=source.name[:255], paragraphs=paragraphs, warnings=warnings,
        notes=notes, operative_hash=duplicates.text_hash(operative),
        duplicate_of=duplicate.resolution if duplicate else None, duplicate_score=duplicate.score if duplicate else None)
    if save:
        with acting_as(by):
            draft.save()
    return draft


def duplicate_message(resolution: Resolution, score: float | None) -> str:
    values = {"symbol": resolution.symbol, "date": f"{resolution.created_at:%d %B %Y}" if resolution.created_at
              else "", "percent": round((score or 0) * 100)}
    if score is None or score >= 0.9999:
        return _("This is the same text as %(symbol)s, imported on %(date)s.") % values
    return _("This is nearly the same text as %(symbol)s, imported on %(date)s (%(percent)s%% of the words "
             "alike).") % values


# --- saving -------------------------------------------------------------------------------------

@transaction.atomic
def commit_draft(draft: ImportDraft, *, by, duplicate_reason: str = "", suggest: bool = True,
                 is_demo: bool = False) -> Resolution:
    """Save the reviewed draft as a resolution with its paragraphs and obligations (all or nothing);
    the draft is then deleted. A duplicate needs ``duplicate_reason``."""
    existing = _already_imported(draft.symbol, draft.replace)
    operative = [p["text"] for p in draft.paragraphs if p["kind"] == Paragraph.Kind.OPERATIVE]
    if not operative:
        raise ValidationError({"source": _("No operative paragraph is left: nothing can be saved.")})
    duplicate = duplicates.find(operative, exclude_symbol=draft.symbol)
    reason = (duplicate_reason or "").strip()
    if duplicate is not None and not reason:
        raise ValidationError({"duplicate_reason": duplicate_message(duplicate.resolution, duplicate.score) + " " + _(
            "Cancel the import, or give the reason to import it anyway.")})
    by_person = by if getattr(by, "pk", None) else None
    with acting_as(by):
        if existing:
            existing.delete()
        resolution = Resolution(
            symbol=draft.symbol, body=draft.body, date=draft.date, title=draft.title[:500], kind=draft.kind,
            session=draft.session, source_text=draft.source_text, source_format=draft.source_format,
            source_name=draft.source_name, is_demo=is_demo, imported_by=by_person,
            corrected_by=by_person if draft.corrections else None, corrections=list(draft.corrections),
            operative_hash=duplicates.text_hash(operative),
            duplicate_of=duplicate.resolution if duplicate else None, duplicate_reason=reason if duplicate else "",
            symbol_source=getattr(draft, "symbol_source", "")[:500])
        resolution.full_clean()
        resolution.save()
        for position, item in enumerate(draft.paragraphs, start=1):
            paragraph = Paragraph(
                resolution=resolution, kind=item["kind"], number=item["number"], position=position,
                verb=item["verb"][:80], addressee_category=item["addressee_category"],
                addressee=item["addressee"][:500], text=item["text"], source_line=item.get("line"),
                edited=bool(item.get("corrected")))
            paragraph.save()
            for obligation in item["obligations"]:
                Obligation(paragraph=paragraph, kind=obligation["kind"], actor=obligation["actor"][:300],
                           recipient_body=obligation["recipient_body"], recipient=obligation["recipient"][:300],
                           deadline_text=obligation["deadline_text"][:200],
                           deadline=as_date(obligation["deadline"], "deadline") if obligation["deadline"] else None,
                           deadline_rule=obligation["deadline_rule"][:300],
                           deadline_precision=obligation.get("deadline_precision") or "",
                           recurrence=obligation.get("recurrence") or "",
                           recurrence_months=obligation.get("recurrence_months")).save()
        if draft.pk:
            draft.delete()
    if suggest:
        from .services import suggest_links

        suggest_links(resolution, by=by)
    resolution.import_warnings = list(draft.warnings)
    return resolution


@transaction.atomic
def import_resolution(source, *, symbol: str, body: str, date, title: str | None = None, by=None,
                      kind: str = "", session: str = "", replace: bool = False, name: str = "",
                      is_demo: bool = False, suggest: bool = True, duplicate_reason: str = "",
                      symbol_source: str = "") -> Resolution:
    """Read, split and save at once (no review): the command line, the API and the demo."""
    draft = prepare_import(source, symbol=symbol, body=body, date=date, title=title, by=by, kind=kind,
                           session=session, replace=replace, name=name, save=False)
    draft.symbol_source = symbol_source  # where the symbol and date come from (the demo's manifest)
    return commit_draft(draft, by=by, duplicate_reason=duplicate_reason, suggest=suggest, is_demo=is_demo)


def expire_drafts(now=None) -> int:
    """Remove the import drafts untouched for ``settings.RESOLUTION_DRAFT_DAYS`` days (run by the worker's
    schedule; each removal audited, as the system's). Returns how many were removed."""
    from django.conf import settings

    limit = (now or timezone.now()) - datetime.timedelta(days=settings.RESOLUTION_DRAFT_DAYS)
    removed = 0
    for draft in ImportDraft.objects.filter(updated_at__lt=limit).iterator():
        with transaction.atomic(), acting_as(None):
            draft.delete()
        removed += 1
    return removed


@transaction.atomic
def cancel_draft(draft: ImportDraft, *, by) -> None:
    with acting_as(by):
        draft.delete()
