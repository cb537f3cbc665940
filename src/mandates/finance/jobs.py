"""The finance work that runs as background jobs (registered in ``FinanceConfig.ready``)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.jobs import registry
from mandates.people import permissions

from . import reports, selectors, services, xlsx
from .models import Biennium, Expenditure

EXPENDITURE_IMPORT = "finance.expenditure_import"
OVERVIEW_EXCEL = "finance.overview_excel"


def expenditure_import(*, params, input_file, by, progress):
    batch = services.import_expenditure(input_file, by=by, file_name=params.get("file_name", ""),
                                        progress=progress)
    return _("%(file)s: %(rows)s rows read; %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
        "file": batch.file_name, "rows": batch.rows, "created": batch.created, "updated": batch.updated,
        "unchanged": batch.unchanged}


def _biennium(params):
    code = str(params.get("biennium", "")).strip()
    if not Biennium.objects.filter(code=code).exists():
        raise ValidationError({"biennium": _("Choose a biennium that exists (e.g. 2024-2025).")})
    return {"biennium": code}


def overview_excel(*, params, input_file, by, progress):
    if not permissions.can(by, "view", Biennium):
        raise ValidationError(_("You may not see the fund overview."))
    biennium = Biennium.objects.get(code=params["biennium"])
    progress(0, 2, _("Computing the fund overview"))
    tables = reports.overview_tables(selectors.fund_overview(biennium))
    progress(1, 2, _("Writing the workbook"))
    content = xlsx.workbook(tables, heading="Fund overview")
    progress(2, 2)
    return registry.Result(summary=_("Fund overview %(code)s.") % {"code": biennium.code},
                           filename=f"fund-overview-{biennium.code}.xlsx", content=content, content_type=xlsx.XLSX)


def register():
    registry.register(EXPENDITURE_IMPORT, expenditure_import, label=gettext_lazy("ERP expenditure import"),
                      allowed=lambda user: permissions.can(user, "add", Expenditure), needs_file=True,
                      file_extensions=(".csv", ".xlsx"))
    registry.register(OVERVIEW_EXCEL, overview_excel, label=gettext_lazy("Fund overview (Excel)"),
                      allowed=lambda user: permissions.can(user, "view", Biennium), validate=_biennium)
