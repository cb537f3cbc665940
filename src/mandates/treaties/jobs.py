"""The treaty status import as a background job (registered in ``TreatiesConfig.ready``)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.jobs import registry
from mandates.people import permissions

from . import services
from .models import Instrument

STATUS_IMPORT = "treaties.status_import"
FIELDS = ("instrument", "short_name", "title", "group", "status_date")


def _clean(params):
    replace = params.get("replace") in (True, "on", "1", "true")
    params = {k: str(params.get(k) or "").strip() for k in FIELDS}
    params["replace"] = replace  # remove the events the file no longer lists (asked for explicitly)
    if params["status_date"]:
        try:
            date.fromisoformat(params["status_date"])
        except ValueError:
            raise ValidationError({"status_date": _("Give the date as YYYY-MM-DD.")}) from None
    return params


def status_import(*, params, input_file, by, progress):
    progress(0, 1, _("Reading %(name)s") % {"name": input_file.name})
    summary = services.import_status(
        input_file.read(), filename=input_file.name, instrument=params.get("instrument") or None, by=by,
        short_name=params.get("short_name", ""), title=params.get("title", ""), group=params.get("group", ""),
        status_date=date.fromisoformat(params["status_date"]) if params.get("status_date") else None,
        replace=bool(params.get("replace")))
    progress(1, 1)
    if len(summary.instruments) == 1:
        return registry.Result(summary=str(summary), link=reverse("treaties:detail", args=[summary.instruments[0]]),
                               link_label=_("Open the instrument"))
    return registry.Result(summary=str(summary), link=reverse("treaties:list"), link_label=_("Open the treaties"))


def register():
    registry.register(STATUS_IMPORT, status_import, label=gettext_lazy("Treaty status import"),
                      allowed=lambda user: permissions.can(user, "add", Instrument), needs_file=True,
                      file_extensions=(".csv", ".txt"), max_upload_bytes=10 * 1024 * 1024, validate=_clean)
