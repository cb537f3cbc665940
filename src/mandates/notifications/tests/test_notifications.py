"""Notifications: events from the domain apps reach the right people in the bell and by e-mail as
each chose; deadline reminders once; the weekly digest; a real SMTP server; bad preferences."""
import datetime
import socket

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mandates.notifications import services
from mandates.notifications.models import Notification, Preference
from mandates.results import services as results
from mandates.results.tests.conftest import build, strategy  # noqa: F401  (fixtures)


@pytest.fixture
def laws(strategy, users):  # noqa: F811
    return results.save_indicator(by=users["planning_officer"], result=strategy["1.1.2"], kind="number",
                                  unit="States", title="States with legislation", aggregation="latest",
                                  targets={2009: 10})


def _emails(users):
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()


def test_value_submitted_then_returned_and_approved_tell_the_right_people(client, users, laws):
    _emails(users)
    pm, planner = users["programme_manager"], users["planning_officer"]
    Preference.objects.create(user=users["administrator"], channels={"results.value_submitted": "none"})
    value = results.record_value(laws, by=pm, year=2009, value=4)
    told = Notification.objects.filter(kind="results.value_submitted")
    assert set(told.values_list("recipient__username", flat=True)) == {planner.username}
    assert [m.to for m in mail.outbox] == [[planner.email]] and "waits for approval" in mail.outbox[0].subject

    Preference.objects.create(user=pm, channels={"results.value_returned": "app"})
    results.review_value(value, by=planner, action="return", comment="Give the source")
    returned = Notification.objects.get(kind="results.value_returned")
    assert returned.recipient == pm and "Give the source" in returned.title and returned.emailed_at is None
    assert len(mail.outbox) == 1  # in Mandates only, as chosen

    results.record_value(laws, by=pm, year=2009, value=5)  # corrected: resubmitted
    value.refresh_from_db()
    results.review_value(value, by=planner, action="approve")
    approved = Notification.objects.get(kind="results.value_approved")
    assert approved.recipient == pm and mail.outbox[-1].to == [pm.email]

    client.force_login(pm)
    assert reverse("notifications:unread") in client.get("/").content.decode()  # the bell loads its count
    assert '<span class="bell__count" title="2 unread notifications">2</span>' in client.get(
        reverse("notifications:unread")).content.decode()
    response = client.get(reverse("notifications:open", args=[approved.pk]))
    assert response["Location"] == approved.url
    assert ">1</span>" in client.get(reverse("notifications:unread")).content.decode()


def test_deadline_reminders_come_once_before_and_once_when_passed(users, db):
    from mandates.resolutions import services as resolutions
    from mandates.resolutions.tests.conftest import seed_text

    resolution = resolutions.import_resolution(seed_text("003"), symbol="A/RES/64/179", body="GA",
                                               date="2009-12-18", by=users["planning_officer"], suggest=False)
    paragraph = resolution.paragraphs.filter(kind="operative").first()
    today = timezone.localdate()
    ob = resolutions.save_obligation(by=users["planning_officer"], paragraph=paragraph, kind="report",
                                     actor="the Secretary-General", deadline=today + datetime.timedelta(days=10))
    planner = users["planning_officer"]
    Preference.objects.create(user=planner, deadline_days=5)

    def told():
        return list(Notification.objects.filter(recipient=planner, key__startswith=f"obligation:{ob.pk}:")
                    .order_by("pk").values_list("title", flat=True))

    services.send_deadline_reminders(today)
    assert told() == []  # 10 days away, the planner asked for 5
    assert Notification.objects.filter(recipient=planner, title__startswith="Overdue since").exists()  # the import's
    Preference.objects.filter(user=planner).update(deadline_days=30)
    services.send_deadline_reminders(today)
    services.send_deadline_reminders(today)
    assert len(told()) == 1 and told()[0].startswith("Due ")  # once, not twice
    services.send_deadline_reminders(today + datetime.timedelta(days=11))
    assert len(told()) == 2 and told()[1].startswith("Overdue since")


def test_weekly_digest_once_a_week(users, laws):
    _emails(users)
    results.record_value(laws, by=users["programme_manager"], year=2009, value=4)
    mail.outbox.clear()
    now = timezone.now()
    assert services.send_weekly_digests(now) >= 1
    digest = next(m for m in mail.outbox if m.to == [users["planning_officer"].email])
    assert "weekly digest" in digest.subject and "waiting for your approval" in digest.body
    assert services.send_weekly_digests(now + datetime.timedelta(days=2)) == 0
    assert services.send_weekly_digests(now + datetime.timedelta(days=8)) >= 1


def test_a_notification_goes_through_a_real_smtp_server(settings, users, db):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        user = users["programme_manager"]
        user.email = "pm@example.org"
        user.save()
        services.deliver("assistance.assigned", [user], "Request R-1 was assigned to your unit", "/assistance/1/")
    finally:
        controller.stop()
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "pm@example.org" and "Request R-1 was assigned" in message["Subject"]
    assert "/assistance/1/" in message.get_payload(decode=True).decode()
    assert Notification.objects.get(recipient=user).emailed_at is not None


def test_preferences_page_saves_choices_and_refuses_bad_ones(client, users, db):
    client.force_login(users["programme_manager"])
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "A request for assistance is assigned to my unit" in page
    bad = client.post(url, {"deadline_days": "0", "kind:assistance.assigned": "email"})
    assert bad.status_code == 200 and "greater than or equal to 1" in bad.content.decode()
    bad = client.post(url, {"deadline_days": "30", "kind:assistance.assigned": "sms"})
    assert "Select a valid choice" in bad.content.decode()
    assert not Preference.objects.exists()
    from mandates.core import events

    choices = {f"kind:{kind}": "email" for kind in events.kinds()}
    ok = client.post(url, {**choices, "deadline_days": "14", "kind:assistance.assigned": "none"}, follow=True)
    assert "were saved" in ok.content.decode()
    pref = Preference.objects.get(user=users["programme_manager"])
    assert (pref.deadline_days, pref.weekly_digest, pref.channel("assistance.assigned")) == (14, False, "none")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.save_preferences(users["reader"], by=users["reader"], channels={"nope": "email"},
                                  deadline_days=10, weekly_digest=True)


def test_activity_end_reminders_follow_the_managers_choices(users, build, units):  # noqa: F811
    """An activity of the manager's unit ending soon, with no delivery: reminded within the chosen
    days, once before and once when passed; someone who chose "not at all" is not told."""
    from mandates.results.reminders import KIND

    today = timezone.localdate()
    project = build.project("XEAK09", units["ROEA"], end=today + datetime.timedelta(days=200))
    output = build.output(build.outcome(project))
    activity = build.activity(output, code="A9", end=today + datetime.timedelta(days=20))
    manager = users["programme_manager"]
    Preference.objects.create(user=manager, deadline_days=10)

    def told():
        return list(Notification.objects.filter(recipient=manager, key__startswith=f"activity:{activity.pk}:")
                    .order_by("pk").values_list("title", flat=True))

    services.send_deadline_reminders(today)
    assert told() == []  # 20 days away, the manager asked for 10
    Preference.objects.filter(user=manager).update(deadline_days=30)
    services.send_deadline_reminders(today)
    services.send_deadline_reminders(today)
    assert len(told()) == 1 and "A9" in told()[0] and told()[0].startswith("Due ")
    Preference.objects.filter(user=manager).update(channels={KIND: "none"})
    services.send_deadline_reminders(today + datetime.timedelta(days=25))
    assert len(told()) == 1  # the manager chose not to be told any more
    assert not Notification.objects.filter(recipient=users["programme_manager_hq"], kind=KIND).exists()  # not their unit

