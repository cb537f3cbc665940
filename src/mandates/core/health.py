"""``/health/``: is this application server able to answer? For load balancers and monitoring.

Answers 200 with ``{"status": "ok"}`` when the database answers, 503 otherwise (never a 500), and
names each database it checked (the primary and any read replica).
"""
from django.db import connections
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def health(request):
    checks = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            checks[alias] = "ok"
        except DatabaseError as exc:
            checks[alias] = f"unavailable: {exc.__class__.__name__}"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", "databases": checks},
                        status=200 if healthy else 503)


@never_cache
@require_GET
def live(request):
    """Is the process up? No database, no session: the framework's floor in the load run."""
    return HttpResponse("ok", content_type="text/plain")
