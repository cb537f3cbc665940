"""What needs attention on the home page, from the results domain (registered in ``ready``)."""
from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import DUE_SOON, AttentionItem, register_attention
from mandates.people import permissions


def values_to_review(user):
    if permissions.scope(user, "indicator_value", "transition") == "none":
        return []
    from . import selectors

    return [AttentionItem(_("indicator values submitted, waiting for your approval"),
                          selectors.pending_values(user).count(), reverse("results:pending_values"), DUE_SOON,
                          _("Results"))]


def register():
    register_attention("results.values_to_review", values_to_review,
                       roles=("planning_officer", "administrator"), order=10)
