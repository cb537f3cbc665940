"""Telling people: in-app notifications, e-mails, deadline reminders and the weekly digest."""
import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mandates.core import events, extensions
from mandates.core.audit import acting_as

from .models import Notification, Preference

logger = logging.getLogger(__name__)
DIGEST_EVERY = datetime.timedelta(days=7)


def preference_for(user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def _absolute(url: str) -> str:
    return settings.MANDATES_BASE_URL.rstrip("/") + url if url.startswith("/") else url


def _mail(user, subject: str, body: str) -> bool:
    if not user.email:
        return False
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except Exception:  # a mail server down must not lose the in-app notification
        logger.exception("Could not send a notification e-mail to %s", user.pk)
        return False
    return True


def deliver(kind: str, recipients, title: str, url: str = "", key: str = "") -> list[Notification]:
    """Record and (as each person chose) e-mail one notification per recipient. A ``key`` already
    delivered to a person is not delivered again (reminders run every hour)."""
    made = []
    for person in recipients:
        channel = preference_for(person).channel(kind)
        if channel == Preference.Channel.NONE:
            continue
        try:
            with transaction.atomic():
                note = Notification.objects.create(recipient=person, kind=kind, title=title[:300], url=url[:300],
                                                   key=key[:120])
        except IntegrityError:  # already told
            continue
        if channel == Preference.Channel.EMAIL and _mail(person, f"[Mandates] {title}"[:200],
                                                           f"{title}\n\n{_absolute(url)}\n"):
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        made.append(note)
    return made


def save_preferences(user, *, by, channels: dict, deadline_days, weekly_digest: bool) -> Preference:
    known = events.kinds()
    errors = {}
    unknown = [k for k in channels if k not in known]
    if unknown:
        errors["channels"] = _("Unknown kinds of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)}
    if any(v not in Preference.Channel.values for v in channels.values()):
        errors["channels"] = _("Choose “in Mandates and by e-mail”, “in Mandates only” or “not at all”.")
    try:
        days = int(deadline_days)
    except (TypeError, ValueError):
        days = None
    if days is None or not 1 <= days <= 365:
        errors["deadline_days"] = _("Give a number of days between 1 and 365.")
    if errors:
        raise ValidationError(errors)
    pref = preference_for(user)
    pref.channels, pref.deadline_days, pref.weekly_digest = dict(channels), days, bool(weekly_digest)
    with transaction.atomic(), acting_as(by):
        pref.save()
    return pref


def mark_read(user, pk=None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    return qs.update(read_at=timezone.now())


def send_deadline_reminders(today=None) -> int:
    """Tell each person of the deadlines within their chosen number of days, once before and once
    when passed."""
    from mandates.people.models import User

    today = today or timezone.localdate()
    sent = 0
    prefs = {p.user_id: p for p in Preference.objects.all()}
    for user in User.objects.filter(is_active=True).select_related("work_unit"):
        pref = prefs.get(user.pk) or Preference(user=user)
        for deadline in events.deadlines_for(user, pref.deadline_days):
            passed = deadline.due < today
            title = (_("Overdue since %(date)s: %(title)s") if passed else _("Due %(date)s: %(title)s")) % {
                "date": date_format(deadline.due, "d M Y"), "title": deadline.title}
            sent += len(deliver(deadline.kind, [user], title, deadline.url,
                                key=f"{deadline.key}:{'passed' if passed else 'soon'}"))
    return sent


def send_weekly_digests(now=None) -> int:
    """One e-mail a week to each person who wants it: their unread notifications and what needs
    their attention on the home page."""
    from mandates.people.models import User

    now = now or timezone.now()
    sent = 0
    prefs = {p.user_id: p for p in Preference.objects.all()}
    for user in User.objects.filter(is_active=True).exclude(email=""):
        pref = prefs.get(user.pk) or Preference(user=user)
        if not pref.weekly_digest or (pref.last_digest_at and now - pref.last_digest_at < DIGEST_EVERY):
            continue
        unread = list(Notification.objects.filter(recipient=user, read_at__isnull=True)[:30])
        attention = extensions.attention_for(user)
        if not unread and not attention:
            continue
        lines = [_("Your week in Mandates"), ""]
        if attention:
            lines += [_("Needs your attention:")] + [f"- {i.count} {i.label}: {_absolute(i.url)}" for i in attention] + [""]
        if unread:
            lines += [_("Unread notifications:")] + [f"- {n.title}: {_absolute(n.url)}" for n in unread]
        if _mail(user, _("[Mandates] Your weekly digest"), "\n".join(lines) + "\n"):
            sent += 1
            pref.last_digest_at = now
            pref.save()
    return sent


RETRY_MAIL_FOR = datetime.timedelta(days=2)


def retry_unsent_mail(now=None) -> int:
    """E-mail again the notifications a person wanted by e-mail that could not be sent (the mail server was
    down): the in-app notification was kept, ``emailed_at`` stays empty until a send succeeds. Gives up after
    ``RETRY_MAIL_FOR``; the notification stays in the bell."""
    now = now or timezone.now()
    sent = 0
    pending = (Notification.objects.filter(emailed_at__isnull=True, created_at__gte=now - RETRY_MAIL_FOR)
               .exclude(recipient__email="").select_related("recipient"))
    for note in pending:
        if preference_for(note.recipient).channel(note.kind) != Preference.Channel.EMAIL:
            continue
        if _mail(note.recipient, f"[Mandates] {note.title}"[:200], f"{note.title}\n\n{_absolute(note.url)}\n"):
            Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


def run_scheduled():
    """What the worker runs every hour."""
    retry_unsent_mail()
    send_deadline_reminders()
    send_weekly_digests()
