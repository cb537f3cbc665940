"""How many writing transactions have committed: half of the data version (``core.page_cache.data_version``).

The other half is the latest audit entry's number, which moves inside the writing transaction. That
number alone is not enough on PostgreSQL: two writers draw their entries' numbers when they write,
not when they commit, so a transaction that drew 100 can commit after one that drew 101 — the
latest number then stays 101, and a page kept under it while 100 was still invisible would never be
dropped. One row counts commits: every transaction that wrote audit entries adds one after it
commits (one short update, no lock held during the write).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    commits = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.commits}"
