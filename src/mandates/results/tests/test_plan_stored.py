"""The stored plan summaries (``plan.stored``): read only while nothing has been written since they were
computed, rebuilt by the background task a write queues, never stored by a filtered reader (a region, country,
work-unit or theme filter reads the current one: ``test_plan_filtered``); written and read by a binary ``COPY``
on PostgreSQL."""
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mandates.results import services
from mandates.results.models import PlanSummary
from mandates.results.plan import stored
from mandates.results.plan.stored import version

from .test_plan import portfolio  # noqa: F401 (the plan tests' portfolio fixture)


def _no_indicator_count(client, url="/results/plan/?period=2008-2011"):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    start = page.index("No indicator: ") + len("No indicator: ")
    return int(page[start:page.index("<", start)]), len(queries)


def test_a_write_through_a_service_shows_on_the_next_page_stored_or_not(
        portfolio, strategy, users, client, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(users["planning_officer"])
    before, live = _no_indicator_count(client)
    (summary,) = PlanSummary.objects.all()
    assert summary.scope == "all" and summary.version == version()
    again, from_store = _no_indicator_count(client)
    assert again == before and from_store < live  # read back, not computed again

    # A write: the stored summary is out of date, so the next page computes the plan (the new figure).
    services.save_indicator(by=users["planning_officer"], result=strategy["1.1.1"], title="Laws adopted")
    assert PlanSummary.objects.get().version != version()
    after, _ = _no_indicator_count(client)
    assert after == before - 1

    # The write's audit entry queues the refresh (run at once by the tests' task backend): the next
    # reader finds a current summary with the new figure.
    with django_capture_on_commit_callbacks(execute=True):
        services.save_indicator(by=users["planning_officer"], result=strategy["1.1.2"], title="Cases heard")
    assert PlanSummary.objects.get().version == version()
    refreshed, queries = _no_indicator_count(client)
    assert refreshed == before - 2 and queries <= from_store

    # The API's summary is stored apart (it lists more per result) and agrees.
    body = client.get("/api/v1/implementation-plan?period=2008-2011").json()
    assert body["totals"]["gaps"]["no_indicator"] == refreshed and PlanSummary.objects.count() == 2


def test_a_statistics_import_which_leaves_no_audit_entry_also_dates_the_stored_summary(
        portfolio, users, client):  # noqa: F811
    """Statistics imports are not audited (each is an ImportRun) and give linked indicators their
    actuals: their stamp is part of the data version."""
    from mandates.statistics.models import ImportRun

    client.force_login(users["planning_officer"])
    _no_indicator_count(client)
    assert PlanSummary.objects.get().version == version()
    ImportRun.objects.create(file_name="wdi.csv", sha256="0" * 64, layout="wdi", collection="wdi")
    assert PlanSummary.objects.get().version != version()


def test_a_filtered_reader_stores_no_summary(portfolio, users, client):  # noqa: F811
    client.force_login(users["planning_officer"])
    assert client.get("/results/plan/?period=2008-2011&as_of=2009-06-30").status_code == 200
    assert client.get("/results/plan/?period=2008-2011&country=KEN").status_code == 200
    assert not PlanSummary.objects.exists()
    # a year is stored as the whole period is: its own summary, as at the end of that year
    assert client.get("/results/plan/?period=2008-2011&year=2009").status_code == 200
    assert list(PlanSummary.objects.values_list("year", "as_of")) == [(2009, date(2009, 12, 31))]


def test_audit_entries_written_in_bulk_also_queue_the_refresh(
        portfolio, users, client, django_capture_on_commit_callbacks):  # noqa: F811
    """A bulk import writes its audit entries with COPY / executemany (no post_save): its one
    ``audited_in_bulk`` signal queues the refresh as a saved entry would."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from mandates.core.bulk import audited_in_bulk
    from mandates.portfolio.models import Project

    client.force_login(users["planning_officer"])
    _no_indicator_count(client)
    project = Project.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        LogEntry.objects.bulk_create([LogEntry(content_type=ContentType.objects.get_for_model(Project),
                                               object_pk=str(project.pk), object_id=project.pk,
                                               object_repr=str(project), action=LogEntry.Action.UPDATE)])
        assert PlanSummary.objects.get().version != version()
        audited_in_bulk.send(sender=Project, count=1)
    assert PlanSummary.objects.get().version == version()


def _row(period, **more):
    return {"period_id": period.pk, "scope": "all", "shown": "{}", "as_of": date(2011, 12, 31), "version": "7:0",
            "data": bytes(range(256)) * 40, "index": None, **more}


@pytest.mark.django_db
def test_the_bytes_come_back_as_they_went_in(strategy):  # on PostgreSQL by a binary COPY
    period = strategy["period"]
    stored._insert(PlanSummary, **_row(period, index=b"\x00\\x5c\n" * 1000))
    found = stored._first(PlanSummary.objects.filter(period=period), "version", "data", "index")
    assert found == ("7:0", bytes(range(256)) * 40, b"\x00\\x5c\n" * 1000)
    assert stored._first(PlanSummary.objects.filter(period=period, version="8:0"), "data") is None


@pytest.mark.django_db
def test_a_null_index_reads_as_none(strategy):
    stored._insert(PlanSummary, **_row(strategy["period"]))
    assert stored._first(PlanSummary.objects.all(), "index") == (None,)


@pytest.mark.django_db
def test_the_same_summary_twice_is_a_django_integrity_error(strategy):
    """``store`` catches Django's DatabaseError (two readers storing at once): the COPY's psycopg error is wrapped."""
    stored._insert(PlanSummary, **_row(strategy["period"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        stored._insert(PlanSummary, **_row(strategy["period"]))
    assert PlanSummary.objects.count() == 1
