"""Only what is published reaches the public: pages, search, JSON, CSV, Excel, bulk download."""
import io
import re

import pytest
from openpyxl import load_workbook

from .urls import public_downloads, public_pages

# Words and amounts that only unpublished, draft, confidential or internal records carry.
SECRETS = re.compile(r"SECRET|HIDDEN|7[ ,.\u202f\u00a0]?777|6[ ,.\u202f\u00a0]?666|5[ ,.\u202f\u00a0]?151|"
                     r"99[ ,.\u202f\u00a0]?999|5[ ,.\u202f\u00a0]?555|12[ ,.\u202f\u00a0]?345|Uganda asks")


# The IATI activity file publishes unliquidated obligations as outgoing commitments (transaction
# type 2), as UN publishers do; the portal's pages and tables count only spending. So the obligation's
# amount (12,345.67) is expected there and nowhere else.
IATI_SECRETS = re.compile(SECRETS.pattern.replace(r"|12[ ,.\u202f\u00a0]?345", ""))


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row)
    return content.decode()


@pytest.mark.django_db
def test_no_unpublished_record_reaches_any_public_page_or_download(client, world):
    urls = public_pages(world) + public_downloads(world)
    assert len(urls) > 80
    for url in urls:
        for prefix in ("", "/fr"):
            response = client.get(prefix + url)
            assert response.status_code == 200, (prefix + url, response.status_code)
            text = body_text(response)
            leak = (IATI_SECRETS if "iati-activities" in url else SECRETS).search(text)
            assert leak is None, f"{prefix}{url} shows {leak.group(0)!r}"
    # The published records do appear, so the walk looked at real content.
    assert "OPEN1" in client.get("/open/projects/").content.decode()
    assert "Judges trained in fair trials" in client.get("/open/projects/OPEN1/").content.decode()


@pytest.mark.django_db
def test_unpublished_projects_and_programmes_answer_not_found(client, world):
    for project in world["hidden"]:
        response = client.get(f"/open/projects/{project.code}/")
        assert response.status_code == 404
        assert project.title not in response.content.decode()
    assert client.get("/open/programmes/HIDDENPRG/").status_code == 404


@pytest.mark.django_db
def test_publishing_a_project_shows_it_and_invalidates_the_cache(client, world):
    hidden = world["hidden"][0]
    assert hidden.code not in client.get("/open/projects/").content.decode()
    hidden.is_public = True
    hidden.save()
    assert hidden.code in client.get("/open/projects/").content.decode()
    hidden.is_public = False
    hidden.save()
    assert hidden.code not in client.get("/open/projects/").content.decode()


@pytest.mark.django_db
def test_the_portal_iati_download_is_schema_valid_follows_the_filters_and_links_to_public_pages(client, world):
    from lxml import etree

    from mandates.core.testing import SHARED_DIR

    xsd = SHARED_DIR / "data" / "iati" / "schema-2.03" / "iati-activities-schema.xsd"
    if not xsd.is_file():
        pytest.skip("the shared IATI folder is not on this machine")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    response = client.get("/open/download/iati-activities.xml")
    assert response.streaming and response["Content-Type"].startswith("application/xml")
    tree = etree.fromstring(b"".join(response.streaming_content), parser)
    assert schema.validate(tree), schema.error_log
    identifiers = tree.xpath("//iati-identifier/text()")
    assert identifiers == ["XM-DAC-41128-OPEN1", "XM-DAC-41128-OPEN2"]  # never HIDDEN1-3
    links = tree.xpath("//document-link/@url")
    assert links and all("/open/projects/OPEN" in url for url in links)  # the public page, not the staff one
    # Spending reconciles with the portal's own table for the same filter, to the cent.
    from decimal import Decimal

    from mandates.portal.filters import parse
    from mandates.portal.selectors.figures import compute

    for query, expected in (("", ["XM-DAC-41128-OPEN1", "XM-DAC-41128-OPEN2"]),
                            (f"country={world['uga'].iso3}", [])):
        filtered = etree.fromstring(b"".join(client.get(f"/open/download/iati-activities.xml?{query}")
                                             .streaming_content), parser)
        if query:
            assert [i for i in filtered.xpath("//iati-identifier/text()") if i in expected] == expected
    spent = sum(Decimal(v) for v in tree.xpath("//transaction[transaction-type/@code='4']/value/text()"))
    assert spent == compute(parse({})).total_spent
    # A bad filter is a 400 that says why, not a file.
    assert client.get("/open/download/iati-activities.xml?country=XX1").status_code == 400
