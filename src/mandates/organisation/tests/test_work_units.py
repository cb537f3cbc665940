import pytest
from django.core.exceptions import ValidationError

from mandates.organisation.models import WorkUnit
from mandates.organisation.selectors import unit_and_descendants
from mandates.organisation.services import create_work_unit


@pytest.mark.django_db
def test_descendants_follow_the_tree(units):
    below_do = set(unit_and_descendants(units["DO"]).values_list("code", flat=True))
    assert below_do == {"DO", "DO-JUS", "DO-OCB"}
    assert units["ROEA"].covers(units["ROEA-SOM"]) and not units["ROEA"].covers(units["DO"])


@pytest.mark.django_db
def test_duplicate_code_is_refused(units):
    with pytest.raises(ValidationError) as err:
        create_work_unit(by=None, parent=units["HQ"], code="DO", name="Another", kind="division")
    assert "code" in err.value.message_dict
    assert WorkUnit.objects.filter(code="DO").count() == 1


@pytest.mark.django_db
def test_api_lists_tree_with_parents_and_refuses_readers(client, users):
    response = client.get("/api/v1/work-units?page_size=100")
    assert response.status_code == 200
    parents = {row["code"]: row["parent"] for row in response.json()["results"]}
    assert parents["DO-JUS"] == "DO" and parents["HQ"] is None
    client.force_login(users["reader"])
    created = client.post("/api/v1/work-units", {"code": "X", "name": "X", "kind": "unit"}, content_type="application/json")
    assert created.status_code == 403


@pytest.mark.django_db
def test_admin_creates_unit_through_api_with_audit(client, users):
    from auditlog.models import LogEntry

    client.force_login(users["administrator"])
    response = client.post(
        "/api/v1/work-units", {"code": "ROEA-KEN", "name": "Kenya country office", "kind": "country_office",
                               "parent_code": "ROEA", "country": "KEN"}, content_type="application/json")
    assert response.status_code == 201, response.content
    unit = WorkUnit.objects.get(code="ROEA-KEN")
    assert WorkUnit.objects.get_parent(unit).code == "ROEA"
    entry = LogEntry.objects.get_for_object(unit).get()
    assert entry.actor == users["administrator"]
    dup = client.post("/api/v1/work-units", {"code": "ROEA-KEN", "name": "again", "kind": "unit"},
                      content_type="application/json")
    assert dup.status_code == 400 and "code" in dup.json()


@pytest.mark.django_db
def test_tree_page_and_unit_page(client, units):
    page = client.get("/work-units/").content.decode()
    assert page.index("Division for Operations") < page.index("Justice Section")
    assert client.get("/work-units/ROEA/").status_code == 200
    assert client.get("/work-units/NOPE/").status_code == 404
