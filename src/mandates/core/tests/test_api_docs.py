"""The API schema answers JSON as its name says, and the documentation page works with no internet."""
import json
from urllib.parse import urlparse

import pytest


@pytest.mark.django_db
def test_openapi_json_answers_json_without_an_accept_header(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/")
    assert "json" in response["Content-Type"]
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/projects/" in schema["paths"]


@pytest.mark.django_db
def test_docs_page_names_no_cdn_and_no_font_service(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "cdn." not in html and "jsdelivr" not in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # no inline script


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_render_with_the_network_blocked_to_all_but_this_server(live_server, page):
    own = urlparse(live_server.url).netloc
    refused, errors = [], []

    def only_this_server(route):
        if urlparse(route.request.url).netloc == own:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_server)
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".opblock-tag", timeout=30000)
    assert "Mandates API" in page.locator(".info .title").first.inner_text()
    page.wait_for_selector(".opblock-tag", timeout=30000)
    assert page.locator(".opblock").count() > 20
    assert refused == []
    assert errors == []
