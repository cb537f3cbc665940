"""Every signed-in role, the donor reader included, reads the treaty pages anonymous visitors read."""
import pytest

from mandates.people.services import create_user

PUBLIC_PAGES = ("/treaties/", "/treaties/instruments/XVIII-12/", "/treaties/status-table/", "/treaties/states/",
                "/treaties/states/BRB/", "/strategy/", "/resolutions/")


@pytest.mark.django_db
def test_no_role_sees_less_than_the_public_on_public_pages(client, untoc, users):
    public = {url: client.get(url).status_code for url in PUBLIC_PAGES}
    assert set(public.values()) == {200}
    people = dict(users)
    people["donor_reader"] = create_user(username="donor", password="x-Pass-12345!", role="donor_reader")
    for role, person in people.items():
        client.force_login(person)
        for url in PUBLIC_PAGES:
            assert client.get(url).status_code == 200, (role, url)
