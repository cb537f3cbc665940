"""A resolution or decision of a governing body and its paragraphs."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .. import reference


def body_choices():
    return reference.body_choices()


def addressee_choices():
    return reference.addressee_categories() + [("none", "No addressee")]


class Resolution(models.Model):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Resolution")
        DECISION = "decision", _("Decision")

    class SourceFormat(models.TextChoices):
        TEXT = "text", _("Plain text")
        MARKDOWN = "markdown", _("Markdown")
        DOCX = "docx", _("Word document")
        PDF = "pdf", _("PDF")

    symbol = models.CharField(max_length=60, unique=True, help_text=_("e.g. A/RES/64/179 or E/RES/2009/23"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESOLUTION)
    body = models.CharField(_("governing body"), max_length=20, choices=body_choices)
    date = models.DateField("date of adoption")
    title = models.CharField(max_length=500)
    session = models.CharField(max_length=120, blank=True, help_text=_("e.g. sixty-fourth session"))
    source_text = models.TextField(blank=True, help_text=_("The text as imported"))
    source_format = models.CharField(max_length=20, choices=SourceFormat.choices, default=SourceFormat.TEXT)
    source_name = models.CharField(max_length=255, blank=True)
    symbol_source = models.CharField(
        _("source of the symbol and date"), max_length=500, blank=True,
        help_text=_("Where the symbol and date come from when the text does not print them; says so when unverified"),
    )
    is_demo = models.BooleanField(default=False)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    # The import review: who corrected the parser's split before saving, and what.
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", help_text=_("Who corrected the split before saving"))
    corrections = models.JSONField(default=list, blank=True, help_text=_("The corrections made before saving"))
    # Duplicates: the normalised operative text's hash, and the reason given to import the same text again.
    operative_hash = models.CharField(max_length=64, blank=True, db_index=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    duplicate_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "symbol"]
        indexes = [models.Index(fields=["body", "date"])]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}"

    @property
    def body_name(self) -> str:
        return reference.body_name(self.body)


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular")
        OPERATIVE = "operative", _("Operative")

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="paragraphs")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("Operative paragraphs only"))
    position = models.PositiveIntegerField(help_text=_("Order in the text"))
    verb = models.CharField(_("opening verb"), max_length=80, blank=True)
    addressee_category = models.CharField(max_length=30, choices=addressee_choices, default="none")
    addressee = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    source_line = models.PositiveIntegerField(null=True, blank=True, help_text=_("Where it starts in the source"))
    edited = models.BooleanField(default=False, help_text=_("Corrected by hand after the import"))

    class Meta:
        ordering = ["resolution", "position"]
        indexes = [models.Index(fields=["resolution", "kind", "number"])]

    def __str__(self) -> str:
        label = f"paragraph {self.number}" if self.number else "preambular paragraph"
        # The symbol only when the resolution is at hand: lists of names (the history) stay one query.
        if Paragraph.resolution.is_cached(self):
            return f"{self.resolution.symbol}, {label}"
        return label.capitalize()

    @property
    def addresses_office(self) -> bool:
        from ..analysis import OFFICE_CATEGORIES

        return self.kind == self.Kind.OPERATIVE and self.addressee_category in OFFICE_CATEGORIES

    @property
    def body_text(self) -> str:
        """The text after the opening verb (the verb is shown on its own)."""
        if self.verb and self.text.startswith(self.verb):
            return self.text[len(self.verb):]
        return self.text
