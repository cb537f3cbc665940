"""Helpers shared by the finance views: permission guards, the biennium in the query string,
Excel responses."""
from datetime import date

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mandates.people import permissions

from .. import xlsx
from ..models import Biennium


class LoginRequired(Exception):
    pass


def guard(request, action: str, obj_or_model) -> None:
    """Refuse unless the permission matrix allows ``action`` (anonymous people are sent to log in)."""
    if not permissions.can(request.user, action, obj_or_model):
        if not request.user.is_authenticated:
            raise LoginRequired
        raise PermissionDenied


def login_or_403(view):
    """Turn ``LoginRequired`` into a redirect to the login page."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return redirect_to_login(request.get_full_path())
    return wrapper


def pick_biennium(request, *, required: bool = True) -> Biennium | None:
    code = request.GET.get("biennium", "").strip()
    bienniums = list(Biennium.objects.order_by("start_year"))
    if code:
        match = next((b for b in bienniums if b.code == code), None)
        if match is None:
            raise Http404("No such biennium")
        return match
    if not required:
        return None
    if not bienniums:
        raise Http404("No biennium is configured: run “mandates load_fund_structure”.")
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
