"""A person's background job: what was asked, how far it got, and what came out."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_storage():
    """Job files live under ``settings.JOBS_DIR`` (``var/jobs``) and never behind a public URL: the job page's download
    view checks the owner."""
    return FileSystemStorage(location=settings.JOBS_DIR)


def _input_path(job, filename):
    return f"{job.owner_id}/input/{filename}"


def _result_path(job, filename):
    return f"{job.owner_id}/result/{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=80)
    label = models.CharField(max_length=200, help_text=_("What the person asked for, in words."))
    params = models.JSONField(default=dict, blank=True)
    input_file = models.FileField(storage=job_storage, upload_to=_input_path, blank=True, max_length=300)
    input_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    summary = models.TextField(blank=True)
    result_file = models.FileField(storage=job_storage, upload_to=_result_path, blank=True, max_length=300)
    result_name = models.CharField(max_length=255, blank=True)
    result_content_type = models.CharField(max_length=120, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    result_url_label = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    worker = models.CharField(max_length=120, blank=True,
                              help_text=_("The worker process running the job (host:process id), so that a job "
                                          "whose worker died can be told from one still running."))
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
