"""The home page shows each role what needs attention, counted as the linked pages count it, in a
bounded number of queries."""
import re

import pytest
from django.core.management import call_command

from mandates.core import extensions
from mandates.people.models import User


def _count_on_page(response):
    """How many items the linked page lists (its paginator, or the follow-up page's items)."""
    context = response.context
    if "page_obj" in context and context["page_obj"] is not None:
        return context["page_obj"].paginator.count
    if "at_risk" in context:
        return len(context["at_risk"])
    return len(list(context["items"]))


@pytest.fixture
def demo(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_each_role_sees_what_needs_attention_counted_as_on_the_linked_pages(
        client, demo, django_assert_max_num_queries):
    seen = {}
    for username in ("planner", "pm.nairobi", "finance", "kenya"):
        user = User.objects.get(username=username)
        client.force_login(user)
        with django_assert_max_num_queries(40):
            page = client.get("/")
        html = page.content.decode()
        assert page.status_code == 200 and "Needs your attention" in html
        items = extensions.attention_for(user)
        urgencies = [i.urgency for i in items]
        assert urgencies == sorted(urgencies), "the most urgent first"
        for item in items:
            # Each item is one click from where it is done, and the page counts the same items.
            assert f'href="{item.url.replace("&", "&amp;")}"' in html
            assert re.search(rf'<span class="attention__count">{item.count}</span> {re.escape(item.label)}', html)
            linked = client.get(item.url)
            assert linked.status_code == 200, item.url
            assert _count_on_page(linked) == item.count, (username, item.label)
        seen[username] = {i.label for i in items}
    assert any("waiting for your approval" in label for label in seen["planner"])
    assert any("obligations" in label for label in seen["planner"])
    assert any("reserve" in label for label in seen["finance"]) or seen["finance"] == set()
    assert not any("approval" in label for label in seen["kenya"])


def test_anonymous_visitors_get_no_attention_list(client, db):
    assert "Needs your attention" not in client.get("/").content.decode()
