import pytest
from auditlog.models import LogEntry

from mandates.partners.models import Partner
from mandates.partners.services import save_partner


@pytest.fixture
def undp(users):
    return save_partner(by=users["administrator"], name="United Nations Development Programme", acronym="UNDP",
                        kind="un_entity", iati_organisation_ref="XM-DAC-41114")


@pytest.mark.django_db
def test_update_is_audited_with_before_and_after(undp, users):
    save_partner(undp, by=users["planning_officer"], description="Resident coordinator system")
    entries = list(LogEntry.objects.get_for_object(undp).order_by("timestamp"))
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert entries[1].actor == users["planning_officer"]
    assert entries[1].changes_dict["description"] == ["", "Resident coordinator system"]


@pytest.mark.django_db
def test_duplicate_name_refused_on_form_with_field_error(client, undp, users):
    client.force_login(users["planning_officer"])
    response = client.post("/partners/new/", {"name": "united nations development programme", "kind": "un_entity"})
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_api_create_validates_per_field(client, undp, users):
    client.force_login(users["programme_manager"])
    bad = client.post("/api/v1/partners", {"name": "", "kind": "spaceship"}, content_type="application/json")
    assert bad.status_code == 400
    assert set(bad.json()) >= {"name", "kind"}
    ok = client.post("/api/v1/partners", {"name": "INTERPOL", "kind": "intergovernmental", "acronym": "INTERPOL"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["name"] == "INTERPOL"


@pytest.mark.django_db
@pytest.mark.parametrize("role, can_add", [
    ("administrator", True), ("planning_officer", True), ("programme_manager", True),
    ("finance_officer", False), ("reader", False), ("member_state_reader", False), (None, False),
])
def test_who_may_add_partners(client, users, role, can_add):
    if role:
        client.force_login(users[role])
    page = client.get("/partners/new/")
    api = client.post("/api/v1/partners", {"name": "Europol", "kind": "regional_organisation"},
                      content_type="application/json")
    if can_add:
        assert page.status_code == 200 and api.status_code == 201
    else:
        assert page.status_code in (302, 403) and api.status_code in (401, 403)
        assert not Partner.objects.filter(name="Europol").exists()


@pytest.mark.django_db
def test_list_queries_do_not_grow_with_rows(client, users, django_assert_max_num_queries):
    for i in range(120):
        Partner.objects.create(name=f"Partner {i:03}", kind="civil_society")
    client.force_login(users["reader"])
    with django_assert_max_num_queries(8):
        response = client.get("/partners/")
    assert response.status_code == 200 and "Partner 000" in response.content.decode()
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/partners?page_size=200").json()["count"] == 120
