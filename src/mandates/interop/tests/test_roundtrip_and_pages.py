"""Round trips (export -> import; real sample -> import -> export) and the pages and panels."""
import io
from decimal import Decimal

import pytest
from lxml import etree

from mandates.core.testing import SHARED_DIR
from mandates.interop import export, reader, records
from mandates.interop.models import ExternalActivity, ImportRecord
from mandates.interop.selectors import identifier_of, public_projects, sector_for
from mandates.interop.services import import_file

pytestmark = pytest.mark.django_db
SAMPLES = SHARED_DIR / "data" / "iati" / "samples"


def test_export_then_import_gives_back_the_same_records(demo, tmp_path):
    path = tmp_path / "unodc.xml"
    export.write_activities(str(path))
    record = import_file(path)
    assert record.outcome == "done" and record.refused == 0
    projects = list(public_projects().prefetch_related("locations__country", "results"))
    assert record.stored == len(projects)
    tree = etree.parse(str(path))
    for project in projects:
        activity = ExternalActivity.objects.get(identifier=identifier_of(project))
        assert activity.reporting_org_ref == "XM-DAC-41128"
        assert activity.title == project.title
        assert activity.planned_start == project.start_date and activity.planned_end == project.end_date
        assert {c.code for c in activity.countries.all()} == {
            loc.country.iso2 for loc in project.locations.all() if loc.country_id}
        assert {s.code for s in activity.sectors.all()} == {sector_for(n.code) for n in project.results.all()} or \
            not project.results.exists()
        shares = [s.percentage for s in activity.sectors.all()]
        assert len(shares) == 1 or sum(shares) == 100
        element = next(e for e in tree.getroot() if e.findtext("iati-identifier") == activity.identifier)
        assert sum((b.value for b in activity.budgets.all()), Decimal(0)) == sum(
            (Decimal(v.text) for v in element.findall("budget/value")), Decimal(0))
        assert sorted((t.type, t.date, t.value) for t in activity.transactions.all()) == sorted(
            (t.find("transaction-type").get("code"), records.parse_date(t.find("transaction-date").get("iso-date")), Decimal(t.findtext("value")))
            for t in element.findall("transaction"))


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared IATI samples")
def test_a_real_sample_imported_then_exported_is_schema_valid(m49, tmp_path):
    import_file(SAMPLES / "usaid-798_US-GOV-1.xml")
    out = io.BytesIO()
    export.write_external(out, ExternalActivity.objects.all())
    tree = etree.fromstring(out.getvalue())
    assert len(tree) == ExternalActivity.objects.count() > 100
    schema = reader.schema("iati-activity")
    assert schema.validate(tree), schema.error_log


def test_pages_and_downloads(demo, client):
    from mandates.people.models import User

    response = client.get("/open-data/iati/activities.xml")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert etree.fromstring(body).tag == "iati-activities"
    assert client.get("/open-data/").status_code == 200
    assert client.get("/open-data/imports/").status_code in (302, 403)
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/open-data/imports/").status_code == 200


def test_upload_stores_and_refuses_with_reasons(demo, client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mandates.people.models import User

    client.force_login(User.objects.get(username="admin"))
    good = SimpleUploadedFile("mine.xml", b'<?xml version="1.0"?><iati-activities version="1.03"/>')
    response = client.post("/open-data/imports/", {"file": good}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/jobs/")  # a background job, its page
    assert "1.x version" in response.content.decode()
    record = ImportRecord.objects.get(file_name="mine.xml")
    assert record.outcome == "refused" and record.by.username == "admin"
    reader_user = User.objects.filter(role="reader").first()
    client.force_login(reader_user)
    assert client.post("/open-data/imports/", {"file": SimpleUploadedFile("x.xml", b"<a/>")}).status_code == 403


def test_coordination_panels_and_plan_count(demo, client):
    from mandates.geography.models import Country
    from mandates.interop.models import ExternalCountry, ExternalSector
    from mandates.people.models import User

    project = public_projects().filter(locations__country__isnull=False, results__isnull=False).first()
    country = project.locations.filter(country__isnull=False).first().country
    code = sector_for(project.results.first().code)
    other = ExternalActivity.objects.create(identifier="XM-DAC-41114-TEST-1", reporting_org_ref="XM-DAC-41114",
                                            reporting_org_name="UNDP", title="Justice reform support",
                                            names_office=True)
    ExternalCountry.objects.create(activity=other, code=country.iso2, country=country)
    ExternalSector.objects.create(activity=other, code=code)
    elsewhere = ExternalActivity.objects.create(identifier="XM-DAC-41114-TEST-2", reporting_org_ref="XM-DAC-41114",
                                                title="Roads elsewhere")
    ExternalCountry.objects.create(activity=elsewhere, code="ZZ")
    ExternalSector.objects.create(activity=elsewhere, code=code)
    client.force_login(User.objects.get(username="admin"))
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Others working here on the same sectors" in page
    assert "Justice reform support" in page and "Roads elsewhere" not in page
    page = client.get(f"/countries/{country.iso3}/").content.decode()
    assert "Justice reform support" in page and "partnership" in page
    plan = client.get(f"/results/plan/?period={project.strategy_period.code}").content.decode()
    assert "+1 other publisher" in plan
    assert Country.objects.count() > 200


def test_partnerships_list(db, client):
    ExternalActivity.objects.create(identifier="SE-0-1", title="With the office", names_office=True,
                                    issues=[{"severity": "error", "line": 7, "message": "11.1.2 dates"}])
    ExternalActivity.objects.create(identifier="SE-0-2", title="Without")
    page = client.get("/open-data/activities/?partnerships=1").content.decode()
    assert "With the office" in page and "Without" not in page
    assert "1 naming the office" in client.get("/open-data/").content.decode()
    detail = client.get(f"/open-data/activities/{ExternalActivity.objects.get(identifier='SE-0-1').pk}/")
    assert "11.1.2 dates" in detail.content.decode()


def test_coordination_for_a_region_counts_countries_and_region_wide_activities(demo, client, django_assert_max_num_queries):
    from mandates.interop.models import ExternalCountry, ExternalRegion, ExternalSector
    from mandates.people.models import User

    project = public_projects().filter(locations__country__sub_region__isnull=False, results__isnull=False).first()
    country = project.locations.filter(country__isnull=False).first().country
    region, sub_region = country.region, country.sub_region
    code = sector_for(project.results.first().code)
    in_country = ExternalActivity.objects.create(identifier="XM-DAC-41114-R-1", reporting_org_ref="XM-DAC-41114",
                                                 reporting_org_name="UNDP", title="Border management support")
    ExternalCountry.objects.create(activity=in_country, code=country.iso2, country=country)
    ExternalSector.objects.create(activity=in_country, code=code)
    region_wide = ExternalActivity.objects.create(identifier="GB-GOV-1-R-2", reporting_org_ref="GB-GOV-1",
                                                  title="Regional justice facility", names_office=True)
    ExternalRegion.objects.create(activity=region_wide, vocabulary="2", code=sub_region.m49_code)
    ExternalSector.objects.create(activity=region_wide, code=code)
    other_sector = ExternalActivity.objects.create(identifier="GB-GOV-1-R-3", title="Roads in the region")
    ExternalCountry.objects.create(activity=other_sector, code=country.iso2, country=country)
    ExternalSector.objects.create(activity=other_sector, code="21020")
    client.force_login(User.objects.get(username="admin"))
    for area in (sub_region, region):
        with django_assert_max_num_queries(20):
            page = client.get(f"/open-data/coordination/?area={area.m49_code}").content.decode()
        assert "Border management support" in page and "Roads in the region" not in page
        assert "Regional justice facility" in page and "partnership" in page
        assert project.code in page and country.name in page
    # the country page points to its sub-region's view
    assert f"/open-data/coordination/?area={sub_region.m49_code}" in client.get(f"/countries/{country.iso3}/").content.decode()
    assert client.get("/open-data/coordination/?area=ZZZ").status_code == 400
    assert client.get("/open-data/coordination/").status_code == 200


def test_the_open_data_count_is_kept_until_a_project_changes(demo, client, settings):
    """The published-projects count of /open-data/ (asked by every visitor, not in the page cache) is computed
    once per data version (core.shared_figures): not counted again, and a project withdrawn shows at once."""
    import re

    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandates.portfolio.services import update_project

    settings.SHARED_FIGURES = True
    cache.clear()

    def shown() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/open-data/").content.decode()
        counted = sum('FROM "portfolio_project"' in q["sql"] and "COUNT(" in q["sql"] for q in queries)
        return int(re.search(r"(\d+) published project", page).group(1)), counted

    first, counted = shown()
    assert first == public_projects().count() > 0 and counted == 1
    assert shown() == (first, 0)
    withdrawn = public_projects().order_by("code").first()
    update_project(withdrawn, by=demo["admin"], is_public=False)
    assert shown() == (first - 1, 1) and public_projects().count() == first - 1
