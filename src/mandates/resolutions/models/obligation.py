"""What a resolution asks the office or the Secretary-General to do or to report, by when, and
what answered it."""
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .resolution import Paragraph, body_choices


class Obligation(models.Model):
    class Kind(models.TextChoices):
        ACT = "act", _("Act")
        REPORT = "report", _("Report")

    class Status(models.TextChoices):
        OPEN = "open", _("Due")
        ANSWERED = "answered", _("Answered")

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    actor = models.CharField(max_length=300, blank=True, help_text=_("Who is asked: the office, the Secretary-General ..."))
    recipient_body = models.CharField(max_length=20, choices=body_choices, blank=True,
                                      help_text=_("The body that receives the report or asked for the action"))
    recipient = models.CharField(max_length=300, blank=True)
    deadline_text = models.CharField(max_length=200, blank=True, help_text=_("The words of the text"))
    deadline = models.DateField(null=True, blank=True)
    deadline_rule = models.CharField(max_length=300, blank=True, help_text=_("How the words were read as a date"))
    deadline_precision = models.CharField(
        _("deadline known to the"), max_length=5, blank=True, choices=[("day", _("day")), ("month", _("month")),
                                                                        ("year", _("year"))],
        help_text=_("A session known only by its month or year gives the first day of that month or year"))
    recurrence = models.CharField(
        _("recurrence"), max_length=20, blank=True,
        choices=[("session", _("at each session")), ("annual", _("every year")), ("biennial", _("every two years")),
                 ("every 3 years", _("every three years")), ("every 4 years", _("every four years")),
                 ("every 5 years", _("every five years")), ("periodic", _("periodically"))],
        help_text=_("A recurring obligation: the deadline is its first due date"))
    recurrence_months = models.PositiveSmallIntegerField(_("period in months"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    # Answered by a report (or a section of one) ...
    report_symbol = models.CharField(max_length=60, blank=True, help_text="e.g. A/65/116")
    report_title = models.CharField(max_length=300, blank=True)
    report_date = models.DateField(null=True, blank=True)
    report_section = models.CharField(max_length=120, blank=True, help_text=_("e.g. chap. III, paras. 12-20"))
    # ... or by programmes and projects.
    programmes = models.ManyToManyField("portfolio.Programme", blank=True, related_name="obligations")
    projects = models.ManyToManyField("portfolio.Project", blank=True, related_name="obligations")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        where = str(self.paragraph) if Obligation.paragraph.is_cached(self) else "Obligation"
        return f"{where}: {self.get_kind_display().lower()}"

    @property
    def state(self) -> str:
        """due, overdue or answered (overdue: still open after its deadline; a recurring obligation is
        due again at its next occurrence, never overdue as a whole)."""
        if self.status == self.Status.ANSWERED:
            return "answered"
        if self.deadline and self.deadline < timezone.localdate() and not self.recurrence:
            return "overdue"
        return "due"

    @property
    def next_due(self):
        """The next occurrence of a recurring obligation from today (its first due date rolled
        forward by its period); the deadline itself for any other."""
        if not (self.recurrence and self.recurrence_months and self.deadline):
            return self.deadline
        today, due, step = timezone.localdate(), self.deadline, 0
        while due < today:
            step += self.recurrence_months
            month = self.deadline.month - 1 + step
            year, month = self.deadline.year + month // 12, month % 12 + 1
            due = self.deadline.replace(year=year, month=month, day=min(self.deadline.day, 28))
        return due

    @property
    def state_label(self) -> str:
        return {"answered": "Answered", "overdue": "Overdue", "due": "Due"}[self.state]

    @property
    def deadline_display(self) -> str:
        """The deadline as precisely as it is known: "21 March 2011", "April 1959", "1972"."""
        if not self.deadline:
            return ""
        fmt = {"month": "F Y", "year": "Y"}.get(self.deadline_precision, "j M Y")
        return date_format(self.deadline, fmt)

    @property
    def has_report(self) -> bool:
        return bool(self.report_symbol or self.report_title)
