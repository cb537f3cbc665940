"""The home page's reminder of a person's failed jobs (e.g. an ERP import whose rows were refused)."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import TO_DO, AttentionItem, register_attention

RECENT_DAYS = 14


def failed_jobs(user):
    from . import selectors

    query = urlencode({"status": "failed", "days": RECENT_DAYS})
    return [AttentionItem(_("of your imports or exports failed in the last %(days)s days") % {"days": RECENT_DAYS},
                          selectors.jobs_for(user, status="failed", days=RECENT_DAYS).count(),
                          f"{reverse('jobs:list')}?{query}", TO_DO, _("Jobs"))]


def register():
    register_attention("jobs.failed", failed_jobs, order=90)
