"""The resolution import as a background job (registered in ``ResolutionsConfig.ready``)."""
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.jobs import registry
from mandates.people import permissions

from . import readers, services
from .importing import duplicate_message
from .models import Resolution

RESOLUTION_IMPORT = "resolutions.import"
FIELDS = ("symbol", "body", "date", "title")


def _clean(params):
    cleaned = {k: str(params.get(k) or "").strip() for k in FIELDS}  # empty: as the text prints it
    cleaned["replace"] = params.get("replace") in (True, "1", "on", "true", "True")
    cleaned["pasted"] = params.get("pasted") in (True, "1", "on", "true", "True")
    return cleaned


def resolution_import(*, params, input_file, by, progress):
    """Read and split the text into a draft; the officer reviews it on the page the result links to."""
    progress(0, 2, _("Reading the text"))
    source = input_file.read().decode("utf-8") if params.get("pasted") else input_file
    draft = services.prepare_import(
        source, symbol=params.get("symbol") or "", body=params.get("body") or "", date=params.get("date") or None,
        title=params.get("title") or None,
        replace=params.get("replace", False), by=by, name="" if params.get("pasted") else input_file.name)
    progress(2, 2)
    operative = sum(1 for p in draft.paragraphs if p["kind"] == "operative")
    obligations = sum(len(p["obligations"]) for p in draft.paragraphs)
    lines = [_("%(symbol)s read: %(preambular)s preambular and %(count)s operative paragraphs, %(obligations)s "
               "obligations. Nothing is saved yet: review the split, then save it.") % {
        "symbol": draft.symbol, "preambular": len(draft.paragraphs) - operative, "count": operative,
        "obligations": obligations}]
    if draft.unsure_count:
        lines.append(_("%(count)s paragraphs to check.") % {"count": draft.unsure_count})
    if draft.duplicate_of:
        lines.append(duplicate_message(draft.duplicate_of, draft.duplicate_score))
    lines.extend(draft.warnings)
    return registry.Result(summary="\n".join(lines), link=reverse("resolutions:review", args=[draft.pk]),
                           link_label=_("Review the split"))


def register():
    registry.register(RESOLUTION_IMPORT, resolution_import, label=gettext_lazy("Resolution import"),
                      allowed=lambda user: permissions.can(user, "add", Resolution), needs_file=True,
                      max_upload_bytes=readers.MAX_UPLOAD_BYTES, validate=_clean)
