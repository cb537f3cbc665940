from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import services


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    token = None
    if request.method == "POST" and request.POST.get("action") == "new-token":
        token = services.issue_api_token(request.user, rotate=True)
        return render(request, "people/profile.html", {"new_token": token})
    if request.method == "POST":
        return redirect("people:profile")
    return render(request, "people/profile.html", {"new_token": None})
