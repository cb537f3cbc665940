"""Links from operative paragraphs to the expected results of the strategy."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultLink(models.Model):
    class State(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        SIMILARITY = "similarity", _("Suggested by text similarity")
        PERSON = "person", _("Added by a person")

    paragraph = models.ForeignKey("Paragraph", on_delete=models.CASCADE, related_name="links")
    result = models.ForeignKey("strategy.StrategyNode", on_delete=models.CASCADE, related_name="mandate_links",
                               verbose_name=_("expected result"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.SUGGESTED)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SIMILARITY)
    score = models.FloatField(null=True, blank=True, help_text=_("Similarity score (BM25); higher is closer"))
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paragraph", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["paragraph", "result"], name="result_link_unique")]
        indexes = [models.Index(fields=["result", "state"])]

    def __str__(self) -> str:
        paragraph = str(self.paragraph) if ResultLink.paragraph.is_cached(self) else "Paragraph"
        result = self.result.code if ResultLink.result.is_cached(self) else f"result #{self.result_id}"
        return f"{paragraph} → {result}"
