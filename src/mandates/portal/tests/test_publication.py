"""Only what is published reaches the public: pages, search, JSON, CSV, Excel, bulk download."""
import io
import re

import pytest
from openpyxl import load_workbook

from .urls import public_downloads, public_pages

# Words and amounts that only unpublished, draft, confidential or internal records carry.
SECRETS = re.compile(r"SECRET|HIDDEN|7[ ,.\u202f\u00a0]?777|6[ ,.\u202f\u00a0]?666|5[ ,.\u202f\u00a0]?151|"
                     r"99[ ,.\u202f\u00a0]?999|5[ ,.\u202f\u00a0]?555|12[ ,.\u202f\u00a0]?345|Uganda asks")


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
            leak = SECRETS.search(text)
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
