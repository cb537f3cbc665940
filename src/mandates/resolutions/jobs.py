"""The resolution import as a background job (registered in ``ResolutionsConfig.ready``)."""
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.jobs import registry
from mandates.people import permissions

from . import services
from .models import Paragraph, Resolution

RESOLUTION_IMPORT = "resolutions.import"
FIELDS = ("symbol", "body", "date", "title")


def _clean(params):
    cleaned = {k: str(params.get(k) or "").strip() for k in FIELDS}
    if not cleaned["symbol"]:
        raise ValidationError({"symbol": _("Give the resolution's symbol, e.g. A/RES/64/179.")})
    cleaned["replace"] = params.get("replace") in (True, "1", "on", "true", "True")
    cleaned["pasted"] = params.get("pasted") in (True, "1", "on", "true", "True")
    return cleaned


def resolution_import(*, params, input_file, by, progress):
    progress(0, 2, _("Reading the text"))
    source = input_file.read().decode("utf-8") if params.get("pasted") else input_file
    resolution = services.import_resolution(
        source, symbol=params["symbol"], body=params["body"], date=params["date"], title=params.get("title") or None,
        replace=params.get("replace", False), by=by, name="" if params.get("pasted") else input_file.name)
    progress(2, 2)
    operative = resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count()
    lines = [_("%(symbol)s imported: %(count)s operative paragraphs. Check the split and the addressees.") % {
        "symbol": resolution.symbol, "count": operative}, *getattr(resolution, "import_warnings", [])]
    return registry.Result(summary="\n".join(lines), link=reverse("resolutions:detail", args=[resolution.pk]),
                           link_label=_("Open the resolution"))


def register():
    registry.register(RESOLUTION_IMPORT, resolution_import, label=gettext_lazy("Resolution import"),
                      allowed=lambda user: permissions.can(user, "add", Resolution), needs_file=True,
                      max_upload_bytes=10 * 1024 * 1024, validate=_clean)
