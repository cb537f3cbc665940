"""Helpers shared by the finance views: the biennium in the query string, Excel responses.
(Permissions: ``people.permissions.require``, as everywhere.)"""
from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _

from .. import xlsx
from ..models import Biennium


def pick_biennium(request, *, required: bool = True) -> Biennium | None:
    code = request.GET.get("biennium", "").strip()
    bienniums = list(Biennium.objects.order_by("start_year"))
    if code:
        match = next((b for b in bienniums if b.code == code), None)
        if match is None:
            raise Http404(_("No such biennium"))
        return match
    if not required:
        return None
    if not bienniums:
        raise Http404(_("No biennium is configured: run “mandates load_fund_structure”."))
    year = date.today().year
    return next((b for b in bienniums if b.start_year <= year <= b.end_year), bienniums[-1])


def wants_excel(request) -> bool:
    return request.GET.get("format") == "xlsx"


def excel(tables, name: str, heading: str = ""):
    return xlsx.response(tables, f"{name}.xlsx", heading=heading)


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
