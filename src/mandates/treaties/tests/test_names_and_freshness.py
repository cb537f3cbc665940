"""Titles give the Convention's name (short names only where space is short, with the name as abbr),
and a page whose data stops before the chosen date says so."""
import pytest

pytestmark = pytest.mark.django_db


def test_instrument_page_is_titled_with_the_full_name(client, untoc):
    html = client.get("/treaties/instruments/XVIII-12/").content.decode()
    name = "United Nations Convention against Transnational Organized Crime"
    assert f"<title>{name}" in html
    assert f"<h1>{name} " in html
    assert f'<abbr title="{name}">UNTOC</abbr>' in client.get("/treaties/").content.decode()


def test_today_status_says_the_data_stops_earlier(client, untoc):
    from mandates.treaties.models import Instrument

    untoc_ = Instrument.objects.get(code="XVIII-12")
    assert untoc_.status_date is not None
    last = untoc_.status_date.strftime("%-d %B %Y")
    for url in ("/treaties/instruments/XVIII-12/", "/treaties/", "/treaties/status-table/"):
        html = client.get(url).content.decode()
        assert f"Data as of {last}" in html, url
    # as at a date the data covers, no such notice
    html = client.get("/treaties/instruments/XVIII-12/?as_of=2009-05-31").content.decode()
    assert "Data as of" not in html
