from django.shortcuts import render

from . import extensions, selectors


def home(request):
    return render(request, "core/home.html", {
        "summary": selectors.home_summary(request.user),
        "attention": extensions.attention_for(request.user),  # what each domain says needs this person
    })
