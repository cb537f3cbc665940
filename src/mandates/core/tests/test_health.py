"""The health endpoints and the read-replica routing rules."""
from mandates.core.routers import ReplicaMiddleware, ReplicaRouter, reading_from_replica


def test_health_checks_the_database_and_live_does_not(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}}
    live = client.get("/health/live/")
    assert live.status_code == 200 and live.content == b"ok"


def test_reads_of_portal_and_report_pages_go_to_the_replica_writes_never(settings, rf):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}
    settings.REPLICA_PATHS = ("/open/", "/reports/")
    router = ReplicaRouter()
    seen = {}

    def view(request):
        seen[request.method, request.path] = (router.db_for_read(None), router.db_for_write(None))
        return None

    middleware = ReplicaMiddleware(view)
    middleware(rf.get("/open/countries/KEN/"))
    middleware(rf.post("/open/countries/KEN/"))
    middleware(rf.get("/projects/"))
    middleware(rf.get("/fr/open/countries/KEN/"))
    middleware(rf.get("/fr/projects/"))
    assert seen["GET", "/open/countries/KEN/"] == ("replica", "default")
    assert seen["POST", "/open/countries/KEN/"] == ("default", "default")
    assert seen["GET", "/projects/"] == ("default", "default")
    assert seen["GET", "/fr/open/countries/KEN/"] == ("replica", "default")  # the portal in French too
    assert seen["GET", "/fr/projects/"] == ("default", "default")
    assert router.db_for_read(None) == "default"  # nothing leaks out of the request
    with reading_from_replica():
        assert router.db_for_read(None) == "replica"
    assert router.allow_migrate("replica", "portfolio") is False


def test_without_a_replica_every_read_goes_to_the_primary(settings):
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(None) == "default"
