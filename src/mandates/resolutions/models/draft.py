"""A resolution read from its text but not yet saved: the planning officer reviews the split the
parser made, corrects it, and saves it (``services.commit_draft``) or cancels it."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .resolution import Resolution, body_choices


class ImportDraft(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    symbol = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Resolution.Kind.choices, default=Resolution.Kind.RESOLUTION)
    body = models.CharField(_("governing body"), max_length=20, choices=body_choices)
    date = models.DateField("date of adoption")
    title = models.CharField(max_length=500)
    session = models.CharField(max_length=120, blank=True)
    replace = models.BooleanField(default=False)
    source_text = models.TextField(blank=True)
    source_format = models.CharField(max_length=20, choices=Resolution.SourceFormat.choices,
                                     default=Resolution.SourceFormat.TEXT)
    source_name = models.CharField(max_length=255, blank=True)
    # The parser's split, as plain data: [{"kind", "number", "text", "verb", "addressee", "addressee_category",
    # "unsure": [reasons], "footnotes": [...], "subparagraphs": [...], "obligations": [{...}]}]
    paragraphs = models.JSONField(default=list)
    warnings = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True, help_text=_("What the reader did (PDF, encoding ...)"))
    corrections = models.JSONField(default=list, blank=True)
    operative_hash = models.CharField(max_length=64, blank=True)
    duplicate_of = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    duplicate_score = models.FloatField(null=True, blank=True, help_text=_("1.0: the same text"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.symbol} (not saved)"

    @property
    def preambular(self) -> list[dict]:
        return [p for p in self.indexed() if p["kind"] == "preambular"]

    @property
    def operative(self) -> list[dict]:
        return [p for p in self.indexed() if p["kind"] == "operative"]

    def indexed(self) -> list[dict]:
        return [dict(p, index=i) for i, p in enumerate(self.paragraphs)]

    @property
    def unsure_count(self) -> int:
        return sum(1 for p in self.paragraphs if p.get("unsure"))
