"""A project's places in one order on every database: countries by name, then regions by M49 code (SQLite sorts a
missing country first and PostgreSQL last; ``ProjectLocation.ORDER`` says which), on the page's rows, the API's rows
and the IATI export's rows alike."""
import pytest

from mandates.interop.export_rows import _read_parts
from mandates.portfolio import api_rows, selectors
from mandates.portfolio.models import Project, ProjectLocation

from .conftest import area, country


@pytest.mark.django_db
def test_countries_come_before_regions_on_every_database(make_project):
    project = make_project("GLOX01", locations=[{"area": area("014")}, {"country": country("SOM")},
                                                {"country": country("KEN")}, {"area": area("002")}])
    expected = ["KEN", "SOM", "002", "014"]

    def names(locations):
        return [loc.country.iso3 if loc.country_id else loc.area.m49_code for loc in locations]

    assert names(ProjectLocation.objects.filter(project=project)) == expected  # the model's own order
    assert names(selectors.with_logframe(Project.objects.get(pk=project.pk)).locations.all()) == expected
    assert names(selectors.project_list_rows().get(pk=project.pk).locations.all()) == expected
    row = api_rows.project_data(api_rows.project_values(Project.objects.filter(pk=project.pk)))[0]
    assert [place.get("country") or place.get("area") for place in row["locations"]] == expected
    exported = _read_parts([project.pk])["locations"][project.pk]
    assert [loc.iso2 or loc.m49_code for loc in exported] == ["KE", "SO", "002", "014"]
