from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from mandates.people import permissions

from . import selectors
from .names import by_name


def country_list(request):
    search = request.GET.get("q", "").strip()
    # the ~250 countries read at once and put in the order of the names the reader sees, then paged
    page = Paginator(by_name(permissions.visible(request.user, selectors.countries(search))), 60).get_page(
        request.GET.get("page"))
    return render(request, "geography/list.html", {"page_obj": page, "q": search})


def country_detail(request, iso3):
    country = get_object_or_404(permissions.visible(request.user, selectors.countries()), iso3=iso3.upper())
    return render(request, "geography/detail.html", {"country": country})  # projects: the portfolio's panel
