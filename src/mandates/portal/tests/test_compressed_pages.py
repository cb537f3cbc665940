"""Anonymous portal pages are compressed once when kept and served gzipped to clients that accept it (BREACH:
they carry no secret); a signed-in person's pages, and pages with a CSRF token, never are."""
import gzip

import pytest

from mandates.core.page_cache import HEADER
from mandates.portal.cache import accepts_gzip

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}  # what locust's client (python-requests) sends
URLS = ["/open/", "/open/projects/", "/open/projects/?country=KEN", "/open/projects/OPEN1/", "/open/countries/KEN/",
        "/fr/open/countries/KEN/", "/open/programmes/", "/open/search/?q=court"]


@pytest.fixture
def kept(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mandates.core.page_cache.PrivatePageCacheMiddleware"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_visitors_page_is_the_same_gzipped_or_not_and_carries_no_secret(client, world, url):
    plain = client.get(url)  # computed and kept, then served as is to a client that does not accept gzip
    assert plain.status_code == 200 and "Content-Encoding" not in plain
    packed = client.get(url, **GZIP)
    assert packed[HEADER] == "hit" and packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content and len(packed.content) < len(plain.content)
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]  # a shared cache must not give one to the other
    assert client.get(url)[HEADER] == "hit" and client.get(url).content == plain.content  # a hit, decompressed
    body = plain.content.lower()
    assert b"csrf" not in body and b"csrftoken" not in plain.cookies  # no token, no cookie: nothing secret
    assert not plain.cookies and b"log out" not in body


@pytest.mark.django_db
def test_the_first_reader_who_accepts_gzip_gets_it_too(client, world):
    first = client.get("/open/", **GZIP)
    assert HEADER not in first and first["Content-Encoding"] == "gzip"
    assert gzip.decompress(first.content) == client.get("/open/").content


@pytest.mark.django_db
def test_a_client_that_refuses_gzip_gets_the_page_as_is(client, world):
    client.get("/open/", **GZIP)
    for refusal in ("gzip;q=0", "identity", "br", "gzip;q=0, *", "gzip;q=0.0, deflate"):
        response = client.get("/open/", HTTP_ACCEPT_ENCODING=refusal)
        assert response[HEADER] == "hit" and "Content-Encoding" not in response, refusal
        assert response.content.startswith(b"<!DOCTYPE html>")


@pytest.mark.django_db
def test_a_signed_in_persons_portal_page_is_never_compressed(client, world, kept):
    client.force_login(world["donor_user"])
    for url in ("/open/", "/open/my/", "/open/countries/KEN/"):
        for _ in range(2):  # stored, then hit
            response = client.get(url, **GZIP)
            assert response.status_code == 200 and "Content-Encoding" not in response, url
            assert response.content.lstrip().startswith(b"<!DOCTYPE html>")


@pytest.mark.django_db
def test_the_open_data_page_carries_a_csrf_token_and_is_not_compressed(client, world, kept):
    for _ in range(2):  # stored, then hit (core.page_cache keeps it for visitors)
        response = client.get("/open-data/", **GZIP)
        assert b"csrfmiddlewaretoken" in response.content and "Content-Encoding" not in response


def test_accept_encoding_is_read_with_its_qualities():
    assert accepts_gzip("gzip, deflate, br") and accepts_gzip("GZIP") and accepts_gzip("br;q=1.0, gzip;q=0.8")
    assert accepts_gzip("*") and accepts_gzip("x-gzip") and accepts_gzip(" deflate , gzip ; q=0.5")
    assert not accepts_gzip("") and not accepts_gzip("identity") and not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("gzip;q=0, *") and not accepts_gzip("*;q=0") and not accepts_gzip("gzip;q=abc")
