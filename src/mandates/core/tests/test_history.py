"""An object's history is paged (older entries reachable) and shows only what a person changed, in words."""
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from mandates.partners.models import Partner
from mandates.partners.services import save_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(users):
    return save_partner(by=users["planning_officer"], name="Ministry of Justice of Kenya", kind=Partner.Kind.values[0])


def test_history_is_paged_and_the_oldest_entry_is_reachable(client, users, partner):
    content_type = ContentType.objects.get_for_model(Partner)
    LogEntry.objects.bulk_create([
        LogEntry(content_type=content_type, object_pk=str(partner.pk), object_id=partner.pk, object_repr=str(partner),
                 action=LogEntry.Action.UPDATE, changes={"description": [f"text {i}", f"text {i + 1}"]})
        for i in range(130)])
    client.force_login(users["planning_officer"])
    first = client.get(f"/partners/{partner.pk}/").content.decode()
    assert "Page 1 of 3 · 131 entries" in first
    assert "text 129" in first and "text 0<" not in first
    last = client.get(f"/partners/{partner.pk}/?history_page=3").content.decode()
    history = last[last.index('id="history-title"'):]
    assert "text 0<" in history and "Create" in history


def test_history_hides_internal_fields_and_entries_with_nothing_a_person_changed(client, users, partner):
    content_type = ContentType.objects.get_for_model(Partner)
    LogEntry.objects.create(content_type=content_type, object_pk=str(partner.pk), object_id=partner.pk,
                            object_repr=str(partner), action=LogEntry.Action.UPDATE,
                            changes={"is_demo": ["False", "True"], "created_at": ["x", "y"],
                                     "participant_rows": ["results.DeliveryParticipants.None", "z"],
                                     "acronym": ["", "MoJ"]})
    LogEntry.objects.create(content_type=content_type, object_pk=str(partner.pk), object_id=partner.pk,
                            object_repr=str(partner), action=LogEntry.Action.UPDATE,
                            changes={"participant_rows": ["results.DeliveryParticipants.None", "z"]})
    client.force_login(users["planning_officer"])
    html = client.get(f"/partners/{partner.pk}/").content.decode()
    history = html[html.index('id="history-title"'):]
    assert "MoJ" in history and "Acronym" in history
    assert "Is demo" not in history and "Created at" not in history and "Participant_rows" not in history
    assert "DeliveryParticipants" not in history
    assert history.count('class="history__entry"') == 2  # created + the acronym change


def test_a_yes_or_no_field_reads_yes_or_no_in_the_readers_language(client, users):
    from mandates.core.audit import display_rows
    from mandates.portfolio.models import Project

    content_type = ContentType.objects.get_for_model(Project)
    entry = LogEntry.objects.create(content_type=content_type, object_pk="1", object_id=1, object_repr="P1",
                                    action=LogEntry.Action.UPDATE, changes={"is_public": ["False", "True"]})
    change = display_rows([entry])[0]["changes"][0]
    assert (change["label"], change["before"], change["after"]) == ("published", "No", "Yes")
    from django.utils import translation

    with translation.override("fr"):
        change = display_rows([entry])[0]["changes"][0]
    assert (change["before"], change["after"]) == ("Non", "Oui")


def test_a_history_on_one_page_is_read_without_a_count_and_one_entry_more_is_paged(client, users, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    content_type = ContentType.objects.get_for_model(Partner)

    def add(n, start):
        LogEntry.objects.bulk_create([
            LogEntry(content_type=content_type, object_pk=str(partner.pk), object_id=partner.pk, object_repr=str(partner),
                     action=LogEntry.Action.UPDATE, changes={"description": [f"text {i}", f"text {i + 1}"]})
            for i in range(start, start + n)])

    def history(url):
        with CaptureQueriesContext(connection) as captured:
            html = client.get(url).content.decode()
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "auditlog_logentry" in q["sql"]]
        return html[html.index('id="history-title"'):], counts

    client.force_login(users["planning_officer"])
    add(49, 0)  # with the entry of its creation: 50, one page
    shown, counts = history(f"/partners/{partner.pk}/")
    assert shown.count('class="history__entry"') == 50 and "History pages" not in shown and counts == []
    add(1, 49)
    shown, counts = history(f"/partners/{partner.pk}/")
    assert shown.count('class="history__entry"') == 50 and "Page 1 of 2 · 51 entries" in shown and len(counts) == 1
    shown, _counts = history(f"/partners/{partner.pk}/?history_page=2")
    assert shown.count('class="history__entry"') == 1 and "Create" in shown
