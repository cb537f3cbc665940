"""Member-State and donor views: each sees its own, and nothing else, with downloads narrowed alike."""
import csv
import io

import pytest


@pytest.mark.django_db
def test_kenya_sees_kenya_and_nothing_else(client, world):
    client.force_login(world["kenya_user"])
    text = client.get("/open/my/").content.decode()
    # its projects, published or not (the matrix: own country), its request and its status
    for code in ("OPEN1", "HIDDEN1"):
        assert code in text
    assert "OPEN2" not in text  # global, not in Kenya
    assert "AR-KEN-1" in text and "Received" in text
    assert "AR-UGA-1" not in text and "Uganda asks" not in text
    assert "$900" in text  # Kenya's 60 % share of OPEN1's spending
    rows = list(csv.DictReader(io.StringIO(client.get("/open/my/projects.csv").content.decode())))
    assert {r["Code"] for r in rows} >= {"OPEN1", "HIDDEN1"}
    assert "OPEN2" not in {r["Code"] for r in rows}


@pytest.mark.django_db
def test_a_donor_sees_what_it_paid_for(client, world):
    client.force_login(world["donor_user"])
    text = client.get("/open/my/").content.decode()
    assert "SWE-1" in text and "Hard-earmarked" in text
    assert "OPEN1" in text and "$1,000" in text  # what its contribution paid for in OPEN1
    assert "OPEN2" not in text  # not funded by Sweden
    assert "AR-KEN-1" not in text
    data = client.get("/open/my/projects.json").json()
    assert [r["code"] for r in data["rows"]] == [r["code"] for r in data["rows"] if r["code"] != "OPEN2"]
    assert any(r["code"] == "OPEN1" and r["spent_usd"] == "1000.00" for r in data["rows"])


@pytest.mark.django_db
def test_other_people_get_no_scoped_view(client, world, users):
    assert client.get("/open/my/").status_code == 302  # log in first
    client.force_login(users["reader"])
    assert client.get("/open/my/").status_code == 403
    assert client.get("/open/my/projects.csv").status_code == 404


@pytest.mark.django_db
def test_country_page_and_member_state_view_show_the_country_statistics_beside_the_work(client, world):
    from mandates.core.testing import SHARED_DIR
    from mandates.statistics.models import Value
    from mandates.statistics.services import import_path

    path = SHARED_DIR / "data" / "reference" / "crime_statistics" / "owid_homicide_rate_unodc.csv"
    if not path.is_file():
        pytest.skip("the shared statistics folder is not on this machine")
    assert "No statistics have been imported" in client.get("/open/countries/KEN/").content.decode()
    import_path(path)
    latest = Value.objects.filter(area__code="KEN").order_by("-year").first()
    page = client.get("/open/countries/KEN/").content.decode()  # the import dropped the cached page
    assert "Crime and criminal justice statistics" in page and str(latest.year) in page
    assert f"{latest.value:.2f}".rstrip("0").rstrip(".") in page.replace(",", "")
    french = client.get("/fr/open/countries/KEN/").content.decode()
    assert "Statistiques sur la criminalité et la justice pénale" in french
    client.force_login(world["kenya_user"])
    mine = client.get("/open/my/").content.decode()
    assert "Crime and criminal justice statistics" in mine and str(latest.year) in mine
