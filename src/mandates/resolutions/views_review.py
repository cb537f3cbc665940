"""The import review: the split the parser made, corrected by the planning officer, then saved.

Each correction is a form that posts and comes back to the page (htmx swaps only the split, the
page works without JavaScript too); the services in ``corrections`` and
``importing`` do the work and audit it."""
import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandates.people import permissions

from . import corrections, importing, reference
from .forms import DraftDocumentForm, DraftObligationForm, DraftParagraphForm, DraftSplitForm
from .models import ImportDraft, Resolution


class DraftGone(Exception):
    """The draft of a link is no longer there: saved, cancelled or expired."""


def _draft(request, pk) -> ImportDraft:
    if not permissions.can(request.user, "add", Resolution):
        raise PermissionDenied
    draft = ImportDraft.objects.filter(pk=pk).first()
    if draft is None:
        raise DraftGone
    if draft.owner_id != request.user.pk:
        raise Http404  # a draft is its importer's until saved
    return draft


def draft_view(view):
    """A stale link to a draft (saved, cancelled, or removed after ``RESOLUTION_DRAFT_DAYS``) gets a page
    that says so, with the way back to the import, instead of an error."""
    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        try:
            return view(request, pk, *args, **kwargs)
        except DraftGone:
            return render(request, "resolutions/draft_gone.html", {"days": settings.RESOLUTION_DRAFT_DAYS},
                          status=404)
    return wrapped


def _render(request, draft, error=None, status=200):
    paragraphs = draft.indexed()
    for item in paragraphs:
        item["paragraph_form"] = DraftParagraphForm(
            initial={k: item[k] for k in ("verb", "addressee_category", "addressee")}, auto_id=f"p{item['index']}-%s")
        item["split_form"] = DraftSplitForm(auto_id=f"s{item['index']}-%s")
        item["obligation_forms"] = [
            (o, DraftObligationForm(initial={"deadline": o["deadline"], "recipient_body": o["recipient_body"],
                                             "recipient": o["recipient"]}, auto_id=f"o{item['index']}-{n}-%s"))
            for n, o in enumerate(item["obligations"])]
        for o in item["obligations"]:
            o["deadline_shown"] = _shown(o.get("deadline"), o.get("deadline_precision"))
            o["recipient_shown"] = o["recipient"] or (reference.body_name(o["recipient_body"]) if o["recipient_body"]
                                                      else "")
        item["error"] = error["message"] if error and error.get("index") == item["index"] else ""
    document_form = DraftDocumentForm(initial={"title": draft.title, "symbol": draft.symbol, "body": draft.body,
                                               "date": draft.date}, auto_id="doc-%s")
    if error and error.get("index") == "document":
        document_form = DraftDocumentForm(error["data"], auto_id="doc-%s")
        for name, messages_ in error.get("fields", {}).items():
            document_form.add_error(name if name in document_form.fields else None, messages_)
    duplicate = importing.duplicate_message(draft.duplicate_of, draft.duplicate_score) if draft.duplicate_of else ""
    return render(request, "resolutions/review.html", {
        "draft": draft, "preambular": [p for p in paragraphs if p["kind"] == "preambular"],
        "operative": [p for p in paragraphs if p["kind"] == "operative"], "last_index": len(paragraphs) - 1,
        "duplicate": duplicate, "error": error, "document_form": document_form, "body_name": reference.body_name(draft.body),
        "format_label": dict(Resolution.SourceFormat.choices).get(draft.source_format, draft.source_format),
    }, status=status)


def _shown(iso, precision) -> str:
    """'1959-04-01' as the officer reads it: '1 Apr 1959', or 'April 1959' when only the month is known."""
    if not iso:
        return ""
    try:
        value = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso  # a damaged draft: shown as it is, refused when saved
    return date_format(value, {"month": "F Y", "year": "Y"}.get(precision or "", "j M Y"))


@draft_view
def import_review(request, pk):
    return _render(request, _draft(request, pk))


@require_POST
@draft_view
def import_correct(request, pk):
    draft = _draft(request, pk)
    action, index = request.POST.get("action", ""), request.POST.get("index")
    try:
        if action == "document":
            form = DraftDocumentForm(request.POST)
            if not form.is_valid():
                raise ValidationError({name: errors for name, errors in form.errors.items()})
            corrections.draft_edit_document(draft, by=request.user, **form.cleaned_data)
        elif action == "merge":
            corrections.draft_merge(draft, index, by=request.user)
        elif action == "split":
            form = DraftSplitForm(request.POST)
            if not form.is_valid():
                raise ValidationError({"at": _("Give the words that open the new paragraph.")})
            corrections.draft_split(draft, index, at=form.cleaned_data["at"], by=request.user)
        elif action == "paragraph":
            form = DraftParagraphForm(request.POST)
            if not form.is_valid():
                raise ValidationError(list(form.errors.values())[0][0])
            corrections.draft_edit_paragraph(draft, index, by=request.user, **form.cleaned_data)
        elif action == "obligation":
            form = DraftObligationForm(request.POST)
            if not form.is_valid():
                raise ValidationError(" ".join(str(e) for errors in form.errors.values() for e in errors))
            corrections.draft_edit_obligation(draft, index, request.POST.get("obligation"), by=request.user,
                                            **form.cleaned_data)
        else:
            raise ValidationError(_("Unknown correction."))
    except ValidationError as exc:
        draft.refresh_from_db()
        status = 422 if not request.headers.get("HX-Request") else 200
        if action == "document":  # field errors on the document's form, what was typed kept
            fields = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            return _render(request, draft, error={"index": "document", "data": request.POST, "fields": fields,
                                                  "message": " ".join(exc.messages)}, status=status)
        try:
            index = int(index)
        except (TypeError, ValueError):
            index = None
        return _render(request, draft, error={"index": index, "message": " ".join(exc.messages)}, status=status)
    anchor = f"#draft-{index}" if str(index).isdigit() and int(index) < len(draft.paragraphs) else ""
    return redirect(reverse("resolutions:review", args=[draft.pk]) + anchor)


@require_POST
@draft_view
def import_save(request, pk):
    draft = _draft(request, pk)
    try:
        resolution = importing.commit_draft(draft, by=request.user,
                                            duplicate_reason=request.POST.get("duplicate_reason", ""))
    except ValidationError as exc:
        draft.refresh_from_db()
        return _render(request, draft, error={"index": None, "message": " ".join(exc.messages)}, status=422)
    messages.success(request, _("%(symbol)s saved.") % {"symbol": resolution.symbol})
    for warning in resolution.import_warnings:
        messages.warning(request, warning)
    return redirect("resolutions:detail", pk=resolution.pk)


@require_POST
@draft_view
def import_cancel(request, pk):
    draft = _draft(request, pk)
    symbol = draft.symbol
    importing.cancel_draft(draft, by=request.user)
    messages.success(request, _("The import of %(symbol)s was cancelled: nothing was saved.") % {"symbol": symbol})
    return redirect("resolutions:import")
