"""The implementation plan's Excel and Word exports as background jobs (registered in ``ready``)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.jobs import registry
from mandates.people import permissions

from . import exports
from .models import ImplementationPlan
from .plan import filters as plan_filters
from .plan import implementation_plan

PLAN_EXCEL = "results.plan_excel"
PLAN_WORD = "results.plan_word"
FILTERS = ("period", "year", "region", "country", "work_unit", "theme")
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _clean(params):
    params = {k: str(params[k]).strip() for k in FILTERS if str(params.get(k) or "").strip()}
    filters, errors = plan_filters.parse(params)
    if errors:
        raise ValidationError(errors)
    if filters["period"] is None:
        raise ValidationError({"period": _("There is no strategy period to export.")})
    return params


def _export(kind, params, by, progress):
    if not permissions.can(by, "view", ImplementationPlan):
        raise ValidationError(_("You may not see the implementation plan."))
    filters, _errors = plan_filters.parse(params)
    progress(0, 2, _("Computing the plan"))
    plan = implementation_plan(by, filters["period"], **{k: v for k, v in filters.items() if k != "period"})
    progress(1, 2, _("Writing the file"))
    content = exports.to_excel(plan) if kind == "xlsx" else exports.to_word(plan)
    progress(2, 2)
    name = f"implementation-plan-{plan.period.code}" + (f"-{plan.year}" if plan.year else "") + f".{kind}"
    return registry.Result(summary=_("Implementation plan %(code)s: %(count)s expected results.") % {
        "code": plan.period.code, "count": len(plan.rows)},
        filename=name, content=content, content_type=TYPES[kind])


def plan_excel(*, params, input_file, by, progress):
    return _export("xlsx", params, by, progress)


def plan_word(*, params, input_file, by, progress):
    return _export("docx", params, by, progress)


def register():
    def allowed(user):
        return permissions.can(user, "view", ImplementationPlan)

    registry.register(PLAN_EXCEL, plan_excel, label=gettext_lazy("Implementation plan (Excel)"),
                      allowed=allowed, validate=_clean)
    registry.register(PLAN_WORD, plan_word, label=gettext_lazy("Implementation plan (Word)"),
                      allowed=allowed, validate=_clean)
