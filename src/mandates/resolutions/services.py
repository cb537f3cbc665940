"""Writes to resolutions: import, hand corrections, obligations, links to results.

Every function validates (``ValidationError`` with a message per field), runs in one transaction
(nothing is half-saved) and saves inside ``acting_as(by)`` so the audit trail names the person.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from . import analysis, deadlines
from .corrections import (  # noqa: F401 - the draft's corrections, named here with the other services
    draft_edit_document,
    draft_edit_obligation,
    draft_edit_paragraph,
    draft_merge,
    draft_split,
)
from .importing import (  # noqa: F401 - the import's services, named here with the others
    as_date,
    body_code,
    cancel_draft,
    check_symbol,
    commit_draft,
    import_resolution,
    prepare_import,
    read_header,
)
from .models import Obligation, Paragraph, Resolution, ResultLink

RESOLUTION_FIELDS = ("symbol", "kind", "body", "date", "title", "session")
PARAGRAPH_FIELDS = ("kind", "number", "verb", "addressee_category", "addressee", "text")
OBLIGATION_FIELDS = ("kind", "actor", "recipient_body", "recipient", "deadline_text", "deadline", "deadline_precision",
                     "recurrence", "recurrence_months", "status",
                     "report_symbol", "report_title", "report_date", "report_section", "notes")

# The import (read, review, save) lives in ``importing`` and the draft's corrections in ``corrections``;
# their entry points are services too.
_as_date, _body_code, _check_symbol = as_date, body_code, check_symbol


def _save_draft(paragraph: Paragraph, draft: deadlines.ObligationDraft, drafts_by_number: dict) -> Obligation:
    """Save an obligation read from a paragraph split after the import."""
    obligation = Obligation(
        paragraph=paragraph, kind=draft.kind, actor=draft.actor[:300], recipient_body=draft.recipient_body,
        recipient=draft.recipient[:300], deadline_text=draft.deadline_text[:200], deadline=draft.deadline,
        deadline_rule=draft.deadline_rule[:300], deadline_precision=draft.deadline_precision,
        recurrence=draft.recurrence.replace("every N years", "")[:20], recurrence_months=draft.recurrence_months,
    )
    obligation.save()
    return obligation


# --- resolutions ------------------------------------------------------------------------------

@transaction.atomic
def update_resolution(resolution: Resolution, *, by, **data) -> Resolution:
    if "symbol" in data:
        data["symbol"] = _check_symbol(data["symbol"])
        if Resolution.objects.filter(symbol=data["symbol"]).exclude(pk=resolution.pk).exists():
            raise ValidationError({"symbol": _("%(data_symbol)s is already imported.") % {"data_symbol": data['symbol']}})
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
        raise ValidationError({"text": _("A paragraph needs its text.")})
    if paragraph.kind == Paragraph.Kind.OPERATIVE:
        if not paragraph.number:
            raise ValidationError({"number": _("An operative paragraph has a number.")})
        clash = Paragraph.objects.filter(resolution_id=paragraph.resolution_id, kind=Paragraph.Kind.OPERATIVE,
                                         number=paragraph.number).exclude(pk=paragraph.pk)
        if clash.exists():
            raise ValidationError({"number": _("Paragraph %(number)s already exists in this resolution.") % {"number": paragraph.number}})
    else:
        paragraph.number = None
    if paragraph.addressee_category != analysis.NO_ADDRESSEE and not paragraph.addressee.strip():
        raise ValidationError({"addressee": _("Give the addressee's words, or choose “No addressee”.")})
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
        raise ValidationError({"paragraph": _("This is the last paragraph: there is nothing after it to merge.")})
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
            raise ValidationError({"at": _("Give the words that open the new paragraph.")})
        offset = text.find(words)
        if offset < 0:
            raise ValidationError({"at": _("These words are not in the paragraph.")})
        if text.find(words, offset + 1) >= 0:
            raise ValidationError({"at": _("These words occur more than once: give a few more of them.")})
    head, tail = text[:offset].strip(), text[offset:].strip()
    if not head or not tail:
        raise ValidationError({"at": _("The split must leave text on both sides.")})
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
        raise ValidationError({"status": _(
            "Say what answered it: a report (symbol or title), a programme or a project.")})
    if obligation.report_date and obligation.report_date < obligation.paragraph.resolution.date:
        raise ValidationError({"report_date": _("The report cannot be older than the resolution it answers.")})
    obligation.full_clean(exclude=["paragraph"])


@transaction.atomic
def save_obligation(obligation: Obligation | None = None, *, by, paragraph: Paragraph | None = None,
                    **data) -> Obligation:
    """Create (``obligation`` None, for ``paragraph``) or correct an obligation."""
    obligation = obligation or Obligation(paragraph=paragraph, kind=Obligation.Kind.ACT)
    if obligation.paragraph_id is None:
        raise ValidationError({"paragraph": _("An obligation belongs to a paragraph.")})
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
        raise ValidationError({"state": _("Confirm or reject the link.")})
    link.state, link.decided_by, link.decided_at = state, by if getattr(by, "pk", None) else None, timezone.now()
    with acting_as(by):
        link.save()
    return link


@transaction.atomic
def add_link(paragraph: Paragraph, result, *, by) -> ResultLink:
    """Link a paragraph to an expected result by hand (confirmed at once)."""
    if paragraph.kind != Paragraph.Kind.OPERATIVE:
        raise ValidationError({"result": _("Only operative paragraphs are linked to results.")})
    if result is None or result.track != "results" or result.level != result.period.result_level:
        raise ValidationError({"result": _("Choose an expected result.")})
    link = ResultLink.objects.filter(paragraph=paragraph, result=result).first() or ResultLink(
        paragraph=paragraph, result=result, source=ResultLink.Source.PERSON)
    link.state, link.decided_by, link.decided_at = ResultLink.State.CONFIRMED, by, timezone.now()
    with acting_as(by):
        link.save()
    return link
