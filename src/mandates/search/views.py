from django.shortcuts import render

from . import engine, services


def search(request):
    raw = request.GET.get("q", "")
    error, hits, query = "", [], None
    if "q" in request.GET:
        try:
            query, hits = services.search(request.user, raw)
        except engine.QueryError as exc:
            error = str(exc)
    return render(request, "search/results.html", {
        "q": raw[: engine.MAX_CHARS], "error": error, "hits": hits, "query": query,
        "full_text": engine.uses_full_text()}, status=400 if error and raw.strip() else 200)
