"""A research officer, in a real browser, tried as a new user would: imports two real files through the
page (and a file with a banner line, refused with its line), opens the homicide rate for 2015 on the map,
reads the world figure with its coverage, downloads the view and opens Kenya's trend."""
import csv
import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import shared_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_map_download_and_trend(live_server, page, users, tmp_path):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()

    banner = tmp_path / "banner.csv"
    banner.write_text("UNODC,unodc_ddds@un.org\n16/05/2024\n" + shared_file("owid_homicide_rate_unodc.csv")
                      .read_text(encoding="utf-8"))
    page.goto(f"{base}/statistics/imports/")
    page.set_input_files("#id_files", [str(banner)])
    page.get_by_role("button", name="Import").click()
    expect(page.locator("body")).to_contain_text("banner.csv: nothing was imported")
    expect(page.locator("body")).to_contain_text("line 2: 2 line(s) above the header")

    page.set_input_files("#id_files", [str(shared_file("owid_homicide_rate_unodc.csv")),
                                       str(shared_file("homicide_gsh2019_annex/regional_homicide_estimates_1990_2017.csv"))])
    page.get_by_role("button", name="Import").click()
    expect(page.locator("body")).to_contain_text("owid_homicide_rate_unodc.csv: 4885 rows, 4885 new")

    page.goto(f"{base}/statistics/")
    option = page.locator("#id_series option").filter(has_text=re.compile(r"Our World in Data")).first
    page.select_option("#id_series", value=option.get_attribute("value"))
    page.select_option("#id_year", "2015")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#stats-map")).to_have_attribute("data-drawn", re.compile(r"^[1-9]\d\d$"))
    assert page.locator("#stats-map-canvas path.q4").count() > 10
    world = page.locator("tr", has=page.locator("th", has_text=re.compile(r"^World$")))
    expect(world).to_contain_text(re.compile(r"\d+ of 24\d"))
    expect(world).to_contain_text("Global Study on Homicide 2019")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8-sig").read())))
    kenya = next(r for r in rows if r[1] == "KEN")
    table_kenya = page.locator("tr", has=page.get_by_role("link", name="Kenya", exact=True))
    expect(table_kenya).to_contain_text(kenya[10][:4])

    page.get_by_role("link", name="Kenya", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kenya")
    expect(page.locator("#stats-trend")).to_have_attribute("data-drawn", re.compile(r"^\d+$"))
    expect(page.locator("body")).to_contain_text("owid_homicide_rate_unodc.csv")
