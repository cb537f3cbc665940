"""A recorded lifecycle transition of any object (programme, project, ...)."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=40)
    to_status = models.CharField(max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    decided_on = models.DateField(
        "date of the decision", null=True, blank=True,
        help_text=_("The date of the meeting or decision that made the change, as given (empty: the day it was recorded)"),
    )

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"
