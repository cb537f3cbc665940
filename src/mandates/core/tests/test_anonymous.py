"""An anonymous visitor on a page that is not public always lands on the login page, which says why."""
import pytest

pytestmark = pytest.mark.django_db

# pages that refuse anonymous visitors in different ways (PermissionDenied, guard, login_required)
STAFF_PAGES = ["/results/values/pending/", "/finance/", "/jobs/", "/accounts/me/"]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_anonymous_visitor_is_sent_to_login_with_a_reason(client, url):
    response = client.get(url)
    assert response.status_code == 302, url
    assert response["Location"].startswith("/accounts/login/?next=")
    page = client.get(response["Location"]).content.decode()
    assert "not public: log in to see it" in page


def test_signed_in_person_without_the_right_gets_403_not_a_login_loop(client, users):
    client.force_login(users["reader"])
    assert client.get("/results/values/pending/").status_code == 403


def test_api_keeps_answering_401_or_403(client):
    assert client.get("/api/v1/assistance-requests/").status_code in (401, 403)
