from django.shortcuts import render

from . import selectors


def home(request):
    return render(request, "core/home.html", {"summary": selectors.home_summary(request.user)})
