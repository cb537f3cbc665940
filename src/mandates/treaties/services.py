"""Writes to treaties: importing status files, editing instruments, linking assistance to ratifications.

Every write is validated first, runs in one transaction and is audited in the name of ``by``.
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from mandates.core.audit import acting_as, bulk_create_audited

from . import parsing, reference
from .models import CONSENT_KINDS, Instrument, Participant, TreatyEvent

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_]{0,39}$")
INSTRUMENT_FIELDS = ("code", "short_name", "title", "group", "depositary", "adoption_date", "adoption_place",
                     "entry_into_force", "entry_into_force_source", "parent", "untc_url", "status_source", "status_date", "position")


@dataclass
class ImportSummary:
    filename: str
    format: str
    instruments: list[str] = field(default_factory=list)
    instruments_created: list[str] = field(default_factory=list)
    participants_created: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.instruments_created or self.participants_created or self.created or self.updated
                    or self.deleted)

    def __str__(self) -> str:
        made = f" (new instrument: {', '.join(self.instruments_created)})" if self.instruments_created else ""
        return (f"{self.filename}: {', '.join(self.instruments)}{made} — {self.created} events added, "
                f"{self.updated} changed, {self.deleted} removed, {self.unchanged} unchanged.")


# --- instruments ------------------------------------------------------------------------------------
def _check_instrument(instrument: Instrument) -> None:
    errors = {}
    if not CODE_PATTERN.match(instrument.code or ""):
        errors["code"] = gettext("A code is letters, digits, dots and hyphens (at most 40), e.g. XVIII-12.")
    elif Instrument.objects.filter(code__iexact=instrument.code).exclude(pk=instrument.pk).exists():
        errors["code"] = gettext("An instrument with the code “%(code)s” already exists.") % {"code": instrument.code}
    if instrument.group not in Instrument.Group.values:
        errors["group"] = gettext("“%(group)s” is not a group; choose one of %(groups)s.") % {
            "group": instrument.group, "groups": ", ".join(Instrument.Group.values)}
    ancestor, depth = instrument.parent, 0
    while ancestor is not None and depth < 20:
        if instrument.pk and ancestor.pk == instrument.pk:
            errors["parent"] = "An instrument cannot be its own parent (directly or through another)."
            break
        ancestor, depth = ancestor.parent, depth + 1
    if instrument.entry_into_force and not (instrument.entry_into_force_source or "").strip():
        errors["entry_into_force_source"] = "Say where the entry-into-force date comes from (e.g. the UN Treaty Collection page)."
    if instrument.adoption_date and instrument.entry_into_force and instrument.entry_into_force < instrument.adoption_date:
        errors["entry_into_force"] = "Entry into force cannot be before adoption."
    if errors:
        raise ValidationError(errors)
    instrument.full_clean(validate_unique=False)


@transaction.atomic
def save_instrument(instrument: Instrument | None = None, *, by, **data) -> Instrument:
    """Create (``instrument`` None) or correct an instrument's description."""
    instrument = instrument or Instrument()
    for key in INSTRUMENT_FIELDS:
        if key in data:
            setattr(instrument, key, data[key])
    instrument.code = (instrument.code or "").strip()
    instrument.short_name = (instrument.short_name or "").strip() or instrument.code
    instrument.title = (instrument.title or "").strip() or instrument.short_name
    instrument.group = instrument.group or Instrument.Group.OTHER
    _check_instrument(instrument)
    with acting_as(by):
        instrument.save()
    return instrument


def _guess_parent(code: str) -> Instrument | None:
    """A protocol's code extends its convention's: XVIII-12-c supplements XVIII-12."""
    head, _, tail = code.rpartition("-")
    if head and tail.isalpha():
        return Instrument.objects.filter(code=head).first()
    return None


def _new_instrument(code: str, *, by, short_name: str = "", title: str = "", group: str = "") -> Instrument:
    known = reference.catalogue().get(code, {})
    parent_code = known.get("parent")
    parent = Instrument.objects.filter(code=parent_code).first() if parent_code else _guess_parent(code)
    position = known.get("position") or 1000 + Instrument.objects.count()
    place, adopted = (known.get("adoption_place", ""), known.get("adoption_date"))
    if title and not adopted:
        place, adopted = reference.adoption_from_title(title)
    return save_instrument(
        None, by=by, code=code, short_name=short_name or known.get("short_name", ""),
        title=title or known.get("title", ""),
        group=group or known.get("group") or (parent.group if parent else Instrument.Group.OTHER),
        depositary=known.get("depositary", ""), adoption_place=place or "", adoption_date=adopted,
        entry_into_force=known.get("entry_into_force"),
        entry_into_force_source=known.get("entry_into_force_source", ""), parent=parent, untc_url=known.get("untc_url", ""),
        position=position,
    )


# --- importing status files ---------------------------------------------------------------------------
def _ensure_participants(targets: dict[str, parsing.Target], summary: ImportSummary) -> dict[str, Participant]:
    existing = {p.code: p for p in Participant.objects.filter(code__in=list(targets))}
    for code, target in targets.items():
        participant = existing.get(code)
        if participant is None:
            participant = Participant(code=code, name=target.name, country=target.country, is_rei=target.is_rei)
            participant.full_clean(validate_unique=False)
            participant.save()
            existing[code] = participant
            summary.participants_created += 1
        elif participant.name != target.name:
            participant.name = target.name
            participant.save(update_fields=["name"])
    return existing


def _status_date_for(code: str, filename: str):
    raw = reference.catalogue().get(code, {}).get("raw_file", "")
    return reference.catalogue()[code].get("status_date") if raw and Path(raw).name == Path(filename).name else None


@transaction.atomic
def import_status(content: bytes | str, *, filename: str, instrument: str | None = None, by=None,
                  short_name: str = "", title: str = "", group: str = "", status_date=None,
                  replace: bool = True) -> ImportSummary:
    """Import a UNTC status file (raw or long format) for one instrument (or, for the long CSV, every
    instrument in it). The file is the instrument's whole status: events it no longer lists are removed.

    An instrument never seen before is created, described from ``instruments.csv`` /
    ``instrument_details.csv`` when they know its code, else from ``short_name``, ``title``, ``group``.
    Any problem -> ``ValidationError({"file": [line-numbered messages]})`` and nothing is saved.
    Importing the same file again changes nothing. With ``replace=False`` a file that would remove
    events the instrument has is refused (nothing saved), naming how many and which participants.
    """
    filename = Path(filename or "status.csv").name
    instrument = (instrument or "").strip() or None
    if instrument and not CODE_PATTERN.match(instrument):
        raise ValidationError({"instrument": gettext("A code is letters, digits, dots and hyphens, e.g. XVIII-12.")})
    if group and group not in Instrument.Group.values:
        raise ValidationError({"group": gettext("“%(group)s” is not a group; choose one of %(groups)s.") % {
            "group": group, "groups": ", ".join(Instrument.Group.values)}})
    parsed = parsing.read_status_file(content, filename=filename, instrument=instrument)
    summary = ImportSummary(filename=filename, format=parsed.format, instruments=list(parsed.instruments))
    with acting_as(by):
        instruments = {i.code: i for i in Instrument.objects.filter(code__in=parsed.instruments)}
        for code in parsed.instruments:
            if code not in instruments:
                instruments[code] = _new_instrument(code, by=by, short_name=short_name, title=title, group=group)
                summary.instruments_created.append(code)
        participants = _ensure_participants(parsed.targets, summary)
        existing = {
            (e.instrument_id, e.participant_id, e.kind): e
            for e in TreatyEvent.objects.filter(instrument__in=list(instruments.values()))
        }
        new = []  # written together, each with its audit entry (one INSERT per batch, not two per event)
        for item in parsed.events:
            key = (instruments[item.instrument].pk, participants[item.participant].pk, item.kind)
            values = {"date": item.date, "source_file": filename, "source_line": item.line,
                      "source_text": item.text[:200], "declarations": item.declarations}
            event = existing.pop(key, None)
            if event is None:
                new.append(TreatyEvent(instrument=instruments[item.instrument],
                                       participant=participants[item.participant], kind=item.kind, **values))
                summary.created += 1
            elif any(getattr(event, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(event, name, value)
                event.save()
                summary.updated += 1
            else:
                summary.unchanged += 1
        bulk_create_audited(TreatyEvent, new, by=by)
        if existing and not replace:
            names = sorted({e.participant.name for e in existing.values()})
            raise ValidationError({"file": [
                ngettext("This file no longer lists %(n)s event the instrument has (%(names)s); nothing was "
                         "imported. To remove it, import the file again with “Remove the events this file no "
                         "longer lists” ticked (--replace on the command line).",
                         "This file no longer lists %(n)s events the instrument has (%(names)s); nothing was "
                         "imported. To remove them, import the file again with “Remove the events this file no "
                         "longer lists” ticked (--replace on the command line).", len(existing))
                % {"n": len(existing), "names": ", ".join(names[:5]) + (" …" if len(names) > 5 else "")}]})
        for event in existing.values():
            event.delete()
            summary.deleted += 1
        for code, obj in instruments.items():
            when = status_date or _status_date_for(code, filename) or (obj.status_date if obj.status_source == filename else None)
            if (obj.status_source, obj.status_date) != (filename, when):
                obj.status_source, obj.status_date = filename, when
                obj.save(update_fields=["status_source", "status_date"])
    return summary


def import_status_path(path: str | Path, **kwargs) -> ImportSummary:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise ValidationError({"file": gettext("%(path)s: cannot be read (%(reason)s).")
                               % {"path": path, "reason": exc.strerror or exc}}) from exc
    return import_status(content, filename=path.name, **kwargs)


@transaction.atomic
def load_shipped_treaties(by=None) -> list[ImportSummary]:
    """Import every raw UNTC status file shipped in ``treaties/data/`` (the Organized Crime Convention and
    its Protocols, the drug control conventions, the terrorism conventions), described from the catalogue."""
    return [import_status_path(path, instrument=code, by=by) for code, path in reference.shipped_raw_files()]


# --- assistance behind ratifications ------------------------------------------------------------------
@transaction.atomic
def link_assistance(event: TreatyEvent, *, by, projects=(), activities=()) -> TreatyEvent:
    """Record the projects and activities that supported a ratification (or accession, ...)."""
    if event.kind not in CONSENT_KINDS:
        raise ValidationError({"projects": gettext("Only a ratification, accession or other consent to be bound "
                                                   "can be linked to the assistance that supported it.")})
    with acting_as(by):
        event.assisted_by_projects.set(list(projects))
        event.assisted_by_activities.set(list(activities))
    return event
