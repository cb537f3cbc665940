"""“Changed since your last visit”: the changes other people made, since the person's previous
sign-in, to what they follow (the rows each domain registers with ``core.extensions.register_followed``),
read from the audit log in one query."""
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core import extensions
from mandates.core.extensions import FOR_INFORMATION, AttentionItem

from .models import Visit


def record_visit(sender, request, user, **kwargs):
    """Connected to ``user_logged_in``: the sign-in before this one becomes the "last visit"."""
    now = timezone.now()
    visit = Visit.objects.filter(user=user).first()
    if visit is None:
        Visit.objects.create(user=user, previous_at=None, current_at=now)
    else:
        Visit.objects.filter(pk=visit.pk).update(previous_at=visit.current_at, current_at=now)


def last_visit(user):
    return Visit.objects.filter(user=user).values_list("previous_at", flat=True).first()


def changes_for(user, since=None):
    """Audit entries of followed rows changed by someone else after ``since`` (default: the last visit)."""
    since = since or last_visit(user)
    followed = extensions.followed_by(user) if since else []
    if not followed:
        return LogEntry.objects.none()
    query = Q()
    for qs in followed:
        ct = ContentType.objects.get_for_model(qs.model)
        query |= Q(content_type_id=ct.pk, object_id__in=qs.order_by().values("pk"))
    return (LogEntry.objects.filter(query, timestamp__gt=since).exclude(actor=user)
            .select_related("actor", "content_type").order_by("-timestamp", "-id"))


def changed_since_last_visit(user):
    return [AttentionItem(_("changes by others to what you follow since your last visit"), changes_for(user).count(),
                          reverse("notifications:changes"), FOR_INFORMATION, _("Changes"))]


def register():
    extensions.register_attention("notifications.changes", changed_since_last_visit, order=95)
